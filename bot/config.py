"""The bot's settings, read from the environment (and `.env`); documented in `.env.example`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from surveys.settings import load_env

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_API_FILE_URL = "https://api.telegram.org/file/bot"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class BotSettings:
    token: str
    api_base_url: str = TELEGRAM_API_BASE_URL
    api_file_url: str = TELEGRAM_API_FILE_URL
    organiser_ids: frozenset[int] = field(default_factory=frozenset)
    webhook_url: str = ""  # empty: long polling
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret_token: str = ""
    # Outgoing messages per second over all chats; 0 switches the cap off (Telegram's bulk
    # limit is about 30/s; bots with paid broadcasts may send up to 1,000/s).
    send_rate_limit: float = 30.0
    # Messages per second to one chat, sustained (short bursts of 3 allowed); 0: no pacing.
    chat_send_rate: float = 1.0
    # A citizen may send this many messages per `flood_window` seconds before the bot asks them,
    # once, to slow down and ignores the surplus.
    flood_limit: int = 20
    flood_window: float = 10.0
    default_language: str = "nl"
    # Bot processes sharing the citizens (bot/shards.py); 1: one process, PTB's own polling.
    workers: int = 1

    @property
    def uses_webhook(self) -> bool:
        return bool(self.webhook_url)

    def is_organiser(self, telegram_id: int | None) -> bool:
        return telegram_id is not None and telegram_id in self.organiser_ids


def bot_settings(environ: Mapping[str, str] | None = None) -> BotSettings:
    """Settings from `environ` (default: the process environment after reading `.env`)."""
    if environ is None:
        load_env()
        environ = os.environ
    token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
    secret = environ.get("TELEGRAM_WEBHOOK_SECRET_TOKEN", "").strip()
    if secret and not _is_valid_secret_token(secret):
        raise SettingsError(
            "TELEGRAM_WEBHOOK_SECRET_TOKEN: 1-256 characters of A-Z, a-z, 0-9, _ and - only"
        )
    language = environ.get("SAMEN_DEFAULT_LANGUAGE", "nl").strip() or "nl"
    if language not in ("nl", "en"):
        raise SettingsError(f"SAMEN_DEFAULT_LANGUAGE: expected nl or en, got {language!r}")
    workers = _number(environ, "SAMEN_WORKERS", 1, int)
    if workers < 1:
        raise SettingsError(f"SAMEN_WORKERS: at least 1, got {workers}")
    webhook_url = environ.get("TELEGRAM_WEBHOOK_URL", "").strip()
    if workers > 1 and webhook_url:
        raise SettingsError(
            "SAMEN_WORKERS > 1 needs long polling: the router fetches the updates with "
            "getUpdates; leave TELEGRAM_WEBHOOK_URL empty or set SAMEN_WORKERS=1"
        )
    return BotSettings(
        token=token,
        api_base_url=environ.get("TELEGRAM_API_BASE_URL", "").strip() or TELEGRAM_API_BASE_URL,
        api_file_url=environ.get("TELEGRAM_API_FILE_URL", "").strip() or TELEGRAM_API_FILE_URL,
        organiser_ids=parse_organiser_ids(environ.get("SAMEN_ORGANISER_IDS", "")),
        webhook_url=webhook_url,
        webhook_listen=environ.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
        webhook_port=_number(environ, "TELEGRAM_WEBHOOK_PORT", 8443, int),
        webhook_secret_token=secret,
        send_rate_limit=_number(environ, "SAMEN_SEND_RATE_LIMIT", 30.0, float),
        chat_send_rate=_number(environ, "SAMEN_CHAT_SEND_RATE", 1.0, float),
        flood_limit=_number(environ, "SAMEN_FLOOD_LIMIT", 20, int),
        flood_window=_number(environ, "SAMEN_FLOOD_WINDOW", 10.0, float),
        default_language=language,
        workers=workers,
    )


def parse_organiser_ids(text: str) -> frozenset[int]:
    """'123, 456' -> {123, 456}; a name instead of a number is an error, not silently dropped."""
    ids = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(
                f"SAMEN_ORGANISER_IDS: {part!r} is not a numeric Telegram user id"
            ) from None
    return frozenset(ids)


def _number(environ: Mapping[str, str], name: str, default, kind):
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a number, got {raw!r}") from None
    if value < 0:
        raise SettingsError(f"{name}: must not be negative, got {raw!r}")
    return value


def _is_valid_secret_token(secret: str) -> bool:
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    return 1 <= len(secret) <= 256 and set(secret) <= allowed
