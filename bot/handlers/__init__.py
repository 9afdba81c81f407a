"""Small async handlers, one module per concern; `bot.app` wires them to updates."""
