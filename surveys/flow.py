"""Where a participant is in a survey, derived from what the database holds.

The engine reads the participant's answers, votes, draft and proposal counts (one statement),
works out which steps their answers make visible and which one is current, and builds the
`StepView`. A call that writes derives the state after its writes in memory, builds the view
from it and stores the writes together with the view's bookkeeping in one transaction; nothing
is read back. A restart therefore loses nothing: every state a citizen is in is in the
database. (Memory holds only parsed survey versions, survey status for a second, approved
proposals and routing figures; no citizen's state: a write-through cache of it would save about
0.08 ms per call, and could go stale when a second engine, e.g. a restarted bot overlapping the
old one, writes the same citizen.)
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from surveys.answers import answer_form, max_choices
from surveys.model import (
    FreeTextStep,
    MultipleChoiceStep,
    ProposalsStep,
    ScaleStep,
    SingleChoiceStep,
    Step,
    Survey,
    VoteStep,
)
from surveys.pseudonym import cached_pseudonym
from surveys.routing import RoutingCache
from surveys.state import Approved, State
from surveys.storage.base import (
    Bookkeeping,
    ParticipantRecord,
    ProposalRecord,
    Store,
    SurveyRecord,
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
# A survey's status is read at most this often (this engine's own open/close take effect at
# once; the CLI's, in another process, within this time).
_STATUS_REFRESH_S = 1.0

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def reading_language(survey: Survey, preferred: str | None, otherwise: str | None = None) -> str:
    """The language a participant reads `survey` in: `preferred` if the survey has it, else
    `otherwise` (a language already chosen), else the survey's first language."""
    if preferred in survey.languages:
        return preferred
    return otherwise or survey.languages[0]


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
        self._heads: dict[str, tuple[float, SurveyRecord]] = {}
        self._approved: dict[str, tuple[float, dict[int, ProposalRecord]]] = {}
        self._approved_loading: dict[str, asyncio.Task[dict[int, ProposalRecord]]] = {}
        self._routing = RoutingCache()

    def _now(self) -> datetime:
        return _aware(self._clock())

    def _pseudonym(self, user: int) -> str:
        return cached_pseudonym(user, self._secret)

    async def _participant(self, user: int) -> ParticipantRecord | None:
        return await self._store.get_participant(self._pseudonym(user))

    async def _load(self, survey_id: str) -> tuple[SurveyRecord, Survey] | None:
        head = self._heads.get(survey_id)
        if head is not None and time.monotonic() - head[0] <= _STATUS_REFRESH_S:
            record = head[1]
        else:
            found = await self._store.get_survey(survey_id)
            if found is None:
                self._heads.pop(survey_id, None)
                return None
            record = found
            self._heads[survey_id] = (time.monotonic(), record)
        return record, self._parsed(record)

    def _parsed(self, record: SurveyRecord) -> Survey:
        key = (record.id, record.version)
        if key not in self._surveys:
            self._surveys[key] = survey_from_dict(record.definition, record.source_text)
        return self._surveys[key]

    def _survey_changed(self, survey_id: str) -> None:
        """This engine loaded, opened or closed the survey: read its status afresh."""
        self._heads.pop(survey_id, None)

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
        language = reading_language(survey, participant.language if participant else None)
        state = State(record, survey, language, self._unavailable(record, survey), participant)
        if any(isinstance(step, VoteStep) for step in survey.steps):
            # Also before consent: `consent()` builds its view from this state.
            state.approved = await self._approved_proposals(survey_id)
        if participant is None:
            return state
        state.progress = stored_state.progress
        offered = state.progress.offered_proposal if state.progress is not None else None
        if offered is not None and offered not in state.approved.by_id:
            # Offered by another engine (process) whose list of approved proposals is newer
            # than ours: read it now, or the citizen's press on it would count as stale.
            state.approved = await self._load_approved(survey_id)
        state.stored = stored_state.answers
        state.votes = stored_state.votes
        state.draft = stored_state.draft
        state.written = stored_state.written
        return state.recounted() if state.progress is not None else state

    async def _approved_proposals(self, survey_id: str) -> Approved:
        """Shared, read-only: callers must not modify it.

        One reload at a time per survey, and calls meanwhile use the previous list: hundreds of
        concurrent calls must not each read every proposal when the list expires.
        """
        cached = self._approved.get(survey_id)
        if cached is not None and time.monotonic() - cached[0] <= _APPROVED_REFRESH_S:
            return cached[1]
        loading = self._approved_loading.get(survey_id)
        if loading is None:
            loading = self._approved_loading[survey_id] = asyncio.create_task(
                self._load_approved(survey_id))
            loading.add_done_callback(lambda task: (
                self._approved_loading.pop(survey_id, None),
                task.cancelled() or task.exception()))
        if cached is None:
            return await asyncio.shield(loading)
        return cached[1]

    async def _load_approved(self, survey_id: str) -> Approved:
        records = await self._store.list_proposals(survey_id, ("approved",))
        approved = Approved({record.id: record for record in records})
        self._approved[survey_id] = (time.monotonic(), approved)
        return approved

    def _proposal_status(self, proposal: ProposalRecord) -> None:
        """This engine stored `proposal` with its (new) status: keep the approved ones current."""
        cached = self._approved.get(proposal.survey_id)
        if cached is None:
            return
        by_id = dict(cached[1].by_id)  # a copy: states being built hold the old one
        if proposal.status == "approved":
            by_id[proposal.id] = proposal
            by_id = dict(sorted(by_id.items()))
        else:
            by_id.pop(proposal.id, None)
        self._approved[proposal.survey_id] = (cached[0], Approved(by_id))

    def _proposals_changed(self, survey_id: str | None = None) -> None:
        """Proposals changed in ways not tracked one by one (None: in any survey)."""
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

    async def _started(
        self, user: int, survey_id: str, version: int | None = None
    ) -> tuple[State | None, Outcome | None]:
        """The state of a participant who consented; with `version` (the survey version of the
        screen the participant answered on), only while that is still the current version: a
        button from before the organiser loaded a new version is stale, as the docs promise."""
        state = await self._state(user, survey_id)
        if state is None or state.unavailable is not None:
            return None, await self._refuse(user, survey_id, state)
        if not state.started:
            return None, Outcome(await self._view(state), Rejection("no_consent"))
        if version is not None and version != state.record.version:
            return None, Outcome(await self._view(state), Rejection(
                "survey_changed", {"version": state.record.version}))
        return state, None

    async def _reachable(
        self, user: int, survey_id: str, step_id: str, version: int | None = None
    ) -> tuple[State | None, Outcome | None]:
        """The state, if `step_id` is a visible step at or before the current one."""
        state, error = await self._started(user, survey_id, version)
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
        proposal = (await self._approved_proposals(state.survey.id)).by_id.get(proposal_id)
        if proposal is None:  # approved only just now, perhaps by another process
            proposal = await self._store.get_proposal(proposal_id)
        if proposal is None or proposal.survey_id != state.survey.id or (
            proposal.status != "approved"
        ):
            return Rejection("not_votable", {"proposal_id": proposal_id})
        if state.participant is not None and proposal.participant_id == state.participant.id:
            return Rejection("own_proposal", {"proposal_id": proposal_id})
        return None

    # --- views ---------------------------------------------------------------------------------

    async def _commit(
        self, after: State, write: Callable[[Bookkeeping | None], Awaitable[T]]
    ) -> tuple[StepView, T]:
        """The view of `after` (the state once the call's writes are in), and `write` with the
        view's bookkeeping: one transaction per call, and no read-back."""
        view, books = await self._present(after)
        return view, await write(books)

    async def _view_of(self, user: int, survey_id: str) -> StepView:
        """The current view, recording its bookkeeping (the `view()` call)."""
        state = await self._state(user, survey_id)
        if state is None:
            return StepView("unavailable", survey_id, unavailable_reason="not_found")
        return await self._shown(state)

    async def _shown(self, state: State) -> StepView:
        """The view of an unchanged state, recording its bookkeeping."""
        survey_id = state.survey.id
        view, books = await self._present(state)
        if books is not None:
            assert state.participant is not None
            await self._store.keep_books(state.participant.id, survey_id, books, self._now())
        return view

    async def _view(self, state: State) -> StepView:
        """The view of an unchanged state (a refused call), recording its bookkeeping."""
        view, books = await self._present(state)
        if books is not None:
            assert state.participant is not None
            await self._store.keep_books(state.participant.id, state.survey.id, books,
                                         self._now())
        return view

    async def _present(self, state: State) -> tuple[StepView, Bookkeeping | None]:
        survey = state.survey
        # Fields gathered first and the view made once: a view is built on every call.
        fields: dict[str, Any] = {
            "survey_version": state.record.version, "language": state.language,
            "title": state.text(survey.title), "intro": state.text(survey.intro),
            "privacy": state.text(survey.privacy),
            "thanks": None if survey.thanks is None else state.text(survey.thanks),
        }
        if state.unavailable is not None:
            return StepView("unavailable", survey.id, unavailable_reason=state.unavailable,
                            **fields), None
        if not state.started:
            return StepView("consent", survey.id, **fields), None
        assert state.participant is not None and state.progress is not None
        step = state.current()
        if step is None:
            books = None
            if state.progress.completed_at is None or state.progress.current_step is not None:
                books = Bookkeeping(finish_version=state.record.version)
            return StepView("finished", survey.id, total=len(state.visible),
                            position=len(state.visible),
                            can_go_back=state.previous(None) is not None, **fields), books
        fields.update(
            step_id=step.id, step_type=step.type, text=state.text(step.text),
            optional=step.optional, position=state.visible.index(step) + 1,
            total=len(state.visible), can_go_back=state.previous(step) is not None,
        )
        answer = state.answers.get(step.id)
        if answer is not None:
            fields.update(previous=answer_form(answer.value), previously_skipped=answer.skipped)
        books = await self._step_details(state, step, fields)
        return StepView("step", survey.id, **fields), books

    async def _step_details(
        self, state: State, step: Step, fields: dict[str, Any]
    ) -> Bookkeeping | None:
        """Adds the fields of `step`'s type to `fields`."""
        if isinstance(step, SingleChoiceStep | MultipleChoiceStep):
            fields["options"] = tuple(
                OptionView(option.id, state.text(option.label)) for option in step.options
            )
        if isinstance(step, MultipleChoiceStep):
            fields.update(min_choices=step.min_choices, max_choices=max_choices(step))
        if isinstance(step, ScaleStep):
            fields.update(
                scale_min=step.minimum, scale_max=step.maximum,
                scale_min_label=None if step.min_label is None else state.text(step.min_label),
                scale_max_label=None if step.max_label is None else state.text(step.max_label),
            )
        if isinstance(step, FreeTextStep):
            fields["max_length"] = step.max_length
        if isinstance(step, ProposalsStep):
            await self._proposals_details(state, step, fields)
        if isinstance(step, VoteStep):
            return await self._vote_details(state, step, fields)
        return None

    async def _proposals_details(
        self, state: State, step: ProposalsStep, fields: dict[str, Any]
    ) -> None:
        draft, draft_view = state.draft, None
        if draft is not None and draft.step_id == step.id:
            # The draft holds pointers; a proposal deleted (with its author) or rejected since
            # is no longer offered, and the text shown is the proposal's own, in this language.
            approved = (await self._approved_proposals(state.survey.id)).by_id
            similar = tuple(
                SimilarProposal(s["proposal_id"],
                                self._proposal_text(approved[s["proposal_id"]], state.language),
                                s["score"])
                for s in draft.similar if s["proposal_id"] in approved
            )
            draft_view = DraftView(draft.text, similar)
        fields.update(min_length=step.min_length, max_length=step.max_length,
                      proposals_written=state.written.get(step.id, 0),
                      proposals_max=step.max_per_participant, draft=draft_view)

    async def _vote_details(
        self, state: State, step: VoteStep, fields: dict[str, Any]
    ) -> Bookkeeping | None:
        assert state.participant is not None and state.progress is not None
        offered = state.progress.offered_proposal
        books = None
        if offered is None or not state.is_votable(offered):
            offered = await self._routing.choose(
                state.survey.id, self._store, state.approved.by_id, state.is_votable, self._rng)
            books = Bookkeeping(set_offer=True, offer=offered)
        item = None
        if offered is not None:
            proposal = state.approved.by_id[offered]
            item = VoteItem(offered, self._proposal_text(proposal, state.language),
                            proposal.statement_key is not None)
        fields.update(vote_item=item, votes_cast=state.votes_in(step),
                      votes_target=step.votes_per_participant, items_left=state.items_left(step))
        return books

    @staticmethod
    def _proposal_text(proposal: ProposalRecord, language: str) -> str:
        return proposal.translations.get(language, proposal.text)

