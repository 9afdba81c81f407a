"""Input files are checked before they are read: no device, FIFO or giant file (issue #14, 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from surveys.__main__ import main as surveys_main
from surveys.inputfiles import InputFileError, read_bounded
from surveys.surveyfile import MAX_SURVEY_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _validate_in_a_subprocess(*files: Path) -> subprocess.CompletedProcess[str]:
    # In a subprocess with a timeout: on the old code a FIFO made `validate` wait forever.
    return subprocess.run(
        [sys.executable, "-m", "surveys", "validate", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_validate_refuses_a_device_without_reading_it(capsys) -> None:
    # Before: /dev/zero was read until memory ran out.
    assert surveys_main(["validate", "/dev/zero"]) == 1
    assert capsys.readouterr().out.strip() == "/dev/zero: is a device, not a regular file"


@needs_fifo
def test_validate_refuses_a_fifo_instead_of_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "survey.yaml"
    os.mkfifo(fifo)
    done = _validate_in_a_subprocess(fifo)
    assert done.returncode == 1
    assert done.stdout.strip() == f"{fifo}: is a named pipe (FIFO), not a regular file"
    assert "Traceback" not in done.stderr


def test_validate_refuses_a_file_over_the_limit(tmp_path: Path, capsys) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_SURVEY_FILE_BYTES + 1)  # sparse: nothing is written to disk
    assert surveys_main(["validate", str(huge)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{huge}: is 4,194,305 bytes, more than the 4.0 MB")
    assert out.count("\n") == 1


def test_load_refuses_a_device(tmp_path: Path, capsys) -> None:
    assert surveys_main(["load", "/dev/zero", "--db", str(tmp_path / "s.db")]) == 1
    assert "/dev/zero: is a device, not a regular file" in capsys.readouterr().err


def test_read_bounded(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"12345")
    assert read_bounded(path, 5) == b"12345"
    with pytest.raises(InputFileError, match="is 5 bytes, more than the 4 bytes"):
        read_bounded(path, 4)
    with pytest.raises(InputFileError, match="file not found"):
        read_bounded(tmp_path / "missing", 4)
    with pytest.raises(InputFileError, match="is a folder"):
        read_bounded(tmp_path, 4)
