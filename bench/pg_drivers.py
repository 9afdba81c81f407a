"""Which PostgreSQL driver for Samen's store: asyncpg or psycopg 3 (with psycopg_pool)?

Both run Samen's citizen write path on the real schema (`postgres_migrations`), through a pool
of 10 connections, in the same run against the same server: a citizen's answer is
`save_step` (upsert the answer, move the cursor, record the vote item on offer: three
statements in one transaction) and a vote is `record_vote` (upsert the vote, append to the
history, clear the offer: three statements). Each transaction is committed before the next of
that citizen starts, as the engine does. Measured at 1 citizen at a time (latency: round trips
and driver overhead) and at 64 at once (throughput: the server's group commit and the pool),
with CPU ms per transaction in this process (the bot's own CPU is what scales out badly).

psycopg runs twice: plain (a round trip per statement) and in pipeline mode (the three
statements sent together). asyncpg has no pipeline inside a transaction.

    /work/venv/bin/python bench/pg_drivers.py --database postgresql://user@host:port/db

The database is used as scratch: a schema `bench_drivers` is created and dropped. Use a server
with fsync on (a throwaway `.ci/postgres` cluster skips fsync unless started with DURABLE=1).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
import psycopg
from psycopg_pool import AsyncConnectionPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from surveys.storage.postgres_migrations import migrate  # noqa: E402

SCHEMA = "bench_drivers"
PARTICIPANTS = 500
PROPOSALS = 40
POOL = 10
AT = "2026-12-01T12:00:00.000+00:00"

SAVE_STEP = (
    """INSERT INTO answers (participant_id, survey_id, step_id, survey_version, value, skipped,
           answered_at) VALUES ($1, 's', $2, 1, $3, false, $4)
       ON CONFLICT (participant_id, survey_id, step_id) DO UPDATE SET
           survey_version = excluded.survey_version, value = excluded.value,
           skipped = excluded.skipped, answered_at = excluded.answered_at""",
    """UPDATE progress SET survey_version = 1, current_step = $1, updated_at = $2
       WHERE participant_id = $3 AND survey_id = 's'""",
    "UPDATE progress SET offered_proposal = NULL WHERE participant_id = $1 AND survey_id = 's'",
)
RECORD_VOTE = (
    """INSERT INTO votes (participant_id, proposal_id, survey_id, step_id, choice, voted_at)
       VALUES ($1, $2, 's', 'judge', $3, $4)
       ON CONFLICT (participant_id, proposal_id) DO UPDATE SET
           choice = excluded.choice, voted_at = excluded.voted_at""",
    """INSERT INTO vote_history (participant_id, proposal_id, survey_id, step_id, choice,
           voted_at) VALUES ($1, $2, 's', 'judge', $3, $4)""",
    """UPDATE progress SET offered_proposal = NULL
       WHERE participant_id = $1 AND survey_id = 's' AND offered_proposal = $2""",
)


def transaction(citizen: int, rng: random.Random) -> list[tuple[str, tuple[object, ...]]]:
    """One of the citizen's writes: an answer or a vote, as (statement, arguments)."""
    if rng.random() < 0.5:
        step = f"q{rng.randrange(8)}"
        value = f'["option-{rng.randrange(4)}"]'
        return [(SAVE_STEP[0], (citizen, step, value, AT)), (SAVE_STEP[1], (step, AT, citizen)),
                (SAVE_STEP[2], (citizen,))]
    proposal = rng.randrange(1, PROPOSALS + 1)
    choice = rng.choice(("agree", "disagree", "pass"))
    return [(RECORD_VOTE[0], (citizen, proposal, choice, AT)),
            (RECORD_VOTE[1], (citizen, proposal, choice, AT)),
            (RECORD_VOTE[2], (citizen, proposal))]


def as_psycopg(sql: str) -> str:
    # Every statement above uses its arguments in order ($1, $2, ...), as %s needs.
    return re.sub(r"\$\d+", "%s", sql)


async def prepare(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        await connection.execute(f"SET search_path TO {SCHEMA}")
        await migrate(connection)
        await connection.execute(
            f"""INSERT INTO surveys VALUES ('s', 1, 'open', '{AT}', '{AT}');
                INSERT INTO survey_versions VALUES ('s', 1, '{{}}', 'f', '', '{AT}');
                INSERT INTO participants (id, pseudonym, created_at)
                    SELECT i, 'p' || i, '{AT}' FROM generate_series(1, {PARTICIPANTS}) i;
                INSERT INTO progress (participant_id, survey_id, survey_version, started_at,
                                      updated_at)
                    SELECT i, 's', 1, '{AT}', '{AT}' FROM generate_series(1, {PARTICIPANTS}) i;
                INSERT INTO proposals (id, survey_id, text, status, created_at)
                    SELECT i, 's', 'p' || i, 'approved', '{AT}'
                    FROM generate_series(1, {PROPOSALS}) i"""
        )
    finally:
        await connection.close()


Driver = Callable[[list[tuple[str, tuple[object, ...]]]], Awaitable[None]]


async def run(driver: Driver, concurrency: int, count: int) -> dict[str, float]:
    """`count` transactions by `concurrency` citizens at once; each waits for its commit."""
    latencies: list[float] = []
    per_citizen = count // concurrency

    async def citizen(number: int) -> None:
        rng = random.Random(number)
        me = number % PARTICIPANTS + 1
        for _ in range(per_citizen):
            work = transaction(me, rng)
            began = time.perf_counter()
            await driver(work)
            latencies.append(time.perf_counter() - began)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(citizen(n) for n in range(concurrency)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    latencies.sort()
    return {
        "tx/s": len(latencies) / wall,
        "p50 ms": 1000 * statistics.median(latencies),
        "p99 ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "cpu ms/tx": 1000 * cpu / len(latencies),
    }


async def with_asyncpg(url: str, concurrency: int, count: int) -> dict[str, float]:
    pool = await asyncpg.create_pool(url, min_size=POOL, max_size=POOL,
                                     server_settings={"search_path": SCHEMA})

    async def driver(work: list[tuple[str, tuple[object, ...]]]) -> None:
        async with pool.acquire() as connection, connection.transaction():
            for sql, arguments in work:
                await connection.execute(sql, *arguments)

    try:
        return await run(driver, concurrency, count)
    finally:
        await pool.close()


async def with_psycopg(url: str, concurrency: int, count: int,
                       pipeline: bool) -> dict[str, float]:
    pool = AsyncConnectionPool(url, min_size=POOL, max_size=POOL, open=False,
                               kwargs={"options": f"-c search_path={SCHEMA}"})
    await pool.open(wait=True)
    statements = {sql: as_psycopg(sql) for sql in (*SAVE_STEP, *RECORD_VOTE)}

    async def driver(work: list[tuple[str, tuple[object, ...]]]) -> None:
        async with pool.connection() as connection:  # commits on exit
            if pipeline:
                async with connection.pipeline():
                    for sql, arguments in work:
                        await connection.execute(statements[sql], arguments)
            else:
                for sql, arguments in work:
                    await connection.execute(statements[sql], arguments)

    try:
        return await run(driver, concurrency, count)
    finally:
        await pool.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, metavar="URL")
    parser.add_argument("--count", type=int, default=4000, help="transactions per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per driver")
    args = parser.parse_args()
    await prepare(args.database)
    drivers: dict[str, Callable[[int, int], Awaitable[dict[str, float]]]] = {
        "asyncpg": lambda c, n: with_asyncpg(args.database, c, n),
        "psycopg": lambda c, n: with_psycopg(args.database, c, n, pipeline=False),
        "psycopg pipeline": lambda c, n: with_psycopg(args.database, c, n, pipeline=True),
    }
    print(f"psycopg {psycopg.__version__}, asyncpg {asyncpg.__version__}; pool of {POOL}")
    try:
        for concurrency in (1, 64):
            count = args.count // 4 if concurrency == 1 else args.count
            results: dict[str, list[dict[str, float]]] = {name: [] for name in drivers}
            for _ in range(args.rounds):  # alternate, so drift on a shared machine hits all
                for name, measure in drivers.items():
                    results[name].append(await measure(concurrency, count))
            print(f"\n{concurrency} citizen(s) at once, {count} transactions, best of "
                  f"{args.rounds}:")
            base = max(r["tx/s"] for r in results["asyncpg"])
            for name, rounds in results.items():
                best = max(rounds, key=lambda r: r["tx/s"])
                figures = "  ".join(f"{key} {value:7.2f}" for key, value in best.items())
                print(f"  {name:17} {figures}  ({best['tx/s'] / base:.2f}x asyncpg)")
    finally:
        connection = await asyncpg.connect(args.database)
        await connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        await connection.close()


if __name__ == "__main__":
    asyncio.run(main())
