"""The themes command refuses a device, a FIFO or a giant file before reading (issue #14, 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.__main__ import main as analysis_main
from analysis.themes.csv_input import MAX_INPUT_BYTES

ROOT = Path(__file__).resolve().parents[2]


def test_a_device_is_refused(tmp_path: Path, capsys) -> None:
    # Before: /dev/zero was read until memory ran out (MemoryError traceback).
    assert analysis_main(["themes", "/dev/zero", "--out", str(tmp_path / "t.csv")]) == 1
    assert capsys.readouterr().err == "error: /dev/zero: is a device, not a regular file\n"


def test_a_giant_file_is_refused_before_reading(tmp_path: Path, capsys) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: nothing is written to disk
    assert analysis_main(["themes", str(huge), "--out", str(tmp_path / "t.csv")]) == 1
    assert "more than the 256.0 MB this command reads" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "proposals.csv"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "themes", str(fifo), "--out", str(tmp_path / "t.csv")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (done.returncode, done.stderr) == (
        1,
        f"error: {fifo}: is a named pipe (FIFO), not a regular file\n",
    )
