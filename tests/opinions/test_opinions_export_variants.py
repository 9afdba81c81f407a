"""Every Pol.is open-data variant is read (issue #15, 1), and bad export files get one clear line
and exit status 1, never a traceback (issue #14, 8).

Each variant is written by the test from one small conversation and must give back exactly the
vote matrix of that conversation.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.__main__ import main as analysis_main
from analysis.opinions import ExportError, ExportWarning, VoteMatrix, read_export
from tests.opinions.conftest import Conversation, make_conversation

ROOT = Path(__file__).resolve().parents[2]
POLIS_COMMENT_COLUMNS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_variant(
    folder: Path,
    conv: Conversation,
    *,
    votes_csv: bool = True,
    xid: bool = False,
    extra_column: str | None = None,
    old: bool = False,
    participant_id=str,
    comment_id=str,
    drop_moderated_out: bool = False,
) -> Path:
    """Write `conv` as an export folder in one of the variants found in the wild.

    old: the fewest columns a reader can need (no timestamps, tallies, moderation, groups).
    participant_id / comment_id: how an id is written (e.g. lambda i: f"p-{i}").
    drop_moderated_out: participants-votes.csv has no column for moderated-out comments.
    """
    folder.mkdir(parents=True, exist_ok=True)
    votes, comments = conv.votes, conv.comments
    if old:
        _write(
            folder / "comments.csv",
            ["comment-id", "comment-body"],
            [[comment_id(c), comments.text[i]] for i, c in enumerate(comments.comment.tolist())],
        )
    else:
        _write(
            folder / "comments.csv",
            POLIS_COMMENT_COLUMNS,
            [
                [
                    0,
                    "",
                    comment_id(c),
                    0,
                    comments.agrees[i],
                    comments.disagrees[i],
                    comments.moderated[i],
                    comments.text[i],
                ]
                for i, c in enumerate(comments.comment.tolist())
            ],
        )
    events = sorted(
        zip(
            votes.timestamp.tolist(),
            votes.comment.tolist(),
            votes.participant.tolist(),
            votes.vote.tolist(),
            strict=True,
        )
    )
    if votes_csv:
        if old:
            _write(
                folder / "votes.csv",
                ["comment-id", "voter-id", "vote"],
                [[comment_id(c), participant_id(p), v] for _, c, p, v in events],
            )
        else:
            _write(
                folder / "votes.csv",
                ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
                [[t, "", comment_id(c), participant_id(p), v] for t, c, p, v in events],
            )
    latest = {(p, c): v for _, c, p, v in events}
    ids = [
        c
        for i, c in enumerate(comments.comment.tolist())
        if not (drop_moderated_out and comments.moderated[i] == -1)
    ]
    meta = (
        ["participant"]
        if old
        else [
            "participant",
            *(["xid"] if xid else []),
            "group-id",
            "n-comments",
            "n-votes",
            "n-agree",
            "n-disagree",
            *([extra_column] if extra_column else []),
        ]
    )
    rows = []
    for p in sorted(set(votes.participant.tolist())):
        cells = [latest.get((p, c), "") for c in ids]
        values = {
            "participant": participant_id(p),
            "xid": f"ext-{p}" if p % 3 else "",
            "group-id": conv.planted.get(p, ""),
            "n-comments": 0,
            "n-votes": sum(cell != "" for cell in cells),
            "n-agree": 0,
            "n-disagree": 0,
            extra_column: "NL",
        }
        rows.append([values[name] for name in meta] + cells)
    _write(folder / "participants-votes.csv", meta + [comment_id(c) for c in ids], rows)
    return folder


@pytest.fixture(scope="module")
def conversation() -> Conversation:
    return make_conversation(
        n_groups=2, per_group=20, n_comments=12, votes_each=8, seed=3, moderated_out=(5,)
    )


def expected(conv: Conversation) -> VoteMatrix:
    return VoteMatrix.from_votes(conv.votes, conv.comments)


def read_matrix(folder: Path) -> tuple[VoteMatrix, dict[int, str], dict[int, str]]:
    export = read_export(folder)
    return (
        VoteMatrix.from_votes(export.votes, export.comments),
        export.participant_labels,
        export.comment_labels,
    )


VARIANTS = {
    "newer export: xid, no votes.csv (Austrian Klimarat)": {"xid": True, "votes_csv": False},
    "xid and votes.csv": {"xid": True},
    "older export, fewest columns": {"old": True},
    "older export, fewest columns, no votes.csv": {"old": True, "votes_csv": False},
    "moderated-out comment without its column": {"votes_csv": False, "drop_moderated_out": True},
    "ids written as 7.0": {"participant_id": lambda i: f"{i}.0", "comment_id": lambda i: f"{i}.0"},
}


@pytest.mark.parametrize("options", VARIANTS.values(), ids=VARIANTS.keys())
def test_variant_gives_the_conversations_matrix(tmp_path: Path, conversation, options) -> None:
    folder = write_variant(tmp_path / "export", conversation, **options)
    if options.get("drop_moderated_out"):
        # Nobody's vote on the moderated-out comment is in the file; the rest is the same.
        keep = conversation.votes.comment != 5
        votes = type(conversation.votes)(
            *(
                getattr(conversation.votes, name)[keep]
                for name in ("participant", "comment", "vote", "timestamp")
            )
        )
        conversation = Conversation(votes, conversation.comments, conversation.planted)
    matrix, participant_labels, comment_labels = read_matrix(folder)
    want = expected(conversation)
    np.testing.assert_array_equal(matrix.participant_ids, want.participant_ids)
    np.testing.assert_array_equal(matrix.comment_ids, want.comment_ids)
    np.testing.assert_array_equal(matrix.votes, want.votes)
    # An older export without the `moderated` column has nothing moderated out.
    moderated_out = want.moderated_out & (not options.get("old"))
    np.testing.assert_array_equal(matrix.moderated_out, moderated_out)
    assert participant_labels == {} and comment_labels == {}


def test_moderation_states_are_kept(tmp_path: Path) -> None:
    conv = make_conversation(
        n_groups=2, per_group=10, n_comments=6, votes_each=5, seed=2, moderated_out=(1, 2)
    )
    conv.comments.moderated[3] = 0  # not moderated yet: still a statement people vote on
    export = read_export(write_variant(tmp_path / "export", conv))
    assert export.comments.moderated.tolist() == [1, -1, -1, 0, 1, 1]
    assert sorted(export.comments.moderated_out.tolist()) == [1, 2]


def test_unknown_metadata_column_is_skipped_with_a_warning(tmp_path: Path, conversation) -> None:
    folder = write_variant(
        tmp_path / "export", conversation, xid=True, votes_csv=False, extra_column="country"
    )
    with pytest.warns(ExportWarning, match=r"skipped column\(s\) 'country'"):
        matrix, _, _ = read_matrix(folder)
    np.testing.assert_array_equal(matrix.votes, expected(conversation).votes)


def test_xid_alone_gives_no_warning(tmp_path: Path, conversation, recwarn) -> None:
    read_export(write_variant(tmp_path / "export", conversation, xid=True, votes_csv=False))
    assert not [w for w in recwarn if issubclass(w.category, ExportWarning)]


@pytest.mark.parametrize("votes_csv", [True, False], ids=["votes.csv", "participants-votes"])
def test_ids_as_strings_keep_their_labels(tmp_path: Path, conversation, votes_csv) -> None:
    big = 10**24  # 25 digits: once an OverflowError in both commands
    folder = write_variant(
        tmp_path / "export",
        conversation,
        votes_csv=votes_csv,
        participant_id=lambda i: f"p-{i:03d}",
        comment_id=lambda i: str(big + i),
    )
    export = read_export(folder)
    matrix = VoteMatrix.from_votes(export.votes, export.comments)
    want = expected(conversation)
    labels = [export.participant_labels[int(p)] for p in matrix.participant_ids]
    assert labels == [f"p-{i:03d}" for i in want.participant_ids]
    assert [export.comment_labels[int(c)] for c in matrix.comment_ids] == [
        str(big + int(i)) for i in want.comment_ids
    ]
    np.testing.assert_array_equal(matrix.votes, want.votes)
    if votes_csv:
        assert export.agree_sign == 1
    else:
        planted = {export.participant_labels[p]: g for p, g in export.polis_groups.items()}
        assert planted == {f"p-{p:03d}": g for p, g in conversation.planted.items()}


def test_opinions_command_writes_the_files_own_ids(tmp_path: Path, conversation) -> None:
    folder = write_variant(
        tmp_path / "export",
        conversation,
        participant_id=lambda i: f"p-{i:03d}",
        comment_id=lambda i: str(10**24 + i),
    )
    out = tmp_path / "out"
    assert (
        analysis_main(["opinions", str(folder), "--out", str(out), "--quiet", "--resamples", "0"])
        == 0
    )
    with (out / "participants.csv").open(encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["participant"] == "p-000"
    with (out / "statements.csv").open(encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["comment-id"] == str(10**24)


# --- bad input: one line naming file, line and problem; exit status 1 ----------------------


def _small_export(folder: Path) -> Path:
    return write_variant(
        folder, make_conversation(n_groups=2, per_group=10, n_comments=6, votes_each=5, seed=1)
    )


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)


BAD_INPUT = {
    "vote for a missing comment": (
        lambda f: _append(f / "votes.csv", "1700000000000,,99,1,1\n"),
        "votes.csv:{n}: a vote for comment-id 99, which comments.csv does not list",
    ),
    "participants-votes column for a missing comment": (
        lambda f: (
            (f / "votes.csv").unlink(),
            (f / "participants-votes.csv").write_text(
                "participant,group-id,0,99\n1,,1,1\n", encoding="utf-8"
            ),
        ),
        "participants-votes.csv:1: column '99' holds votes for a comment that comments.csv "
        "does not list",
    ),
    "25-digit timestamp": (
        lambda f: _append(f / "votes.csv", f"{10**24},,0,1,1\n"),
        "votes.csv:{n}: timestamp 1000000000000000000000000 is too large",
    ),
    "comment id twice": (
        lambda f: _append(f / "comments.csv", "0,,0,0,1,0,1,again\n"),
        "comments.csv:{n}: comment-id 0 appears again (first on line 2)",
    ),
    "moderation value": (
        lambda f: _append(f / "comments.csv", "0,,77,0,1,0,300,odd\n"),
        "comments.csv:{n}: moderated must be 1 (in), 0 (not yet) or -1 (out), found 300",
    ),
    "not UTF-8": (
        lambda f: (f / "comments.csv").write_bytes(b"comment-id,comment-body\n0,caf\xe9\n"),
        "comments.csv:2: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ),
    "NUL bytes": (
        lambda f: (f / "votes.csv").write_bytes(b"comment-id,voter-id,vote\n0,1\x00,1\n"),
        "votes.csv:2: holds a NUL byte; is this a CSV file?",
    ),
    "endless line": (
        lambda f: (f / "votes.csv").write_text(
            "comment-id,voter-id,vote\n" + "1" * 1_000_001, encoding="utf-8"
        ),
        "votes.csv:2: line longer than 1,000,000 characters",
    ),
    "a device instead of a file": (
        lambda f: ((f / "comments.csv").unlink(), os.symlink("/dev/zero", f / "comments.csv")),
        "comments.csv: is a device, not a regular file",
    ),
}


def _line_count(path: Path) -> int:
    return len(path.read_bytes().splitlines()) if path.is_file() else 0


@pytest.mark.parametrize(("damage", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
@pytest.mark.parametrize("command", ["opinions", "report"])
def test_bad_export_file_gives_one_clear_line(
    tmp_path: Path, capsys, command, damage, message
) -> None:
    folder = _small_export(tmp_path / "export")
    lines = {name: _line_count(folder / name) for name in ("votes.csv", "comments.csv")}
    damage(folder)
    out = tmp_path / "out"
    argv = (
        ["opinions", str(folder), "--out", str(out)]
        if command == "opinions"
        else ["report", "--polis", str(folder), "--out", str(out), "--no-pdf"]
    )
    assert analysis_main([*argv, "--quiet"]) == 1
    err = capsys.readouterr().err
    n = lines["votes.csv" if message.startswith("votes") else "comments.csv"] + 1
    assert message.format(n=n) in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_in_the_export_is_refused_not_waited_for(tmp_path: Path) -> None:
    folder = _small_export(tmp_path / "export")
    (folder / "votes.csv").unlink()
    os.mkfifo(folder / "votes.csv")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "opinions",
            str(folder),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"error: {folder / 'votes.csv'}: is a named pipe (FIFO), not a regular file"
    )


def test_export_error_is_a_value_error() -> None:
    assert issubclass(ExportError, ValueError)


def test_report_takes_ids_as_strings_and_an_extra_column(
    tmp_path: Path, conversation, capsys
) -> None:
    folder = write_variant(
        tmp_path / "export",
        conversation,
        votes_csv=False,
        xid=True,
        extra_column="country",
        participant_id=lambda i: f"p-{i:03d}",
        comment_id=lambda i: str(10**24 + i),
    )
    out = tmp_path / "report"
    assert (
        analysis_main(["report", "--polis", str(folder), "--out", str(out), "--no-pdf", "--quiet"])
        == 0
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warning: ") and "'country'" in err
    assert (out / "index.html").stat().st_size > 0
