"""ViewCachingEngine remembers the last view per citizen and forgets it when it may be stale."""

from __future__ import annotations

from dataclasses import dataclass

from bot.viewcache import ViewCachingEngine


@dataclass(frozen=True)
class View:
    survey_id: str
    step_id: str


class CountingEngine:
    """The few calls the cache wraps, each returning a new view and counting itself."""

    def __init__(self) -> None:
        self.calls = 0

    async def view(self, user: int, survey_id: str) -> View:
        self.calls += 1
        return View(survey_id, f"step{self.calls}")

    async def set_language(self, user: int, language: str) -> None:
        self.calls += 1

    async def close_survey(self, survey_id: str) -> None:
        self.calls += 1


async def test_views_are_remembered_and_forgotten_by_the_right_calls() -> None:
    cached = ViewCachingEngine(CountingEngine())
    assert cached.remembered(1, "s") is None
    first = await cached.view(1, "s")
    assert cached.remembered(1, "s") is first and cached.remembered(1, "other") is None
    assert cached.view is cached.view  # the wrapper is made once, then found directly
    second = await cached.view(1, "s")
    assert second != first and cached.remembered(1, "s") is second
    await cached.set_language(1, "en")
    assert cached.remembered(1, "s") is None
    await cached.view(2, "s")
    await cached.close_survey("s")
    assert cached.remembered(2, "s") is None
    assert cached.engine.calls == 5
