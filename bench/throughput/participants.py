"""Simulated citizens for the throughput bench, and the phases that let them loose on a bot.

A ``Participant`` acts on whatever screen the bot last showed its chat (consent, choices,
scales, multiple choice, free text, a proposal, votes; now and then an impatient double tap)
and remembers what it meant to record, for the database check afterwards. ``run_phase`` drives
a crowd of them against a ``BotProcess``, closed-loop or at a steady offered rate.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import random
import time
from typing import Any

from bot import callbacks as cb
from bot.localapi import Citizen, LocalBotApi
from surveys.model import StepType, Survey

from .botprocess import BotProcess

# -- citizens ----------------------------------------------------------------------------------

@dataclasses.dataclass
class Sent:
    update_id: int
    citizen: Participant
    at: float


class Participant:
    """A citizen who answers whatever screen the bot shows, and what they meant to record."""

    def __init__(self, citizen: Citizen, survey: Survey | None, steps: dict[str, Any],
                 budget: int, rng: random.Random) -> None:
        self.citizen, self.survey, self.steps, self.budget, self.rng = (
            citizen, survey, steps, budget, rng)
        self.sent: list[Sent] = []
        self.answers: set[str] = set()
        self.votes: dict[int, str] = {}
        self.proposals = 0
        self.pending = 0  # updates sent and not finished yet

    def act(self, now: float) -> list[Sent]:
        """Send the next update(s); [] once the budget is spent or the survey is over."""
        if self.budget <= 0:
            return []
        ids = self._next()
        self.budget -= len(ids)
        sent = [Sent(update_id, self, now) for update_id in ids]
        self.sent.extend(sent)
        self.pending += len(sent)
        return sent

    def _next(self) -> list[int]:
        c = self.citizen
        if self.survey is None:  # the echo bot's citizen just talks
            return [self._sent_text(f"hallo {len(self.sent)}")]
        if not self.sent:
            return [self._pushed(c.command_nowait("/start", self.survey.id))]
        chat = c.chat
        buttons: list[cb.Press] = []
        if chat.newest_bot_message_id == chat.last_inline_message_id is not None:
            markup = chat.messages[chat.newest_bot_message_id].get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                buttons += [p for b in row if (p := cb.decode(b.get("callback_data")))]
        by_action = collections.defaultdict(list)
        for press in buttons:
            by_action[press.action].append(press)
        step = self.steps.get(buttons[0].key) if buttons else self._text_step()
        if cb.CONSENT in by_action:
            return self._press(by_action[cb.CONSENT][0])
        if step is None:
            return []
        if step.type in (StepType.SINGLE_CHOICE, StepType.SCALE):
            choice = self.rng.choice(by_action[cb.CHOICE] or by_action[cb.SCALE])
            self.answers.add(step.id)
            taps = 2 if self.rng.random() < 0.05 else 1  # an impatient double tap: the second
            # press arrives while the first is in progress and must find the step answered
            return [update for _ in range(taps) for update in self._press(choice)]
        if step.type == StepType.MULTIPLE_CHOICE:
            done = by_action[cb.DONE][0]
            chosen = cb.chosen_of(done.args[0])
            if len(chosen) >= min(step.max_choices or 2, 2) or (chosen and self.rng.random() < 0.5):
                self.answers.add(step.id)
                return self._press(done)
            unchosen = [t for t in by_action[cb.TOGGLE] if int(t.args[1]) not in chosen]
            return self._press(self.rng.choice(unchosen))
        if step.type == StepType.FREE_TEXT:
            self.answers.add(step.id)
            return [self._sent_text(f"Meer schaduw en water in wijk {c.user_id % 97}.")]
        if step.type == StepType.PROPOSALS:
            if by_action[cb.CONFIRM]:
                self.proposals += 1
                return self._press(by_action[cb.CONFIRM][0])
            if self.proposals == 0:
                text = f"Idee van burger {c.user_id}: zonnepanelen op school {len(self.sent)}"
                return [self._sent_text(text)]
            return self._press(by_action[cb.PROCEED][0])
        if step.type == StepType.VOTE and by_action[cb.VOTE]:
            vote = self.rng.choice(by_action[cb.VOTE])
            self.votes[int(vote.args[0])] = cb.VOTE_CODES[vote.args[1]]
            return self._press(vote)
        if step.type == StepType.INFO and by_action[cb.PROCEED]:
            return self._press(by_action[cb.PROCEED][0])
        return []

    def _text_step(self) -> Any:
        # A screen without buttons waits for text: the citizen's current step, by the last
        # keyboard the bot showed (a free-text or proposals step keeps its Skip/No-more button).
        chat = self.citizen.chat
        if chat.last_inline_message_id is None:
            return None
        markup = chat.messages[chat.last_inline_message_id].get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if (press := cb.decode(button.get("callback_data"))) is not None:
                    return self.steps.get(press.key)
        return None

    def _press(self, press: cb.Press) -> list[int]:
        self.citizen.press_nowait(":".join([press.action, press.key, *press.args]))
        return [self._pushed()]

    def _sent_text(self, text: str) -> int:
        self.citizen.send_nowait(text)
        return self._pushed()

    def _pushed(self, _: object = None) -> int:
        # Pushing is synchronous, so the queue's newest id is the update just made.
        return self.citizen.telegram.updates._last_update_id


# -- phases ------------------------------------------------------------------------------------

@dataclasses.dataclass
class Phase:
    sent: list[Sent]
    seconds: float
    cpu_seconds: float
    finished: dict[int, float]
    sending_seconds: float  # how long updates were being offered
    simulator_cpu_seconds: float  # this process: the local Bot API server and the citizens

    @property
    def offered_per_second(self) -> float:
        return len(self.sent) / self.sending_seconds

    @property
    def updates_per_second(self) -> float:
        return len(self.sent) / self.seconds

    @property
    def cpu_ms_per_update(self) -> float:
        return 1000 * self.cpu_seconds / max(1, len(self.sent))

    @property
    def simulator_cpu_ms_per_update(self) -> float:
        return 1000 * self.simulator_cpu_seconds / max(1, len(self.sent))

    def latencies(self) -> list[float]:
        """Seconds from each update's arrival to the bot's last reply to it."""
        result = []
        for sent in self.sent:
            done = self.finished.get(sent.update_id)
            if done is None:
                continue
            replies = [e.at for e in sent.citizen.citizen.events if sent.at <= e.at <= done]
            result.append((max(replies) if replies else done) - sent.at)
        return result


async def run_phase(bot: BotProcess, participants: list[Participant], *, rate: float | None,
                    seconds: float | None = None) -> Phase:
    """Closed loop (rate None: each citizen's next update as soon as the last is done) or a
    steady offered rate; for `seconds` at most, then until every update sent is finished."""
    by_update: dict[int, Sent] = {}
    ready: collections.deque[Participant] = collections.deque(participants)
    sent_all: list[Sent] = []
    settled = asyncio.Event()
    stop_sending = False

    def send(participant: Participant) -> bool:
        sent = participant.act(time.monotonic())
        for item in sent:
            by_update[item.update_id] = item
        sent_all.extend(sent)
        return bool(sent)

    def on_done(update_id: int, _: float) -> None:
        item = by_update.get(update_id)
        if item is None:
            return
        item.citizen.pending -= 1
        if item.citizen.pending == 0:
            if rate is None and not stop_sending:
                send(item.citizen)
            elif rate is not None:
                ready.append(item.citizen)
        if stop_sending or rate is None:
            check_settled()

    def check_settled() -> None:
        if all(p.pending == 0 for p in participants) and (stop_sending or rate is None):
            settled.set()

    bot.on_done = on_done
    cpu_before, started = bot.cpu_seconds(), time.monotonic()
    simulator_before = time.process_time()
    if rate is None:
        for participant in participants:
            send(participant)
        check_settled()
        if seconds is not None:
            try:
                await asyncio.wait_for(asyncio.shield(settled.wait()), seconds)
            except TimeoutError:
                stop_sending = True
    else:
        ticks = 0
        while (elapsed := time.monotonic() - started) < (seconds or 10.0):
            while ticks < elapsed * rate and ready:
                participant = ready.popleft()
                if send(participant):
                    ticks += 1
            ticks = max(ticks, int(elapsed * rate) - 1)  # no catch-up bursts after a stall
            await asyncio.sleep(1 / rate)
        stop_sending = True
    sending_ended = time.monotonic()
    check_settled()
    await settled.wait()
    ended = time.monotonic()
    if rate is None:
        sending_ended = ended
    finished = {s.update_id: bot.finished[s.update_id] for s in sent_all
                if s.update_id in bot.finished}
    return Phase(sent_all, ended - started, bot.cpu_seconds() - cpu_before, finished,
                 sending_ended - started, time.process_time() - simulator_before)


def citizens(api: LocalBotApi, first_id: int, count: int, survey: Survey | None,
             steps: dict[str, Any], budget: int) -> list[Participant]:
    return [Participant(api.citizen(first_id + n, first_name=f"Burger {n}", language_code="nl"),
                        survey, steps, budget, random.Random(first_id + n))
            for n in range(count)]

