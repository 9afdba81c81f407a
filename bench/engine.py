"""Benchmark the survey engine under many concurrent citizens, with and without group commit.

N simulated citizens (default: 200, then 500) go at once through a real example survey
(surveys/examples/zorg-bezuinigen.yaml) through the `Engine` API on a temporary database:
consent, every question, one proposal (approved by an organiser call, so others can judge it),
then votes until the vote step ends, then the closing step. Printed: engine calls/s, p50/p99
call latency, CPU ms per call (this process, all threads), for the store with
`group_commit=False` (one COMMIT = one fsync per logical write: the baseline) and with group
commit, measured in the same run. Both keep `synchronous=FULL`: every call returns only after
its writes are fsync'd. Afterwards each database is checked: every acknowledged answer and vote
is stored exactly once, with the acknowledged value.

Targets (issue 7: 1,000 bot updates/s on 2 cores, the Telegram side costing 0.3-0.7 ms CPU per
update): >= 2,000 engine calls/s and < 0.5 ms CPU per call with group commit. The machine is
shared, so figures are noisy; compare the two columns of one run.

    .venv/bin/python bench/engine.py [--citizens 200 500] [--survey FILE] [--folder DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from surveys.engine import Engine  # noqa: E402
from surveys.model import (  # noqa: E402
    FreeTextStep,
    MultipleChoiceStep,
    ScaleStep,
    SingleChoiceStep,
    Survey,
    VoteStep,
)
from surveys.pseudonym import pseudonym  # noqa: E402
from surveys.storage import SqliteStore  # noqa: E402
from surveys.surveyfile import load_survey  # noqa: E402
from surveys.views import StepView  # noqa: E402

SECRET = b"bench-secret"
ORGANISER = 1


@dataclass
class Run:
    """What one configuration did: latencies, CPU, and what citizens were told was saved."""

    latencies: list[float] = field(default_factory=list)
    answers: dict[tuple[int, str], Any] = field(default_factory=dict)  # (user, step) -> value
    votes: dict[tuple[int, int], str] = field(default_factory=dict)  # (user, proposal) -> choice
    wall: float = 0.0
    cpu: float = 0.0

    async def call(self, operation: Awaitable[Any]) -> Any:
        started = time.perf_counter()
        result = await operation
        self.latencies.append(time.perf_counter() - started)
        return result


def _answer_for(view: StepView, survey: Survey, rng: random.Random) -> Any:
    step = survey.step(view.step_id or "")
    if isinstance(step, SingleChoiceStep):
        return rng.choice(step.options).id
    if isinstance(step, MultipleChoiceStep):
        count = rng.randint(step.min_choices, view.max_choices or step.min_choices)
        return [option.id for option in rng.sample(step.options, count)]
    if isinstance(step, ScaleStep):
        return rng.randint(step.minimum, step.maximum)
    if isinstance(step, FreeTextStep):
        return f"Toelichting {rng.randint(1, 10**6)}"
    return None


async def citizen(engine: Engine, survey: Survey, user: int, run: Run) -> None:
    """One citizen's whole journey; every call must succeed."""
    rng = random.Random(user)
    sid = survey.id
    outcome = await run.call(engine.consent(user, sid))
    view = outcome.view
    while view.status == "step":
        step = survey.step(view.step_id or "")
        if view.step_type is not None and view.step_type.value in ("info",):
            outcome = await run.call(engine.proceed(user, sid, step.id))
        elif view.step_type is not None and view.step_type.value == "proposals":
            text = f"Voorstel {user}: minder geld naar {rng.choice(['managers', 'marketing'])}"
            outcome = await run.call(engine.submit_proposal(user, sid, step.id, text))
            assert outcome.ok, outcome.error
            confirmed = await run.call(engine.confirm_proposal(user, sid))
            assert confirmed.ok and confirmed.proposal_id is not None, confirmed.error
            pid = confirmed.proposal_id
            await run.call(engine.approve_proposal(pid, ORGANISER))
            outcome = await run.call(engine.proceed(user, sid, step.id))
        elif isinstance(step, VoteStep):
            item = view.vote_item
            assert item is not None
            choice = rng.choice(("agree", "agree", "disagree", "pass"))
            outcome = await run.call(engine.vote(user, sid, item.proposal_id, choice))
            if outcome.ok:
                run.votes[(user, item.proposal_id)] = choice
        elif step.optional and rng.random() < 0.5:
            outcome = await run.call(engine.skip(user, sid, step.id))
            if outcome.ok:
                run.answers[(user, step.id)] = None
        else:
            value = _answer_for(view, survey, rng)
            outcome = await run.call(engine.answer(user, sid, step.id, value))
            if outcome.ok:
                run.answers[(user, step.id)] = value
        assert outcome.ok, (step.id, outcome.error)
        view = outcome.view
    assert view.status == "finished", view


async def measure(database: Path, survey: Survey, citizens: int, group_commit: bool) -> Run:
    store = await SqliteStore.open(database, group_commit=group_commit)
    moment = survey.opens or datetime.now(UTC)
    engine = Engine.with_store(store, SECRET, rng=random.Random(0), clock=lambda: moment)
    await engine.load_survey(survey)
    await engine.open_survey(survey.id)
    run = Run()
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(citizen(engine, survey, user, run)
                           for user in range(1000, 1000 + citizens)))
    run.wall, run.cpu = time.perf_counter() - wall, time.process_time() - cpu
    await engine.close()
    return run


def check(database: Path, survey: Survey, run: Run) -> str:
    """Every acknowledged answer and vote is in the database exactly once, as acknowledged."""
    db = sqlite3.connect(database)
    ids = {row[1]: row[0] for row in db.execute("SELECT id, pseudonym FROM participants")}
    users = {ids[pseudonym(user, SECRET)]: user for user, _ in run.answers | run.votes}
    problems = 0
    stored_answers: dict[tuple[int, str], list[Any]] = {}
    for participant, step, value, skipped in db.execute(
        "SELECT participant_id, step_id, value, skipped FROM answers WHERE survey_id = ?",
        (survey.id,),
    ):
        if participant in users:
            stored = None if skipped or value is None else json.loads(value)
            stored_answers.setdefault((users[participant], step), []).append(stored)
    for key, value in run.answers.items():
        # Multiple choice is stored in the file's order of options.
        expected = sorted(value) if isinstance(value, list) else value
        got = [sorted(v) if isinstance(v, list) else v for v in stored_answers.get(key, [])]
        problems += got != [expected]
    history: dict[tuple[int, int], list[str]] = {}
    for participant, proposal, choice in db.execute(
        "SELECT participant_id, proposal_id, choice FROM vote_history WHERE survey_id = ?",
        (survey.id,),
    ):
        history.setdefault((users[participant], proposal), []).append(choice)
    latest = {(users[p], c): choice for p, c, choice in db.execute(
        "SELECT participant_id, proposal_id, choice FROM votes WHERE survey_id = ?", (survey.id,)
    )}
    for key, choice in run.votes.items():
        problems += history.get(key) != [choice] or latest.get(key) != choice
    problems += len(history) != len(run.votes) or len(latest) != len(run.votes)
    db.close()
    verdict = "ok" if problems == 0 else f"{problems} PROBLEMS"
    return f"{len(run.answers)} answers, {len(run.votes)} votes: {verdict}"


def _row(name: str, base: float, fast: float, unit: str, higher_is_better: bool) -> str:
    ratio = fast / base if higher_is_better else base / fast
    return f"{name:<22}{base:>14.2f}{fast:>16.2f}  {unit:<8}{ratio:>7.1f}x better"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, nargs="+", default=[200, 500],
                        help="citizens going through the survey at once; several numbers give"
                             " one table each (default: 200 500)")
    parser.add_argument("--survey", type=Path,
                        default=ROOT / "surveys" / "examples" / "zorg-bezuinigen.yaml",
                        help="survey file (default: the zorg-bezuinigen example)")
    parser.add_argument("--folder", type=Path, default=None,
                        help="where to put the temporary databases (default: the system's temp"
                             " folder; use the disk the bot will use, fsync cost matters)")
    args = parser.parse_args()
    survey = load_survey(args.survey)
    for citizens in args.citizens:
        compare(survey, citizens, args.folder)


def compare(survey: Survey, citizens: int, folder: Path | None) -> None:
    with tempfile.TemporaryDirectory(dir=folder) as temporary:
        runs = {}
        for group_commit in (False, True):
            database = Path(temporary) / f"engine-{'group' if group_commit else 'single'}.db"
            runs[group_commit] = asyncio.run(measure(database, survey, citizens, group_commit))
            print(f"{citizens} citizens, {'group commit' if group_commit else 'commit per write'}:"
                  f" {check(database, survey, runs[group_commit])}")
    base, fast = runs[False], runs[True]

    def figures(run: Run) -> tuple[float, float, float, float]:
        calls = len(run.latencies)
        cuts = statistics.quantiles(run.latencies, n=100)
        return calls / run.wall, cuts[49] * 1000, cuts[98] * 1000, run.cpu / calls * 1000

    b, f = figures(base), figures(fast)
    print(f"\n{citizens} citizens, {len(fast.latencies)} engine calls per configuration")
    print(f"{'':<22}{'commit per write':>14}{'group commit':>16}")
    print(_row("engine calls/s", b[0], f[0], "calls/s", True))
    print(_row("p50 call latency", b[1], f[1], "ms", False))
    print(_row("p99 call latency", b[2], f[2], "ms", False))
    print(_row("CPU per call", b[3], f[3], "ms", False))


if __name__ == "__main__":
    main()
