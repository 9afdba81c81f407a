"""What citizens write in a survey the demo does not know (an organiser's own file): civic
proposals and answers that fit any consultation, in the survey's language (Dutch or English).

Opinion groups: 0 wants more ambition, 1 watches the costs, 2 wants residents to have a say,
3 is cautious. Groups 0 and 2 think alike, and so do 1 and 3; clear information and thinking
of people who are not online unite everyone.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.demo_texts import Idea, SurveyTexts, Theme

AMBITIOUS, COSTS, RESIDENTS, CAUTIOUS = range(4)

IDEAS = (
    Idea(
        AMBITIOUS,
        {
            "nl": (
                "Trek er meer geld voor uit zodat het echt goed geregeld wordt",
                "Niet op de kleintjes letten: investeer genoeg om het goed te doen",
                "Maak er meer budget voor vrij, half werk kost uiteindelijk meer",
            ),
            "en": (
                "Make more money available so this is done properly",
                "Invest enough to do it well instead of doing it on the cheap",
                "Increase the budget, half measures cost more in the end",
            ),
        },
    ),
    Idea(
        AMBITIOUS,
        {
            "nl": (
                "Begin nu en stop met nog meer onderzoek",
                "Minder praten en meer doen, we weten al lang wat er moet gebeuren",
                "Geen nieuwe rapporten meer maar meteen aan de slag",
            ),
            "en": (
                "Start now instead of commissioning more studies",
                "Less talking and more doing, we have known what is needed for years",
                "No more reports, just get on with it",
            ),
        },
    ),
    Idea(
        AMBITIOUS,
        {
            "nl": (
                "Stel duidelijke doelen en laat elk jaar zien wat er bereikt is",
                "Meetbare doelen en een jaarlijks verslag over de voortgang",
                "Maak concreet wat er over vijf jaar anders moet zijn en houd dat bij",
            ),
            "en": (
                "Set clear goals and report every year on what has been achieved",
                "Measurable targets and a yearly progress report",
                "Say what should be different in five years and keep track of it",
            ),
        },
        unites=True,
    ),
    Idea(
        COSTS,
        {
            "nl": (
                "Besteed het geld alleen aan wat aantoonbaar werkt",
                "Alleen geld uitgeven aan maatregelen waarvan bewezen is dat ze helpen",
                "Eerst laten zien dat iets werkt, dan pas geld uitgeven",
            ),
            "en": (
                "Only spend the money on what demonstrably works",
                "Spend only on measures that are proven to help",
                "Show that something works first, then spend money on it",
            ),
        },
    ),
    Idea(
        COSTS,
        {
            "nl": (
                "Eerst bezuinigen op dure adviseurs en overhead",
                "Minder externe bureaus inhuren, dat scheelt een hoop geld",
                "Schrap de dure consultants voordat je bij inwoners aanklopt",
            ),
            "en": (
                "Cut consultants and overhead first",
                "Hire fewer external advisers, that alone saves a lot of money",
                "Get rid of the expensive consultants before asking residents to pay",
            ),
        },
    ),
    Idea(
        COSTS,
        {
            "nl": (
                "Houd de kosten voor inwoners zo laag mogelijk",
                "Dit mag niet leiden tot hogere lasten voor de inwoners",
                "Geen extra belasting of heffing hiervoor",
            ),
            "en": (
                "Keep the costs for residents as low as possible",
                "This must not lead to higher bills for residents",
                "No extra taxes or charges for this",
            ),
        },
    ),
    Idea(
        RESIDENTS,
        {
            "nl": (
                "Laat bewoners zelf meebeslissen over een deel van het budget",
                "Geef elke wijk een eigen budget waar de bewoners over beslissen",
                "Een bewonersbudget per buurt, de mensen daar weten wat nodig is",
            ),
            "en": (
                "Let residents decide on part of the budget themselves",
                "Give every neighbourhood its own budget for residents to decide on",
                "A residents' budget per district, people there know what is needed",
            ),
        },
    ),
    Idea(
        RESIDENTS,
        {
            "nl": (
                "Organiseer bijeenkomsten in elke wijk voordat er besloten wordt",
                "Kom naar de buurthuizen en praat met de mensen",
                "Niet alleen online vragen, ook langskomen in de wijken",
            ),
            "en": (
                "Hold meetings in every neighbourhood before deciding",
                "Come to the community centres and talk to people",
                "Do not only ask online, also visit the neighbourhoods",
            ),
        },
    ),
    Idea(
        RESIDENTS,
        {
            "nl": (
                "Duidelijke informatie in gewone taal voor iedereen",
                "Leg in begrijpelijke taal uit wat er gaat veranderen",
                "Schrijf de plannen zo op dat iedereen ze snapt",
            ),
            "en": (
                "Clear information in plain language for everyone",
                "Explain in simple words what is going to change",
                "Write the plans so that everyone can understand them",
            ),
        },
        unites=True,
    ),
    Idea(
        CAUTIOUS,
        {
            "nl": (
                "Houd vast aan wat nu goed werkt en verander niet alles tegelijk",
                "Niet alles overhoop halen, veel gaat nu prima",
                "Verander alleen wat echt niet werkt",
            ),
            "en": (
                "Keep what works well now and do not change everything at once",
                "Do not turn everything upside down, a lot works fine today",
                "Only change what really does not work",
            ),
        },
    ),
    Idea(
        CAUTIOUS,
        {
            "nl": (
                "Eerst op kleine schaal uitproberen voordat het overal wordt ingevoerd",
                "Begin met een proef in één wijk en kijk dan verder",
                "Probeer het eerst uit, dan kun je nog bijsturen",
            ),
            "en": (
                "Try it out on a small scale before introducing it everywhere",
                "Start with a trial in one district and then see",
                "Test it first, so there is still room to adjust",
            ),
        },
    ),
    Idea(
        CAUTIOUS,
        {
            "nl": (
                "Denk aan ouderen en mensen die niet digitaal zijn",
                "Niet alles via apps en websites, veel ouderen doen daar niet aan mee",
                "Zorg dat mensen zonder computer ook mee kunnen doen",
            ),
            "en": (
                "Think of older people and those who are not online",
                "Not everything through apps and websites, many older people cannot use them",
                "Make sure people without a computer can take part too",
            ),
        },
        unites=True,
    ),
)

AFFINITY = (
    # judges: ambitious costs residents cautious
    (0.90, 0.30, 0.70, 0.25),  # ideas of the ambitious
    (0.30, 0.90, 0.40, 0.70),  # ideas of the cost-watchers
    (0.70, 0.35, 0.90, 0.40),  # ideas for residents' say
    (0.20, 0.65, 0.45, 0.90),  # ideas of the cautious
)

ANSWERS = (
    Theme(
        (1, 1, 3, 1),
        {
            "nl": (
                "Luister echt naar de inwoners en laat weten wat er met onze mening gebeurt.",
                "Betrek de mensen uit de buurt, zij weten het best wat er speelt.",
                "Fijn dat dit gevraagd wordt, doe het vaker.",
            ),
            "en": (
                "Really listen to residents and tell us what happens with our views.",
                "Involve the people in the neighbourhood, they know best what is going on.",
                "Good that you ask, please do it more often.",
            ),
        },
    ),
    Theme(
        (0.5, 3, 0.5, 1.5),
        {
            "nl": (
                "Let goed op de kosten, het leven is al duur genoeg.",
                "Ga zorgvuldig om met ons belastinggeld.",
                "Geen prestigeprojecten alstublieft.",
            ),
            "en": (
                "Watch the costs, life is expensive enough already.",
                "Be careful with our tax money.",
                "No prestige projects, please.",
            ),
        },
    ),
    Theme(
        (3, 0.5, 1, 0.3),
        {
            "nl": (
                "Het gaat allemaal veel te langzaam.",
                "Doe het nu, niet over tien jaar.",
                "Meer ambitie graag, er kan veel meer.",
            ),
            "en": (
                "Everything moves far too slowly.",
                "Do it now, not in ten years.",
                "More ambition please, much more is possible.",
            ),
        },
    ),
    Theme(
        (1, 1, 1.5, 2),
        {
            "nl": (
                "Vergeet de ouderen en de mensen met een klein inkomen niet.",
                "Zorg dat het voor iedereen eerlijk uitpakt.",
                "Denk ook aan de mensen die niet zo makkelijk meedoen.",
            ),
            "en": (
                "Do not forget older people and those on a low income.",
                "Make sure it is fair for everyone.",
                "Think of the people who find it harder to take part.",
            ),
        },
    ),
    Theme(
        (1, 1, 1, 1),
        {
            "nl": (
                "Houd ons op de hoogte, in begrijpelijke taal.",
                "De uitleg was soms lastig te volgen.",
                "Een duidelijke brief aan alle huishoudens zou helpen.",
            ),
            "en": (
                "Keep us informed, in words we understand.",
                "The explanation was sometimes hard to follow.",
                "A clear letter to every household would help.",
            ),
        },
    ),
)


def texts_in(languages: Sequence[str]) -> SurveyTexts:
    """Generic texts for a survey in `languages`: most citizens write in its first language that
    the simulated citizens read (Dutch or English), a minority in the other if it has both."""
    readable = [code for code in languages if code in ("nl", "en")]
    shares = {code: (0.85 if index == 0 else 0.15) for index, code in enumerate(readable)}
    if len(shares) == 1:
        shares = {readable[0]: 1.0}
    return SurveyTexts(ideas=IDEAS, affinity=AFFINITY, answers={"*": ANSWERS}, languages=shares)
