"""Settings from the environment, and the two message catalogues kept in step."""

import string

import pytest

from bot.config import TELEGRAM_API_BASE_URL, SettingsError, bot_settings
from bot.i18n import language_for, t
from bot.locales import CATALOGUES


def test_settings_read_every_variable() -> None:
    settings = bot_settings({
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "SAMEN_ORGANISER_IDS": "11, 22;33",
        "TELEGRAM_WEBHOOK_URL": "https://example.org/samen",
        "TELEGRAM_WEBHOOK_PORT": "8080",
        "TELEGRAM_WEBHOOK_SECRET_TOKEN": "s3cret_-x",
        "SAMEN_SEND_RATE_LIMIT": "0",
        "SAMEN_FLOOD_LIMIT": "5",
    })
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.organiser_ids == {11, 22, 33}
    assert settings.is_organiser(22) and not settings.is_organiser(44)
    assert settings.uses_webhook and settings.webhook_port == 8080
    assert settings.send_rate_limit == 0 and settings.flood_limit == 5


def test_settings_defaults_and_errors() -> None:
    settings = bot_settings({"TELEGRAM_BOT_TOKEN": "123:abc"})
    assert settings.api_base_url == TELEGRAM_API_BASE_URL
    assert not settings.uses_webhook and settings.organiser_ids == frozenset()
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        bot_settings({})
    with pytest.raises(SettingsError, match="SAMEN_ORGANISER_IDS"):
        bot_settings({"TELEGRAM_BOT_TOKEN": "1:a", "SAMEN_ORGANISER_IDS": "alice"})
    with pytest.raises(SettingsError, match="SECRET_TOKEN"):
        bot_settings({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET_TOKEN": "no spaces"})
    with pytest.raises(SettingsError, match="WEBHOOK_PORT"):
        bot_settings({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_PORT": "eighty"})


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    dutch, english = CATALOGUES["nl"], CATALOGUES["en"]
    assert dutch.keys() == english.keys()
    for key in dutch:
        assert placeholders(dutch[key]) == placeholders(english[key]), key


def test_language_from_the_telegram_client() -> None:
    assert language_for("nl") == "nl" and language_for("nl-BE") == "nl"
    assert language_for("en-GB") == "en" and language_for("de") == "en"
    assert language_for(None) == "nl" and language_for(None, default="en") == "en"
    assert t("en", "rejected_too_short", min=10).endswith("at least 10 characters.")
