"""One participant in one survey: what the database holds, and what the calls derive from it.

`State` answers the questions every call asks (which steps are visible, which one is current,
how many items are left to judge) and builds the state after a call's own writes in memory
(`with_answer`, `moved`, `with_vote`), mirroring what the store does in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from surveys.answers import still_valid, visible_steps
from surveys.model import LocalizedText, Step, Survey, VoteStep
from surveys.storage.base import (
    AnswerRecord,
    Cursor,
    DraftRecord,
    ParticipantRecord,
    ProgressRecord,
    ProposalRecord,
    SurveyRecord,
    VoteRecord,
)


@dataclass(frozen=True)
class Approved:
    """A survey's approved proposals and statements, by id in id order; how many per author."""

    by_id: dict[int, ProposalRecord]
    authors: Counter[int | None] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "authors",
                           Counter(p.participant_id for p in self.by_id.values()))


_NONE_APPROVED = Approved({})


@dataclass
class State:
    """One participant in one survey, as the database says now (or will, once the call's
    transaction commits: the calls derive the state after their writes in memory)."""

    record: SurveyRecord
    survey: Survey
    language: str
    unavailable: str | None
    participant: ParticipantRecord | None = None
    progress: ProgressRecord | None = None
    stored: dict[str, AnswerRecord] = field(default_factory=dict)  # every stored answer
    answers: dict[str, AnswerRecord] = field(default_factory=dict)  # those that still count
    votes: dict[int, VoteRecord] = field(default_factory=dict)
    draft: DraftRecord | None = None
    written: dict[str, int] = field(default_factory=dict)  # proposals written per step
    approved: Approved = field(default_factory=lambda: _NONE_APPROVED)  # shared, read-only
    visible: list[Step] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.participant is not None and self.progress is not None

    def text(self, localized: LocalizedText) -> str:
        return localized.get(self.language, self.survey.languages[0])

    # Derived once per state (a `replace` starts the copy without it).
    _votable: int | None = field(default=None, init=False, repr=False)

    def is_votable(self, proposal_id: int) -> bool:
        """An approved proposal this participant neither wrote nor judged yet."""
        proposal = self.approved.by_id.get(proposal_id)
        return proposal is not None and proposal_id not in self.votes and (
            self.participant is None or proposal.participant_id != self.participant.id)

    def votable(self) -> int:
        """How many approved proposals this participant neither wrote nor judged yet (counted
        without a pass over every proposal: votes are few, proposals many)."""
        if self._votable is None:
            me = self.participant.id if self.participant else None
            by_id = self.approved.by_id
            judged = sum(1 for pid in self.votes
                         if pid in by_id and by_id[pid].participant_id != me)
            self._votable = len(by_id) - judged - self.approved.authors.get(me, 0)
        return self._votable

    def votes_in(self, step: VoteStep) -> int:
        return sum(1 for vote in self.votes.values() if vote.step_id == step.id)

    def items_left(self, step: VoteStep) -> int:
        return max(0, min(step.votes_per_participant - self.votes_in(step), self.votable()))

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

    def next_undone(self, step: Step | None) -> str | None:
        """The id of the first visible step after `step` (from the start: None) that is not
        done yet (None: nothing is left)."""
        ids = [s.id for s in self.visible]
        start = ids.index(step.id) + 1 if step is not None and step.id in ids else 0
        return next((s.id for s in self.visible[start:] if not self.done(s)), None)

    # --- the state after a call's writes (mirroring what the store does) ---------------------

    def recounted(self) -> State:
        """`answers` and `visible` derived from `stored` under this survey version."""
        steps = {step.id: step for step in self.survey.steps}
        version = self.record.version
        # An answer given under this very version was validated against it when recorded.
        answers = {step_id: answer for step_id, answer in self.stored.items()
                   if step_id in steps and (answer.survey_version == version
                                            or still_valid(steps[step_id], answer))}
        return replace(self, answers=answers, visible=visible_steps(self.survey.steps, answers))

    def with_answer(self, answer: AnswerRecord) -> State:
        answers = {**self.answers, answer.step_id: answer}
        return replace(self, stored={**self.stored, answer.step_id: answer}, answers=answers,
                       visible=visible_steps(self.survey.steps, answers))

    def moved(self, cursor: Cursor, at: str) -> State:
        assert self.progress is not None
        completed = self.progress.completed_at
        if cursor.completed and completed is None:
            completed = at
        return replace(self, progress=replace(
            self.progress, survey_version=cursor.survey_version,
            current_step=cursor.current_step, completed_at=completed,
        ))

    def with_vote(self, vote: VoteRecord) -> State:
        assert self.progress is not None
        progress = self.progress
        if progress.offered_proposal == vote.proposal_id:
            progress = replace(progress, offered_proposal=None)
        return replace(self, progress=progress, votes={**self.votes, vote.proposal_id: vote})
