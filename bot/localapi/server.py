"""`LocalBotApi`: the aiohttp server around `TelegramState`, with latency, a call log and 429s."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.localapi.citizen import Citizen
from bot.localapi.control import add_control_routes
from bot.localapi.files import UploadedFile
from bot.localapi.methods import TelegramState
from bot.localapi.objects import ApiError, JsonDict, bad_request, user_json
from bot.localapi.webhook import WebhookDelivery

# Form and multipart values arrive as strings; Telegram converts them by parameter type.
INTEGER_PARAMS = frozenset({
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_to_message_id",
    "message_thread_id", "cache_time", "from_chat_id", "user_id", "max_connections",
})
BOOLEAN_PARAMS = frozenset({
    "disable_notification", "protect_content", "show_alert", "drop_pending_updates",
    "disable_web_page_preview", "allow_sending_without_reply", "disable_content_type_detection",
    "has_spoiler", "show_caption_above_media",
})
JSON_PARAMS = frozenset({
    "reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
    "reply_parameters", "link_preview_options", "message_ids",
})
# The calls Telegram's flood control applies to, and which inject_flood() therefore affects.
FLOOD_CONTROLLED = frozenset({
    "sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup",
})
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class CallRecord:
    """One Bot API call as the server received it."""

    method: str
    chat_id: int | str | None
    at: float  # time.monotonic() on arrival, before the simulated delay
    params: JsonDict
    status: int = 200


@dataclass
class FloodRule:
    remaining: int
    retry_after: int
    chat_id: int | None


@dataclass
class CallLog:
    records: list[CallRecord] = field(default_factory=list)

    def __call__(self, method: str | None = None, chat_id: int | None = None) -> list[CallRecord]:
        """The calls so far, optionally only one method (case-insensitive) and/or one chat."""
        wanted = method.lower() if method else None
        return [
            record for record in self.records
            if (wanted is None or record.method.lower() == wanted)
            and (chat_id is None or record.chat_id == chat_id)
        ]


class LocalBotApi:
    """A Telegram Bot API server on 127.0.0.1 for tests, the demo and benchmarks."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        delay: float = 0.0,
        token: str | None = None,
        log_calls: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.delay = delay
        self.token = token
        self.log_calls = log_calls
        self.telegram = TelegramState()
        self.calls = CallLog()
        self._flood_rules: list[FloodRule] = []
        # method (lower case) -> (HTTP status, description): answered instead of the method,
        # as a self-hosted Bot API server or a proxy in front of Telegram may do.
        self.refusals: dict[str, tuple[int, str]] = {}
        self._citizens: dict[int, Citizen] = {}
        self._runner: web.AppRunner | None = None
        # Posts updates to the webhook once the bot sets one (bot/localapi/webhook.py).
        self.webhook = WebhookDelivery(self.telegram.updates, self.telegram.webhook)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> LocalBotApi:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        add_control_routes(app, self)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=1024)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.webhook.start()
        return self

    async def stop(self) -> None:
        self.telegram.updates.close()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApi:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For `Application.builder().base_url(...)`; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    # -- the client side ---------------------------------------------------------------------

    def citizen(
        self,
        user_id: int,
        first_name: str = "Citizen",
        language_code: str | None = "nl",
        *,
        last_name: str | None = None,
        username: str | None = None,
    ) -> Citizen:
        """The simulated Telegram user `user_id` (the same object on every call)."""
        citizen = self._citizens.get(user_id)
        if citizen is None:
            user = user_json(
                user_id, first_name, last_name=last_name, username=username,
                language_code=language_code,
            )
            citizen = Citizen(self.telegram, user)
            self._citizens[user_id] = citizen
        return citizen

    def in_group(self, user_id: int, group_id: int, title: str = "Buurtgroep") -> Citizen:
        """User `user_id` (see `citizen`) writing in the group chat `group_id` (negative)."""
        private = self.citizen(user_id)
        return Citizen(self.telegram, private.user,
                       self.telegram.open_group(private.user, group_id, title))

    def push_update(self, kind: str, payload: JsonDict) -> JsonDict:
        """Queue a raw update, e.g. push_update("message", {...}); returns it with update_id.

        A raw callback_query's id becomes answerable, as if Telegram had created it.
        """
        if kind == "callback_query":
            chat_id = payload.get("message", {}).get("chat", {}).get("id")
            self.telegram.open_callback_queries[str(payload["id"])] = chat_id
        return self.telegram.updates.push(kind, payload)

    def inject_flood(
        self, count: int = 1, retry_after: int = 1, chat_id: int | None = None
    ) -> None:
        """Answer the next `count` send/edit calls (to `chat_id`, or any chat) with 429."""
        self._flood_rules.append(FloodRule(count, retry_after, chat_id))

    # -- HTTP --------------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        method = request.match_info["method"]
        record: CallRecord | None = None
        try:
            params, files = await _read_params(request)
            if self.log_calls:
                canonical = self.telegram.canonical_names.get(method.lower(), method)
                record = CallRecord(canonical, params.get("chat_id"), arrived, params)
                self.calls.records.append(record)
            # The request reaches "Telegram" after half the delay and the answer takes the other
            # half back, so what the bot does becomes visible mid-way, as over a real network.
            if self.delay > 0:
                await asyncio.sleep(self.delay / 2)
            if self.token is not None and request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if method.lower() in self.refusals:
                raise ApiError(*self.refusals[method.lower()])
            self._check_flood(method, params)
            result = await self.telegram.call(method, params, files)
        except ApiError as error:
            if record is not None:
                record.status = error.code
            if self.delay > 0:
                await asyncio.sleep(self.delay / 2)
            return web.Response(
                status=error.code, text=json.dumps(error.payload()), content_type="application/json"
            )
        if self.delay > 0:
            await asyncio.sleep(self.delay / 2)
        return web.Response(
            text=json.dumps({"ok": True, "result": result}), content_type="application/json"
        )

    def _check_flood(self, method: str, params: JsonDict) -> None:
        if not self._flood_rules or method.lower() not in FLOOD_CONTROLLED:
            return
        for rule in self._flood_rules:
            if rule.chat_id is None or rule.chat_id == params.get("chat_id"):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._flood_rules.remove(rule)
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {rule.retry_after}",
                    {"retry_after": rule.retry_after},
                )

    async def _handle_file(self, request: web.Request) -> web.Response:
        if self.token is not None and request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        stored = self.telegram.files.by_path.get(request.match_info["path"])
        if stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.data, content_type=stored.mime_type)


async def _read_params(request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
    """Decode query string, form, multipart or JSON bodies into typed parameters."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as error:
            raise bad_request("can't parse JSON encoded request body") from error
        if not isinstance(body, dict):
            raise bad_request("request body must be a JSON object")
        raw.update(body)
    elif request.method == "POST" and request.body_exists:
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                mime_type = value.content_type or "application/octet-stream"
                files[name] = UploadedFile(value.filename, value.file.read(), mime_type)
            else:
                raw[name] = value
    params = {name: _typed(name, value) for name, value in raw.items()}
    for name in files:
        params.setdefault(name, f"attach://{name}")
    return params, files


def _typed(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError as error:
            raise bad_request(f"can't parse {name} JSON object") from error
    if name in INTEGER_PARAMS:
        with contextlib.suppress(ValueError):
            return float(value) if name == "timeout" else int(value)
        if name == "chat_id":
            return value  # an @username
        raise bad_request(f"invalid {name} specified")
    if name in BOOLEAN_PARAMS:
        return value.lower() in ("true", "1")
    return value
