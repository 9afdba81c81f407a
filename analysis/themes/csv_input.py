"""Reading one text column from the CSV files people actually have.

Exports come from the bot (UTF-8, comma), from scripts (TSV) and, often, from Excel, whose
plain "CSV" depends on the computer's region: Dutch, German or French Excel separates with
semicolons (the comma is their decimal sign) and writes Windows-1252 rather than UTF-8. So:

* **Delimiter**: the one the extension says (tab for .tsv/.tab, else comma), unless its header
  lacks the requested column and another of ``, ; TAB |`` has it. The column name is known, so
  the header tells which delimiter is right; a sniffer guessing from the rows could be misled
  by proposals full of commas.
* **Encoding**: UTF-8 (with or without BOM); UTF-16 when the file starts with its BOM (Excel's
  "Unicode text"); otherwise Windows-1252, with a note. Reading Windows-1252 rather than
  refusing: it is what Western European Excel writes, and it decodes such a file exactly
  (``é``, ``ë``, ``€``, curly quotes), so the common case just works. A file in another code page
  (Cyrillic, Greek) would come out with wrong letters, hence the note that says how to fix it.
  Bytes that are not Windows-1252 at all give an error with the same advice.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from surveys.inputfiles import MEGABYTE, InputFileError, read_bounded

csv.field_size_limit(sys.maxsize)
MAX_INPUT_BYTES = 256 * MEGABYTE  # a million proposals of 250 characters

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SAVE_AS_UTF8 = 'save it as "CSV UTF-8" (a file type in Excel\'s Save As) and try again'


class InputError(Exception):
    """A problem with the input file that the user can fix; reported without a traceback."""


@dataclass(frozen=True)
class TextColumn:
    texts: list[str]
    delimiter: str
    encoding: str
    notes: list[str] = field(default_factory=list)

    @property
    def delimiter_name(self) -> str:
        return DELIMITERS[self.delimiter]


def read_text_column(path: Path, text_column: str) -> TextColumn:
    """Every row's value of ``text_column`` ("" when missing), in file order."""
    try:
        # A regular file of bounded size: a FIFO or /dev/zero is refused before reading.
        data = read_bounded(path, MAX_INPUT_BYTES)
    except InputFileError as error:
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{path} does not exist") from None
        raise InputError(str(error)) from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    content, encoding = _decode(path, data)
    notes = []
    if encoding == "Windows-1252":
        notes.append(f"{path} is not UTF-8; read it as Windows-1252 (what Excel writes in "
                     f"Western Europe). If letters look wrong, {SAVE_AS_UTF8}.")
    expected = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    delimiter = _delimiter(content, expected, text_column)
    try:
        reader = csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter)
        columns = reader.fieldnames
        if not columns:
            raise InputError(f"{path} is empty (no header row)")
        if text_column not in columns:
            available = ", ".join(repr(c) for c in columns)
            raise InputError(f"{path} has no column {text_column!r}; "
                             f"columns available: {available} (use --text-column)")
        texts = [row[text_column] or "" for row in reader]
    except csv.Error as error:
        raise InputError(f"cannot read {path}: {error}") from None
    return TextColumn(texts, delimiter, encoding, notes)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read with."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "UTF-16"
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise InputError(f"cannot read {path}: it is not UTF-8 text, nor Windows-1252; "
                         f"{SAVE_AS_UTF8}") from None


def _delimiter(content: str, expected: str, text_column: str) -> str:
    """``expected`` if its header has ``text_column``, else the first delimiter whose does.

    When none does, the one that splits the header into most columns, so that the error
    lists the columns as the file has them ('id', 'body'; not 'id;body').
    """
    others = [d for d in DELIMITERS if d != expected]
    headers = {d: _header(content, d) for d in (expected, *others)}
    for delimiter, header in headers.items():
        if text_column in header:
            return delimiter
    return max(headers, key=lambda d: len(headers[d]))  # the first of equals: ``expected``


def _header(content: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []
