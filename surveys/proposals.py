"""Citizens' proposals: a draft, the most similar existing ones, then confirm or support one.

A draft is stored in the database (not in memory) so "support this one instead?" survives a
restart. Similar proposals come from `analysis.themes.similar.most_similar`.
"""

from __future__ import annotations

from dataclasses import replace

from analysis.themes.similar import most_similar
from surveys.answers import validate_proposal
from surveys.flow import EngineBase
from surveys.model import ModerationMode, ProposalsStep
from surveys.storage.base import AnswerRecord, Cursor, DraftRecord, ProposalRecord, VoteRecord
from surveys.views import Outcome, ProposalOutcome, Rejection

SIMILAR_LIMIT = 3
SIMILAR_MIN = 0.35


class ProposalCalls(EngineBase):
    async def submit_proposal(
        self, user: int, survey_id: str, step_id: str, text: str, version: int | None = None
    ) -> Outcome:
        """Validate `text` and keep it as this participant's draft, with similar proposals."""
        state, error = await self._reachable(user, survey_id, step_id, version)
        if error is not None:
            return error
        step = state.survey.step(step_id)
        if not isinstance(step, ProposalsStep):
            return Outcome(await self._view(state),
                           Rejection("wrong_step_type", {"step_type": step.type.value}))
        me = state.participant.id
        if state.written.get(step_id, 0) >= step.max_per_participant:
            return Outcome(await self._view(state),
                           Rejection("too_many_proposals", {"max": step.max_per_participant}))
        checked = validate_proposal(step, text)
        if isinstance(checked, Rejection):
            return Outcome(await self._view(state), checked)
        # Every approved proposal is searched, the citizen's own left out afterwards: the list
        # only grows at its end, so the similarity index is extended instead of rebuilt.
        candidates = list((await self._approved_proposals(survey_id)).by_id.values())
        texts = [self._proposal_text(p, state.language) for p in candidates]
        own = sum(1 for p in candidates if p.participant_id == me)
        # Pointers only: the draft must not keep a copy of another citizen's text, which would
        # outlive that citizen's /delete (the text is looked up when the draft is shown).
        similar = [
            {"proposal_id": candidates[index].id, "score": round(score, 4)}
            for index, score in most_similar(checked, texts, SIMILAR_LIMIT + own, SIMILAR_MIN)
            if candidates[index].participant_id != me
        ][:SIMILAR_LIMIT]
        now = self._now()
        draft = DraftRecord(step_id, checked, similar, now.isoformat())
        view, _ = await self._commit(replace(state, draft=draft), lambda then: (
            self._store.save_draft(me, survey_id, step_id, checked, similar, now, then)))
        return Outcome(view)

    async def confirm_proposal(
        self, user: int, survey_id: str, version: int | None = None
    ) -> ProposalOutcome:
        """Store the draft as a proposal: approved, or pending under pre-moderation."""
        state, error = await self._started(user, survey_id, version)
        if error is not None:
            return ProposalOutcome(error.view, error.error)
        me = state.participant.id
        draft = state.draft
        if draft is None or draft.step_id not in {s.id for s in state.survey.steps}:
            return ProposalOutcome(await self._view(state), Rejection("no_draft"))
        step = state.survey.step(draft.step_id)
        assert isinstance(step, ProposalsStep)
        pending = state.survey.moderation is ModerationMode.PRE
        status = "pending" if pending else "approved"
        now = self._now()
        written = state.written.get(step.id, 0) + 1
        after = replace(state, draft=None, written={**state.written, step.id: written})
        advance = None
        current = state.current()
        if written >= step.max_per_participant and current is not None and current.id == step.id:
            # Nothing more to write here: move on as if "done" was pressed.
            done = AnswerRecord(me, step.id, state.record.version, written, False,
                                now.isoformat())
            after = after.with_answer(done)
            next_step = after.after(step)
            cursor = Cursor(state.record.version, next_step, next_step is None)
            after = after.moved(cursor, now.isoformat())
            advance = (cursor, (step.id, written, False))
        # The view comes before the insert (one transaction), so this proposal, not yet
        # votable for its author anyway, joins the approved ones only afterwards.
        view, proposal_id = await self._commit(after, lambda then: self._store.add_proposal(
            me, survey_id, step.id, draft.text, state.language, status,
            step.max_per_participant, now, advance, then))
        if proposal_id is None:  # e.g. a double-tapped confirm, counted in the transaction
            limit = {"max": step.max_per_participant}
            return ProposalOutcome(await self._view(state), Rejection("too_many_proposals", limit))
        if not pending:
            self._proposal_status(ProposalRecord(
                proposal_id, survey_id, step.id, me, None, draft.text, {}, state.language,
                status, now.isoformat(),
            ))
        return ProposalOutcome(view, None, proposal_id, pending)

    async def support_proposal(
        self, user: int, survey_id: str, proposal_id: int, version: int | None = None
    ) -> Outcome:
        """Support an existing proposal instead of writing one: an agree vote; drops the draft."""
        state, error = await self._started(user, survey_id, version)
        if error is not None:
            return error
        refusal = await self._votable(state, proposal_id)
        if refusal is not None:
            return Outcome(await self._view(state), refusal)
        draft = state.draft
        current = state.current()
        step_id = draft.step_id if draft else current.id if current else None
        me, now = state.participant.id, self._now()
        vote = VoteRecord(me, proposal_id, step_id, "agree", now.isoformat())
        after = replace(state.with_vote(vote), draft=None)
        view, _ = await self._commit(after, lambda then: self._store.record_vote(
            me, proposal_id, survey_id, step_id, "agree", now, drop_draft=True, then=then))
        old = state.votes.get(proposal_id)
        self._routing.count_vote(survey_id, me, proposal_id, old and old.choice, "agree")
        return Outcome(view)

    async def discard_draft(
        self, user: int, survey_id: str, version: int | None = None
    ) -> Outcome:
        state, error = await self._started(user, survey_id, version)
        if error is not None:
            return error
        if state.draft is None:
            return Outcome(await self._view(state), Rejection("no_draft"))
        view, deleted = await self._commit(replace(state, draft=None), lambda then: (
            self._store.delete_draft(state.participant.id, survey_id, then, self._now())))
        if not deleted:  # the database had none after all
            return Outcome(await self._view(state), Rejection("no_draft"))
        return Outcome(view)

    async def report_proposal(
        self, user: int, survey_id: str, proposal_id: int, reason: str = "",
        version: int | None = None,
    ) -> Outcome:
        """Flag a proposal's content for the organisers (once per participant and proposal)."""
        state, error = await self._started(user, survey_id, version)
        if error is not None:
            return error
        proposal = await self._store.get_proposal(proposal_id)
        if proposal is None or proposal.survey_id != survey_id:
            return Outcome(await self._view(state),
                           Rejection("not_votable", {"proposal_id": proposal_id}))
        await self._store.add_report(state.participant.id, proposal_id, reason[:500], self._now())
        return Outcome(await self._shown(state))
