"""`python -m bot` as a real process when the Bot API refuses the token or cannot be reached:
one clear line on stderr, a non-zero exit, no traceback, and never the whole token."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.localapi import LocalBotApi
from tests.bot.test_bot_main import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "222:do-not-print-this-part"
SECRET = "3c2b1a09f8e7d6c5b4a392817f6e5d4c3b2a1908f7e6d5c4b3a2918070f1e2d3"
START_TIMEOUT = 30.0  # the router test starts three Python processes

# How each way of running the bot is started: (command-line arguments, extra environment).
MODES = {
    "polling": ([], {}),
    "webhook": ([], {"TELEGRAM_WEBHOOK_URL": "https://samen.example.org/hook",
                     "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1"}),
    "router": (["run", "--workers", "2"], {}),
    # A worker checks again, in case the token or the network changed after the router's check.
    "worker": (["worker", "--shard", "0"], {}),
}


async def run_bot(
    tmp_path: Path, base_url: str, mode: str, **settings: str
) -> asyncio.subprocess.Process:
    arguments, extra = MODES[mode]
    environment = {
        **os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url, "SAMEN_DB": str(tmp_path / "samen.db"),
        "SAMEN_PSEUDONYM_SECRET": SECRET, "TELEGRAM_WEBHOOK_URL": "",
        "TELEGRAM_WEBHOOK_PORT": str(free_port()), "SAMEN_WORKERS": "1", **extra, **settings,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *arguments, cwd=tmp_path, env=environment,
        stdin=asyncio.subprocess.PIPE,  # a worker reads its updates there; closed at once
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        start_new_session=True,  # a failing test can kill the whole group, workers included
    )


async def output_of(process: asyncio.subprocess.Process) -> str:
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
    return (stdout + stderr).decode()


def assert_one_clear_line(output: str, expected: str) -> None:
    assert expected in output, output
    assert "Traceback" not in output and "Unclosed" not in output, output
    assert "do-not-print-this-part" not in output, output


@pytest.mark.parametrize("mode", MODES)
async def test_a_rejected_token_is_one_line_without_the_token(tmp_path: Path, mode: str) -> None:
    async with LocalBotApi(token="222:the-right-one") as api:  # answers 401 to other tokens
        process = await run_bot(tmp_path, api.base_url, mode)
        output = await output_of(process)
    assert process.returncode == 1, output
    assert_one_clear_line(output, f"python -m bot: the Bot API at {api.base_url} rejected the "
                                  "token 222:… (check TELEGRAM_BOT_TOKEN from @BotFather)")


@pytest.mark.parametrize("mode", MODES)
async def test_an_unreachable_bot_api_is_one_line(tmp_path: Path, mode: str) -> None:
    base_url = f"http://127.0.0.1:{free_port()}/bot"  # nobody listens there
    process = await run_bot(tmp_path, base_url, mode)
    output = await output_of(process)
    assert process.returncode == 1, output
    assert_one_clear_line(output, f"python -m bot: cannot reach the Bot API at {base_url}: "
                                  "connection refused (check the network or "
                                  "TELEGRAM_API_BASE_URL)")


async def test_the_router_stops_with_one_line_when_the_token_is_revoked(tmp_path: Path) -> None:
    async with LocalBotApi(token=TOKEN) as api:
        process = await run_bot(tmp_path, api.base_url, "router")
        try:
            for _ in range(int(START_TIMEOUT * 10)):  # until the router long-polls
                if api.calls("getUpdates"):
                    break
                await asyncio.sleep(0.1)
            api.token = "222:a-new-token"  # as when the owner revokes it in @BotFather
            # An update ends the poll that was let in with the old token; the next one gets 401.
            api.push_update("poll", {"id": "p", "question": "?", "options": [],
                                     "total_voter_count": 0, "is_closed": True,
                                     "is_anonymous": True, "type": "regular",
                                     "allows_multiple_answers": False})
            output = await output_of(process)
        finally:
            if process.returncode is None:
                os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 1, output
    assert_one_clear_line(output, "rejected the token 222:…")


async def test_a_refused_webhook_url_ends_with_the_servers_answer(tmp_path: Path) -> None:
    async with LocalBotApi() as api:
        process = await run_bot(tmp_path, api.base_url, "webhook",
                                TELEGRAM_WEBHOOK_URL="http://samen.example.org/hook")
        output = await output_of(process)
    assert process.returncode == 1, output
    # PTB itself logs the failed setWebhook; what matters is how the bot ends after it.
    assert output.rstrip().endswith(
        f"python -m bot: the Bot API at {api.base_url} answered with an error: "
        "Bad webhook: an https url must be provided for webhook"), output
    assert "still running" not in output


async def test_a_refused_command_menu_is_a_warning_and_the_bot_runs(tmp_path: Path) -> None:
    async with LocalBotApi(token=TOKEN) as api:
        api.refusals["setmycommands"] = (404, "Not Found")  # a server without the method
        process = await run_bot(tmp_path, api.base_url, "polling")
        try:
            for _ in range(int(START_TIMEOUT * 10)):  # until the bot long-polls
                if api.calls("getUpdates") or process.returncode is not None:
                    break
                await asyncio.sleep(0.1)
            citizen = api.citizen(4242, language_code="en")
            await citizen.command("/start")
            answer = await citizen.next_reply(timeout=20)
            assert "consultation" in answer.text.lower() or answer.text
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            output = await output_of(process)
    assert process.returncode == 0, output
    assert "the Bot API refused the command menu (setMyCommands: Not Found); running without it" \
        in output, output
    assert "rejected the token" not in output and "Traceback" not in output


@pytest.mark.parametrize(("status", "description", "shown"), [
    (404, "Not Found", "Not Found"), (405, "Method Not Allowed", "Method Not Allowed"),
    (403, "Forbidden: proxy says no", "Forbidden: proxy says no"),
    (400, "Bad Request: not here", "Not here"),  # PTB words a BadRequest so
])
async def test_an_error_answer_after_get_me_names_the_server_not_the_token_or_network(
    tmp_path: Path, status: int, description: str, shown: str
) -> None:
    async with LocalBotApi(token=TOKEN) as api:
        api.refusals["deletewebhook"] = (status, description)  # the first call after getMe
        process = await run_bot(tmp_path, api.base_url, "polling")
        output = await output_of(process)
    assert process.returncode == 1, output
    # PTB itself logs the failed deleteWebhook; what matters is how the bot ends after it.
    assert output.rstrip().endswith(f"python -m bot: the Bot API at {api.base_url} answered "
                                    f"with an error: {shown}"), output
    assert "rejected the token" not in output and "cannot reach" not in output
    assert "do-not-print-this-part" not in output
