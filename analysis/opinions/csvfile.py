"""The CSV layer under the export reader: bounded reading, cells, ids, and the errors it raises.

Every file of an export folder is a user's file, so it is read defensively:

* `csv_rows` opens it through `surveys.inputfiles` (a regular file, never a FIFO or device,
  at most `MAX_EXPORT_FILE_BYTES`, checked before reading), refuses lines longer than
  `MAX_LINE_CHARS`, and reports every problem as `ExportError` "file:line: what is wrong";
* `whole_number` keeps numbers inside int64 (a 25-digit timestamp is an error, not an
  OverflowError deep in numpy);
* ids are opaque: `id_key` and `resolve_ids` keep whole-number ids as they are and give other
  ids (text such as "p-17", or numbers beyond 64 bits) small codes, keeping the original text
  as their label.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from surveys.inputfiles import MEGABYTE, InputFileError, open_regular_file

# About ten million vote events; the largest published Pol.is conversations are far smaller.
MAX_EXPORT_FILE_BYTES = 512 * MEGABYTE
# A comment of 100,000 characters, or a participants-votes.csv row for 200,000 comments.
MAX_LINE_CHARS = 1_000_000
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class ExportError(ValueError):
    """A missing or malformed file in an export folder; the message says where and what."""


class ExportWarning(UserWarning):
    """Something in an export the reader passed over (an unknown column); the message says what."""


Rows = Iterator[tuple[int, list[str]]]


def csv_rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], Rows]:
    """The header of `path` (names stripped) and its data rows as (line number, cells).

    The header is checked for the `required` columns before anything else is read; blank
    lines are skipped; the line number is where the row starts.
    """
    try:
        handle = open_regular_file(path, MAX_EXPORT_FILE_BYTES)
    except InputFileError as error:
        raise ExportError(str(error)) from None
    reader = csv.reader(_text_lines(handle, path))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        handle.close()
        raise ExportError(f"{path}: the file is empty (expected a header line)") from None
    except csv.Error as error:
        handle.close()
        raise ExportError(f"{path}:1: not a readable CSV file ({error})") from None
    except ExportError:
        handle.close()
        raise
    missing = [name for name in required if name not in header]
    if missing:
        handle.close()
        shown = ", ".join(quoted(name) for name in header[:12]) or "none"
        raise ExportError(f"{path}:1: missing column(s) {', '.join(missing)}; found {shown}")
    return header, _data_rows(reader, handle, path)


def _data_rows(reader, handle: BinaryIO, path: Path) -> Rows:
    with handle:
        previous_end = reader.line_num
        try:
            for row in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if row:
                    yield start, row
        except csv.Error as error:
            raise ExportError(
                f"{path}:{reader.line_num + 1}: not a readable CSV line ({error})"
            ) from None


def _text_lines(handle: BinaryIO, path: Path) -> Iterator[str]:
    """The file's lines as text, decoded one by one so a problem is reported on its line."""
    number, total = 0, 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        total += len(line)
        if len(line) > MAX_LINE_CHARS:
            raise ExportError(
                f"{path}:{number}: line longer than {MAX_LINE_CHARS:,} "
                "characters; is this a CSV file?"
            )
        if total > MAX_EXPORT_FILE_BYTES:
            raise ExportError(
                f"{path}: grew beyond {MAX_EXPORT_FILE_BYTES // MEGABYTE} MB while it was read"
            )
        if b"\0" in line:
            raise ExportError(f"{path}:{number}: holds a NUL byte; is this a CSV file?")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ExportError(
                f"{path}:{number}: not UTF-8 text (byte "
                f"{line[error.start]:#04x}); save the file as UTF-8"
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def quoted(text: str) -> str:
    """File content as an error message shows it: plain when it is short printable text, else
    as a Python literal, so control characters never reach the terminal."""
    return text if text.isprintable() and len(text) <= 40 else repr(text[:40])


def cell(row: list[str], index: int | None) -> str:
    """The stripped cell at `index`, "" when the row is short or the column absent."""
    return row[index].strip() if index is not None and index < len(row) else ""


def whole_number(text: str, path: Path, line: int, name: str) -> int:
    """`text` as a whole number within int64 ("12", " 12 ", "12.0"); ExportError otherwise."""
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not number.is_integer():
            shown = repr(text[:40]) if text else "nothing"
            raise ExportError(
                f"{path}:{line}: {name} must be a whole number, found {shown}"
            ) from None
        value = int(number)
    if not INT64_MIN <= value <= INT64_MAX:
        raise ExportError(f"{path}:{line}: {name} {text[:40]} is too large (at most 19 digits)")
    return value


def optional_whole_number(text: str, path: Path, line: int, name: str, default: int) -> int:
    return default if not text else whole_number(text, path, line, name)


def vote_value(text: str, path: Path, line: int) -> int:
    """A vote cell: 1, -1 or 0 (also written 1.0, -1.0, 0.0); ExportError otherwise."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value not in (-1.0, 0.0, 1.0):
        shown = repr(text[:40]) if text else "nothing"
        raise ExportError(f"{path}:{line}: vote must be 1, -1 or 0, found {shown}")
    return int(value)


def id_key(text: str) -> str:
    """An id as the reader compares it: whole numbers in one spelling ("7", "7.0" -> "7"),
    anything else as written (stripped); "" for an empty cell."""
    text = text.strip()
    try:
        return str(int(text))
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def is_number_key(key: str) -> bool:
    """True when `key` (from `id_key`) is a whole number."""
    try:
        int(key)
    except ValueError:
        return False
    return True


def resolve_ids(keys: Iterable[str]) -> tuple[dict[str, int], dict[int, str]]:
    """Codes for ids: (key -> int64 code, code -> label).

    When every id is a whole number that fits int64, the code is the number and there are no
    labels (the usual Pol.is export). Otherwise ids are sorted (numbers first, by value, then
    text) and numbered 0, 1, 2...; the labels give back what the file said.
    """
    unique = set(keys)
    if all(is_number_key(key) and INT64_MIN <= int(key) <= INT64_MAX for key in unique):
        return {key: int(key) for key in unique}, {}
    ordered = sorted(unique, key=lambda k: (0, int(k), "") if is_number_key(k) else (1, 0, k))
    return {key: code for code, key in enumerate(ordered)}, dict(enumerate(ordered))
