"""The wall chart: a workplace's contacts counted by department x shift, with coverage and
how long since anyone talked to them."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Text, case, cast, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.enums import MembershipStatus
from api.contacts.models import Contact
from api.contacts.services.contacts import speaks_any
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.tenancy import scoped_select
from api.workplaces.models import Department, Shift
from api.workplaces.schemas.chart import (
    ChartCell,
    ChartCounts,
    ChartLanguage,
    ChartRow,
    ChartShift,
    ChartTotals,
    WorkplaceChart,
)
from api.workplaces.services.common import get_workplace

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


async def language_summary(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID
) -> list[ChartLanguage]:
    """How many of the workplace's contacts speak each language, counted from one row per
    distinct combination of languages (few, however many contacts there are)."""
    others = cast(col(Contact.other_languages), Text)
    combinations = (
        await session.execute(
            scoped_select(ctx, Contact, Contact.preferred_language, others, func.count())
            .where(col(Contact.workplace_id) == workplace_id)
            .group_by(col(Contact.preferred_language), others)
        )
    ).all()
    speakers: Counter[str] = Counter()
    preferred: Counter[str] = Counter()
    for language, other_languages, contacts in combinations:
        spoken = {*json.loads(other_languages or "[]")}
        if language is not None:
            preferred[language] += contacts
            spoken.add(language)
        for code in spoken:
            speakers[code] += contacts
    return [
        ChartLanguage(language=code, speakers=count, preferred=preferred[code])
        for code, count in sorted(speakers.items(), key=lambda item: (-item[1], item[0]))
    ]


async def workplace_chart(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    speaks: Sequence[str] | None = None,
) -> WorkplaceChart:
    """Counts by department x shift in one GROUP BY over the workplace's contacts (those who
    speak any of `speaks`, when given)."""
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
            .where(
                col(Contact.workplace_id) == workplace_id,
                *([speaks_any(session, speaks)] if speaks else []),
            )
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
        languages=await language_summary(session, ctx, workplace_id),
    )
