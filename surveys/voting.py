"""Votes on proposals and statements, and how a participant compares with everyone else."""

from __future__ import annotations

from collections import Counter

from surveys.answers import answer_form
from surveys.flow import EngineBase, State
from surveys.model import (
    MultipleChoiceStep,
    ScaleStep,
    SingleChoiceStep,
    VoteChoice,
    VoteStep,
)
from surveys.storage.base import VoteRecord
from surveys.views import (
    Comparison,
    Outcome,
    QuestionComparison,
    Rejection,
    VoteComparison,
)


class VotingCalls(EngineBase):
    async def vote(
        self, user: int, survey_id: str, proposal_id: int, choice: str,
        version: int | None = None,
    ) -> Outcome:
        """Record agree / disagree / pass; a re-vote replaces the latest and joins the history."""
        state, error = await self._started(user, survey_id, version)
        if error is not None:
            return error
        if choice not in {c.value for c in VoteChoice}:
            return Outcome(await self._view(state), Rejection("not_a_vote", {"value": str(choice)}))
        current = state.current()
        vote_step = current if isinstance(current, VoteStep) else next(
            (s for s in state.survey.steps if isinstance(s, VoteStep)), None)
        if vote_step is None:  # a survey that asks for no votes takes none
            step_type = current.type.value if current is not None else "finished"
            return Outcome(await self._view(state),
                           Rejection("wrong_step_type", {"step_type": step_type}))
        refusal = await self._votable(state, proposal_id)
        if refusal is not None:
            return Outcome(await self._view(state), refusal)
        # Outside the vote step (e.g. a "vote on this" button) a vote counts for the vote step.
        step_id = vote_step.id
        me, now = state.participant.id, self._now()
        vote = VoteRecord(me, proposal_id, step_id, VoteChoice(choice).value, now.isoformat())
        view, _ = await self._commit(state.with_vote(vote), lambda then: self._store.record_vote(
            me, proposal_id, survey_id, step_id, vote.choice, now, then=then))
        old = state.votes.get(proposal_id)
        self._routing.count_vote(survey_id, me, proposal_id, old and old.choice, choice)
        return Outcome(view)

    async def comparison(self, user: int, survey_id: str) -> Comparison:
        """For each closed question and each vote: the share of the others who did the same."""
        state = await self._state(user, survey_id)
        if state is None or state.participant is None or state.progress is None:
            return Comparison(0, (), ())
        me = state.participant.id
        everyone = await self._store.survey_answers(survey_id)
        participants = len(await self._store.survey_participants(survey_id))
        questions: list[QuestionComparison] = []
        for step in state.visible:
            mine = state.answers.get(step.id)
            if mine is None or mine.skipped or not isinstance(
                step, SingleChoiceStep | MultipleChoiceStep | ScaleStep
            ):
                continue
            others = [a.value for a in everyone
                      if a.step_id == step.id and a.participant_id != me and not a.skipped]
            question = state.text(step.text)
            if isinstance(step, ScaleStep):
                same = sum(1 for value in others if value == mine.value)
                questions.append(QuestionComparison(step.id, question, str(mine.value),
                                                    _share(same, len(others)), len(others)))
                continue
            labels = {option.id: state.text(option.label) for option in step.options}
            chosen = answer_form(mine.value)
            for option in chosen if isinstance(chosen, tuple) else (chosen,):
                same = sum(1 for value in others
                           if value == option or (isinstance(value, list) and option in value))
                questions.append(QuestionComparison(step.id, question, labels.get(str(option), ""),
                                                    _share(same, len(others)), len(others)))
        votes = await self._vote_comparison(state)
        return Comparison(participants, tuple(questions), votes)

    async def _vote_comparison(self, state: State) -> tuple[VoteComparison, ...]:
        assert state.participant is not None
        me = state.participant.id
        latest = await self._store.latest_votes(state.survey.id)
        by_proposal: dict[int, Counter[str]] = {}
        for vote in latest:
            if vote.participant_id != me:
                by_proposal.setdefault(vote.proposal_id, Counter())[vote.choice] += 1
        result = []
        for proposal_id, mine in sorted(state.votes.items()):
            proposal = await self._store.get_proposal(proposal_id)
            if proposal is None:
                continue
            counts = by_proposal.get(proposal_id, Counter())
            others = sum(counts.values())
            result.append(VoteComparison(
                proposal_id, self._proposal_text(proposal, state.language),
                VoteChoice(mine.choice), _share(counts[mine.choice], others), others,
            ))
        return tuple(result)


def _share(same: int, total: int) -> float:
    return same / total if total else 0.0
