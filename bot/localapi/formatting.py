"""parse_mode handling: HTML is parsed as strictly as Telegram does (text without tags + entities).

A bot that forgets to escape a "<" in user text gets the same 400 "can't parse entities" here as
on Telegram, which is the point. Markdown and MarkdownV2 live in markdown.py.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.localapi.markdown import parse_markdown
from bot.localapi.objects import JsonDict, bad_request, utf16_length

SIMPLE_TAGS = {
    "b": "bold", "strong": "bold",
    "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code", "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link", "span": "spoiler", "tg-emoji": "custom_emoji",
}
TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
ATTRIBUTE = re.compile(r"([a-zA-Z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
CHARACTER_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")


def parse_formatted(
    text: str, parse_mode: Any, entities: Any = None
) -> tuple[str, list[JsonDict]]:
    """Return the text Telegram would store and its entities."""
    if isinstance(entities, list) and entities:
        return text, entities
    if not parse_mode:
        return text, []
    mode = str(parse_mode).lower()
    if mode == "html":
        return _parse_html(text)
    if mode in ("markdown", "markdownv2"):
        return parse_markdown(text, v2=mode == "markdownv2")
    raise bad_request(f"unsupported parse_mode {parse_mode}")


def _parse_html(source: str) -> tuple[str, list[JsonDict]]:
    output: list[str] = []
    length = 0  # UTF-16 length of the output so far
    open_tags: list[tuple[str, int, JsonDict]] = []
    entities: list[JsonDict] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char == "<":
            match = TAG.match(source, position)
            if match is None:
                raise _cant_parse(source, position, "Unsupported start tag")
            closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if closing:
                if not open_tags or open_tags[-1][0] != name:
                    raise _cant_parse(
                        source, position, f'Unmatched end tag "{name}"'
                    )
                _, start, entity = open_tags.pop()
                if length > start:
                    entity.update(offset=start, length=length - start)
                    entities.append(entity)
            else:
                open_tags.append((name, length, _entity_for(source, position, name, attributes)))
            position = match.end()
            continue
        if char == "&":
            match = CHARACTER_REFERENCE.match(source, position)
            if match is not None:
                decoded = html.unescape(match.group(0))
                output.append(decoded)
                length += utf16_length(decoded)
                position = match.end()
                continue
        output.append(char)
        length += 2 if ord(char) > 0xFFFF else 1
        position += 1
    if open_tags:
        raise bad_request(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{open_tags[-1][0]}"'
        )
    text = "".join(output)
    if not text.strip():
        raise bad_request("message text is empty")
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return text, entities


def _entity_for(source: str, position: int, name: str, attributes: str) -> JsonDict:
    kind = SIMPLE_TAGS.get(name)
    values = {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in ATTRIBUTE.finditer(attributes)
    }
    if kind is None or (name == "span" and values.get("class") != "tg-spoiler"):
        raise _cant_parse(source, position, f'Unsupported start tag "{name}"')
    entity: JsonDict = {"type": kind}
    if name == "a":
        href = values.get("href", "")
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            entity = {"type": "text_mention", "user": {"id": int(user.group(1)), "is_bot": False,
                                                       "first_name": ""}}
        else:
            entity["url"] = html.unescape(href)
    elif name == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = values.get("emoji-id", "")
    return entity


def _cant_parse(source: str, position: int, reason: str) -> Exception:
    offset = len(source[:position].encode())
    return bad_request(f"can't parse entities: {reason} at byte offset {offset}")
