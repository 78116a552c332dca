"""Workplaces, their departments and shifts, and the wall chart."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.enums import MembershipStatus
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey
from api.core.queries import columns_for, page_of, searchable
from api.core.records import RecordWriter
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, update_from_request
from api.workplaces.models import Department, Shift, Workplace
from api.workplaces.schemas import (
    ChartCell,
    ChartCounts,
    ChartRow,
    ChartShift,
    ChartTotals,
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


class WorkplaceNotFound(NotFound):
    code = "workplace_not_found"
    detail = "Workplace not found"


class DepartmentNotFound(NotFound):
    code = "department_not_found"
    detail = "Department not found"


class ShiftNotFound(NotFound):
    code = "shift_not_found"
    detail = "Shift not found"


def present_workplace(record: Workplace) -> WorkplaceRead:
    return WorkplaceRead.model_validate(record, from_attributes=True)


def present_department(record: Department) -> DepartmentRead:
    return DepartmentRead.model_validate(record, from_attributes=True)


def present_shift(record: Shift) -> ShiftRead:
    return ShiftRead.model_validate(record, from_attributes=True)


def _name_sorts(model: Any) -> dict[str, tuple[Any, type]]:
    return {
        "name": (func.lower(col(model.name)), str),
        "created_at": (col(model.created_at), datetime),
        "updated_at": (col(model.updated_at), datetime),
    }


# --- workplaces ----------------------------------------------------------------------------


async def create_workplace(
    session: AsyncSession, ctx: GroupContext, data: WorkplaceCreate
) -> WorkplaceRead:
    record = await RecordWriter.for_context(session, ctx).create(Workplace(**data.model_dump()))
    return present_workplace(record)


async def get_workplace(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID, *, for_update: bool = False
) -> Workplace:
    return await get_scoped(
        session, ctx, Workplace, workplace_id, WorkplaceNotFound, for_update=for_update
    )


async def list_workplaces(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    q: str | None,
    sector: str | None,
    updated_since: datetime | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[WorkplaceRead], str | None]:
    keys = sort_keys(sort, _name_sorts(Workplace), "name", SortKey(col(Workplace.id), uuid.UUID))
    statement = scoped_select(ctx, Workplace, *columns_for(Workplace, WorkplaceRead))
    search = text_search(
        q,
        searchable(
            col(Workplace.name),
            col(Workplace.employer),
            col(Workplace.address),
            col(Workplace.postcode),
        ),
    )
    if search is not None:
        statement = statement.where(search)
    if sector and sector.strip():
        statement = statement.where(func.lower(col(Workplace.sector)) == sector.strip().lower())
    statement = apply_updated_since(statement, col(Workplace.updated_at), updated_since)
    return await page_of(session, statement, keys, WorkplaceRead, limit=limit, cursor=cursor)


async def update_workplace(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    data: WorkplaceUpdate,
    if_match: str | None,
) -> WorkplaceRead:
    record = await get_workplace(session, ctx, workplace_id)
    record = await update_from_request(session, ctx, record, data, if_match, present_workplace)
    return present_workplace(record)


async def delete_workplace(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Its departments and shifts go with it; its contacts stay, no longer placed there."""
    record = await get_workplace(session, ctx, workplace_id)
    await delete_with_dependents(session, ctx, record, expected, present_workplace)


# --- departments ---------------------------------------------------------------------------


async def create_department(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID, data: DepartmentCreate
) -> DepartmentRead:
    await get_workplace(session, ctx, workplace_id)
    record = await RecordWriter.for_context(session, ctx).create(
        Department(workplace_id=workplace_id, **data.model_dump())
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
    keys = sort_keys(sort, _name_sorts(Department), "name", SortKey(col(Department.id), uuid.UUID))
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
    record = await update_from_request(session, ctx, record, data, if_match, present_department)
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


# --- shifts --------------------------------------------------------------------------------


async def create_shift(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID, data: ShiftCreate
) -> ShiftRead:
    await get_workplace(session, ctx, workplace_id)
    record = await RecordWriter.for_context(session, ctx).create(
        Shift(workplace_id=workplace_id, **data.model_dump())
    )
    return present_shift(record)


async def get_shift(session: AsyncSession, ctx: GroupContext, shift_id: uuid.UUID) -> Shift:
    return await get_scoped(session, ctx, Shift, shift_id, ShiftNotFound)


async def list_shifts(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    *,
    q: str | None,
    updated_since: datetime | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ShiftRead], str | None]:
    await get_workplace(session, ctx, workplace_id)
    keys = sort_keys(sort, _name_sorts(Shift), "name", SortKey(col(Shift.id), uuid.UUID))
    statement = scoped_select(ctx, Shift, *columns_for(Shift, ShiftRead)).where(
        col(Shift.workplace_id) == workplace_id
    )
    search = text_search(q, searchable(col(Shift.name), col(Shift.pattern)))
    if search is not None:
        statement = statement.where(search)
    statement = apply_updated_since(statement, col(Shift.updated_at), updated_since)
    return await page_of(session, statement, keys, ShiftRead, limit=limit, cursor=cursor)


async def update_shift(
    session: AsyncSession,
    ctx: GroupContext,
    shift_id: uuid.UUID,
    data: ShiftUpdate,
    if_match: str | None,
) -> ShiftRead:
    record = await get_shift(session, ctx, shift_id)
    record = await update_from_request(session, ctx, record, data, if_match, present_shift)
    return present_shift(record)


async def delete_shift(
    session: AsyncSession, ctx: GroupContext, shift_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Contacts on the shift stay at the workplace, with no shift recorded."""
    record = await get_shift(session, ctx, shift_id)
    await delete_with_dependents(session, ctx, record, expected, present_shift)


# --- the wall chart ------------------------------------------------------------------------

_COUNT_FIELDS = (
    "contacts",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
    "unassessed",
    "members",
)
_STALE_DAYS = (30, 60, 90)


def _count_when(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _ratio(part: int, whole: int | None) -> float | None:
    if not whole:
        return None
    return round(part / whole, 4)


def _add(into: dict[str, int], values: dict[str, int]) -> None:
    for name, value in values.items():
        into[name] = into.get(name, 0) + value


async def workplace_chart(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID
) -> WorkplaceChart:
    """Counts by department x shift in one GROUP BY over the workplace's contacts."""
    workplace = await get_workplace(session, ctx, workplace_id)
    departments = (
        await session.execute(
            scoped_select(
                ctx, Department, Department.id, Department.name, Department.estimated_headcount
            )
            .where(col(Department.workplace_id) == workplace_id)
            .order_by(func.lower(col(Department.name)), col(Department.id))
        )
    ).all()
    shifts = (
        await session.execute(
            scoped_select(ctx, Shift, Shift.id, Shift.name)
            .where(col(Shift.workplace_id) == workplace_id)
            .order_by(func.lower(col(Shift.name)), col(Shift.id))
        )
    ).all()

    now = utcnow()
    level = col(Contact.assessment_level)
    last_talk = col(Contact.last_conversation_at)
    aggregates = [
        func.count().label("contacts"),
        *(_count_when(level == n).label(f"level_{n}") for n in range(1, 6)),
        _count_when(level.is_(None)).label("unassessed"),
        _count_when(col(Contact.membership_status) == MembershipStatus.member.value).label(
            "members"
        ),
        *(
            _count_when(or_(last_talk.is_(None), last_talk < now - timedelta(days=days))).label(
                f"stale_{days}"
            )
            for days in _STALE_DAYS
        ),
    ]
    grouped = (
        await session.execute(
            scoped_select(ctx, Contact, Contact.department_id, Contact.shift_id, *aggregates)
            .where(col(Contact.workplace_id) == workplace_id)
            .group_by(col(Contact.department_id), col(Contact.shift_id))
        )
    ).all()

    department_ids = {row.id for row in departments}
    shift_ids = {row.id for row in shifts}
    cells: dict[tuple[uuid.UUID | None, uuid.UUID | None], dict[str, int]] = {}
    stale = dict.fromkeys(_STALE_DAYS, 0)
    for row in grouped:
        # A contact placed in a department or shift of another workplace is shown unplaced.
        key = (
            row.department_id if row.department_id in department_ids else None,
            row.shift_id if row.shift_id in shift_ids else None,
        )
        _add(cells.setdefault(key, {}), {name: int(getattr(row, name)) for name in _COUNT_FIELDS})
        for days in _STALE_DAYS:
            stale[days] += int(getattr(row, f"stale_{days}"))

    empty = dict.fromkeys(_COUNT_FIELDS, 0)
    column_ids: list[uuid.UUID | None] = [*(row.id for row in shifts), None]
    row_specs: list[tuple[uuid.UUID | None, str | None, int | None]] = [
        *((row.id, row.name, row.estimated_headcount) for row in departments),
        (None, None, None),
    ]
    rows: list[ChartRow] = []
    overall: dict[str, int] = dict(empty)
    for department_id, department_name, headcount in row_specs:
        row_totals: dict[str, int] = dict(empty)
        row_cells = []
        for shift_id in column_ids:
            counts = cells.get((department_id, shift_id), empty)
            _add(row_totals, counts)
            row_cells.append(ChartCell(shift_id=shift_id, **counts))
        _add(overall, row_totals)
        rows.append(
            ChartRow(
                department_id=department_id,
                department_name=department_name,
                estimated_headcount=headcount,
                coverage=_ratio(row_totals["contacts"], headcount),
                totals=ChartCounts(**row_totals),
                cells=row_cells,
            )
        )

    contacts = overall["contacts"]
    return WorkplaceChart(
        workplace_id=workplace.id,
        workplace_name=workplace.name,
        generated_at=now,
        shifts=[
            *(ChartShift(id=row.id, name=row.name) for row in shifts),
            ChartShift(id=None, name=None),
        ],
        rows=rows,
        totals=ChartTotals(
            **overall,
            headcount=workplace.estimated_headcount,
            coverage=_ratio(contacts, workplace.estimated_headcount),
            leader_share=_ratio(overall["level_1"], contacts),
            supporter_share=_ratio(overall["level_1"] + overall["level_2"], contacts),
            not_talked_to_30_days=stale[30],
            not_talked_to_60_days=stale[60],
            not_talked_to_90_days=stale[90],
        ),
    )
