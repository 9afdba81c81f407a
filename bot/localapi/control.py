"""HTTP control endpoints so a load generator in another process can play the citizens.

    POST /_control/updates   {"updates": [{"user_id": 1, "text": "hi"}, ...]}
        each item: user_id (+ first_name, language_code) and one of
        text | command (+ args: [...]) | press (+ message_id) | sticker | photo | location.
        Answers {"ok": true, "result": [{"ok": true, "message_id": ...} or
        {"ok": true, "callback_query_id": ...} or {"ok": false, "error": ...}, ...]}.
    GET  /_control/chat/{id}?since=K&count=N&timeout=T
        the bot's events in that chat from index K; with count, waits (up to T s, default 10)
        until the chat has N events. {"ok": true, "result": {"count": total, "events": [...]}}
        Each event: index, at (time.monotonic(), comparable across processes on one machine),
        edited, message_id, text, buttons, has_document.
    GET  /_control/events?since=K&timeout=T
        the bot's events in all chats (each with chat_id) from feed position K, in the order the
        server handled them; waits up to T s (default 0) while there are none. Follow it by
        passing the answer's "count" as the next since.
    GET  /_control/calls?method=sendMessage&chat_id=1&since=K
        the call log from index K: method, chat_id, at, status.
    GET  /_control/stats     totals: updates pushed/pending, calls per method, chats, events.
    POST /_control/settings  {"delay": 0.05}
    POST /_control/flood     {"count": 3, "retry_after": 2, "chat_id": null}

Control calls never wait for the simulated network delay.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import TYPE_CHECKING

from aiohttp import web

from bot.localapi.objects import JsonDict

if TYPE_CHECKING:
    from bot.localapi.citizen import Citizen
    from bot.localapi.server import LocalBotApi


def add_control_routes(app: web.Application, api: LocalBotApi) -> None:
    async def push_updates(request: web.Request) -> web.Response:
        body = await request.json()
        results = [_push_one(api, item) for item in body.get("updates", [])]
        return web.json_response({"ok": True, "result": results})

    async def chat_events(request: web.Request) -> web.Response:
        chat = api.telegram.chats.get(int(request.match_info["chat_id"]))
        if chat is None:
            return web.json_response({"ok": False, "error": "chat not found"}, status=404)
        since = int(request.query.get("since", 0))
        if "count" in request.query:
            # On timeout the caller sees the count fall short.
            with contextlib.suppress(TimeoutError):
                await chat.wait_for_events(
                    int(request.query["count"]), float(request.query.get("timeout", 10))
                )
        result = {"count": len(chat.events), "events": chat.summary(since)}
        return web.json_response({"ok": True, "result": result})

    async def all_events(request: web.Request) -> web.Response:
        feed = api.telegram.feed
        since = int(request.query.get("since", 0))
        await feed.wait_beyond(since, float(request.query.get("timeout", 0)))
        events = [event.summary() for _, event in feed.entries[since:]]
        return web.json_response({"ok": True, "result": {"count": since + len(events),
                                                         "events": events}})

    async def calls(request: web.Request) -> web.Response:
        since = int(request.query.get("since", 0))
        method = request.query.get("method", "").lower()
        chat_id = request.query.get("chat_id")
        result = [
            {"index": index, "method": record.method, "chat_id": record.chat_id,
             "at": record.at, "status": record.status}
            for index, record in enumerate(api.calls.records[since:], start=since)
            if (not method or record.method.lower() == method)
            and (chat_id is None or str(record.chat_id) == chat_id)
        ]
        return web.json_response({"ok": True, "result": result})

    async def stats(request: web.Request) -> web.Response:
        telegram = api.telegram
        result = {
            "updates_pushed": telegram.updates.pushed,
            "updates_pending": len(telegram.updates),
            "calls": dict(Counter(record.method for record in api.calls.records)),
            "chats": len(telegram.chats),
            "events": sum(len(chat.events) for chat in telegram.chats.values()),
        }
        return web.json_response({"ok": True, "result": result})

    async def settings(request: web.Request) -> web.Response:
        body = await request.json()
        if "delay" in body:
            api.delay = float(body["delay"])
        return web.json_response({"ok": True, "result": {"delay": api.delay}})

    async def flood(request: web.Request) -> web.Response:
        body = await request.json()
        api.inject_flood(
            int(body.get("count", 1)), int(body.get("retry_after", 1)), body.get("chat_id")
        )
        return web.json_response({"ok": True, "result": True})

    app.router.add_post("/_control/updates", push_updates)
    app.router.add_get("/_control/chat/{chat_id}", chat_events)
    app.router.add_get("/_control/events", all_events)
    app.router.add_get("/_control/calls", calls)
    app.router.add_get("/_control/stats", stats)
    app.router.add_post("/_control/settings", settings)
    app.router.add_post("/_control/flood", flood)


def _push_one(api: LocalBotApi, item: JsonDict) -> JsonDict:
    try:
        citizen = api.citizen(
            int(item["user_id"]),
            item.get("first_name", "Citizen"),
            item.get("language_code", "nl"),
        )
        if "text" in item:
            return {"ok": True, "message_id": citizen.send_nowait(str(item["text"]))["message_id"]}
        if "command" in item:
            message = citizen.command_nowait(str(item["command"]), *map(str, item.get("args", [])))
            return {"ok": True, "message_id": message["message_id"]}
        if "press" in item:
            query_id = citizen.press_nowait(str(item["press"]), item.get("message_id"))
            return {"ok": True, "callback_query_id": query_id}
        message = _push_media(citizen, item)
        return {"ok": True, "message_id": message["message_id"]}
    except (KeyError, LookupError, ValueError, TypeError) as error:
        return {"ok": False, "error": str(error)}


def _push_media(citizen: Citizen, item: JsonDict) -> JsonDict:
    if "sticker" in item:
        return citizen.sticker_nowait()
    if "photo" in item:
        return citizen.photo_nowait()
    if "location" in item:
        return citizen.location_nowait()
    raise ValueError("an update item needs text, command, press, sticker, photo or location")
