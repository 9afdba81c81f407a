"""The Telegram adapter: updates in, engine calls, messages and keyboards out."""
