"""The `steps:` list of a survey file: each step by its type, then the conditions between steps.

Conditions (`show_if`) are checked after every step has been read, because they may only look
back at earlier steps, and what they may compare against depends on that step's type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from yaml.nodes import Node, SequenceNode

from surveys.model import (
    Condition,
    FreeTextStep,
    InfoStep,
    MultipleChoiceStep,
    Option,
    ProposalsStep,
    ScaleStep,
    SingleChoiceStep,
    Step,
    StepType,
    VoteStep,
)
from surveys.yamlnodes import Fields, NodeReader, did_you_mean, line_of, read_identified_texts

MAX_TEXT_LENGTH = 4000  # a Telegram message holds 4096 characters; leave room for the bot's own
MAX_LABEL_LENGTH = 100  # option labels and scale end labels become buttons
MAX_OPTIONS = 20
MAX_SCALE_POINTS = 11  # 0-10 still fits a keyboard row or two; more does not
MAX_ANSWER_LENGTH = 4000  # free text and proposals are single Telegram messages

COMMON_FIELDS = ("id", "type", "text", "optional", "show_if")
TYPE_FIELDS: dict[StepType, tuple[str, ...]] = {
    StepType.SINGLE_CHOICE: ("options",),
    StepType.MULTIPLE_CHOICE: ("options", "min", "max"),
    StepType.SCALE: ("min", "max", "min_label", "max_label"),
    StepType.FREE_TEXT: ("max_length",),
    StepType.PROPOSALS: ("max_per_participant", "min_length", "max_length"),
    StepType.VOTE: ("votes_per_participant",),
    StepType.INFO: (),
}
# Whole numbers in every step type that has them (with limits that differ between types).
NUMBER_FIELDS = (
    "min", "max", "max_length", "min_length", "max_per_participant", "votes_per_participant",
)
# Types whose answers are discrete values that a condition can compare against.
CONDITIONAL_TYPES = (StepType.SINGLE_CHOICE, StepType.MULTIPLE_CHOICE, StepType.SCALE)


@dataclass
class ReadStep:
    """A step as read from the file; `step` is None when it had problems."""

    index: int
    node: Node
    id: str | None
    type: StepType | None
    step: Step | None
    fields: Fields | None = None
    show_if: Fields | None = None
    options: tuple[str, ...] = field(default=())


def read_steps(reader: NodeReader, node: Node, languages: Sequence[str]) -> list[ReadStep]:
    """Every step of the `steps` list (problems recorded in `reader`), conditions resolved."""
    items = reader.items(node, "steps")
    if items is None:
        return []
    if not items:
        reader.report(node, "steps", "a survey needs at least one step")
    read = [_read_step(reader, item, index, languages) for index, item in enumerate(items)]
    _check_unique_ids(reader, read)
    for entry in read:
        if entry.show_if is not None:
            _resolve_condition(reader, entry, read)
    return read


def _read_step(reader: NodeReader, node: Node, index: int, languages: Sequence[str]) -> ReadStep:
    path = f"steps[{index}]"
    fields = reader.fields(node, path, "a step (a mapping with id, type, text, ...)")
    if fields is None:
        return ReadStep(index, node, None, None, None)
    fields.require(("id", "type", "text"))

    step_id = fields.read("id", reader.slug)
    step_type = _step_type(reader, fields)
    text = fields.read("text", lambda n, p: reader.localized(n, p, languages, MAX_TEXT_LENGTH))
    optional = fields.read("optional", reader.boolean)
    show_if = None
    if (show_if_node := fields.get("show_if")) is not None:
        show_if = reader.fields(show_if_node, fields.child("show_if"), "{step: ID, is: VALUE}")

    if step_type is None:
        every_field = {name for names in TYPE_FIELDS.values() for name in names}
        fields.reject_unknown((*COMMON_FIELDS, *sorted(every_field)))
        _check_without_type(reader, fields, languages)
        return ReadStep(index, node, step_id, None, None, fields, show_if)
    specific = TYPE_FIELDS[step_type]
    fields.reject_unknown((*COMMON_FIELDS, *specific), _belongs_elsewhere(step_type))

    problems_before = len(reader.problems)
    extra, option_ids = _read_type_fields(reader, fields, step_type, languages)
    step = None
    if step_id is not None and text is not None and len(reader.problems) == problems_before:
        step_class = _STEP_CLASSES[step_type]
        step = step_class(id=step_id, text=text, optional=bool(optional), **extra)
    return ReadStep(index, node, step_id, step_type, step, fields, show_if, option_ids)


def _step_type(reader: NodeReader, fields: Fields) -> StepType | None:
    node = fields.get("type")
    if node is None:
        return None
    name = reader.word(node, fields.child("type"), "a step type")
    if name is None:
        return None
    try:
        return StepType(name)
    except ValueError:
        names = [member.value for member in StepType]
        hint = did_you_mean(name, names) or f" (one of: {', '.join(names)})"
        reader.report(node, fields.child("type"), f"unknown step type {name!r}{hint}")
        return None


def _check_without_type(reader: NodeReader, fields: Fields, languages: Sequence[str]) -> None:
    """Report the type fields' problems that do not depend on the type (numbers, options, labels).

    A missing or misspelt type must not hide them: `max: five` is wrong in every step type.
    """
    for name in NUMBER_FIELDS:
        fields.read(name, reader.integer)
    fields.read("options", lambda n, p: _read_options(reader, n, p, languages))
    for name in ("min_label", "max_label"):
        fields.read(name, lambda n, p: reader.localized(n, p, languages, MAX_LABEL_LENGTH))


def _belongs_elsewhere(step_type: StepType) -> dict[str, str]:
    """For fields of other step types: which types they belong to."""
    owners: dict[str, list[str]] = {}
    for other, names in TYPE_FIELDS.items():
        for name in names:
            owners.setdefault(name, []).append(other.value)
    return {
        name: f"{name!r} belongs to {' and '.join(types)} steps, not {step_type.value}"
        for name, types in owners.items()
    }


def _read_type_fields(
    reader: NodeReader, fields: Fields, step_type: StepType, languages: Sequence[str]
) -> tuple[dict[str, object], tuple[str, ...]]:
    """The keyword arguments of the step's class, and its option ids (for conditions)."""
    if step_type in (StepType.SINGLE_CHOICE, StepType.MULTIPLE_CHOICE):
        fields.require(("options",))
        options = fields.read("options", lambda n, p: _read_options(reader, n, p, languages))
        options = options or ()
        extra: dict[str, object] = {"options": options}
        if step_type is StepType.MULTIPLE_CHOICE:
            extra |= _choice_limits(reader, fields, len(options))
        return extra, tuple(option.id for option in options)
    if step_type is StepType.SCALE:
        return _scale_fields(reader, fields, languages), ()
    if step_type is StepType.FREE_TEXT:
        number = _number_reader(reader, fields)
        return {"max_length": number("max_length", 1, MAX_ANSWER_LENGTH, 1000)}, ()
    if step_type is StepType.PROPOSALS:
        number = _number_reader(reader, fields)
        shortest = number("min_length", 1, MAX_ANSWER_LENGTH, 10)
        longest = number("max_length", 1, MAX_ANSWER_LENGTH, 500)
        if shortest > longest:
            message = f"min_length ({shortest}) is more than max_length ({longest})"
            reader.report(fields.values["min_length"], fields.child("min_length"), message)
        per_participant = number("max_per_participant", 1, 50, 3)
        return {
            "max_per_participant": per_participant,
            "min_length": shortest,
            "max_length": longest,
        }, ()
    if step_type is StepType.VOTE:
        number = _number_reader(reader, fields)
        return {"votes_per_participant": number("votes_per_participant", 1, 1000, 10)}, ()
    return {}, ()


def _number_reader(reader: NodeReader, fields: Fields) -> Callable[[str, int, int, int], int]:
    """number(name, minimum, maximum, default): the field's whole number, or the default."""

    def number(name: str, minimum: int, maximum: int, default: int) -> int:
        node = fields.get(name)
        if node is None:
            return default
        value = reader.integer(node, fields.child(name), minimum, maximum)
        return default if value is None else value

    return number


def _read_options(
    reader: NodeReader, node: Node, path: str, languages: Sequence[str]
) -> tuple[Option, ...]:
    items = reader.items(node, path)
    if items is None:
        return ()
    if len(items) < 2:
        reader.report(node, path, f"give at least 2 options, found {len(items)}")
    if len(items) > MAX_OPTIONS:
        reader.report(node, path, f"at most {MAX_OPTIONS} options fit, found {len(items)}")
    pairs = read_identified_texts(
        reader, items, path, languages, text_field="label", what="option",
        describe="an option {id: ..., label: ...}", max_length=MAX_LABEL_LENGTH,
    )
    return tuple(Option(option_id, label) for option_id, label in pairs)


def _choice_limits(reader: NodeReader, fields: Fields, option_count: int) -> dict[str, object]:
    """min/max for a multiple-choice step: 0 <= min <= max <= the number of options."""
    minimum = fields.read("min", lambda n, p: reader.integer(n, p, 0))
    maximum = fields.read("max", lambda n, p: reader.integer(n, p, 1))
    for name, value in (("min", minimum), ("max", maximum)):
        if value is not None and option_count and value > option_count:
            message = f"{name} ({value}) is more than the number of options ({option_count})"
            reader.report(fields.values[name], fields.child(name), message)
    if minimum is not None and maximum is not None and minimum > maximum:
        message = f"min ({minimum}) is more than max ({maximum})"
        reader.report(fields.values["min"], fields.child("min"), message)
    return {"min_choices": 1 if minimum is None else minimum, "max_choices": maximum}


def _scale_fields(
    reader: NodeReader, fields: Fields, languages: Sequence[str]
) -> dict[str, object]:
    minimum = fields.read("min", reader.integer)
    maximum = fields.read("max", reader.integer)
    low = 1 if minimum is None else minimum
    high = 5 if maximum is None else maximum
    where = fields.values.get("max", fields.values.get("min", fields.node))
    if low >= high:
        reader.report(
            where,
            fields.child("max"),
            f"the scale must go up: max ({high}) must be more than min ({low})",
        )
    elif high - low + 1 > MAX_SCALE_POINTS:
        reader.report(
            where,
            fields.child("max"),
            f"a scale of {high - low + 1} points ({low} to {high}) is too long for a keyboard; "
            f"at most {MAX_SCALE_POINTS}",
        )
    labels = {
        name: fields.read(name, lambda n, p: reader.localized(n, p, languages, MAX_LABEL_LENGTH))
        for name in ("min_label", "max_label")
    }
    return {"minimum": low, "maximum": high, **labels}


_STEP_CLASSES: dict[StepType, type[Step]] = {
    StepType.SINGLE_CHOICE: SingleChoiceStep,
    StepType.MULTIPLE_CHOICE: MultipleChoiceStep,
    StepType.SCALE: ScaleStep,
    StepType.FREE_TEXT: FreeTextStep,
    StepType.PROPOSALS: ProposalsStep,
    StepType.VOTE: VoteStep,
    StepType.INFO: InfoStep,
}


def _check_unique_ids(reader: NodeReader, read: list[ReadStep]) -> None:
    first: dict[str, ReadStep] = {}
    for entry in read:
        if entry.id is None:
            continue
        if entry.id in first:
            earlier = first[entry.id]
            where = f"steps[{earlier.index}] on line {line_of(earlier.node)}"
            message = f"duplicate step id {entry.id!r} (also {where})"
            reader.report(_id_node(entry) or entry.node, f"steps[{entry.index}].id", message)
            entry.step = None
        else:
            first[entry.id] = entry


def _id_node(entry: ReadStep) -> Node | None:
    return entry.fields.get("id") if entry.fields is not None else None


def _resolve_condition(reader: NodeReader, entry: ReadStep, read: list[ReadStep]) -> None:
    """Check `show_if: {step: ID, is: VALUE or [VALUES]}` and attach it to the step."""
    fields = entry.show_if
    assert fields is not None
    fields.require(("step", "is"))
    fields.reject_unknown(("step", "is"))
    target_node, values_node = fields.get("step"), fields.get("is")
    if target_node is None or values_node is None:
        entry.step = None
        return
    target = _condition_target(reader, entry, fields, target_node, read)
    values = _condition_values(reader, fields, values_node, target)
    if target is None or values is None:
        entry.step = None
        return
    if entry.step is not None:
        condition = Condition(step_id=str(target.id), any_of=values)
        entry.step = dataclasses.replace(entry.step, show_if=condition)


def _condition_target(
    reader: NodeReader, entry: ReadStep, fields: Fields, node: Node, read: list[ReadStep]
) -> ReadStep | None:
    path = fields.child("step")
    target_id = reader.word(node, path, "a step id")
    if target_id is None:
        return None
    by_id = {other.id: other for other in reversed(read) if other.id is not None}
    target = by_id.get(target_id)
    if target is None:
        reader.report(
            node, path, f"no step has id {target_id!r}" + did_you_mean(target_id, list(by_id))
        )
        return None
    if target.index == entry.index:
        reader.report(node, path, "a step cannot depend on its own answer")
        return None
    if target.index > entry.index:
        message = (
            f"step {target_id!r} comes later (steps[{target.index}]); "
            "a condition can only look back"
        )
        reader.report(node, path, message)
        return None
    if target.type is None:
        return None  # its type problem is reported already
    if target.type not in CONDITIONAL_TYPES:
        kinds = ", ".join(kind.value for kind in CONDITIONAL_TYPES)
        message = (
            f"step {target_id!r} is a {target.type.value} step; "
            f"conditions can only look at {kinds} steps"
        )
        reader.report(node, path, message)
        return None
    return target


def _condition_values(
    reader: NodeReader, fields: Fields, node: Node, target: ReadStep | None
) -> tuple[str, ...] | None:
    """The answers that show the step, checked against the target step's options or scale."""
    path = fields.child("is")
    if isinstance(node, SequenceNode):
        items = [(item, f"{path}[{index}]") for index, item in enumerate(node.value)]
        if not items:
            reader.report(node, path, "give at least one answer")
            return None
    else:
        items = [(node, path)]
    values: list[str] = []
    valid = True
    for item, item_path in items:
        value = reader.word(item, item_path, "an answer (an option id or a scale value)")
        if value is None:
            valid = False
        elif target is not None and (
            checked := _check_answer(reader, item, item_path, value, target)
        ):
            values.append(checked)
        else:
            valid = False
    return tuple(dict.fromkeys(values)) if valid else None


def _check_answer(
    reader: NodeReader, node: Node, path: str, value: str, target: ReadStep
) -> str | None:
    """`value` as the condition stores it, if the target step can give that answer."""
    if target.step is None:
        return value  # the target's own problems are reported; its answers are unknown
    if isinstance(target.step, ScaleStep):
        low, high = target.step.minimum, target.step.maximum
        if not (value.lstrip("-").isdigit() and low <= int(value) <= high):
            message = (
                f"{value!r} is not a point on the scale of step {target.id!r} ({low} to {high})"
            )
            reader.report(node, path, message)
            return None
        return str(int(value))
    if value not in target.options:
        choices = ", ".join(target.options)
        hint = did_you_mean(value, target.options) or f" (options: {choices})"
        reader.report(node, path, f"{value!r} is not an option of step {target.id!r}{hint}")
        return None
    return value
