"""What citizens write in the English climate demo (`city-climate-budget`): mostly English, with
a Dutch-speaking minority who read and write the survey's Dutch version.

Opinion groups: 0 greener streets, 1 better homes, 2 cycling and public transport, 3 sceptical
of spending. Groups 0 and 2 think alike; 1 sits in between; solar panels on public roofs and
insulating the worst homes unite most people.
"""

from __future__ import annotations

from bot.demo_texts import Idea, SurveyTexts, Theme

GREEN, HOMES, TRANSPORT, SCEPTIC = range(4)

IDEAS = (
    Idea(
        GREEN,
        {
            "en": (
                "Plant more trees in paved streets so they stay cooler in summer",
                "More trees in the stony streets, it gets far too hot there in summer",
                "Every street without trees should get some within a few years",
            ),
            "nl": (
                "Meer bomen in versteende straten zodat het in de zomer koeler blijft",
                "Plant bomen in elke straat zonder groen, het wordt daar veel te heet",
            ),
        },
    ),
    Idea(
        GREEN,
        {
            "en": (
                "Turn every school playground into a green playground",
                "Replace the tarmac of school playgrounds with grass, trees and water play",
                "Greener schoolyards, so children can play in the shade",
            ),
            "nl": (
                "Van elk schoolplein een groen schoolplein maken",
                "Haal de tegels van de schoolpleinen en maak er groene speelplekken van",
            ),
        },
    ),
    Idea(
        GREEN,
        {
            "en": (
                "Subsidise residents who swap garden paving for plants",
                "Pay people to take the tiles out of their gardens and plant something",
                "A grant for front gardens and green facades instead of paving",
            ),
            "nl": (
                "Tegels eruit en groen erin, met subsidie voor geveltuinen",
                "Subsidie voor inwoners die hun tuin ontstenen",
            ),
        },
    ),
    Idea(
        GREEN,
        {
            "en": (
                "Turn the car park by the station into a city park",
                "Make a park where the big station car park is now",
                "Fewer parking spaces in the centre and more parks and squares",
            ),
            "nl": (
                "Een stadspark op het parkeerterrein bij het station",
                "Maak van het parkeerterrein bij het station een park",
            ),
        },
    ),
    Idea(
        HOMES,
        {
            "en": (
                "Insulate the worst-insulated rented homes first",
                "Start with the draughty social housing, tenants pay the highest energy bills",
                "Insulate housing association homes with single glazing first",
            ),
            "nl": (
                "Eerst de slechtst geïsoleerde huurwoningen aanpakken",
                "Begin met het isoleren van tochtige sociale huurwoningen",
            ),
        },
        unites=True,
    ),
    Idea(
        HOMES,
        {
            "en": (
                "Free insulation advice and an interest-free loan for every household",
                "An interest-free loan for home insulation, for owners and tenants alike",
                "Send an energy coach to every home to give free advice on insulation",
            ),
            "nl": (
                "Gratis isolatieadvies en een lening zonder rente voor huurders en kopers",
                "Een renteloze lening voor isolatie voor iedereen",
            ),
        },
    ),
    Idea(
        HOMES,
        {
            "en": (
                "Solar panels on the roofs of all schools and sports halls",
                "Put solar panels on every suitable city roof",
                "Use the roofs of public buildings for solar energy",
            ),
            "nl": (
                "Zonnepanelen op alle daken van scholen en sporthallen",
                "Zonnepanelen op elk geschikt dak van de gemeente",
            ),
        },
        unites=True,
    ),
    Idea(
        HOMES,
        {
            "en": (
                "A district heating network for the old town",
                "Connect the old town to a neighbourhood heat network",
                "Heat the old town centre with a shared heat network instead of gas",
            ),
            "nl": (
                "Een wijkwarmtenet in de oude binnenstad",
                "Sluit de oude binnenstad aan op een warmtenet",
            ),
        },
    ),
    Idea(
        TRANSPORT,
        {
            "en": (
                "Separate cycle paths on every route to a school",
                "Safe cycle lanes to all schools, separated from the cars",
                "Children should be able to cycle to school safely: build proper cycle paths",
            ),
            "nl": (
                "Vrijliggende fietspaden op alle routes naar scholen",
                "Veilige fietspaden naar alle scholen, los van de auto's",
            ),
        },
    ),
    Idea(
        TRANSPORT,
        {
            "en": (
                "Cheaper buses in the evening so people leave the car at home",
                "Make evening and weekend buses cheaper",
                "Free buses for children and pensioners",
            ),
            "nl": (
                "Goedkopere bussen in de avond zodat mensen de auto laten staan",
                "Gratis bus voor kinderen en ouderen",
            ),
        },
    ),
    Idea(
        TRANSPORT,
        {
            "en": (
                "More covered bicycle parking in the centre",
                "Build a large bicycle garage near the shops",
                "Secure bike parking at every bus stop and in the centre",
            ),
            "nl": (
                "Meer overdekte fietsenstallingen in het centrum",
                "Een grote fietsenstalling bij de winkels",
            ),
        },
    ),
    Idea(
        TRANSPORT,
        {
            "en": (
                "A car-free Sunday in the city centre",
                "Close the centre to cars on weekends",
                "Make the old town car-free, with delivery only in the morning",
            ),
            "nl": (
                "Autovrije zondag in de binnenstad",
                "Maak de binnenstad in het weekend autovrij",
            ),
        },
    ),
    Idea(
        SCEPTIC,
        {
            "en": (
                "Give the money back to residents through lower council tax",
                "Lower the local taxes instead of spending on climate projects",
                "Return the budget to the taxpayers, people are struggling already",
            ),
            "nl": (
                "Het geld teruggeven aan de inwoners via lagere gemeentelijke lasten",
                "Verlaag de gemeentelijke belastingen in plaats van dure klimaatprojecten",
            ),
        },
    ),
    Idea(
        SCEPTIC,
        {
            "en": (
                "Make the council's own buildings sustainable first before asking residents",
                "The city should start with its own offices before telling us what to do",
                "First insulate the town hall, then talk to residents",
            ),
            "nl": (
                "Eerst de eigen gebouwen van de gemeente verduurzamen, dan pas de inwoners",
                "De gemeente moet eerst haar eigen gebouwen aanpakken",
            ),
        },
    ),
    Idea(
        SCEPTIC,
        {
            "en": (
                "No more expensive pilot projects, only measures that pay for themselves",
                "Only spend on measures that earn their money back",
                "Stop with pilots and studies, spend only on what saves money",
            ),
            "nl": (
                "Geen dure proefprojecten meer, alleen maatregelen die zich terugverdienen",
                "Alleen geld uitgeven aan maatregelen die zich terugbetalen",
            ),
        },
    ),
    Idea(
        SCEPTIC,
        {
            "en": (
                "Do not remove parking spaces, the city has to stay reachable",
                "Keep the parking in the centre, shops depend on it",
                "Stop making life hard for drivers, not everyone can cycle",
            ),
            "nl": (
                "Parkeerplaatsen niet weghalen, de stad moet bereikbaar blijven",
                "Laat de parkeerplaatsen in het centrum met rust",
            ),
        },
    ),
)

AFFINITY = (
    # judges: green homes transport sceptic
    (0.90, 0.60, 0.70, 0.25),  # ideas for greener streets
    (0.60, 0.90, 0.55, 0.45),  # ideas for better homes
    (0.70, 0.50, 0.90, 0.15),  # ideas for cycling and buses
    (0.20, 0.40, 0.15, 0.90),  # ideas of the sceptical
)

STATEMENTS = {
    "trees-every-street": (0.90, 0.60, 0.70, 0.25),
    "insulate-social-housing": (0.55, 0.90, 0.50, 0.50),
    "car-free-centre": (0.60, 0.40, 0.90, 0.10),
    "free-buses": (0.55, 0.50, 0.85, 0.20),
    "solar-on-public-roofs": (0.80, 0.85, 0.80, 0.70),
    "tiles-out-green-in": (0.85, 0.50, 0.55, 0.20),
}

WORRIES = (  # worry-why: what worries you most (asked of the very worried)
    Theme(
        (2, 2, 1, 1),
        {
            "en": (
                "The heat in summer. My mother is 84 and her flat gets unbearably hot.",
                "Heat waves. Our street has no trees and the house does not cool down at night.",
                "Older people in flats without shade during a heat wave.",
            ),
            "nl": (
                "De hitte in de zomer. Mijn moeder woont in een flat die bloedheet wordt.",
                "Hittegolven, in onze straat staat geen boom en het huis koelt 's nachts niet af.",
            ),
        },
    ),
    Theme(
        (1, 2, 1, 1),
        {
            "en": (
                "Flooding. Our basement filled with water twice last year.",
                "Heavy rain: the drains cannot cope and the street floods every time.",
                "Water in the cellar after every cloudburst.",
            ),
            "nl": (
                "Wateroverlast. Onze kelder is vorig jaar twee keer ondergelopen.",
                "Bij elke hoosbui staat onze straat blank.",
            ),
        },
    ),
    Theme(
        (2, 1, 2, 0.5),
        {
            "en": (
                "What kind of city my children will grow up in.",
                "The future of my grandchildren, we are not doing enough.",
                "That we keep talking while it gets worse every year.",
            ),
            "nl": (
                "In wat voor stad mijn kinderen opgroeien.",
                "De toekomst van mijn kleinkinderen, we doen veel te weinig.",
            ),
        },
    ),
    Theme(
        (2, 1, 1, 0.5),
        {
            "en": (
                "Trees in the park dying from the drought.",
                "The dry summers: the parks turn brown and the old trees suffer.",
                "Drought, the canals were lower than ever this summer.",
            ),
            "nl": (
                "De bomen in het park die doodgaan door de droogte.",
                "De droge zomers, het park is helemaal bruin.",
            ),
        },
    ),
)

ANYTHING_ELSE = (  # anything-else: a last word for the council
    Theme(
        (1, 1, 1, 1),
        {
            "en": (
                "Please involve the neighbourhoods, not just the usual people at the town hall.",
                "Listen to residents before you decide, and tell us what you did with our ideas.",
                "Come and talk to us in the neighbourhood, not only online.",
            ),
            "nl": (
                "Betrek de wijken erbij, niet alleen de vaste insprekers op het stadhuis.",
                "Laat weten wat er met onze ideeën gebeurt.",
            ),
        },
    ),
    Theme(
        (0.5, 1, 0.5, 3),
        {
            "en": (
                "Do not waste the money on prestige projects.",
                "Keep the costs down, life is expensive enough already.",
                "Spend carefully, it is our tax money.",
            ),
            "nl": (
                "Geen geld verspillen aan prestigeprojecten.",
                "Houd de kosten laag, alles is al duur genoeg.",
            ),
        },
    ),
    Theme(
        (2, 1, 2, 0.2),
        {
            "en": (
                "Be more ambitious, two million is far too little.",
                "Go faster. Other cities are years ahead of us.",
                "Stop studying and start doing.",
            ),
            "nl": (
                "Wees ambitieuzer, twee miljoen is veel te weinig.",
                "Tempo graag, andere steden zijn ons jaren voor.",
            ),
        },
    ),
    Theme(
        (1, 3, 1, 1),
        {
            "en": (
                "Think of the tenants: they cannot insulate their homes themselves.",
                "Make sure people with low incomes benefit too, not only home owners.",
                "The energy bill is the real problem for many families.",
            ),
            "nl": (
                "Denk aan de huurders, die kunnen zelf niet isoleren.",
                "Zorg dat ook mensen met een laag inkomen er iets aan hebben.",
            ),
        },
    ),
    Theme(
        (1, 0.5, 3, 0.3),
        {
            "en": (
                "Cycling in this city is dangerous, especially for children.",
                "The crossing by the main school is an accident waiting to happen.",
                "More room for bikes and pedestrians, less for cars.",
            ),
            "nl": (
                "Fietsen is hier gevaarlijk, zeker voor kinderen.",
                "Meer ruimte voor fietsers en voetgangers, minder voor de auto.",
            ),
        },
    ),
)

TEXTS = SurveyTexts(
    ideas=IDEAS,
    affinity=AFFINITY,
    statements=STATEMENTS,
    languages={"en": 0.8, "nl": 0.2},
    answers={"worry-why": WORRIES, "anything-else": ANYTHING_ELSE, "*": ANYTHING_ELSE},
)
