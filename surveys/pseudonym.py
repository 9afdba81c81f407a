"""Keyed pseudonyms: how a Telegram user id becomes something safe to store and export.

A pseudonym is HMAC-SHA256(secret, user id). The same person always gets the same pseudonym
under one secret, so their answers stay linked; without the secret nobody can go back from a
pseudonym to the Telegram id (a plain hash could be reversed by hashing every possible id).
"""

from __future__ import annotations

import hashlib
import hmac
import math
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


MIN_SECRET_BITS = 256  # what `secrets.token_hex(32)` gives: 32 random bytes
MAKE_A_SECRET = "python3 -c 'import secrets; print(secrets.token_hex(32))'"
# Alphabets a generated secret is usually written in, smallest first, with bits per character.
_ALPHABETS = (
    (frozenset("0123456789abcdef"), 4.0),
    (frozenset("0123456789ABCDEF"), 4.0),
    (frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/="), 6.0),
)
_PRINTABLE_BITS = math.log2(95)


def estimated_bits(secret: str) -> float:
    """A generous upper bound on the entropy of `secret` as typed: its length times the bits of
    the smallest usual alphabet it is written in. A repetitive secret ("abcabc...") counts only
    its distinct pairs of neighbouring characters, and one of fewer than 8 different characters
    counts nothing. No estimate can see that a long text is a famous quote; this one catches
    blanks, words, patterns and secrets that are simply too short."""
    secret = secret.strip()
    characters = set(secret)
    if len(characters) < 8:
        return 0.0
    per_character = next(
        (bits for alphabet, bits in _ALPHABETS if characters <= alphabet), _PRINTABLE_BITS
    )
    pairs = len({secret[i : i + 2] for i in range(len(secret) - 1)})
    effective_length = len(secret) if 2 * pairs >= len(secret) else pairs
    return effective_length * per_character


def secret_problem(secret: bytes) -> str | None:
    """Why `secret` is no real pseudonym secret (None when it is fine), in one sentence."""
    try:
        text = secret.decode()
    except UnicodeDecodeError:
        return None if len(secret) * 8 >= MIN_SECRET_BITS else "is shorter than 32 bytes"
    if not text.strip():
        return "is blank"
    if text != text.strip():
        return "starts or ends with spaces (a copy-paste slip?)"
    bits = estimated_bits(text)
    if bits < MIN_SECRET_BITS:
        return (f"is too weak: about {bits:.0f} bits of randomness at most, where "
                f"{MIN_SECRET_BITS} are needed (32 random bytes, e.g. 64 hex digits)")
    return None
