"""The consultation engine: what a participant sees next, and recording what they answer.

The bot's only entry point into surveys and storage (its API: docs/engine-api.md). The calls
are split by concern over a few modules; `Engine` puts them together:

- `surveys.state`: one participant in one survey (visible steps, the current one, after writes);
- `surveys.flow`: loading a participant's state and building the `StepView`;
- this module: opening the engine, participants, the step-by-step conversation, privacy;
- `surveys.proposals`: drafts, similar proposals, moderation and reports;
- `surveys.voting`: votes and the end-of-survey comparison;
- `surveys.organisers`: loading, opening, closing surveys and their statistics.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from os import PathLike
from types import TracebackType
from typing import Any, Self

from surveys.answers import validate_answer
from surveys.flow import EngineBase, State, reading_language
from surveys.model import InfoStep, ProposalsStep, Step, VoteStep
from surveys.organisers import OrganiserCalls
from surveys.proposals import ProposalCalls
from surveys.storage import open_store
from surveys.storage.base import AnswerRecord, AnswerValue, Cursor, ProgressRecord, Store
from surveys.views import Outcome, Rejection, StepView
from surveys.voting import VotingCalls


class Engine(ProposalCalls, VotingCalls, OrganiserCalls, EngineBase):
    """One per process; safe to call concurrently for different participants."""

    @classmethod
    async def open(
        cls, database: str | PathLike[str], pseudonym_secret: bytes, *,
        rng: random.Random | None = None, clock: Callable[[], datetime] | None = None,
    ) -> Self:
        return cls(await open_store(database), pseudonym_secret, rng=rng, clock=clock)

    @classmethod
    def with_store(
        cls, store: Store, pseudonym_secret: bytes, *, rng: random.Random | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> Self:
        return cls(store, pseudonym_secret, rng=rng, clock=clock)

    async def close(self) -> None:
        loading = list(self._approved_loading.values())
        for task in loading:
            task.cancel()
        await asyncio.gather(*loading, return_exceptions=True)
        await self._routing.close()
        await self._store.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # --- participants --------------------------------------------------------------------------

    async def language(self, user: int) -> str | None:
        participant = await self._participant(user)
        return None if participant is None else participant.language

    async def set_language(self, user: int, language: str) -> None:
        participant = await self._store.ensure_participant(self._pseudonym(user), self._now())
        await self._store.set_language(participant.id, language)

    # --- the conversation ----------------------------------------------------------------------

    async def view(self, user: int, survey_id: str) -> StepView:
        """Where this participant is (records only bookkeeping: the vote item on offer)."""
        return await self._view_of(user, survey_id)


    async def consent(self, user: int, survey_id: str, language: str | None = None) -> Outcome:
        """Agree to take part; with `language`, also the participant's language (as
        `set_language`), stored in the same transaction and used for the returned view."""
        state = await self._state(user, survey_id)
        if state is None or state.unavailable is not None:
            return await self._refuse(user, survey_id, state)
        participant = state.participant or await self._store.ensure_participant(
            self._pseudonym(user), self._now()
        )
        state = replace(state, language=reading_language(state.survey, language, state.language))
        if state.progress is not None:  # consent given before: nothing to record
            if language is not None and language != participant.language:
                await self._store.set_language(participant.id, language)
            return Outcome(await self._shown(state))
        first = state.survey.steps[0].id if state.survey.steps else None
        now = self._now()
        at = now.isoformat()
        progress = ProgressRecord(state.record.version, first, None, at, at, None)
        if language is not None:
            participant = replace(participant, language=language)
        after = replace(state, participant=participant, progress=progress)
        after = after.recounted()
        view, _ = await self._commit(after, lambda then: self._store.start(
            participant.id, survey_id, state.record.version, first, now, then,
            language=language))
        return Outcome(view)

    async def answer(
        self, user: int, survey_id: str, step_id: str, value: object,
        version: int | None = None,
    ) -> Outcome:
        state, error = await self._reachable(user, survey_id, step_id, version)
        if error is not None:
            return error
        assert state is not None
        step = state.survey.step(step_id)
        checked = validate_answer(step, value)
        if isinstance(checked, Rejection):
            return Outcome(await self._view(state), checked)
        return await self._record(user, state, step, checked, skipped=False)

    async def skip(
        self, user: int, survey_id: str, step_id: str, version: int | None = None
    ) -> Outcome:
        state, error = await self._reachable(user, survey_id, step_id, version)
        if error is not None:
            return error
        assert state is not None
        step = state.survey.step(step_id)
        if not step.optional:
            return Outcome(await self._view(state), Rejection("not_optional"))
        return await self._record(user, state, step, None, skipped=True)

    async def proceed(
        self, user: int, survey_id: str, step_id: str, version: int | None = None
    ) -> Outcome:
        """The "continue" / "done" button of info, proposals and vote steps."""
        state, error = await self._reachable(user, survey_id, step_id, version)
        if error is not None:
            return error
        assert state is not None and state.participant is not None
        step = state.survey.step(step_id)
        if not isinstance(step, InfoStep | ProposalsStep | VoteStep):
            return Outcome(await self._view(state),
                           Rejection("wrong_step_type", {"step_type": step.type.value}))
        value: AnswerValue = None
        if isinstance(step, ProposalsStep):
            value = state.written.get(step.id, 0)
            supported = any(v.step_id == step.id for v in state.votes.values())
            if value == 0 and not supported and not step.optional:
                return Outcome(await self._view(state), Rejection("needs_proposal"))
        return await self._record(user, state, step, value, skipped=False)

    async def back(self, user: int, survey_id: str) -> Outcome:
        state, error = await self._started(user, survey_id)
        if error is not None:
            return error
        assert state is not None and state.participant is not None
        target = state.previous(state.current())
        if target is None:
            return Outcome(await self._view(state), Rejection("at_start"))
        cursor = Cursor(state.record.version, target.id, False)
        now = self._now()
        view, _ = await self._commit(state.moved(cursor, now.isoformat()), lambda then: (
            self._store.save_step(state.participant.id, survey_id, cursor, now, then=then)))
        return Outcome(view)

    async def _record(
        self, user: int, state: State, step: Step, value: AnswerValue, skipped: bool
    ) -> Outcome:
        """Store an answer and move on: to the next step when `step` was the current one."""
        assert state.participant is not None
        now = self._now()
        answer = AnswerRecord(state.participant.id, step.id, state.record.version, value,
                              skipped, now.isoformat())
        after = state.with_answer(answer)
        current = state.current()
        finished_before = state.progress is not None and state.progress.completed_at is not None
        if current is not None and current.id == step.id:
            # Someone who has finished is not walked through their answered steps again.
            next_step = after.next_undone(step) if finished_before else after.after(step)
        elif current is None:  # finished, then an old message re-answered: stay finished,
            # unless the new answer shows a step not answered yet
            next_step = after.next_undone(None)
        else:  # an earlier step re-answered from an old message: stay, unless now hidden
            next_step = current.id if current in after.visible else after.after(step)
        cursor = Cursor(state.record.version, next_step, next_step is None)
        view, _ = await self._commit(after.moved(cursor, now.isoformat()), lambda then: (
            self._store.save_step(state.participant.id, state.survey.id, cursor, now,
                                  answer=(step.id, value, skipped), then=then)))
        return Outcome(view)

    # --- privacy -------------------------------------------------------------------------------

    async def my_data(self, user: int) -> dict[str, Any]:
        """Everything stored about this participant, JSON-serialisable (for /mydata)."""
        participant = await self._participant(user)
        if participant is None:
            return {}
        return await self._store.participant_data(participant.id)

    async def delete_me(self, user: int) -> bool:
        """Delete everything about this participant, their proposals included (for /delete)."""
        participant = await self._participant(user)
        deleted = participant is not None and await self._store.delete_participant(participant.id)
        if deleted:  # their proposals and votes are gone, and others' votes on them
            self._proposals_changed()
            self._routing.forget()
        return deleted
