"""python -m surveys: validate, load, list, open, close, export, with friendly errors."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from surveys.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "surveys" / "examples").glob("*.yaml"))


def test_validate_prints_ok_or_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    assert EXAMPLES
    assert main(["validate", *map(str, EXAMPLES)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{path}: ok" for path in EXAMPLES]
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: 3\nsurprise: yes\n", encoding="utf-8")
    assert main(["validate", str(EXAMPLES[0]), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{EXAMPLES[0]}: ok"
    assert len(lines) > 2 and all(line.startswith(f"{bad}:") for line in lines[1:])


def test_load_list_open_close_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "cli.db")]
    example = str(EXAMPLES[0])
    assert main([*db, "load", example]) == 0
    assert "v1 (new version)" in capsys.readouterr().out
    assert main([*db, "load", example]) == 0
    assert "v1 (unchanged)" in capsys.readouterr().out
    changed = tmp_path / "changed.yaml"
    source = EXAMPLES[0].read_text(encoding="utf-8")
    changed.write_text(source.replace("title:", "title:", 1).replace("\nintro:", "\n# c\nintro:")
                       , encoding="utf-8")
    assert main([*db, "load", str(changed)]) == 0
    assert "(unchanged)" in capsys.readouterr().out  # a comment is not a change of content
    survey_id = EXAMPLES[0].stem
    assert main([*db, "open", survey_id]) == 0
    assert main([*db, "list"]) == 0
    listed = capsys.readouterr().out
    assert f"{survey_id}  v1  open" in listed
    assert main([*db, "close", survey_id]) == 0
    assert f"{survey_id}  v1  closed" in capsys.readouterr().out
    assert main([*db, "export", survey_id, "--out", str(tmp_path / "out")]) == 0
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "comments.csv", "votes.csv", "participants-votes.csv", "survey.json",
        "participants.csv", "answers.csv", "proposals.csv"}
    assert main([*db, "open", "no-such-survey"]) == 1
    assert "no survey with id 'no-such-survey'" in capsys.readouterr().err


def test_friendly_errors_without_tracebacks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    for arguments in (["--db", str(tmp_path / "x.db"), "load", str(bad)],
                      ["--db", str(tmp_path / "missing" / "x.db"), "load", str(EXAMPLES[0])],
                      ["validate", str(tmp_path / "absent.yaml")]):
        result = subprocess.run([sys.executable, "-m", "surveys", *arguments], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, arguments
        assert "Traceback" not in result.stderr + result.stdout
        assert (result.stderr + result.stdout).strip()


def test_commands_that_read_a_database_do_not_create_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SAMEN_DB", raising=False)
    for arguments in (["list"], ["open", "x"], ["close", "x"], ["export", "x", "--out", "out"]):
        assert main(arguments) == 1, arguments
        assert capsys.readouterr().err == (
            "no database at samen.db (load a survey first, or use --db)\n")
    assert list(tmp_path.iterdir()) == []  # no samen.db, no samen.db-writelock
    (tmp_path / "empty.db").touch()  # an existing, empty database is listed as such
    assert main(["--db", "empty.db", "list"]) == 0
    assert "no surveys in empty.db" in capsys.readouterr().out


def test_db_goes_before_or_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SAMEN_DB", raising=False)
    assert main(["load", str(EXAMPLES[0]), "--db", "after.db"]) == 0
    assert main(["--db", "after.db", "list"]) == 0  # the command's own --db does not override
    assert main(["list", "--db", "after.db"]) == 0
    listed = capsys.readouterr().out.splitlines()[1:]
    assert len(listed) == 2 and listed[0] == listed[1] and EXAMPLES[0].stem in listed[0]
    assert not (tmp_path / "samen.db").exists()
    for command in ("load", "list", "open", "close", "export"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--db DB" in capsys.readouterr().out, command


def test_load_checks_every_file_and_says_nothing_was_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: 3\n", encoding="utf-8")
    database = tmp_path / "cli.db"
    missing = tmp_path / "missing.yaml"
    arguments = ["--db", str(database), "load", str(bad), str(EXAMPLES[0]), str(missing)]
    assert main(arguments) == 1
    output = capsys.readouterr()
    problems = output.err.splitlines()
    assert problems[0].startswith(f"{bad}:")
    assert f"{missing}: file not found" in problems  # the files after a bad one are checked too
    assert problems[-1] == "nothing was loaded: fix the problems above and run load again"
    assert output.out == "" and not database.exists()


def _dated_copy(tmp_path: Path, opens: datetime, closes: datetime) -> Path:
    """The first example with other opens/closes dates."""
    lines = [
        f"opens: {opens.isoformat()}" if line.startswith("opens:")
        else f"closes: {closes.isoformat()}" if line.startswith("closes:") else line
        for line in EXAMPLES[0].read_text(encoding="utf-8").splitlines()
    ]
    path = tmp_path / f"dated-{opens:%Y%m%d}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_open_and_load_warn_when_the_dates_leave_citizens_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "cli.db")]
    survey_id = EXAMPLES[0].stem
    now = datetime.now(UTC).replace(microsecond=0)
    past = _dated_copy(tmp_path, now - timedelta(days=60), now - timedelta(days=30))
    assert main([*db, "load", str(past)]) == 0
    assert capsys.readouterr().err == ""  # a draft: nobody can take part yet anyway
    assert main([*db, "open", survey_id]) == 0
    closed_on = (now - timedelta(days=30)).isoformat()
    warning = (f"warning: {survey_id} is open, but citizens cannot take part: it closed on "
               f"{closed_on}; change `closes` in the file and load it again\n")
    printed = capsys.readouterr()
    assert printed.err == warning
    assert "open (its closes date has passed: nobody can take part)" in printed.out
    assert main([*db, "load", str(past)]) == 0  # still open, still ended
    assert capsys.readouterr().err == warning

    future = _dated_copy(tmp_path, now + timedelta(days=400), now + timedelta(days=500))
    assert main([*db, "load", str(future)]) == 0
    opens_on = (now + timedelta(days=400)).isoformat()
    assert capsys.readouterr().err == (
        f"note: {survey_id} is open; citizens can take part from {opens_on} (its `opens`)\n")

    current = _dated_copy(tmp_path, now - timedelta(days=1), now + timedelta(days=30))
    assert main([*db, "load", str(current)]) == 0
    assert main([*db, "open", survey_id]) == 0
    assert capsys.readouterr().err == ""
