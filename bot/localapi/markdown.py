"""Markdown and MarkdownV2 parse modes, with Telegram's errors for unescaped characters.

MarkdownV2 is where bots most often break on user text ("Character '.' is reserved and must be
escaped"), so it is parsed as strictly as Telegram does: *bold* _italic_ __underline__
~strikethrough~ ||spoiler|| `code` ```pre``` [text](url) and >blockquote lines. Legacy Markdown
knows *bold* _italic_ `code` ```pre``` [text](url) and needs no other escaping.
"""

from __future__ import annotations

from bot.localapi.objects import ApiError, JsonDict, bad_request, utf16_length

RESERVED_V2 = frozenset("_*[]()~`>#+-=|{}.!")
TOGGLES_V2 = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough",
              "||": "spoiler"}
TOGGLES_LEGACY = {"*": "bold", "_": "italic"}
ENTITY_NAMES = {"bold": "Bold", "italic": "Italic", "underline": "Underline",
                "strikethrough": "Strikethrough", "spoiler": "Spoiler", "text_link": "TextUrl"}


def parse_markdown(source: str, *, v2: bool) -> tuple[str, list[JsonDict]]:
    return _MarkdownParser(source, v2).parse()


class _MarkdownParser:
    def __init__(self, source: str, v2: bool) -> None:
        self.source = source
        self.v2 = v2
        self.toggles = TOGGLES_V2 if v2 else TOGGLES_LEGACY
        self.output: list[str] = []
        self.length = 0  # UTF-16 units written
        self.entities: list[JsonDict] = []
        self.open: list[tuple[str, int, int]] = []  # (type, output offset, source position)
        self.quote_start: int | None = None

    def parse(self) -> tuple[str, list[JsonDict]]:
        source, position = self.source, 0
        while position < len(source):
            char = source[position]
            if self.v2 and char == ">" and (position == 0 or source[position - 1] == "\n"):
                if self.quote_start is None:
                    self.quote_start = self.length
                position += 1
                continue
            if char == "\n" and self.quote_start is not None and not source.startswith(
                ">", position + 1
            ):
                self._add("blockquote", self.quote_start)
                self.quote_start = None
            escapable = self.v2 or source[position + 1:position + 2] in ("_", "*", "`", "[")
            if char == "\\" and escapable:
                if position + 1 >= len(source):
                    raise self._error("Character '\\' is reserved and must be escaped", position)
                self._write(source[position + 1])
                position += 2
                continue
            if char == "`":
                position = self._code(position)
                continue
            marker = source[position:position + 2] if source[position:position + 2] in (
                "__", "||"
            ) and self.v2 else char
            if marker in self.toggles:
                self._toggle(self.toggles[marker], position)
                position += len(marker)
                continue
            if char == "[" and (self.v2 or "](" in source[position:]):
                self.open.append(("text_link", self.length, position))
                position += 1
                continue
            if char == "]" and self.open and self.open[-1][0] == "text_link":
                position = self._link_end(position)
                continue
            if self.v2 and char in RESERVED_V2:
                raise self._error(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'",
                    position,
                )
            self._write(char)
            position += 1
        if self.quote_start is not None:
            self._add("blockquote", self.quote_start)
        if self.open:
            kind, _, start = self.open[-1]
            name = ENTITY_NAMES.get(kind, kind)
            reason = f"Can't find end of {name} entity" if self.v2 else \
                "Can't find end of the entity starting"
            raise self._error(reason, start)
        text = "".join(self.output)
        if not text.strip():
            raise bad_request("message text is empty")
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return text, self.entities

    def _write(self, text: str) -> None:
        self.output.append(text)
        self.length += utf16_length(text)

    def _add(self, kind: str, start: int, **extra: str) -> None:
        if self.length > start:
            self.entities.append({"type": kind, "offset": start, "length": self.length - start,
                                  **extra})

    def _toggle(self, kind: str, position: int) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == kind:
                _, start, _ = self.open.pop(index)
                self._add(kind, start)
                return
        self.open.append((kind, self.length, position))

    def _code(self, position: int) -> int:
        fence = "```" if self.source.startswith("```", position) else "`"
        start = position + len(fence)
        end = self._find_unescaped(fence, start)
        if end < 0:
            raise self._error(
                "Can't find end of " + ("Pre" if fence == "```" else "Code") + " entity"
                if self.v2 else "Can't find end of the entity starting", position,
            )
        body, extra = self.source[start:end], {}
        if fence == "```" and "\n" in body:
            language, body = body.split("\n", 1)
            if language.strip():
                extra["language"] = language.strip()
        if self.v2:
            body = body.replace("\\`", "`").replace("\\\\", "\\")
        begin = self.length
        self._write(body)
        self._add("pre" if fence == "```" else "code", begin, **extra)
        return end + len(fence)

    def _link_end(self, position: int) -> int:
        if not self.source.startswith("(", position + 1):
            if self.v2:
                raise self._error(
                    "Character ']' is reserved and must be escaped with the preceding '\\'",
                    position,
                )
            self._write("]")  # legacy Markdown: a "]" without "(url)" is plain text
            return position + 1
        end = self._find_unescaped(")", position + 2)
        if end < 0:
            raise self._error("Can't find end of a URL", position)
        url = self.source[position + 2:end].replace("\\)", ")").replace("\\\\", "\\")
        _, start, _ = self.open.pop()
        self._add("text_link", start, url=url)
        return end + 1

    def _find_unescaped(self, needle: str, start: int) -> int:
        position = start
        while position < len(self.source):
            if self.v2 and self.source[position] == "\\":
                position += 2
                continue
            if self.source.startswith(needle, position):
                return position
            position += 1
        return -1

    def _error(self, reason: str, position: int) -> ApiError:
        offset = len(self.source[:position].encode())
        return bad_request(f"can't parse entities: {reason} at byte offset {offset}")
