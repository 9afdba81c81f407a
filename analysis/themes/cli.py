"""Cluster free-text proposals into named themes.

Reads a CSV (or TSV, by the .tsv/.tab extension) with one proposal per row and writes OUT.csv
with one row per input row, in input order: row (0-based), theme (-1 = other), theme_label,
and the top-level theme it belongs to (topic, topic_label; see analysis.themes.tree).
Empty rows are "other". A summary of the themes (size, label, an example) and the tree of
top-level themes with their descriptions and sub-themes are printed on stdout.
Semicolon-separated and Windows-1252 files (Excel's "CSV" in much of Europe) are read too, see
:mod:`analysis.themes.csv_input`.

example:
  python -m analysis themes export/proposals.csv --text-column text --out themes.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.progress import Progress
from analysis.spreadsheet import write_csv
from analysis.themes.csv_input import InputError, read_text_column
from analysis.themes.model import OTHER, ThemeModel

# Labels are padded to a common width in the summary up to this many characters, so that the
# examples line up; a longer label pushes its own example to the right.
LABEL_COLUMN_WIDTH = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, metavar="INPUT",
                        help="CSV or TSV file with a header row (TSV when it ends in .tsv/.tab; "
                             "semicolon-separated and Windows-1252 files are recognised)")
    parser.add_argument("--text-column", default="text",
                        help="column holding the proposal text (default: %(default)s)")
    parser.add_argument("--k", type=int, default=None, metavar="N",
                        help="number of themes; every non-empty row gets one of the N. "
                             "Default: chosen automatically, and rows that fit no theme get "
                             "theme -1 'other'. Empty rows are always 'other'")
    parser.add_argument("--max-k", type=int, default=100, metavar="N",
                        help="upper bound for the automatic choice (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed; same seed and input give the same themes "
                             "(default: %(default)s)")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT.csv",
                        help="where to write row,theme,theme_label")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def run(args: argparse.Namespace) -> int:
    if args.k is not None and args.k < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return 2
    try:
        table = read_text_column(args.input, args.text_column)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for note in table.notes:
        print(f"note: {note}", file=sys.stderr)
    texts = table.texts
    n_empty = sum(1 for text in texts if not text.strip())
    n_proposals = len(texts) - n_empty

    progress = Progress(enabled=not args.quiet)
    empty_rows = f" and {plural(n_empty, 'empty row')}" if n_empty else ""
    progress.say(f"{plural(n_proposals, 'proposal')}{empty_rows} from {args.input} "
                 f"({table.delimiter_name}-separated, {table.encoding})")
    model = ThemeModel(n_themes=args.k, max_themes=args.max_k, random_state=args.seed,
                       verbose=not args.quiet).fit(texts)
    try:
        write_assignments(args.out, model)
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1

    others = int((model.labels_ == -1).sum()) - n_empty
    empty_note = f"; {plural(n_empty, 'empty row')}, also 'other'" if n_empty else ""
    in_other = f", {others} of them in 'other'" if n_proposals else ""
    print(f"{plural(model.n_themes_, 'theme')} from {plural(n_proposals, 'proposal')}"
          f"{in_other}{empty_note}; written to {args.out}")
    for note in explain_theme_count(args.k, len(texts), n_proposals, model):
        print(f"note: {note}")
    print_themes(model)
    print_tree(model)
    return 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def explain_theme_count(
    asked: int | None, n_rows: int, n_proposals: int, model: ThemeModel
) -> list[str]:
    """Why there are fewer themes than asked for, or none at all."""
    if n_rows == 0:
        return ["the file has a header but no rows: nothing to group."]
    if n_proposals == 0:
        return ["nothing to group: the text column is empty in every row."]
    if asked is None:
        if model.n_themes_ == 0:
            return [f"no themes found: too few proposals, or too different, for "
                    f"{model.min_theme_size} of them to share a theme. Give --k N to group "
                    "them into N themes anyway."]
        return []
    if asked > n_proposals:
        return [f"asked for {asked} themes, but there are only "
                f"{plural(n_proposals, 'proposal')}, so at most {plural(n_proposals, 'theme')}; "
                f"found {model.n_themes_}."]
    if model.n_themes_ < asked:
        return [f"asked for {asked} themes, found {model.n_themes_}. The others lost every "
                "proposal while the themes were refined: the texts do not hold that many "
                "distinct themes (too few, too alike, or repeated). Try a smaller --k, or "
                "leave it out to have the number chosen."]
    return []


def print_themes(model: ThemeModel) -> None:
    if not model.themes_:
        return
    width = min(LABEL_COLUMN_WIDTH, max(len("label"), *(len(t.label) for t in model.themes_)))
    print(f"  {'theme':>5}  {'size':>6}  {'label':<{width}}  example")
    for theme in model.themes_:
        example = theme.representatives[0] if theme.representatives else ""
        print(f"  {theme.id:>5}  {theme.size:>6}  {theme.label:<{width}}  {example[:70]!r}")


def print_tree(model: ThemeModel) -> None:
    """The top-level themes with their descriptions, and the sub-themes beneath them."""
    if not model.topics_:
        return
    print(f"\n{plural(len(model.topics_), 'top-level theme')}:")
    for topic in model.topics_:
        print(f"  {topic.id + 1}. {topic.label} ({topic.size})")
        if topic.description:
            print(f"     {topic.description}")
        for sub in topic.subthemes:
            print(f"     - {sub.label} ({sub.size})")


def write_assignments(path: Path, model: ThemeModel) -> None:
    topic_of = {theme.id: theme.parent for theme in model.themes_}
    topic_names = {topic.id: topic.label for topic in model.topics_}
    rows = []
    for row, (label, name) in enumerate(
        zip(model.labels_.tolist(), model.theme_labels_, strict=True)
    ):
        topic = topic_of.get(label)
        rows.append((row, label, name, -1 if topic is None else topic,
                     topic_names.get(topic, OTHER)))
    write_csv(path, ["row", "theme", "theme_label", "topic", "topic_label"], rows)
