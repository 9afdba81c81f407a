"""One exit-code convention for every command line (README, "Input files, spreadsheets and exit
codes"): 0 done, 1 bad input, 2 usage; always a message saying why, never a traceback."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.__main__ import main as analysis_main
from analysis.report.simulate import write_consultation
from bot.__main__ import main as bot_main
from surveys.__main__ import main as surveys_main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = sorted((ROOT / "surveys" / "examples").glob("*.yaml"))[0]


def run(main: Callable[[list[str]], int], argv: list[str], out: bool = False) -> tuple[int, str]:
    """Exit code and stderr (plus stdout with `out`: `surveys validate` reports there)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(err if out else io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's own usage errors
            code = int(exit_.code or 0)
    return code, err.getvalue()


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    write_consultation(folder, n_participants=30, n_proposals=8, votes_per_participant=6)
    return folder


@pytest.fixture(name="a_file")
def a_file_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


USAGE = [
    (analysis_main, ["opinions"]),
    (analysis_main, ["report", "--polis", "x", "--db", "y", "--out", "o"]),
    (analysis_main, ["report", "--db", "samen.db", "--out", "o"]),
    (analysis_main, ["themes", "x.csv", "--out", "o.csv", "--k", "0"]),
    (analysis_main, ["nonsense"]),
    (surveys_main, ["validate"]),
    (surveys_main, ["frobnicate"]),
    (bot_main, ["run", "--workers", "many"]),
]


@pytest.mark.parametrize(("main", "argv"), USAGE, ids=[" ".join(a) for _, a in USAGE])
def test_usage_errors_exit_2(main, argv) -> None:
    code, err = run(main, argv)
    assert code == 2 and err.strip() and "Traceback" not in err


def test_bad_input_exits_1_with_one_line(tmp_path: Path, export: Path, a_file: Path) -> None:
    cases = [
        (analysis_main, ["opinions", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]),
        (analysis_main, ["report", "--polis", str(a_file), "--out", str(tmp_path / "o")]),
        (
            analysis_main,
            ["report", "--db", str(a_file), "--survey", "x", "--out", str(tmp_path / "o")],
        ),
        (analysis_main, ["themes", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "t")]),
        (surveys_main, ["validate", str(a_file)]),
        (surveys_main, ["--db", str(tmp_path / "none.db"), "list"]),
        # An output that cannot be written (a file where a folder must go) is bad input too.
        (analysis_main, ["opinions", str(export), "--out", str(a_file / "o"), "--quiet"]),
        (
            analysis_main,
            [
                "themes",
                str(export / "comments.csv"),
                "--text-column",
                "comment-body",
                "--out",
                str(a_file / "t.csv"),
                "--quiet",
            ],
        ),
    ]
    for main, argv in cases:
        code, err = run(main, argv, out=argv[0] == "validate")
        lines = [line for line in err.splitlines() if not line.startswith("warning:")]
        assert code == 1 and len(lines) >= 1 and "Traceback" not in err, (argv, code, err)


def test_report_into_an_unwritable_folder_exits_1(export: Path, a_file: Path) -> None:
    # Before: NotADirectoryError traceback.
    code, err = run(
        analysis_main,
        ["report", "--polis", str(export), "--out", str(a_file / "report"), "--no-pdf", "--quiet"],
    )
    assert (code, err) == (
        1,
        f"cannot make the report: cannot write {a_file / 'report'}: Not a directory\n",
    )


def test_surveys_export_into_an_unwritable_folder_names_the_folder(
    tmp_path: Path, a_file: Path, monkeypatch
) -> None:
    # Before: "cannot use the database: [Errno 20] Not a directory" (the database was fine).
    monkeypatch.setenv("SAMEN_PSEUDONYM_SECRET", "x" * 64)
    database = ["--db", str(tmp_path / "s.db")]
    assert run(surveys_main, [*database, "load", str(EXAMPLE)])[0] == 0
    survey_id = EXAMPLE.stem
    code, err = run(surveys_main, [*database, "export", survey_id, "--out", str(a_file / "x")])
    assert code == 1 and err.startswith(f"cannot write {a_file / 'x'}")
    assert "database" not in err
