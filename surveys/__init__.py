"""The consultation domain: survey files, storage, the engine and exports. No Telegram here."""
