"""Settings from the environment (and a `.env` file beside the working directory).

One place reads them so the CLI, the bot and the tests agree; see `.env.example`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from surveys.storage.address import normalise

DEVELOPMENT_SECRET = "samen-development-secret-change-me"


@dataclass(frozen=True)
class StorageSettings:
    database: str | Path  # a SQLite file, or a postgresql:// URL (surveys.storage.address)
    pseudonym_secret: bytes

    @property
    def uses_development_secret(self) -> bool:
        """No SAMEN_PSEUDONYM_SECRET was set: fine for trying things out, never for citizens."""
        return self.pseudonym_secret == DEVELOPMENT_SECRET.encode()


def load_env(dotenv_path: str | os.PathLike[str] | None = None) -> None:
    """Read `.env` into the environment; variables already set win."""
    load_dotenv(dotenv_path or Path.cwd() / ".env", override=False)


def storage_settings() -> StorageSettings:
    load_env()
    secret = os.environ.get("SAMEN_PSEUDONYM_SECRET", "")
    if not secret:
        # A fixed development secret keeps pseudonyms stable between runs on one machine; a real
        # consultation must set its own so an export cannot be linked back to Telegram ids.
        secret = DEVELOPMENT_SECRET
    # SAMEN_DATABASE_URL (postgresql://... or sqlite:///...) wins over SAMEN_DB (a file).
    address = os.environ.get("SAMEN_DATABASE_URL") or os.environ.get("SAMEN_DB", "samen.db")
    return StorageSettings(
        database=normalise(address),
        pseudonym_secret=secret.encode(),
    )
