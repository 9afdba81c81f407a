"""Pol.is priority routing: new and divisive proposals first, never own / judged / pending."""

from __future__ import annotations

import random
from collections import Counter

from surveys.engine import Engine
from surveys.model import ModerationMode
from surveys.routing import Tally, choose_next, extremities, priority


def test_priority_prefers_few_votes_few_passes_and_extremity() -> None:
    assert priority(Tally(0, 0, 0)) > priority(Tally(5, 5, 0)) > priority(Tally(50, 50, 0))
    assert priority(Tally(5, 1, 0)) > priority(Tally(5, 1, 10))
    assert priority(Tally(5, 5, 0), extremity=1.0) > priority(Tally(5, 5, 0), extremity=0.0)
    assert priority(Tally(0, 0, 0)) == (0.5 * 0.5 * 9) ** 2  # the Pol.is formula at S = 0


def test_choose_next_draws_by_priority_and_is_reproducible() -> None:
    tallies = {1: Tally(0, 0, 0), 2: Tally(20, 20, 0)}
    rng = random.Random(7)
    draws = Counter(choose_next([1, 2], tallies, {}, rng) for _ in range(2000))
    assert draws[1] > 10 * draws[2] > 0
    first, second = random.Random(7), random.Random(7)
    assert [choose_next([1, 2], tallies, {}, first) for _ in range(20)] == [
        choose_next([1, 2], tallies, {}, second) for _ in range(20)
    ]
    assert choose_next([], tallies, {}, rng) is None


def test_extremity_is_higher_for_proposals_that_split_people() -> None:
    rng = random.Random(0)
    votes = []
    for person in range(60):
        side = 1 if person % 2 else -1
        votes.append((person, 1, side))  # divides the two camps
        votes.append((person, 2, side if rng.random() < 0.9 else -side))  # the same split
        votes.append((person, 3, 1))  # everyone agrees
    extremity = extremities(votes)
    assert extremity[1] > 3 * extremity[3]
    assert extremity[2] > 3 * extremity[3]
    assert extremities([(1, 1, 1)]) == {1: 0.0}


async def test_never_own_judged_or_pending(
    engine: Engine, survey_factory
) -> None:
    survey = survey_factory("route", moderation=ModerationMode.PRE, votes_per_participant=50,
                            max_proposals=3, statements=())
    await engine.load_survey(survey)
    await engine.open_survey("route")
    authored: dict[int, list[int]] = {}
    for user in range(1, 7):
        await engine.consent(user, "route")
        for step, value in (("car", "no"), ("topics", ["parks"])):
            if step == "car":
                await engine.proceed(user, "route", "welcome")
            await engine.answer(user, "route", step, value)
        await engine.skip(user, "route", "trust")
        for n in range(3):
            await engine.submit_proposal(user, "route", "ideas", f"Idea {n} of citizen {user}")
            proposal = (await engine.confirm_proposal(user, "route")).proposal_id
            assert proposal is not None
            authored.setdefault(user, []).append(proposal)
    pending = {authored[u][2] for u in authored}  # the third of each stays pending
    for ids in authored.values():
        for proposal in ids[:2]:
            await engine.approve_proposal(proposal, 999)
    # Citizen 1..5 vote on a popular set so that some proposals have many votes.
    popular = authored[6][:2]
    for user in range(1, 6):
        for proposal in popular:
            await engine.vote(user, "route", proposal, "agree")

    for user in range(1, 6):
        view = await engine.view(user, "route")
        seen: list[int] = []
        while view.status == "step" and view.step_id == "judge":
            assert view.vote_item is not None
            item = view.vote_item.proposal_id
            assert item not in authored[user] and item not in pending and item not in seen
            assert item not in popular  # already judged
            seen.append(item)
            view = (await engine.vote(user, "route", item, "pass")).view
        assert sorted(seen) == sorted(p for u, ids in authored.items() if u not in (user, 6)
                                      for p in ids[:2])
