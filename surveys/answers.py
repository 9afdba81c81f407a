"""Checking answers against their step, and which steps a participant's answers make visible."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from surveys.model import (
    FreeTextStep,
    MultipleChoiceStep,
    ProposalsStep,
    ScaleStep,
    SingleChoiceStep,
    Step,
)
from surveys.storage.base import AnswerRecord, AnswerValue
from surveys.text import clean_text, has_visible_content
from surveys.views import AnswerForm, Rejection

_INTEGER = re.compile(r"-?[0-9]{1,9}", re.ASCII)


def max_choices(step: MultipleChoiceStep) -> int:
    return len(step.options) if step.max_choices is None else step.max_choices


def validate_answer(step: Step, value: object) -> AnswerValue | Rejection:
    """The value to store (normalised), or why it is not a valid answer to `step`."""
    if isinstance(step, SingleChoiceStep):
        ids = {option.id for option in step.options}
        if not isinstance(value, str) or value not in ids:
            return Rejection("not_an_option", {"value": str(value)})
        return value
    if isinstance(step, MultipleChoiceStep):
        return _validate_choices(step, value)
    if isinstance(step, ScaleStep):
        number = _as_int(value)
        if number is None:
            return Rejection("not_a_number", {"min": step.minimum, "max": step.maximum})
        if not step.minimum <= number <= step.maximum:
            return Rejection("out_of_range", {"min": step.minimum, "max": step.maximum})
        return number
    if isinstance(step, FreeTextStep):
        return validate_text(value, 1, step.max_length)
    return Rejection("wrong_step_type", {"step_type": step.type.value})


def _validate_choices(step: MultipleChoiceStep, value: object) -> AnswerValue | Rejection:
    if isinstance(value, str) or not isinstance(value, Sequence | set | frozenset):
        return Rejection("not_an_option", {"value": str(value)})
    chosen = set()
    for choice in value:
        if choice not in {option.id for option in step.options}:
            return Rejection("not_an_option", {"value": str(choice)})
        chosen.add(choice)
    limits = {"min": step.min_choices, "max": max_choices(step), "count": len(chosen)}
    if len(chosen) < step.min_choices:
        return Rejection("too_few_choices", limits)
    if len(chosen) > max_choices(step):
        return Rejection("too_many_choices", limits)
    return [option.id for option in step.options if option.id in chosen]  # the file's order


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # Not `str.isdigit`: it accepts '²' and other digits `int` refuses, and "--1" got past
    # `lstrip("-")`; nine digits keep the number an ordinary one.
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def validate_text(value: object, min_length: int, max_length: int) -> str | Rejection:
    """The text to store (`surveys.text.clean_text`), or why it cannot be: a text with nothing
    visible in it (only zero-width or direction characters, say) is empty."""
    if not isinstance(value, str):
        return Rejection("empty")
    text = clean_text(value)
    if not has_visible_content(text):
        return Rejection("empty")
    if len(text) < min_length:
        return Rejection("too_short", {"min": min_length, "length": len(text)})
    if len(text) > max_length:
        return Rejection("too_long", {"max": max_length, "length": len(text)})
    return text


def validate_proposal(step: ProposalsStep, value: object) -> str | Rejection:
    return validate_text(value, step.min_length, step.max_length)


def answer_form(value: AnswerValue) -> AnswerForm | None:
    """A stored value as `Engine.answer` takes it (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


def still_valid(step: Step, answer: AnswerRecord) -> bool:
    """Whether an answer (perhaps given under an older version) still fits the step."""
    if answer.skipped:
        return step.optional
    if isinstance(step, SingleChoiceStep | MultipleChoiceStep | ScaleStep | FreeTextStep):
        return not isinstance(validate_answer(step, answer.value), Rejection)
    return True  # info, proposals, vote: "done" markers


def condition_holds(step: Step, answers: Mapping[str, AnswerRecord]) -> bool:
    """`show_if` on the recorded answers (callers pass only the answers that count)."""
    if step.show_if is None:
        return True
    answer = answers.get(step.show_if.step_id)
    if answer is None or answer.skipped or answer.value is None:
        return False
    given = answer.value if isinstance(answer.value, list) else [answer.value]
    return any(str(value) in step.show_if.any_of for value in given)


def visible_steps(steps: Sequence[Step], answers: Mapping[str, AnswerRecord]) -> list[Step]:
    """The steps shown, in order; a step hidden by a condition hides the steps that depend on it.

    `answers` must already be restricted to answers valid under this version of the survey.
    """
    shown: list[Step] = []
    counted: dict[str, AnswerRecord] = {}
    for step in steps:
        if condition_holds(step, counted):
            shown.append(step)
            if step.id in answers:
                counted[step.id] = answers[step.id]
    return shown
