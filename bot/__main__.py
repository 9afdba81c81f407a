"""python -m bot [run] | python -m bot demo — the Samen Telegram bot.

run (the default): the bot against Telegram, with settings from the environment or `.env`
(see .env.example): long polling, or a webhook server when TELEGRAM_WEBHOOK_URL is set. The
database is SAMEN_DB; load and open a survey first with `python -m surveys load FILE` and
`python -m surveys open ID`.

demo: no token, no network: a local Bot API server, an example survey and a few hundred
simulated citizens going through the real bot; see `python -m bot demo --help`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from urllib.parse import urlsplit

from telegram import Update

from bot.app import build_application
from bot.config import BotSettings, SettingsError, bot_settings
from surveys.engine import Engine
from surveys.settings import storage_settings

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="run the bot against Telegram (the default)")
    demo_parser = commands.add_parser(
        "demo", help="simulated citizens through the real bot, no token or network needed",
    )
    if argv[:1] == ["demo"]:
        from bot import demo  # imported only when asked: it pulls in the simulation

        demo_parser.description = demo.__doc__
        demo_parser.formatter_class = argparse.RawDescriptionHelpFormatter
        demo.add_arguments(demo_parser)
        return demo.run(parser.parse_args(argv))
    parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = bot_settings()
    except SettingsError as error:
        print(f"python -m bot: {error}", file=sys.stderr)
        return 2
    asyncio.run(serve(settings))
    return 0


async def serve(settings: BotSettings) -> None:
    """Run until SIGINT or SIGTERM, then stop cleanly (in-flight updates finish first)."""
    storage = storage_settings()
    engine = await Engine.open(storage.database, storage.pseudonym_secret)
    application = build_application(settings, engine)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        updater = application.updater
        assert updater is not None
        if settings.uses_webhook:
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret_token or None,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("webhook %s, listening on %s:%s", settings.webhook_url,
                     settings.webhook_listen, settings.webhook_port)
        else:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("polling %s (database %s)", settings.api_base_url, storage.database)
        await stopping.wait()
        log.info("stopping")
        await updater.stop()
        await application.stop()
    finally:
        await application.shutdown()
        await engine.close()


if __name__ == "__main__":
    sys.exit(main())
