"""Read a Pol.is open-data export folder (also what `python -m surveys export` writes).

A folder holds `comments.csv` and either `votes.csv` (one row per vote event) or only
`participants-votes.csv` (one row per participant, their latest vote in each comment column).
Both become the same `VoteTable`: one row per vote, agree = +1, disagree = -1, pass = 0.

Every problem with the files is raised as `ExportError` with the file, line and what is wrong,
so the command line can print it instead of a traceback.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
PARTICIPANTS_VOTES_FILE = "participants-votes.csv"
# Columns of participants-votes.csv that are not comment ids.
PARTICIPANT_SUMMARY_COLUMNS = ("participant", "group-id", "n-comments", "n-votes",
                               "n-agree", "n-disagree")
MODERATED_OUT = -1


class ExportError(ValueError):
    """A missing or malformed file in an export folder; the message says where and what."""


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
    if not votes_path.is_file() and not wide_path.is_file():
        raise ExportError(f"{folder}: needs {VOTES_FILE} or {PARTICIPANTS_VOTES_FILE}; "
                          "neither is there")
    polis_groups: dict[int, int] = {}
    if wide_path.is_file():
        wide_votes, polis_groups = read_participants_votes(wide_path)
    if votes_path.is_file():
        votes, source = read_votes(votes_path), VOTES_FILE
    else:
        votes, source = wide_votes, PARTICIPANTS_VOTES_FILE
    if comments_path.is_file():
        comments = read_comments(comments_path)
    else:
        comments = comments_from_votes(votes)
    sign = agree_sign(votes, comments) if source == VOTES_FILE else 1
    if sign == -1:
        votes = VoteTable(votes.participant, votes.comment, (-votes.vote).astype(np.int8),
                          votes.timestamp)
    return Export(votes, comments, sign, polis_groups, source)


def read_votes(path: Path) -> VoteTable:
    """votes.csv: `timestamp,datetime,comment-id,voter-id,vote`, one row per vote event."""
    rows = _rows(path, required=("comment-id", "voter-id", "vote"))
    header = next(rows)
    i_comment, i_voter, i_vote = (header.index(c) for c in ("comment-id", "voter-id", "vote"))
    i_time = header.index("timestamp") if "timestamp" in header else None
    participants: list[int] = []
    comments: list[int] = []
    votes: list[int] = []
    times: list[int] = []
    for line, row in enumerate(rows, start=2):
        participants.append(_int(row, i_voter, path, line, "voter-id"))
        comments.append(_int(row, i_comment, path, line, "comment-id"))
        votes.append(_vote(row[i_vote] if i_vote < len(row) else "", path, line))
        times.append(_int(row, i_time, path, line, "timestamp") if i_time is not None else line)
    return VoteTable(np.array(participants, dtype=np.int64), np.array(comments, dtype=np.int64),
                     np.array(votes, dtype=np.int8), np.array(times, dtype=np.int64))


def read_participants_votes(path: Path) -> tuple[VoteTable, dict[int, int]]:
    """participants-votes.csv: one row per participant, a column per comment (latest vote).

    Returns the votes (one per filled cell; row order stands in for time) and the Pol.is
    `group-id` of each participant who has one.
    """
    rows = _rows(path, required=("participant",))
    header = next(rows)
    i_participant = header.index("participant")
    i_group = header.index("group-id") if "group-id" in header else None
    comment_columns: list[tuple[int, int]] = []
    for i, name in enumerate(header):
        if name in PARTICIPANT_SUMMARY_COLUMNS:
            continue
        try:
            comment_columns.append((i, int(name)))
        except ValueError:
            raise ExportError(f"{path}:1: column {name!r} is neither a summary column nor "
                              "a comment id") from None
    participants: list[int] = []
    comments: list[int] = []
    votes: list[int] = []
    groups: dict[int, int] = {}
    for line, row in enumerate(rows, start=2):
        participant = _int(row, i_participant, path, line, "participant")
        if i_group is not None and i_group < len(row) and row[i_group].strip():
            groups[participant] = _int(row, i_group, path, line, "group-id")
        for i, comment in comment_columns:
            cell = row[i].strip() if i < len(row) else ""
            if cell:
                participants.append(participant)
                comments.append(comment)
                votes.append(_vote(cell, path, line))
    order = np.arange(len(votes), dtype=np.int64)
    table = VoteTable(np.array(participants, dtype=np.int64), np.array(comments, dtype=np.int64),
                      np.array(votes, dtype=np.int8), order)
    return table, groups


def read_comments(path: Path) -> CommentTable:
    """comments.csv: `comment-id` required; `moderated`, `comment-body`, tallies optional."""
    rows = _rows(path, required=("comment-id",))
    header = next(rows)
    column = {name: i for i, name in enumerate(header)}
    ids: list[int] = []
    moderated: list[int] = []
    texts: list[str] = []
    agrees: list[int] = []
    disagrees: list[int] = []
    for line, row in enumerate(rows, start=2):
        ids.append(_int(row, column["comment-id"], path, line, "comment-id"))
        moderated.append(_optional_int(row, column.get("moderated"), path, line, "moderated", 1))
        agrees.append(_optional_int(row, column.get("agrees"), path, line, "agrees", -1))
        disagrees.append(_optional_int(row, column.get("disagrees"), path, line, "disagrees", -1))
        body = column.get("comment-body")
        texts.append(row[body] if body is not None and body < len(row) else "")
    if len(set(ids)) != len(ids):
        raise ExportError(f"{path}: a comment-id appears more than once")
    return CommentTable(np.array(ids, dtype=np.int64), np.array(moderated, dtype=np.int8),
                        tuple(texts), np.array(agrees, dtype=np.int64),
                        np.array(disagrees, dtype=np.int64))


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


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[list[str]]:
    """CSV rows of `path`, header first, after checking the header has `required` columns."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ExportError(f"{path}: cannot open ({error.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise ExportError(f"{path}: the file is empty (expected a header line)") from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise ExportError(f"{path}:1: not a readable CSV file ({error})") from None
        missing = [name for name in required if name not in header]
        if missing:
            raise ExportError(f"{path}:1: missing column(s) {', '.join(missing)}; "
                              f"found {', '.join(header) or 'none'}")
        yield header
        try:
            for row in reader:
                if row:
                    yield row
        except (csv.Error, UnicodeDecodeError) as error:
            raise ExportError(f"{path}:{reader.line_num}: not a readable CSV line ({error})") \
                from None


def _int(row: list[str], index: int, path: Path, line: int, name: str) -> int:
    cell = row[index].strip() if index < len(row) else ""
    try:
        return int(cell)
    except ValueError:
        try:
            value = float(cell)
        except ValueError:
            value = float("nan")
        if value.is_integer():
            return int(value)
        shown = repr(cell) if cell else "nothing"
        raise ExportError(f"{path}:{line}: {name} must be a whole number, found {shown}") \
            from None


def _optional_int(row: list[str], index: int | None, path: Path, line: int, name: str,
                  default: int) -> int:
    if index is None or index >= len(row) or not row[index].strip():
        return default
    return _int(row, index, path, line, name)


def _vote(cell: str, path: Path, line: int) -> int:
    try:
        value = float(cell)
    except ValueError:
        value = float("nan")
    if value not in (-1.0, 0.0, 1.0):
        shown = repr(cell.strip()) if cell.strip() else "nothing"
        raise ExportError(f"{path}:{line}: vote must be 1, -1 or 0, found {shown}")
    return int(value)
