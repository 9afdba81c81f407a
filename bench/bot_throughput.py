"""How many updates/s the Samen bot keeps up with, beside a bare python-telegram-bot echo bot.

A local Bot API server (bot.localapi, in this process) answers every call after ``--delay``
(default 50 ms, standing for the network to Telegram). Simulated citizens, also in this process,
go through a real survey from surveys/examples (consent, choices, scales, multiple choice, free
text, a proposal, votes), each acting on the screen the bot showed them, and double-tapping a
choice button now and then. The bot runs in its own process: the real ``build_application``
(its per-citizen ordered processor and transport as wired there; the overall send cap, the
per-chat send pacing and the per-citizen flood guard off, since simulated citizens answer
instantly and those limits model Telegram and human patience, not the bot's capacity), plus
one observer handler in a late group that prints ``update_id monotonic-time`` to stdout when an
update is fully processed. That line tells a citizen the bot is done with their update; it
sends nothing to Telegram.

Phases, each for the Samen bot and for the echo bot (PTB defaults, ``reply_text`` of the text):
warm-up; throughput (every citizen sends its next update as soon as the previous one is done:
updates/s, CPU ms per update of the bot process from /proc); latency at a steady offered rate
(time from an update's arrival to the bot's last reply to it, p50/p99). The echo bot handles
~20 updates/s, so it gets a fixed time instead of N updates and an offered rate it can sustain.
Afterwards: every update answered, each citizen's updates finished in the order sent, every
answer, proposal and vote in the database exactly once (vote_history included).

With ``--database postgresql://...`` (a server where the bench may create and drop databases)
it compares storage and scale-out instead of Samen and echo: SQLite with one process, PostgreSQL
with one process (long polling, the same wiring) and PostgreSQL with each of ``--processes``
webhook processes sharing the durable inbox (bot/inbox.py; the local server spreads its webhook
posts over them in turn, as a load balancer would), with the same citizens, phases and checks,
plus the PostgreSQL server's CPU per update when it runs on this machine.

    .venv/bin/python bench/bot_throughput.py                       # the full run (~3 minutes)
    .venv/bin/python bench/bot_throughput.py --database postgresql://postgres@127.0.0.1/postgres
    .venv/bin/python bench/bot_throughput.py --updates 3000 --citizens 200 --rate 200
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import os
import shutil
import socket
import sqlite3
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# The project's packages and bench/throughput/, also for the bot processes this script starts
# (they are this script again, with --serve).
sys.path[:0] = [str(ROOT), str(BENCH)]

from throughput.botprocess import (  # noqa: E402
    SECRET,
    TOKEN,
    BotProcess,
    WebhookBotProcesses,
    process_tree_cpu_seconds,
    serve_bot,
    serve_webhook_bot,
    serve_worker,
)
from throughput.participants import Participant, Phase, citizens, run_phase  # noqa: E402

from bot import callbacks as cb  # noqa: E402
from bot.localapi import LocalBotApi  # noqa: E402
from surveys.model import StepType, Survey  # noqa: E402
from surveys.pseudonym import pseudonym  # noqa: E402
from surveys.surveyfile import load_survey  # noqa: E402

ANSWER_TYPES = {StepType.SINGLE_CHOICE, StepType.MULTIPLE_CHOICE, StepType.SCALE,
                StepType.FREE_TEXT}


# -- checks --------------------------------------------------------------------------------------

def check_order(phases: list[Phase]) -> list[str]:
    problems: list[str] = []
    for phase in phases:
        lost = [s.update_id for s in phase.sent if s.update_id not in phase.finished]
        if lost:
            problems.append(f"{len(lost)} updates never finished, e.g. {lost[:5]}")
        per_citizen: dict[int, list[float]] = collections.defaultdict(list)
        for s in phase.sent:
            if s.update_id in phase.finished:
                per_citizen[s.citizen.citizen.user_id].append(phase.finished[s.update_id])
        unordered = [uid for uid, times in per_citizen.items() if times != sorted(times)]
        if unordered:
            problems.append(f"{len(unordered)} citizens answered out of order: {unordered[:3]}")
    return problems


async def fetch(database: str, sql: str) -> list[tuple]:
    """The rows of one parameterless query, on SQLite or PostgreSQL."""
    if database.startswith("postgresql://"):
        import asyncpg

        connection = await asyncpg.connect(database)
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


async def check_database(database: str, survey: Survey,
                         participants: list[Participant]) -> list[str]:
    answer_steps = {s.id for s in survey.steps if s.type in ANSWER_TYPES}
    problems: list[str] = []
    ids = dict(await fetch(database, "SELECT pseudonym, id FROM participants"))
    answers: dict[int, list[str]] = collections.defaultdict(list)
    for pid, step in await fetch(database, "SELECT participant_id, step_id FROM answers"):
        answers[pid].append(step)
    votes: dict[int, dict[int, str]] = collections.defaultdict(dict)
    for pid, proposal, choice in await fetch(
            database, "SELECT participant_id, proposal_id, choice FROM votes"):
        votes[pid][proposal] = choice
    history = dict(await fetch(database, "SELECT participant_id, COUNT(*) FROM vote_history "
                                         "GROUP BY participant_id"))
    proposals = dict(await fetch(database, "SELECT participant_id, COUNT(*) FROM proposals "
                                           "GROUP BY participant_id"))
    for p in participants:
        pid = ids.get(pseudonym(p.citizen.user_id, SECRET))
        recorded = [step for step in answers.get(pid, []) if step in answer_steps]
        if sorted(recorded) != sorted(p.answers) or len(set(recorded)) != len(recorded):
            problems.append(f"citizen {p.citizen.user_id}: answers {sorted(recorded)} "
                            f"!= sent {sorted(p.answers)}")
        if votes.get(pid, {}) != p.votes or history.get(pid, 0) != len(p.votes):
            problems.append(f"citizen {p.citizen.user_id}: votes {votes.get(pid)} "
                            f"({history.get(pid, 0)} in history) != sent {p.votes}")
        if proposals.get(pid, 0) != p.proposals:
            problems.append(f"citizen {p.citizen.user_id}: {proposals.get(pid, 0)} proposals "
                            f"!= {p.proposals} sent")
    return problems


# -- the run -----------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def prepare_database(database: str, survey: Survey) -> None:
    from surveys.engine import Engine

    async with await Engine.open(database, SECRET) as engine:
        await engine.load_survey(survey)
        await engine.open_survey(survey.id)


async def bench(args: argparse.Namespace) -> int:
    survey = dataclasses.replace(load_survey(args.survey), opens=None, closes=None)
    steps = {cb.step_key(survey.id, 1, step.id): step for step in survey.steps}
    workdir = tempfile.mkdtemp(prefix="samen-bench-")
    database = str(Path(workdir) / "bench.db")
    await prepare_database(database, survey)
    budget = max(1, args.updates // args.citizens)
    rows: list[tuple[str, Phase, Phase]] = []
    problems: list[str] = []
    async with LocalBotApi(delay=args.delay, token=TOKEN, log_calls=False) as api:
        base_url = f"http://{api.host}:{api.port}"

        samen = BotProcess("samen", base_url, database, args.profile, args.workers)
        await samen.start()
        try:
            print(f"Samen bot wiring: {samen.wiring}", flush=True)
            await run_phase(samen, citizens(api, 10_000_000, 50, survey, steps, 40), rate=None)
            crowd = citizens(api, 20_000_000, args.citizens, survey, steps, budget)
            throughput = await run_phase(samen, crowd, rate=None)
            print(f"  throughput: {len(throughput.sent)} updates in {throughput.seconds:.1f} s; "
                  f"CPU ms per update: bot {throughput.cpu_ms_per_update:.2f}, local Bot API "
                  f"and citizens {throughput.simulator_cpu_ms_per_update:.2f}", flush=True)
            late = citizens(api, 30_000_000, max(1, int(args.rate * args.seconds / budget * 1.5)),
                            survey, steps, budget)
            latency = await run_phase(samen, late, rate=args.rate, seconds=args.seconds)
        finally:
            await samen.stop()
        rows.append((f"Samen bot ({samen.wiring})", throughput, latency))
        problems += check_order([throughput, latency])
        problems += await check_database(database, survey, crowd + late)

        echo = BotProcess("echo", base_url, database)
        await echo.start()
        try:
            await run_phase(echo, citizens(api, 40_000_000, 20, None, {}, 10**6), rate=None,
                            seconds=2)
            echo_crowd = citizens(api, 50_000_000, args.citizens, None, {}, 10**6)
            echo_throughput = await run_phase(echo, echo_crowd, rate=None,
                                              seconds=args.echo_seconds)
            echo_rate = min(args.rate, 0.5 * echo_throughput.updates_per_second)
            echo_latency = await run_phase(echo, citizens(api, 60_000_000, 200, None, {}, 10**6),
                                           rate=echo_rate, seconds=args.echo_seconds)
        finally:
            await echo.stop()
        rows.append((f"echo bot, PTB defaults ({echo.wiring})", echo_throughput, echo_latency))
        problems += check_order([echo_throughput, echo_latency])

    delay_ms = 1000 * args.delay
    print(f"\nBot API delay {delay_ms:.0f} ms; throughput with every citizen sending as soon as "
          "answered; latency = arrival of an update -> the bot's last reply to it\n")
    print(f"{'':58} {'updates/s':>9} {'CPU ms/upd':>10} {'offered/s':>9} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'p99-delay':>9}")
    for name, tput, lat in rows:
        latencies = lat.latencies()
        p50, p99 = 1000 * percentile(latencies, 0.5), 1000 * percentile(latencies, 0.99)
        print(f"{name:58} {tput.updates_per_second:9.0f} {tput.cpu_ms_per_update:10.2f} "
              f"{lat.offered_per_second:9.0f} {p50:7.0f} {p99:7.0f} {p99 - delay_ms:9.0f}")
    (_, samen_tput, _), (_, echo_tput, _) = rows
    print(f"\nSamen / echo: {samen_tput.updates_per_second / echo_tput.updates_per_second:.1f}x "
          f"the updates/s, {samen_tput.cpu_ms_per_update / echo_tput.cpu_ms_per_update:.2f}x "
          "the CPU per update")
    print(f"checks: {len(throughput.sent) + len(latency.sent)} Samen updates from "
          f"{len(crowd) + len(late)} citizens; "
          + ("all finished, in order per citizen, every answer/proposal/vote exactly once"
             if not problems else f"{len(problems)} PROBLEMS"))
    for problem in problems[:20]:
        print("  " + problem)
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if problems else 0


async def create_database(server: str, name: str) -> str:
    """A new empty database `name` on the server of `server` (a postgresql:// URL)."""
    import asyncpg

    connection = await asyncpg.connect(server)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


async def drop_database(server: str, name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(server)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def postgres_server_pid(server: str) -> int | None:
    """The postmaster's pid when the server runs on this machine (its CPU is then measured)."""
    import asyncpg

    connection = await asyncpg.connect(server)
    try:
        backend = await connection.fetchval("SELECT pg_backend_pid()")
        # Read while the backend lives: its parent is the postmaster.
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
    finally:
        await connection.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def bench_backends(args: argparse.Namespace) -> int:
    """SQLite with one process beside PostgreSQL with 1 and --processes webhook processes."""
    survey = dataclasses.replace(load_survey(args.survey), opens=None, closes=None)
    steps = {cb.step_key(survey.id, 1, step.id): step for step in survey.steps}
    workdir = tempfile.mkdtemp(prefix="samen-bench-")
    budget = max(1, args.updates // args.citizens)
    counts = [int(n) for n in args.processes.split(",")]
    configs = [("SQLite, 1 process (long polling)", "sqlite", 1),
               ("PostgreSQL, 1 process (long polling)", "postgresql", 1)]
    configs += [(f"PostgreSQL, {n} webhook process{'es' if n > 1 else ''} + inbox", "webhook",
                 n) for n in counts]
    server_pid = await postgres_server_pid(args.database)
    rows: list[tuple[str, Phase, Phase, float | None]] = []
    problems: list[str] = []
    async with LocalBotApi(delay=args.delay, token=TOKEN, log_calls=False) as api:
        base_url = f"http://{api.host}:{api.port}"
        for index, (name, kind, count) in enumerate(configs):
            database_name = f"samen_bench_{os.getpid()}_{index}"
            if kind == "sqlite":
                database = str(Path(workdir) / "bench.db")
            else:
                database = await create_database(args.database, database_name)
            await prepare_database(database, survey)
            bot: BotProcess
            if kind == "webhook":
                bot = WebhookBotProcesses(base_url, database, [free_port() for _ in range(count)])
                api.webhook.targets = bot.urls
            else:
                bot = BotProcess("samen", base_url, database)
                api.telegram.webhook.clear()  # back to getUpdates
            ids = 100_000_000 * (index + 1)
            await bot.start()
            try:
                print(f"{name}: {bot.wiring}", flush=True)
                await run_phase(bot, citizens(api, ids, 50, survey, steps, 40), rate=None)
                database_cpu = (process_tree_cpu_seconds(server_pid)
                                if server_pid and kind != "sqlite" else None)
                crowd = citizens(api, ids + 10_000_000, args.citizens, survey, steps, budget)
                throughput = await run_phase(bot, crowd, rate=None)
                if database_cpu is not None:
                    database_cpu = (process_tree_cpu_seconds(server_pid) - database_cpu) * 1000 / (
                        len(throughput.sent))
                late = citizens(api, ids + 20_000_000,
                                max(1, int(args.rate * args.seconds / budget * 1.5)),
                                survey, steps, budget)
                latency = await run_phase(bot, late, rate=args.rate, seconds=args.seconds)
            finally:
                await bot.stop()
            rows.append((name, throughput, latency, database_cpu))
            found = check_order([throughput, latency])
            found += await check_database(database, survey, crowd + late)
            problems += [f"{name}: {problem}" for problem in found]
            if kind != "sqlite":
                await drop_database(args.database, database_name)
    shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nBot API delay {1000 * args.delay:.0f} ms; {os.cpu_count()} cores; throughput with "
          "every citizen sending as soon as answered; latency at a steady offered rate\n")
    print(f"{'':46} {'updates/s':>9} {'vs SQLite':>9} {'bot CPU ms':>10} {'PG CPU ms':>9} "
          f"{'offered/s':>9} {'p50 ms':>7} {'p99 ms':>7}")
    baseline = rows[0][1].updates_per_second
    for name, tput, lat, database_cpu in rows:
        latencies = lat.latencies()
        p50, p99 = 1000 * percentile(latencies, 0.5), 1000 * percentile(latencies, 0.99)
        pg = f"{database_cpu:9.2f}" if database_cpu is not None else f"{'-':>9}"
        print(f"{name:46} {tput.updates_per_second:9.0f} "
              f"{tput.updates_per_second / baseline:8.0%} {tput.cpu_ms_per_update:10.2f} {pg} "
              f"{lat.offered_per_second:9.0f} {p50:7.0f} {p99:7.0f}")
    total = sum(len(t.sent) + len(lat.sent) for _, t, lat, _ in rows)
    print(f"checks: {total} updates; " + (
        "all finished, in order per citizen, every answer/proposal/vote exactly once"
        if not problems else f"{len(problems)} PROBLEMS"))
    for problem in problems[:20]:
        print("  " + problem)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=20_000,
                        help="updates in the throughput phase (default 20000)")
    parser.add_argument("--citizens", type=int, default=1_000,
                        help="distinct citizens sending them (default 1000)")
    parser.add_argument("--delay", type=float, default=0.05,
                        help="seconds before the Bot API answers each call (default 0.05)")
    parser.add_argument("--rate", type=float, default=500,
                        help="offered updates/s in the latency phase (default 500)")
    parser.add_argument("--seconds", type=float, default=10,
                        help="length of the Samen latency phase (default 10)")
    parser.add_argument("--echo-seconds", type=float, default=6,
                        help="length of each echo-bot phase (default 6)")
    parser.add_argument("--survey", type=Path,
                        default=ROOT / "surveys" / "examples" / "city-climate-budget.yaml",
                        help="the survey the citizens go through")
    parser.add_argument("--profile", metavar="FILE",
                        help="run the Samen bot process under cProfile and write its stats to "
                             "FILE (read with `python -m pstats FILE`); figures are then slower")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="Samen bot processes behind the router of bot/shards.py "
                             "(default: one per core, here %(default)s; 1: one process "
                             "polling itself)")
    parser.add_argument("--database", metavar="URL",
                        help="a PostgreSQL server (postgresql://...; the bench creates and drops "
                             "its own databases there): compare SQLite with one process and "
                             "PostgreSQL with one and --processes webhook processes, instead of "
                             "the Samen / echo comparison")
    parser.add_argument("--processes", default="1,2,4",
                        help="webhook process counts on PostgreSQL (default %(default)s)")
    parser.add_argument("--serve", choices=["samen", "echo", "samen-worker", "samen-webhook"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--shard", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        if args.serve == "samen-worker":
            serving = serve_worker(args.api, args.database, args.shard, args.workers)
        elif args.serve == "samen-webhook":
            serving = serve_webhook_bot(args.api, args.database, args.port)
        else:
            serving = serve_bot(args.serve, args.api, args.database, args.workers)
        if args.profile:
            import cProfile

            with cProfile.Profile() as profiler:
                asyncio.run(serving)
            profiler.dump_stats(args.profile)
        else:
            asyncio.run(serving)
        return 0
    if args.database:
        return asyncio.run(bench_backends(args))
    return asyncio.run(bench(args))


if __name__ == "__main__":
    sys.exit(main())
