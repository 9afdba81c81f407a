"""Nothing acknowledged is lost: a writer killed with SIGKILL mid-stream keeps every answer it
had reported as recorded.

Many citizens write at once, so the kill lands while a group-commit batch is open. The same
run with the store patched to acknowledge before its COMMIT must lose acknowledged answers:
that proves the test can see the failure it guards against.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from surveys.engine import Engine
from tests.conftest import fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"crash-secret"
ACKS_BEFORE_KILL = 400
CITIZENS = 40

WRITER = """
import asyncio, os, sys
from surveys.engine import Engine
from tests.conftest import fresh_postgres_database
from surveys.model import FreeTextStep, LocalizedText, Survey

def text(value):
    return LocalizedText({"en": value})

SURVEY = Survey(
    id="crash", title=text("Crash"), intro=text("Crash"), languages=("en",),
    privacy=text("Privacy"),
    steps=tuple(FreeTextStep(f"q{i}", text(f"Question {i}")) for i in range(1, 4)),
)

async def citizen(engine, first, stride):
    user = first
    while True:  # until killed
        await engine.consent(user, "crash")
        for i in range(1, 4):
            value = f"answer {i} of {user}"
            outcome = await engine.answer(user, "crash", f"q{i}", value)
            assert outcome.ok, outcome.error
            print(f"ack {user} q{i} {value}", flush=True)
        user += stride

async def main(database, citizens, mode):
    engine = await Engine.open(database, SECRET)
    await engine.load_survey(SURVEY)
    await engine.open_survey("crash")
    if mode == "early-ack" and database.startswith("postgresql://"):
        # The same bug on PostgreSQL: every statement on one connection inside a transaction
        # that is committed once per COMMIT_EVERY writes, each write acknowledged at once.
        import asyncpg
        from contextlib import asynccontextmanager
        COMMIT_EVERY = 64
        writes = 0
        connection = await asyncpg.connect(database)
        lock = asyncio.Lock()
        open_transaction = connection.transaction()
        await open_transaction.start()

        class OneConnection:
            @asynccontextmanager
            async def acquire(self):
                async with lock:
                    yield connection

            async def fetchrow(self, *arguments):
                async with lock:
                    return await connection.fetchrow(*arguments)

            async def fetch(self, *arguments):
                async with lock:
                    return await connection.fetch(*arguments)

            async def fetchval(self, *arguments):
                async with lock:
                    return await connection.fetchval(*arguments)

        async def commit_later():
            nonlocal open_transaction
            async with lock:
                await open_transaction.commit()
                open_transaction = connection.transaction()
                await open_transaction.start()

        store = engine._store
        write = type(store)._write

        async def acknowledge_at_once(self, sql, *arguments):
            nonlocal writes
            result = await write(self, sql, *arguments)
            writes += 1
            if writes % COMMIT_EVERY == 0:
                asyncio.ensure_future(commit_later())
            return result

        store._pool = OneConnection()
        type(store)._write = acknowledge_at_once
    elif mode == "early-ack":
        # The bug this test guards against: acknowledge a write before its COMMIT, which comes
        # later, once per COMMIT_EVERY writes (reads go through the writer, so the engine sees
        # its own writes). A commit timed after each write instead would, on a slow disk, land
        # just before every kill and hide the bug.
        from surveys.storage.groupcommit import GroupCommitter
        COMMIT_EVERY = 64
        writes = 0

        def uncommitted(connection, work):
            db = connection._conn
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            return work(db)

        async def commit_later(committer):
            async with committer._lock:
                if committer._writer.in_transaction:
                    await committer._writer.execute("COMMIT")

        async def acknowledge_at_once(self, work):
            nonlocal writes
            async with self._lock:
                result = await self._writer._execute(uncommitted, self._writer, work)
            writes += 1
            if writes % COMMIT_EVERY == 0:
                asyncio.ensure_future(commit_later(self))
            return result

        GroupCommitter.run = acknowledge_at_once
        engine._store._reader = engine._store._db
    await asyncio.gather(*(citizen(engine, n, citizens) for n in range(1, citizens + 1)))

SECRET = sys.argv[2].encode()
try:
    asyncio.run(main(sys.argv[1], int(sys.argv[3]), sys.argv[4]))
finally:
    sys.stderr.flush()
    os._exit(1)  # never linger on aiosqlite's threads after a failure
"""


async def _kill_mid_stream(
    tmp_path: Path, mode: str, database: str | Path
) -> list[tuple[int, str, str]]:
    """Run the writer on `database`, SIGKILL it after ACKS_BEFORE_KILL acks; the acknowledged
    answers (all it printed before dying) that the database lacks afterwards."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, str(script), str(database), SECRET.decode(), str(CITIZENS), mode],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert writer.stdout is not None
    pump = threading.Thread(target=lambda: [lines.put(line) for line in writer.stdout or ()],
                            daemon=True)
    pump.start()
    acknowledged: list[tuple[int, str, str]] = []
    deadline = time.monotonic() + 60
    try:
        while len(acknowledged) < ACKS_BEFORE_KILL and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            _, user, step, value = line.rstrip("\n").split(" ", 3)
            acknowledged.append((int(user), step, value))
        # Killed while it is still writing: the next answers are in flight.
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert len(acknowledged) == ACKS_BEFORE_KILL, writer.stderr.read() if writer.stderr else ""
    assert writer.returncode == -signal.SIGKILL
    # Every ack the writer printed before it died counts, also those still in the pipe: the
    # newest acks are the ones whose batch may not have been committed.
    pump.join(timeout=10)
    while not lines.empty():
        _, user, step, value = lines.get().rstrip("\n").split(" ", 3)
        acknowledged.append((int(user), step, value))

    async with await Engine.open(database, SECRET) as engine:
        stored: dict[tuple[int, str], str] = {}
        for user in sorted({user for user, _, _ in acknowledged}):
            for answer in (await engine.my_data(user)).get("answers", []):
                stored[(user, answer["step_id"])] = answer["value"]
    return [(u, s, v) for u, s, v in acknowledged if stored.get((u, s)) != v]


async def test_sigkill_loses_no_acknowledged_answer(
    tmp_path: Path, database: str | Path
) -> None:
    assert await _kill_mid_stream(tmp_path, "correct", database) == []


async def test_acknowledging_before_commit_would_be_caught(
    tmp_path: Path, backend: str, postgres_server: str | None
) -> None:
    # Early acknowledgement leaves a batch of told-as-saved answers uncommitted nearly all the
    # time; three kills make a miss by chance vanishingly unlikely.
    for run in range(3):
        (tmp_path / str(run)).mkdir()
        if backend == "sqlite":
            lost = await _kill_mid_stream(tmp_path / str(run), "early-ack",
                                          tmp_path / str(run) / "crash.db")
        else:
            async with fresh_postgres_database(postgres_server) as url:
                lost = await _kill_mid_stream(tmp_path / str(run), "early-ack", url)
        if lost:
            return
    raise AssertionError("the kill never caught an acknowledged but uncommitted answer")
