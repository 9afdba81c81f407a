"""Text with nothing to see in it is no answer and no proposal; direction controls are dropped."""

from __future__ import annotations

import pytest

from surveys.surveyfile import SurveyFileError, parse_survey
from surveys.text import clean_text, has_visible_content
from tests.bot.conftest import BotUnderTest, reply
from tests.bot.test_bot_bad_input import at_free_text
from tests.bot.test_bot_organisers_and_privacy import to_proposals
from tests.surveys.surveyfile_helpers import BASE

INVISIBLE = [
    "\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b",  # zero-width spaces
    "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f",  # direction controls
    "\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164",  # Hangul filler
    "\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800",  # braille blank
    "\ufeff\u2060\u00ad\u200c\u200d\ufe0f\u180e\u2061\u2062\u2063\u2064",  # joiners and friends
    "\u00a0\u2003\u3000\u205f\u202f\u2028\u2029\u0085\t\x00\x07\x1b",  # spaces and controls
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_text_has_no_visible_content(text: str) -> None:
    assert not has_visible_content(clean_text(text))


def test_cleaning_keeps_what_a_reader_sees() -> None:
    assert clean_text("Meer\u202e bomen\u2066 in de\u200b straat\x00") == "Meer bomen in de straat"
    assert clean_text("Cafe\u0301\r\nterras") == "Café\nterras"  # NFC, one kind of line break
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # an emoji sequence keeps its joiners
    assert clean_text(f" {family} ") == family and has_visible_content(family)
    assert has_visible_content("שלום\u200f") and has_visible_content("٣")


async def test_an_invisible_proposal_is_refused(samen: BotUnderTest) -> None:
    eva = samen.citizen(7201)
    await to_proposals(eva)
    for text in INVISIBLE[:5]:
        await eva.send(text)
        answer = await reply(eva)
        assert answer.text.startswith("Ik zie geen tekst in dat bericht."), (text, answer.text)
        assert "Wat zou u veranderen?" in answer.text
    data = await samen.engine.my_data(7201)
    assert data.get("draft") in (None, {}, []) and not data.get("proposals")
    await eva.send("\u202eMeer bomen\u202c in de straat\u200b")
    draft = await reply(eva)
    assert "“Meer bomen in de straat”" in draft.text  # stored and shown without the controls


async def test_an_invisible_free_text_answer_is_refused(samen: BotUnderTest) -> None:
    ole = samen.citizen(7202)
    await at_free_text(ole)
    await ole.send("\u200b\u2066\u2069\u3164")
    answer = await reply(ole)
    assert answer.text.startswith("Ik zie geen tekst in dat bericht.")
    assert "Wilt u dat toelichten?" in answer.text
    stored = await samen.engine.my_data(7202)
    assert "toelichting" not in [a["step_id"] for a in stored["answers"]]


def test_a_survey_text_with_nothing_visible_is_refused() -> None:
    with pytest.raises(SurveyFileError) as refused:
        parse_survey(BASE.replace("title: Demo", 'title: "\\u200b\\u202e\\u3164"'))
    assert "title: text has no visible characters" in str(refused.value)
