"""Opening a file someone handed us: a regular file of bounded size, checked before reading.

`surveys validate /dev/zero` once read until memory ran out, and a FIFO (named pipe) given as a
survey file or an export's CSV made the command wait forever. Every input file the project
reads on a user's say-so (survey files, export folders) is opened here instead:

* it is opened without blocking (`O_NONBLOCK`: opening a FIFO with no writer would otherwise
  wait) and then checked with `fstat` on the open descriptor, so what is checked is what is
  read: only a regular file passes; a folder, FIFO, socket or device is refused;
* its size is compared with the caller's limit before a byte is read, and no more than the
  limit is ever read (a file that grows meanwhile is cut off and refused).

Problems are raised as `InputFileError` with a one-line message naming the file.
"""

from __future__ import annotations

import io
import os
import stat

MEGABYTE = 1024 * 1024


class InputFileError(ValueError):
    """An input file that cannot be read; the message names the file and says why."""


def open_regular_file(path: str | os.PathLike[str], max_bytes: int) -> io.BufferedReader:
    """`path` opened for binary reading, after checking it is a regular file of <= max_bytes."""
    name = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputFileError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise InputFileError(f"{name}: is a folder, not a file") from None
    except OSError as error:
        raise InputFileError(f"{name}: cannot open ({error.strerror or error})") from None
    try:
        info = os.fstat(descriptor)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise InputFileError(f"{name}: is {kind}, not a regular file")
        if info.st_size > max_bytes:
            raise InputFileError(
                f"{name}: is {info.st_size:,} bytes, more than the "
                f"{_size(max_bytes)} this command reads"
            )
        return open(descriptor, "rb", closefd=True)  # the caller closes it
    except BaseException:
        os.close(descriptor)
        raise


def read_bounded(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, refused (InputFileError) beyond `max_bytes`."""
    with open_regular_file(path, max_bytes) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputFileError(f"{path}: grew beyond {_size(max_bytes)} while it was read")
    return data


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n_bytes: int) -> str:
    if n_bytes >= MEGABYTE:
        return f"{n_bytes / MEGABYTE:.1f} MB"
    return f"{n_bytes:,} bytes"
