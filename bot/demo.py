"""python -m bot demo: the whole flow in one command, with no token and no network.

A local Telegram Bot API server starts on 127.0.0.1, a survey (an example, or your own file) is
loaded and opened in a fresh SQLite file, the real bot (the same `build_application` as in
production) long-polls that server over HTTP, and a few hundred simulated citizens with distinct
opinion profiles take part, arriving one after another: consent, questions, their own proposals
and answers (in the survey's language), votes. A simulated organiser moderates with /moderate as
proposals come in. Then a summary, the export folder and, when the report module is installed,
the consensus report, in a folder named after the survey.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bot.app import build_application, start_polling, stop_polling
from bot.config import BotSettings
from bot.demo_citizens import REPLY_TIMEOUT, Guide, Journey, Profile, take_part
from bot.localapi import LocalBotApi
from surveys.engine import Engine
from surveys.model import Survey
from surveys.storage.address import Database, is_postgres, normalise, shown
from surveys.storage.fresh import NotADemoDatabase, start_afresh
from surveys.surveyfile import SurveyFileError, load_survey
from surveys.views import SurveyStats

EXAMPLES = Path(__file__).resolve().parents[1] / "surveys" / "examples"
DEMO_SECRET = b"samen-demo-secret"  # the demo's pseudonyms mean nothing outside demo.db
ORGANISER = 1
FIRST_CITIZEN = 100_000
# A consultation runs for weeks; the demo compresses it into seconds. Citizens arrive one after
# another, about an eighth of them taking part at any moment, so later arrivals judge the
# proposals of earlier ones once the organiser has approved them (as in a live consultation).
SHARE_AT_ONCE = 1 / 8
MIN_AT_ONCE = 4
# The organiser looks for new proposals this often (seconds) when none are waiting.
MODERATION_PAUSE = 0.2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--citizens", type=citizen_count, default=200, metavar="N",
                        help="how many simulated citizens take part (default 200)")
    parser.add_argument("--db", type=normalise, default=Path("demo.db"), metavar="DB",
                        help="the SQLite file to create, replacing any earlier one (default "
                             "demo.db), or a postgresql:// URL of an empty database (or one "
                             "an earlier demo used: it is emptied)")
    parser.add_argument("--survey", default="zorg-bezuinigen", metavar="ID|FILE",
                        help="an example survey from surveys/examples (default "
                             "zorg-bezuinigen; also: city-climate-budget), or your own survey "
                             "file to preview it with simulated citizens")
    parser.add_argument("--out", type=Path, default=Path("demo-report"), metavar="DIR",
                        help="the export folder and the report go into DIR/SURVEY-ID, so "
                             "surveys do not overwrite each other (default demo-report)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--delay", type=float, default=0.0, metavar="SECONDS",
                        help="simulated network delay of every Bot API call (default 0)")
    parser.add_argument("--report-language", choices=("nl", "en"), default=None,
                        help="language of the consensus report (default: the survey's first "
                             "language if it is nl or en, else nl)")


def citizen_count(text: str) -> int:
    """--citizens: a whole number of at least 1 (with none, there is nothing to show)."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"at least 1 citizen is needed, got {count}")
    return count


def run(args: argparse.Namespace) -> int:
    survey_file = survey_path(args.survey)
    if survey_file is None:
        known = ", ".join(sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
        print(f"no example survey {args.survey!r} and no file of that name; choose one of: "
              f"{known}, or give the path of your survey file", file=sys.stderr)
        return 2
    try:
        load_survey(survey_file)
    except SurveyFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("The demo did not start: correct the survey file and try again.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(demo(survey_file, args))


def survey_path(name: str) -> Path | None:
    """--survey: an example's id, else a file's path; None when it is neither."""
    example = EXAMPLES / f"{name}.yaml"
    if "/" not in name and "\\" not in name and example.exists():
        return example
    return Path(name) if Path(name).exists() else None


def output_folder(out: Path, survey: Survey) -> Path:
    """Where one survey's export and report go: named after the survey, so that demos of
    different surveys (an example, your own file) do not overwrite each other."""
    return out / survey.id


async def demo(survey_file: Path, args: argparse.Namespace) -> int:
    # The example's opening dates are for a real consultation; the demo runs now.
    survey = dataclasses.replace(load_survey(survey_file), opens=None, closes=None)
    out = output_folder(args.out, survey)
    for folder in (out / "export", out / "report"):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        await start_afresh(args.db, survey.id)  # every run starts fresh
    except NotADemoDatabase as error:
        print(error, file=sys.stderr)
        return 2
    engine = await Engine.open(args.db, DEMO_SECRET, rng=random.Random(args.seed))
    await engine.load_survey(survey)
    await engine.open_survey(survey.id)
    print(f"Survey “{survey.title.get(survey.languages[0])}” ({survey.id}) loaded and opened "
          f"in {shown(args.db)}")

    async with LocalBotApi(delay=args.delay, log_calls=False) as api:
        settings = BotSettings(
            token="123456:DEMO", api_base_url=api.base_url, api_file_url=api.base_file_url,
            organiser_ids=frozenset({ORGANISER}),
            # Simulated citizens are faster than any person; no flood limits in the demo.
            send_rate_limit=0, chat_send_rate=0, flood_limit=0,
        )
        application = build_application(settings, engine)
        await start_polling(application)
        print(f"Bot running against the local Bot API at {api.base_url}…")
        print(f"{args.citizens} simulated citizens take part…")
        started = time.perf_counter()
        crowd_done = asyncio.Event()
        moderation = asyncio.create_task(moderate(api, crowd_done, random.Random(args.seed)))
        try:
            journeys = await crowd(api, survey, args.citizens, args.seed)
        finally:
            crowd_done.set()
            approved, rejected = await moderation
            await stop_polling(application)
        elapsed = time.perf_counter() - started
        stats = await engine.stats(survey.id)
    await engine.close()

    summarise(journeys, stats, elapsed, args.db, (approved, rejected))
    export_dir = out / "export"
    exported = export(args.db, survey.id, export_dir)
    language = args.report_language or next(
        (code for code in survey.languages if code in ("nl", "en")), "nl")
    if exported and stats.votes == 0:  # e.g. every citizen got stuck: nothing to analyse
        print("No votes were cast, so there is no consensus report this time.")
    elif exported:
        write_report(export_dir, out / "report", language)
    return 0


async def crowd(api: LocalBotApi, survey: Survey, count: int, seed: int) -> list[Journey]:
    rng, guide = random.Random(seed), Guide(survey)
    profiles = [Profile.draw(FIRST_CITIZEN + n, rng, guide) for n in range(count)]

    at_once = asyncio.Semaphore(max(MIN_AT_ONCE, round(count * SHARE_AT_ONCE)))

    async def one(profile: Profile) -> Journey:
        async with at_once:  # waiters are let in first come, first served
            return await journey_of(profile)

    async def journey_of(profile: Profile) -> Journey:
        citizen = api.citizen(profile.user_id, first_name=f"Burger {profile.user_id}",
                              language_code=profile.language)
        try:
            return await take_part(citizen, profile, survey.id)
        except (TimeoutError, StopIteration, LookupError) as error:
            print(f"  citizen {profile.user_id} got stuck: {str(error).splitlines()[0]}",
                  file=sys.stderr)
            return Journey()

    return list(await asyncio.gather(*(one(p) for p in profiles)))


async def moderate(
    api: LocalBotApi, crowd_done: asyncio.Event, rng: random.Random
) -> tuple[int, int]:
    """An organiser in their own chat: /moderate, approving most proposals and rejecting some,
    until the citizens are done (under post-moderation there is simply nothing to do)."""
    organiser = api.citizen(ORGANISER, first_name="Organisator", language_code="nl")
    approved = rejected = 0
    while not crowd_done.is_set():
        await organiser.command("/moderate")
        screen = await organiser.next_reply(REPLY_TIMEOUT)
        while screen.buttons:  # a pending proposal with Approve / Reject
            approve = rng.random() < 0.9
            await organiser.press(screen.buttons[0][0 if approve else 1])
            approved, rejected = approved + approve, rejected + (not approve)
            await organiser.next_reply(REPLY_TIMEOUT)  # the decision, edited in
            screen = await organiser.next_reply(REPLY_TIMEOUT)  # the next one, or "none left"
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(crowd_done.wait(), timeout=MODERATION_PAUSE)
    return approved, rejected


def summarise(
    journeys: list[Journey], stats: SurveyStats, elapsed: float, database: Database,
    moderated: tuple[int, int],
) -> None:
    actions = sum(j.actions for j in journeys)
    proposals = ", ".join(f"{n} {status}" for status, n in sorted(stats.proposals.items()))
    print()
    print(f"Done in {elapsed:.1f} s ({actions / elapsed:.0f} citizen actions/s)")
    print(f"  participants (consented): {stats.participants}")
    print(f"  completed:                {stats.completed} ({100 * stats.completion_rate:.0f}%)")
    print(f"  proposals:                {proposals} (statements included)")
    print(f"  supported instead:        {sum(j.supported for j in journeys)}")
    print(f"  votes:                    {stats.votes} ({stats.vote_events} vote events)")
    print(f"  moderated (organiser):    {moderated[0]} approved, {moderated[1]} rejected")
    approved = stats.proposals.get("approved", 0)
    print(f"  judged:                   {stats.approved_judged} of {approved} approved proposals "
          f"got at least one vote ({judged_percent(stats)}%)")
    print(f"  stale-button replies:     {sum(j.stale for j in journeys)}")
    print(f"Data: {shown(database) if is_postgres(database) else Path(database).resolve()}")


def judged_percent(stats: SurveyStats) -> int:
    """The share of approved proposals (statements included) with at least one vote, in %."""
    approved = stats.proposals.get("approved", 0)
    return round(100 * stats.approved_judged / approved) if approved else 0


def export(database: Database, survey_id: str, folder: Path) -> bool:
    command = [sys.executable, "-m", "surveys", "--db", str(database), "export", survey_id,
               "--out", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"Export failed: {result.stderr.strip()}", file=sys.stderr)
        return False
    print(f"Export (Pol.is format + tables): {folder.resolve()}")
    return True


def write_report(export_dir: Path, report_dir: Path, language: str) -> None:
    """The consensus report from the export folder, as `python -m analysis report` writes it."""
    from analysis.progress import Progress
    from analysis.report.build import build_report  # matplotlib loads only here

    print("Writing the consensus report…")
    files = build_report(export_dir, report_dir, language=language,
                         progress=Progress(enabled=False))
    print(f"Report: {files.html.resolve()}")
    if files.pdf is not None:
        print(f"        {files.pdf.resolve()}")
