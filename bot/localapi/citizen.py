"""A simulated Telegram user in a private chat with the bot (or in a group the bot is in):
sends, presses, reads replies.

The citizen lives in the server's event loop and talks to the fake Telegram directly (no HTTP):
what it sends becomes an update for the bot's getUpdates; what the bot sends or edits shows up
as `BotEvent`s, read in order with `next_reply()`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from bot.localapi.chats import BotEvent, ChatState, SentFile, TranscriptEntry
from bot.localapi.objects import (
    JsonDict,
    button_labels,
    command_entities,
    file_json,
    now_seconds,
)

if TYPE_CHECKING:
    from bot.localapi.methods import TelegramState

MessageRef = BotEvent | JsonDict | int


class Citizen:
    """One user and their private chat; get it with `LocalBotApi.citizen(user_id, ...)`."""

    def __init__(
        self, telegram: TelegramState, user: JsonDict, chat: ChatState | None = None
    ) -> None:
        self.telegram = telegram
        self.user = user
        self.chat = chat if chat is not None else telegram.open_chat(user)
        self._cursor = 0  # index of the next BotEvent next_reply() returns

    @property
    def user_id(self) -> int:
        return int(self.user["id"])

    # -- sending (the *_nowait forms are synchronous, for pushing many updates fast) ----------

    def send_nowait(self, text: str) -> JsonDict:
        return self._message({"text": text, **_entities(text)}, "message", text)

    def command_nowait(self, command: str, *args: str) -> JsonDict:
        text = " ".join((command if command.startswith("/") else f"/{command}", *args))
        return self._message({"text": text, **_entities(text)}, "message", text)

    def press_nowait(self, label_or_data: str, message: MessageRef | None = None) -> str:
        """Press an inline button by its label or callback_data; returns the callback query id.

        Without `message`, the latest bot message that carries an inline keyboard is used. Any
        older message (a `BotEvent` snapshot, a message dict or a message id) can be given to
        press a stale button; the bot then receives that message as it is now.
        """
        markup, message_id = self._markup_of(message)
        current = self.chat.messages.get(message_id)
        if current is None:
            raise LookupError(f"message {message_id} does not exist (deleted?)")
        button = _find_button(markup, label_or_data)
        if "callback_data" not in button:
            raise LookupError(f"button {button['text']!r} has no callback_data to press")
        return self._callback(current, button["callback_data"], button["text"])

    def press_forged_nowait(self, callback_data: str, message: MessageRef | None = None) -> str:
        """Send callback data that no button carries, as a modified client can.

        `message` defaults to the bot's newest message; returns the callback query id.
        """
        message_id = (
            self.chat.newest_bot_message_id if message is None else _message_id(message)
        )
        current = self.chat.messages.get(message_id or 0)
        if current is None:
            raise LookupError(f"message {message_id} does not exist")
        return self._callback(current, callback_data, f"(forged) {callback_data}")

    def edit_nowait(self, message: JsonDict, text: str) -> JsonDict:
        """Change the text of a message this citizen sent, as the app's "Edit" does."""
        original = {key: value for key, value in message.items() if key != "entities"}
        edited = {**original, "text": text, "edit_date": now_seconds(), **_entities(text)}
        self.chat.store_citizen_message(edited, "edit", text)
        self.telegram.updates.push("edited_message", edited)
        return edited

    def _callback(self, message: JsonDict, data: str, shown: str) -> str:
        query_id = f"{self.user_id}{self.telegram.new_id():0>8}"
        self.telegram.open_callback_queries[query_id] = self.chat.chat_id
        self.telegram.updates.push("callback_query", {
            "id": query_id,
            "from": self.user,
            "message": message,
            "chat_instance": self.chat.chat_instance,
            "data": data,
        })
        self.chat.note("citizen", "callback", shown)
        return query_id

    async def send(self, text: str) -> JsonDict:
        return self.send_nowait(text)

    async def command(self, command: str, *args: str) -> JsonDict:
        return self.command_nowait(command, *args)

    async def press(self, label_or_data: str, message: MessageRef | None = None) -> str:
        return self.press_nowait(label_or_data, message)

    async def press_forged(self, callback_data: str, message: MessageRef | None = None) -> str:
        return self.press_forged_nowait(callback_data, message)

    async def edit(self, message: JsonDict, text: str) -> JsonDict:
        return self.edit_nowait(message, text)

    async def send_sticker(self, emoji: str = "👍") -> JsonDict:
        return self.sticker_nowait(emoji)

    async def send_photo(self, caption: str | None = None) -> JsonDict:
        return self.photo_nowait(caption)

    async def send_location(self, latitude: float = 52.37, longitude: float = 4.89) -> JsonDict:
        return self.location_nowait(latitude, longitude)

    def sticker_nowait(self, emoji: str = "👍") -> JsonDict:
        number = self.telegram.new_id()
        sticker = {
            **file_json(f"CAACAgLocal{number}", f"AgADs{number}", 20_000),
            "type": "regular", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "emoji": emoji,
        }
        return self._message({"sticker": sticker}, "sticker", emoji)

    def photo_nowait(self, caption: str | None = None) -> JsonDict:
        number = self.telegram.new_id()
        sizes = [
            {**file_json(f"AgACAgLocal{number}_{width}", f"AQADp{number}_{width}", width * 40),
             "width": width, "height": width * 3 // 4}
            for width in (90, 320, 800)
        ]
        fields: JsonDict = {"photo": sizes}
        if caption:
            fields["caption"] = caption
        return self._message(fields, "photo", caption or "")

    async def send_document(
        self, file_name: str = "note.txt", data: bytes = b"hello", mime_type: str = "text/plain"
    ) -> JsonDict:
        stored = self.telegram.files.store(file_name, data, mime_type)
        document = {
            **file_json(stored.file_id, stored.file_unique_id, len(data)),
            "file_name": file_name, "mime_type": mime_type,
        }
        return self._message({"document": document}, "document", file_name)

    def location_nowait(self, latitude: float = 52.37, longitude: float = 4.89) -> JsonDict:
        location = {"latitude": latitude, "longitude": longitude}
        return self._message({"location": location}, "location", f"{latitude},{longitude}")

    def _message(self, fields: JsonDict, kind: str, shown: str) -> JsonDict:
        message = {
            "message_id": self.chat.new_message_id(),
            "from": self.user,
            "chat": self.chat.chat,
            "date": now_seconds(),
            **fields,
        }
        self.chat.store_citizen_message(message, kind, shown)
        self.telegram.updates.push("message", message)
        return message

    # -- reading -----------------------------------------------------------------------------

    async def next_reply(self, timeout: float = 5.0) -> BotEvent:
        """The bot's next message or edit in this chat (in order); TimeoutError with the chat."""
        try:
            await self.chat.wait_for_events(self._cursor + 1, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"no reply from the bot within {timeout}s; chat so far:\n{self.transcript_text()}"
            ) from None
        event = self.chat.events[self._cursor]
        self._cursor += 1
        return event

    async def replies_until_quiet(
        self, quiet: float = 0.3, timeout: float = 10.0
    ) -> list[BotEvent]:
        """Every reply until the bot stays silent for `quiet` seconds (at most `timeout`)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        replies: list[BotEvent] = []
        while loop.time() < deadline:
            try:
                await self.chat.wait_for_events(
                    self._cursor + 1, min(quiet, deadline - loop.time())
                )
            except TimeoutError:
                break
            replies.extend(self.chat.events[self._cursor:])
            self._cursor = len(self.chat.events)
        return replies

    async def wait_replies(self, count: int, timeout: float = 10.0) -> None:
        """Wait until the bot has sent or edited `count` times in this chat since it began."""
        await self.chat.wait_for_events(count, timeout)

    def skip_replies(self) -> None:
        """Mark every reply so far as read."""
        self._cursor = len(self.chat.events)

    def keyboard(self) -> list[list[str]]:
        """The buttons a citizen sees now: the newest message's inline keyboard if it has one,
        else the reply keyboard under the input field (else [])."""
        newest = self.chat.newest_bot_message_id
        if newest is not None and newest == self.chat.last_inline_message_id:
            return button_labels(self.chat.messages[newest].get("reply_markup"))
        return button_labels(self.chat.reply_keyboard)

    def inline_keyboard(self) -> list[list[str]]:
        """The inline keyboard of the latest bot message that has one."""
        message_id = self.chat.last_inline_message_id
        if message_id is None:
            return []
        return button_labels(self.chat.messages[message_id].get("reply_markup"))

    def reply_keyboard(self) -> list[list[str]]:
        return button_labels(self.chat.reply_keyboard)

    def callback_answer(self, query_id: str) -> JsonDict | None:
        """How the bot answered a press (text, show_alert, url), or None if not (yet)."""
        return self.telegram.callback_answers.get(query_id)

    @property
    def events(self) -> list[BotEvent]:
        return self.chat.events

    @property
    def transcript(self) -> list[TranscriptEntry]:
        return self.chat.transcript

    def transcript_text(self) -> str:
        return "\n".join(str(entry) for entry in self.chat.transcript) or "(empty)"

    @property
    def documents(self) -> list[SentFile]:
        """Files (documents and photos) the bot sent to this chat, with their bytes."""
        return self.chat.files

    def _markup_of(self, message: MessageRef | None) -> tuple[JsonDict | None, int]:
        if message is None:
            message_id = self.chat.last_inline_message_id
            if message_id is None:
                raise LookupError(
                    f"no message with an inline keyboard; chat so far:\n{self.transcript_text()}"
                )
            return self.chat.messages[message_id].get("reply_markup"), message_id
        if isinstance(message, BotEvent):
            return message.reply_markup, message.message_id
        if isinstance(message, int):
            current = self.chat.messages.get(message, {})
            return current.get("reply_markup"), message
        return message.get("reply_markup"), int(message["message_id"])


def _entities(text: str) -> JsonDict:
    entities = command_entities(text)
    return {"entities": entities} if entities else {}


def _find_button(markup: JsonDict | None, label_or_data: str) -> JsonDict:
    rows = (markup or {}).get("inline_keyboard") or []
    buttons = [button for row in rows for button in row]
    for key in ("text", "callback_data"):
        for button in buttons:
            if button.get(key) == label_or_data:
                return button
    raise LookupError(
        f"no inline button {label_or_data!r}; buttons: {button_labels(markup) or 'none'}"
    )


def _message_id(message: MessageRef) -> int:
    if isinstance(message, BotEvent):
        return message.message_id
    if isinstance(message, int):
        return message
    return int(message["message_id"])
