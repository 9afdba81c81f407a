"""Does every screen of a survey fit in one Telegram message? (Checked by `surveys validate`.)

Telegram refuses a message over 4,096 UTF-16 code units; an emoji outside the basic plane
counts two, so a citizen's text of N characters may take up to 2N units. A screen is the
survey's own text plus at most one citizen text plus the bot's own words (a counter such as
"Vraag 3 van 7", a hint, "Stelling 2 van 10:", quotes): the bot never needs more than
`BOT_WORDS` units for those (tests/bot/test_bot_message_limits.py holds the catalogues to it).
A survey whose texts and limits could make a screen longer is refused with the reason, so no
citizen ever gets a proposal cut short; the bot cuts anyway as a last resort (`bot.fitting`).
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.model import LocalizedText, ProposalsStep, ScaleStep, Survey, VoteStep

MESSAGE_UNITS = 4096
BOT_WORDS = 600  # UTF-16 units of the bot's own words on any one screen
UNITS_PER_CHARACTER = 2  # at most, for a character a citizen types
SIMILAR_SHOWN = 3  # similar proposals under a draft, each shortened to SIMILAR_QUOTE units
SIMILAR_QUOTE = 200
COMPARISON = 1400  # the end screen's comparison lines (each quote shortened), worst case
ROOM = MESSAGE_UNITS - BOT_WORDS  # what a screen leaves for survey texts and one citizen text


def units(text: str) -> int:
    """The length of `text` as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Oversize:
    """A survey text or limit that cannot fit: where (a survey field, or a step's field)."""

    field: str  # "privacy", "intro", "thanks", "steps"
    step_index: int | None
    step_field: str | None
    message: str


def oversize_screens(survey: Survey) -> list[Oversize]:
    """Every place where a screen of `survey` could be longer than one Telegram message."""
    found: list[Oversize] = []
    for language in survey.languages:
        found += _oversize_texts(survey, language)
    for index, step in enumerate(survey.steps):
        if isinstance(step, ProposalsStep):
            longest = UNITS_PER_CHARACTER * step.max_length
            if longest + SIMILAR_SHOWN * SIMILAR_QUOTE > ROOM:
                most = (ROOM - SIMILAR_SHOWN * SIMILAR_QUOTE) // UNITS_PER_CHARACTER
                message = (
                    f"a proposal of {step.max_length} characters may take {longest}"
                    " UTF-16 units (emoji count two) and does not fit one Telegram message with"
                    f" the similar proposals shown under it; at most {most} fit"
                )
                found.append(Oversize("steps", index, "max_length", message))
    return found


def _oversize_texts(survey: Survey, language: str) -> list[Oversize]:
    """The screens whose survey texts, in `language`, leave too little room."""

    def size(text: LocalizedText | None) -> int:
        return units(text.get(language)) if text is not None else 0

    found: list[Oversize] = []
    consent = size(survey.title) + size(survey.privacy)
    if consent > ROOM:
        what = "the consent screen (title and privacy text)"
        found.append(Oversize("privacy", None, None, _too_long(what, consent, ROOM, language)))
    intro = size(survey.intro) + (size(survey.steps[0].text) if survey.steps else 0)
    if intro > ROOM:
        what = "the intro above the first step's text"
        found.append(Oversize("intro", None, None, _too_long(what, intro, ROOM, language)))
    thanks = size(survey.thanks)
    if thanks > ROOM - COMPARISON:
        what = "the thanks (the end screen also compares answers)"
        message = _too_long(what, thanks, ROOM - COMPARISON, language)
        found.append(Oversize("thanks", None, None, message))
    proposals = [s for s in survey.steps if isinstance(s, ProposalsStep)]
    longest_quote = max(
        [UNITS_PER_CHARACTER * s.max_length for s in proposals]
        + [size(statement.text) for statement in survey.statements],
        default=0,
    )
    for index, step in enumerate(survey.steps):
        text = size(step.text)
        if isinstance(step, ScaleStep):
            text += size(step.min_label) + size(step.max_label)
        if text > ROOM:
            message = _too_long("this step's screen", text, ROOM, language)
            found.append(Oversize("steps", index, "text", message))
        elif isinstance(step, VoteStep) and text + longest_quote > ROOM:
            message = (
                f"[{language}] this vote step's text ({text} UTF-16 units) and the longest"
                f" proposal or statement it shows (up to {longest_quote} units: emoji count"
                f" two) need more than the {ROOM} units one Telegram message leaves besides"
                " the bot's words; shorten the text, or lower the proposals steps' max_length"
            )
            found.append(Oversize("steps", index, "text", message))
    return found


def _too_long(what: str, size: int, room: int, language: str) -> str:
    return (
        f"[{language}] {what} takes {size} UTF-16 units; one Telegram message leaves"
        f" {room} besides the bot's own words (emoji count two)"
    )
