"""The wall chart: a workplace's contacts counted by department x shift, with coverage, how
long since anyone talked to them and who to talk to next; and each workplace's coverage."""

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
from api.core.queries import column_rows
from api.core.references import NOT_IN_GROUP, invalid
from api.core.tenancy import scoped_select
from api.workplaces.models import Department, Shift, Workplace
from api.workplaces.schemas.chart import WorkplaceCoverage
from api.workplaces.services.common import WorkplaceNotFound

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
TALK_TO_NEXT = 10
# The chart limited to the contacts with no shift recorded (or one of another workplace).
NO_SHIFT = "none"


def _count_when(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _ratio(part: int, whole: int | None) -> float | None:
    if not whole:
        return None
    return round(part / whole, 4)


def _add(into: dict[str, int], values: dict[str, int]) -> None:
    for name, value in values.items():
        into[name] = into.get(name, 0) + value


def _shift_filter(shift: str | None, shift_ids: set[uuid.UUID]) -> uuid.UUID | None:
    """The shift id asked for (None for `none`), or a 422 naming `shift` when it is not one
    of this workplace's shifts."""
    if shift == NO_SHIFT:
        return None
    try:
        shift_id = uuid.UUID(str(shift))
    except ValueError:
        raise invalid("shift", "shift must be a shift id or none", where="query") from None
    if shift_id not in shift_ids:
        raise invalid(
            "shift", "shift is not a shift of this workplace", where="query", code=NOT_IN_GROUP
        )
    return shift_id


async def language_summary(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID
) -> list[dict[str, Any]]:
    """How many of the workplace's contacts speak each language (`ChartLanguage`s), counted
    from one row per distinct combination of languages (few, however many contacts there
    are)."""
    others = cast(col(Contact.other_languages), Text)
    combinations: Sequence[Any] = await column_rows(
        session,
        scoped_select(ctx, Contact, Contact.preferred_language, others, func.count())
        .where(col(Contact.workplace_id) == workplace_id)
        .group_by(col(Contact.preferred_language), others),
    )
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
        {"language": code, "speakers": count, "preferred": preferred[code]}
        for code, count in sorted(speakers.items(), key=lambda item: (-item[1], item[0]))
    ]


async def workplace_chart(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    shift: str | None = None,
    speaks: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The `WorkplaceChart`'s JSON fields (`api.core.rendering`): counts by department x
    shift in one GROUP BY over the workplace's contacts; with `shift`, every figure counts
    only that shift's contacts (`none`: those with no shift); with `speaks`, only those who
    speak any of those languages. Every query selects columns; no record is built."""
    workplace = (
        await column_rows(
            session,
            scoped_select(
                ctx, Workplace, Workplace.id, Workplace.name, Workplace.estimated_headcount
            ).where(col(Workplace.id) == workplace_id),
        )
    )[:1]
    if not workplace:
        raise WorkplaceNotFound()
    departments = await column_rows(
        session,
        scoped_select(
            ctx, Department, Department.id, Department.name, Department.estimated_headcount
        )
        .where(col(Department.workplace_id) == workplace_id)
        .order_by(func.lower(col(Department.name)), col(Department.id)),
    )
    shifts = await column_rows(
        session,
        scoped_select(ctx, Shift, Shift.id, Shift.name)
        .where(col(Shift.workplace_id) == workplace_id)
        .order_by(func.lower(col(Shift.name)), col(Shift.id)),
    )

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
    grouped = await column_rows(
        session,
        scoped_select(ctx, Contact, Contact.department_id, Contact.shift_id, *aggregates)
        .where(
            col(Contact.workplace_id) == workplace_id,
            *([speaks_any(session, speaks)] if speaks else []),
        )
        .group_by(col(Contact.department_id), col(Contact.shift_id)),
    )

    department_ids = {row.id for row in departments}
    shift_ids = {row.id for row in shifts}
    limited = shift is not None
    only_shift = _shift_filter(shift, shift_ids) if limited else None
    cells: dict[tuple[uuid.UUID | None, uuid.UUID | None], dict[str, int]] = {}
    stale = dict.fromkeys(_STALE_DAYS, 0)
    for row in grouped:
        # A contact placed in a department or shift of another workplace is shown unplaced.
        key = (
            row.department_id if row.department_id in department_ids else None,
            row.shift_id if row.shift_id in shift_ids else None,
        )
        if limited and key[1] != only_shift:
            continue
        _add(cells.setdefault(key, {}), {name: int(getattr(row, name)) for name in _COUNT_FIELDS})
        for days in _STALE_DAYS:
            stale[days] += int(getattr(row, f"stale_{days}"))

    empty = dict.fromkeys(_COUNT_FIELDS, 0)
    columns = [*((row.id, row.name) for row in shifts), (None, None)]
    if limited:
        columns = [column for column in columns if column[0] == only_shift]
    column_ids = [column[0] for column in columns]
    row_specs: list[tuple[uuid.UUID | None, str | None, int | None]] = [
        *((row.id, row.name, row.estimated_headcount) for row in departments),
        (None, None, None),
    ]
    rows: list[dict[str, Any]] = []
    overall: dict[str, int] = dict(empty)
    for department_id, department_name, headcount in row_specs:
        row_totals: dict[str, int] = dict(empty)
        row_cells = []
        for shift_id in column_ids:
            counts = cells.get((department_id, shift_id), empty)
            _add(row_totals, counts)
            row_cells.append({**counts, "shift_id": shift_id})
        _add(overall, row_totals)
        rows.append(
            {
                "department_id": department_id,
                "department_name": department_name,
                "estimated_headcount": headcount,
                "coverage": None if limited else _ratio(row_totals["contacts"], headcount),
                "totals": row_totals,
                "cells": row_cells,
            }
        )

    contacts = overall["contacts"]
    place = workplace[0]
    return {
        "workplace_id": place.id,
        "workplace_name": place.name,
        "generated_at": now,
        "shift": shift,
        "shifts": [{"id": id_, "name": name} for id_, name in columns],
        "rows": rows,
        "totals": {
            **overall,
            "headcount": place.estimated_headcount,
            "coverage": None if limited else _ratio(contacts, place.estimated_headcount),
            "leader_share": _ratio(overall["level_1"], contacts),
            "supporter_share": _ratio(overall["level_1"] + overall["level_2"], contacts),
            "not_talked_to_30_days": stale[30],
            "not_talked_to_60_days": stale[60],
            "not_talked_to_90_days": stale[90],
        },
        "talk_to_next": await _talk_to_next(
            session, ctx, workplace_id, department_ids, shift_ids, limited, only_shift, speaks
        ),
        "languages": await language_summary(session, ctx, workplace_id),
    }


async def _talk_to_next(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    department_ids: set[uuid.UUID],
    shift_ids: set[uuid.UUID],
    limited: bool,
    only_shift: uuid.UUID | None,
    speaks: Sequence[str] | None,
) -> list[dict[str, Any]]:
    """The chart's contacts nobody has talked to for longest (never first), by name after
    (`ChartPerson`s)."""
    shift_column = col(Contact.shift_id)
    last_talk = col(Contact.last_conversation_at)
    statement = scoped_select(
        ctx,
        Contact,
        Contact.id,
        Contact.full_name,
        Contact.assessment_level,
        Contact.last_conversation_at,
        Contact.department_id,
        Contact.shift_id,
        Contact.preferred_language,
    ).where(col(Contact.workplace_id) == workplace_id)
    if limited and only_shift is not None:
        statement = statement.where(shift_column == only_shift)
    elif limited:
        statement = statement.where(or_(shift_column.is_(None), shift_column.not_in(shift_ids)))
    if speaks:
        statement = statement.where(speaks_any(session, speaks))
    statement = statement.order_by(
        case((last_talk.is_(None), 0), else_=1),
        last_talk,
        func.lower(col(Contact.full_name)),
        col(Contact.id),
    ).limit(TALK_TO_NEXT)
    return [
        {
            "id": row.id,
            "full_name": row.full_name,
            "assessment_level": row.assessment_level,
            "last_conversation_at": row.last_conversation_at,
            "department_id": row.department_id if row.department_id in department_ids else None,
            "shift_id": row.shift_id if row.shift_id in shift_ids else None,
            "preferred_language": row.preferred_language,
        }
        for row in await column_rows(session, statement)
    ]


async def workplaces_coverage(
    session: AsyncSession, ctx: GroupContext, workplace_ids: list[uuid.UUID]
) -> list[WorkplaceCoverage]:
    """Each named workplace's coverage (contacts known against its headcount, as the chart
    counts it), contacts assessed and talked to in 30 days, in one GROUP BY; ids the group
    has no workplace for are left out."""
    wanted = list(dict.fromkeys(workplace_ids))
    workplaces = (
        await session.execute(
            scoped_select(ctx, Workplace, Workplace.id, Workplace.estimated_headcount).where(
                col(Workplace.id).in_(wanted)
            )
        )
    ).all()
    last_talk = col(Contact.last_conversation_at)
    recently = utcnow() - timedelta(days=30)
    counted = {
        row.workplace_id: row
        for row in (
            await session.execute(
                scoped_select(
                    ctx,
                    Contact,
                    Contact.workplace_id,
                    func.count().label("contacts"),
                    _count_when(col(Contact.assessment_level).is_not(None)).label("assessed"),
                    _count_when(last_talk >= recently).label("talked"),
                )
                .where(col(Contact.workplace_id).in_(wanted))
                .group_by(col(Contact.workplace_id))
            )
        ).all()
    }
    headcounts = {row.id: row.estimated_headcount for row in workplaces}
    items = []
    for workplace_id in wanted:
        if workplace_id not in headcounts:
            continue
        row = counted.get(workplace_id)
        contacts = int(row.contacts) if row else 0
        items.append(
            WorkplaceCoverage(
                workplace_id=workplace_id,
                headcount=headcounts[workplace_id],
                contacts=contacts,
                coverage=_ratio(contacts, headcounts[workplace_id]),
                assessed=int(row.assessed) if row else 0,
                talked_to_30_days=int(row.talked) if row else 0,
            )
        )
    return items
