"""Write the consensus report for a consultation: one page a council reads in ten minutes.

From a Samen database (the survey is exported to a temporary folder first) or from a Pol.is
open-data export folder, writes:

  DIR/index.html         self-contained page (charts embedded, no external requests; prints to A4)
  DIR/report.pdf         the same as a PDF (unless --no-pdf)
  DIR/charts/*.png|svg   every chart
  DIR/tables/*.csv       every table behind the figures
  DIR/findings.json      the report's claims, machine-readable (groups, consensus, divisive,
                         themes, open answers)

examples:
  python -m analysis report --db samen.db --survey queetz-wijk --out rapport/
  python -m analysis report --polis ../shared/data/polis/brexit-consensus --out brexit/ --lang en
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
from pathlib import Path

from analysis.opinions.reader import ExportError, export_folder
from analysis.progress import Progress
from surveys.storage.address import Database, is_postgres, normalise, shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", type=normalise, metavar="DB",
                        help="Samen database (a SQLite file or a postgresql:// URL); "
                             "needs --survey")
    source.add_argument("--polis", type=Path, metavar="DIR",
                        help="a Pol.is open-data export folder (comments.csv, votes.csv, ...) "
                             "or a folder written by `python -m surveys export`")
    parser.add_argument("--survey", metavar="ID", help="survey id in --db")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="folder to write the report into (created if needed)")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the report (default: nl)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random_state for groups and themes (default: 0)")
    parser.add_argument("--no-pdf", action="store_true", help="skip report.pdf")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def run(args: argparse.Namespace) -> int:
    from analysis.report.build import NoVotesError, build_report  # matplotlib loads only now

    progress = Progress(enabled=not args.quiet)
    if args.db is not None and not args.survey:
        print(f"--db needs --survey ID (see: python -m surveys --db {shown(args.db)} list)",
              file=sys.stderr)
        return 2
    missing = missing_input(args)
    if missing:
        print(f"cannot make the report: {missing}", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="samen-export-") as scratch:
            folder = args.polis
            if args.db is not None:
                with progress.stage(f"exporting survey {args.survey}"):
                    folder = Path(scratch)
                    asyncio.run(export_from_database(args.db, args.survey, folder))
            files = build_report(folder, args.out, language=args.lang, random_state=args.seed,
                                 pdf=not args.no_pdf, progress=progress)
    except NoVotesError:
        # Named as the user gave it: a --db survey's export folder is a temporary one.
        source = (f"survey {args.survey!r} in {shown(args.db)}" if args.db is not None
                  else args.polis)
        print(f"cannot make the report: {source} has no votes yet, so there is nothing to "
              "report", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError, LookupError) as error:
        # ExportError is a ValueError; an unknown survey a LookupError (export_from_database).
        print(f"cannot make the report: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # --out cannot be written (a file on the way, no permission...)
        print(f"cannot make the report: cannot write {error.filename or args.out}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    print(files.html)
    return 0


def missing_input(args: argparse.Namespace) -> str | None:
    """What is wrong with --db or --polis before anything runs, or None when both are fine."""
    if args.db is not None:
        return database_problem(args.db)
    if args.polis is not None:
        try:
            export_folder(args.polis)
        except ExportError as error:
            return str(error)
    return None


def database_problem(database: Database) -> str | None:
    if is_postgres(database):  # a server: asked when the store opens
        return None
    database = Path(database)
    if not database.exists():
        return f"{database}: no such database"
    if not database.is_file():
        return f"{database}: not a database file"
    return None


async def export_from_database(database: Database, survey_id: str, folder: Path) -> None:
    """Write the survey's export folder with `surveys.export` (the only DB access here)."""
    from surveys.export import export_survey
    from surveys.storage import open_store
    from surveys.views import UnknownSurvey

    problem = database_problem(database)
    if problem is not None:
        raise FileNotFoundError(problem)
    import asyncpg

    try:
        store = await open_store(database)
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{database}: not a Samen database ({error})") from None
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise ValueError(f"{shown(database)}: cannot connect ({error})") from None
    try:
        await export_survey(store, survey_id, folder)
    except UnknownSurvey:
        raise LookupError(f"no survey {survey_id!r} in {shown(database)}; see: "
                          f"python -m surveys --db {shown(database)} list") from None
    finally:
        await store.close()
