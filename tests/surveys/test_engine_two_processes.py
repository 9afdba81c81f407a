"""Two engines (two bot processes) on one database serving the same citizen in turn, as the
webhook processes do (bot/inbox.py): what one offers, the other must accept."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from surveys import flow
from surveys.engine import Engine
from surveys.model import Survey
from tests.surveys.conftest import SECRET, Clock


async def _at_ideas(engine: Engine, survey_id: str, user: int) -> None:
    await engine.consent(user, survey_id)
    await engine.proceed(user, survey_id, "welcome")
    await engine.answer(user, survey_id, "car", "no")
    await engine.answer(user, survey_id, "topics", ["parks"])
    await engine.skip(user, survey_id, "trust")


async def test_a_proposal_offered_by_another_engine_can_be_voted_on(
    engine: Engine, town: Survey, database: str | Path, clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each engine keeps its list of approved proposals for a while; make "a while" the whole
    # test, so the outcome does not depend on how fast the machine is.
    monkeypatch.setattr(flow, "_APPROVED_REFRESH_S", 3600.0)
    await _at_ideas(engine, town.id, 3)
    await engine.submit_proposal(3, town.id, "ideas", "Longer opening hours for the pool")
    await engine.confirm_proposal(3, town.id)  # (their own: never offered to them)
    first = (await engine.proceed(3, town.id, "ideas")).view.vote_item
    assert first is not None  # this engine has read the approved proposals: two statements
    await engine.vote(3, town.id, first.proposal_id, "pass")

    async with await Engine.open(database, SECRET, rng=random.Random(2), clock=clock) as other:
        await _at_ideas(other, town.id, 1)
        await other.submit_proposal(1, town.id, "ideas", "A weekly farmers market on the square")
        new = (await other.confirm_proposal(1, town.id)).proposal_id
        second = (await other.view(3, town.id)).vote_item
        assert second is not None
        after = (await other.vote(3, town.id, second.proposal_id, "agree")).view
        assert after.vote_item is not None and after.vote_item.proposal_id == new

    # Back at the first engine, whose list predates the new proposal.
    view = await engine.view(3, town.id)
    assert view.vote_item is not None and view.vote_item.proposal_id == new
    outcome = await engine.vote(3, town.id, new, "agree")
    assert outcome.ok
    votes = (await engine.my_data(3))["votes"]
    assert sorted(v["proposal_id"] for v in votes) == sorted(
        [first.proposal_id, second.proposal_id, new])
