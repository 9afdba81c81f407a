"""Export folders in both layouts, the sign convention, friendly errors, and the command line."""

import csv
from pathlib import Path

import numpy as np
import pytest

from analysis.__main__ import main
from analysis.opinions import ExportError, VoteMatrix, read_export


def matrix_of(folder: Path) -> VoteMatrix:
    export = read_export(folder)
    return VoteMatrix.from_votes(export.votes, export.comments)


def test_both_layouts_give_the_same_matrix(tmp_path, make_conversation, write_export) -> None:
    conv = make_conversation(seed=2)
    full = matrix_of(write_export(tmp_path / "full", conv))
    wide = matrix_of(write_export(tmp_path / "wide", conv, votes_csv=False))
    np.testing.assert_array_equal(full.participant_ids, wide.participant_ids)
    np.testing.assert_array_equal(full.comment_ids, wide.comment_ids)
    np.testing.assert_array_equal(full.votes, wide.votes)
    assert read_export(tmp_path / "wide").source == "participants-votes.csv"
    assert read_export(tmp_path / "full").polis_groups == conv.planted


def test_latest_vote_counts(tmp_path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "0,,0,0,1,1,1,first\n0,,1,0,1,0,1,second\n")
    # Participant 5 first disagreed with 0, then agreed; the file is not in time order.
    (folder / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "200,,0,5,1\n100,,0,5,-1\n150,,1,6,0\n")
    matrix = matrix_of(folder)
    assert matrix.votes[0, 0] == 1 and np.isnan(matrix.votes[0, 1])
    assert matrix.votes[1, 1] == 0


def test_flipped_sign_convention_is_detected(tmp_path, make_conversation, write_export) -> None:
    conv = make_conversation(seed=4)
    plain = write_export(tmp_path / "plain", conv, wide_csv=False)
    flipped = write_export(tmp_path / "flipped", conv, wide_csv=False, flip_sign=True)
    assert read_export(plain).agree_sign == 1
    assert read_export(flipped).agree_sign == -1
    np.testing.assert_array_equal(matrix_of(plain).votes, matrix_of(flipped).votes)


def test_without_comments_csv_every_voted_statement_counts(tmp_path, make_conversation,
                                                           write_export) -> None:
    folder = write_export(tmp_path / "export", make_conversation(seed=1), wide_csv=False)
    (folder / "comments.csv").unlink()
    export = read_export(folder)
    assert len(export.comments.comment) == 40 and (export.comments.moderated == 1).all()


@pytest.mark.parametrize(("files", "message"), [
    ({}, "needs votes.csv or participants-votes.csv"),
    ({"votes.csv": ""}, "votes.csv: the file is empty"),
    ({"votes.csv": "timestamp,comment-id,vote\n1,2,1\n"},
     "votes.csv:1: missing column(s) voter-id"),
    ({"votes.csv": "timestamp,comment-id,voter-id,vote\n1,2,3,1\n4,5,6,2\n"},
     "votes.csv:3: vote must be 1, -1 or 0, found '2'"),
    ({"votes.csv": "timestamp,comment-id,voter-id,vote\n1,2,,1\n"},
     "votes.csv:2: voter-id is empty"),
    ({"votes.csv": "timestamp,comment-id,voter-id,vote\nsoon,2,3,1\n"},
     "votes.csv:2: timestamp must be a whole number, found 'soon'"),
    ({"votes.csv": "comment-id,voter-id,vote\n1,2,1\n", "comments.csv": "comment-id\nx\n"},
     "votes.csv:2: a vote for comment-id 1, which comments.csv does not list"),
])
def test_malformed_exports_get_clear_messages(tmp_path, files, message) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ExportError) as error:
        read_export(tmp_path)
    assert message in str(error.value)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_command_line_end_to_end(tmp_path, make_conversation, write_export, capsys) -> None:
    conv = make_conversation(n_groups=2, seed=9, moderated_out=(5,))
    folder = write_export(tmp_path / "export", conv)
    out = tmp_path / "out"
    assert main(["opinions", str(folder), "--out", str(out), "--resamples", "2"]) == 0
    captured = capsys.readouterr()
    assert "2 groups" in captured.out
    assert "finding opinion groups" in captured.err  # progress goes to stderr
    participants = read_csv(out / "participants.csv")
    assert list(participants[0])[:2] == ["participant", "group"]
    assert len(participants) == 120 and {row["group"] for row in participants} == {"0", "1"}
    statements = read_csv(out / "statements.csv")
    assert list(statements[0])[:5] == ["comment-id", "agrees", "disagrees", "passes", "consensus"]
    assert "group-1-agrees" in statements[0] and "group-2-agrees" not in statements[0]
    row = statements[5]
    assert row["moderated-out"] == "1" and row["rank"] == ""
    assert row["comment-body"] == "statement 5, with a comma"
    first = min(statements, key=lambda r: int(r["rank"]) if r["rank"] else 10**9)
    assert first["tier"] == "all groups"
    total = int(first["group-0-agrees"]) + int(first["group-1-agrees"])
    assert total <= int(first["agrees"])


def test_command_line_errors_are_one_line(tmp_path, capsys) -> None:
    assert main(["opinions", str(tmp_path / "missing"), "--out", str(tmp_path / "o"),
                 "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "no such folder" in err and "Traceback" not in err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "votes.csv").write_text("comment-id,voter-id,vote\n1,2,yes\n")
    assert main(["opinions", str(tmp_path / "bad"), "--out", str(tmp_path / "o"), "--quiet"]) == 1
    assert "votes.csv:2: vote must be 1, -1 or 0, found 'yes'" in capsys.readouterr().err


def test_command_line_never_writes_into_the_export(tmp_path, make_conversation, write_export,
                                                   capsys) -> None:
    folder = write_export(tmp_path / "export", make_conversation(seed=3))
    (folder / "participants.csv").write_text("participant,pseudonym\n")
    assert main(["opinions", str(folder), "--out", str(folder), "--quiet"]) == 2
    assert "different folder" in capsys.readouterr().err
    assert (folder / "participants.csv").read_text() == "participant,pseudonym\n"
