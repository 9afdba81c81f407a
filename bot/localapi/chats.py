"""One private chat between the bot and a citizen: its messages, and what the bot did in it.

Every send or edit by the bot becomes a `BotEvent` appended to `ChatState.events`, in the order
the server handled the calls; a citizen (or the benchmark) reads that list with a cursor, so
waiting for the next reply costs O(1) and never scans the chat.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from bot.localapi.objects import JsonDict, button_labels, private_chat_json


@dataclass(frozen=True)
class BotEvent:
    """A message the bot sent (edited=False) or edited (edited=True), as it looked then."""

    index: int
    message: JsonDict
    edited: bool
    at: float  # time.monotonic() when the server handled the call

    @property
    def message_id(self) -> int:
        return int(self.message["message_id"])

    @property
    def text(self) -> str:
        return str(self.message.get("text") or self.message.get("caption") or "")

    @property
    def reply_markup(self) -> JsonDict | None:
        return self.message.get("reply_markup")

    @property
    def buttons(self) -> list[list[str]]:
        """Inline keyboard labels carried by this message (reply keyboards are not echoed)."""
        return button_labels(self.reply_markup)

    @property
    def document(self) -> JsonDict | None:
        return self.message.get("document")

    def summary(self) -> dict[str, Any]:
        """Plain JSON for the control endpoints."""
        return {
            "chat_id": self.message["chat"]["id"],
            "index": self.index,
            "at": self.at,
            "edited": self.edited,
            "message_id": self.message_id,
            "text": self.text,
            "buttons": self.buttons,
            "has_document": self.document is not None,
        }


@dataclass(frozen=True)
class SentFile:
    """A file the bot sent into a chat, with the uploaded bytes."""

    kind: str  # "document" or "photo"
    file_id: str
    file_name: str
    mime_type: str
    data: bytes
    caption: str | None
    message_id: int


@dataclass(frozen=True)
class TranscriptEntry:
    """One line of a chat's history, both directions: who, what kind, and the text shown."""

    sender: str  # "citizen" or "bot"
    kind: str  # message, edit, delete, callback, sticker, photo, document, location
    text: str
    at: float

    def __str__(self) -> str:
        arrow = ">>" if self.sender == "citizen" else "<<"
        marker = "" if self.kind == "message" else f"[{self.kind}] "
        return f"{arrow} {marker}{self.text}"


@dataclass
class ChatState:
    user: JsonDict
    chat: JsonDict = field(init=False)
    chat_instance: str = field(init=False)
    messages: dict[int, JsonDict] = field(default_factory=dict)
    bot_message_ids: set[int] = field(default_factory=set)
    events: list[BotEvent] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    files: list[SentFile] = field(default_factory=list)
    reply_keyboard: JsonDict | None = None
    last_inline_message_id: int | None = None
    newest_bot_message_id: int | None = None
    feed: EventFeed | None = None
    group: JsonDict | None = None  # the chat JSON of a group chat; None = the private chat
    _last_message_id: int = 0
    _waiters: list[asyncio.Future[None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.chat = self.group if self.group is not None else private_chat_json(self.user)
        # Telegram's chat_instance is an opaque, stable, signed 64-bit number as a string.
        self.chat_instance = str(-(zlib.crc32(str(self.chat["id"]).encode()) * 7919 + 1))

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    def new_message_id(self) -> int:
        self._last_message_id += 1
        return self._last_message_id

    def note(self, sender: str, kind: str, text: str) -> None:
        self.transcript.append(TranscriptEntry(sender, kind, text, time.monotonic()))

    def store_citizen_message(self, message: JsonDict, kind: str, text: str) -> None:
        self.messages[message["message_id"]] = message
        self.note("citizen", kind, text)

    def record_bot_message(self, message: JsonDict, *, edited: bool) -> BotEvent:
        message_id = message["message_id"]
        self.messages[message_id] = message
        self.bot_message_ids.add(message_id)
        if not edited:
            self.newest_bot_message_id = message_id
        if "inline_keyboard" in (message.get("reply_markup") or {}):
            if self.last_inline_message_id is None or message_id >= self.last_inline_message_id:
                self.last_inline_message_id = message_id
        elif message_id == self.last_inline_message_id:
            self.last_inline_message_id = None
        event = BotEvent(len(self.events), message, edited, time.monotonic())
        self.events.append(event)
        self.note("bot", "edit" if edited else "message", event.text)
        _wake(self._waiters)
        if self.feed is not None:
            self.feed.append(self.chat_id, event)
        return event

    def delete_message(self, message_id: int) -> None:
        message = self.messages.pop(message_id)
        self.bot_message_ids.discard(message_id)
        if message_id == self.last_inline_message_id:
            self.last_inline_message_id = None
        if message_id == self.newest_bot_message_id:
            self.newest_bot_message_id = max(self.bot_message_ids, default=None)
        self.note("bot", "delete", str(message.get("text") or message_id))

    async def wait_for_events(self, count: int, timeout: float) -> None:
        """Return once `count` bot events exist; TimeoutError after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.events) < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                _forget(self._waiters, waiter)
                if len(self.events) < count:
                    raise

    def summary(self, since: int = 0) -> list[dict[str, Any]]:
        """The bot events from index `since` as plain JSON (for the control endpoint)."""
        return [event.summary() for event in self.events[since:]]


class EventFeed:
    """Every bot event of every chat in one list, so a load generator can follow all chats
    with one cursor instead of asking each chat."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, BotEvent]] = []
        self._waiters: list[asyncio.Future[None]] = []

    def append(self, chat_id: int, event: BotEvent) -> None:
        self.entries.append((chat_id, event))
        _wake(self._waiters)

    async def wait_beyond(self, count: int, timeout: float) -> None:
        """Return once more than `count` entries exist, or after `timeout` seconds."""
        if len(self.entries) > count or timeout <= 0:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            _forget(self._waiters, waiter)


def _wake(waiters: list[asyncio.Future[None]]) -> None:
    """Resolve every waiter and empty the list (waiters re-register if they wait again)."""
    for waiter in waiters:
        if not waiter.done():
            waiter.set_result(None)
    waiters.clear()


def _forget(waiters: list[asyncio.Future[None]], waiter: asyncio.Future[None]) -> None:
    if waiter in waiters:
        waiters.remove(waiter)
