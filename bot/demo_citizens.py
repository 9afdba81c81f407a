"""Simulated citizens for `python -m bot demo`: opinion profiles and a driver that reads the
bot's messages and presses its buttons like a person would.

Each citizen belongs to one of a few latent opinion groups. A group leans towards some options
of every question and agrees or disagrees with a proposal by a stable stance (shared agreement on
some proposals, opposite stances on others); each citizen adds their own noise. The driver only
sees what a Telegram user sees (texts and buttons, via `bot.localapi.Citizen`); it recognises a
screen by its buttons' callback data, which is how the bot itself tells them apart.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from bot import callbacks as cb
from bot.i18n import t
from bot.localapi import BotEvent, Citizen

GROUPS = 4  # latent opinion groups; the proposal pools below have one list per group
REPLY_TIMEOUT = 30.0  # generous: hundreds of citizens share two cores with the bot
MAX_ACTIONS = 120  # a safety net against a conversation that never ends

# Proposals citizens write (Dutch, as they would type them), per survey and by the opinion group
# most likely to write them; variations keep near-duplicates realistic rather than identical.
HEALTHCARE: list[list[str]] = [
    [  # care workers
        "Minder administratie voor verpleegkundigen, zodat ze meer tijd aan het bed hebben",
        "Schrap de helft van de verantwoordingsformulieren in de wijkverpleging",
        "Minder managers in ziekenhuizen en meer handen aan het bed",
        "Zorgverleners zelf laten beslissen in plaats van zorgverzekeraars",
        "Geen dubbele registratie meer in de ouderenzorg",
        "Betere salarissen voor verzorgenden zodat er minder uitzendkrachten nodig zijn",
    ],
    [  # cost-conscious
        "Strenger onderhandelen over de prijs van dure medicijnen",
        "Goedkopere merkloze medicijnen voorschrijven waar dat kan",
        "Minder onnodige diagnostiek en scans in ziekenhuizen",
        "Verspilling van medicijnen tegengaan door kleinere verpakkingen",
        "Eerst kijken of zorg dichter bij huis kan voordat iemand naar het ziekenhuis gaat",
        "Reclame door zorgverzekeraars verbieden, dat geld hoort in de zorg",
    ],
    [  # public healthcare
        "Eén nationaal zorgfonds in plaats van al die verschillende zorgverzekeraars",
        "Marktwerking uit de zorg halen",
        "Het eigen risico afschaffen zodat mensen niet wegblijven bij de dokter",
        "Geen winstuitkering door zorginstellingen aan aandeelhouders",
        "Topsalarissen in de zorg begrenzen tot het salaris van de minister-president",
        "Zorgverzekeraars samenvoegen tot een publieke organisatie",
    ],
    [  # sceptical of spending
        "Mensen met een ongezonde leefstijl meer laten betalen",
        "Het basispakket kleiner maken en meer aan eigen keuze overlaten",
        "Eigen bijdrage voor een bezoek aan de huisarts invoeren",
        "Minder geld naar preventiecampagnes die niets opleveren",
        "Meer concurrentie tussen ziekenhuizen zodat ze efficiënter werken",
    ],
]
CLIMATE: list[list[str]] = [
    [  # greener streets
        "Meer bomen in versteende straten zodat het in de zomer koeler blijft",
        "Tegels eruit en groen erin, met subsidie voor geveltuinen",
        "Van elk schoolplein een groen schoolplein maken",
        "Een stadspark op het parkeerterrein bij het station",
    ],
    [  # homes
        "Gratis isolatieadvies en een lening zonder rente voor huurders en kopers",
        "Eerst de slechtst geïsoleerde huurwoningen aanpakken",
        "Zonnepanelen op alle daken van scholen en sporthallen",
        "Een wijkwarmtenet in de oude binnenstad",
    ],
    [  # cycling and transport
        "Vrijliggende fietspaden op alle routes naar scholen",
        "Goedkopere bussen in de avond zodat mensen de auto laten staan",
        "Meer overdekte fietsenstallingen in het centrum",
        "Autovrije zondag in de binnenstad",
    ],
    [  # sceptical of spending
        "Het geld teruggeven aan de inwoners via lagere gemeentelijke lasten",
        "Eerst de eigen gebouwen van de gemeente verduurzamen voordat we inwoners iets vragen",
        "Geen dure proefprojecten meer, alleen maatregelen die zich terugverdienen",
        "Parkeerplaatsen niet weghalen, de stad moet bereikbaar blijven",
    ],
]
PROPOSAL_POOLS = {"zorg-bezuinigen": HEALTHCARE, "city-climate-budget": CLIMATE}
OPENINGS = ("", "", "Mijn voorstel: ", "Idee: ", "Voorstel: ", "Mijn idee: ")
CLOSINGS = ("", "", ".", "!", ". Dat scheelt veel geld.", ". Dat is goed voor iedereen.",
            ", dat is veel eerlijker.")
COMMENTS = {
    "nl": ["Te lange wachtlijsten bij de specialist.", "Ik moest de tandarts uitstellen.",
           "Veel te veel papierwerk.", "Het eigen risico was te hoog voor ons.",
           "Goede zorg gekregen, maar wel lang gewacht."],
    "en": ["Waiting lists were far too long.", "Too much paperwork.",
           "The excess was too high for us.", "Good care, but a long wait."],
}


def stable_unit(*parts: object) -> float:
    """A number in [0, 1) that depends only on `parts` (the same in every run)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass
class Profile:
    """How one simulated citizen tends to answer."""

    user_id: int
    group: int  # 0 .. GROUPS - 1
    pool: list[list[str]]  # proposal texts by group
    language: str
    rng: random.Random
    writes_proposals: int  # how many proposals they will try to write
    drops_out_after: int | None  # give up after this many screens (None: finish)
    misbehaves: bool  # sends a sticker and some text where buttons are expected
    written: list[str] = field(default_factory=list)

    @classmethod
    def draw(cls, user_id: int, rng: random.Random, survey_id: str = "") -> Profile:
        group = rng.choices(range(GROUPS), weights=(3, 3, 3, 2))[0]
        return cls(
            user_id=user_id,
            group=group,
            pool=PROPOSAL_POOLS.get(survey_id, HEALTHCARE),
            language="nl" if rng.random() < 0.8 else "en",
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
        """agree / disagree / pass: half the proposals divide the groups, some unite them."""
        author = next((g for g, texts in enumerate(self.pool) if any(
            text[:25].lower() in proposal.lower() for text in texts)), None)
        if author is not None:
            lean = 0.85 if author == self.group else 0.25 + 0.3 * stable_unit(author, self.group)
        elif stable_unit("unites", proposal) < 0.3:
            lean = 0.85
        else:
            lean = 0.1 + 0.8 * stable_unit(self.group, proposal)
        roll = self.rng.random()
        if roll < 0.08:
            return "pass"
        return "agree" if self.rng.random() < lean else "disagree"

    def proposal_text(self) -> str:
        own = self.pool[self.group]
        pool = own if self.rng.random() < 0.75 else [text for texts in self.pool for text in texts]
        text = self.rng.choice(pool)
        opening = self.rng.choice(OPENINGS)
        if opening:
            text = opening + text[0].lower() + text[1:]
        return text + self.rng.choice(CLOSINGS)


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
    language = profile.language
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
            required = screen.text.startswith(t(language, "rejected_needs_proposal"))
            if len(profile.written) < profile.writes_proposals or required:
                profile.written.append(profile.proposal_text())
                await citizen.send(profile.written[-1])
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
            await citizen.send(profile.rng.choice(COMMENTS[language]))
            screen = await _next_screen(citizen)
        if screen.text.startswith(t(language, "stale_button")):
            journey.stale += 1
    return journey


async def _vote(citizen: Citizen, profile: Profile, screen: BotEvent, journey: Journey) -> BotEvent:
    proposal = screen.text.rsplit("“", 1)[-1].rstrip("”")
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
    wanted = min(len(toggles), profile.rng.choice((1, 2, 2)))
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
