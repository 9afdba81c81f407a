"""Shared fixtures: a fresh local Bot API server, and raw HTTP calls to it (no PTB in between)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest

from bot.localapi import LocalBotApi

TOKEN = "123456:LOCAL-TEST-TOKEN"

RawCall = Callable[..., Awaitable[tuple[int, dict]]]


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
def raw_call(api: LocalBotApi) -> RawCall:
    """`await raw_call(method, **params)` -> (HTTP status, JSON body), as a JSON POST."""

    async def call(method: str, **params: object) -> tuple[int, dict]:
        async with aiohttp.ClientSession() as session, session.post(
            f"{api.base_url}{TOKEN}/{method}", json=params
        ) as response:
            return response.status, await response.json()

    return call
