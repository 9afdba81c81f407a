"""A Survey as plain JSON data and back: how survey versions are stored and exported.

The stored definition is what the engine runs on, so a survey loaded once keeps working even
if the YAML file is later edited or deleted. The fingerprint of this canonical form decides
whether loading a file makes a new version.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from surveys.model import (
    Condition,
    FreeTextStep,
    InfoStep,
    LocalizedText,
    ModerationMode,
    MultipleChoiceStep,
    Option,
    ProposalsStep,
    ScaleStep,
    SingleChoiceStep,
    Statement,
    Step,
    StepType,
    Survey,
    VoteStep,
)

_STEP_CLASSES: dict[StepType, type[Step]] = {
    StepType.INFO: InfoStep,
    StepType.SINGLE_CHOICE: SingleChoiceStep,
    StepType.MULTIPLE_CHOICE: MultipleChoiceStep,
    StepType.SCALE: ScaleStep,
    StepType.FREE_TEXT: FreeTextStep,
    StepType.PROPOSALS: ProposalsStep,
    StepType.VOTE: VoteStep,
}


def _text(text: LocalizedText | None) -> dict[str, str] | None:
    return None if text is None else dict(text.values)


def _localized(data: dict[str, str] | None) -> LocalizedText | None:
    return None if data is None else LocalizedText(data)


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def step_to_dict(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": step.id,
        "type": step.type.value,
        "text": _text(step.text),
        "optional": step.optional,
        "show_if": None
        if step.show_if is None
        else {"step_id": step.show_if.step_id, "any_of": list(step.show_if.any_of)},
    }
    if isinstance(step, SingleChoiceStep | MultipleChoiceStep):
        data["options"] = [{"id": o.id, "label": _text(o.label)} for o in step.options]
    if isinstance(step, MultipleChoiceStep):
        data["min_choices"] = step.min_choices
        data["max_choices"] = step.max_choices
    if isinstance(step, ScaleStep):
        data |= {
            "minimum": step.minimum,
            "maximum": step.maximum,
            "min_label": _text(step.min_label),
            "max_label": _text(step.max_label),
        }
    if isinstance(step, FreeTextStep):
        data["max_length"] = step.max_length
    if isinstance(step, ProposalsStep):
        data |= {
            "max_per_participant": step.max_per_participant,
            "min_length": step.min_length,
            "max_length": step.max_length,
        }
    if isinstance(step, VoteStep):
        data["votes_per_participant"] = step.votes_per_participant
    return data


def step_from_dict(data: dict[str, Any]) -> Step:
    kind = StepType(data["type"])
    fields: dict[str, Any] = {
        "id": data["id"],
        "text": LocalizedText(data["text"]),
        "optional": data.get("optional", False),
        "show_if": None
        if data.get("show_if") is None
        else Condition(data["show_if"]["step_id"], tuple(data["show_if"]["any_of"])),
    }
    if "options" in data:
        fields["options"] = tuple(
            Option(o["id"], LocalizedText(o["label"])) for o in data["options"]
        )
    if kind is StepType.SCALE:
        fields["min_label"] = _localized(data.get("min_label"))
        fields["max_label"] = _localized(data.get("max_label"))
    skip = {"id", "type", "text", "optional", "show_if", "options", "min_label", "max_label"}
    fields |= {key: value for key, value in data.items() if key not in skip}
    return _STEP_CLASSES[kind](**fields)


def survey_to_dict(survey: Survey) -> dict[str, Any]:
    """The survey as JSON-ready data (`survey.json` in exports; stored per version)."""
    return {
        "id": survey.id,
        "title": _text(survey.title),
        "intro": _text(survey.intro),
        "languages": list(survey.languages),
        "privacy": _text(survey.privacy),
        "moderation": survey.moderation.value,
        "opens": _time(survey.opens),
        "closes": _time(survey.closes),
        "thanks": _text(survey.thanks),
        "statements": [{"id": s.id, "text": _text(s.text)} for s in survey.statements],
        "steps": [step_to_dict(step) for step in survey.steps],
    }


def survey_from_dict(data: dict[str, Any], source_text: str = "") -> Survey:
    return Survey(
        id=data["id"],
        title=LocalizedText(data["title"]),
        intro=LocalizedText(data["intro"]),
        languages=tuple(data["languages"]),
        privacy=LocalizedText(data["privacy"]),
        steps=tuple(step_from_dict(step) for step in data["steps"]),
        statements=tuple(
            Statement(s["id"], LocalizedText(s["text"])) for s in data.get("statements", [])
        ),
        moderation=ModerationMode(data.get("moderation", "post")),
        opens=None if data.get("opens") is None else datetime.fromisoformat(data["opens"]),
        closes=None if data.get("closes") is None else datetime.fromisoformat(data["closes"]),
        thanks=_localized(data.get("thanks")),
        source_text=source_text,
    )


def canonical_json(survey: Survey) -> str:
    return json.dumps(survey_to_dict(survey), sort_keys=True, ensure_ascii=False)


def fingerprint(survey: Survey) -> str:
    """Changes exactly when the survey's content changes (not its file's comments or layout)."""
    return hashlib.sha256(canonical_json(survey).encode()).hexdigest()
