"""Planning an import against the group's records: what a run would do to each row, shown
before it runs (the run plans the same way, reading the stored file the same way: a batch of
rows at a time, keeping only what planning the next rows needs)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.contacts.models import Contact
from api.contacts.schemas.contacts import ContactCreate
from api.core.context import GroupContext
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.files import Row
from api.imports.mapping import MappingError, check_mapping
from api.imports.models import ImportJob
from api.imports.planning import (
    Action,
    Existing,
    NewPlace,
    PlacementDefaults,
    PlannedRow,
    Planner,
    fold,
    match_key,
)
from api.imports.rows import columns_by_field
from api.imports.schemas import ImportPreview, PreviewRow, PreviewSummary, RowError
from api.imports.services.common import (
    ImportStateConflict,
    get_import,
    handing_back_memory,
    has_file,
    off_loop,
    stored_rows,
)
from api.imports.services.verdicts import keep, verdict_key
from api.imports.vocabulary import MATCH_KEYS
from api.workplaces.models import Department, Shift, Workplace
from api.workplaces.schemas.workplaces import WorkplaceCreate

PREVIEW_MAX = 200
PLAN_BATCH = 1000  # rows planned at a time where nothing is written
# Characters of cells planned (and written) at a time, however long the rows are: a batch of
# rows with long notes holds their text twice over (the cells and the planned values).
BATCH_CHARS = 1_000_000

_CONTACT_FIELDS = [name for name in ContactCreate.model_fields if hasattr(Contact, name)]
_WORKPLACE_FIELDS = [name for name in WorkplaceCreate.model_fields if hasattr(Workplace, name)]


async def existing_records(session: AsyncSession, ctx: GroupContext, kind: ImportKind) -> Existing:
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
        existing.workplace_names[place_id] = name
    for model, table in ((Department, existing.departments), (Shift, existing.shifts)):
        for place_id, workplace_id, name in (
            await session.execute(
                scoped_select(ctx, model, model.id, model.workplace_id, model.name)
            )
        ).all():
            table.setdefault((workplace_id, fold(name)), []).append(place_id)
    return existing


def placement_defaults(job: ImportJob, existing: Existing) -> PlacementDefaults:
    """The import's default places, still the group's (one deleted since the mapping was
    chosen refuses the preview and the run rather than leaving its rows unplaced)."""
    chosen = {part: uuid.UUID(value) for part, value in (job.placement_defaults or {}).items()}
    workplace = chosen.get("workplace")
    if workplace is None:
        return PlacementDefaults()
    parts = {
        "department": {i for ids in existing.departments.values() for i in ids},
        "shift": {i for ids in existing.shifts.values() for i in ids},
    }
    gone = [
        part
        for part, place_id in chosen.items()
        if place_id not in (existing.workplace_names if part == "workplace" else parts[part])
    ]
    if gone:
        raise ImportStateConflict(
            f"The default {gone[0]} has been deleted; choose the mapping again",
            code="import_not_mapped",
        )
    return PlacementDefaults(
        workplace=workplace,
        workplace_name=existing.workplace_names[workplace],
        department=chosen.get("department"),
        shift=chosen.get("shift"),
    )


def planner_for(job: ImportJob, existing: Existing) -> Planner:
    """A planner starting afresh: the same file planned twice is planned the same way."""
    return Planner(
        job.kind,
        job.header,
        job.mapping if job.mapping is not None else job.suggested_mapping,
        job.match_by,
        job.on_match,
        existing,
        source=f"Imported from {job.filename}"[:200],
        defaults=placement_defaults(job, existing),
    )


async def planned_batches(
    session: AsyncSession, job: ImportJob, planner: Planner, *, batch_size: int
) -> AsyncIterator[tuple[list[Row], list[PlannedRow]]]:
    """The stored file's rows with their plans, up to `batch_size` rows and `BATCH_CHARS`
    characters of cells at a time (planned off the event loop)."""
    waiting: list[Row] = []
    waiting_chars = 0

    async def planned(rows: list[Row]) -> tuple[list[Row], list[PlannedRow]]:
        plans = await off_loop(lambda: [planner.plan_row(row) for row in rows])
        return rows, plans

    async for rows in stored_rows(session, job):
        for row in rows:
            waiting.append(row)
            waiting_chars += sum(map(len, row.cells))
            if len(waiting) >= batch_size or waiting_chars >= BATCH_CHARS:
                yield await planned(waiting)
                waiting, waiting_chars = [], 0
    if waiting:
        yield await planned(waiting)


async def count_actions(
    session: AsyncSession, job: ImportJob, existing: Existing
) -> tuple[Counter[Action], list[NewPlace]]:
    """What a run would do to each row, counted, and the places it would create (the
    planner's memory of the rows goes once they are counted)."""
    planner = planner_for(job, existing)
    counts: Counter[Action] = Counter()
    async for _rows, plans in planned_batches(session, job, planner, batch_size=PLAN_BATCH):
        counts.update(plan.action for plan in plans)
    return counts, planner.places()


def _places(places: Sequence[NewPlace], kind: str) -> list[str]:
    return [place.describe() for place in places if place.kind == kind]


@handing_back_memory
async def preview_import(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID, *, limit: int
) -> ImportPreview:
    """The first rows with what a run would do to each, and totals over the whole file."""
    job = await get_import(session, ctx, import_id)
    if job.status == ImportStatus.done:
        raise ImportStateConflict("This import has run; download its report instead")
    if not await has_file(session, job.id, FileRole.upload):
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
    key = await verdict_key(session, ctx, job)
    planner = planner_for(job, await existing_records(session, ctx, job.kind))
    by_field = columns_by_field(job.header, mapping)
    mapped = sorted({i for indexes in by_field.values() for i in indexes})
    shown: list[PreviewRow] = []
    counts: Counter[Action] = Counter()
    async for rows, plans in planned_batches(session, job, planner, batch_size=PLAN_BATCH):
        counts.update(plan.action for plan in plans)
        shown.extend(
            PreviewRow(
                row=planned.line,
                action=planned.action,
                reason=planned.reason,
                errors=[
                    RowError(
                        column=e.column, field=e.field, message=e.message, type=e.type, ctx=e.ctx
                    )
                    for e in planned.errors
                ],
                cells={job.header[i]: source.cells[i] for i in mapped},
                record_id=planned.record_id,
            )
            for planned, source in zip(plans[: limit - len(shown)], rows, strict=False)
        )
    places = planner.places()
    keep(key, counts, places)
    return ImportPreview(
        rows=shown,
        summary=PreviewSummary(
            create=counts[Action.create],
            update=counts[Action.update],
            skip=counts[Action.skip],
            fail=counts[Action.fail],
            new_workplaces=_places(places, "workplace"),
            new_departments=_places(places, "department"),
            new_shifts=_places(places, "shift"),
        ),
        mapping=mapping,
        will_refuse=counts[Action.fail] > 0,
    )
