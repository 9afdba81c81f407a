"""Reading YAML as nodes, so that every problem can name the line and field it is about.

PyYAML's `compose` gives a tree of nodes that remember where they start; we read values from
that tree ourselves instead of letting PyYAML build dicts, because dicts forget line numbers and
silently keep the last of two equal keys. A `NodeReader` reads one value at a time and, when the
value is wrong, records a `Problem` and returns None, so one pass reports every problem in a file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from surveys.model import LocalizedText
from surveys.text import clean_text, has_visible_content

T = TypeVar("T")

_TAG = "tag:yaml.org,2002:"
# Scalars we take literally as the organiser wrote them: `label: Yes` means the text "Yes",
# not the boolean YAML 1.1 would make of it.
_LITERAL_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "timestamp"))
_NULL_TAG = _TAG + "null"
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
# Ids travel inside Telegram button data (at most 64 bytes for step id, option id and more).
MAX_ID_LENGTH = 32


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a survey file, printed as `FILE:LINE: field: message`.

    `line` counts from 1; it is 0 when the file as a whole cannot be read. `field` is a dotted
    path such as `steps[2].options[0].label.en`, empty for problems about the file itself.
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint such as "; did you mean 'options'?" for a misspelt name, else ""."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def compose(text: str, filename: str) -> tuple[Node | None, list[Problem]]:
    """The YAML node tree of `text` (None for an empty file), or the syntax problem."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.problem:
            if error.context.startswith("while"):  # "while parsing a block mapping"
                where = f" on line {error.context_mark.line + 1}" if error.context_mark else ""
                message += f" ({error.context}{where})"
            else:  # "expected a single document in the stream" + "but found another document"
                message = f"YAML syntax error: {error.context}, {error.problem}"
        message += _syntax_hint(error, message, text)
        return None, [Problem(filename, line, "", message)]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        message = f"character {chr(error.character)!r} is not allowed in a YAML file"
        return None, [Problem(filename, line, "", message)]
    except yaml.YAMLError as error:
        return None, [Problem(filename, 1, "", f"YAML error: {error}")]
    except RecursionError:
        return None, [Problem(filename, 1, "", "YAML is nested too deeply to read")]


def _syntax_hint(error: yaml.MarkedYAMLError, message: str, text: str) -> str:
    """What the organiser probably has to change, for PyYAML's most puzzling messages."""
    if error.problem and error.problem.startswith("expected <block end>"):
        mark, lines = error.problem_mark, text.splitlines()
        before = lines[mark.line][:mark.column] if mark and mark.line < len(lines) else ""
        if before.strip():  # title: 'it's' or title: "Demo" again: text after the closing quote
            return ("; a text goes on after its closing quote or bracket: put the whole text "
                    'in double quotes, e.g. title: "It\'s time"')
        # The line starts deeper or shallower than its neighbours allow.
        return ("; check the indentation of this line and the one above (spaces only, the same "
                "depth for fields of one step)")
    if error.problem and error.problem.startswith("mapping values are not allowed"):
        return ('; a text with ": " in it needs double quotes, e.g. title: "Let op: de '
                'wijk" (or this line is indented deeper than its field)')
    if error.context and "flow" in error.context and "<stream end>" not in message:
        # Mostly a question mark or comma in a text on one line, as in {nl: Waarom?, ...}.
        return ("; inside {...} or [...] put a text with , ? : [ ] { } in double quotes, e.g. "
                '{nl: "Waarom?", en: "Why?"}')
    return ""


def shown_tag(node: Node) -> str:
    """A node's tag as written in the file: ``!!omap``, ``!custom``."""
    return node.tag.replace(_TAG, "!!")


def describe(node: Node) -> str:
    """How a wrong value looks, for messages: "a list", "'abc'", "nothing"."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping (field: value pairs)"
    if node.tag == _NULL_TAG:
        return "nothing"
    value = str(node.value)
    return repr(value if len(value) <= 40 else value[:37] + "...")


class Fields:
    """A YAML mapping read as named fields; each name may appear once."""

    def __init__(self, reader: NodeReader, node: MappingNode, path: str) -> None:
        self.reader = reader
        self.node = node
        self.path = path
        self.keys: dict[str, ScalarNode] = {}
        self.values: dict[str, Node] = {}
        if node.tag != _MAP_TAG:  # !!omap, !!set, !custom: PyYAML would build something else
            reader.report(node, path, f"unsupported YAML tag {shown_tag(node)!r}")
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag == _NULL_TAG:
                reader.report(
                    key, path, f"a field name must be a plain word, found {describe(key)}"
                )
                continue
            name = str(key.value)
            if key.tag not in _LITERAL_TAGS:  # reported, and still read as the field it names
                reader.report(key, self.child(name), f"unsupported YAML tag {shown_tag(key)!r}")
            if name in self.keys:
                first = line_of(self.keys[name])
                reader.report(key, self.child(name), f"given twice (first on line {first})")
                continue
            self.keys[name] = key
            self.values[name] = value

    def child(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str) -> Node | None:
        return self.values.get(name)

    def read(self, name: str, read: Callable[[Node, str], T | None]) -> T | None:
        """`read(node, path)` of field `name`; None when it is absent (or `read` found it wrong)."""
        node = self.values.get(name)
        return None if node is None else read(node, self.child(name))

    def require(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self.values:
                self.reader.report(self.node, self.child(name), "required field is missing")

    def reject_unknown(
        self, allowed: Sequence[str], elsewhere: dict[str, str] | None = None
    ) -> None:
        """Report fields not in `allowed`; `elsewhere` explains names valid in another place."""
        for name, key in self.keys.items():
            if name in allowed:
                continue
            if name == "<<":
                message = "YAML merge keys (<<) are not supported: write the fields out"
            elif elsewhere and name in elsewhere:
                message = f"unknown field here: {elsewhere[name]}"
            else:
                message = "unknown field" + did_you_mean(name, allowed)
            self.reader.report(key, self.child(name), message)


class NodeReader:
    """Reads typed values from nodes, recording a `Problem` (and returning None) when wrong."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def report(self, where: Node | int, field: str, message: str) -> None:
        line = where if isinstance(where, int) else line_of(where)
        self.problems.append(Problem(self.filename, line, field, message))

    def fields(self, node: Node, path: str, what: str = "a mapping of fields") -> Fields | None:
        if isinstance(node, MappingNode):
            return Fields(self, node, path)
        self.report(node, path, f"expected {what}, found {describe(node)}")
        return None

    def items(self, node: Node, path: str) -> list[Node] | None:
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.report(node, path, f"unsupported YAML tag {shown_tag(node)!r}")
            return list(node.value)
        self.report(node, path, f"expected a list, found {describe(node)}")
        return None

    def word(self, node: Node, path: str, what: str = "a value") -> str | None:
        """A scalar taken literally as written (stripped), whatever YAML type it resolves to."""
        if not isinstance(node, ScalarNode) or node.tag not in _LITERAL_TAGS:
            if isinstance(node, ScalarNode) and node.tag != _NULL_TAG:
                self.report(node, path, f"unsupported YAML tag {shown_tag(node)!r}")
            else:
                self.report(node, path, f"expected {what}, found {describe(node)}")
            return None
        return str(node.value).strip()

    def text(self, node: Node, path: str, max_length: int) -> str | None:
        text = self.word(node, path, "text")
        if text is None:
            return None
        text = clean_text(text)
        if not text:
            self.report(node, path, "text is empty")
            return None
        if not has_visible_content(text):
            self.report(node, path, "text has no visible characters (only spaces, zero-width or "
                        "direction characters)")
            return None
        if len(text) > max_length:
            self.report(node, path, f"text is {len(text)} characters; at most {max_length} fit")
            return None
        return text

    def slug(self, node: Node, path: str) -> str | None:
        value = self.word(node, path, "an id")
        if value is None:
            return None
        if not SLUG.fullmatch(value):
            suggestion = "-".join(re.findall(r"[a-z0-9]+", value.lower())) or "step-1"
            self.report(
                node,
                path,
                f"{value!r} is not a valid id: use lowercase letters, digits, '-' and '_' "
                f"(e.g. {suggestion[:MAX_ID_LENGTH]!r})",
            )
            return None
        if len(value) > MAX_ID_LENGTH:
            self.report(node, path, f"id is {len(value)} characters; at most {MAX_ID_LENGTH}")
            return None
        return value

    def integer(
        self, node: Node, path: str, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        value = self._construct(node, _TAG + "int")
        if not isinstance(value, int) or isinstance(value, bool):
            self.report(node, path, f"expected a whole number, found {describe(node)}")
            return None
        if minimum is not None and value < minimum:
            self.report(node, path, f"must be at least {minimum}, found {value}")
            return None
        if maximum is not None and value > maximum:
            self.report(node, path, f"must be at most {maximum}, found {value}")
            return None
        return value

    def boolean(self, node: Node, path: str) -> bool | None:
        value = self._construct(node, _TAG + "bool")
        if not isinstance(value, bool):
            self.report(node, path, f"expected true or false, found {describe(node)}")
            return None
        return value

    def localized(
        self, node: Node, path: str, languages: Sequence[str], max_length: int
    ) -> LocalizedText | None:
        """A text in every language of the survey: a plain string only for one-language surveys.

        With no (valid) languages known, any language codes are accepted: the survey's own
        `languages` problem is reported elsewhere, once.
        """
        if not isinstance(node, MappingNode):
            text = self.text(node, path, max_length)
            if text is None:
                return None
            if len(languages) > 1:
                example = ", ".join(f"{language}: ..." for language in languages)
                self.report(node, path, f"give this text in every language: {{{example}}}")
                return None
            return LocalizedText.same(text, tuple(languages) or ("en",))
        fields = Fields(self, node, path)
        values: dict[str, str] = {}
        for language, value_node in fields.values.items():
            if languages and language not in languages:
                listed = ", ".join(languages) or "none"
                message = f"language not among the survey's languages ({listed})"
                if " " in language:
                    message += "; a comma inside {...} ends a text: put such texts in quotes"
                self.report(fields.keys[language], fields.child(language), message)
                continue
            text = self.text(value_node, fields.child(language), max_length)
            if text is not None:
                values[language] = text
        for language in languages:
            if language not in fields.values:
                self.report(node, fields.child(language), "translation is missing")
        if len(values) != len(fields.values) or any(code not in values for code in languages):
            return None
        return LocalizedText(values)

    @staticmethod
    def _construct(node: Node, tag: str) -> object:
        """The scalar's value if YAML resolves it to `tag`, else None (never raises)."""
        if not isinstance(node, ScalarNode) or node.tag != tag:
            return None
        try:
            return SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError, KeyError, TypeError):
            return None


def read_identified_texts(
    reader: NodeReader, items: Sequence[Node], path: str, languages: Sequence[str], *,
    text_field: str, what: str, describe: str, max_length: int,
) -> list[tuple[str, LocalizedText]]:
    """Items `{id: ..., <text_field>: ...}` (options, statements): ids unique, texts translated.

    A duplicate id is reported at its line, naming the line of the first; items with a problem
    are left out so the rest can still be checked.
    """
    pairs: list[tuple[str, LocalizedText]] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]"
        fields = reader.fields(item, item_path, describe)
        if fields is None:
            continue
        fields.require(("id", text_field))
        fields.reject_unknown(("id", text_field))
        item_id = fields.read("id", reader.slug)
        text = fields.read(
            text_field, lambda n, p: reader.localized(n, p, languages, max_length)
        )
        if item_id is not None and item_id in first_line:
            message = f"duplicate {what} id {item_id!r} (first on line {first_line[item_id]})"
            reader.report(fields.values["id"], fields.child("id"), message)
        elif item_id is not None:
            first_line[item_id] = line_of(fields.values["id"])
            if text is not None:
                pairs.append((item_id, text))
    return pairs
