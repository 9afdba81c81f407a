"""Organiser commands: /surveys, /open ID, /close ID, /stats ID, /moderate, and decisions on
content reports. Only Telegram ids in SAMEN_ORGANISER_IDS may use them."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot import keyboards
from bot.fitting import fit_around
from bot.handlers.citizen import pressed
from bot.turn import Turn
from surveys.views import SurveyInfo, UnknownProposal, UnknownSurvey

OrganiserHandler = Callable[[Turn, Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def organisers_only(handler: OrganiserHandler):  # type: ignore[no-untyped-def]
    @functools.wraps(handler)
    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        turn = await Turn.begin(update, context)
        if not turn.is_organiser:
            await turn.acknowledge()
            await turn.say("not_organiser")
            return
        await handler(turn, update, context)

    return checked


@organisers_only
async def surveys(turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    infos = await turn.engine.list_surveys()
    if not infos:
        await turn.say("surveys_empty")
        return
    lines = [turn.text("surveys_header")]
    for info in infos:
        stats = await turn.engine.stats(info.id)
        status = _status_text(turn, info)
        lines.append(turn.text(
            "surveys_line", survey_id=info.id, title=info.title.get(turn.language),
            status=status, participants=stats.participants,
        ))
    await turn.send("\n".join(lines))


def _status_text(turn: Turn, info: SurveyInfo) -> str:
    """"open", "closed", "draft", or why an open survey takes nobody (its dates)."""
    if info.status == "open" and not info.available and info.unavailable_reason in (
        "ended", "not_yet_open"
    ):
        return turn.text(f"status_open_{info.unavailable_reason}")
    if info.status in ("open", "closed", "draft"):
        return turn.text(f"status_{info.status}")
    return str(info.status)


@organisers_only
async def open_survey(turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _open_or_close(turn, context, opening=True)


@organisers_only
async def close_survey(turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _open_or_close(turn, context, opening=False)


async def _open_or_close(turn: Turn, context: ContextTypes.DEFAULT_TYPE, opening: bool) -> None:
    command = "/open" if opening else "/close"
    if not context.args:
        await turn.say("usage", usage=f"{command} SURVEY_ID")
        return
    survey_id = context.args[0]
    try:
        if opening:
            info = await turn.engine.open_survey(survey_id)
        else:
            info = await turn.engine.close_survey(survey_id)
    except UnknownSurvey:
        await turn.say("survey_unknown", survey_id=survey_id)
        return
    key = "survey_opened" if opening else "survey_closed_admin"
    await turn.say(key, title=info.title.get(turn.language), survey_id=info.id)


@organisers_only
async def stats(turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    infos = {info.id: info for info in await turn.engine.list_surveys()}
    if context.args:
        survey_id = context.args[0]
    elif len(infos) == 1:
        survey_id = next(iter(infos))
    else:
        await turn.say("usage", usage="/stats SURVEY_ID")
        return
    if survey_id not in infos:
        await turn.say("survey_unknown", survey_id=survey_id)
        return
    figures = await turn.engine.stats(survey_id)
    await turn.say(
        "stats", title=infos[survey_id].title.get(turn.language), survey_id=survey_id,
        participants=figures.participants, completed=figures.completed,
        completion=round(100 * figures.completion_rate),
        proposals=sum(figures.proposals.values()), pending=figures.proposals.get("pending", 0),
        votes=figures.votes,
    )


@organisers_only
async def moderate(turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await show_next_pending(turn, context.args[0] if context.args else None)


async def show_next_pending(turn: Turn, survey_id: str | None = None) -> None:
    """The oldest proposal awaiting moderation (in one survey, or in any), with the buttons."""
    survey_ids = [survey_id] if survey_id else [i.id for i in await turn.engine.list_surveys()]
    remaining = 0
    first = None
    for sid in survey_ids:
        remaining += await turn.engine.pending_count(sid)
        if first is None:
            first = await turn.engine.next_pending(sid)
    if first is None:
        await turn.say("moderate_empty")
        return
    await turn.send(
        fit_around(lambda quote: turn.text("moderate_item", remaining=remaining,
                                           survey_id=first.survey_id, text=quote), first.text),
        keyboards.moderation(turn.language, first.proposal_id),
    )


@organisers_only
async def moderation_decision(
    turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """Approve / Reject under /moderate: record it, then the next pending proposal."""
    press = pressed(update)
    await turn.acknowledge()
    if press is None:
        return
    proposal_id, approve = press.int_key(), press.args[0] == "a"
    try:
        if approve:
            proposal = await turn.engine.approve_proposal(proposal_id, turn.user_id)
        else:
            proposal = await turn.engine.reject_proposal(proposal_id, turn.user_id)
    except UnknownProposal:
        await turn.edit(update.callback_query.message, turn.text("stale_button"))
        return
    key = "moderate_approved" if approve else "moderate_rejected"
    await turn.edit(update.callback_query.message,
                    fit_around(lambda quote: turn.text(key, text=quote), proposal.text))
    await show_next_pending(turn, proposal.survey_id)


@organisers_only
async def report_decision(turn: Turn, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep or remove a proposal a citizen reported."""
    press = pressed(update)
    await turn.acknowledge()
    if press is None:
        return
    proposal_id, keep = press.int_key(), press.args[0] == "k"
    try:
        if keep:
            proposal = await turn.engine.approve_proposal(proposal_id, turn.user_id)
        else:
            proposal = await turn.engine.reject_proposal(
                proposal_id, turn.user_id, reason="reported by a citizen"
            )
    except UnknownProposal:
        await turn.edit(update.callback_query.message, turn.text("stale_button"))
        return
    key = "report_kept" if keep else "report_removed"
    await turn.edit(update.callback_query.message,
                    fit_around(lambda quote: turn.text(key, text=quote), proposal.text))
