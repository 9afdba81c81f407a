"""Cluster free-text proposals into named themes.

Reads a CSV (or TSV, by the .tsv/.tab extension) with one proposal per row and writes OUT.csv
with one row per input row, in input order: row (0-based), theme (-1 = other), theme_label.
A summary of the themes (size, label, an example) is printed on stdout.

example:
  python -m analysis themes export/proposals.csv --text-column text --out themes.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from analysis.progress import Progress
from analysis.themes.model import ThemeModel

csv.field_size_limit(sys.maxsize)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, metavar="INPUT",
                        help="CSV or TSV file with a header row (TSV when it ends in .tsv/.tab)")
    parser.add_argument("--text-column", default="text",
                        help="column holding the proposal text (default: %(default)s)")
    parser.add_argument("--k", type=int, default=None, metavar="N",
                        help="number of themes; every row gets one of the N. Default: chosen "
                             "automatically, and rows that fit no theme get theme -1 'other'")
    parser.add_argument("--max-k", type=int, default=100, metavar="N",
                        help="upper bound for the automatic choice (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed; same seed and input give the same themes "
                             "(default: %(default)s)")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT.csv",
                        help="where to write row,theme,theme_label")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def run(args: argparse.Namespace) -> int:
    try:
        texts = read_texts(args.input, args.text_column)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.k is not None and args.k < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return 2

    progress = Progress(enabled=not args.quiet)
    progress.say(f"{len(texts)} proposals from {args.input}")
    model = ThemeModel(n_themes=args.k, max_themes=args.max_k, random_state=args.seed,
                       verbose=not args.quiet).fit(texts)
    try:
        write_assignments(args.out, model.labels_.tolist(), model.theme_labels_)
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 2

    others = int((model.labels_ == -1).sum())
    print(f"{model.n_themes_} themes, {others} proposals in 'other'; written to {args.out}")
    if args.k is not None and model.n_themes_ < args.k:
        print(f"note: asked for {args.k} themes, found {model.n_themes_}. The others lost every "
              "proposal while the themes were refined: the texts do not hold that many "
              "distinct themes (too few, too alike, or repeated). Try a smaller --k, or leave "
              "it out to have the number chosen.")
    for theme in model.themes_:
        example = theme.representatives[0] if theme.representatives else ""
        print(f"  {theme.id:>3}  {theme.size:>6}  {theme.label}  — e.g. {example[:70]!r}")
    return 0


class InputError(Exception):
    """A problem with the input file that the user can fix; reported without a traceback."""


def read_texts(path: Path, text_column: str) -> list[str]:
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            columns = reader.fieldnames
            if not columns:
                raise InputError(f"{path} is empty (no header row)")
            if text_column not in columns:
                available = ", ".join(repr(c) for c in columns)
                raise InputError(f"{path} has no column {text_column!r}; "
                                 f"columns available: {available} (use --text-column)")
            texts = [row[text_column] or "" for row in reader]
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    if not texts:
        raise InputError(f"{path} has a header but no rows")
    return texts


def write_assignments(path: Path, labels: list[int], names: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "theme", "theme_label"])
        writer.writerows((row, label, name) for row, (label, name)
                         in enumerate(zip(labels, names, strict=True)))
