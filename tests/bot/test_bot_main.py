"""`python -m bot` as a real process: settings from the environment, long polling, clean stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from bot.localapi import LocalBotApi
from surveys.engine import Engine
from surveys.surveyfile import parse_survey
from tests.backends import database_environment
from tests.bot.conftest import NEIGHBOURHOOD

ROOT = Path(__file__).resolve().parents[2]


async def test_python_m_bot_polls_the_configured_api_and_stops_on_sigterm(
    tmp_path: Path, database: str | Path
) -> None:
    async with await Engine.open(database, b"main-secret") as engine:
        await engine.load_survey(parse_survey(NEIGHBOURHOOD))
        await engine.open_survey("buurt")
    async with LocalBotApi() as api:
        environment = {
            **os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:MAIN",
            "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_API_FILE_URL": api.base_file_url,
            **database_environment(database), "SAMEN_PSEUDONYM_SECRET": "main-secret",
            "TELEGRAM_WEBHOOK_URL": "",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=environment,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        try:
            citizen = api.citizen(3003, language_code="en")
            await citizen.command("/start", "buurt")
            consent = await citizen.next_reply(timeout=20)
            assert "Do you agree to take part?" in consent.text
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
        assert process.returncode == 0, stderr.decode()
        assert b"stopping" in stderr


async def test_python_m_bot_refuses_to_start_without_a_pseudonym_secret(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items()
                   if key != "SAMEN_PSEUDONYM_SECRET"}
    environment.update({"PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:MAIN",
                        "SAMEN_DB": str(tmp_path / "no-secret.db")})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 2
    assert b"SAMEN_PSEUDONYM_SECRET is not set" in stderr and b"Traceback" not in stderr
    assert not (tmp_path / "no-secret.db").exists()  # refused before anything was stored


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_python_m_bot_in_webhook_mode_checks_the_secret_token(
    tmp_path: Path, database: str | Path
) -> None:
    async with await Engine.open(database, b"hook-secret") as engine:
        await engine.load_survey(parse_survey(NEIGHBOURHOOD))
        await engine.open_survey("buurt")
    port = free_port()
    async with LocalBotApi() as api:
        environment = {
            **os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:HOOK",
            "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_API_FILE_URL": api.base_file_url,
            **database_environment(database), "SAMEN_PSEUDONYM_SECRET": "hook-secret",
            "TELEGRAM_WEBHOOK_URL": "https://samen.example.org/telegram/hook",
            "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_PORT": str(port),
            "TELEGRAM_WEBHOOK_SECRET_TOKEN": "s3cret-token",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=environment,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        try:
            citizen = api.citizen(3004, language_code="en")
            # What Telegram would POST: the citizen's message as an update.
            update = {"update_id": 1, "message": citizen.command_nowait("/start", "buurt")}
            url = f"http://127.0.0.1:{port}/telegram/hook"
            statuses = []
            async with aiohttp.ClientSession() as session:
                for secret in ("wrong", "s3cret-token"):
                    for _ in range(100):  # until the webhook server listens
                        try:
                            async with session.post(url, json=update, headers={
                                "X-Telegram-Bot-Api-Secret-Token": secret,
                            }) as response:
                                statuses.append(response.status)
                                break
                        except aiohttp.ClientConnectionError:
                            await asyncio.sleep(0.1)
            assert statuses == [403, 200]
            consent = await citizen.next_reply(timeout=20)
            assert "Do you agree to take part?" in consent.text
            assert api.telegram.webhook["url"] == "https://samen.example.org/telegram/hook"
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
        assert process.returncode == 0, stderr.decode()


async def test_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    nobody_listens = free_port()
    environment = {
        **os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:MAIN",
        "SAMEN_PSEUDONYM_SECRET": "d6f1c1b1e5a04f8c9d3e2a7b6c5d4e3f" * 2,
        "SAMEN_DATABASE_URL": f"postgresql://samen:hunter2@127.0.0.1:{nobody_listens}/samen",
        "TELEGRAM_WEBHOOK_URL": "",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 1
    message = stderr.decode()
    assert message.startswith("python -m bot: cannot use the database postgresql://samen:***@")
    assert "Traceback" not in message and "hunter2" not in message
