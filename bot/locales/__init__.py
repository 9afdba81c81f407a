"""The bot's message catalogues: one dict per language, the same keys and placeholders in each."""

from bot.locales.en import MESSAGES as EN
from bot.locales.nl import MESSAGES as NL

CATALOGUES: dict[str, dict[str, str]] = {"nl": NL, "en": EN}
