"""The Bot API methods themselves, over an in-memory Telegram: chats, files, updates, commands.

`TelegramState.call(method, params, files)` answers one method call with its `result` or raises
`ApiError`; the HTTP server (server.py) only decodes requests and encodes answers around it.
Method names are case-insensitive, as on Telegram.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.localapi.chats import ChatState, EventFeed, SentFile
from bot.localapi.files import FileStore, UploadedFile
from bot.localapi.formatting import parse_formatted
from bot.localapi.objects import (
    MAX_CAPTION_LENGTH,
    ApiError,
    JsonDict,
    bad_request,
    now_seconds,
    user_json,
    utf16_length,
    validate_reply_markup,
    validate_text,
)
from bot.localapi.updates import UpdateQueue

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


Handler = Callable[[JsonDict, dict[str, UploadedFile]], Awaitable[Any]]


class TelegramState:
    """Everything the fake Telegram knows; one instance per `LocalBotApi`."""

    def __init__(self, bot_id: int = 7_000_000_001, bot_username: str = "samen_local_bot") -> None:
        self.bot_user = user_json(bot_id, "Samen", is_bot=True, username=bot_username)
        self.chats: dict[int, ChatState] = {}
        self.feed = EventFeed()
        self.updates = UpdateQueue()
        self.files = FileStore()
        self.open_callback_queries: dict[str, int | None] = {}  # query id -> chat id
        self.callback_answers: dict[str, JsonDict] = {}
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.webhook: JsonDict = {}
        self.profile: dict[tuple[str, str], str] = {}  # (field, language) -> setMyName etc.
        self._ids = itertools.count(1)
        by_name: dict[str, Handler] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "answerCallbackQuery": self.answer_callback_query,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "getFile": self.get_file,
            "sendChatAction": self.send_chat_action,
            "deleteMessage": self.delete_message,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "getChat": self.get_chat,
            "setMyDescription": self.set_profile_text,
            "setMyShortDescription": self.set_profile_text,
            "setMyName": self.set_profile_text,
            "setChatMenuButton": self.harmless,
            "close": self.harmless,
            "logOut": self.harmless,
        }
        self.handlers = {name.lower(): handler for name, handler in by_name.items()}
        self.canonical_names = {name.lower(): name for name in by_name}

    def new_id(self) -> str:
        return str(next(self._ids))

    async def call(self, method: str, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        handler = self.handlers.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(params, files)

    # -- chats -------------------------------------------------------------------------------

    def open_chat(self, user: JsonDict) -> ChatState:
        """The private chat with `user`, created on first contact."""
        chat = self.chats.get(user["id"])
        if chat is None:
            chat = self.chats[user["id"]] = ChatState(user, feed=self.feed)
        return chat

    def open_group(self, user: JsonDict, group_id: int, title: str) -> ChatState:
        """The group chat `group_id` (negative, as Telegram numbers groups), as `user` sees it."""
        chat = self.chats.get(group_id)
        if chat is None:
            group = {"id": group_id, "type": "group", "title": title}
            chat = self.chats[group_id] = ChatState(user, feed=self.feed, group=group)
        return chat

    def chat_for(self, params: JsonDict) -> ChatState:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def message_for(self, chat: ChatState, params: JsonDict, action: str) -> JsonDict:
        if "inline_message_id" in params:
            raise bad_request("inline messages are not supported by the local Bot API")
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None:
            raise bad_request(f"message to {action} not found")
        return message

    def new_bot_message(self, chat: ChatState, params: JsonDict) -> JsonDict:
        message: JsonDict = {
            "message_id": chat.new_message_id(),
            "from": self.bot_user,
            "chat": chat.chat,
            "date": now_seconds(),
        }
        reply_to = _reply_target(params)
        if reply_to is not None:
            target = chat.messages.get(reply_to)
            if target is not None:
                # Telegram nests only one level of replies.
                message["reply_to_message"] = _without(target, "reply_to_message")
            elif not params.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        return message

    def apply_markup(self, chat: ChatState, message: JsonDict, params: JsonDict) -> None:
        markup = validate_reply_markup(params.get("reply_markup"))
        if markup is None:
            return
        if "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            chat.reply_keyboard = None

    # -- methods -----------------------------------------------------------------------------

    async def get_me(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def get_updates(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        return await self.updates.get(
            params.get("offset"),
            params.get("limit"),
            params.get("timeout"),
            params.get("allowed_updates"),
        )

    async def send_message(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = self.chat_for(params)
        text, entities = parse_formatted(
            validate_text(params.get("text")), params.get("parse_mode"), params.get("entities")
        )
        message = self.new_bot_message(chat, params)
        message["text"] = text
        if entities:
            message["entities"] = entities
        self.apply_markup(chat, message, params)
        chat.record_bot_message(message, edited=False)
        return message

    async def edit_message_text(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = self.chat_for(params)
        old = self.message_for(chat, params, "edit")
        if old["message_id"] not in chat.bot_message_ids:
            raise bad_request("message can't be edited")
        if "text" not in old:
            raise bad_request("there is no text in the message to edit")
        text, entities = parse_formatted(
            validate_text(params.get("text")), params.get("parse_mode"), params.get("entities")
        )
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        new = _without(old, "text", "entities", "reply_markup", "edit_date")
        new["text"] = text
        if entities:
            new["entities"] = entities
        if markup:
            new["reply_markup"] = markup
        return self._finish_edit(chat, old, new)

    async def edit_message_reply_markup(
        self, params: JsonDict, files: dict[str, UploadedFile]
    ) -> JsonDict:
        chat = self.chat_for(params)
        old = self.message_for(chat, params, "edit")
        if old["message_id"] not in chat.bot_message_ids:
            raise bad_request("message can't be edited")
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        new = _without(old, "reply_markup", "edit_date")
        if markup:
            new["reply_markup"] = markup
        return self._finish_edit(chat, old, new)

    def _finish_edit(self, chat: ChatState, old: JsonDict, new: JsonDict) -> JsonDict:
        if _without(old, "edit_date") == new:
            raise bad_request(NOT_MODIFIED)
        new["edit_date"] = now_seconds()
        chat.record_bot_message(new, edited=True)
        return new

    async def answer_callback_query(
        self, params: JsonDict, files: dict[str, UploadedFile]
    ) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self.open_callback_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        del self.open_callback_queries[query_id]
        self.callback_answers[query_id] = {
            "text": text,
            "show_alert": bool(params.get("show_alert")),
            "url": params.get("url"),
        }
        return True

    async def send_document(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return self._send_file("document", params, files)

    async def send_photo(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return self._send_file("photo", params, files)

    def _send_file(self, kind: str, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = self.chat_for(params)
        stored = self.files.resolve(params.get(kind), files, kind)
        message = self.new_bot_message(chat, params)
        size = len(stored.data)
        if kind == "document":
            message["document"] = {
                "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_name": stored.file_name, "mime_type": stored.mime_type, "file_size": size,
            }
        else:
            message["photo"] = [{
                "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": size, "width": 1280, "height": 960,
            }]
        caption = params.get("caption")
        if caption:
            if utf16_length(str(caption)) > MAX_CAPTION_LENGTH:
                raise bad_request("message caption is too long")
            caption, entities = parse_formatted(
                str(caption), params.get("parse_mode"), params.get("caption_entities")
            )
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        self.apply_markup(chat, message, params)
        chat.files.append(SentFile(
            kind, stored.file_id, stored.file_name, stored.mime_type, stored.data,
            caption or None, message["message_id"],
        ))
        chat.record_bot_message(message, edited=False)
        return message

    async def get_file(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        stored = self.files.by_id.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data), "file_path": stored.file_path,
        }

    async def send_chat_action(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        self.chat_for(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def delete_message(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        chat = self.chat_for(params)
        message = self.message_for(chat, params, "delete")
        chat.delete_message(message["message_id"])
        return True

    async def set_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            description = command.get("description") if isinstance(command, dict) else None
            if not isinstance(name, str) or not COMMAND_NAME.match(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise bad_request("command description must be non-empty")
        self.commands[_command_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def get_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
        return self.commands.get(_command_key(params), [])

    async def delete_my_commands(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        self.commands.pop(_command_key(params), None)
        return True

    async def set_webhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        url = str(params.get("url") or "")
        # Telegram wants HTTPS; this server also takes plain HTTP to 127.0.0.1 (a local
        # reverse proxy or bot in tests), which Telegram could never reach anyway.
        local = url.startswith(("http://127.0.0.1:", "http://localhost:"))
        if url and not url.startswith("https://") and not local:
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook.clear()  # in place: the webhook delivery holds this dict
        if url:
            self.webhook.update(url=url, secret_token=str(params.get("secret_token") or ""))
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    async def delete_webhook(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        self.webhook.clear()
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    async def get_webhook_info(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def get_chat(self, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
        chat = self.chat_for(params)
        return {
            **chat.chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False, "limited_gifts": False,
                "unique_gifts": False, "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def set_profile_text(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        for name in ("description", "short_description", "name"):
            if name in params:
                self.profile[(name, str(params.get("language_code") or ""))] = str(params[name])
        return True

    async def harmless(self, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
        return True


def _reply_target(params: JsonDict) -> int | None:
    reply_parameters = params.get("reply_parameters")
    if isinstance(reply_parameters, dict) and isinstance(reply_parameters.get("message_id"), int):
        if reply_parameters.get("allow_sending_without_reply"):
            params["allow_sending_without_reply"] = True
        return int(reply_parameters["message_id"])
    target = params.get("reply_to_message_id")
    return target if isinstance(target, int) else None


def _command_key(params: JsonDict) -> tuple[str, str]:
    scope = params.get("scope")
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return scope_type, str(params.get("language_code") or "")


def _without(message: JsonDict, *keys: str) -> JsonDict:
    return {key: value for key, value in message.items() if key not in keys}
