"""Synthetic conversations with planted opinion groups, and helpers to write them as exports."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from analysis.opinions.reader import CommentTable, VoteTable


@dataclass
class Conversation:
    votes: VoteTable
    comments: CommentTable
    planted: dict[int, int]  # participant -> planted group


def make_conversation(n_groups: int = 3, per_group: int = 60, n_comments: int = 40,
                      votes_each: int = 25, agreement: float = 0.85, seed: int = 1,
                      moderated_out: tuple[int, ...] = ()) -> Conversation:
    """Each group has its own stance (agree / disagree) on every statement; members vote their
    group's stance with probability `agreement`, else the opposite or pass. Statement 0 is liked
    by everyone, so it is a consensus statement."""
    rng = np.random.default_rng(seed)
    # Opinions live in a plane, as the 2-D map assumes: group g stands at angle 2 pi g / n and
    # agrees with a statement when the statement's direction is within 90 degrees of it.
    angles = 2 * np.pi * np.arange(n_groups) / n_groups
    directions = rng.normal(size=(n_comments, 2))
    stances = np.where(np.column_stack([np.cos(angles), np.sin(angles)]) @ directions.T >= 0,
                       1, -1)
    stances[:, 0] = 1
    participants, comments, votes, times = [], [], [], []
    planted = {}
    clock = 1_600_000_000_000
    for g in range(n_groups):
        for i in range(per_group):
            participant = g * per_group + i
            planted[participant] = g
            for c in rng.choice(n_comments, size=votes_each, replace=False):
                roll = rng.random()
                vote = stances[g, c] if roll < agreement else (
                    -stances[g, c] if roll < agreement + (1 - agreement) / 2 else 0)
                participants.append(participant)
                comments.append(int(c))
                votes.append(int(vote))
                clock += 1000
                times.append(clock)
    table = VoteTable(np.array(participants), np.array(comments), np.array(votes, dtype=np.int8),
                      np.array(times))
    moderated = np.ones(n_comments, dtype=np.int8)
    moderated[list(moderated_out)] = -1
    agrees = np.bincount(table.comment[table.vote == 1], minlength=n_comments)
    disagrees = np.bincount(table.comment[table.vote == -1], minlength=n_comments)
    comment_table = CommentTable(np.arange(n_comments), moderated,
                                 tuple(f"statement {c}, with a comma" for c in range(n_comments)),
                                 agrees, disagrees)
    return Conversation(table, comment_table, planted)


def write_export(folder: Path, conversation: Conversation, votes_csv: bool = True,
                 wide_csv: bool = True, flip_sign: bool = False) -> Path:
    """Write the conversation as a Pol.is open-data export folder."""
    folder.mkdir(parents=True, exist_ok=True)
    votes, comments = conversation.votes, conversation.comments
    with (folder / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "author-id", "agrees",
                         "disagrees", "moderated", "comment-body"])
        for i, c in enumerate(comments.comment):
            writer.writerow([0, "", c, 0, comments.agrees[i], comments.disagrees[i],
                             comments.moderated[i], comments.text[i]])
    if votes_csv:
        sign = -1 if flip_sign else 1
        with (folder / "votes.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
            for p, c, v, t in zip(votes.participant, votes.comment, votes.vote, votes.timestamp,
                                  strict=True):
                writer.writerow([t, "", c, p, sign * int(v)])
    if wide_csv:
        latest: dict[tuple[int, int], int] = {}
        for p, c, v, _t in sorted(zip(votes.participant.tolist(), votes.comment.tolist(),
                                     votes.vote.tolist(), votes.timestamp.tolist(),
                                     strict=True), key=lambda row: row[3]):
            latest[(p, c)] = v
        ids = sorted(comments.comment.tolist())
        with (folder / "participants-votes.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["participant", "group-id", "n-comments", "n-votes", "n-agree",
                             "n-disagree", *ids])
            for p in sorted(set(votes.participant.tolist())):
                cells = [latest.get((p, c), "") for c in ids]
                writer.writerow([p, conversation.planted.get(p, ""), 0,
                                 sum(cell != "" for cell in cells), 0, 0, *cells])
    return folder


@pytest.fixture(name="make_conversation")
def make_conversation_fixture() -> Callable[..., Conversation]:
    return make_conversation


@pytest.fixture(name="write_export")
def write_export_fixture() -> Callable[..., Path]:
    return write_export
