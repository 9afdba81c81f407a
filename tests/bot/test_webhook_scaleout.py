"""Two webhook processes behind nginx, sharing PostgreSQL; one is killed (-9) mid-run.

Everything real: nginx (the Debian package) on 127.0.0.1 balances the local Bot API server's
webhook posts over two `python -m bot` processes; simulated citizens answer a survey of free-text
questions as fast as they can type, without waiting for replies, so each citizen has several
updates in flight across both processes. A free-text answer goes to the citizen's current
question, so an update processed twice, lost or out of order shows up as a wrong answer. The
local server posts some updates twice, as Telegram may.

Skips with a message when nginx or PostgreSQL is missing (in CI both must be there).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.localapi import LocalBotApi
from surveys.engine import Engine
from surveys.pseudonym import pseudonym
from surveys.surveyfile import parse_survey
from tests.backends import fetch_rows

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "4242:WEBHOOK"
# A real secret (64 hex digits): python -m bot refuses weak ones.
SECRET = "3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d"
QUESTIONS = 8
CITIZENS = 24
SURVEY = "\n".join([
    "id: vragen",
    "languages: [nl]",
    "title: {nl: Vragen}",
    "intro: {nl: Een paar vragen.}",
    "privacy: {nl: Alles onder een pseudoniem.}",
    "thanks: {nl: Dank u wel!}",
    "steps:",
    *[f"  - {{id: q{n}, type: free_text, text: {{nl: 'Vraag {n}?'}}}}"
      for n in range(1, QUESTIONS + 1)],
])


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# deploy/nginx/samen.conf without TLS (Telegram's side is the local server, over plain HTTP).
NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream samen_bots {{
        server 127.0.0.1:{first} max_fails=1 fail_timeout=3s;
        server 127.0.0.1:{second} max_fails=1 fail_timeout=3s;
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /telegram/ {{
            include {root}/deploy/nginx/samen-proxy.conf;  # as in production
        }}
    }}
}}
"""


def start_nginx(binary: str, folder: Path, port: int, first: int, second: int) -> subprocess.Popen:
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, dir=folder, root=ROOT, port=port, first=first,
                                      second=second))
    return subprocess.Popen([binary, "-c", str(conf), "-p", str(folder)],
                            stderr=open(folder / "stderr.log", "wb"))


def start_bot(api: LocalBotApi, database: str, webhook_url: str, port: int,
              log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_API_FILE_URL": api.base_file_url,
        "TELEGRAM_WEBHOOK_URL": webhook_url,
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_PORT": str(port),
        "TELEGRAM_WEBHOOK_SECRET_TOKEN": "hook-secret",
        "SAMEN_DATABASE_URL": database,
        "SAMEN_DB": "",
        "SAMEN_PSEUDONYM_SECRET": SECRET,
        "SAMEN_INBOX_LEASE_SECONDS": "2",
        "SAMEN_FLOOD_LIMIT": "0",
        "SAMEN_SEND_RATE_LIMIT": "0",
        "SAMEN_CHAT_SEND_RATE": "0",
    }
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(log, "wb"))


async def health(port: int) -> dict | None:
    try:
        timeout = aiohttp.ClientTimeout(total=2)
        async with (aiohttp.ClientSession(timeout=timeout) as session,
                    session.get(f"http://127.0.0.1:{port}/healthz") as response):
            return await response.json() if response.status == 200 else None
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return None


async def wait_healthy(port: int, process: subprocess.Popen, log: Path) -> dict:
    for _ in range(150):
        if process.poll() is not None:
            pytest.fail(f"bot process exited: {log.read_text()[-2000:]}")
        status = await health(port)
        if status is not None:
            return status
        await asyncio.sleep(0.1)
    pytest.fail(f"bot process never became healthy: {log.read_text()[-2000:]}")


async def test_two_webhook_processes_behind_nginx_survive_a_kill(
    postgres_database: str, tmp_path: Path
) -> None:
    nginx = nginx_binary()
    if nginx is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs the Debian package)")
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    survey = parse_survey(SURVEY, "vragen.yaml")
    async with await Engine.open(postgres_database, SECRET.encode()) as engine:
        await engine.load_survey(survey)
        await engine.open_survey(survey.id)

    proxy_port, first_port, second_port = free_port(), free_port(), free_port()
    webhook_url = f"http://127.0.0.1:{proxy_port}/telegram/hook"
    processes: list[subprocess.Popen] = []
    async with LocalBotApi(token=TOKEN, log_calls=False) as api:
        api.webhook.duplicate_rate = 0.1  # Telegram may post an update twice
        try:
            processes.append(start_nginx(nginx, tmp_path, proxy_port, first_port, second_port))
            logs = [tmp_path / "bot1.log", tmp_path / "bot2.log"]
            for port, log in zip((first_port, second_port), logs, strict=True):
                processes.append(start_bot(api, postgres_database, webhook_url, port, log))
            victim, survivor = processes[1], processes[2]
            await wait_healthy(first_port, victim, logs[0])
            await wait_healthy(second_port, survivor, logs[1])

            citizens = [api.citizen(700_000 + n, first_name=f"Burger {n}") for n in
                        range(CITIZENS)]
            for citizen in citizens:  # begin and consent: the questions come next
                await citizen.command("/start", survey.id)
            for citizen in citizens:
                await citizen.next_reply(timeout=10)
                await citizen.press(citizen.inline_keyboard()[0][0])
            for citizen in citizens:
                await citizen.replies_until_quiet(quiet=0.2, timeout=10)

            async def answer(citizen_index: int) -> None:
                rng = random.Random(citizen_index)
                for n in range(1, QUESTIONS + 1):
                    citizens[citizen_index].send_nowait(f"antwoord {n} van {citizen_index}")
                    await asyncio.sleep(rng.uniform(0.02, 0.25))

            typing = asyncio.gather(*(answer(n) for n in range(CITIZENS)))
            # Kill the first process while it is working on citizens.
            for _ in range(200):
                status = await health(first_port)
                if status and status["citizens_in_progress"] > 0 and status["processed"] > 0:
                    break
                await asyncio.sleep(0.01)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            leased = await fetch_rows(postgres_database, "SELECT count(*) FROM webhook_claims")
            await typing

            # Every update acknowledged (after retries through nginx to the survivor) and done.
            pushed = api.telegram.updates.pushed
            for _ in range(300):
                rows = await fetch_rows(postgres_database, "SELECT count(*) FROM webhook_inbox "
                                        "WHERE done_at IS NOT NULL")
                if len(api.webhook.acknowledged) == pushed and rows[0][0] == pushed:
                    break
                await asyncio.sleep(0.1)
            assert len(api.webhook.acknowledged) == pushed, "updates never acknowledged"
            assert rows[0][0] == pushed, (
                f"{pushed - rows[0][0]} acknowledged updates not done; leases: "
                f"{await fetch_rows(postgres_database, 'SELECT * FROM webhook_claims')}, "
                f"survivor: {await health(second_port)}")
            assert survivor.poll() is None
            assert api.webhook.duplicates_posted > 0
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    # Every answer stored once, to the question it answered: in order, none twice, none lost.
    stored = await fetch_rows(
        postgres_database,
        "SELECT p.pseudonym, a.step_id, a.value FROM answers a "
        "JOIN participants p ON p.id = a.participant_id ORDER BY p.pseudonym, a.step_id",
    )
    by_citizen: dict[str, dict[str, str]] = {}
    for who, step, value in stored:
        assert step not in by_citizen.setdefault(who, {}), f"{step} stored twice"
        by_citizen[who][step] = json.loads(value) if value.startswith('"') else value
    for index in range(CITIZENS):
        who = pseudonym(700_000 + index, SECRET.encode())
        expected = {f"q{n}": f"antwoord {n} van {index}" for n in range(1, QUESTIONS + 1)}
        assert by_citizen.get(who) == expected, (
            f"citizen {index}: {api.citizen(700_000 + index).transcript_text()}")
    assert leased[0][0] > 0, "the killed process held no citizens: nothing was taken over"
