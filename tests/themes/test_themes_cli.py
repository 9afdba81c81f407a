"""python -m analysis themes, end to end in a subprocess."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.__main__ import main
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
    assert result.returncode == 1
    assert "'comment-id', 'text'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = run_cli(empty, "--out", tmp_path / "out.csv")
    assert result.returncode == 1 and "empty" in result.stderr
    header_only = tmp_path / "header.csv"
    header_only.write_text("text\n")
    result = run_cli(header_only, "--out", tmp_path / "out.csv")
    assert result.returncode == 0 and "no rows" in result.stdout  # nothing to group: fine
    assert read_output(tmp_path / "out.csv") == []
    result = run_cli(tmp_path / "nope.csv", "--out", tmp_path / "out.csv")
    assert result.returncode == 1 and "does not exist" in result.stderr
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


def run_main(capsys, *args: str | Path) -> tuple[int, str, str]:
    """The CLI in this process (faster than a subprocess): exit code, stdout, stderr."""
    code = main(["themes", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("texts", [[], ["Meer fietspaden"], ["Meer fietspaden", "Plant bomen"],
                                   ["", "   "]])
def test_tiny_inputs_put_every_row_in_other(tmp_path: Path, capsys, texts: list[str]) -> None:
    source, out = tmp_path / "proposals.csv", tmp_path / "themes.csv"
    write_table(source, texts, ",")
    code, stdout, stderr = run_main(capsys, source, "--out", out, "--quiet")
    assert code == 0, stderr
    rows = read_output(out)
    assert [r["row"] for r in rows] == [str(i) for i in range(len(texts))]
    assert all(r["theme"] == "-1" and r["theme_label"] == "other" for r in rows)
    assert stdout.startswith("0 themes")
    assert "note: " in stdout  # says why there are no themes


def test_tiny_inputs_with_k_give_every_proposal_a_theme(tmp_path: Path, capsys) -> None:
    source, out = tmp_path / "proposals.csv", tmp_path / "themes.csv"
    write_table(source, ["Meer fietspaden in de stad", "", "Plant bomen in het park"], ",")
    code, stdout, stderr = run_main(capsys, source, "--k", "5", "--out", out, "--quiet")
    assert code == 0, stderr
    assert [r["theme"] for r in read_output(out)] in (["0", "-1", "1"], ["1", "-1", "0"])
    assert "asked for 5 themes, but there are only 2 proposals" in stdout

    write_table(source, ["Meer fietspaden in de stad"], ",")
    code, stdout, stderr = run_main(capsys, source, "--k", "1", "--out", out, "--quiet")
    assert code == 0, stderr
    assert [r["theme"] for r in read_output(out)] == ["0"]
    assert stdout.startswith("1 theme from 1 proposal")


def test_empty_rows_are_counted_apart_from_proposals(tmp_path: Path, capsys) -> None:
    texts, _ = proposals(per_topic=10, seed=2)
    texts = ["", *texts[:20], "  ", *texts[20:]]
    source, out = tmp_path / "proposals.csv", tmp_path / "themes.csv"
    write_table(source, texts, ",")
    code, stdout, stderr = run_main(capsys, source, "--k", "4", "--out", out)
    assert code == 0, stderr
    rows = read_output(out)
    assert len(rows) == len(texts)
    assert rows[0]["theme"] == rows[21]["theme"] == "-1"
    assert sum(r["theme"] == "-1" for r in rows) == 2  # --k: every proposal has a theme
    assert "4 themes from 40 proposals, 0 of them in 'other'; 2 empty rows, also 'other'" \
        in stdout
    assert "40 proposals and 2 empty rows from" in stderr


def test_summary_table_has_a_header(tmp_path: Path, capsys) -> None:
    texts, _ = proposals(per_topic=10, seed=2)
    source, out = tmp_path / "proposals.csv", tmp_path / "themes.csv"
    write_table(source, texts, ",")
    code, stdout, _ = run_main(capsys, source, "--k", "4", "--out", out, "--quiet")
    assert code == 0
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:3] == ["theme", "size",
                                                                             "label"])
    assert lines[header].split()[-1] == "example"
    table = lines[header + 1:lines.index("", header)]  # the tree of themes follows
    assert [line.split()[0] for line in table] == ["0", "1", "2", "3"]
    # The example column starts at the same place on every line.
    starts = {line.index(" '") if " '" in line else line.index(' "') for line in table}
    assert len(starts) == 1 and lines[header].index("example") == starts.pop() + 1


def test_semicolon_separated_windows_1252_file(tmp_path: Path, capsys) -> None:
    # Dutch Excel's "CSV": semicolons (the comma is the decimal sign) and Windows-1252.
    texts, _ = proposals(per_topic=10, seed=2)
    texts = [*texts, "Een café met één € korting, voor iedereen; ook ’s avonds"]
    source, out = tmp_path / "voorstellen.csv", tmp_path / "themes.csv"
    with source.open("w", newline="", encoding="cp1252") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "text"])
        writer.writerows((i, text) for i, text in enumerate(texts))
    code, stdout, stderr = run_main(capsys, source, "--k", "4", "--out", out)
    assert code == 0, stderr
    assert stdout.startswith("4 themes from 41 proposals")
    assert len(read_output(out)) == len(texts)
    assert "not UTF-8; read it as Windows-1252" in stderr and "CSV UTF-8" in stderr
    assert "semicolon-separated" in stderr

    # Not the requested column in any reading: the columns are listed as the file has them.
    code, _, stderr = run_main(capsys, source, "--text-column", "body", "--out", out)
    assert code == 1 and "columns available: 'id', 'text'" in stderr


def test_utf8_semicolon_file_keeps_its_letters(tmp_path: Path, capsys) -> None:
    texts = ["Één café per wijk", "een cafe per wijk", "Een café in elke wijk",
             "Meer bomen in het park", "bomen in het park planten", "Plant bomen in het park"]
    source, out = tmp_path / "proposals.txt", tmp_path / "themes.csv"
    write_table(source, texts, ";")
    code, stdout, stderr = run_main(capsys, source, "--k", "2", "--out", out)
    assert code == 0, stderr
    assert "Windows-1252" not in stderr and "note:" not in stderr
    assert "café" in stdout


def test_tsv_still_read_by_extension_and_unreadable_bytes_explained(tmp_path: Path,
                                                                       capsys) -> None:
    texts = ["Meer fietspaden; veilig", "Plant bomen, graag"] * 3
    source, out = tmp_path / "proposals.tsv", tmp_path / "themes.csv"
    write_table(source, texts, "\t")
    code, _, stderr = run_main(capsys, source, "--k", "2", "--out", out)
    assert code == 0, stderr
    assert "tab-separated, UTF-8" in stderr
    assert len(read_output(out)) == len(texts)

    garbled = tmp_path / "garbled.csv"
    garbled.write_bytes(b"text\n\x81\x8d\x8f\n")  # bytes Windows-1252 leaves undefined
    code, _, stderr = run_main(capsys, garbled, "--out", out)
    assert code == 1 and '"CSV UTF-8"' in stderr
