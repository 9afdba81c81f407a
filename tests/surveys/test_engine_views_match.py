"""Every call builds its returned view from the state it computed in memory after its writes,
never reading back: that view must equal what a fresh engine reads from the database."""

from __future__ import annotations

import random
from collections.abc import Awaitable
from pathlib import Path

from surveys.engine import Engine
from surveys.model import ModerationMode, Survey
from surveys.views import Outcome, StepView
from tests.surveys.conftest import SECRET, Clock, make_survey

ORGANISER = 999


async def _same_as_fresh(
    engine: Engine, database: str | Path, clock: Clock, user: int, survey_id: str,
    call: Awaitable[Outcome],
) -> StepView:
    outcome = await call
    async with await Engine.open(database, SECRET, rng=random.Random(7), clock=clock) as fresh:
        assert await fresh.view(user, survey_id) == outcome.view
    return outcome.view


async def _journey(engine: Engine, database: str | Path, clock: Clock, survey: Survey) -> None:
    sid = survey.id

    async def check(user: int, call: Awaitable[Outcome]) -> StepView:
        return await _same_as_fresh(engine, database, clock, user, sid, call)

    for user in (1, 2, 3):
        await check(user, engine.consent(user, sid))
        await check(user, engine.proceed(user, sid, "welcome"))
        await check(user, engine.answer(user, sid, "car", "yes" if user == 1 else "no"))
        if user == 1:
            await check(user, engine.answer(user, sid, "car_use", "work"))
            await check(user, engine.back(user, sid))
            await check(user, engine.answer(user, sid, "car", "no"))  # hides car_use
        await check(user, engine.answer(user, sid, "topics", ["parks", "roads"]))
        await check(user, engine.skip(user, sid, "trust"))
        view = await check(user, engine.submit_proposal(user, sid, "ideas",
                                                        f"Plant trees on street {user}"))
        assert view.draft is not None
        if user == 2:
            await check(user, engine.discard_draft(user, sid))
            await check(user, engine.submit_proposal(user, sid, "ideas", "Plant more trees"))
        for written in range(2 if user == 1 else 1):  # user 1 reaches the maximum: moves on
            if written:
                await check(user, engine.submit_proposal(user, sid, "ideas", "Fewer parking lots"))
            confirmed = await engine.confirm_proposal(user, sid)
            async with await Engine.open(database, SECRET, clock=clock) as fresh:
                assert await fresh.view(user, sid) == confirmed.view
            if survey.moderation is ModerationMode.PRE:
                assert confirmed.proposal_id is not None
                await engine.approve_proposal(confirmed.proposal_id, ORGANISER)
        if user != 1:
            await check(user, engine.proceed(user, sid, "ideas"))
    for user in (1, 2, 3):
        view = await check(user, _outcome(engine.view(user, sid)))
        while view.status == "step" and view.vote_item is not None:
            item = view.vote_item.proposal_id
            view = await check(user, engine.vote(user, sid, item, "agree"))
        assert view.status == "finished"
        await check(user, engine.back(user, sid))


async def _outcome(view: Awaitable[StepView]) -> Outcome:
    return Outcome(await view)


async def test_every_view_equals_a_fresh_read(database: str | Path) -> None:
    for moderation in (ModerationMode.POST, ModerationMode.PRE):
        clock = Clock()
        survey = make_survey(f"town-{moderation.value}", moderation=moderation,
                             votes_per_participant=3, max_proposals=2)
        async with await Engine.open(database, SECRET, rng=random.Random(3),
                                     clock=clock) as engine:
            await engine.load_survey(survey)
            await engine.open_survey(survey.id)
            await _journey(engine, database, clock, survey)


async def test_consent_into_a_vote_step_offers_an_item(database: str | Path) -> None:
    clock = Clock()
    survey = make_survey()
    vote_first = make_survey(survey_id="votefirst", steps=(survey.steps[-1], survey.steps[0]))
    async with await Engine.open(database, SECRET, rng=random.Random(3), clock=clock) as engine:
        await engine.load_survey(vote_first)
        await engine.open_survey(vote_first.id)
        view = await _same_as_fresh(engine, database, clock, 1, vote_first.id,
                                    engine.consent(1, vote_first.id))
        assert view.vote_item is not None  # the organiser statements
