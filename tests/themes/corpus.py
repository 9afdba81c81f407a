"""A small Dutch + English proposal corpus on four clear topics, for the theme tests."""

from __future__ import annotations

import random

TOPICS = {
    "cycling": (
        ["fietspaden", "fietspaden", "fietspad", "fietsenstalling", "bike lanes", "bike lanes",
         "bike parking"],
        ["Meer {} in de binnenstad", "Veilige {} bij scholen", "We need safer {} downtown",
         "Build more {} near the station", "Brede {} langs de dijk", "Gratis {} bij het station"],
    ),
    "trees": (
        ["bomen", "bomen", "bomen en groen", "trees", "trees", "trees and green spaces"],
        ["Plant meer {} in onze wijk", "Meer {} in de straat tegen hitte", "Plant more {} please",
         "Keep the {} and protect them", "Onderhoud de {} beter", "More {} for the neighbourhood"],
    ),
    "taxes": (
        ["belasting", "belasting", "belastingen", "taxes", "taxes", "property taxes"],
        ["Verlaag de {} voor ondernemers", "Lower {} for small businesses", "Eerlijkere {}",
         "Cut the {} for pensioners", "Geen hogere {} volgend jaar", "Freeze the {} next year"],
    ),
    "fireworks": (
        ["vuurwerk", "vuurwerk", "siervuurwerk", "fireworks", "fireworks", "loud fireworks"],
        ["Verbied {} met oud en nieuw", "Een {} voor de hele stad", "Ban {} in the city centre",
         "Alleen {} op vaste plekken", "No more {} at new year", "Minder {} rond dieren"],
    ),
}


def proposals(per_topic: int = 15, seed: int = 0) -> tuple[list[str], list[str]]:
    """Texts and their true topic, shuffled."""
    rng = random.Random(seed)
    rows = []
    for topic, (words, templates) in TOPICS.items():
        for _ in range(per_topic):
            rows.append((rng.choice(templates).format(rng.choice(words)), topic))
    rng.shuffle(rows)
    return [text for text, _ in rows], [topic for _, topic in rows]
