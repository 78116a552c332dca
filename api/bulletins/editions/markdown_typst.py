"""Article Markdown turned into Typst markup that cannot run Typst code.

markdown-it-py parses the Markdown (CommonMark, raw HTML off) into tokens; each kind of token
the app supports (paragraphs, headings, bold, italic, lists, quotes, line breaks) becomes a
call of a Typst function, and every piece of the user's text becomes a Typst *string
literal* (`#"..."`) with its backslashes, quotes and control characters escaped. Inside a
string literal nothing is markup or code, so no character a user types can open a function
call, a `#import`, a raw block or a label: the text is shown exactly as typed. Links print
their words only (a printed sheet cannot follow them, and addresses could track readers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark", {"html": False})
# Headings in an article sit under the article's own headline.
_HEADING_LEVEL_OFFSET = 2
_MAX_HEADING_LEVEL = 6
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def string_literal(text: str) -> str:
    """`text` as a Typst string literal: shown as typed, never read as markup or code."""
    escaped = "".join(_ESCAPES.get(char, char) for char in text)
    return f'"{escaped}"'


def text_markup(text: str) -> str:
    """`text` placed in Typst markup as plain text."""
    return f"#{string_literal(text)}" if text else ""


@dataclass
class _Frame:
    """Markup being collected for one open element (a paragraph, a list, a list item...)."""

    token: Token | None
    parts: list[str] = field(default_factory=list)

    @property
    def markup(self) -> str:
        return "".join(self.parts)


def _closed(frame: _Frame) -> str:
    """The markup for an element once all its content is known."""
    token = frame.token
    content = frame.markup
    if token is None:
        return content
    kind = token.type.removesuffix("_open")
    if kind == "paragraph":
        return content if token.hidden else f"{content}\n\n"
    if kind == "heading":
        level = min(int(token.tag[1]) + _HEADING_LEVEL_OFFSET, _MAX_HEADING_LEVEL)
        return f"#heading(level: {level}, outlined: false)[{content}]\n"
    if kind == "strong":
        return f"#strong[{content}]"
    if kind == "em":
        return f"#emph[{content}]"
    if kind == "list_item":
        return f"[{content}],"
    if kind == "bullet_list":
        return f"#list({content})\n"
    if kind == "ordered_list":
        start = int(token.attrGet("start") or 1)
        return f"#enum(start: {start}, {content})\n"
    if kind == "blockquote":
        return f"#quote(block: true)[{content}]\n"
    # Links and anything else: their words only.
    return content


def _render(tokens: list[Token], stack: list[_Frame]) -> None:
    for token in tokens:
        if token.nesting == 1:
            stack.append(_Frame(token))
        elif token.nesting == -1:
            frame = stack.pop()
            stack[-1].parts.append(_closed(frame))
        elif token.type == "inline":
            _render(token.children or [], stack)
        elif token.type in {"text", "code_inline", "html_inline"}:
            stack[-1].parts.append(text_markup(token.content))
        elif token.type == "softbreak":
            stack[-1].parts.append(text_markup(" "))
        elif token.type == "hardbreak":
            stack[-1].parts.append("#linebreak()")
        elif token.type in {"fence", "code_block", "html_block"}:
            stack[-1].parts.append(f"#raw({string_literal(token.content)}, block: true)\n")
        elif token.type == "hr":
            stack[-1].parts.append("#line(length: 100%)\n")
        elif token.type == "image":
            _render(token.children or [], stack)


def markdown_to_typst(markdown: str) -> str:
    """Typst markup for an article's Markdown body."""
    root = _Frame(None)
    _render(_PARSER.parse(markdown), [root])
    return root.markup
