"""Read a Pol.is open-data export folder (also what `python -m surveys export` writes).

A folder holds `comments.csv` and either `votes.csv` (one row per vote event) or only
`participants-votes.csv` (one row per participant, their latest vote in each comment column).
Both become the same `VoteTable`: one row per vote, agree = +1, disagree = -1, pass = 0.

The variants found in the wild are all read:

* `participants-votes.csv` with an `xid` column (newer exports) or any other metadata column
  that is not a comment: the known ones are skipped, an unknown one is skipped with an
  `ExportWarning` (never refused);
* no `votes.csv` (some published conversations): `participants-votes.csv` is the vote matrix;
* older exports with fewer columns: only `comment-id` in comments.csv, and `comment-id`,
  `voter-id`, `vote` in votes.csv, `participant` in participants-votes.csv are required;
* comments moderated in (1), not yet (0) or out (-1), with or without their column in
  `participants-votes.csv`;
* ids that are not whole numbers ("p-17", a 25-digit number): they get small codes, and
  `Export.participant_labels` / `comment_labels` give back what the file said.

Every problem with the files is raised as `ExportError` with the file, line and what is wrong
(a vote for a comment that comments.csv does not list is one), so the command line can print
it instead of a traceback. Files are size-checked before reading (see `csvfile`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.opinions.csvfile import (
    ExportError,
    ExportWarning,
    cell,
    csv_rows,
    id_key,
    is_number_key,
    optional_whole_number,
    quoted,
    resolve_ids,
    vote_value,
    whole_number,
)

COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
PARTICIPANTS_VOTES_FILE = "participants-votes.csv"
# Columns of participants-votes.csv that are not comment ids (`xid`: the participant's id in
# the embedding site, in newer exports; often empty, never used here).
PARTICIPANT_SUMMARY_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes",
                               "n-agree", "n-disagree")
MODERATED_OUT = -1
MODERATION_VALUES = (-1, 0, 1)

__all__ = ["CommentTable", "Export", "ExportError", "ExportWarning", "VoteTable", "read_export"]


@dataclass(frozen=True)
class VoteTable:
    """One row per vote event (or per latest vote, when read from participants-votes.csv).

    `vote` is +1 agree, -1 disagree, 0 pass; `timestamp` orders re-votes (later wins).
    """

    participant: np.ndarray  # int64
    comment: np.ndarray  # int64
    vote: np.ndarray  # int8
    timestamp: np.ndarray  # int64; row order when the export has no times

    def __len__(self) -> int:
        return len(self.vote)


@dataclass(frozen=True)
class CommentTable:
    """The statements: id, moderation status, text, and Pol.is's own vote tallies if present.

    `agrees`/`disagrees` are -1 where the export has no such column (Pol.is counts every vote
    event there, re-votes included).
    """

    comment: np.ndarray  # int64
    moderated: np.ndarray  # int8: 1 accepted, 0 unmoderated, -1 moderated out
    text: tuple[str, ...]
    agrees: np.ndarray  # int64
    disagrees: np.ndarray  # int64

    @property
    def moderated_out(self) -> np.ndarray:
        return self.comment[self.moderated == MODERATED_OUT]

    def text_of(self) -> dict[int, str]:
        return dict(zip(self.comment.tolist(), self.text, strict=True))


@dataclass(frozen=True)
class Export:
    """What an export folder holds, for the analysis: votes, comments, Pol.is's own groups."""

    votes: VoteTable
    comments: CommentTable
    agree_sign: int  # +1 when the file's +1 means agree (Pol.is open data); -1 when flipped
    polis_groups: dict[int, int]  # participant -> Pol.is group-id, where the export has one
    source: str  # which vote file was read
    # code -> id as the file wrote it, only when the ids are not all whole numbers (else the
    # code is the id): see csvfile.resolve_ids.
    participant_labels: dict[int, str] = field(default_factory=dict)
    comment_labels: dict[int, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # also issued as ExportWarning


def export_folder(folder: str | Path) -> Path:
    """`folder` as a Path when it is a folder; ExportError saying what it is otherwise."""
    folder = Path(folder)
    if not folder.is_dir():
        what = ("not a folder (give the export folder, not one of its files)" if folder.exists()
                else "no such folder")
        raise ExportError(f"{folder}: {what}")
    return folder


def read_export(folder: str | Path) -> Export:
    """Read an export folder: comments.csv plus votes.csv, else participants-votes.csv."""
    folder = export_folder(folder)
    comments_path = folder / COMMENTS_FILE
    votes_path = folder / VOTES_FILE
    wide_path = folder / PARTICIPANTS_VOTES_FILE
    if not votes_path.exists() and not wide_path.exists():
        raise ExportError(f"{folder}: needs {VOTES_FILE} or {PARTICIPANTS_VOTES_FILE}; "
                          "neither is there")
    notes: list[str] = []
    comments = _read_comments(comments_path) if comments_path.exists() else None
    known = set(comments.keys) if comments is not None else None
    wide = _read_participants_votes(wide_path, known, notes) if wide_path.exists() else None
    events = _read_votes(votes_path, known) if votes_path.exists() else None
    votes = events if events is not None else wide
    assert votes is not None
    source = VOTES_FILE if events is not None else PARTICIPANTS_VOTES_FILE
    groups = wide.groups if wide is not None else {}

    comment_keys = comments.keys if comments is not None else votes.comments
    comment_code, comment_labels = resolve_ids(comment_keys)
    participant_code, participant_labels = resolve_ids([*votes.participants, *groups])
    table = VoteTable(_codes(votes.participants, participant_code),
                      _codes(votes.comments, comment_code),
                      np.array(votes.votes, dtype=np.int8),
                      np.array(votes.times, dtype=np.int64))
    if comments is not None:
        comment_table = comments.table(_codes(comments.keys, comment_code))
    else:
        comment_table = comments_from_votes(table)
    sign = agree_sign(table, comment_table) if source == VOTES_FILE else 1
    if sign == -1:
        table = VoteTable(table.participant, table.comment, (-table.vote).astype(np.int8),
                          table.timestamp)
    for note in notes:
        warnings.warn(note, ExportWarning, stacklevel=2)
    return Export(table, comment_table, sign,
                  {participant_code[key]: group for key, group in groups.items()}, source,
                  participant_labels, comment_labels, tuple(notes))


@dataclass
class _VoteRows:
    """Votes as read, ids still as the file wrote them (see csvfile.id_key)."""

    participants: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    votes: list[int] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)  # participant -> Pol.is group-id


@dataclass
class _CommentRows:
    keys: list[str] = field(default_factory=list)
    moderated: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    agrees: list[int] = field(default_factory=list)
    disagrees: list[int] = field(default_factory=list)

    def table(self, ids: np.ndarray) -> CommentTable:
        return CommentTable(ids, np.array(self.moderated, dtype=np.int8), tuple(self.texts),
                            np.array(self.agrees, dtype=np.int64),
                            np.array(self.disagrees, dtype=np.int64))


def _codes(keys: list[str], code: dict[str, int]) -> np.ndarray:
    return np.fromiter((code[key] for key in keys), dtype=np.int64, count=len(keys))


def _read_votes(path: Path, known_comments: set[str] | None) -> _VoteRows:
    """votes.csv: `timestamp,datetime,comment-id,voter-id,vote`, one row per vote event."""
    header, rows = csv_rows(path, required=("comment-id", "voter-id", "vote"))
    i_comment, i_voter, i_vote = (header.index(c) for c in ("comment-id", "voter-id", "vote"))
    i_time = header.index("timestamp") if "timestamp" in header else None
    read = _VoteRows()
    for line, row in rows:
        read.participants.append(_id(row, i_voter, path, line, "voter-id"))
        comment = _id(row, i_comment, path, line, "comment-id")
        if known_comments is not None and comment not in known_comments:
            raise ExportError(f"{path}:{line}: a vote for comment-id {quoted(comment)}, which "
                              f"{COMMENTS_FILE} does not list")
        read.comments.append(comment)
        read.votes.append(vote_value(cell(row, i_vote), path, line))
        read.times.append(whole_number(cell(row, i_time), path, line, "timestamp")
                          if i_time is not None else line)
    return read


def _read_participants_votes(path: Path, known_comments: set[str] | None,
                             notes: list[str]) -> _VoteRows:
    """participants-votes.csv: one row per participant, a column per comment (latest vote).

    Returns the votes (one per filled cell; row order stands in for time) and the Pol.is
    `group-id` of each participant who has one. Which columns are comments: with comments.csv,
    those it lists; without, those named by a whole number.
    """
    header, rows = csv_rows(path, required=("participant",))
    i_participant = header.index("participant")
    i_group = header.index("group-id") if "group-id" in header else None
    comment_columns: list[tuple[int, str]] = []
    skipped: list[str] = []
    for i, name in enumerate(header):
        if name in PARTICIPANT_SUMMARY_COLUMNS:
            continue
        key = id_key(name)
        if key and (key in known_comments if known_comments is not None
                    else is_number_key(key)):
            comment_columns.append((i, key))
        elif known_comments is not None and is_number_key(key):
            raise ExportError(f"{path}:1: column {name[:40]!r} holds votes for a comment "
                              f"that {COMMENTS_FILE} does not list")
        else:
            skipped.append(repr(name[:40]))
    if len({key for _, key in comment_columns}) != len(comment_columns):
        raise ExportError(f"{path}:1: a comment id is the name of more than one column")
    if skipped:
        notes.append(f"{path}:1: skipped column(s) {', '.join(skipped[:10])}"
                     f"{' and more' if len(skipped) > 10 else ''}: neither a comment id nor a "
                     "known column (participant, xid, group-id, n-...)")
    read = _VoteRows()
    for line, row in rows:
        participant = _id(row, i_participant, path, line, "participant")
        group = cell(row, i_group)
        if group:
            read.groups[participant] = whole_number(group, path, line, "group-id")
        for i, comment in comment_columns:
            value = cell(row, i)
            if value:
                read.participants.append(participant)
                read.comments.append(comment)
                read.votes.append(vote_value(value, path, line))
                read.times.append(len(read.times))
    return read


def _read_comments(path: Path) -> _CommentRows:
    """comments.csv: `comment-id` required; `moderated`, `comment-body`, tallies optional."""
    header, rows = csv_rows(path, required=("comment-id",))
    column = {name: i for i, name in enumerate(header)}
    body = column.get("comment-body")
    read = _CommentRows()
    first_line: dict[str, int] = {}
    for line, row in rows:
        key = _id(row, column["comment-id"], path, line, "comment-id")
        if key in first_line:
            raise ExportError(f"{path}:{line}: comment-id {quoted(key)} appears again (first on "
                              f"line {first_line[key]})")
        first_line[key] = line
        read.keys.append(key)
        moderated = optional_whole_number(cell(row, column.get("moderated")), path, line,
                                          "moderated", 1)
        if moderated not in MODERATION_VALUES:
            raise ExportError(f"{path}:{line}: moderated must be 1 (in), 0 (not yet) or -1 "
                              f"(out), found {moderated}")
        read.moderated.append(moderated)
        for name, values in (("agrees", read.agrees), ("disagrees", read.disagrees)):
            values.append(optional_whole_number(cell(row, column.get(name)), path, line,
                                                name, -1))
        read.texts.append(row[body] if body is not None and body < len(row) else "")
    return read


def _id(row: list[str], index: int, path: Path, line: int, name: str) -> str:
    key = id_key(row[index]) if index < len(row) else ""
    if not key:
        raise ExportError(f"{path}:{line}: {name} is empty")
    return key


def comments_from_votes(votes: VoteTable) -> CommentTable:
    """Without comments.csv: every voted comment, accepted, no text."""
    ids = np.unique(votes.comment)
    none = np.full(len(ids), -1, dtype=np.int64)
    return CommentTable(ids, np.ones(len(ids), dtype=np.int8), ("",) * len(ids), none, none)


def agree_sign(votes: VoteTable, comments: CommentTable) -> int:
    """Which vote value means agree: +1 (Pol.is open data) or -1 (Pol.is's internal store).

    `agrees` in comments.csv counts every vote event, so on each comment the number of +1 rows
    in votes.csv equals either `agrees` (+1 = agree) or `disagrees` (flipped). Comments with
    agrees == disagrees say nothing and are skipped; the majority of the rest decides.
    Without tallies, +1 is taken as agree.
    """
    known = (comments.agrees >= 0) & (comments.disagrees >= 0) & \
        (comments.agrees != comments.disagrees)
    if not known.any() or len(votes) == 0:
        return 1
    ids = comments.comment[known]
    order = np.argsort(ids)
    position = np.clip(np.searchsorted(ids[order], votes.comment), 0, len(ids) - 1)
    matched = ids[order][position] == votes.comment
    slot = order[position[matched]]  # index into ids of each vote's comment
    plus = np.bincount(slot[votes.vote[matched] == 1], minlength=len(ids))
    minus = np.bincount(slot[votes.vote[matched] == -1], minlength=len(ids))
    agrees, disagrees = comments.agrees[known], comments.disagrees[known]
    as_is = np.sum((plus == agrees) & (minus == disagrees))
    flipped = np.sum((plus == disagrees) & (minus == agrees))
    return -1 if flipped > as_is else 1
