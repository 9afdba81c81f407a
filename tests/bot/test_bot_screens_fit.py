"""Property: a survey `surveys validate` accepts has screens that fit one Telegram message, with the
bot's real words in every interface language and the longest citizen text whole (no cut).

This holds `surveys.messagefit.BOT_WORDS` to the catalogues: a catalogue text that grows past
the allowance makes an accepted survey's screen too long here.
"""

from __future__ import annotations

import json

from hypothesis import event, given, settings
from hypothesis import strategies as st

from bot import screens
from bot.i18n import LANGUAGES
from surveys.messagefit import MESSAGE_UNITS, SIMILAR_QUOTE, units
from surveys.model import ProposalsStep, ScaleStep, Survey, VoteStep
from surveys.surveyfile import check_survey_text, parse_survey
from surveys.views import DraftView, SimilarProposal, StepView, VoteItem

WIDEST = "😀"  # two UTF-16 units: the worst case for a citizen's character


def sized(unit: str, count: int) -> str:
    return (unit * count)[:4000]


texts = st.builds(
    sized,
    st.sampled_from(["a", "😀", "é", "漢", "Bomen "]),
    st.integers(min_value=1, max_value=3600),
)


def survey_yaml(
    title: str, privacy: str, question: str, vote: str, statement: str, max_length: int, label: str
) -> str:
    def both(text: str) -> str:
        return json.dumps({"nl": text, "en": text}, ensure_ascii=False)

    return f"""
id: fuzz
languages: [nl, en]
title: {both(title)}
intro: {both("Welkom.")}
privacy: {both(privacy)}
statements:
  - {{id: s1, text: {both(statement)}}}
steps:
  - id: vraag
    type: scale
    text: {both(question)}
    min: 0
    max: 10
    min_label: {both(label)}
    max_label: {both(label)}
  - id: ideeen
    type: proposals
    text: {both("Wat zou u veranderen?")}
    min_length: 1
    max_length: {max_length}
  - id: stemmen
    type: vote
    text: {both(vote)}
"""


def view_of(survey: Survey, index: int, **fields: object) -> StepView:
    step = survey.steps[index]
    return StepView(
        "step",
        survey.id,
        survey_version=1,
        step_id=step.id,
        step_type=step.type,
        text=step.text.get("nl"),
        position=99,
        total=99,
        **fields,
    )  # type: ignore[arg-type]


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(
    title=texts,
    privacy=texts,
    question=texts,
    vote=texts,
    statement=texts,
    max_length=st.integers(min_value=1, max_value=2500),
    label=st.builds(sized, st.sampled_from(["a", "😀"]), st.integers(1, 100)),
)
def test_an_accepted_survey_fits_every_screen_whole(
    title: str,
    privacy: str,
    question: str,
    vote: str,
    statement: str,
    max_length: int,
    label: str,
) -> None:
    text = survey_yaml(title, privacy, question, vote, statement, max_length, label)
    if check_survey_text(text):  # refused, with reasons (and never an exception)
        event("refused")
        return
    event("accepted")
    survey = parse_survey(text)
    scale, proposals, voting = survey.steps
    assert isinstance(scale, ScaleStep) and isinstance(proposals, ProposalsStep)
    assert isinstance(voting, VoteStep)
    longest = WIDEST * proposals.max_length
    similar = tuple(SimilarProposal(n, WIDEST * SIMILAR_QUOTE, 0.9) for n in range(3))
    for language in LANGUAGES:
        seeded = survey.statements[0].text.get(language)
        shown = [
            screens.consent_screen(survey, language, language).text,
            screens.step_screen(
                view_of(
                    survey,
                    0,
                    scale_min=0,
                    scale_max=10,
                    scale_min_label=label,
                    scale_max_label=label,
                ),
                language,
            ).text,
            screens.step_screen(
                view_of(
                    survey,
                    1,
                    draft=DraftView(longest, similar),
                    min_length=1,
                    max_length=proposals.max_length,
                    proposals_max=3,
                ),
                language,
            ).text,
            screens.step_screen(
                view_of(
                    survey, 2, vote_item=VoteItem(7, longest, False), votes_cast=98, items_left=99
                ),
                language,
            ).text,
            screens.step_screen(
                view_of(
                    survey, 2, vote_item=VoteItem(8, seeded, True), votes_cast=98, items_left=99
                ),
                language,
            ).text,
        ]
        for screen in shown:
            assert units(screen) <= MESSAGE_UNITS
        assert survey.privacy.get(language) in shown[0]
        assert scale.text.get(language) in shown[1]
        assert f"“{longest}”" in shown[2] and f"“{longest}”" in shown[3]
        assert f"“{seeded}”" in shown[4]
