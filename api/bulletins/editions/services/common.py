"""Finding a bulletin or an edition, and the edition's text as the check and the PDF see it."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.bulletins.editions.models import Article, Bulletin, Edition
from api.core.context import GroupContext
from api.core.errors import NotFound
from api.core.tenancy import get_scoped, scoped_select


class BulletinNotFound(NotFound):
    code = "bulletin_not_found"
    detail = "Bulletin not found"


class EditionNotFound(NotFound):
    code = "edition_not_found"
    detail = "Edition not found"


async def get_bulletin(
    session: AsyncSession, ctx: GroupContext, bulletin_id: uuid.UUID, *, for_update: bool = False
) -> Bulletin:
    return await get_scoped(
        session, ctx, Bulletin, bulletin_id, BulletinNotFound, for_update=for_update
    )


async def get_edition(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, *, for_update: bool = False
) -> Edition:
    return await get_scoped(
        session, ctx, Edition, edition_id, EditionNotFound, for_update=for_update
    )


async def articles_of(
    session: AsyncSession, ctx: GroupContext, edition_ids: Sequence[uuid.UUID]
) -> list[Article]:
    """The editions' articles: front before back, each section in its order."""
    if not edition_ids:
        return []
    statement = (
        scoped_select(ctx, Article)
        .where(col(Article.edition_id).in_(edition_ids))
        .order_by(col(Article.section).desc(), col(Article.position), col(Article.id))
    )
    return list((await session.execute(statement)).scalars().all())


def text_hash(articles: Sequence[Article]) -> str:
    """A fingerprint of every word the edition prints from its articles: the identification
    check and the checklist hold for this text only."""
    texts = [[str(article.id), article.texts] for article in articles]
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def printable_languages(articles: Sequence[Article]) -> list[str]:
    """The languages every article is written in (none for an edition without articles)."""
    if not articles:
        return []
    common = set(articles[0].texts)
    for article in articles[1:]:
        common &= set(article.texts)
    return sorted(common)


def written_languages(articles: Sequence[Article]) -> list[str]:
    return sorted({language for article in articles for language in article.texts})
