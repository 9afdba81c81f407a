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
        # summary (page one)
        "summary": "In het kort",
        "self_selected": "Iedereen die meedeed, meldde zich zelf aan: dit is geen steekproef. "
                         "De cijfers zeggen wat deze {n} deelnemers vinden, niet wat alle "
                         "inwoners vinden.",
        "who_took_part": "Wie meedeed:",
        "support_means": "Steun = het aandeel 'eens' van wie eens of oneens stemde.",
        "agreed_title": "Waar bijna iedereen het over eens is",
        "agree_rule": "Alleen stellingen met minstens {n} stemmen waarover in elke opiniegroep "
                      "(deelnemers die vaak hetzelfde stemden) minstens twee derde van wie "
                      "erover stemde het eens was.",
        "most_groups_title": "Waar de meeste groepen het over eens zijn",
        "none_agreed": "Geen enkele stelling haalt die lat.",
        "divisive_title": "Waarover de groepen verdeeld zijn",
        "none_divisive": "Er is maar één opiniegroep, dus geen verdeeldheid tussen groepen.",
        "nothing_divides": "Geen stelling met minstens {n} stemmen verdeelt de groepen "
                           "duidelijk.",
        "summary_themes": "Waar de voorstellen over gaan ({n} thema's, {total} voorstellen)",
        "theme_summary_line": "{name}: {n} voorstellen, steun {support}",
        "theme_summary_unvoted": "{name}: {n} voorstellen, nog zonder stemmen",
        "summary_open": "Wat mensen in eigen woorden schreven",
        "theme_count": "{name} ({n})",
        "other_count": "overig ({n})",
        "answered": "{n} antwoorden",
        # evidence
        "group_short": "groep {name}",
        "share_of": "{name} {share} van {n}",
        "agree_per_group": "eens: {shares}",
        "agree_of_all": "{share} eens van {n} stemmen",
        "votes_total": "{n} stemmen",
        "vote_shares": "{agree} eens, {disagree} oneens, {passed} overgeslagen ({n} stemmen)",
        "few_votes_total": "let op: minder dan {n} stemmen",
        "few_votes_groups": "let op: groep {names} minder dan {n} stemmen",
        "similar_one": "en 1 vergelijkbaar voorstel",
        "similar_many": "en {n} vergelijkbare voorstellen",
        "and": "en",
        # groups
        "groups_intro": "Samen deelde de deelnemers in {n} opiniegroepen in: mensen die vaak "
                        "hetzelfde stemden. Op de kaart is elke stip een deelnemer; wie "
                        "hetzelfde stemde, staat dicht bij elkaar (de assen hebben geen eigen "
                        "betekenis).",
        "group_heading": "Groep {name}: {n} deelnemers ({share}%)",
        "group_sentence": "Groep {name} ({n} mensen) is het vooral {stance}.",
        "group_agrees_with": "eens met {items}",
        "group_disagrees_with": "oneens met {items}",
        "group_no_stance": "met geen enkele stelling duidelijk anders dan de rest",
        "leaning": "Bij de vragen kozen zij vaker: {items}.",
        "leaning_item": "{answer} ({share}% tegen {everyone}% van iedereen)",
        # consensus and division
        "consensus": "Eensgezindheid en verdeeldheid",
        "agree_rule_long": "\"Bijna iedereen\" betekent hier: minstens {n} stemmen, en in elke "
                           "opiniegroep stemde minstens twee derde van wie over de stelling "
                           "stemde 'eens' (overslaan telt mee als stem). \"De meeste groepen\": "
                           "dat geldt in meer dan de helft van de groepen. Bij elk cijfer staat "
                           "op hoeveel stemmen het berust; onder {few} stemmen staat erbij dat "
                           "het er weinig zijn.",
        "consensus_top": "Waar (bijna) iedereen het over eens is",
        "divisive": "Waarover de groepen verdeeld zijn",
        "passed_title": "Wat mensen vooral oversloegen",
        "passed_note": "Stellingen die veel mensen oversloegen: onduidelijk, of ze wisten het "
                       "niet.",
        "none_passed": "Geen stelling werd door {share}% of meer van de stemmers overgeslagen.",
        # themes
        "themes": "Thema's in de voorstellen",
        "themes_intro": "Samen verdeelde de {total} voorstellen in {n} thema's: voorstellen "
                        "die over hetzelfde gaan. Steun = het aandeel 'eens' van wie eens of "
                        "oneens stemde over de voorstellen van het thema.",
        "theme_about": "Voorstellen over {terms}.",
        "theme_heading": "Thema {n}: {label}",
        "theme_line": "{size} voorstellen, steun {support}.",
        "theme_line_unvoted": "{size} voorstellen, nog zonder stemmen.",
        "theme_more": "… en nog {n} voorstellen in dit thema (zie de bijlage).",
        "no_themes": "Te weinig voorstellen om thema's te vormen.",
        "other_theme": "{n} voorstellen pasten bij geen enkel thema (\"overig\").",
        "other_theme_one": "1 voorstel paste bij geen enkel thema (\"overig\").",
        # open answers
        "open_answers": "Open antwoorden",
        "open_intro": "Wat mensen in eigen woorden antwoordden, in thema's verdeeld zoals de "
                      "voorstellen; per thema twee of drie antwoorden die het thema goed "
                      "weergeven, letterlijk.",
        "no_open_questions": "Deze raadpleging had geen open vragen.",
        "no_open_questions_polis": "Een Pol.is-export bevat geen open vragen.",
        "respondents": "{n} mensen beantwoordden deze vraag.",
        "answer_theme_line": "{name}: {n} antwoorden",
        "same_answer": "{n} keer gegeven",
        "too_few_answers": "Minder dan {n} antwoorden: te weinig om thema's te vormen.",
        "other_answers": "Overige antwoorden ({n}, bij geen thema); de vaakst gegeven:",
        # participation
        "one_day": "Alle deelname viel op één dag ({day}): {new} nieuwe deelnemers en {votes} "
                   "stemmen.",
        # appendix
        "appendix": "Bijlage: alle stellingen",
        "appendix_intro": "Alle {n} stellingen met hun stemmen: % eens en oneens van wie "
                          "erover stemde (de rest tot 100% sloeg over) en % eens per "
                          "opiniegroep. "
                          "Cijfers onder {few} stemmen berusten op weinig stemmen. Dezelfde "
                          "tabel, met aantallen en 'overgeslagen', staat in "
                          "tables/statements.csv.",
        # headline
        "participants": "Deelnemers",
        "completion": "Volledig ingevuld",
        "proposals": "Voorstellen",
        "votes": "Stemmen",
        "period": "Periode",
        "groups_found": "Opiniegroepen",
        "not_applicable": "n.v.t.",
        "agreed_detail": "{agree}% eens, {disagree}% oneens ({seen} stemmen)",
        "no_votes": "nog geen stemmen",
        # participation
        "participation": "Deelname in de tijd",
        "new_participants_per_day": "Nieuwe deelnemers per dag",
        "votes_per_day": "Stemmen per dag",
        "new_participants_per_month": "Nieuwe deelnemers per maand",
        "votes_per_month": "Stemmen per maand",
        "no_times": "Deze export bevat geen tijdstippen; deelname in de tijd is niet te tonen.",
        "languages": "Deelnemers per taal",
        # questions
        "questions": "Gesloten vragen",
        "no_questions_polis": "Een Pol.is-export bevat geen gesloten vragen; dit deel blijft "
                              "leeg.",
        "no_questions": "Deze raadpleging had geen gesloten vragen.",
        "question": "Vraag {n}: {text}",
        "multiple_note": "Meerdere antwoorden mogelijk: de percentages tellen op tot meer dan "
                         "100%.",
        # themes
        "theme_sizes": "Voorstellen per thema",
        "theme_support": "Steun (% eens)",
        # groups
        "groups": "Opiniegroepen",
        "opinion_map": "De opiniekaart",
        "group": "Groep",
        "group_name": "Groep {name} ({n})",
        # grey dots: too few votes to place in a group, or in a group too small to show
        "no_group_shown": "Geen groep getoond ({n})",
        "direction_agree": "eens",
        "direction_disagree": "oneens",
        "rep_detail": "{share}% van de groep {direction} ({seen} stemmen in de groep)",
        "no_groups": "Er zijn te weinig stemmen om opiniegroepen te vormen.",
        "no_map": "Geen enkele opiniegroep telt 5 of meer mensen, dus er is nog geen "
                  "opiniekaart te tonen.",
        "suppressed_group": "Groep {name} telt minder dan 5 mensen; de uitsplitsing is "
                            "weggelaten (privacy).",
        # consensus
        "everyone": "Iedereen",
        "agree": "eens (%)",
        "disagree": "oneens (%)",
        # methodology
        "methodology": "Methode",
        # privacy
        "privacy": "Privacy",
        "privacy_text": "Dit rapport bevat geen Telegram-gebruikersnummers, namen of "
                        "pseudoniemen: deelnemers zijn alleen genummerd. Elke uitsplitsing "
                        "voor een groep van minder dan 5 mensen is weggelaten en gemarkeerd als "
                        "'weggelaten'. Voorstellen zijn letterlijk overgenomen zoals "
                        "deelnemers ze schreven.",
        "privacy_answers": "Open antwoorden staan er letterlijk in, zoals deelnemers ze gaven: "
                           "lees ze na op namen en andere persoonsgegevens voordat u het "
                           "rapport publiceert.",
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
        "summary": "At a glance",
        "self_selected": "Everyone who took part chose to: this is not a sample. The figures "
                         "say what these {n} participants think, not what all residents "
                         "think.",
        "who_took_part": "Who took part:",
        "support_means": "Support = the share of 'agree' among those who agreed or disagreed.",
        "agreed_title": "What nearly everyone agrees on",
        "agree_rule": "Only statements with at least {n} votes on which, in every opinion group "
                      "(participants who often voted alike), at least two thirds of those who "
                      "voted on it agreed.",
        "most_groups_title": "What most groups agree on",
        "none_agreed": "No statement meets that bar.",
        "divisive_title": "What divides the groups",
        "none_divisive": "There is only one opinion group, so nothing divides groups.",
        "nothing_divides": "No statement with at least {n} votes clearly divides the groups.",
        "summary_themes": "What the proposals are about ({n} themes, {total} proposals)",
        "theme_summary_line": "{name}: {n} proposals, support {support}",
        "theme_summary_unvoted": "{name}: {n} proposals, no votes yet",
        "summary_open": "What people wrote in their own words",
        "theme_count": "{name} ({n})",
        "other_count": "other ({n})",
        "answered": "{n} answers",
        "group_short": "group {name}",
        "share_of": "{name} {share} of {n}",
        "agree_per_group": "agree: {shares}",
        "agree_of_all": "{share} agree of {n} votes",
        "votes_total": "{n} votes",
        "vote_shares": "{agree} agree, {disagree} disagree, {passed} passed ({n} votes)",
        "few_votes_total": "note: fewer than {n} votes",
        "few_votes_groups": "note: group {names} fewer than {n} votes",
        "similar_one": "and 1 similar proposal",
        "similar_many": "and {n} similar proposals",
        "and": "and",
        "groups_intro": "Samen divided the participants into {n} opinion groups: people who "
                        "often voted alike. On the map each dot is a participant; people who "
                        "voted alike stand close together (the axes have no meaning of their "
                        "own).",
        "group_heading": "Group {name}: {n} participants ({share}%)",
        "group_sentence": "Group {name} ({n} people) mostly {stance}.",
        "group_agrees_with": "agrees with {items}",
        "group_disagrees_with": "disagrees with {items}",
        "group_no_stance": "differs from the rest on no statement in particular",
        "leaning": "In the questions they more often chose: {items}.",
        "leaning_item": "{answer} ({share}% against {everyone}% of everyone)",
        "consensus": "Agreement and division",
        "agree_rule_long": "\"Nearly everyone\" means here: at least {n} votes, and in every "
                           "opinion group at least two thirds of those who voted on the "
                           "statement agreed (a pass counts as a vote). \"Most groups\": that "
                           "holds in more than half of the groups. Every figure says how many "
                           "votes it rests on; below {few} votes it says they are few.",
        "consensus_top": "What (nearly) everyone agrees on",
        "divisive": "What divides the groups",
        "passed_title": "What people mostly passed on",
        "passed_note": "Statements many people skipped: unclear, or they did not know.",
        "none_passed": "No statement was passed on by {share}% or more of its voters.",
        "themes": "Themes among the proposals",
        "themes_intro": "Samen sorted the {total} proposals into {n} themes: proposals about "
                        "the same thing. Support = the share of 'agree' among those who agreed "
                        "or disagreed with the theme's proposals.",
        "theme_about": "Proposals about {terms}.",
        "theme_heading": "Theme {n}: {label}",
        "theme_line": "{size} proposals, support {support}.",
        "theme_line_unvoted": "{size} proposals, no votes yet.",
        "theme_more": "… and {n} more proposals in this theme (see the appendix).",
        "no_themes": "Too few proposals to form themes.",
        "other_theme": "{n} proposals fitted no theme (\"other\").",
        "other_theme_one": "1 proposal fitted no theme (\"other\").",
        "open_answers": "Open answers",
        "open_intro": "What people answered in their own words, sorted into themes like the "
                      "proposals; per theme two or three answers that show it well, verbatim.",
        "no_open_questions": "This consultation had no open questions.",
        "no_open_questions_polis": "A Pol.is export has no open questions.",
        "respondents": "{n} people answered this question.",
        "answer_theme_line": "{name}: {n} answers",
        "same_answer": "given {n} times",
        "too_few_answers": "Fewer than {n} answers: too few to form themes.",
        "other_answers": "Other answers ({n}, in no theme); those given most often:",
        "one_day": "All participation fell on one day ({day}): {new} new participants and "
                   "{votes} votes.",
        "appendix": "Appendix: every statement",
        "appendix_intro": "All {n} statements with their votes: % agree and disagree of those "
                          "who voted on it (the rest up to 100% passed) and % agree per opinion "
                          "group. "
                          "Figures below {few} votes rest on few votes. The same table, with "
                          "counts and passes, is tables/statements.csv.",
        "participants": "Participants",
        "completion": "Completed",
        "proposals": "Proposals",
        "votes": "Votes",
        "period": "Period",
        "groups_found": "Opinion groups",
        "not_applicable": "n/a",
        "agreed_detail": "{agree}% agree, {disagree}% disagree ({seen} votes)",
        "no_votes": "no votes yet",
        "participation": "Participation over time",
        "new_participants_per_day": "New participants per day",
        "votes_per_day": "Votes per day",
        "new_participants_per_month": "New participants per month",
        "votes_per_month": "Votes per month",
        "no_times": "This export has no times; participation over time cannot be shown.",
        "languages": "Participants by language",
        "questions": "Closed questions",
        "no_questions_polis": "A Pol.is export has no closed questions; this part is empty.",
        "no_questions": "This consultation had no closed questions.",
        "question": "Question {n}: {text}",
        "multiple_note": "Several answers allowed: percentages add up to more than 100%.",
        "theme_sizes": "Proposals per theme",
        "theme_support": "Support (% agree)",
        "groups": "Opinion groups",
        "opinion_map": "The opinion map",
        "group": "Group",
        "group_name": "Group {name} ({n})",
        "no_group_shown": "No group shown ({n})",
        "direction_agree": "agree",
        "direction_disagree": "disagree",
        "rep_detail": "{share}% of the group {direction} ({seen} votes in the group)",
        "no_groups": "There are too few votes to form opinion groups.",
        "no_map": "No opinion group has 5 or more people yet, so there is no opinion map to "
                  "show.",
        "suppressed_group": "Group {name} has fewer than 5 people; its breakdown is suppressed "
                            "(privacy).",
        "everyone": "Everyone",
        "agree": "agree (%)",
        "disagree": "disagree (%)",
        "methodology": "Methodology",
        "privacy": "Privacy",
        "privacy_text": "This report contains no Telegram user ids, names or pseudonyms: "
                        "participants are only numbered. Any breakdown for a group of fewer "
                        "than 5 people is left out and marked 'suppressed'. Proposals are "
                        "quoted as participants wrote them.",
        "privacy_answers": "Open answers are quoted word for word as participants gave them: "
                           "check them for names and other personal details before you "
                           "publish the report.",
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
           "theme": "Thema", "theme_name": "Thema",
           "proposals": "Voorstellen", "agrees": "Eens",
           "disagrees": "Oneens", "passes": "Pas", "support_percent": "Steun %",
           "stability_percent": "Stabiliteit %", "comment_id": "Nr.", "text": "Stelling",
           "pass_percent": "Pas %",
           "agree_disagree": "Eens / oneens %",
           "agree_percent": "Eens %", "disagree_percent": "Oneens %", "consensus": "Consensus",
           "divisiveness": "Verdeeldheid",
           "direction": "Richting", "votes_in_group": "Stemmen in groep",
           "share_percent": "Aandeel %", "repness": "Repr."},
    "en": {"metric": "", "value": "", "date": "Date", "new_participants": "New participants",
           "completed": "Completed", "votes": "Votes", "language": "Language",
           "participants": "Participants", "option": "Option", "label": "Answer",
           "count": "Count", "percent": "%", "respondents": "Answered", "group": "Group",
           "theme": "Theme", "theme_name": "Theme",
           "proposals": "Proposals", "agrees": "Agree",
           "disagrees": "Disagree", "passes": "Pass", "support_percent": "Support %",
           "stability_percent": "Stability %", "comment_id": "No.", "text": "Statement",
           "pass_percent": "Pass %",
           "agree_disagree": "Agree / disagree %",
           "agree_percent": "Agree %", "disagree_percent": "Disagree %", "consensus": "Consensus",
           "divisiveness": "Divisiveness",
           "direction": "Direction", "votes_in_group": "Votes in group",
           "share_percent": "Share %", "repness": "Repr."},
}


def text(language: str, key: str, **values: object) -> str:
    template = TEXTS.get(language, TEXTS["en"]).get(key) or TEXTS["en"][key]
    return template.format(**values) if values else template


def column(language: str, name: str) -> str:
    names = COLUMNS.get(language, COLUMNS["en"])
    for kind in ("agree_percent", "disagree_percent", "percent", "support_percent"):
        prefix = f"{kind}_group_"
        if name.startswith(prefix):  # e.g. agree_percent_group_A -> "Eens % A": short words,
            # so a narrow column's header is never split inside a word
            group = name.removeprefix(prefix)
            if kind == "percent":
                return f"{text(language, 'group')} {group} %"
            return f"{names[kind]} {group}"
    return names.get(name, name.replace("_", " "))
