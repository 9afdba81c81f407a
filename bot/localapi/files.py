"""Files on the fake Telegram: what bots upload and citizens send, by file_id and by path."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from bot.localapi.objects import bad_request


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    file_name: str
    data: bytes
    mime_type: str


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    data: bytes

    @property
    def file_path(self) -> str:
        """Where getFile says it can be downloaded, below base_file_url + token."""
        return f"documents/{self.file_unique_id}/{self.file_name}"


class FileStore:
    def __init__(self) -> None:
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)

    def store(self, file_name: str, data: bytes, mime_type: str) -> StoredFile:
        number = next(self._numbers)
        stored = StoredFile(f"BQACAgLocal{number}", f"AgAD{number}", file_name, mime_type, data)
        self.by_id[stored.file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored

    def resolve(self, value: Any, files: dict[str, UploadedFile], field: str) -> StoredFile:
        """The file a send method names: an upload (attach:// or the field itself) or a file_id.

        URLs are refused: this Telegram has no network to fetch them from.
        """
        upload = files.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        elif isinstance(value, str) and value in self.by_id:
            return self.by_id[value]
        if upload is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not upload.data:
            raise bad_request("file must be non-empty")
        return self.store(upload.file_name, upload.data, upload.mime_type)
