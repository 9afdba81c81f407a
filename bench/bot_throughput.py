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

    .venv/bin/python bench/bot_throughput.py                       # the full run (~3 minutes)
    .venv/bin/python bench/bot_throughput.py --updates 3000 --citizens 200 --rate 200
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import callbacks as cb  # noqa: E402
from bot.localapi import Citizen, LocalBotApi  # noqa: E402
from surveys.model import StepType, Survey  # noqa: E402
from surveys.pseudonym import pseudonym  # noqa: E402
from surveys.surveyfile import load_survey  # noqa: E402

TOKEN = "123:BENCH"
SECRET = b"bench-pseudonym-secret"
ANSWER_TYPES = {StepType.SINGLE_CHOICE, StepType.MULTIPLE_CHOICE, StepType.SCALE,
                StepType.FREE_TEXT}


# -- the bot process -------------------------------------------------------------------------

def bench_settings(base_url: str, workers: int = 1) -> Any:
    from bot.config import BotSettings

    return BotSettings(token=TOKEN, api_base_url=f"{base_url}/bot",
                       api_file_url=f"{base_url}/file/bot", flood_limit=0,
                       send_rate_limit=0, chat_send_rate=0, workers=workers)


def add_observer(application: Any) -> None:
    """The handler, in a late group, that tells the bench an update is fully processed."""
    from telegram.ext import ContextTypes, TypeHandler

    out = sys.stdout.buffer
    pending: list[str] = []

    def flush() -> None:
        # Workers share the pipe: a write of at most PIPE_BUF (4 KiB) bytes is atomic, so
        # every write is whole lines within that size and lines of two workers never mix.
        chunk = b""
        for line in pending:
            if len(chunk) + len(line) > 4000:
                out.write(chunk)
                out.flush()
                chunk = b""
            chunk += line.encode()
        out.write(chunk)
        out.flush()
        pending.clear()

    async def report_done(update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        # Written once per event-loop turn, not per update: the observer is measuring
        # equipment and should cost the bot as little CPU as possible.
        if not pending:
            asyncio.get_running_loop().call_soon(flush)
        pending.append(f"{getattr(update, 'update_id', -1)} {time.monotonic():.6f}\n")

    application.add_handler(TypeHandler(object, report_done), group=99)


def announce_ready(application: Any, workers: int = 1) -> None:
    wiring = (f"{type(application.bot.request).__name__} "
              f"{type(application.update_processor).__name__}")
    if workers > 1:
        wiring += f", {workers} worker processes behind one router"
    sys.stdout.write(f"ready {wiring}\n")
    sys.stdout.flush()


async def serve_bot(kind: str, base_url: str, database: str, workers: int) -> None:
    """Run one bot against the local server until SIGTERM; report each finished update."""
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    from bot.app import build_application, start_polling, stop_polling
    from surveys.engine import Engine

    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    if kind == "samen" and workers > 1:
        await route(base_url, database, workers, stopping)
        return
    engine = None
    if kind == "samen":
        engine = await Engine.open(database, SECRET)
        application = build_application(bench_settings(base_url), engine)
    else:
        application = Application.builder().token(TOKEN).base_url(f"{base_url}/bot").build()

        async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
            await update.effective_message.reply_text(update.effective_message.text)  # type: ignore[union-attr]

        application.add_handler(MessageHandler(filters.TEXT, echo))
    add_observer(application)
    await start_polling(application, timeout=10)
    announce_ready(application)
    await stopping.wait()
    await stop_polling(application)
    if engine is not None:
        await engine.close()


async def route(base_url: str, database: str, workers: int, stopping: asyncio.Event) -> None:
    """The router of bot/shards.py in front of `workers` Samen workers (this script again)."""
    from bot.shards import UpdateRouter

    commands = [[sys.executable, __file__, "--serve", "samen-worker", "--shard", str(n),
                 "--workers", str(workers), "--api", base_url, "--database", database]
                for n in range(workers)]
    await UpdateRouter(f"{base_url}/bot", TOKEN, commands).run(stopping)


async def serve_worker(base_url: str, database: str, shard: int, workers: int) -> None:
    """One Samen worker behind the router: the real wiring, fed on stdin."""
    from bot import shards
    from bot.app import build_application
    from surveys.engine import Engine

    engine = await Engine.open(database, SECRET)
    application = build_application(bench_settings(base_url, workers), engine,
                                    with_updater=False)
    add_observer(application)
    original_start = application.start

    async def start_and_announce() -> None:
        await original_start()
        announce_ready(application, workers)

    application.start = start_and_announce  # type: ignore[method-assign]
    try:
        await shards.serve_worker(application, run_post_init=shard == 0)
    finally:
        await engine.close()


def process_tree_cpu_seconds(root: int) -> float:
    """User + system CPU of `root` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, below = 0.0, {root}
    changed = True
    while changed:  # add children until no new descendants appear
        changed = False
        for pid, parent in parents.items():
            if parent in below and pid not in below:
                below.add(pid)
                changed = True
    for pid in below:
        total += times.get(pid, 0.0)
    return total


class BotProcess:
    """The bot in its own process, with the update-finished times it reports."""

    def __init__(self, kind: str, base_url: str, database: str, profile: str | None = None,
                 workers: int = 1) -> None:
        self.args = [sys.executable, __file__, "--serve", kind, "--api", base_url,
                     "--database", database, "--workers", str(workers)] + (
                         ["--profile", profile] if profile else [])
        self.workers = workers
        self.on_done: Any = lambda update_id, at: None
        self.finished: dict[int, float] = {}
        self.wiring = ""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.args, stdout=asyncio.subprocess.PIPE, cwd=ROOT)
        assert self.process.stdout is not None
        for _ in range(self.workers):  # every worker says when it is ready
            line = (await self.process.stdout.readline()).decode()
            if not line.startswith("ready"):
                raise RuntimeError(f"the bot did not start: {line!r}")
            self.wiring = line.split(maxsplit=1)[1].strip()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            update_id, at = line.split()
            self.finished[int(update_id)] = float(at)
            self.on_done(int(update_id), float(at))

    def cpu_seconds(self) -> float:
        return process_tree_cpu_seconds(self.process.pid)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()  # never leave a bot behind on a shared machine
            await self.process.wait()
        self.reader.cancel()


# -- citizens ----------------------------------------------------------------------------------

@dataclasses.dataclass
class Sent:
    update_id: int
    citizen: Participant
    at: float


class Participant:
    """A citizen who answers whatever screen the bot shows, and what they meant to record."""

    def __init__(self, citizen: Citizen, survey: Survey | None, steps: dict[str, Any],
                 budget: int, rng: random.Random) -> None:
        self.citizen, self.survey, self.steps, self.budget, self.rng = (
            citizen, survey, steps, budget, rng)
        self.sent: list[Sent] = []
        self.answers: set[str] = set()
        self.votes: dict[int, str] = {}
        self.proposals = 0
        self.pending = 0  # updates sent and not finished yet

    def act(self, now: float) -> list[Sent]:
        """Send the next update(s); [] once the budget is spent or the survey is over."""
        if self.budget <= 0:
            return []
        ids = self._next()
        self.budget -= len(ids)
        sent = [Sent(update_id, self, now) for update_id in ids]
        self.sent.extend(sent)
        self.pending += len(sent)
        return sent

    def _next(self) -> list[int]:
        c = self.citizen
        if self.survey is None:  # the echo bot's citizen just talks
            return [self._sent_text(f"hallo {len(self.sent)}")]
        if not self.sent:
            return [self._pushed(c.command_nowait("/start", self.survey.id))]
        chat = c.chat
        buttons: list[cb.Press] = []
        if chat.newest_bot_message_id == chat.last_inline_message_id is not None:
            markup = chat.messages[chat.newest_bot_message_id].get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                buttons += [p for b in row if (p := cb.decode(b.get("callback_data")))]
        by_action = collections.defaultdict(list)
        for press in buttons:
            by_action[press.action].append(press)
        step = self.steps.get(buttons[0].key) if buttons else self._text_step()
        if cb.CONSENT in by_action:
            return self._press(by_action[cb.CONSENT][0])
        if step is None:
            return []
        if step.type in (StepType.SINGLE_CHOICE, StepType.SCALE):
            choice = self.rng.choice(by_action[cb.CHOICE] or by_action[cb.SCALE])
            self.answers.add(step.id)
            taps = 2 if self.rng.random() < 0.05 else 1  # an impatient double tap: the second
            # press arrives while the first is in progress and must find the step answered
            return [update for _ in range(taps) for update in self._press(choice)]
        if step.type == StepType.MULTIPLE_CHOICE:
            done = by_action[cb.DONE][0]
            chosen = cb.chosen_of(done.args[0])
            if len(chosen) >= min(step.max_choices or 2, 2) or (chosen and self.rng.random() < 0.5):
                self.answers.add(step.id)
                return self._press(done)
            unchosen = [t for t in by_action[cb.TOGGLE] if int(t.args[1]) not in chosen]
            return self._press(self.rng.choice(unchosen))
        if step.type == StepType.FREE_TEXT:
            self.answers.add(step.id)
            return [self._sent_text(f"Meer schaduw en water in wijk {c.user_id % 97}.")]
        if step.type == StepType.PROPOSALS:
            if by_action[cb.CONFIRM]:
                self.proposals += 1
                return self._press(by_action[cb.CONFIRM][0])
            if self.proposals == 0:
                text = f"Idee van burger {c.user_id}: zonnepanelen op school {len(self.sent)}"
                return [self._sent_text(text)]
            return self._press(by_action[cb.PROCEED][0])
        if step.type == StepType.VOTE and by_action[cb.VOTE]:
            vote = self.rng.choice(by_action[cb.VOTE])
            self.votes[int(vote.args[0])] = cb.VOTE_CODES[vote.args[1]]
            return self._press(vote)
        if step.type == StepType.INFO and by_action[cb.PROCEED]:
            return self._press(by_action[cb.PROCEED][0])
        return []

    def _text_step(self) -> Any:
        # A screen without buttons waits for text: the citizen's current step, by the last
        # keyboard the bot showed (a free-text or proposals step keeps its Skip/No-more button).
        chat = self.citizen.chat
        if chat.last_inline_message_id is None:
            return None
        markup = chat.messages[chat.last_inline_message_id].get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if (press := cb.decode(button.get("callback_data"))) is not None:
                    return self.steps.get(press.key)
        return None

    def _press(self, press: cb.Press) -> list[int]:
        self.citizen.press_nowait(":".join([press.action, press.key, *press.args]))
        return [self._pushed()]

    def _sent_text(self, text: str) -> int:
        self.citizen.send_nowait(text)
        return self._pushed()

    def _pushed(self, _: object = None) -> int:
        # Pushing is synchronous, so the queue's newest id is the update just made.
        return self.citizen.telegram.updates._last_update_id


# -- phases ------------------------------------------------------------------------------------

@dataclasses.dataclass
class Phase:
    sent: list[Sent]
    seconds: float
    cpu_seconds: float
    finished: dict[int, float]
    sending_seconds: float  # how long updates were being offered
    simulator_cpu_seconds: float  # this process: the local Bot API server and the citizens

    @property
    def offered_per_second(self) -> float:
        return len(self.sent) / self.sending_seconds

    @property
    def updates_per_second(self) -> float:
        return len(self.sent) / self.seconds

    @property
    def cpu_ms_per_update(self) -> float:
        return 1000 * self.cpu_seconds / max(1, len(self.sent))

    @property
    def simulator_cpu_ms_per_update(self) -> float:
        return 1000 * self.simulator_cpu_seconds / max(1, len(self.sent))

    def latencies(self) -> list[float]:
        """Seconds from each update's arrival to the bot's last reply to it."""
        result = []
        for sent in self.sent:
            done = self.finished.get(sent.update_id)
            if done is None:
                continue
            replies = [e.at for e in sent.citizen.citizen.events if sent.at <= e.at <= done]
            result.append((max(replies) if replies else done) - sent.at)
        return result


async def run_phase(bot: BotProcess, participants: list[Participant], *, rate: float | None,
                    seconds: float | None = None) -> Phase:
    """Closed loop (rate None: each citizen's next update as soon as the last is done) or a
    steady offered rate; for `seconds` at most, then until every update sent is finished."""
    by_update: dict[int, Sent] = {}
    ready: collections.deque[Participant] = collections.deque(participants)
    sent_all: list[Sent] = []
    settled = asyncio.Event()
    stop_sending = False

    def send(participant: Participant) -> bool:
        sent = participant.act(time.monotonic())
        for item in sent:
            by_update[item.update_id] = item
        sent_all.extend(sent)
        return bool(sent)

    def on_done(update_id: int, _: float) -> None:
        item = by_update.get(update_id)
        if item is None:
            return
        item.citizen.pending -= 1
        if item.citizen.pending == 0:
            if rate is None and not stop_sending:
                send(item.citizen)
            elif rate is not None:
                ready.append(item.citizen)
        if stop_sending or rate is None:
            check_settled()

    def check_settled() -> None:
        if all(p.pending == 0 for p in participants) and (stop_sending or rate is None):
            settled.set()

    bot.on_done = on_done
    cpu_before, started = bot.cpu_seconds(), time.monotonic()
    simulator_before = time.process_time()
    if rate is None:
        for participant in participants:
            send(participant)
        check_settled()
        if seconds is not None:
            try:
                await asyncio.wait_for(asyncio.shield(settled.wait()), seconds)
            except TimeoutError:
                stop_sending = True
    else:
        ticks = 0
        while (elapsed := time.monotonic() - started) < (seconds or 10.0):
            while ticks < elapsed * rate and ready:
                participant = ready.popleft()
                if send(participant):
                    ticks += 1
            ticks = max(ticks, int(elapsed * rate) - 1)  # no catch-up bursts after a stall
            await asyncio.sleep(1 / rate)
        stop_sending = True
    sending_ended = time.monotonic()
    check_settled()
    await settled.wait()
    ended = time.monotonic()
    if rate is None:
        sending_ended = ended
    finished = {s.update_id: bot.finished[s.update_id] for s in sent_all
                if s.update_id in bot.finished}
    return Phase(sent_all, ended - started, bot.cpu_seconds() - cpu_before, finished,
                 sending_ended - started, time.process_time() - simulator_before)


def citizens(api: LocalBotApi, first_id: int, count: int, survey: Survey | None,
             steps: dict[str, Any], budget: int) -> list[Participant]:
    return [Participant(api.citizen(first_id + n, first_name=f"Burger {n}", language_code="nl"),
                        survey, steps, budget, random.Random(first_id + n))
            for n in range(count)]


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


def check_database(database: str, survey: Survey, participants: list[Participant]) -> list[str]:
    answer_steps = {s.id for s in survey.steps if s.type in ANSWER_TYPES}
    problems: list[str] = []
    with sqlite3.connect(database) as db:
        ids = dict(db.execute("SELECT pseudonym, id FROM participants"))
        for p in participants:
            pid = ids.get(pseudonym(p.citizen.user_id, SECRET))
            answers = [row[0] for row in db.execute(
                "SELECT step_id FROM answers WHERE participant_id = ?", (pid,))]
            votes = dict(db.execute(
                "SELECT proposal_id, choice FROM votes WHERE participant_id = ?", (pid,)))
            history = db.execute("SELECT COUNT(*) FROM vote_history WHERE participant_id = ?",
                                 (pid,)).fetchone()[0]
            proposals = db.execute("SELECT COUNT(*) FROM proposals WHERE participant_id = ?",
                                   (pid,)).fetchone()[0]
            recorded = [step for step in answers if step in answer_steps]
            if sorted(recorded) != sorted(p.answers) or len(set(recorded)) != len(recorded):
                problems.append(f"citizen {p.citizen.user_id}: answers {sorted(recorded)} "
                                f"!= sent {sorted(p.answers)}")
            if votes != p.votes or history != len(p.votes):
                problems.append(f"citizen {p.citizen.user_id}: votes {votes} ({history} in "
                                f"history) != sent {p.votes}")
            if proposals != p.proposals:
                problems.append(f"citizen {p.citizen.user_id}: {proposals} proposals "
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
        problems += check_database(database, survey, crowd + late)

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
    parser.add_argument("--serve", choices=["samen", "echo", "samen-worker"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--shard", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        if args.serve == "samen-worker":
            serving = serve_worker(args.api, args.database, args.shard, args.workers)
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
    return asyncio.run(bench(args))


if __name__ == "__main__":
    sys.exit(main())
