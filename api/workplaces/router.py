from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import GroupContext, SessionDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import SearchQuery, UpdatedSinceQuery
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.versioning import IfMatchHeader, set_etag
from api.workplaces import service
from api.workplaces.schemas import (
    DepartmentCreate,
    DepartmentRead,
    DepartmentUpdate,
    ShiftCreate,
    ShiftRead,
    ShiftUpdate,
    WorkplaceChart,
    WorkplaceCreate,
    WorkplaceRead,
    WorkplaceUpdate,
)

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.workplaces_read)]
Writer = Annotated[GroupContext, require(Permission.workplaces_write, Scope.workplaces_write)]
DeleteVersion = Annotated[
    int | None, Query(description="The version you read; alternative to If-Match")
]

READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
WORKPLACE_SORT = "Sort by `name` (default), `created_at` or `updated_at`; `-` for descending"


# --- workplaces ----------------------------------------------------------------------------


@router.post(
    "/workplaces",
    status_code=status.HTTP_201_CREATED,
    tags=["workplaces"],
    operation_id="create_workplace",
    responses=CREATE_ERRORS,
)
async def create_workplace(
    data: WorkplaceCreate, session: SessionDep, ctx: Writer, idem: IdempotencyDep
) -> WorkplaceRead:
    """Add a workplace to the group's map (organisers)."""
    return await idem.run(
        ctx.user_id, WorkplaceRead, lambda: service.create_workplace(session, ctx, data)
    )


@router.get(
    "/workplaces", tags=["workplaces"], operation_id="list_workplaces", responses=READ_ERRORS
)
async def list_workplaces(
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    sector: Annotated[str | None, Query(max_length=100, description="Exact sector")] = None,
    updated_since: UpdatedSinceQuery = None,
    sort: Annotated[str | None, Query(max_length=50, description=WORKPLACE_SORT)] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[WorkplaceRead]:
    """The group's workplaces; `q` searches name, employer, address and postcode."""
    items, next_cursor = await service.list_workplaces(
        session,
        ctx,
        q=q,
        sector=sector,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/workplaces/{workplace_id}",
    tags=["workplaces"],
    operation_id="get_workplace",
    responses=READ_ERRORS,
)
async def get_workplace(
    workplace_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> WorkplaceRead:
    """One workplace; the ETag header carries its version."""
    record = await service.get_workplace(session, ctx, workplace_id)
    set_etag(response, record.version)
    return service.present_workplace(record)


@router.patch(
    "/workplaces/{workplace_id}",
    tags=["workplaces"],
    operation_id="update_workplace",
    responses=UPDATE_ERRORS,
)
async def update_workplace(
    workplace_id: uuid.UUID,
    data: WorkplaceUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> WorkplaceRead:
    """Change some fields; send the version you read (body `version` or If-Match)."""
    result = await service.update_workplace(session, ctx, workplace_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/workplaces/{workplace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["workplaces"],
    operation_id="delete_workplace",
    responses=DELETE_ERRORS,
)
async def delete_workplace(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a workplace with its departments and shifts. Its contacts are kept, with no
    workplace recorded. Deleted means deleted: only a tombstone (id and time) remains."""
    await service.delete_workplace(
        session, ctx, workplace_id, delete_expectation(version, if_match)
    )


@router.get(
    "/workplaces/{workplace_id}/chart",
    tags=["workplaces"],
    operation_id="get_workplace_chart",
    responses=READ_ERRORS,
)
async def get_workplace_chart(
    workplace_id: uuid.UUID, session: SessionDep, ctx: Reader
) -> WorkplaceChart:
    """The wall chart: for each department x shift (with "no department" and "no shift"
    buckets, shown as null ids), contacts at each assessment level and union members; per
    department, coverage against its estimated headcount. Totals give coverage against the
    workplace's headcount, the share of leaders (1s) and supporters (1s and 2s) among
    contacts, and how many contacts nobody has talked to in 30, 60 and 90 days (never
    talked to counts as not talked to). Shares are fractions of 1, rounded to 4 places."""
    return await service.workplace_chart(session, ctx, workplace_id)


# --- departments ---------------------------------------------------------------------------


@router.post(
    "/workplaces/{workplace_id}/departments",
    status_code=status.HTTP_201_CREATED,
    tags=["workplaces"],
    operation_id="create_department",
    responses=CREATE_ERRORS,
)
async def create_department(
    workplace_id: uuid.UUID,
    data: DepartmentCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DepartmentRead:
    """Add a department or area (ward, line, floor) to a workplace."""
    return await idem.run(
        ctx.user_id,
        DepartmentRead,
        lambda: service.create_department(session, ctx, workplace_id, data),
    )


@router.get(
    "/workplaces/{workplace_id}/departments",
    tags=["workplaces"],
    operation_id="list_departments",
    responses=READ_ERRORS,
)
async def list_departments(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    updated_since: UpdatedSinceQuery = None,
    sort: Annotated[str | None, Query(max_length=50, description=WORKPLACE_SORT)] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DepartmentRead]:
    """A workplace's departments; `q` searches name and notes."""
    items, next_cursor = await service.list_departments(
        session,
        ctx,
        workplace_id,
        q=q,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/departments/{department_id}",
    tags=["workplaces"],
    operation_id="get_department",
    responses=READ_ERRORS,
)
async def get_department(
    department_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> DepartmentRead:
    """One department; the ETag header carries its version."""
    record = await service.get_department(session, ctx, department_id)
    set_etag(response, record.version)
    return service.present_department(record)


@router.patch(
    "/departments/{department_id}",
    tags=["workplaces"],
    operation_id="update_department",
    responses=UPDATE_ERRORS,
)
async def update_department(
    department_id: uuid.UUID,
    data: DepartmentUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DepartmentRead:
    """Change some fields; send the version you read (body `version` or If-Match)."""
    result = await service.update_department(session, ctx, department_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/departments/{department_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["workplaces"],
    operation_id="delete_department",
    responses=DELETE_ERRORS,
)
async def delete_department(
    department_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a department. Its contacts stay at the workplace with no department."""
    await service.delete_department(
        session, ctx, department_id, delete_expectation(version, if_match)
    )


# --- shifts --------------------------------------------------------------------------------


@router.post(
    "/workplaces/{workplace_id}/shifts",
    status_code=status.HTTP_201_CREATED,
    tags=["workplaces"],
    operation_id="create_shift",
    responses=CREATE_ERRORS,
)
async def create_shift(
    workplace_id: uuid.UUID,
    data: ShiftCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> ShiftRead:
    """Add a shift to a workplace."""
    return await idem.run(
        ctx.user_id, ShiftRead, lambda: service.create_shift(session, ctx, workplace_id, data)
    )


@router.get(
    "/workplaces/{workplace_id}/shifts",
    tags=["workplaces"],
    operation_id="list_shifts",
    responses=READ_ERRORS,
)
async def list_shifts(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    updated_since: UpdatedSinceQuery = None,
    sort: Annotated[str | None, Query(max_length=50, description=WORKPLACE_SORT)] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ShiftRead]:
    """A workplace's shifts; `q` searches name and pattern."""
    items, next_cursor = await service.list_shifts(
        session,
        ctx,
        workplace_id,
        q=q,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/shifts/{shift_id}", tags=["workplaces"], operation_id="get_shift", responses=READ_ERRORS
)
async def get_shift(
    shift_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> ShiftRead:
    """One shift; the ETag header carries its version."""
    record = await service.get_shift(session, ctx, shift_id)
    set_etag(response, record.version)
    return service.present_shift(record)


@router.patch(
    "/shifts/{shift_id}",
    tags=["workplaces"],
    operation_id="update_shift",
    responses=UPDATE_ERRORS,
)
async def update_shift(
    shift_id: uuid.UUID,
    data: ShiftUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> ShiftRead:
    """Change some fields; send the version you read (body `version` or If-Match)."""
    result = await service.update_shift(session, ctx, shift_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/shifts/{shift_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["workplaces"],
    operation_id="delete_shift",
    responses=DELETE_ERRORS,
)
async def delete_shift(
    shift_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a shift. Its contacts stay at the workplace with no shift."""
    await service.delete_shift(session, ctx, shift_id, delete_expectation(version, if_match))
