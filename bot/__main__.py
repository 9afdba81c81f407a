"""python -m bot [run] | python -m bot demo — the Samen Telegram bot.

run (the default): the bot against Telegram, with settings from the environment or `.env`
(see .env.example): long polling, or a webhook server when TELEGRAM_WEBHOOK_URL is set (with a
PostgreSQL database, one of any number of such processes behind a load balancer, sharing a
durable inbox of updates: bot/webhook.py, docs/deploy.md). The database is SAMEN_DB; load and
open a survey first with `python -m surveys load FILE` and `python -m surveys open ID`.
`--workers N` (or SAMEN_WORKERS) runs N bot processes behind one router that polls Telegram,
each serving a fixed share of the citizens (bot/shards.py).

demo: no token, no network: a local Bot API server, an example survey and a few hundred
simulated citizens going through the real bot; see `python -m bot demo --help`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import signal
import sys
from urllib.parse import urlsplit

import aiohttp
from telegram import Bot, Update
from telegram.error import NetworkError, TelegramError, TimedOut

from bot.app import TokenRejected, build_application, initialize_checking_token
from bot.config import BotSettings, SettingsError, bot_settings
from bot.shards import UpdateRouter, WorkerDied, serve_worker
from bot.transport import AiohttpRequest
from bot.webhook import serve_webhook
from surveys.engine import Engine
from surveys.pseudonym import MAKE_A_SECRET, secret_problem
from surveys.settings import StorageSettings, storage_settings
from surveys.storage.address import DATABASE_ERRORS, is_postgres, shown

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run_parser = commands.add_parser("run", help="run the bot against Telegram (the default)")
    run_parser.add_argument(
        "--workers", type=int, metavar="N",
        help="bot processes sharing the citizens (default: SAMEN_WORKERS, else 1)",
    )
    worker_parser = commands.add_parser("worker")  # started by the router, not by people
    worker_parser.add_argument("--shard", type=int, required=True)
    demo_parser = commands.add_parser(
        "demo", help="simulated citizens through the real bot, no token or network needed",
    )
    if argv[:1] == ["demo"]:
        from bot import demo  # imported only when asked: it pulls in the simulation

        demo_parser.description = demo.__doc__
        demo_parser.formatter_class = argparse.RawDescriptionHelpFormatter
        demo.add_arguments(demo_parser)
        return demo.run(parser.parse_args(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = bot_settings()
    except SettingsError as error:
        print(f"python -m bot: {error}", file=sys.stderr)
        return 2
    chosen = getattr(args, "workers", None)  # `run --workers N`; a plain `python -m bot` has none
    workers = settings.workers if chosen is None else chosen
    if args.command != "worker" and (workers < 1 or (workers > 1 and settings.uses_webhook)):
        print("python -m bot: --workers must be at least 1, and more than 1 needs long polling "
              "(no TELEGRAM_WEBHOOK_URL)", file=sys.stderr)
        return 2
    storage = storage_settings()
    if storage.uses_development_secret:
        # The secret is what keeps an export's pseudonyms from being linked to Telegram ids.
        print("python -m bot: SAMEN_PSEUDONYM_SECRET is not set (see .env.example). Without "
              "it, pseudonyms would use a public development secret and an export could be "
              "linked back to Telegram ids. Set a long random value, for example the output "
              f"of: {MAKE_A_SECRET}", file=sys.stderr)
        return 2
    problem = secret_problem(storage.pseudonym_secret)
    if problem is not None:
        print(f"python -m bot: SAMEN_PSEUDONYM_SECRET {problem}. Whoever guesses it can link an "
              "export's pseudonyms back to Telegram ids. Set a long random value, for example "
              f"the output of: {MAKE_A_SECRET}", file=sys.stderr)
        return 2
    try:
        if args.command == "worker":
            asyncio.run(serve_shard(settings, storage, args.shard))
        elif settings.uses_webhook and is_postgres(storage.database):
            # Several such processes may share the database behind a load balancer.
            lease = float(os.environ.get("SAMEN_INBOX_LEASE_SECONDS", "") or 15)
            asyncio.run(serve_webhook(settings, storage, lease_seconds=lease))
        elif workers == 1:
            asyncio.run(serve(settings, storage))
        else:
            asyncio.run(route(settings, workers))
    except WorkerDied as error:
        log.error("%s; stopping", error)
        return 1
    except TelegramError as error:  # a wrong token or no connection: nothing a traceback helps
        print(f"python -m bot: {bot_api_failure(error, settings)}", file=sys.stderr)
        return 1
    except DATABASE_ERRORS as error:  # the database is unreachable, refuses us, or is no file
        print(f"python -m bot: cannot use the database {shown(storage.database)}: {error}",
              file=sys.stderr)
        return 1
    return 0


def bot_api_failure(error: TelegramError, settings: BotSettings) -> str:
    """One line on why the Bot API could not be used, with the token masked (it is a password
    to the bot, and stderr ends up in logs)."""
    url = settings.api_base_url
    if isinstance(error, TokenRejected):
        line = (f"the Bot API at {url} rejected the token {masked(settings.token)} "
                "(check TELEGRAM_BOT_TOKEN from @BotFather)")
    elif isinstance(error, NetworkError) and not_answered(error):
        line = (f"cannot reach the Bot API at {url}: {network_reason(error)} "
                "(check the network or TELEGRAM_API_BASE_URL)")
    else:
        line = f"the Bot API at {url} answered with an error: {error}"
    # A reason can quote the request URL, and the token is part of every Bot API URL.
    return line.replace(settings.token, masked(settings.token))


def masked(token: str) -> str:
    """'123456:AAE…' -> '123456:…': the bot's id stays recognisable, the secret part goes."""
    bot_id, colon, _ = token.partition(":")
    return f"{bot_id}:…" if colon else "…"


def not_answered(error: NetworkError) -> bool:
    """Whether the request got no answer at all (refused, timed out, cut off). PTB also raises
    NetworkError for an HTTP status it has no class for (405, 413, 429 without retry_after,
    5xx) and BadRequest, a NetworkError too, for a 400: those are answers from a server that
    was reached, and blaming the network for them sends the operator looking in the wrong
    place."""
    if isinstance(error, TimedOut):
        return True
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, OSError | aiohttp.ClientError | TimeoutError):
            return True
        cause = cause.__cause__
    return False


def network_reason(error: NetworkError) -> str:
    """The root cause in a few words: 'connection refused', not aiohttp's wrapped chain."""
    root: BaseException = error
    while root.__cause__ is not None:
        root = root.__cause__
    if isinstance(root, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimedOut):
        return "no answer in time"
    return str(root) or type(root).__name__


async def check_bot_api(settings: BotSettings) -> None:
    """Ask getMe once, so a wrong token or an unreachable Bot API is reported before any
    worker starts (raises what PTB raises: InvalidToken, NetworkError...)."""
    bot = Bot(settings.token, base_url=settings.api_base_url,
              base_file_url=settings.api_file_url,
              request=AiohttpRequest(connection_pool_size=1),
              get_updates_request=AiohttpRequest(connection_pool_size=1))
    try:
        await initialize_checking_token(bot)  # getMe
    finally:
        await bot.shutdown()  # closes its sessions also when getMe failed


async def route(settings: BotSettings, workers: int) -> None:
    """The router in front of `workers` bot processes, until SIGINT or SIGTERM."""
    await check_bot_api(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    commands = [[sys.executable, "-m", "bot", "worker", "--shard", str(n)]
                for n in range(workers)]
    # The workers read the same settings from the environment; SAMEN_WORKERS tells each its
    # share of the send cap.
    os.environ["SAMEN_WORKERS"] = str(workers)
    router = UpdateRouter(settings.api_base_url, settings.token, commands)
    log.info("routing %s to %d workers", settings.api_base_url, workers)
    try:
        await router.run(stopping)
    except PermissionError as error:  # the router's getUpdates got 401: the token was revoked
        raise TokenRejected(str(error)) from error
    log.info("stopped after routing %d updates", router.routed)


async def serve_shard(settings: BotSettings, storage: StorageSettings, shard: int) -> None:
    """One worker behind the router: its share of the citizens, fed on stdin."""
    engine = await Engine.open(storage.database, storage.pseudonym_secret)
    # Every worker paces its own sends: together they keep to the overall cap.
    share = dataclasses.replace(
        settings, send_rate_limit=settings.send_rate_limit / max(1, settings.workers)
    )
    try:
        application = build_application(share, engine, with_updater=False)
        try:
            await serve_worker(application, run_post_init=shard == 0)
        finally:
            await application.bot.shutdown()  # see serve()
    finally:
        await engine.close()


async def serve(settings: BotSettings, storage: StorageSettings) -> None:
    """Run until SIGINT or SIGTERM, then stop cleanly (in-flight updates finish first)."""
    engine = await Engine.open(storage.database, storage.pseudonym_secret)
    application = build_application(settings, engine)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await initialize_checking_token(application)
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
            log.info("polling %s (database %s)", settings.api_base_url, shown(storage.database))
        await stopping.wait()
        log.info("stopping")
    finally:
        # Also after a start that failed half-way, e.g. setWebhook refused the URL.
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        # When initialize() failed (wrong token, no network), Application.shutdown() does
        # nothing, yet the bot had already opened its HTTP sessions: close them here (a no-op
        # after a normal shutdown), or aiohttp complains about unclosed sessions on exit.
        await application.bot.shutdown()
        await engine.close()


if __name__ == "__main__":
    sys.exit(main())
