"""An edition's articles (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.bulletins.editions.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    EDITION,
    READ_ERRORS,
    UPDATE_ERRORS,
    Editor,
    Reader,
    VersionQuery,
)
from api.bulletins.editions.schemas import ArticleCreate, ArticleRead, ArticleUpdate
from api.bulletins.editions.services import articles as service
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.errors import refusing
from api.core.idempotency import IdempotencyDep
from api.core.versioning import IfMatchHeader, set_etag

router = APIRouter()

ARTICLE = EDITION + "/articles/{article_id}"
FRONT_FULL = "the front already holds its two main articles"


@router.post(
    EDITION + "/articles",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_article",
    responses=refusing(CREATE_ERRORS, FRONT_FULL),
)
async def create_article(
    edition_id: uuid.UUID,
    data: ArticleCreate,
    session: SessionDep,
    ctx: Editor,
    idem: IdempotencyDep,
) -> ArticleRead:
    """Add an article to the front (one or two main articles: a third is refused with
    `front_page_full`) or the back (short items), in one or more languages (`texts`, keyed by
    language; bodies in Markdown). Without a `position` it goes last in its section."""
    return await idem.run(
        ctx.user_id, ArticleRead, lambda: service.create_article(session, ctx, edition_id, data)
    )


@router.get(ARTICLE, tags=["bulletins"], operation_id="get_article", responses=READ_ERRORS)
async def get_article(
    edition_id: uuid.UUID,
    article_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> ArticleRead:
    """One article in every language it is written in."""
    read = await service.read_article(session, ctx, edition_id, article_id)
    set_etag(response, read.version)
    return read


@router.patch(
    ARTICLE,
    tags=["bulletins"],
    operation_id="update_article",
    responses=refusing(UPDATE_ERRORS, FRONT_FULL),
)
async def update_article(
    edition_id: uuid.UUID,
    article_id: uuid.UUID,
    data: ArticleUpdate,
    response: Response,
    session: SessionDep,
    ctx: Editor,
    if_match: IfMatchHeader = None,
) -> ArticleRead:
    """Change the fields you send; `texts` replaces every language's text (send them all, with
    a new translation added). A change of text makes the identification check stale."""
    read = await service.update_article(session, ctx, edition_id, article_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    ARTICLE,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="delete_article",
    responses=DELETE_ERRORS,
)
async def delete_article(
    edition_id: uuid.UUID,
    article_id: uuid.UUID,
    session: SessionDep,
    ctx: Editor,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete an article."""
    await service.delete_article(
        session, ctx, edition_id, article_id, delete_expectation(version, if_match)
    )
