"""Simulated citizens for `python -m bot demo`: opinion profiles and a driver that reads the
bot's messages and presses its buttons like a person would.

Each citizen belongs to one of a few latent opinion groups. A group leans towards some options
of every question, and agrees or disagrees with a proposal by how close it stands to the group
that usually makes it (`bot.demo_texts`: blocs of groups that think alike, a few ideas that unite
everyone); each citizen adds their own noise. What they write, in the survey's language, comes
from the same place. The driver only sees what a Telegram user sees (texts and buttons, via
`bot.localapi.Citizen`); it recognises a screen by its buttons' callback data, which is how the
bot itself tells them apart, and a question by its text in the survey (`Guide`).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import TypeVar

from bot import callbacks as cb
from bot.demo_texts import (
    GROUPS,
    citizen_language,
    idea_of,
    leaning,
    texts_for,
    write_answer,
    write_proposal,
)
from bot.i18n import t
from bot.localapi import BotEvent, Citizen
from surveys.model import FreeTextStep, MultipleChoiceStep, ProposalsStep, Step, Survey

StepT = TypeVar("StepT", bound=Step)

REPLY_TIMEOUT = 30.0  # generous: hundreds of citizens share two cores with the bot
MAX_ACTIONS = 120  # a safety net against a conversation that never ends


def stable_unit(*parts: object) -> float:
    """A number in [0, 1) that depends only on `parts` (the same in every run)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


class Guide:
    """What every simulated citizen knows of the survey: its steps (to tell which question is on
    the screen, and its limits) and what its citizens write (`bot.demo_texts`)."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.texts = texts_for(survey)
        self._statements = {
            text.casefold(): statement.id
            for statement in survey.statements
            for text in statement.text.values.values()
        }

    def step_on(self, screen: str, language: str, kind: type[StepT]) -> StepT | None:
        """The step of type `kind` whose question (in `language`) is on the screen, if any."""
        for step in self.survey.steps:
            if isinstance(step, kind) and step.text.get(language) in screen:
                return step
        return None

    def first(self, kind: type[StepT]) -> StepT | None:
        return next((step for step in self.survey.steps if isinstance(step, kind)), None)

    def statement_id(self, shown: str) -> str | None:
        return self._statements.get(shown.strip().casefold())


@dataclass
class Profile:
    """How one simulated citizen tends to answer."""

    user_id: int
    group: int  # latent opinion group, 0 .. GROUPS - 1
    guide: Guide
    language: str  # their Telegram app's language, which they also read and write
    rng: random.Random
    writes_proposals: int  # how many proposals they will try to write (per proposals step)
    drops_out_after: int | None  # give up after this many screens (None: finish)
    misbehaves: bool  # sends a sticker and some text where buttons are expected
    written: dict[str, list[str]] = field(default_factory=dict)  # proposals by step id

    @classmethod
    def draw(cls, user_id: int, rng: random.Random, guide: Guide) -> Profile:
        texts = guide.texts
        return cls(
            user_id=user_id,
            group=rng.choices(range(GROUPS), weights=texts.group_sizes)[0],
            guide=guide,
            language=citizen_language(texts, rng),
            rng=random.Random(rng.random()),
            writes_proposals=rng.choices((0, 1, 2), weights=(60, 32, 8))[0],
            drops_out_after=rng.randint(3, 12) if rng.random() < 0.1 else None,
            misbehaves=rng.random() < 0.05,
        )

    def option_weights(self, question: str, count: int) -> list[float]:
        """The group's leaning over a question's options, plus personal noise."""
        return [
            0.2 + 3 * stable_unit(self.group, question, index) ** 3 + self.rng.random()
            for index in range(count)
        ]

    def stance(self, proposal: str) -> str:
        """agree / disagree / pass: by how close the group stands to the idea's author group
        (or, for the organiser's statements, by the group's view of them)."""
        texts = self.guide.texts
        idea = idea_of(texts, proposal)
        statement = self.guide.statement_id(proposal)
        if idea is not None:
            lean = leaning(texts, idea, self.group)
        elif statement in texts.statements:
            lean = texts.statements[statement][self.group]
        elif stable_unit("unites", proposal) < 0.3:  # a text nobody here wrote
            lean = 0.85
        else:
            lean = 0.1 + 0.8 * stable_unit(self.group, proposal)
        if self.rng.random() < 0.08:
            return "pass"
        return "agree" if self.rng.random() < lean else "disagree"

    def proposal_text(self, step: ProposalsStep | None) -> str:
        limits = (step.min_length, step.max_length) if step is not None else (1, 10_000)
        return write_proposal(self.guide.texts, self.group, self.language, self.rng, *limits)

    def answer_text(self, step: FreeTextStep | None) -> str:
        step_id, limit = (step.id, step.max_length) if step is not None else ("*", 10_000)
        return write_answer(self.guide.texts, step_id, self.group, self.language, self.rng,
                            limit)


@dataclass
class Journey:
    """What one simulated citizen did."""

    actions: int = 0
    finished: bool = False
    proposals: int = 0
    supported: int = 0
    votes: int = 0
    stale: int = 0


def _data(event: BotEvent) -> list[tuple[str, str]]:
    """(label, callback data) of every button on a message."""
    rows = (event.reply_markup or {}).get("inline_keyboard") or []
    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


def _actions(event: BotEvent) -> set[str]:
    return {data.split(":", 1)[0] for _, data in _data(event)}


async def take_part(citizen: Citizen, profile: Profile, survey_id: str) -> Journey:
    """Go through the survey as `profile` would, from the deep link to the end."""
    journey = Journey()
    language, guide = profile.language, profile.guide
    step = guide.first(ProposalsStep)  # the proposals step being answered
    await citizen.command("/start", survey_id)
    screen = await citizen.next_reply(REPLY_TIMEOUT)
    misbehaved = False
    while journey.actions < MAX_ACTIONS:
        journey.actions += 1
        if profile.drops_out_after is not None and journey.actions > profile.drops_out_after:
            return journey
        actions = _actions(screen)
        buttons = _data(screen)
        if profile.misbehaves and not misbehaved and actions & {cb.CHOICE, cb.SCALE}:
            misbehaved = True
            await citizen.send_sticker()
            screen = await _next_screen(citizen)
            continue
        if cb.CONSENT in actions:
            await citizen.press(_first(buttons, cb.CONSENT))
            for _ in range(2):  # the consent edited; the intro above the first step
                screen = await citizen.next_reply(REPLY_TIMEOUT)
        elif cb.VOTE in actions:
            screen = await _vote(citizen, profile, screen, journey)
        elif cb.CONFIRM in actions:
            support = [data for _, data in buttons if data.startswith(cb.SUPPORT + ":")]
            if support and profile.rng.random() < 0.5:
                await citizen.press(support[0])
                journey.supported += 1
            else:
                await citizen.press(_first(buttons, cb.CONFIRM))
                journey.proposals += 1
            screen = await _next_screen(citizen)
        elif cb.TOGGLE in actions:
            screen = await _multiple_choice(citizen, profile, screen)
        elif actions & {cb.CHOICE, cb.SCALE}:
            choices = [data for _, data in buttons if data[:2] in ("c:", "n:")]
            weights = profile.option_weights(screen.text, len(choices))
            await citizen.press(profile.rng.choices(choices, weights=weights)[0])
            screen = await _next_screen(citizen)
        elif cb.PROCEED in actions and _label(buttons, cb.PROCEED) == t(language, "proposal_none"):
            # The prompt after a proposal need not repeat the question: the last one shown then.
            step = guide.step_on(screen.text, language, ProposalsStep) or step
            required = screen.text.startswith(t(language, "rejected_needs_proposal"))
            written = profile.written.setdefault(step.id if step else "", [])
            if len(written) < profile.writes_proposals or required:
                written.append(profile.proposal_text(step))
                await citizen.send(written[-1])
            else:
                await citizen.press(_first(buttons, cb.PROCEED))
            screen = await _next_screen(citizen)
        elif cb.PROCEED in actions:
            await citizen.press(_first(buttons, cb.PROCEED))
            screen = await _next_screen(citizen)
        elif t(language, "end_footer") in screen.text:
            journey.finished = True
            return journey
        elif cb.SKIP in actions and profile.rng.random() < 0.6:
            await citizen.press(_first(buttons, cb.SKIP))
            screen = await _next_screen(citizen)
        else:  # a free-text question
            answer = profile.answer_text(guide.step_on(screen.text, language, FreeTextStep))
            await citizen.send(answer)
            screen = await _next_screen(citizen)
        if screen.text.startswith(t(language, "stale_button")):
            journey.stale += 1
    return journey


async def _vote(citizen: Citizen, profile: Profile, screen: BotEvent, journey: Journey) -> BotEvent:
    proposal = screen.text.rpartition("\n\n“")[2].removesuffix("”")  # see "vote_header"
    code = {"agree": "a", "disagree": "d", "pass": "p"}[profile.stance(proposal)]
    vote = next(data for _, data in _data(screen)
                if data.startswith(cb.VOTE + ":") and data.endswith(":" + code))
    await citizen.press(vote)
    journey.votes += 1
    following = await citizen.next_reply(REPLY_TIMEOUT)
    if following.edited and cb.VOTE in _actions(following):
        return following  # the next proposal, in the same message
    return await _next_screen(citizen)


async def _multiple_choice(citizen: Citizen, profile: Profile, screen: BotEvent) -> BotEvent:
    toggles = [data for _, data in _data(screen) if data.startswith(cb.TOGGLE + ":")]
    weights = profile.option_weights(screen.text, len(toggles))
    step = profile.guide.step_on(screen.text, profile.language, MultipleChoiceStep)
    fewest, most = (step.min_choices, step.max_choices or len(toggles)) if step else (1, 2)
    wanted = min(len(toggles), most, max(fewest, profile.rng.choice((1, 2, 2))))
    chosen: list[int] = []
    while len(chosen) < wanted:
        index = profile.rng.choices(range(len(toggles)), weights=weights)[0]
        if index not in chosen:
            chosen.append(index)
    for index in chosen:
        # Each toggle's data carries the selection so far: press the current keyboard's button.
        current = [data for _, data in _data(screen) if data.startswith(cb.TOGGLE + ":")]
        await citizen.press(current[index])
        screen = await citizen.next_reply(REPLY_TIMEOUT)
        if not screen.edited:  # a pop-up refusal sends nothing; a new message means trouble
            return screen
    await citizen.press(_first(_data(screen), cb.DONE))
    return await _next_screen(citizen)


async def _next_screen(citizen: Citizen) -> BotEvent:
    """The bot's next new message, or the pressed message edited into the next step (with its
    buttons); edits that only mark the pressed message answered are passed over."""
    while True:
        event = await citizen.next_reply(REPLY_TIMEOUT)
        if not event.edited or event.buttons:
            return event


def _first(buttons: list[tuple[str, str]], action: str) -> str:
    return next(data for _, data in buttons if data.startswith(action + ":"))


def _label(buttons: list[tuple[str, str]], action: str) -> str:
    return next(label for label, data in buttons if data.startswith(action + ":"))
