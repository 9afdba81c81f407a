"""Exports with no votes, or with only a handful: a clear message or a sensible result, never a
numpy traceback or a screen of RuntimeWarnings."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.__main__ import main
from analysis.opinions import VoteTable, analyse

VOTES_HEADER = "timestamp,datetime,comment-id,voter-id,vote\n"


def write_votes(folder, votes: list[tuple[int, int, int]], n_comments: int = 3):
    """An export folder: `n_comments` statements and `votes` as (participant, comment, vote)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "comments.csv").write_text(
        "comment-id,moderated,comment-body\n"
        + "".join(f"{c},1,statement {c}\n" for c in range(n_comments)))
    (folder / "votes.csv").write_text(
        VOTES_HEADER + "".join(f"{t},,{c},{p},{v}\n" for t, (p, c, v) in enumerate(votes)))
    return folder


def vote_table(votes: list[tuple[int, int, int]]) -> VoteTable:
    p, c, v = (np.array([row[i] for row in votes], dtype=np.int64) for i in range(3))
    return VoteTable(p, c, v.astype(np.int8), np.arange(len(votes), dtype=np.int64))


def test_analyse_without_votes_says_so():
    with pytest.raises(ValueError, match="no votes"):
        analyse(vote_table([]))


def test_command_line_without_votes_is_one_friendly_line(tmp_path, capsys):
    folder = write_votes(tmp_path / "export", [])
    out = tmp_path / "out"
    assert main(["opinions", str(folder), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {folder}: no votes yet") and err.count("\n") == 1
    assert not out.exists()


TINY = {
    "one participant, one vote": [(0, 0, 1)],
    "two participants, opposite": [(0, 0, 1), (1, 0, -1)],
    "two participants, all passes": [(0, 0, 0), (1, 1, 0)],
    "three participants": [(p, c, 1 if (p + c) % 2 else -1) for p in range(3) for c in range(3)],
}


@pytest.mark.filterwarnings("error")  # a RuntimeWarning fails the test
@pytest.mark.parametrize("votes", TINY.values(), ids=TINY.keys())
def test_tiny_vote_sets_give_one_group_without_warnings(votes):
    result = analyse(vote_table(votes), random_state=0)
    participants = len({p for p, _, _ in votes})
    assert result.n_groups == 1 and result.group_sizes() == [participants]
    assert int(result.counts.seen.sum()) == len(votes)
    assert np.all(np.isfinite(result.embedding)) and np.all(np.isfinite(result.consensus))
    if participants <= 2:  # too few to rerun on a subset
        assert math.isnan(result.stability)
    else:
        assert 0.0 <= result.stability <= 1.0


@pytest.mark.filterwarnings("error")
def test_command_line_with_one_vote(tmp_path, capsys):
    folder = write_votes(tmp_path / "export", [(7, 0, 1)])
    assert main(["opinions", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "1 participants (1 grouped)" in captured.out and "stability not measured" in captured.out
    rows = (tmp_path / "out" / "participants.csv").read_text().splitlines()
    assert rows == ["participant,group,x,y", "7,0,0,0"]
