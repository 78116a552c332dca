"""The print-ready PDF of an edition in one language, typeset by Typst.

Typst (its PyPI wheel bundles the compiler: no system libraries) gets a document built here:
fixed layout code written by us, the group's words only ever as string literals
(`markdown_typst`). It sees the fonts shipped in `fonts/` and nothing else (system fonts
off), so the same edition gives the same PDF on any machine. The document's metadata is its
title alone: no author, no date, no keywords.

Rendering is CPU work of tens to hundreds of milliseconds: it runs in a worker thread, at most
`RENDER_SLOTS` at once, so printing cannot starve the server's event loop.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import anyio
import typst

from api.bulletins.editions.enums import ArticleSection, PaperLayout
from api.bulletins.editions.markdown_typst import markdown_to_typst, string_literal, text_markup
from api.core.messages import translator

FONT_DIR = Path(__file__).resolve().parent / "fonts"
RENDER_SLOTS = anyio.CapacityLimiter(2)
# Arabic first where the edition is in Arabic, so its shaping is used and not a fallback's.
_LATIN_FONTS = ("Noto Sans", "Noto Naskh Arabic")
_ARABIC_FONTS = ("Noto Naskh Arabic", "Noto Sans")
# A5 pages side by side on A4 landscape, each the width of half the sheet.
_A5_WIDTH_MM = 148.5
# The label of the document's page count, read back to lay A5 pages out two-up.
PAGE_COUNT = "<page-count>"


@dataclass(frozen=True)
class PrintArticle:
    section: ArticleSection
    headline: str
    body: str


@dataclass(frozen=True)
class PrintEdition:
    """Everything the sheet shows, in one language (nothing else reaches the renderer)."""

    language: str
    title: str
    masthead: str | None
    number: int
    edition_date: date
    articles: Sequence[PrintArticle]
    contact_text: str | None
    next_meeting: str | None


def _document_title(edition: PrintEdition) -> str:
    return string_literal(f"{edition.title} {edition.number}")


def _font_list(language: str) -> str:
    fonts = _ARABIC_FONTS if language == "ar" else _LATIN_FONTS
    return "(" + ", ".join(string_literal(font) for font in fonts) + ")"


def _article(article: PrintArticle, *, main: bool) -> str:
    size = "16pt" if main else "12pt"
    return (
        f"#block(breakable: true, below: 1.2em)["
        f'#text(size: {size}, weight: "bold")[{text_markup(article.headline)}]\n\n'
        f"{markdown_to_typst(article.body)}]\n"
    )


def _get_involved(edition: PrintEdition) -> str:
    t = translator(edition.language)
    heading = t.gettext("Get involved")
    lines = [f'#text(weight: "bold", size: 13pt)[{text_markup(heading)}]\n\n']
    if edition.contact_text:
        lines.append(markdown_to_typst(edition.contact_text))
    if edition.next_meeting:
        label = t.gettext("Next meeting: {meeting}", meeting=edition.next_meeting)
        lines.append(f"{text_markup(label)}\n\n")
    body = "".join(lines)
    return (
        f"#block(width: 100%, stroke: 1.5pt, inset: 10pt, radius: 4pt, breakable: false)[{body}]\n"
    )


def typst_source(edition: PrintEdition, *, paper: str) -> str:
    """The Typst document for the edition on `paper` ("a4" or "a5")."""
    t = translator(edition.language)
    edition_line = t.gettext(
        "Edition {number} · {date}", number=edition.number, date=t.date(edition.edition_date)
    )
    front = [a for a in edition.articles if a.section is ArticleSection.front]
    back = [a for a in edition.articles if a.section is ArticleSection.back]
    parts = [
        f"#set document(title: {_document_title(edition)}, author: (), keywords: (), date: none)\n",
        f"#set page(paper: {string_literal(paper)}, margin: 14mm)\n",
        f"#set text(font: {_font_list(edition.language)}, size: 10.5pt, "
        f"lang: {string_literal(edition.language.split('-')[0])}, fallback: false)\n",
        "#set par(justify: true)\n",
        f'#align(center)[#text(size: 26pt, weight: "bold")[{text_markup(edition.title)}]]\n',
    ]
    if edition.masthead:
        parts.append(f"#align(center)[#emph[{text_markup(edition.masthead)}]]\n")
    parts.append(f"#align(center)[#text(size: 9pt)[{text_markup(edition_line)}]]\n")
    parts.append("#line(length: 100%, stroke: 1pt)\n")
    parts.extend(_article(article, main=True) for article in front)
    if back:
        parts.append("#pagebreak()\n")
        parts.extend(_article(article, main=False) for article in back)
    parts.append(_get_involved(edition))
    parts.append(f"#context [#metadata(counter(page).final().first()) {PAGE_COUNT}]\n")
    return "".join(parts)


def _compile(source: str, root: Path) -> bytes:
    (root / "main.typ").write_text(source, encoding="utf-8")
    pdf = typst.compile(
        str(root / "main.typ"), root=str(root), font_paths=[str(FONT_DIR)], ignore_system_fonts=True
    )
    assert isinstance(pdf, bytes)
    return pdf


def _page_count(root: Path) -> int:
    """The pages of the document last compiled in `root`."""
    found = typst.query(
        str(root / "main.typ"),
        PAGE_COUNT,
        field="value",
        one=True,
        root=str(root),
        font_paths=[str(FONT_DIR)],
        ignore_system_fonts=True,
    )
    return int(json.loads(found))


def _two_up(title: str, a5_pages: int) -> str:
    """A4 landscape sheets, each with one A5 page twice: print, cut in half, two copies."""
    sheets = []
    for page in range(1, a5_pages + 1):
        image = f'image("a5.pdf", page: {page}, width: {_A5_WIDTH_MM}mm)'
        sheets.append(f"#grid(columns: 2, gutter: 0pt, {image}, {image})")
    return (
        f"#set document(title: {title}, author: (), keywords: (), date: none)\n"
        '#set page(paper: "a4", flipped: true, margin: 0pt)\n' + "\n#pagebreak()\n".join(sheets)
    )


def render_pdf(edition: PrintEdition, layout: PaperLayout) -> bytes:
    """The PDF bytes (blocking: call `render_pdf_in_thread` from async code)."""
    with tempfile.TemporaryDirectory(prefix="bulletin-") as folder:
        root = Path(folder)
        if layout is PaperLayout.a4:
            return _compile(typst_source(edition, paper="a4"), root)
        a5 = _compile(typst_source(edition, paper="a5"), root)
        (root / "a5.pdf").write_bytes(a5)
        return _compile(_two_up(_document_title(edition), _page_count(root)), root)


async def render_pdf_in_thread(edition: PrintEdition, layout: PaperLayout) -> bytes:
    return await anyio.to_thread.run_sync(render_pdf, edition, layout, limiter=RENDER_SLOTS)
