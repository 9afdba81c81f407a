"""python -m surveys: validate, load, list, open, close, export, with friendly errors."""

from __future__ import annotations

import subprocess
import sys
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
    assert main([*db, "list"]) == 0
    assert "no surveys" in capsys.readouterr().out
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
                      ["--db", str(tmp_path / "missing" / "x.db"), "list"],
                      ["validate", str(tmp_path / "absent.yaml")]):
        result = subprocess.run([sys.executable, "-m", "surveys", *arguments], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, arguments
        assert "Traceback" not in result.stderr + result.stdout
        assert (result.stderr + result.stdout).strip()
