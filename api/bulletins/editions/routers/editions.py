"""A bulletin's editions and their print-ready PDF (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from api.bulletins.editions.enums import PaperLayout
from api.bulletins.editions.routers.common import (
    BULLETIN,
    CREATE_ERRORS,
    DELETE_ERRORS,
    EDITION,
    READ_ERRORS,
    UPDATE_ERRORS,
    Editor,
    Reader,
    VersionQuery,
)
from api.bulletins.editions.schemas import (
    EditionCreate,
    EditionRead,
    EditionSummary,
    EditionUpdate,
)
from api.bulletins.editions.services import editions as service
from api.bulletins.editions.services import printing
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.errors import error_responses, refusing
from api.core.idempotency import IdempotencyDep
from api.core.languages import Language
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag

router = APIRouter()

PDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    **refusing(
        error_responses(401, 403, 404, 409, 422),
        "the language is one some article is not written in",
    ),
    200: {
        "description": "The PDF, as an attachment",
        "content": {"application/pdf": {}},
        "headers": {
            "Content-Disposition": {
                "description": "attachment; filename=…",
                "schema": {"type": "string"},
            }
        },
    },
}


@router.get(
    BULLETIN + "/editions",
    tags=["bulletins"],
    operation_id="list_editions",
    responses=READ_ERRORS,
)
async def list_editions(
    bulletin_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[EditionSummary]:
    """The bulletin's editions, latest number first."""
    items, next_cursor = await service.list_editions(
        session, ctx, bulletin_id, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    BULLETIN + "/editions",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_edition",
    responses=CREATE_ERRORS,
)
async def create_edition(
    bulletin_id: uuid.UUID,
    data: EditionCreate,
    session: SessionDep,
    ctx: Editor,
    idem: IdempotencyDep,
) -> EditionRead:
    """Start the bulletin's next edition: the server numbers it, one more than the highest.
    `workplace_ids` and `shift_ids` are where it will be handed out."""
    return await idem.run(
        ctx.user_id, EditionRead, lambda: service.create_edition(session, ctx, bulletin_id, data)
    )


@router.get(EDITION, tags=["bulletins"], operation_id="get_edition", responses=READ_ERRORS)
async def get_edition(
    edition_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> EditionRead:
    """One edition with its articles in every language, the languages it can be printed in
    and whether the identification check is done on its text as it stands."""
    read = await service.read_edition(session, ctx, edition_id)
    set_etag(response, read.version)
    return read


@router.patch(EDITION, tags=["bulletins"], operation_id="update_edition", responses=UPDATE_ERRORS)
async def update_edition(
    edition_id: uuid.UUID,
    data: EditionUpdate,
    response: Response,
    session: SessionDep,
    ctx: Editor,
    if_match: IfMatchHeader = None,
) -> EditionRead:
    """Change the date, the targets (sent lists replace the stored ones) or record the print
    run (`copies_printed`, `printed_on`); version-checked."""
    read = await service.update_edition(session, ctx, edition_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    EDITION,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="delete_edition",
    responses=DELETE_ERRORS,
)
async def delete_edition(
    edition_id: uuid.UUID,
    session: SessionDep,
    ctx: Editor,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete an edition with its articles and its distribution log."""
    await service.delete_edition(session, ctx, edition_id, delete_expectation(version, if_match))


@router.get(
    EDITION + "/pdf/{language}",
    tags=["bulletins"],
    operation_id="print_edition",
    response_class=Response,
    responses=PDF_RESPONSES,
)
async def print_edition(
    edition_id: uuid.UUID,
    session: SessionDep,
    ctx: Editor,
    language: Annotated[Language, Path(description="A language every article is written in")],
    layout: Annotated[
        PaperLayout, Query(description="A4 pages, or A5 pages two-up on A4 landscape")
    ] = PaperLayout.a4,
) -> Response:
    """The edition as a print-ready PDF in one language: the front's main articles, the back's
    short items and the get-involved box. Refused (409 `identification_check_incomplete`)
    until the identification check has been run on the text as it stands, each finding
    confirmed and each checklist item ticked; 409 `edition_empty` without articles; 422
    `edition_language_incomplete` for a language some article is not written in."""
    pdf, filename = await printing.edition_pdf(session, ctx, edition_id, language, layout)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
