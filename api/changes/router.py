from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from api.changes import service
from api.changes.schemas import ChangeHead, ChangePage
from api.changes.types import FEED_TYPES, OWNER_FEED_TYPES, feed_types_pattern
from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.errors import error_responses
from api.core.pagination import CursorQuery
from api.core.permissions import Permission, Scope
from api.core.rendering import RenderedJSON
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter(prefix="/api/v1/groups/{group_id}", tags=["changes"])

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.changes_read)]
DEFAULT_CHANGES = 100
MAX_CHANGES = 500

TypesQuery = Annotated[
    # The pattern is for the document; `visible_types` enforces it, naming the unknown type.
    list[Annotated[str, Field(json_schema_extra={"pattern": feed_types_pattern()})]] | None,
    Query(
        max_length=50,
        description=(
            "Only these entity types (repeat the parameter or separate with commas): "
            + ", ".join(f"`{name}`" for name in FEED_TYPES)
            + "; and, of your own records only, "
            + ", ".join(f"`{name}`" for name in OWNER_FEED_TYPES)
        ),
    ),
]
ChangeLimit = Annotated[
    int,
    Query(ge=1, le=MAX_CHANGES, description=f"Page size (default {DEFAULT_CHANGES})"),
]


@router.get(
    "/changes",
    operation_id="list_changes",
    response_model=ChangePage,
    response_class=RenderedJSON,
    responses=error_responses(401, 403, 404, 410, 422, 429),
)
async def list_changes(
    session: SessionDep,
    settings: SettingsDep,
    ctx: Reader,
    log: ReadLogDep,
    cursor: CursorQuery = None,
    types: TypesQuery = None,
    limit: ChangeLimit = DEFAULT_CHANGES,
) -> RenderedJSON:
    """Every create, update and delete of the group's records after `cursor`, in commit order.

    Pull with the `cursor` from your last page (none the first time) and keep pulling with
    `next_cursor` until it is null; store `cursor` for next time. Creates and updates carry the
    record as it is now, shaped like an item of its type's list endpoint (null if it has since
    been deleted); deletes carry only the type, id and time. A cursor older than the change log
    kept on this server (`change_retention_days`) answers 410 `cursor_expired`: resync from the
    list endpoints, then continue from the cursor returned by `/changes/head`.

    A page carrying people's records (contacts, assessments, conversations, follow-ups,
    dispute links) is written to the read audit; observers may read a limited number of such
    rows an hour (429 `read_limit_reached` with Retry-After beyond it)."""
    page = await service.list_changes(
        session,
        ctx,
        cursor=cursor,
        types=types,
        limit=limit,
        turnout_threshold_ends_on=settings.turnout_threshold_ends_on,
    )
    people = service.people_in(page)
    if people:
        await log.record(ctx, Read(ReadKind.change_feed, row_count=len(people), contact_ids=people))
    # Serialised once, straight from the rows (pages run to 500 records).
    return RenderedJSON(page)


@router.get(
    "/changes/head",
    operation_id="get_changes_head",
    responses=error_responses(401, 403, 404),
)
async def get_changes_head(session: SessionDep, ctx: Reader) -> ChangeHead:
    """The cursor at the end of the change log. Take it before a full resync from the list
    endpoints, then pull `/changes` from it: nothing made during the resync is missed."""
    return await service.read_head(session, ctx)
