"""Theme labels: what many of a theme's proposals say, not what one long text repeats."""

import numpy as np

from analysis.themes.describe import describe_themes
from analysis.themes.features import TextFeatures


def test_one_long_text_does_not_take_over_its_themes_label() -> None:
    medicines = [
        "Medicijnen moeten goedkoper worden", "De prijs van medicijnen verlagen",
        "Medicijnen betaalbaar maken voor iedereen", "Lagere prijzen voor medicijnen",
        "Maximumprijs voor medicijnen invoeren", "Medicijnen samen inkopen voor lagere prijzen",
        "Goedkopere medicijnen via Europese inkoop", "Prijzen van medicijnen openbaar maken",
    ]
    # One proposal of some 23,000 characters, mostly about something else, said over and over.
    long_text = "Medicijnen zijn duur. " + "Zorg daaraan, herhaling van de zorg. " * 600
    trees = ["Plant meer bomen in de wijk", "Bomen in elke straat tegen de hitte",
             "Meer groen en bomen in het park", "Onderhoud de bomen beter",
             "Bomen planten op het plein"]
    texts = [*medicines, long_text, *trees]
    labels = np.array([0] * (len(medicines) + 1) + [1] * len(trees))
    features = TextFeatures()
    features.fit_transform(texts)
    vectors = np.ones((len(texts), 2)) / np.sqrt(2)  # representatives are not tested here

    _, themes = describe_themes(texts, labels, features, vectors)

    medicine_theme = next(t for t in themes if t.size == len(medicines) + 1)
    assert medicine_theme.terms[0] == "medicijnen"
    assert not {"zorg", "daaraan", "herhaling"} & set(medicine_theme.terms)
