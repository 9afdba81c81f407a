"""Where a participant is in a survey, derived afresh from the database on every call.

Nothing about a conversation lives in memory: the engine loads the participant's answers and
votes, works out which steps their answers make visible and which one is current, and builds
the `StepView`. A restart therefore loses nothing, and the derived state cannot drift from the
stored one. (The only memory is caches of immutable or derived data: parsed survey versions and
the proposals' extremity used by routing.)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from surveys.answers import answer_form, max_choices, still_valid, visible_steps
from surveys.model import (
    FreeTextStep,
    LocalizedText,
    MultipleChoiceStep,
    ProposalsStep,
    ScaleStep,
    SingleChoiceStep,
    Step,
    Survey,
    VoteStep,
)
from surveys.pseudonym import pseudonym
from surveys.routing import RoutingCache, choose_next
from surveys.storage.base import (
    AnswerRecord,
    Cursor,
    ParticipantRecord,
    ProgressRecord,
    ProposalRecord,
    Store,
    SurveyRecord,
    VoteRecord,
)
from surveys.storage.codec import survey_from_dict
from surveys.views import (
    DraftView,
    OptionView,
    Outcome,
    Rejection,
    SimilarProposal,
    StepView,
    VoteItem,
)

# Approved proposals are read once per survey and kept until this engine changes them (or
# this long has passed: another process, e.g. the CLI loading statements, may have).
_APPROVED_REFRESH_S = 2.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass
class State:
    """One participant in one survey, as the database says now."""

    record: SurveyRecord
    survey: Survey
    language: str
    unavailable: str | None
    participant: ParticipantRecord | None = None
    progress: ProgressRecord | None = None
    answers: dict[str, AnswerRecord] = field(default_factory=dict)  # those that still count
    votes: dict[int, VoteRecord] = field(default_factory=dict)
    proposals: list[ProposalRecord] = field(default_factory=list)  # approved, when voting
    visible: list[Step] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.participant is not None and self.progress is not None

    def text(self, localized: LocalizedText) -> str:
        return localized.get(self.language, self.survey.languages[0])

    def votable(self) -> list[ProposalRecord]:
        """Approved proposals this participant neither wrote nor judged yet."""
        me = self.participant.id if self.participant else None
        return [p for p in self.proposals if p.participant_id != me and p.id not in self.votes]

    def votes_in(self, step: VoteStep) -> int:
        return sum(1 for vote in self.votes.values() if vote.step_id == step.id)

    def items_left(self, step: VoteStep) -> int:
        return max(0, min(step.votes_per_participant - self.votes_in(step), len(self.votable())))

    def done(self, step: Step) -> bool:
        if isinstance(step, VoteStep):
            return step.id in self.answers or self.items_left(step) == 0
        return step.id in self.answers

    def current(self) -> Step | None:
        """The step to show: the stored cursor, moved past vote steps with nothing left."""
        if self.progress is None:
            return None
        if self.progress.current_step is None:
            # Finished, but a vote step passed over while it had nothing to judge (and never
            # ended with "done") has new proposals now: come back to judge them.
            return next((step for step in self.visible if isinstance(step, VoteStep)
                         and step.id not in self.answers and self.items_left(step) > 0), None)
        ids = [step.id for step in self.visible]
        if self.progress.current_step in ids:
            index = ids.index(self.progress.current_step)
        else:  # removed by a new version, or hidden by a changed answer
            index = next((i for i, s in enumerate(self.visible) if not self.done(s)), len(ids))
        while index < len(ids):
            step = self.visible[index]
            if not (isinstance(step, VoteStep) and self.items_left(step) == 0):
                return step
            index += 1
        return None

    def previous(self, before: Step | None) -> Step | None:
        """Where `back` goes: the visible step before `before` (from the end when finished)."""
        end = len(self.visible) if before is None else self.visible.index(before)
        for step in reversed(self.visible[:end]):
            if not (isinstance(step, VoteStep) and self.items_left(step) == 0):
                return step
        return None

    def after(self, step: Step) -> str | None:
        """The id of the visible step following `step` (None: the survey is done)."""
        ids = [s.id for s in self.visible]
        index = ids.index(step.id) if step.id in ids else len(ids)
        return ids[index + 1] if index + 1 < len(ids) else None

    def with_answer(self, answer: AnswerRecord) -> State:
        answers = {**self.answers, answer.step_id: answer}
        return State(self.record, self.survey, self.language, self.unavailable,
                     self.participant, self.progress, answers, self.votes, self.proposals,
                     visible_steps(self.survey.steps, answers))


class EngineBase:
    """State loading and view building shared by the engine's calls."""

    def __init__(
        self, store: Store, pseudonym_secret: bytes, rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._secret = pseudonym_secret
        self._rng = rng or random.Random()
        self._clock = clock or utc_now
        self._surveys: dict[tuple[str, int], Survey] = {}
        self._approved: dict[str, tuple[float, list[ProposalRecord]]] = {}
        self._routing = RoutingCache()

    def _now(self) -> datetime:
        return _aware(self._clock())

    def _pseudonym(self, user: int) -> str:
        return pseudonym(user, self._secret)

    async def _participant(self, user: int) -> ParticipantRecord | None:
        return await self._store.get_participant(self._pseudonym(user))

    async def _load(self, survey_id: str) -> tuple[SurveyRecord, Survey] | None:
        record = await self._store.get_survey(survey_id)
        if record is None:
            return None
        key = (record.id, record.version)
        if key not in self._surveys:
            self._surveys[key] = survey_from_dict(record.definition, record.source_text)
        return record, self._surveys[key]

    def _unavailable(self, record: SurveyRecord, survey: Survey) -> str | None:
        if record.status != "open":
            return record.status  # "draft" or "closed"
        now = self._now()
        if survey.opens is not None and now < _aware(survey.opens):
            return "not_yet_open"
        if survey.closes is not None and now >= _aware(survey.closes):
            return "ended"
        return None

    async def _state(self, user: int, survey_id: str) -> State | None:
        loaded = await self._load(survey_id)
        if loaded is None:
            return None
        record, survey = loaded
        stored_state = await self._store.participant_state(self._pseudonym(user), survey_id)
        participant = stored_state.participant
        language = survey.languages[0]
        if participant is not None and participant.language in survey.languages:
            language = participant.language
        state = State(record, survey, language, self._unavailable(record, survey), participant)
        if participant is None:
            return state
        state.progress = stored_state.progress
        if state.progress is None:
            return state
        stored = stored_state.answers
        steps = {step.id: step for step in survey.steps}
        state.answers = {
            step_id: answer for step_id, answer in stored.items()
            if step_id in steps and still_valid(steps[step_id], answer)
        }
        state.visible = visible_steps(survey.steps, state.answers)
        state.votes = stored_state.votes
        if any(isinstance(step, VoteStep) for step in survey.steps):
            state.proposals = await self._approved_proposals(survey_id)
        return state

    async def _approved_proposals(self, survey_id: str) -> list[ProposalRecord]:
        """Shared, read-only: callers must not modify the list."""
        cached = self._approved.get(survey_id)
        if cached is None or time.monotonic() - cached[0] > _APPROVED_REFRESH_S:
            cached = (time.monotonic(),
                      await self._store.list_proposals(survey_id, ("approved",)))
            self._approved[survey_id] = cached
        return cached[1]

    def _proposals_changed(self, survey_id: str | None = None) -> None:
        """This engine changed which proposals are approved (None: in any survey)."""
        if survey_id is None:
            self._approved.clear()
        else:
            self._approved.pop(survey_id, None)

    # --- guards --------------------------------------------------------------------------------

    async def _refuse(self, user: int, survey_id: str, state: State | None) -> Outcome:
        reason = "not_found" if state is None else state.unavailable or ""
        view = (StepView("unavailable", survey_id, unavailable_reason="not_found")
                if state is None else await self._view(state))
        return Outcome(view, Rejection("survey_unavailable", {"reason": reason}))

    async def _started(self, user: int, survey_id: str) -> tuple[State | None, Outcome | None]:
        state = await self._state(user, survey_id)
        if state is None or state.unavailable is not None:
            return None, await self._refuse(user, survey_id, state)
        if not state.started:
            return None, Outcome(await self._view(state), Rejection("no_consent"))
        return state, None

    async def _reachable(
        self, user: int, survey_id: str, step_id: str
    ) -> tuple[State | None, Outcome | None]:
        """The state, if `step_id` is a visible step at or before the current one."""
        state, error = await self._started(user, survey_id)
        if error is not None:
            return None, error
        assert state is not None
        ids = [step.id for step in state.visible]
        current = state.current()
        limit = len(ids) if current is None else ids.index(current.id) + 1
        if step_id not in ids[:limit]:
            return None, Outcome(await self._view(state),
                                 Rejection("not_current", {"step_id": step_id}))
        return state, None

    async def _votable(self, state: State, proposal_id: int) -> Rejection | None:
        proposal = next((p for p in await self._approved_proposals(state.survey.id)
                         if p.id == proposal_id), None)
        if proposal is None:  # approved only just now, perhaps by another process
            proposal = await self._store.get_proposal(proposal_id)
        if proposal is None or proposal.survey_id != state.survey.id or (
            proposal.status != "approved"
        ):
            return Rejection("not_votable", {"proposal_id": proposal_id})
        if state.participant is not None and proposal.participant_id == state.participant.id:
            return Rejection("own_proposal", {"proposal_id": proposal_id})
        return None

    async def _view_of(self, user: int, survey_id: str) -> StepView:
        state = await self._state(user, survey_id)
        if state is None:
            return StepView("unavailable", survey_id, unavailable_reason="not_found")
        return await self._view(state)

    async def _view(self, state: State) -> StepView:
        survey = state.survey
        base = StepView(
            "step", survey.id, state.record.version, state.language, state.text(survey.title),
            state.text(survey.intro), state.text(survey.privacy),
            None if survey.thanks is None else state.text(survey.thanks),
        )
        if state.unavailable is not None:
            return replace(base, status="unavailable", unavailable_reason=state.unavailable)
        if not state.started:
            return replace(base, status="consent")
        assert state.participant is not None and state.progress is not None
        step = state.current()
        if step is None:
            if state.progress.completed_at is None or state.progress.current_step is not None:
                await self._store.save_step(
                    state.participant.id, survey.id, Cursor(state.record.version, None, True),
                    self._now(),
                )
            return replace(base, status="finished", total=len(state.visible),
                            position=len(state.visible),
                            can_go_back=state.previous(None) is not None)
        view = replace(
            base, step_id=step.id, step_type=step.type, text=state.text(step.text),
            optional=step.optional, position=state.visible.index(step) + 1,
            total=len(state.visible), can_go_back=state.previous(step) is not None,
        )
        answer = state.answers.get(step.id)
        if answer is not None:
            view = replace(view, previous=answer_form(answer.value),
                            previously_skipped=answer.skipped)
        return await self._step_details(state, step, view)

    async def _step_details(self, state: State, step: Step, view: StepView) -> StepView:
        if isinstance(step, SingleChoiceStep | MultipleChoiceStep):
            view = replace(view, options=tuple(
                OptionView(option.id, state.text(option.label)) for option in step.options
            ))
        if isinstance(step, MultipleChoiceStep):
            view = replace(view, min_choices=step.min_choices, max_choices=max_choices(step))
        if isinstance(step, ScaleStep):
            view = replace(
                view, scale_min=step.minimum, scale_max=step.maximum,
                scale_min_label=None if step.min_label is None else state.text(step.min_label),
                scale_max_label=None if step.max_label is None else state.text(step.max_label),
            )
        if isinstance(step, FreeTextStep):
            view = replace(view, max_length=step.max_length)
        if isinstance(step, ProposalsStep):
            view = await self._proposals_details(state, step, view)
        if isinstance(step, VoteStep):
            view = await self._vote_details(state, step, view)
        return view

    async def _proposals_details(
        self, state: State, step: ProposalsStep, view: StepView
    ) -> StepView:
        assert state.participant is not None
        written = await self._store.count_proposals(state.participant.id, state.survey.id, step.id)
        draft = await self._store.get_draft(state.participant.id, state.survey.id)
        draft_view = None
        if draft is not None and draft.step_id == step.id:
            similar = tuple(SimilarProposal(s["proposal_id"], s["text"], s["score"])
                            for s in draft.similar)
            draft_view = DraftView(draft.text, similar)
        return replace(view, min_length=step.min_length, max_length=step.max_length,
                        proposals_written=written, proposals_max=step.max_per_participant,
                        draft=draft_view)

    async def _vote_details(self, state: State, step: VoteStep, view: StepView) -> StepView:
        assert state.participant is not None and state.progress is not None
        votable = {proposal.id: proposal for proposal in state.votable()}
        offered = state.progress.offered_proposal
        if offered not in votable:
            offered = await self._route(state.survey.id, list(votable))
            await self._store.set_offer(state.participant.id, state.survey.id, offered)
        item = None
        if offered is not None:
            proposal = votable[offered]
            item = VoteItem(offered, self._proposal_text(proposal, state.language),
                            proposal.statement_key is not None)
        return replace(view, vote_item=item, votes_cast=state.votes_in(step),
                        votes_target=step.votes_per_participant, items_left=state.items_left(step))

    @staticmethod
    def _proposal_text(proposal: ProposalRecord, language: str) -> str:
        return proposal.translations.get(language, proposal.text)

    async def _route(self, survey_id: str, candidates: list[int]) -> int | None:
        if not candidates:
            return None
        tallies = await self._routing.tallies(survey_id, self._store)
        return choose_next(candidates, tallies, self._routing.extremity(survey_id), self._rng)
