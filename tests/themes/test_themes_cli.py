"""python -m analysis themes, end to end in a subprocess."""

import csv
import subprocess
import sys
from pathlib import Path

from tests.themes.corpus import proposals

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "themes", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def write_table(path: Path, texts: list[str], delimiter: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["comment-id", "text"])
        writer.writerows((i, text) for i, text in enumerate(texts))


def read_output(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_with_fixed_k(tmp_path: Path) -> None:
    texts, _ = proposals(per_topic=10, seed=2)
    source, out = tmp_path / "proposals.csv", tmp_path / "themes.csv"
    write_table(source, texts, ",")
    result = run_cli(source, "--text-column", "text", "--k", "4", "--seed", "1", "--out", out)
    assert result.returncode == 0, result.stderr
    rows = read_output(out)
    assert [r["row"] for r in rows] == [str(i) for i in range(len(texts))]
    assert {r["theme"] for r in rows} == {"0", "1", "2", "3"}
    assert all(r["theme_label"] for r in rows)
    assert "4 themes" in result.stdout
    assert "features" in result.stderr  # progress goes to stderr


def test_tsv_with_automatic_k(tmp_path: Path) -> None:
    texts, _ = proposals(per_topic=10, seed=3)
    texts = [*texts, "Kunstmatige intelligentie\tin de raad"]  # a tab inside a quoted field
    source, out = tmp_path / "proposals.tsv", tmp_path / "themes.csv"
    write_table(source, texts, "\t")
    result = run_cli(source, "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    rows = read_output(out)
    assert len(rows) == len(texts)
    assert result.stderr == ""
    assert all((r["theme"] == "-1") == (r["theme_label"] == "other") for r in rows)


def test_missing_column_lists_the_columns(tmp_path: Path) -> None:
    source = tmp_path / "proposals.csv"
    write_table(source, ["een", "twee"], ",")
    result = run_cli(source, "--text-column", "body", "--out", tmp_path / "out.csv")
    assert result.returncode == 2
    assert "'comment-id', 'text'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = run_cli(empty, "--out", tmp_path / "out.csv")
    assert result.returncode == 2 and "empty" in result.stderr
    header_only = tmp_path / "header.csv"
    header_only.write_text("text\n")
    result = run_cli(header_only, "--out", tmp_path / "out.csv")
    assert result.returncode == 2 and "no rows" in result.stderr
    result = run_cli(tmp_path / "nope.csv", "--out", tmp_path / "out.csv")
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_fewer_themes_than_asked_are_explained(tmp_path: Path) -> None:
    texts = ["Meer fietspaden in de stad"] * 6 + ["Plant meer bomen in het park"] * 6
    source, out = tmp_path / "proposals.csv", tmp_path / "themes.csv"
    write_table(source, texts, ",")
    result = run_cli(source, "--k", "5", "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    assert {r["theme"] for r in read_output(out)} == {"0", "1"}
    assert "asked for 5 themes, found 2" in result.stdout
    asked_for_two = run_cli(source, "--k", "2", "--out", out, "--quiet")
    assert "asked for" not in asked_for_two.stdout
