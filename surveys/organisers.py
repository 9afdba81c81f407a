"""Organiser calls: loading surveys (as versions), opening and closing, statistics, moderation."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from surveys.export import ExportSummary, export_survey
from surveys.flow import EngineBase
from surveys.model import Survey
from surveys.storage.base import PROPOSAL_STATUSES, ProposalRecord, StatementSeed, SurveyRecord
from surveys.storage.codec import fingerprint, survey_to_dict
from surveys.views import (
    LoadResult,
    PendingProposal,
    ReportInfo,
    SurveyInfo,
    SurveyStats,
    UnknownProposal,
    UnknownSurvey,
)


class OrganiserCalls(EngineBase):
    async def load_survey(self, survey: Survey) -> LoadResult:
        """Store `survey`; a new version only when its content changed since the last load."""
        first = survey.languages[0]
        statements = [
            StatementSeed(s.id, s.text.get(first, first), dict(s.text.values))
            for s in survey.statements
        ]
        version, changed = await self._store.save_survey_version(
            survey.id, survey_to_dict(survey), fingerprint(survey), survey.source_text,
            statements, self._now(),
        )
        self._proposals_changed(survey.id)
        self._survey_changed(survey.id)
        return LoadResult(survey.id, version, changed)

    def _info(self, record: SurveyRecord, survey: Survey) -> SurveyInfo:
        reason = self._unavailable(record, survey)
        return SurveyInfo(record.id, record.version, survey.title, record.status, survey.opens,
                          survey.closes, reason is None, reason, survey.languages)

    async def list_surveys(self) -> list[SurveyInfo]:
        return [self._info(record, self._parsed(record))
                for record in await self._store.list_surveys()]

    async def available_surveys(self) -> list[SurveyInfo]:
        """The surveys a citizen can take part in now."""
        return [info for info in await self.list_surveys() if info.available]

    async def survey_info(self, survey_id: str) -> SurveyInfo | None:
        loaded = await self._load(survey_id)
        return None if loaded is None else self._info(*loaded)

    async def survey(self, survey_id: str) -> Survey:
        loaded = await self._load(survey_id)
        if loaded is None:
            raise UnknownSurvey(survey_id)
        return loaded[1]

    async def open_survey(self, survey_id: str) -> SurveyInfo:
        return await self._set_status(survey_id, "open")

    async def close_survey(self, survey_id: str) -> SurveyInfo:
        return await self._set_status(survey_id, "closed")

    async def _set_status(self, survey_id: str, status: str) -> SurveyInfo:
        if not await self._store.set_survey_status(survey_id, status, self._now()):
            raise UnknownSurvey(survey_id)
        self._survey_changed(survey_id)
        info = await self.survey_info(survey_id)
        assert info is not None
        return info

    async def stats(self, survey_id: str) -> SurveyStats:
        record = await self._store.get_survey(survey_id)
        if record is None:
            raise UnknownSurvey(survey_id)
        participants = await self._store.survey_participants(survey_id)
        completed = sum(1 for p in participants if p.completed_at is not None)
        records = await self._store.list_proposals(survey_id)
        proposals = Counter({status: 0 for status in PROPOSAL_STATUSES})
        proposals.update(p.status for p in records)
        latest = await self._store.latest_votes(survey_id)
        voted_on = {v.proposal_id for v in latest}
        return SurveyStats(
            survey_id=survey_id, version=record.version, status=record.status,
            participants=len(participants), completed=completed,
            completion_rate=completed / len(participants) if participants else 0.0,
            answers=sum(1 for a in await self._store.survey_answers(survey_id) if not a.skipped),
            proposals=dict(proposals), votes=len(latest),
            vote_events=len(await self._store.vote_history(survey_id)),
            votes_by_choice=dict(Counter(v.choice for v in latest)),
            reports=len(await self._store.list_reports(survey_id)),
            approved_judged=sum(1 for p in records if p.status == "approved" and p.id in voted_on),
        )

    async def export(self, survey_id: str, folder: str | Path) -> ExportSummary:
        """Write the survey's export folder (see `surveys.export`)."""
        return await export_survey(self._store, survey_id, folder)

    # --- moderation ----------------------------------------------------------------------------

    async def pending_count(self, survey_id: str) -> int:
        return len(await self._store.list_proposals(survey_id, ("pending",)))

    async def next_pending(
        self, survey_id: str, after_id: int | None = None
    ) -> PendingProposal | None:
        """The oldest pending proposal (after `after_id`, to step past ones left undecided)."""
        proposal = await self._store.next_pending(survey_id, after_id)
        return None if proposal is None else await self._pending(proposal)

    async def _pending(self, proposal: ProposalRecord) -> PendingProposal:
        proposal_id = proposal.id
        reports = sum(1 for r in await self._store.list_reports(proposal.survey_id)
                      if r.proposal_id == proposal_id)
        return PendingProposal(proposal.id, proposal.survey_id, proposal.text, proposal.language,
                               proposal.status, proposal.created_at, reports)

    async def approve_proposal(self, proposal_id: int, moderator_user: int) -> PendingProposal:
        return await self._moderate(proposal_id, "approved", moderator_user, "")

    async def reject_proposal(
        self, proposal_id: int, moderator_user: int, reason: str = ""
    ) -> PendingProposal:
        return await self._moderate(proposal_id, "rejected", moderator_user, reason)

    async def _moderate(
        self, proposal_id: int, status: str, moderator_user: int, reason: str
    ) -> PendingProposal:
        moderator = self._pseudonym(moderator_user)
        if not await self._store.moderate(proposal_id, status, moderator, reason, self._now()):
            raise UnknownProposal(proposal_id)
        proposal = await self._store.get_proposal(proposal_id)
        if proposal is None:
            raise UnknownProposal(proposal_id)
        self._proposal_status(proposal)
        return await self._pending(proposal)

    async def reports(self, survey_id: str) -> list[ReportInfo]:
        """Reported proposals, most reported first."""
        grouped: dict[int, list[tuple[str, str]]] = {}
        for report in await self._store.list_reports(survey_id):
            grouped.setdefault(report.proposal_id, []).append((report.reason, report.reported_at))
        infos = []
        for proposal_id, entries in grouped.items():
            proposal = await self._store.get_proposal(proposal_id)
            if proposal is None:
                continue
            infos.append(ReportInfo(
                proposal_id, proposal.text, proposal.status, len(entries),
                tuple(reason for reason, _ in entries if reason), max(at for _, at in entries),
            ))
        return sorted(infos, key=lambda info: (-info.reports, info.proposal_id))
