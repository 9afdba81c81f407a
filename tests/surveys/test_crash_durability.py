"""Nothing acknowledged is lost: a writer killed with SIGKILL mid-stream keeps every answer it
had reported as recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from surveys.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"crash-secret"
ACKS_BEFORE_KILL = 60

WRITER = """
import asyncio, sys
from surveys.engine import Engine
from surveys.model import FreeTextStep, LocalizedText, Survey

def text(value):
    return LocalizedText({"en": value})

SURVEY = Survey(
    id="crash", title=text("Crash"), intro=text("Crash"), languages=("en",),
    privacy=text("Privacy"),
    steps=tuple(FreeTextStep(f"q{i}", text(f"Question {i}")) for i in range(1, 4)),
)

async def main(database):
    engine = await Engine.open(database, SECRET)
    await engine.load_survey(SURVEY)
    await engine.open_survey("crash")
    user = 0
    while True:  # until killed
        user += 1
        await engine.consent(user, "crash")
        for i in range(1, 4):
            value = f"answer {i} of {user}"
            outcome = await engine.answer(user, "crash", f"q{i}", value)
            assert outcome.ok, outcome.error
            print(f"ack {user} q{i} {value}", flush=True)

SECRET = sys.argv[2].encode()
asyncio.run(main(sys.argv[1]))
"""


async def test_sigkill_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, str(script), str(database), SECRET.decode()],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    acknowledged: list[tuple[int, str, str]] = []
    deadline = time.monotonic() + 60
    try:
        assert writer.stdout is not None
        while len(acknowledged) < ACKS_BEFORE_KILL and time.monotonic() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            _, user, step, value = line.rstrip("\n").split(" ", 3)
            acknowledged.append((int(user), step, value))
        # Killed while it is still writing: the next answers are in flight.
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == -signal.SIGKILL
    assert len(acknowledged) == ACKS_BEFORE_KILL, writer.stderr.read() if writer.stderr else ""

    async with await Engine.open(database, SECRET) as engine:
        stored: dict[tuple[int, str], str] = {}
        for user in sorted({user for user, _, _ in acknowledged}):
            for answer in (await engine.my_data(user))["answers"]:
                stored[(user, answer["step_id"])] = answer["value"]
        stats = await engine.stats("crash")
    missing = [(u, s, v) for u, s, v in acknowledged if stored.get((u, s)) != v]
    assert missing == []
    assert stats.answers >= ACKS_BEFORE_KILL
