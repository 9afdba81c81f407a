"""Citizens' proposals: a draft, the most similar existing ones, then confirm or support one.

A draft is stored in the database (not in memory) so "support this one instead?" survives a
restart. Similar proposals come from `analysis.themes.similar.most_similar`.
"""

from __future__ import annotations

from analysis.themes.similar import most_similar
from surveys.answers import validate_proposal
from surveys.flow import EngineBase
from surveys.model import ModerationMode, ProposalsStep
from surveys.storage.base import AnswerRecord, Cursor
from surveys.views import Outcome, ProposalOutcome, Rejection

SIMILAR_LIMIT = 3
SIMILAR_MIN = 0.35


class ProposalCalls(EngineBase):
    async def submit_proposal(
        self, user: int, survey_id: str, step_id: str, text: str
    ) -> Outcome:
        """Validate `text` and keep it as this participant's draft, with similar proposals."""
        state, error = await self._reachable(user, survey_id, step_id)
        if error is not None:
            return error
        step = state.survey.step(step_id)
        if not isinstance(step, ProposalsStep):
            return Outcome(await self._view(state),
                           Rejection("wrong_step_type", {"step_type": step.type.value}))
        me = state.participant.id
        written = await self._store.count_proposals(me, survey_id, step_id)
        if written >= step.max_per_participant:
            return Outcome(await self._view(state),
                           Rejection("too_many_proposals", {"max": step.max_per_participant}))
        checked = validate_proposal(step, text)
        if isinstance(checked, Rejection):
            return Outcome(await self._view(state), checked)
        candidates = [p for p in await self._approved_proposals(survey_id)
                      if p.participant_id != me]
        texts = [self._proposal_text(p, state.language) for p in candidates]
        similar = [
            {"proposal_id": candidates[index].id, "text": texts[index], "score": round(score, 4)}
            for index, score in most_similar(checked, texts, SIMILAR_LIMIT, SIMILAR_MIN)
        ]
        await self._store.save_draft(me, survey_id, step_id, checked, similar, self._now())
        return Outcome(await self._view_of(user, survey_id))

    async def confirm_proposal(self, user: int, survey_id: str) -> ProposalOutcome:
        """Store the draft as a proposal: approved, or pending under pre-moderation."""
        state, error = await self._started(user, survey_id)
        if error is not None:
            return ProposalOutcome(error.view, error.error)
        me = state.participant.id
        draft = await self._store.get_draft(me, survey_id)
        if draft is None or draft.step_id not in {s.id for s in state.survey.steps}:
            return ProposalOutcome(await self._view(state), Rejection("no_draft"))
        step = state.survey.step(draft.step_id)
        assert isinstance(step, ProposalsStep)
        pending = state.survey.moderation is ModerationMode.PRE
        proposal_id = await self._store.add_proposal(
            me, survey_id, step.id, draft.text, state.language,
            "pending" if pending else "approved", step.max_per_participant, self._now(),
        )
        if proposal_id is None:
            limit = {"max": step.max_per_participant}
            return ProposalOutcome(await self._view(state), Rejection("too_many_proposals", limit))
        if not pending:
            self._proposals_changed(survey_id)
        written = await self._store.count_proposals(me, survey_id, step.id)
        current = state.current()
        if written >= step.max_per_participant and current is not None and current.id == step.id:
            # Nothing more to write here: move on as if "done" was pressed.
            done = AnswerRecord(me, step.id, state.record.version, written, False, "")
            next_step = state.with_answer(done).after(step)
            await self._store.save_step(
                me, survey_id, Cursor(state.record.version, next_step, next_step is None),
                self._now(), answer=(step.id, written, False),
            )
        return ProposalOutcome(await self._view_of(user, survey_id), None, proposal_id, pending)

    async def support_proposal(self, user: int, survey_id: str, proposal_id: int) -> Outcome:
        """Support an existing proposal instead of writing one: an agree vote; drops the draft."""
        state, error = await self._started(user, survey_id)
        if error is not None:
            return error
        refusal = await self._votable(state, proposal_id)
        if refusal is not None:
            return Outcome(await self._view(state), refusal)
        draft = await self._store.get_draft(state.participant.id, survey_id)
        current = state.current()
        step_id = draft.step_id if draft else current.id if current else None
        await self._store.record_vote(state.participant.id, proposal_id, survey_id, step_id,
                                      "agree", self._now(), drop_draft=True)
        old = state.votes.get(proposal_id)
        self._routing.count_vote(survey_id, proposal_id, old and old.choice, "agree")
        return Outcome(await self._view_of(user, survey_id))

    async def discard_draft(self, user: int, survey_id: str) -> Outcome:
        state, error = await self._started(user, survey_id)
        if error is not None:
            return error
        if not await self._store.delete_draft(state.participant.id, survey_id):
            return Outcome(await self._view(state), Rejection("no_draft"))
        return Outcome(await self._view_of(user, survey_id))

    async def report_proposal(
        self, user: int, survey_id: str, proposal_id: int, reason: str = ""
    ) -> Outcome:
        """Flag a proposal's content for the organisers (once per participant and proposal)."""
        state, error = await self._started(user, survey_id)
        if error is not None:
            return error
        proposal = await self._store.get_proposal(proposal_id)
        if proposal is None or proposal.survey_id != survey_id:
            return Outcome(await self._view(state),
                           Rejection("not_votable", {"proposal_id": proposal_id}))
        await self._store.add_report(state.participant.id, proposal_id, reason[:500], self._now())
        return Outcome(await self._view_of(user, survey_id))
