"""Keyed pseudonyms: how a Telegram user id becomes something safe to store and export.

A pseudonym is HMAC-SHA256(secret, user id). The same person always gets the same pseudonym
under one secret, so their answers stay linked; without the secret nobody can go back from a
pseudonym to the Telegram id (a plain hash could be reversed by hashing every possible id).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache


def pseudonym(telegram_user_id: int, secret: bytes) -> str:
    """The 64-hex-digit keyed pseudonym of a Telegram user id."""
    if not secret:
        raise ValueError("a pseudonym secret is required")
    return hmac.new(secret, str(int(telegram_user_id)).encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=65_536)
def cached_pseudonym(telegram_user_id: int, secret: bytes) -> str:
    """`pseudonym`, remembered for the citizens seen most recently: the engine needs it on
    every call, and an HMAC costs more than the rest of a cached view lookup."""
    return pseudonym(telegram_user_id, secret)
