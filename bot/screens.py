"""What the citizen sees: an engine `StepView` (or the consent, or the end) as text + keyboard.

Plain text, no parse mode: survey texts and proposals are shown exactly as written, whatever
characters they contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import callbacks as cb
from bot import keyboards
from bot.fitting import cut, fit_around
from bot.i18n import t
from bot.keyboards import Keyboard
from surveys.messagefit import SIMILAR_QUOTE
from surveys.model import StepType, Survey

TEXT_STEPS = (StepType.FREE_TEXT, StepType.PROPOSALS)
MAX_COMPARISON_LINES = 4  # per kind (questions, votes): the end message stays one screen
MAX_QUOTE = 90


@dataclass(frozen=True)
class Screen:
    text: str
    markup: Keyboard | None = None  # JSON text, ready to send (bot.keyboards)


def key_of(view: Any) -> str:
    """The stale-button key of the step a view shows."""
    return cb.step_key(view.survey_id, view.survey_version, view.step_id)


def shorten(text: str, limit: int = MAX_QUOTE) -> str:
    """`text` on one line, in at most `limit` UTF-16 units (as Telegram counts)."""
    return cut(" ".join(text.split()), limit)


def consent_screen(survey: Survey, language: str, reading: str) -> Screen:
    """The consent question in the bot's `language`, the survey's texts in `reading`."""
    text = t(
        language,
        "consent_prompt",
        title=survey.title.get(reading),
        privacy=survey.privacy.get(reading).strip(),
    )
    return Screen(text, keyboards.consent(language, survey.id))


def step_screen(view: Any, language: str) -> Screen:
    """The current step of a view whose status is "step"."""
    key = key_of(view)
    step_type = StepType(view.step_type)
    header = t(language, "step_counter", number=view.position, total=view.total)
    body = f"{header}\n\n{view.text.strip()}"
    if step_type == StepType.VOTE:
        return vote_screen(view, language, body)
    if step_type == StepType.PROPOSALS:
        return proposals_screen(view, language, body)
    hints: list[str] = []
    markup: Keyboard | None = None
    labels = tuple(option.label for option in view.options)
    if step_type == StepType.INFO:
        markup = keyboards.proceed(language, key, "info_continue")
    elif step_type == StepType.SINGLE_CHOICE:
        ids = [option.id for option in view.options]
        previous = ids.index(view.previous) if view.previous in ids else None
        markup = keyboards.single_choice(language, key, labels, previous, view.optional)
    elif step_type == StepType.MULTIPLE_CHOICE:
        previous_ids = view.previous or ()
        chosen = frozenset(
            i for i, option in enumerate(view.options) if option.id in previous_ids
        )
        if view.max_choices and view.max_choices < len(view.options):
            hints.append(t(language, "multiple_hint_max", maximum=view.max_choices))
        else:
            hints.append(t(language, "multiple_hint"))
        markup = keyboards.multiple_choice(language, key, labels, chosen, view.optional)
    elif step_type == StepType.SCALE:
        if view.scale_min_label or view.scale_max_label:
            hints.append(t(
                language, "scale_hint", minimum=view.scale_min, maximum=view.scale_max,
                min_label=view.scale_min_label or "", max_label=view.scale_max_label or "",
            ))
        previous = int(view.previous) if view.previous is not None else None
        markup = keyboards.scale(
            language, key, view.scale_min, view.scale_max, previous, view.optional
        )
    elif step_type == StepType.FREE_TEXT:
        hints.append(t(language, "free_text_hint", max_length=view.max_length))
        if view.previous:
            hints.append(t(language, "answered", answer=shorten(str(view.previous))))
        if view.optional:
            hints.append(t(language, "optional_hint"))
            markup = keyboards.skip_only(language, key)
    return Screen("\n\n".join([body, *hints]), markup)


def proposals_screen(view: Any, language: str, body: str) -> Screen:
    key = key_of(view)
    if view.draft is not None:
        return draft_screen(view, language)
    if view.proposals_written == 0:
        hint = t(
            language, "proposal_prompt", min_length=view.min_length,
            max_length=view.max_length, maximum=view.proposals_max,
        )
    elif view.proposals_written < view.proposals_max:
        hint = t(language, "proposal_another", done=t(language, "proposal_none"))
    else:
        hint = t(language, "proposal_limit", maximum=view.proposals_max)
    return Screen(f"{body}\n\n{hint}", keyboards.proceed(language, key, "proposal_none"))


def draft_screen(view: Any, language: str) -> Screen:
    """The citizen's draft, with up to three similar proposals they may support instead."""
    draft = view.draft
    similar = ""
    if draft.similar:
        lines = [f"{n}. {shorten(s.text, SIMILAR_QUOTE)}"
                 for n, s in enumerate(draft.similar, start=1)]
        similar = "\n\n" + t(language, "proposal_similar") + "\n" + "\n".join(lines)
    text = fit_around(
        lambda quote: t(language, "proposal_confirm_prompt", text=quote) + similar, draft.text
    )
    ids = [similar.proposal_id for similar in draft.similar]
    return Screen(text, keyboards.draft(language, key_of(view), ids))


def vote_screen(view: Any, language: str, body: str) -> Screen:
    key = key_of(view)
    item = view.vote_item
    if item is None:
        return Screen(f"{body}\n\n{t(language, 'vote_none')}",
                      keyboards.proceed(language, key, "info_continue"))
    def render(quote: str) -> str:
        question = t(
            language, "vote_header", number=view.votes_cast + 1,
            total=view.votes_cast + max(view.items_left, 1), text=quote,
        )
        return f"{body}\n\n{question}"

    return Screen(fit_around(render, item.text), keyboards.vote(language, key, item.proposal_id))


def end_text(view: Any, comparison: Any, language: str) -> str:
    """Thanks, and how the citizen's answers compare with everyone else's so far."""
    parts = [(view.thanks or t(language, "end_default_thanks")).strip()]
    lines = comparison_lines(comparison, language)
    if lines:
        parts.append(t(language, "end_comparison_intro") + "\n" + "\n".join(lines))
    parts.append(t(language, "end_footer"))
    return "\n\n".join(parts)


def comparison_lines(comparison: Any, language: str) -> list[str]:
    questions = [q for q in comparison.questions if q.others > 0]
    questions.sort(key=lambda q: -q.others)
    lines = [
        t(language, "comparison_choice", percent=_percent(q.same_share),
          answer=shorten(q.answer_label, 40), question=shorten(q.question, 70))
        for q in questions[:MAX_COMPARISON_LINES]
    ]
    votes = [v for v in comparison.votes if v.others > 0 and str(v.choice) != "pass"]
    votes.sort(key=lambda v: -v.others)
    for vote in votes[:MAX_COMPARISON_LINES]:
        key = "comparison_vote_agree" if str(vote.choice) == "agree" else "comparison_vote_disagree"
        lines.append(t(language, key, percent=_percent(vote.same_share),
                       proposal=shorten(vote.text, 70)))
    return lines


def _percent(share: float) -> int:
    return round(100 * share)
