"""Opinion groups and consensus from a Pol.is export folder (or a Samen survey export).

Reads INPUT_DIR/comments.csv and INPUT_DIR/votes.csv (or only participants-votes.csv), finds
the opinion groups the Pol.is way, and writes to OUT_DIR:

  participants.csv  participant,group,x,y   (group empty for participants not grouped;
                                              x, y: place on the opinion map)
  statements.csv    comment-id,agrees,disagrees,passes,consensus,divisiveness,rank,tier,
                    supporting-groups,moderated-out, then per group g:
                    group-g-agrees,group-g-disagrees,group-g-passes,group-g-repful-for,
                    group-g-repness,group-g-repness-z,group-g-representative; comment-body

consensus = product over groups of (agrees_g + 1) / (voted_g + 2). Statements are ranked for
the commissioning party: those all groups support first, then those most groups support.

example:
  python -m analysis opinions ../shared/data/polis/brexit-consensus --out out/brexit
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.opinions.reader import ExportError, read_export
from analysis.opinions.result import OpinionResult, analyse
from analysis.progress import Progress
from analysis.spreadsheet import write_csv


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input_dir", metavar="INPUT_DIR",
                        help="Pol.is export folder: comments.csv + votes.csv "
                             "(or participants-votes.csv)")
    parser.add_argument("--out", required=True, metavar="OUT_DIR",
                        help="folder for participants.csv and statements.csv (created if needed)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed; the same seed gives the same groups (default 0)")
    parser.add_argument("--max-groups", type=int, default=5,
                        help="at most this many opinion groups (default 5, as Pol.is)")
    parser.add_argument("--resamples", type=int, default=10,
                        help="reruns on 80%% subsets to measure group stability (default 10; "
                             "0 skips it)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def run(args: argparse.Namespace) -> int:
    progress = Progress(enabled=not args.quiet)
    if Path(args.out).resolve() == Path(args.input_dir).resolve():
        # A Samen export already has a participants.csv of its own: never overwrite it.
        print("error: --out must be a different folder from INPUT_DIR", file=sys.stderr)
        return 2
    try:
        with progress.stage(f"reading {args.input_dir}"):
            export = read_export(args.input_dir)
        progress.say(f"{len(export.votes)} votes from {export.source}")
        if len(export.votes) == 0:
            print(f"error: {args.input_dir}: no votes yet, so there are no opinion groups to "
                  "find; run this again once people have voted", file=sys.stderr)
            return 1
        with progress.stage("finding opinion groups"):
            result = analyse(export.votes, export.comments, random_state=args.seed,
                             max_groups=args.max_groups, n_resamples=args.resamples)
        out = Path(args.out)
        with progress.stage(f"writing {out}"):
            out.mkdir(parents=True, exist_ok=True)
            write_participants(result, out / "participants.csv", export.participant_labels)
            write_statements(result, out / "statements.csv", export.comment_labels)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot write {error.filename or args.out}: {error.strerror}",
              file=sys.stderr)
        return 1
    print(summary(result))
    return 0


def summary(result: OpinionResult) -> str:
    sizes = ", ".join(f"group {g}: {n}" for g, n in enumerate(result.group_sizes()))
    grouped = int(result.in_conversation.sum())
    lines = [f"{len(result.participant_ids)} participants ({grouped} grouped), "
             f"{len(result.comment_ids)} statements, {result.n_groups} groups ({sizes})",
             f"stability {result.stability:.2f}" if result.stability == result.stability
             else "stability not measured"]
    top = [r for r in result.ranking if r.tier == "all groups"][:5]
    if top:
        lines.append("supported by all groups: " + ", ".join(
            f"#{r.comment_id} ({r.agrees}/{r.agrees + r.disagrees + r.passes} agree)"
            for r in top))
    return "\n".join(lines)


def write_participants(result: OpinionResult, path: Path,
                       labels: dict[int, str] | None = None) -> None:
    """`labels`: the export's own ids when they are not whole numbers (Export.*_labels)."""
    labels = labels or {}
    rows = ([labels.get(int(participant), int(participant)), "" if group < 0 else int(group),
             _number(x), _number(y)]
            for participant, group, (x, y) in zip(result.participant_ids, result.groups,
                                                  result.embedding, strict=True))
    write_csv(path, ["participant", "group", "x", "y"], rows)


def statement_header(n_groups: int) -> list[str]:
    header = ["comment-id", "agrees", "disagrees", "passes", "consensus", "divisiveness",
              "rank", "tier", "supporting-groups", "moderated-out"]
    for g in range(n_groups):
        header += [f"group-{g}-{name}" for name in (
            "agrees", "disagrees", "passes", "repful-for", "repness", "repness-z",
            "representative")]
    return [*header, "comment-body"]


def write_statements(result: OpinionResult, path: Path,
                     labels: dict[int, str] | None = None) -> None:
    labels = labels or {}
    ranked = {r.comment_id: r for r in result.ranking}
    picked = {(g, s.comment_id) for g, statements in result.representative.items()
              for s in statements}
    texts = result.comments.text_of()
    rep, counts, by_group = result.repness, result.counts, result.group_counts
    rows: list[list[object]] = []
    for c, comment_id in enumerate(result.comment_ids.tolist()):
        rank = ranked.get(comment_id)
        row: list[object] = [
            labels.get(comment_id, comment_id), counts.agrees[c], counts.disagrees[c],
            counts.passes[c],
            _number(result.consensus[c]), _number(result.divisiveness[c]),
            rank.rank if rank else "", rank.tier if rank else "",
            rank.supporting_groups if rank else "", int(result.moderated_out[c])]
        for g in range(result.n_groups):
            agree = bool(rep.agree_is_stronger[g, c])
            row += [by_group.agrees[g, c], by_group.disagrees[g, c], by_group.passes[g, c],
                    "agree" if agree else "disagree",
                    _number(rep.ra[g, c] if agree else rep.rd[g, c]),
                    _number(rep.rat[g, c] if agree else rep.rdt[g, c]),
                    int((g, comment_id) in picked)]
        rows.append([*row, texts.get(comment_id, "")])
    write_csv(path, statement_header(result.n_groups), rows)


def _number(value: float) -> str:
    return f"{float(value):.10g}"
