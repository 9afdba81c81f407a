"""The methodology and privacy sections: how every figure was made, so a journalist can check.

The parameters are read from the analyses themselves (`OpinionResult.parameters`,
`ThemeModel.get_params()`), never restated by hand, so the text cannot drift from the run.
"""

from __future__ import annotations

import numpy as np

from analysis.report import claims
from analysis.report.blocks import Context, Notice, Paragraph, Section, Subheading
from analysis.report.overview import number

METHOD = {
    "nl": {
        "votes": "Stemmen: +1 eens, -1 oneens, 0 pas; per deelnemer en voorstel telt de laatste "
                 "stem ({votes} stemmen van {participants} deelnemers op {statements} "
                 "voorstellen; {moderated} voorstellen door moderatie verwijderd).",
        "groups_title": "Opiniegroepen (zoals Pol.is)",
        "groups": "Deelnemers met minstens {threshold} stemmen worden ingedeeld (minstens "
                  "{min_participants} deelnemers). Ontbrekende stemmen worden gevuld met het "
                  "gemiddelde van het voorstel; PCA brengt iedereen terug tot twee dimensies "
                  "(de opiniekaart), geschaald naar hoeveel iemand stemde. K-means vormt "
                  "{n_base} basisclusters en groepeert die in 2 tot {max_groups} groepen; het "
                  "aantal met de beste silhouetscore wint ({silhouettes}; bij scores binnen "
                  "{margin} van de beste het kleinste aantal). Van de k-means-starts telt de "
                  "best gescheiden indeling, zodat een kleine, duidelijk aparte groep niet "
                  "wegvalt tegen het splitsen van een grote. Gevonden: "
                  "{n_groups} groepen. Zaad (random_state): {seed}.",
        "stability": "Stabiliteit: de indeling is {resamples} keer herhaald op een steekproef "
                     "van {fraction}% van de deelnemers; gemiddeld bleef {stability} van de "
                     "deelnemers in dezelfde groep.",
        "no_stability": "Stabiliteit: niet gemeten; met zo weinig deelnemers valt de indeling "
                        "niet op een steekproef te herhalen.",
        "consensus_title": "Consensus, representativiteit en verdeeldheid",
        "consensus": "Groepsgeïnformeerde consensus van een voorstel = het product over de "
                     "groepen van (eens + 1) / (stemmen + 2). Hoog alleen als elke groep het "
                     "eens is. De ranglijst zet eerst wat alle groepen steunen (meer dan de "
                     "helft van de stemmers in elke groep eens), dan de meeste groepen, en "
                     "daarbinnen op consensus.",
        "repness": "Waar een groep voor staat: de representatieve voorstellen volgens Pol.is: "
                   "het aandeel eens (of oneens) in de groep vergeleken met de rest, met een "
                   "een- en een tweeproportietoets (z > 1,2816, 90% eenzijdig); hoogstens 5 per "
                   "groep.",
        "divisive": "Verdeeldheid = grootste min kleinste (eens + 1) / (stemmen + 2) over de "
                    "groepen.",
        "themes_title": "Thema's",
        "themes": "Voorstellen zijn gegroepeerd met TF-IDF op woorden en lettercombinaties "
                  "(elke tekst telt zwak ook de woorden die in deze raadpleging het vaakst naast "
                  "de zijne staan, zodat 'bomen' en 'groen' elkaar vinden), LSA "
                  "en sferische k-means met zelftraining; het aantal thema's is gekozen op "
                  "stabiliteit bij herbemonstering, gecorrigeerd voor toeval met een structuurloze "
                  "nulreferentie (het kleinste aantal binnen één standaardfout van het beste). "
                  "Gekozen: {n_themes} thema's{stability}. Parameters: "
                  "{params}. Een thema heet naar een zinsdeel dat veel van zijn voorstellen "
                  "gebruiken en weinig andere; woorden die door de hele raadpleging heen staan, "
                  "tellen niet mee. Verwante thema's staan samen onder één hoofdthema (5 tot "
                  "12). Steun = "
                  "eens / (eens + oneens) over de stemmen op zijn voorstellen. De voorbeelden "
                  "zijn de voorstellen die het dichtst bij het midden van het thema liggen, geen "
                  "twee bijna gelijk; van bijna gelijke versies staat die met de meeste "
                  "stemmen er.",
        "themes_stability": " (stabiliteit {value})",
        "open_answers": "Open antwoorden zijn op dezelfde manier in thema's verdeeld; een "
                        "antwoord dat meerdere mensen woordelijk gaven, telt bij het vormen van "
                        "de thema's één keer mee (herhaling alleen maakt geen thema), in de "
                        "aantallen per persoon.",
        "claims": "\"Bijna iedereen is het eens\" staat alleen bij stellingen met minstens "
                  "{n} stemmen waarover in elke opiniegroep minstens twee derde van wie erover "
                  "stemde (overslaan telt mee) 'eens' stemde, en ook van alle stemmers samen; "
                  "\"de meeste groepen\" als dat in meer dan de helft van de groepen geldt. "
                  "\"Verdeeld\": minstens {n} stemmen en de groepen liggen minstens {gap} "
                  "procentpunt uiteen in hun aandeel 'eens'.",
        "no_themes": "Er zijn geen thema's berekend (te weinig voorstellen).",
        "software": "Alles is berekend met Samen (analysis.opinions, analysis.themes) uit de "
                    "export-tabellen in tables/; dezelfde export met hetzelfde zaad geeft "
                    "hetzelfde rapport.",
    },
    "en": {
        "votes": "Votes: +1 agree, -1 disagree, 0 pass; per participant and proposal the latest "
                 "vote counts ({votes} votes from {participants} participants on {statements} "
                 "proposals; {moderated} proposals moderated out).",
        "groups_title": "Opinion groups (as Pol.is)",
        "groups": "Participants with at least {threshold} votes are grouped (at least "
                  "{min_participants} participants). Missing votes are filled with the "
                  "proposal's mean; PCA reduces everyone to two dimensions (the opinion map), "
                  "scaled by how much each person voted. K-means forms {n_base} base clusters "
                  "and groups them into 2 to {max_groups} groups; the number with the best "
                  "silhouette score wins ({silhouettes}; with scores within {margin} of the "
                  "best, the fewest groups). Of the k-means starts the best-separated grouping "
                  "counts, so a small, clearly distinct group is not traded for splitting a "
                  "large one. Found: {n_groups} groups. Seed "
                  "(random_state): {seed}.",
        "stability": "Stability: the grouping was repeated {resamples} times on a sample of "
                     "{fraction}% of the participants; on average {stability} of participants "
                     "kept their group.",
        "no_stability": "Stability: not measured; with so few participants the grouping cannot "
                        "be repeated on a sample.",
        "consensus_title": "Consensus, representativeness and division",
        "consensus": "Group-informed consensus of a proposal = the product over groups of "
                     "(agrees + 1) / (votes + 2). High only when every group agrees. The "
                     "ranking puts first what all groups support (more than half of each "
                     "group's voters agree), then most groups, and within that consensus.",
        "repness": "What a group stands for: Pol.is's representative proposals: the group's "
                   "agree (or disagree) share compared with the rest, with a one- and a "
                   "two-proportion test (z > 1.2816, 90% one-sided); at most 5 per group.",
        "divisive": "Divisiveness = the largest minus the smallest (agrees + 1) / (votes + 2) "
                    "across groups.",
        "themes_title": "Themes",
        "themes": "Proposals were grouped with TF-IDF on words and character n-grams (each "
                  "text also counts, weakly, the words that most often stand beside its own in "
                  "this consultation, so that 'trees' and 'greenery' meet), LSA and "
                  "spherical k-means with self-training; the number of themes was chosen by "
                  "resampling stability, corrected for chance with a structureless null reference "
                  "(the smallest number within one standard error of the best). Chosen: "
                  "{n_themes} themes{stability}. Parameters: {params}. A theme is named by a "
                  "phrase many of its proposals use and few others do; words found throughout "
                  "the consultation are left out. Related themes stand together under one of "
                  "5 to 12 main themes. Support = agree / (agree + disagree) over the "
                  "votes on its proposals. Its examples are the proposals closest to its "
                  "centre, no two of them near-duplicates; of near-identical versions, the one "
                  "with the most votes is shown.",
        "themes_stability": " (stability {value})",
        "open_answers": "Open answers were sorted into themes the same way; an answer several "
                        "people gave word for word counts once while the themes are formed "
                        "(repetition alone makes no theme), and once per person in the counts.",
        "claims": "\"Nearly everyone agrees\" is said only of statements with at least {n} "
                  "votes on which, in every opinion group, at least two thirds of those who "
                  "voted on it (passes count) agreed, and of all voters together too; \"most "
                  "groups\" when that holds in more than half of the groups. \"Divides\": at "
                  "least {n} votes and the groups' agree shares at least {gap} percentage "
                  "points apart.",
        "no_themes": "No themes were computed (too few proposals).",
        "software": "Everything was computed with Samen (analysis.opinions, analysis.themes) "
                    "from the export tables in tables/; the same export with the same seed "
                    "gives the same report.",
    },
}


def methodology(ctx: Context) -> Section:
    words = METHOD.get(ctx.language, METHOD["en"])
    section = Section("methodology", ctx.t("methodology"))
    result = ctx.analyses.opinions
    params = result.parameters
    section.blocks.append(Paragraph(words["votes"].format(
        votes=params["votes"], participants=params["participants"],
        statements=params["statements"], moderated=params["moderated_out"])))
    section.blocks.append(Subheading(words["groups_title"]))
    silhouettes = ", ".join(f"k={k}: {number(ctx, round(v, 3))}"
                            for k, v in sorted(result.silhouette_scores.items()))
    section.blocks.append(Paragraph(words["groups"].format(
        threshold=params["vote_threshold"], min_participants=params["min_participants"],
        n_base=params["n_base_clusters"], max_groups=params["max_groups"],
        silhouettes=silhouettes or "—", n_groups=result.n_groups,
        margin=number(ctx, params.get("fewer_groups_margin", 0.0)),
        seed=params["random_state"])))
    if not np.isnan(result.stability):
        section.blocks.append(Paragraph(words["stability"].format(
            resamples=params["n_resamples"], fraction=round(100 * params["resample_fraction"]),
            stability=f"{number(ctx, round(100 * result.stability, 1))}%")))
    elif params["n_resamples"]:
        section.blocks.append(Paragraph(words["no_stability"]))
    section.blocks.append(Subheading(words["consensus_title"]))
    for key in ("consensus", "repness", "divisive"):
        section.blocks.append(Paragraph(words[key]))
    section.blocks.append(Paragraph(words["claims"].format(
        n=claims.MIN_VOTES, gap=round(100 * claims.DIVIDING_GAP))))
    section.blocks.append(Subheading(words["themes_title"]))
    model = ctx.analyses.themes.model
    if model is None:
        section.blocks.append(Paragraph(words["no_themes"]))
    else:
        chosen = model.stability_.get(model.n_themes_) if model.stability_ else None
        stability = ("" if chosen is None else
                     words["themes_stability"].format(value=number(ctx, round(float(chosen), 3))))
        settings = ", ".join(f"{k}={v}" for k, v in sorted(model.get_params().items())
                             if k != "verbose")
        section.blocks.append(Paragraph(words["themes"].format(
            n_themes=model.n_themes_, stability=stability, params=settings)))
    if ctx.analyses.open_answers:
        section.blocks.append(Paragraph(words["open_answers"]))
    section.blocks.append(Paragraph(words["software"]))
    return section


def privacy(ctx: Context) -> Section:
    section = Section("privacy", ctx.t("privacy"))
    section.blocks.append(Paragraph(ctx.t("privacy_text")))
    if any(question.answers for question in ctx.analyses.open_answers):
        section.blocks.append(Paragraph(ctx.t("privacy_answers")))
    if ctx.suppressed:
        section.blocks.append(Notice(ctx.t("privacy_suppressed", items="; ".join(ctx.suppressed)),
                                     suppressed=True))
    else:
        section.blocks.append(Paragraph(ctx.t("privacy_nothing")))
    section.blocks.append(Paragraph(ctx.t("tables_note")))
    return section
