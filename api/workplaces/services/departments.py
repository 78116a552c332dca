"""A workplace's departments: the areas (ward, line, floor) its contacts are mapped to."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id, searchable
from api.core.records import RecordWriter
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion
from api.workplaces.models import Department, name_key
from api.workplaces.schemas.departments import DepartmentCreate, DepartmentRead, DepartmentUpdate
from api.workplaces.services.common import (
    check_name_free,
    get_workplace,
    name_sorts,
    update_part,
)


class DepartmentNotFound(NotFound):
    code = "department_not_found"
    detail = "Department not found"


def present_department(record: Department) -> DepartmentRead:
    return DepartmentRead.model_validate(record, from_attributes=True)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DepartmentRead]:
    """The group's departments with these ids, each as an item of a workplace's department
    list."""
    return await load_by_columns(session, ctx, Department, DepartmentRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same departments as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Department, DepartmentRead, ids)


async def create_department(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID, data: DepartmentCreate
) -> DepartmentRead:
    await get_workplace(session, ctx, workplace_id, for_update=True)
    await check_name_free(session, ctx, Department, workplace_id, data.name, noun="department")
    record = await RecordWriter.for_context(session, ctx).create(
        Department(workplace_id=workplace_id, name_key=name_key(data.name), **data.model_dump())
    )
    return present_department(record)


async def get_department(
    session: AsyncSession, ctx: GroupContext, department_id: uuid.UUID
) -> Department:
    return await get_scoped(session, ctx, Department, department_id, DepartmentNotFound)


async def list_departments(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    *,
    q: str | None,
    updated_since: datetime | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DepartmentRead], str | None]:
    await get_workplace(session, ctx, workplace_id)
    keys = sort_keys(sort, name_sorts(Department), "name", SortKey(col(Department.id), uuid.UUID))
    statement = scoped_select(ctx, Department, *columns_for(Department, DepartmentRead)).where(
        col(Department.workplace_id) == workplace_id
    )
    search = text_search(q, searchable(col(Department.name), col(Department.notes)))
    if search is not None:
        statement = statement.where(search)
    statement = apply_updated_since(statement, col(Department.updated_at), updated_since)
    return await page_of(session, statement, keys, DepartmentRead, limit=limit, cursor=cursor)


async def update_department(
    session: AsyncSession,
    ctx: GroupContext,
    department_id: uuid.UUID,
    data: DepartmentUpdate,
    if_match: str | None,
) -> DepartmentRead:
    record = await get_department(session, ctx, department_id)
    if data.name is not None:
        await get_workplace(session, ctx, record.workplace_id, for_update=True)
        await check_name_free(
            session,
            ctx,
            Department,
            record.workplace_id,
            data.name,
            noun="department",
            except_id=record.id,
        )
    record = await update_part(session, ctx, record, data, if_match, present_department)
    return present_department(record)


async def delete_department(
    session: AsyncSession,
    ctx: GroupContext,
    department_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Contacts in the department stay at the workplace, with no department recorded."""
    record = await get_department(session, ctx, department_id)
    await delete_with_dependents(session, ctx, record, expected, present_department)
