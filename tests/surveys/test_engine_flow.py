"""The step-by-step conversation: every step type, conditions, back, skip, resume, versions."""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from surveys.engine import Engine
from surveys.model import LocalizedText, Option, SingleChoiceStep, Survey

USER = 1001
SECRET = b"test-secret"


async def _to_topics(engine: Engine, survey_id: str, user: int = USER, car: str = "no") -> None:
    await engine.consent(user, survey_id)
    await engine.proceed(user, survey_id, "welcome")
    await engine.answer(user, survey_id, "car", car)
    if car == "yes":
        await engine.answer(user, survey_id, "car_use", "work")


async def test_consent_comes_first(engine: Engine, town: Survey) -> None:
    view = await engine.view(USER, town.id)
    assert view.status == "consent" and view.privacy == "We store pseudonyms"
    refused = await engine.answer(USER, town.id, "car", "yes")
    assert refused.error is not None and refused.error.code == "no_consent"
    assert await engine.my_data(USER) == {}
    started = await engine.consent(USER, town.id)
    assert started.ok and started.view.step_id == "welcome"
    data = await engine.my_data(USER)
    assert data["consents"][0]["survey_id"] == town.id and data["consents"][0]["given_at"]


async def test_every_step_type_and_the_condition(engine: Engine, town: Survey) -> None:
    view = (await engine.consent(USER, town.id)).view
    assert (view.step_type, view.position, view.total) == ("info", 1, 6)  # car_use hidden
    view = (await engine.proceed(USER, town.id, "welcome")).view
    assert view.step_id == "car" and [o.id for o in view.options] == ["yes", "no"]
    view = (await engine.answer(USER, town.id, "car", "yes")).view
    assert view.step_id == "car_use" and view.max_length == 20 and view.total == 7
    view = (await engine.answer(USER, town.id, "car_use", "  commuting  ")).view
    assert view.step_id == "topics" and (view.min_choices, view.max_choices) == (1, 2)
    view = (await engine.answer(USER, town.id, "topics", ["schools", "parks"])).view
    assert view.step_id == "trust" and view.optional
    assert (view.scale_min, view.scale_max, view.scale_max_label) == (1, 5, "Full")
    view = (await engine.answer(USER, town.id, "trust", "4")).view
    assert view.step_id == "ideas"
    answers = {a["step_id"]: a["value"] for a in (await engine.my_data(USER))["answers"]}
    assert answers["car_use"] == "commuting"
    assert answers["topics"] == ["parks", "schools"]  # in the file's order
    assert answers["trust"] == 4


async def test_invalid_answers_give_reasons_and_store_nothing(engine: Engine, town: Survey) -> None:
    await _to_topics(engine, town.id, car="yes")
    await engine.back(USER, town.id)  # to car_use
    cases = [
        ("car", "maybe", "not_an_option", {"value": "maybe"}),
        ("car_use", "x" * 21, "too_long", {"max": 20, "length": 21}),
        ("car_use", "   ", "empty", {}),
    ]
    for step_id, value, code, params in cases:
        outcome = await engine.answer(USER, town.id, step_id, value)
        assert outcome.error is not None and outcome.error.code == code, (step_id, value)
        assert dict(outcome.error.params) == params
    await engine.answer(USER, town.id, "car_use", "work")
    for value, code in ((["parks", "roads", "schools"], "too_many_choices"),
                        ([], "too_few_choices"), (["parks", "zoo"], "not_an_option"),
                        ("parks", "not_an_option")):
        outcome = await engine.answer(USER, town.id, "topics", value)
        assert outcome.error is not None and outcome.error.code == code
    await engine.answer(USER, town.id, "topics", ["parks"])
    for value, code in ((9, "out_of_range"), ("four", "not_a_number"), (True, "not_a_number")):
        outcome = await engine.answer(USER, town.id, "trust", value)
        assert outcome.error is not None and outcome.error.code == code
        assert outcome.view.step_id == "trust"
    ahead = await engine.answer(USER, town.id, "judge", "x")
    assert ahead.error is not None and ahead.error.code == "not_current"
    answers = {a["step_id"] for a in (await engine.my_data(USER))["answers"]}
    assert answers == {"welcome", "car", "car_use", "topics"}


async def test_skip_only_optional_steps(engine: Engine, town: Survey) -> None:
    await _to_topics(engine, town.id)
    refused = await engine.skip(USER, town.id, "topics")
    assert refused.error is not None and refused.error.code == "not_optional"
    await engine.answer(USER, town.id, "topics", ["roads"])
    skipped = await engine.skip(USER, town.id, "trust")
    assert skipped.ok and skipped.view.step_id == "ideas"
    back = await engine.back(USER, town.id)
    assert back.view.step_id == "trust" and back.view.previously_skipped


async def test_back_shows_the_previous_answer_and_reanswer_replaces_it(
    engine: Engine, town: Survey
) -> None:
    await _to_topics(engine, town.id, car="yes")
    view = (await engine.back(USER, town.id)).view
    assert view.step_id == "car_use" and view.previous == "work"
    view = (await engine.back(USER, town.id)).view
    assert view.step_id == "car" and view.previous == "yes"
    # Changing the answer hides car_use: the next step is topics, car_use no longer counts.
    view = (await engine.answer(USER, town.id, "car", "no")).view
    assert view.step_id == "topics" and view.total == 6
    await engine.back(USER, town.id)
    await engine.back(USER, town.id)
    first = await engine.back(USER, town.id)
    assert first.error is not None and first.error.code == "at_start"
    data = await engine.my_data(USER)
    assert [a["value"] for a in data["answers"] if a["step_id"] == "car"] == ["no"]


async def test_old_button_reanswers_an_earlier_step_without_moving(
    engine: Engine, town: Survey
) -> None:
    await _to_topics(engine, town.id, car="no")
    view = (await engine.answer(USER, town.id, "car", "no")).view
    assert view.step_id == "topics"


async def test_old_button_after_finishing_replaces_the_answer_and_stays_finished(
    engine: Engine, town: Survey
) -> None:
    await _to_topics(engine, town.id, car="no")
    await engine.answer(USER, town.id, "topics", ["parks"])
    await engine.skip(USER, town.id, "trust")
    await engine.submit_proposal(USER, town.id, "ideas", "Longer opening hours for the pool")
    await engine.confirm_proposal(USER, town.id)
    view = (await engine.proceed(USER, town.id, "ideas")).view
    while view.status == "step":  # judge the two statements
        view = (await engine.vote(USER, town.id, view.vote_item.proposal_id, "pass")).view
    assert view.status == "finished"

    view = (await engine.answer(USER, town.id, "topics", ["roads"])).view  # an old message
    assert view.status == "finished"
    data = await engine.my_data(USER)
    assert [a["value"] for a in data["answers"] if a["step_id"] == "topics"] == [["roads"]]
    # A changed answer that shows a step not answered yet leads there, then back to the end.
    view = (await engine.answer(USER, town.id, "car", "yes")).view
    assert (view.status, view.step_id) == ("step", "car_use")
    view = (await engine.answer(USER, town.id, "car_use", "work")).view
    assert view.status == "finished"
    assert (await engine.stats(town.id)).completed == 1


async def test_resume_with_a_new_engine_on_the_same_database(
    engine: Engine, town: Survey, database: str | Path
) -> None:
    await _to_topics(engine, town.id, car="yes")
    async with await Engine.open(database, SECRET) as second:
        view = await second.view(USER, town.id)
        assert view.status == "step" and view.step_id == "topics"
        await second.answer(USER, town.id, "topics", ["parks"])
    assert (await engine.view(USER, town.id)).step_id == "trust"


async def test_finishing_and_the_comparison(engine: Engine, town: Survey) -> None:
    for user, car, topics in ((1, "yes", ["parks"]), (2, "no", ["parks", "roads"]),
                              (3, "yes", ["roads"]), (4, "yes", ["parks"])):
        await _to_topics(engine, town.id, user, car)
        await engine.answer(user, town.id, "topics", topics)
    await engine.skip(1, town.id, "trust")
    await engine.skip(1, town.id, "ideas")  # not optional
    await engine.proceed(1, town.id, "ideas")  # needs a proposal
    outcome = await engine.proceed(1, town.id, "ideas")
    assert outcome.error is not None and outcome.error.code == "needs_proposal"
    comparison = await engine.comparison(1, town.id)
    by_step = {q.step_id: q for q in comparison.questions}
    assert by_step["car"].answer_label == "Yes"
    assert by_step["car"].others == 3 and abs(by_step["car"].same_share - 2 / 3) < 1e-9
    assert by_step["topics"].answer_label == "Parks" and by_step["topics"].same_share == 2 / 3
    assert comparison.participants == 4


async def test_language_is_stored_and_used(engine: Engine, town: Survey) -> None:
    assert await engine.language(USER) is None
    await engine.set_language(USER, "nl")
    assert await engine.language(USER) == "nl"
    view = (await engine.consent(USER, town.id)).view
    assert view.language == "nl" and view.text == "NL Welcome"
    await engine.set_language(USER, "en")
    assert (await engine.view(USER, town.id)).text == "Welcome"


async def test_consent_can_store_the_language_in_the_same_call(
    engine: Engine, town: Survey
) -> None:
    view = (await engine.consent(USER, town.id, language="nl")).view
    assert view.language == "nl" and view.text == "NL Welcome"
    assert await engine.language(USER) == "nl"
    assert (await engine.view(USER, town.id)).text == "NL Welcome"  # the view agrees
    # A language the survey lacks is still the citizen's choice; the survey shows its first.
    other = USER + 1
    view = (await engine.consent(other, town.id, language="de")).view
    assert await engine.language(other) == "de" and view.text == "Welcome"
    # Consent given before: only the language changes.
    again = await engine.consent(other, town.id, language="nl")
    assert again.ok and await engine.language(other) == "nl"
    assert again.view.text == "NL Welcome"


async def test_closed_and_timed_surveys(engine: Engine, survey_factory, clock) -> None:
    survey = survey_factory("timed", opens=clock.now + timedelta(days=1),
                            closes=clock.now + timedelta(days=2))
    await engine.load_survey(survey)
    assert (await engine.view(USER, "timed")).unavailable_reason == "draft"
    await engine.open_survey("timed")
    assert (await engine.view(USER, "timed")).unavailable_reason == "not_yet_open"
    assert await engine.available_surveys() == []
    clock.now += timedelta(days=1, hours=1)
    assert [s.id for s in await engine.available_surveys()] == ["timed"]
    assert (await engine.consent(USER, "timed")).ok
    clock.now += timedelta(days=1)
    refused = await engine.proceed(USER, "timed", "welcome")
    assert refused.error is not None and refused.error.code == "survey_unavailable"
    assert dict(refused.error.params) == {"reason": "ended"}
    await engine.close_survey("timed")
    assert (await engine.view(USER, "timed")).unavailable_reason == "closed"
    missing = await engine.consent(USER, "nope")
    assert missing.error is not None and dict(missing.error.params) == {"reason": "not_found"}


async def test_a_changed_survey_is_a_new_version_and_old_answers_keep_theirs(
    engine: Engine, town: Survey
) -> None:
    await _to_topics(engine, town.id, car="yes")
    assert (await engine.load_survey(town)).changed is False
    car = town.step("car")
    assert isinstance(car, SingleChoiceStep)
    reworded = replace(car, options=(*car.options, Option("lease", LocalizedText({"en": "Lease"}))))
    new = replace(town, steps=tuple(reworded if s.id == "car" else s for s in town.steps))
    result = await engine.load_survey(new)
    assert (result.version, result.changed) == (2, True)
    view = await engine.view(USER, town.id)
    assert view.survey_version == 2 and view.step_id == "topics"
    await engine.answer(USER, town.id, "topics", ["parks"])
    versions = {a["step_id"]: a["survey_version"] for a in (await engine.my_data(USER))["answers"]}
    assert versions["car"] == 1 and versions["topics"] == 2
    infos = await engine.list_surveys()
    assert [(i.id, i.version, i.status) for i in infos] == [("town", 2, "open")]


async def test_concurrent_citizens_lose_and_duplicate_nothing(
    engine: Engine, town: Survey
) -> None:
    users = range(5000, 5040)

    async def citizen(user: int) -> None:
        await asyncio.sleep(random.random() / 100)
        await _to_topics(engine, town.id, user, car="yes")
        await engine.answer(user, town.id, "topics", ["parks"])

    await asyncio.gather(*(citizen(user) for user in users))
    stats = await engine.stats(town.id)
    assert stats.participants == 40
    assert stats.answers == 40 * 4  # welcome, car, car_use, topics
    for user in users:
        assert (await engine.view(user, town.id)).step_id == "trust"


async def test_delete_me_removes_everything(engine: Engine, town: Survey) -> None:
    await _to_topics(engine, town.id, car="yes")
    assert await engine.delete_me(USER)
    assert await engine.my_data(USER) == {}
    assert (await engine.view(USER, town.id)).status == "consent"
    assert (await engine.stats(town.id)).participants == 0
    assert not await engine.delete_me(USER)
