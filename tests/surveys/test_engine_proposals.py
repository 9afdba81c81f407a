"""Proposals (draft -> similar -> confirm or support) and votes, moderation and reports."""

from __future__ import annotations

from pathlib import Path

from surveys.engine import Engine
from surveys.model import ModerationMode, Survey
from tests.backends import fetch_rows

ORGANISER = 999


async def _at_ideas(engine: Engine, survey_id: str, user: int) -> None:
    await engine.consent(user, survey_id)
    await engine.proceed(user, survey_id, "welcome")
    await engine.answer(user, survey_id, "car", "no")
    await engine.answer(user, survey_id, "topics", ["parks"])
    await engine.skip(user, survey_id, "trust")


async def test_draft_similar_and_support_instead(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    await engine.submit_proposal(1, town.id, "ideas", "Build a safe bicycle bridge over the river")
    first = await engine.confirm_proposal(1, town.id)
    assert first.ok and not first.pending and first.proposal_id is not None

    await _at_ideas(engine, town.id, 2)
    short = await engine.submit_proposal(2, town.id, "ideas", "hi")
    assert short.error is not None and short.error.code == "too_short"
    view = (await engine.submit_proposal(2, town.id, "ideas",
                                         "Build a safe bicycle bridge across the river")).view
    assert view.draft is not None and view.draft.similar
    best = view.draft.similar[0]
    assert best.proposal_id == first.proposal_id and best.score > 0.5
    # A restart keeps the draft (it lives in the database).
    assert (await engine.view(2, town.id)).draft == view.draft
    supported = await engine.support_proposal(2, town.id, best.proposal_id)
    assert supported.ok and supported.view.draft is None
    votes = (await engine.my_data(2))["votes"]
    assert [(v["proposal_id"], v["choice"]) for v in votes] == [(first.proposal_id, "agree")]
    assert (await engine.proceed(2, town.id, "ideas")).view.step_id == "judge"


async def test_own_proposal_cannot_be_supported_and_discard(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    await engine.submit_proposal(1, town.id, "ideas", "Close the high street to cars")
    own = (await engine.confirm_proposal(1, town.id)).proposal_id
    assert own is not None
    refused = await engine.support_proposal(1, town.id, own)
    assert refused.error is not None and refused.error.code == "own_proposal"
    await engine.submit_proposal(1, town.id, "ideas", "Something I regret")
    assert (await engine.discard_draft(1, town.id)).view.draft is None
    again = await engine.discard_draft(1, town.id)
    assert again.error is not None and again.error.code == "no_draft"
    missing = await engine.confirm_proposal(1, town.id)
    assert missing.error is not None and missing.error.code == "no_draft"


async def test_maximum_proposals_then_move_on(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    for text in ("More benches in the park", "Free parking on Sundays"):
        await engine.submit_proposal(1, town.id, "ideas", text)
        outcome = await engine.confirm_proposal(1, town.id)
        assert outcome.ok
    assert outcome.view.step_id == "judge"  # the maximum (2) moves on by itself
    await engine.back(1, town.id)
    over = await engine.submit_proposal(1, town.id, "ideas", "A third one is too many")
    assert over.error is not None and dict(over.error.params) == {"max": 2}


async def test_pre_moderation_keeps_proposals_out_of_voting_until_approved(
    engine: Engine, survey_factory, database: str | Path
) -> None:
    survey = survey_factory("pre", moderation=ModerationMode.PRE, statements=())
    await engine.load_survey(survey)
    await engine.open_survey("pre")
    await _at_ideas(engine, "pre", 1)
    await engine.submit_proposal(1, "pre", "ideas", "Plant a hundred trees")
    outcome = await engine.confirm_proposal(1, "pre")
    assert outcome.pending and outcome.proposal_id is not None
    await engine.submit_proposal(1, "pre", "ideas", "Insults that must go")
    bad = (await engine.confirm_proposal(1, "pre")).proposal_id
    assert bad is not None

    await _at_ideas(engine, "pre", 2)
    await engine.submit_proposal(2, "pre", "ideas", "Repair the old library")
    await engine.confirm_proposal(2, "pre")
    view = (await engine.proceed(2, "pre", "ideas")).view
    assert view.status == "finished"  # nothing approved to judge yet: the vote step is passed
    refused = await engine.vote(2, "pre", outcome.proposal_id, "agree")
    assert refused.error is not None and refused.error.code == "not_votable"

    assert await engine.pending_count("pre") == 3
    first = await engine.next_pending("pre")
    assert first is not None and first.proposal_id == outcome.proposal_id
    await engine.approve_proposal(outcome.proposal_id, ORGANISER)
    await engine.reject_proposal(bad, ORGANISER, reason="insulting")
    assert await engine.pending_count("pre") == 1
    assert (await engine.vote(2, "pre", outcome.proposal_id, "agree")).ok
    refused = await engine.vote(2, "pre", bad, "agree")
    assert refused.error is not None and refused.error.code == "not_votable"
    log = await fetch_rows(database, "SELECT proposal_id, action, reason, moderator, at"
                                     " FROM moderation_log ORDER BY id")
    assert [(row[0], row[1], row[2]) for row in log] == [
        (outcome.proposal_id, "approve", ""), (bad, "reject", "insulting")]
    assert all(len(row[3]) == 64 and row[4] for row in log)  # pseudonym and time


async def test_votes_history_revote_and_stale_items(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    await engine.submit_proposal(1, town.id, "ideas", "Longer opening hours for the pool")
    mine = (await engine.confirm_proposal(1, town.id)).proposal_id
    await _at_ideas(engine, town.id, 2)
    await engine.submit_proposal(2, town.id, "ideas", "A weekly farmers market")
    await engine.confirm_proposal(2, town.id)
    view = (await engine.proceed(2, town.id, "ideas")).view
    assert view.step_id == "judge" and view.vote_item is not None
    assert (view.votes_target, view.items_left) == (3, 3)  # two statements and proposal 1
    offered = view.vote_item.proposal_id
    assert (await engine.view(2, town.id)).vote_item == view.vote_item  # stable on resume
    stale = next(pid for pid in (1, 2, mine) if pid != offered)
    assert (await engine.vote(2, town.id, stale, "disagree")).ok  # not the one offered
    assert (await engine.vote(2, town.id, stale, "agree")).ok  # a re-vote
    bad = await engine.vote(2, town.id, stale, "maybe")
    assert bad.error is not None and bad.error.code == "not_a_vote"
    data = await engine.my_data(2)
    assert [v["choice"] for v in data["votes"]] == ["agree"]
    assert [v["choice"] for v in data["vote_history"]] == ["disagree", "agree"]
    view = await engine.view(2, town.id)
    assert view.votes_cast == 1 and view.items_left == 2
    stats = await engine.stats(town.id)
    assert (stats.votes, stats.vote_events) == (1, 2)


async def test_vote_step_ends_after_its_quota(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    await engine.submit_proposal(1, town.id, "ideas", "Longer opening hours for the pool")
    await engine.confirm_proposal(1, town.id)
    view = (await engine.proceed(1, town.id, "ideas")).view
    judged = []
    while view.status == "step":
        assert view.vote_item is not None and view.vote_item.proposal_id not in judged
        judged.append(view.vote_item.proposal_id)
        view = (await engine.vote(1, town.id, view.vote_item.proposal_id, "pass")).view
    assert view.status == "finished" and sorted(judged) == [1, 2]  # statements only: not own
    assert (await engine.stats(town.id)).completed == 1


async def test_reports_reach_the_organisers(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    await engine.submit_proposal(1, town.id, "ideas", "Something rude about the mayor")
    rude = (await engine.confirm_proposal(1, town.id)).proposal_id
    assert rude is not None
    for user in (2, 3):
        await engine.consent(user, town.id)
        assert (await engine.report_proposal(user, town.id, rude, "rude")).ok
    await engine.report_proposal(2, town.id, rude, "again")  # counted once per citizen
    reports = await engine.reports(town.id)
    assert [(r.proposal_id, r.reports, r.reasons) for r in reports] == [(rude, 2, ("rude", "rude"))]
    await engine.reject_proposal(rude, ORGANISER, "rude")
    assert (await engine.reports(town.id))[0].status == "rejected"


async def test_deleting_an_author_removes_their_proposals(engine: Engine, town: Survey) -> None:
    await _at_ideas(engine, town.id, 1)
    await engine.submit_proposal(1, town.id, "ideas", "A skate park near the school")
    proposal = (await engine.confirm_proposal(1, town.id)).proposal_id
    assert proposal is not None
    await engine.consent(2, town.id)
    await engine.vote(2, town.id, proposal, "agree")
    assert await engine.delete_me(1)
    stats = await engine.stats(town.id)
    assert stats.proposals["approved"] == 2 and stats.votes == 0  # only the statements left


async def test_a_survey_without_a_vote_step_takes_no_votes(engine: Engine, survey_factory) -> None:
    town = survey_factory()
    survey = survey_factory(survey_id="no-votes",
                            steps=tuple(s for s in town.steps if s.id != "judge"))
    await engine.load_survey(survey)
    await engine.open_survey(survey.id)
    await _at_ideas(engine, survey.id, 1)
    outcome = await engine.vote(1, survey.id, 1, "agree")  # proposal 1: statement s1
    assert outcome.error is not None and outcome.error.code == "wrong_step_type"
    assert outcome.error.params == {"step_type": "proposals"}
    assert (await engine.stats(survey.id)).votes == 0
