"""python -m surveys: check, load, open, close and export consultations.

Organisers write a survey as a YAML file (see surveys/examples/), check it with `validate`,
store it with `load` (a changed file becomes a new version; answers stay with the version they
answered), then `open` it for citizens and `close` it when the consultation ends. `export`
writes the folder the analysis reads (`python -m analysis report --polis DIR`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from surveys.engine import Engine
from surveys.model import Survey
from surveys.settings import storage_settings
from surveys.storage.address import DATABASE_ERRORS, is_postgres, normalise, shown
from surveys.surveyfile import SurveyFileError, check_survey_file, load_survey
from surveys.views import SurveyInfo, UnknownSurvey

# Commands that cannot do anything useful in a database that does not exist yet: they say so
# instead of leaving an empty samen.db behind.
NEED_A_DATABASE = ("list", "open", "close", "export")
NOTHING_LOADED = "nothing was loaded: fix the problems above and run load again"


def _add_database_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db", type=normalise, default=default, metavar="DB",
        help="a SQLite file or a postgresql://user@host:port/database URL (default: "
             "$SAMEN_DATABASE_URL or $SAMEN_DB from the environment or .env, else samen.db)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m surveys",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_database_option(parser, default=None)
    # --db after the command too (`list --db other.db`). SUPPRESS: a subcommand's own default
    # would overwrite a --db given before the command.
    database = argparse.ArgumentParser(add_help=False)
    _add_database_option(database, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check survey files; print every problem as FILE:LINE: field: message",
        description="Check survey files without touching the database. Exit status 1 when any "
                    "file has a problem.",
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load = commands.add_parser(
        "load", parents=[database],
        help="store survey files (a new version when a file changed)",
        description="Validate and store survey files. An unchanged file keeps its version; a "
                    "changed one becomes the next version. A new survey starts as a draft: "
                    "`open` it when ready. When any file has a problem, none is loaded.",
    )
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    commands.add_parser("list", parents=[database],
                        help="list stored surveys with version and status")
    for name, verb in (("open", "let citizens take part in"), ("close", "stop")):
        command = commands.add_parser(name, parents=[database], help=f"{verb} a survey")
        command.add_argument("survey_id", metavar="ID")
    export = commands.add_parser(
        "export", parents=[database],
        help="write a survey's export folder (Pol.is format + answers)",
        description="Write comments.csv, votes.csv and participants-votes.csv (the Pol.is "
                    "open-data format) plus survey.json, participants.csv, answers.csv and "
                    "proposals.csv into DIR. Participants appear only as numbers and pseudonyms.",
    )
    export.add_argument("survey_id", metavar="ID")
    export.add_argument("--out", type=Path, required=True, metavar="DIR")
    copy = commands.add_parser(
        "copy", help="copy a SQLite database into PostgreSQL (ids kept, every row checked)",
        description="Copy every survey, participant, answer, proposal and vote from a SQLite "
                    "file into a PostgreSQL database, keeping their ids, in one transaction. "
                    "Each table is compared afterwards; a target holding other data is refused "
                    "and left as it was. Running it again copies nothing. Stop the bot first.",
    )
    copy.add_argument("--from", dest="source", type=normalise, required=True, metavar="FILE",
                      help="the SQLite database (a path or sqlite:///path)")
    copy.add_argument("--to", dest="target", required=True, metavar="URL",
                      help="postgresql://user@host:port/database")
    return parser


def _validate(files: Sequence[Path]) -> int:
    status = 0
    for path in files:
        problems = check_survey_file(path)
        for problem in problems:
            print(problem)
        if problems:
            status = 1
        else:
            print(f"{path}: ok")
    return status


def _describe(info: SurveyInfo) -> str:
    title = info.title.get(info.languages[0]) if info.languages else ""
    window = ""
    if info.opens or info.closes:
        opens = info.opens.isoformat() if info.opens else "…"
        closes = info.closes.isoformat() if info.closes else "…"
        window = f"  [{opens} – {closes}]"
    # An open survey outside its dates takes nobody: say so in words, not as a reason code.
    state = info.status if info.available or info.status != "open" else (
        "open (its closes date has passed: nobody can take part)"
        if info.unavailable_reason == "ended" else
        "open (before its opens date: nobody can take part yet)"
        if info.unavailable_reason == "not_yet_open" else
        f"open ({info.unavailable_reason})"
    )
    return f"{info.id}  v{info.version}  {state}  {title}{window}"


def _window_warning(info: SurveyInfo) -> str | None:
    """Why citizens cannot take part in an open survey because of its `opens`/`closes` dates."""
    if info.status != "open":
        return None
    if info.unavailable_reason == "ended" and info.closes is not None:
        return (f"warning: {info.id} is open, but citizens cannot take part: it closed on "
                f"{info.closes.isoformat()}; change `closes` in the file and load it again")
    if info.unavailable_reason == "not_yet_open" and info.opens is not None:
        return (f"note: {info.id} is open; citizens can take part from {info.opens.isoformat()} "
                "(its `opens`)")
    return None


def _warn_about_window(info: SurveyInfo | None) -> None:
    if info is not None and (warning := _window_warning(info)):
        print(warning, file=sys.stderr)


def _read_surveys(files: Sequence[Path]) -> list[Survey] | None:
    """Every file's survey, or None after printing every problem of every file."""
    surveys: list[Survey] = []
    failed = False
    for path in files:
        try:
            surveys.append(load_survey(path))
        except SurveyFileError as error:
            failed = True
            for problem in error.problems:
                print(problem, file=sys.stderr)
    if failed:
        print(NOTHING_LOADED, file=sys.stderr)
        return None
    return surveys


async def _copy(arguments: argparse.Namespace) -> int:
    from surveys.storage.transfer import CopyRefused, copy_database, describe

    if is_postgres(arguments.source) or not is_postgres(arguments.target):
        print("copy goes from a SQLite file (--from) to a postgresql:// URL (--to)",
              file=sys.stderr)
        return 2
    try:
        copies = await copy_database(arguments.source, arguments.target)
    except CopyRefused as error:
        print(f"not copied: {error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"not copied: {error}", file=sys.stderr)
        return 2
    print(describe(copies, arguments.source, arguments.target))
    return 0


async def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "copy":
        return await _copy(arguments)
    settings = storage_settings()
    database = arguments.db or settings.database
    if (arguments.command in NEED_A_DATABASE and not is_postgres(database)
            and not Path(database).exists()):
        print(f"no database at {database} (load a survey first, or use --db)", file=sys.stderr)
        return 2
    if arguments.command == "load":
        surveys = _read_surveys(arguments.files)
        if surveys is None:
            return 1
    async with await Engine.open(database, settings.pseudonym_secret) as engine:
        if arguments.command == "load":
            for path, survey in zip(arguments.files, surveys, strict=True):
                result = await engine.load_survey(survey)
                change = "new version" if result.changed else "unchanged"
                print(f"{path}: {result.survey_id} v{result.version} ({change})")
                _warn_about_window(await engine.survey_info(result.survey_id))
        elif arguments.command == "list":
            infos = await engine.list_surveys()
            if not infos:
                print(f"no surveys in {shown(database)}; add one with: python -m surveys load FILE")
            for info in infos:
                print(_describe(info))
        elif arguments.command in ("open", "close"):
            change = engine.open_survey if arguments.command == "open" else engine.close_survey
            info = await change(arguments.survey_id)
            print(_describe(info))
            _warn_about_window(info)
        elif arguments.command == "export":
            summary = await engine.export(arguments.survey_id, arguments.out)
            print(f"{summary.folder}: {summary.participants} participants, {summary.answers} "
                  f"answers, {summary.proposals} proposals, {summary.vote_events} votes")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "validate":
        return _validate(arguments.files)
    try:
        return asyncio.run(_run(arguments))
    except UnknownSurvey as error:
        print(f"no survey with id {error.args[0]!r}; see: python -m surveys list", file=sys.stderr)
    except DATABASE_ERRORS as error:
        print(f"cannot use the database: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
