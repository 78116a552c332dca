"""Printing an edition: refused until the identification check and checklist are done on the
text as it stands, and only in a language every article is written in."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.bulletins.editions.enums import ArticleSection, PaperLayout
from api.bulletins.editions.pdf import PrintArticle, PrintEdition, render_pdf_in_thread
from api.bulletins.editions.services.common import (
    articles_of,
    get_bulletin,
    get_edition,
    printable_languages,
)
from api.bulletins.editions.services.editions import check_is_ready
from api.core.context import GroupContext
from api.core.errors import Conflict
from api.core.references import invalid


class CheckIncomplete(Conflict):
    code = "identification_check_incomplete"
    detail = (
        "Before printing, run the identification check on the text as it stands, confirm every "
        "finding and tick every checklist item"
    )


class NothingToPrint(Conflict):
    code = "edition_empty"
    detail = "The edition has no articles yet"


async def edition_pdf(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    language: str,
    layout: PaperLayout,
) -> tuple[bytes, str]:
    """The PDF and a file name for it."""
    edition = await get_edition(session, ctx, edition_id)
    articles = await articles_of(session, ctx, [edition.id])
    if not articles:
        raise NothingToPrint()
    if language not in printable_languages(articles):
        raise invalid(
            "language",
            "Not every article is written in this language yet",
            where="path",
            code="edition_language_incomplete",
        )
    if not check_is_ready(edition, articles):
        raise CheckIncomplete()
    bulletin = await get_bulletin(session, ctx, edition.bulletin_id)
    document = PrintEdition(
        language=language,
        title=bulletin.title,
        masthead=bulletin.masthead,
        number=edition.number,
        edition_date=edition.edition_date,
        articles=[
            PrintArticle(
                section=ArticleSection(article.section),
                headline=article.texts[language]["headline"],
                body=article.texts[language].get("body", ""),
            )
            for article in articles
        ],
        contact_text=bulletin.contact_text,
        next_meeting=bulletin.next_meeting,
    )
    pdf = await render_pdf_in_thread(document, layout)
    return pdf, f"edition-{edition.number}-{language}-{layout.value}.pdf"
