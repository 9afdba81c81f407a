"""`python -m bot run --workers N`: one router polling the local Bot API, N worker processes.

Real processes over real HTTP: citizens on different workers all go through the survey, in
order; a clean stop confirms the last updates to "Telegram"; a dead worker stops the bot.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.localapi import Citizen, LocalBotApi
from bot.shards import citizen_of, shard_of, without_pressed_keyboard
from surveys.engine import Engine
from surveys.pseudonym import pseudonym
from surveys.surveyfile import parse_survey
from tests.backends import database_environment, fetch_rows
from tests.bot.conftest import NEIGHBOURHOOD

ROOT = Path(__file__).resolve().parents[2]
SECRET = "7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1"
START_TIMEOUT = 30.0  # two Python processes import the bot before the first answer


def test_updates_are_keyed_by_their_sender_then_their_chat() -> None:
    message = {"update_id": 1, "message": {"from": {"id": 42}, "chat": {"id": 42}, "text": "x"}}
    press = {"update_id": 2, "callback_query": {"id": "q", "from": {"id": 43}, "data": "d"}}
    poll_answer = {"update_id": 3, "poll_answer": {"poll_id": "p", "user": {"id": 44}}}
    channel_post = {"update_id": 4, "channel_post": {"chat": {"id": -100}, "text": "news"}}
    poll = {"update_id": 5, "poll": {"id": "p", "question": "?"}}
    assert [citizen_of(u) for u in (message, press, poll_answer, channel_post, poll)] == [
        42, 43, 44, -100, None]
    assert [shard_of(u, 3) for u in (message, press, poll_answer, channel_post, poll)] == [
        0, 1, 2, 2, 0]


def test_a_pressed_message_keeps_its_id_and_text_without_its_keyboard() -> None:
    keyboard = {"inline_keyboard": [[{"text": "Ja", "callback_data": "c|1"}]]}
    update = {"update_id": 7, "callback_query": {
        "id": "q", "from": {"id": 5}, "data": "c|1",
        "message": {"message_id": 9, "chat": {"id": 5}, "text": "Vraag?",
                    "reply_markup": keyboard}}}
    message = without_pressed_keyboard(update)["callback_query"]["message"]
    assert message == {"message_id": 9, "chat": {"id": 5}, "text": "Vraag?"}
    plain = {"update_id": 8, "message": {"message_id": 3, "reply_markup": keyboard}}
    assert without_pressed_keyboard(plain)["message"]["reply_markup"] == keyboard


async def start_bot(
    api: LocalBotApi, database: str | Path, workers: int, folder: Path
) -> asyncio.subprocess.Process:
    environment = {
        **os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:SHARDS",
        "TELEGRAM_API_BASE_URL": api.base_url, "TELEGRAM_API_FILE_URL": api.base_file_url,
        **database_environment(database), "SAMEN_PSEUDONYM_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_URL": "", "SAMEN_FLOOD_LIMIT": "0", "SAMEN_CHAT_SEND_RATE": "0",
        "SAMEN_SEND_RATE_LIMIT": "0",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--workers", str(workers), cwd=folder,
        env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        start_new_session=True,  # a failing test can kill the whole group, workers included
    )


async def stop_bot(process: asyncio.subprocess.Process) -> tuple[int, str]:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode or 0, stderr.decode()


async def prepared_database(database: str | Path) -> str | Path:
    async with await Engine.open(database, SECRET.encode()) as engine:
        await engine.load_survey(parse_survey(NEIGHBOURHOOD))
        await engine.open_survey("buurt")
    return database


async def consent_and_choose(citizen: Citizen, timeout: float) -> None:
    """/start, agree, read the intro, pick "Fiets": what a citizen's first minute records."""
    await citizen.command("/start", "buurt")
    consent = await citizen.next_reply(timeout)
    assert consent.buttons, consent.text
    await citizen.press("✓ Ik ga akkoord")
    await citizen.next_reply(timeout)  # the consent ticked
    intro = await citizen.next_reply(timeout)  # the intro above step 1
    assert intro.buttons
    await citizen.press("Verder ▶")
    question = await citizen.next_reply(timeout)  # the info text above the first question
    assert ["Fiets"] in question.buttons or any("Fiets" in row for row in question.buttons)
    await citizen.press("Fiets")
    chosen = await citizen.next_reply(timeout)
    assert chosen.text.startswith("✓ Fiets")


async def test_citizens_on_every_worker_are_served_in_order_and_a_stop_confirms(
    tmp_path: Path, database: str | Path
) -> None:
    await prepared_database(database)
    async with LocalBotApi() as api:
        process = await start_bot(api, database, workers=2, folder=tmp_path)
        try:
            citizens = [api.citizen(5000 + n, language_code="nl") for n in range(6)]
            assert {c.user_id % 2 for c in citizens} == {0, 1}  # both workers get citizens
            await asyncio.gather(*(consent_and_choose(c, START_TIMEOUT) for c in citizens))
        finally:
            code, stderr = await stop_bot(process)
        assert code == 0, stderr
        assert "routing" in stderr and "stopped after routing" in stderr
        # The clean stop told "Telegram" every update was taken: none would come again.
        assert len(api.telegram.updates) == 0
    for citizen in citizens:
        # A pseudonym is 64 hex digits: safe inside the SQL text.
        rows = await fetch_rows(
            database,
            "SELECT a.step_id FROM answers a JOIN participants p ON p.id = a.participant_id "
            f"WHERE p.pseudonym = '{pseudonym(citizen.user_id, SECRET.encode())}'"
            " ORDER BY a.step_id",
        )
        assert rows == [("vervoer",), ("welkom",)], citizen.user_id  # the info read, a choice


async def test_a_worker_that_dies_stops_the_bot_with_an_error(tmp_path: Path) -> None:
    database = await prepared_database(tmp_path / "shards.db")
    async with LocalBotApi() as api:
        process = await start_bot(api, database, workers=2, folder=tmp_path)
        try:
            citizen = api.citizen(7000, language_code="en")
            await citizen.command("/start", "buurt")
            await citizen.next_reply(START_TIMEOUT)  # the workers are up
            workers = worker_pids(process.pid)
            assert len(workers) == 2
            os.kill(workers[0], signal.SIGKILL)
            code, stderr = await asyncio.wait_for(
                stop_bot_after_exit(process), timeout=30
            )
        finally:
            if process.returncode is None:
                await stop_bot(process)
        assert code == 1
        assert "exited with code -9" in stderr
        assert worker_pids(process.pid) == []  # the other worker was stopped too


async def stop_bot_after_exit(process: asyncio.subprocess.Process) -> tuple[int, str]:
    _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


def worker_pids(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return sorted(children)


@pytest.mark.parametrize("workers", ["0", "-1"])
async def test_a_worker_count_below_one_is_refused(tmp_path: Path, workers: str) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:X",
                   "SAMEN_WORKERS": workers}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=environment,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    assert b"SAMEN_WORKERS" in stderr


async def test_workers_below_one_on_the_command_line_are_refused(tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "123:X",
                   "SAMEN_WORKERS": "1"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--workers", "0", cwd=tmp_path, env=environment,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    assert b"--workers must be at least 1" in stderr
