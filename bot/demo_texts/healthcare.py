"""What citizens write in the Dutch healthcare demo (`zorg-bezuinigen`): in Dutch.

Opinion groups: 0 care workers, 1 cost-conscious, 2 public healthcare, 3 sceptical of spending.
Groups 0 and 2 think alike, and so do 1 and 3; less paperwork and cheaper medicines unite all.
"""

from __future__ import annotations

from bot.demo_texts import Idea, SurveyTexts, Theme

CARE, COST, PUBLIC, SCEPTIC = range(4)

IDEAS = (
    Idea(
        CARE,
        {
            "nl": (
                "Minder administratie, zodat verpleegkundigen meer tijd aan het bed hebben",
                "Verpleegkundigen minder formulieren, meer tijd voor patiënten",
                "Schrap de helft van de verantwoordingsformulieren in de wijkverpleging",
            )
        },
        unites=True,
    ),
    Idea(
        CARE,
        {
            "nl": (
                "Minder managers in ziekenhuizen en meer handen aan het bed",
                "Bezuinig op managementlagen in de zorg in plaats van op het personeel",
                "Eén manager minder betaalt twee verpleegkundigen: schrap managementfuncties",
            )
        },
    ),
    Idea(
        CARE,
        {
            "nl": (
                "Betere salarissen in de zorg, dan zijn er minder uitzendkrachten nodig",
                "Stop met dure zzp'ers en uitzendkrachten door vast personeel beter te betalen",
                "Vaste contracten en een fatsoenlijk loon zijn goedkoper dan inhuur",
            )
        },
    ),
    Idea(
        CARE,
        {
            "nl": (
                "Laat zorgverleners beslissen over behandelingen, niet de verzekeraar",
                "De dokter weet wat nodig is: minder controle door verzekeraars",
                "Vertrouw op de vakkennis van artsen in plaats van alles te controleren",
            )
        },
    ),
    Idea(
        COST,
        {
            "nl": (
                "Strenger onderhandelen over de prijs van dure medicijnen",
                "De overheid moet harder onderhandelen met farmaceuten over medicijnprijzen",
                "Dure geneesmiddelen alleen vergoeden als de fabrikant een eerlijke prijs vraagt",
            )
        },
        unites=True,
    ),
    Idea(
        COST,
        {
            "nl": (
                "Goedkopere merkloze medicijnen voorschrijven waar dat kan",
                "Altijd het goedkoopste gelijkwaardige medicijn voorschrijven",
                "Meer generieke medicijnen gebruiken in plaats van dure merkmedicijnen",
            )
        },
    ),
    Idea(
        COST,
        {
            "nl": (
                "Minder onnodige scans en onderzoeken in ziekenhuizen",
                "Stop met dubbel onderzoek, gebruik de uitslag van de huisarts",
                "Veel diagnostiek is overbodig, daar valt veel geld te besparen",
            )
        },
    ),
    Idea(
        COST,
        {
            "nl": (
                "Verspilling van medicijnen tegengaan door kleinere verpakkingen",
                "Bij een nieuw medicijn eerst een kleine proefverpakking meegeven",
                "Ongebruikte medicijnen die nog dicht zijn moeten terug kunnen naar de apotheek",
            )
        },
    ),
    Idea(
        PUBLIC,
        {
            "nl": (
                "Eén nationaal zorgfonds in plaats van al die verschillende zorgverzekeraars",
                "Zorgverzekeraars samenvoegen tot één publieke organisatie",
                "Schaf de concurrerende zorgverzekeraars af en maak één publiek zorgfonds",
            )
        },
    ),
    Idea(
        PUBLIC,
        {
            "nl": (
                "Marktwerking uit de zorg halen",
                "Zorg is geen markt: stop met concurrentie tussen zorgaanbieders",
                "Draai de marktwerking in de zorg terug, die kost alleen maar geld",
            )
        },
    ),
    Idea(
        PUBLIC,
        {
            "nl": (
                "Het eigen risico afschaffen zodat mensen niet wegblijven bij de dokter",
                "Weg met het eigen risico, mensen mijden nu zorg die ze nodig hebben",
                "Schaf het eigen risico af, uitgestelde zorg wordt later juist duurder",
            )
        },
    ),
    Idea(
        PUBLIC,
        {
            "nl": (
                "Geen winstuitkering door zorginstellingen aan aandeelhouders",
                "Zorggeld hoort in de zorg en niet bij aandeelhouders: verbied winstuitkeringen",
                "Zorgbedrijven mogen geen winst uitkeren, dat geld moet naar de patiënt",
            )
        },
    ),
    Idea(
        SCEPTIC,
        {
            "nl": (
                "Mensen met een ongezonde leefstijl meer laten betalen",
                "Wie rookt of veel drinkt moet een hogere zorgpremie betalen",
                "Eigen verantwoordelijkheid: een hogere eigen bijdrage bij een ongezonde leefstijl",
            )
        },
    ),
    Idea(
        SCEPTIC,
        {
            "nl": (
                "Het basispakket kleiner maken en meer aan eigen keuze overlaten",
                "Minder in het basispakket, dan kan iedereen zelf kiezen wat hij bijverzekert",
                "Haal behandelingen met weinig effect uit het basispakket",
            )
        },
    ),
    Idea(
        SCEPTIC,
        {
            "nl": (
                "Een kleine eigen bijdrage voor elk bezoek aan de huisarts invoeren",
                "Vijf euro per huisartsbezoek, dan gaan mensen niet meer voor elk wissewasje",
                "Een eigen bijdrage bij de huisarts zodat mensen bewuster met zorg omgaan",
            )
        },
    ),
    Idea(
        SCEPTIC,
        {
            "nl": (
                "Meer concurrentie tussen ziekenhuizen zodat ze efficiënter werken",
                "Laat ziekenhuizen meer concurreren op prijs en kwaliteit",
                "Slecht presterende ziekenhuizen niet met belastinggeld redden",
            )
        },
    ),
)

AFFINITY = (
    # judges:  care  cost  public sceptic
    (0.90, 0.45, 0.70, 0.30),  # ideas of care workers
    (0.45, 0.90, 0.35, 0.65),  # ideas of the cost-conscious
    (0.65, 0.25, 0.90, 0.10),  # ideas of public healthcare
    (0.15, 0.55, 0.10, 0.90),  # ideas of the sceptical
)

STATEMENTS = {
    "eigen-risico-afschaffen": (0.75, 0.30, 0.90, 0.10),
    "minder-managers": (0.85, 0.80, 0.85, 0.75),
    "marktwerking-terugdraaien": (0.70, 0.30, 0.90, 0.15),
    "nationaal-zorgfonds": (0.60, 0.30, 0.90, 0.15),
    "topinkomens": (0.80, 0.60, 0.90, 0.50),
    "medicijnprijzen": (0.85, 0.90, 0.85, 0.80),
    "minder-administratie": (0.90, 0.85, 0.85, 0.80),
    "wijkverpleging-huisarts": (0.90, 0.70, 0.80, 0.45),
    "geen-winstuitkering": (0.75, 0.40, 0.90, 0.20),
}

POSTPONED = (  # zorg-gemeden-toelichting: which care was put off, and what happened
    Theme(
        (1, 2, 2, 1),
        {
            "nl": (
                "Twee jaar de tandarts uitgesteld. Nu moet er een kroon op, nog duurder.",
                "Mondzorg zit niet in het basispakket, dus ik ga alleen als het echt pijn doet.",
                "De controle bij de tandarts sla ik over, dat kan ik niet betalen.",
            )
        },
    ),
    Theme(
        (2, 2, 3, 1),
        {
            "nl": (
                "Niet naar de specialist gegaan vanwege het eigen risico. Later was het erger.",
                "Het eigen risico was te veel. Ik heb gewacht tot het niet meer ging.",
                "Mijn verwijzing naar het ziekenhuis laten liggen, vanwege het eigen risico.",
            )
        },
    ),
    Theme(
        (1, 1, 2, 1),
        {
            "nl": (
                "Gestopt met fysiotherapie toen de vergoeding op was. De pijn kwam terug.",
                "Na negen behandelingen fysio moest ik zelf betalen, dus ben ik gestopt.",
                "Ik had meer fysiotherapie nodig maar die wordt niet vergoed.",
            )
        },
    ),
    Theme(
        (2, 1, 2, 1),
        {
            "nl": (
                "Een jaar op de wachtlijst voor de psycholoog, toen ben ik maar gestopt.",
                "De eigen bijdrage voor de ggz kon ik niet betalen, dus geen hulp.",
                "Mijn dochter kreeg pas hulp toen het al helemaal mis was gegaan.",
            )
        },
    ),
    Theme(
        (1, 2, 1, 2),
        {
            "nl": (
                "Medicijnen met een eigen bijdrage heb ik niet opgehaald.",
                "Ik heb een goedkoper medicijn gevraagd, maar dat werkte minder goed.",
                "De bril en het gehoorapparaat moeten wachten tot er weer geld is.",
            )
        },
    ),
)

CLOSING_WORDS = (  # tot-slot: anything for the members of parliament
    Theme(
        (3, 1, 2, 1),
        {
            "nl": (
                "Blijf af van de mensen aan het bed. Zonder verpleegkundigen is er geen zorg.",
                "Luister naar de mensen die het werk doen, niet naar de managers.",
                "Zorgpersoneel loopt op zijn tandvlees. Bezuinig daar alstublieft niet op.",
            )
        },
    ),
    Theme(
        (2, 2, 1, 1),
        {
            "nl": (
                "Er gaat veel te veel geld naar papierwerk en regels, daar valt te besparen.",
                "Minder bureaucratie, minder controle, meer vertrouwen in de professional.",
                "Al die verantwoordingsformulieren kosten miljoenen en leveren niets op.",
            )
        },
    ),
    Theme(
        (1, 1, 3, 0.5),
        {
            "nl": (
                "Het eigen risico is voor veel mensen gewoon te hoog. Doe daar iets aan.",
                "Zorg moet betaalbaar zijn voor iedereen, niet alleen voor wie het kan betalen.",
                "Mensen met een klein inkomen mijden de dokter, dat is een schande.",
            )
        },
    ),
    Theme(
        (1, 0.5, 3, 0.5),
        {
            "nl": (
                "Haal de winst en de marktwerking uit de zorg.",
                "Zorg is geen product. Stop met de markt en de concurrentie.",
                "De zorgverzekeraars hebben te veel macht gekregen.",
            )
        },
    ),
    Theme(
        (0.5, 2, 0.5, 3),
        {
            "nl": (
                "Wees zuinig met belastinggeld. De zorg kan niet eindeloos duurder worden.",
                "Mensen moeten meer eigen verantwoordelijkheid nemen voor hun gezondheid.",
                "Niet alles hoeft vergoed te worden, maak keuzes in het basispakket.",
            )
        },
    ),
)

TEXTS = SurveyTexts(
    ideas=IDEAS,
    affinity=AFFINITY,
    statements=STATEMENTS,
    languages={"nl": 1.0},
    answers={"zorg-gemeden-toelichting": POSTPONED, "tot-slot": CLOSING_WORDS, "*": CLOSING_WORDS},
)
