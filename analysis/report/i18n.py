"""Every sentence of the report in Dutch and English: `text(language, key, **values)`."""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "report": "Consensusrapport",
        "generated": "Gemaakt op {date} met Samen. Bron: {source}.",
        "source_samen": "Samen-export (enquête, antwoorden, voorstellen en stemmen)",
        "source_polis": "Pol.is open-data-export (voorstellen en stemmen)",
        "contents": "Inhoud",
        # headline
        "headline": "In het kort",
        "participants": "Deelnemers",
        "completion": "Volledig ingevuld",
        "proposals": "Voorstellen",
        "votes": "Stemmen",
        "period": "Periode",
        "groups_found": "Opiniegroepen",
        "not_applicable": "n.v.t.",
        "agreed_title": "Waar bijna iedereen het over eens is",
        "divisive_title": "Waarover de meningen het meest verdeeld zijn",
        "agreed_detail": "{agree}% eens, {disagree}% oneens ({seen} stemmen)",
        "no_votes": "nog geen stemmen",
        "none_agreed": "Geen enkel voorstel wordt door alle groepen gesteund.",
        "none_divisive": "Er is maar één opiniegroep, dus geen verdeeldheid tussen groepen.",
        # participation
        "participation": "Deelname in de tijd",
        "new_participants_per_day": "Nieuwe deelnemers per dag",
        "votes_per_day": "Stemmen per dag",
        "no_times": "Deze export bevat geen tijdstippen; deelname in de tijd is niet te tonen.",
        "languages": "Deelnemers per taal",
        # questions
        "questions": "Gesloten vragen",
        "no_questions_polis": "Een Pol.is-export bevat geen gesloten vragen; dit deel blijft "
                              "leeg.",
        "no_questions": "Deze raadpleging had geen gesloten vragen.",
        "respondents": "{n} mensen beantwoordden deze vraag.",
        "question": "Vraag {n}: {text}",
        "multiple_note": "Meerdere antwoorden mogelijk: de percentages tellen op tot meer dan "
                         "100%.",
        "by_group": "Naar opiniegroep (percentage van de groep)",
        "group_suppressed": "Groep {group}: minder dan 5 mensen, weggelaten (privacy).",
        # themes
        "themes": "Thema's in de voorstellen",
        "theme_sizes": "Voorstellen per thema",
        "theme_support": "Steun (% eens)",
        "theme_heading": "Thema {n}: {label}",
        "theme_line": "{size} voorstellen · steun {support}",
        "no_themes": "Te weinig voorstellen om thema's te vormen.",
        "other_theme": "{n} voorstellen pasten bij geen enkel thema (\"overig\").",
        # groups
        "groups": "Opiniegroepen",
        "groups_intro": "Deelnemers die op dezelfde manier stemden, staan dicht bij elkaar. "
                        "Elke stip is een deelnemer; de kleur is de opiniegroep.",
        "opinion_map": "De opiniekaart",
        "group": "Groep",
        "group_name": "Groep {name} ({n})",
        "stands_for": "Waar groep {name} voor staat ({n} deelnemers)",
        "direction_agree": "eens",
        "direction_disagree": "oneens",
        "rep_detail": "{share}% van de groep {direction} ({seen} stemmen in de groep)",
        "no_groups": "Er zijn te weinig stemmen om opiniegroepen te vormen.",
        "no_map": "Geen enkele opiniegroep telt 5 of meer mensen, dus er is nog geen "
                  "opiniekaart te tonen.",
        "suppressed_group": "Groep {name} telt minder dan 5 mensen; de uitsplitsing is "
                            "weggelaten (privacy).",
        # consensus
        "consensus": "Consensus en verdeeldheid",
        "consensus_top": "Voorstellen met de breedste steun",
        "consensus_top_note": "Gerangschikt: eerst wat alle groepen steunen, dan wat de meeste "
                              "groepen steunen, daarbinnen op consensus.",
        "group_top": "Waar groep {name} het meest mee eens is",
        "divisive": "De meest verdeelde voorstellen",
        "everyone": "Iedereen",
        "agree": "eens (%)",
        "disagree": "oneens (%)",
        "pass_note": "De rest tot 100% paste (sloeg het voorstel over).",
        # methodology
        "methodology": "Methode",
        # privacy
        "privacy": "Privacy",
        "privacy_text": "Dit rapport bevat geen Telegram-gebruikersnummers, namen of "
                        "pseudoniemen: deelnemers zijn alleen genummerd. Elke uitsplitsing "
                        "voor een groep van minder dan 5 mensen is weggelaten en gemarkeerd als "
                        "'weggelaten'. Voorstellen zijn letterlijk overgenomen zoals "
                        "deelnemers ze schreven.",
        "privacy_suppressed": "Weggelaten in dit rapport: {items}.",
        "privacy_nothing": "Er hoefde niets te worden weggelaten.",
        "suppressed": "weggelaten",
        "tables_note": "Alle tabellen staan ook als CSV in de map tables/, alle grafieken als "
                       "PNG en SVG in de map charts/.",
    },
    "en": {
        "report": "Consensus report",
        "generated": "Made on {date} with Samen. Source: {source}.",
        "source_samen": "Samen export (survey, answers, proposals and votes)",
        "source_polis": "Pol.is open-data export (proposals and votes)",
        "contents": "Contents",
        "headline": "At a glance",
        "participants": "Participants",
        "completion": "Completed",
        "proposals": "Proposals",
        "votes": "Votes",
        "period": "Period",
        "groups_found": "Opinion groups",
        "not_applicable": "n/a",
        "agreed_title": "What nearly everyone agrees on",
        "divisive_title": "What divides opinion most",
        "agreed_detail": "{agree}% agree, {disagree}% disagree ({seen} votes)",
        "no_votes": "no votes yet",
        "none_agreed": "No proposal is supported by every group.",
        "none_divisive": "There is only one opinion group, so nothing divides groups.",
        "participation": "Participation over time",
        "new_participants_per_day": "New participants per day",
        "votes_per_day": "Votes per day",
        "no_times": "This export has no times; participation over time cannot be shown.",
        "languages": "Participants by language",
        "questions": "Closed questions",
        "no_questions_polis": "A Pol.is export has no closed questions; this part is empty.",
        "no_questions": "This consultation had no closed questions.",
        "respondents": "{n} people answered this question.",
        "question": "Question {n}: {text}",
        "multiple_note": "Several answers allowed: percentages add up to more than 100%.",
        "by_group": "By opinion group (percent of the group)",
        "group_suppressed": "Group {group}: fewer than 5 people, suppressed (privacy).",
        "themes": "Themes among the proposals",
        "theme_sizes": "Proposals per theme",
        "theme_support": "Support (% agree)",
        "theme_heading": "Theme {n}: {label}",
        "theme_line": "{size} proposals · support {support}",
        "no_themes": "Too few proposals to form themes.",
        "other_theme": "{n} proposals fitted no theme (\"other\").",
        "groups": "Opinion groups",
        "groups_intro": "Participants who voted alike sit close together. Each dot is a "
                        "participant; the colour is their opinion group.",
        "opinion_map": "The opinion map",
        "group": "Group",
        "group_name": "Group {name} ({n})",
        "stands_for": "What group {name} stands for ({n} participants)",
        "direction_agree": "agree",
        "direction_disagree": "disagree",
        "rep_detail": "{share}% of the group {direction} ({seen} votes in the group)",
        "no_groups": "There are too few votes to form opinion groups.",
        "no_map": "No opinion group has 5 or more people yet, so there is no opinion map to "
                  "show.",
        "suppressed_group": "Group {name} has fewer than 5 people; its breakdown is suppressed "
                            "(privacy).",
        "consensus": "Consensus and division",
        "consensus_top": "Proposals with the broadest support",
        "consensus_top_note": "Ranked: first what all groups support, then what most groups "
                              "support, within that by consensus.",
        "group_top": "What group {name} agrees with most",
        "divisive": "The most divisive proposals",
        "everyone": "Everyone",
        "agree": "agree (%)",
        "disagree": "disagree (%)",
        "pass_note": "The rest up to 100% passed (skipped the proposal).",
        "methodology": "Methodology",
        "privacy": "Privacy",
        "privacy_text": "This report contains no Telegram user ids, names or pseudonyms: "
                        "participants are only numbered. Any breakdown for a group of fewer "
                        "than 5 people is left out and marked 'suppressed'. Proposals are "
                        "quoted as participants wrote them.",
        "privacy_suppressed": "Suppressed in this report: {items}.",
        "privacy_nothing": "Nothing needed to be suppressed.",
        "suppressed": "suppressed",
        "tables_note": "Every table is also a CSV file in tables/, every chart a PNG and an SVG "
                       "in charts/.",
    },
}

# Column headers of the tables shown in the page (the CSV files keep the machine names).
COLUMNS: dict[str, dict[str, str]] = {
    "nl": {"metric": "", "value": "", "date": "Datum", "new_participants": "Nieuwe deelnemers",
           "completed": "Afgerond", "votes": "Stemmen", "language": "Taal",
           "participants": "Deelnemers", "option": "Optie", "label": "Antwoord",
           "count": "Aantal", "percent": "%", "respondents": "Beantwoord", "group": "Groep",
           "theme": "Thema", "theme_label": "Kenmerkende woorden",
           "proposals": "Voorstellen", "agrees": "Eens",
           "disagrees": "Oneens", "passes": "Pas", "support_percent": "Steun %",
           "stability_percent": "Stabiliteit %", "comment_id": "Nr.", "text": "Voorstel",
           "agree_percent": "Eens %", "disagree_percent": "Oneens %",
           "consensus": "Consensus", "divisiveness": "Verdeeldheid",
           "direction": "Richting", "votes_in_group": "Stemmen in groep",
           "share_percent": "Aandeel %", "repness": "Repr."},
    "en": {"metric": "", "value": "", "date": "Date", "new_participants": "New participants",
           "completed": "Completed", "votes": "Votes", "language": "Language",
           "participants": "Participants", "option": "Option", "label": "Answer",
           "count": "Count", "percent": "%", "respondents": "Answered", "group": "Group",
           "theme": "Theme", "theme_label": "Distinctive words",
           "proposals": "Proposals", "agrees": "Agree",
           "disagrees": "Disagree", "passes": "Pass", "support_percent": "Support %",
           "stability_percent": "Stability %", "comment_id": "No.", "text": "Proposal",
           "agree_percent": "Agree %", "disagree_percent": "Disagree %",
           "consensus": "Consensus", "divisiveness": "Divisiveness",
           "direction": "Direction", "votes_in_group": "Votes in group",
           "share_percent": "Share %", "repness": "Repr."},
}


def text(language: str, key: str, **values: object) -> str:
    template = TEXTS.get(language, TEXTS["en"]).get(key) or TEXTS["en"][key]
    return template.format(**values) if values else template


def column(language: str, name: str) -> str:
    names = COLUMNS.get(language, COLUMNS["en"])
    for kind in ("agree_percent", "disagree_percent"):
        prefix = f"{kind}_group_"
        if name.startswith(prefix):  # e.g. agree_percent_group_A -> "Eens % (groep A)"
            group = text(language, "group").lower()
            return f"{names[kind]} ({group} {name.removeprefix(prefix)})"
    return names.get(name, name.replace("_", " "))
