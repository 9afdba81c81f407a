"""python -m bot.localapi: run the local Bot API server in its own process until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal

from bot.localapi.server import LocalBotApi


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.localapi",
        description=(
            "Run a local Telegram Bot API server on 127.0.0.1 (for tests, the demo and "
            "benchmarks). Prints one JSON line with the port and base URLs, then serves "
            "until SIGINT/SIGTERM. Simulated citizens are driven through the HTTP control "
            "endpoints under /_control (see bot/localapi/control.py)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument(
        "--delay", type=float, default=0.0,
        help="seconds before every Bot API answer, standing for the network (default 0)",
    )
    parser.add_argument(
        "--token", default=None, help="accept only this bot token (default: any token)"
    )
    parser.add_argument(
        "--no-call-log", action="store_true", help="do not keep the log of every call"
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    api = LocalBotApi(
        args.host, args.port, args.delay, args.token, log_calls=not args.no_call_log
    )
    await api.start()
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    print(json.dumps({
        "port": api.port, "base_url": api.base_url, "base_file_url": api.base_file_url,
    }), flush=True)
    try:
        await stopped.wait()
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
