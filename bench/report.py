"""Benchmark: how long the consensus report takes, against its budget (60 s for 2,000 people).

    .venv/bin/python bench/report.py [--participants 2000] [--proposals 200] [--polis DIR]

Baseline, measured in the same run: reading the export and running the two analyses alone
(`analysis.opinions.analyse` + `ThemeModel`). The report's own cost is the rest: charts, page,
tables, PDF. Figures are printed as seconds and as a ratio to that baseline. `--polis` adds
real Pol.is conversations (default: every folder under ../shared/data/polis). `--repeat N`
takes the fastest of N runs of each (on a shared machine one run's ratio swings by 2x).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from analysis.report.analyses import run_analyses
from analysis.report.build import build_report
from analysis.report.data import load_folder
from analysis.report.simulate import write_consultation

BUDGET_SECONDS = 60.0


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - start, value


def measure(folder: Path, label: str, scratch: Path, repeat: int = 1) -> None:
    baseline = total = float("inf")
    for _ in range(repeat):  # interleaved, so a busy spell slows both alike
        baseline = min(baseline, timed(lambda: run_analyses(load_folder(folder)))[0])
        seconds, files = timed(build_report, folder, scratch / label, language="nl", pdf=True)
        total = min(total, seconds)
    verdict = "ok" if total < BUDGET_SECONDS else "OVER BUDGET"
    print(f"{label:32s} report {total:6.1f}s  baseline (load+analyses) {baseline:6.1f}s  "
          f"ratio {total / baseline:4.2f}  charts {len(files.charts) // 2:3d}  "
          f"budget {BUDGET_SECONDS:.0f}s: {verdict}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--proposals", type=int, default=200)
    parser.add_argument("--votes-per-participant", type=int, default=30)
    parser.add_argument("--polis", type=Path, nargs="*", default=None,
                        help="Pol.is export folders (default: ../shared/data/polis/*)")
    parser.add_argument("--no-polis", action="store_true", help="only the simulation")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each; the fastest counts (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch_name:
        scratch = Path(scratch_name)
        export = scratch / "export"
        write_consultation(export, n_participants=args.participants,
                           n_proposals=args.proposals,
                           votes_per_participant=args.votes_per_participant,
                           group_shares=(0.45, 0.35, 0.2), languages=("nl", "en"))
        measure(export, f"simulated {args.participants} people", scratch, args.repeat)
        if args.no_polis:
            return
        root = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polis"
        folders = args.polis if args.polis else sorted(p for p in root.glob("*") if p.is_dir())
        for folder in folders:
            measure(folder, folder.name, scratch, args.repeat)


if __name__ == "__main__":
    main()
