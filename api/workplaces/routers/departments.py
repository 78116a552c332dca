"""A workplace's departments (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import SearchQuery, UpdatedSinceQuery
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.workplaces.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    NAME_SORT,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    Writer,
)
from api.workplaces.schemas.departments import DepartmentCreate, DepartmentRead, DepartmentUpdate
from api.workplaces.services import departments as service

router = APIRouter()


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
    sort: str | None = NAME_SORT,
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
