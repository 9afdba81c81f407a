"""PerChatOrderedProcessor inside a real Application: concurrent across citizens, ordered per
citizen, bounded, no leftover lanes. Updates go through Application.update_queue exactly as the
Updater puts them there; the handlers sleep to stand for Bot API round trips."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from aiohttp import web
from telegram import Chat, Message, Update, User
from telegram.ext import Application, BaseUpdateProcessor, ContextTypes, TypeHandler

from bot.ordering import SHARED_LANE, PerChatOrderedProcessor, ordering_key


@pytest.fixture
async def getme_url() -> AsyncIterator[str]:
    """Just enough Bot API for Application.initialize(): getMe."""

    async def get_me(_: web.Request) -> web.Response:
        me = {"id": 1, "is_bot": True, "first_name": "Samen", "username": "samen_bot"}
        return web.json_response({"ok": True, "result": me})

    app = web.Application()
    app.router.add_route("*", "/bot{token}/getMe", get_me)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/bot"
    await runner.cleanup()


def message_update(update_id: int, user_id: int, text: str) -> Update:
    user = User(id=user_id, first_name=f"citizen {user_id}", is_bot=False)
    chat = Chat(id=user_id, type=Chat.PRIVATE)
    date = datetime.now(UTC)
    message = Message(message_id=update_id, date=date, chat=chat, from_user=user, text=text)
    return Update(update_id=update_id, message=message)


@dataclass
class Recorder:
    """What the handler saw: per lane, (sequence number, start, end) as they finished."""

    delays: dict[int, float] = field(default_factory=dict)
    runs: dict[object, list[tuple[int, float, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    running: int = 0
    max_running: int = 0
    done: int = 0

    async def handle(self, update: object, _: ContextTypes.DEFAULT_TYPE) -> None:
        if isinstance(update, Update):
            assert update.message is not None and update.message.text is not None
            sequence = int(update.message.text)
        else:
            assert isinstance(update, dict)
            sequence = update["sequence"]
        self.running += 1
        self.max_running = max(self.max_running, self.running)
        start = time.perf_counter()
        await asyncio.sleep(self.delays.get(sequence, 0.005))
        self.running -= 1
        self.runs[ordering_key(update)].append((sequence, start, time.perf_counter()))
        self.done += 1


async def run_updates(
    base_url: str, processor: BaseUpdateProcessor | bool, updates: list[object], recorder: Recorder
) -> Application:
    application = (
        Application.builder()
        .token("1:test")
        .base_url(base_url)
        .updater(None)
        .concurrent_updates(processor)
        .build()
    )
    application.add_handler(TypeHandler(object, recorder.handle))
    async with application:
        await application.start()
        for update in updates:
            await application.update_queue.put(update)
        await application.update_queue.join()  # every update processed
        await application.stop()
    return application


def interleaved_updates(citizens: int, per_citizen: int) -> list[object]:
    rng = random.Random(7)
    pending = [uid for uid in range(1, citizens + 1) for _ in range(per_citizen)]
    rng.shuffle(pending)
    sequence: dict[int, int] = defaultdict(int)
    updates: list[object] = []
    for update_id, uid in enumerate(pending):
        updates.append(message_update(update_id, uid, str(sequence[uid])))
        sequence[uid] += 1
    return updates


def assert_in_order_without_overlap(recorder: Recorder) -> None:
    for lane, finished in recorder.runs.items():
        runs = sorted(finished, key=lambda run: run[1])  # in the order they started
        sequences = [sequence for sequence, _, _ in runs]
        assert sequences == sorted(sequences), f"{lane} started out of order: {sequences}"
        for (_, _, previous_end), (_, start, _) in itertools.pairwise(runs):
            assert start >= previous_end, f"{lane}: two updates overlapped"


async def test_each_citizen_in_order_while_citizens_overlap(getme_url: str) -> None:
    recorder = Recorder(delays={s: 0.002 * (s % 4) for s in range(20)})
    processor = PerChatOrderedProcessor(max_concurrent_updates=8)
    updates = interleaved_updates(citizens=40, per_citizen=10)

    await run_updates(getme_url, processor, updates, recorder)

    assert recorder.done == len(updates)
    assert_in_order_without_overlap(recorder)
    assert 1 < recorder.max_running <= 8
    assert processor.active_lanes == 0


async def test_the_check_catches_ptbs_unordered_concurrency(getme_url: str) -> None:
    # The same load with PTB's plain concurrent processing: the ordering check must fail,
    # or the test above proves nothing.
    recorder = Recorder(delays={s: 0.002 * (s % 4) for s in range(20)})
    await run_updates(getme_url, True, interleaved_updates(citizens=40, per_citizen=10), recorder)
    with pytest.raises(AssertionError):
        assert_in_order_without_overlap(recorder)


async def test_a_flooding_citizen_does_not_hold_every_slot(getme_url: str) -> None:
    flood = [message_update(i, 1, str(i)) for i in range(40)]  # 40 x 20 ms, one after another
    others = [message_update(100 + uid, uid, "1000") for uid in range(2, 6)]
    recorder = Recorder(delays={**{i: 0.02 for i in range(40)}, 1000: 0.0})
    processor = PerChatOrderedProcessor(max_concurrent_updates=4)

    started = time.perf_counter()
    await run_updates(getme_url, processor, [*flood, *others], recorder)

    assert_in_order_without_overlap(recorder)
    flood_runs = recorder.runs[("user", 1)]
    assert len(flood_runs) == 40 and flood_runs[-1][2] - started >= 0.8
    # Measured against the flood's own runs, not the wall clock since start-up: on a busy
    # machine start-up alone took longer than an absolute bound (this failed under load).
    tenth_flood_run_started = flood_runs[10][1]
    for uid in range(2, 6):
        (_, _, end), = recorder.runs[("user", uid)]
        assert end < tenth_flood_run_started, "a citizen behind the flood waited for it"


async def test_updates_without_user_or_chat_share_one_lane(getme_url: str) -> None:
    recorder = Recorder(delays={s: 0.01 * (3 - s % 3) for s in range(12)})
    updates: list[object] = [{"sequence": s} for s in range(12)]
    processor = PerChatOrderedProcessor(max_concurrent_updates=8)

    await run_updates(getme_url, processor, updates, recorder)

    assert list(recorder.runs) == [SHARED_LANE]
    assert_in_order_without_overlap(recorder)
    assert recorder.max_running == 1
