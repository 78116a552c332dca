"""Planning an import against the group's records: what a run would do to each row, shown
before it runs (the run plans the same way)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.contacts.models import Contact
from api.contacts.schemas.contacts import ContactCreate
from api.core.context import GroupContext
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.files import read_csv
from api.imports.mapping import MappingError, check_mapping
from api.imports.models import ImportJob
from api.imports.planning import Action, Existing, Plan, Planner, fold, match_key
from api.imports.rows import columns_by_field
from api.imports.schemas import ImportPreview, PreviewRow, PreviewSummary, RowError
from api.imports.services.common import ImportStateConflict, get_import, stored_file
from api.imports.vocabulary import MATCH_KEYS
from api.workplaces.models import Department, Shift, Workplace
from api.workplaces.schemas.workplaces import WorkplaceCreate

PREVIEW_MAX = 200

_CONTACT_FIELDS = [name for name in ContactCreate.model_fields if hasattr(Contact, name)]
_WORKPLACE_FIELDS = [name for name in WorkplaceCreate.model_fields if hasattr(Workplace, name)]


async def _existing(session: AsyncSession, ctx: GroupContext, kind: ImportKind) -> Existing:
    existing = Existing()
    if kind == ImportKind.workplaces:
        columns = [
            Workplace.id,
            Workplace.version,
            *(getattr(Workplace, f) for f in _WORKPLACE_FIELDS),
        ]
        for row in (await session.execute(scoped_select(ctx, Workplace, *columns))).all():
            values = dict(row._mapping)
            existing.add_record(row.id, values, {"name": match_key("name", values)})
        return existing
    columns = [
        Contact.id,
        Contact.version,
        *(getattr(Contact, name) for name in _CONTACT_FIELDS),
    ]
    for row in (await session.execute(scoped_select(ctx, Contact, *columns))).all():
        values = dict(row._mapping)
        existing.add_record(
            row.id, values, {key: match_key(key, values) for key in MATCH_KEYS[kind]}
        )
    for place_id, name in (
        await session.execute(scoped_select(ctx, Workplace, Workplace.id, Workplace.name))
    ).all():
        existing.workplaces.setdefault(fold(name), []).append(place_id)
    for model, table in ((Department, existing.departments), (Shift, existing.shifts)):
        for place_id, workplace_id, name in (
            await session.execute(
                scoped_select(ctx, model, model.id, model.workplace_id, model.name)
            )
        ).all():
            table.setdefault((workplace_id, fold(name)), []).append(place_id)
    return existing


@dataclass
class Prepared:
    header: list[str]
    rows: list[Any]
    plan: Plan
    mapping: dict[str, str | None]


async def prepare(
    session: AsyncSession, ctx: GroupContext, job: ImportJob, data: bytes
) -> Prepared:
    parsed = await asyncio.to_thread(read_csv, data)
    mapping = job.mapping if job.mapping is not None else job.suggested_mapping
    existing = await _existing(session, ctx, job.kind)
    planner = Planner(
        job.kind,
        parsed.header,
        mapping,
        job.match_by,
        job.on_match,
        existing,
        source=f"Imported from {job.filename}"[:200],
    )
    plan = await asyncio.to_thread(planner.plan, parsed.rows)
    return Prepared(header=parsed.header, rows=parsed.rows, plan=plan, mapping=mapping)


def _places(plan: Plan, kind: str) -> list[str]:
    return [place.describe() for place in plan.new_places if place.kind == kind]


async def preview_import(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID, *, limit: int
) -> ImportPreview:
    """The first rows with what a run would do to each, and totals over the whole file."""
    job = await get_import(session, ctx, import_id)
    if job.status == ImportStatus.done:
        raise ImportStateConflict("This import has run; download its report instead")
    data = await stored_file(session, job.id, FileRole.upload)
    if data is None:
        raise ImportStateConflict("The uploaded file is no longer kept; upload it again")
    try:
        mapping = check_mapping(
            job.kind,
            job.header,
            job.mapping if job.mapping is not None else job.suggested_mapping,
            job.match_by,
        )
    except MappingError as error:
        raise ImportStateConflict(
            f"Choose the mapping first (PUT …/mapping): {error.message}",
            code="import_not_mapped",
        ) from None
    prepared = await prepare(session, ctx, job, data)
    plan = prepared.plan
    by_field = columns_by_field(prepared.header, mapping)
    mapped = sorted({i for indexes in by_field.values() for i in indexes})
    rows = [
        PreviewRow(
            row=planned.line,
            action=planned.action,
            reason=planned.reason,
            errors=[
                RowError(column=e.column, field=e.field, message=e.message) for e in planned.errors
            ],
            cells={prepared.header[i]: source.cells[i] for i in mapped},
            record_id=planned.record_id,
        )
        for planned, source in zip(plan.rows[:limit], prepared.rows[:limit], strict=True)
    ]
    failed = plan.count(Action.fail)
    return ImportPreview(
        rows=rows,
        summary=PreviewSummary(
            create=plan.count(Action.create),
            update=plan.count(Action.update),
            skip=plan.count(Action.skip),
            fail=failed,
            new_workplaces=_places(plan, "workplace"),
            new_departments=_places(plan, "department"),
            new_shifts=_places(plan, "shift"),
        ),
        mapping=mapping,
        will_refuse=failed > 0,
    )
