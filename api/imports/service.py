"""CSV imports of contacts and workplaces: upload, map, preview, run, report.

A run is all or nothing: it plans every row first and, if any row fails and the caller did
not choose to skip invalid rows, writes nothing. Otherwise every write happens in one
transaction through the write path (bulk inserts, one change entry per record), so an error
part-way rolls everything back. The run's own transaction stays open until the end, so its
progress is kept in memory for this process and, on Postgres, also written to the import row
in separate short transactions that other app servers can read. (SQLite allows one writer at
a time, so there progress lives in memory only; the final counts are written with the data.)
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from api.contacts.models import Contact
from api.contacts.schemas.contacts import ContactCreate
from api.core.context import GroupContext
from api.core.db import GroupRecord, utcnow
from api.core.errors import AppError, Conflict, NotFound
from api.core.pagination import SortKey, keyset_page
from api.core.records import RecordWriter, VersionConflict
from api.core.references import invalid
from api.core.spreadsheets import safe_cell
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.files import DELIMITER_NAMES, UnreadableFile, read_csv
from api.imports.mapping import MappingError, check_mapping, check_match_by, guess_mapping
from api.imports.models import ImportFile, ImportJob
from api.imports.planning import (
    Action,
    Existing,
    NewPlace,
    Plan,
    PlannedRow,
    Planner,
    Ref,
    fold,
    match_key,
)
from api.imports.rows import columns_by_field
from api.imports.schemas import (
    ImportCounts,
    ImportField,
    ImportMappingUpdate,
    ImportPreview,
    ImportProgress,
    ImportRead,
    PreviewRow,
    PreviewSummary,
    RowError,
)
from api.imports.vocabulary import FIELDS, MATCH_KEYS
from api.workplaces.models import Department, Shift, Workplace
from api.workplaces.schemas.workplaces import WorkplaceCreate

logger = logging.getLogger("shopfloor.imports")

WRITE_BATCH = 1000  # rows written (and progress reported) at a time
STALE_AFTER = timedelta(minutes=15)  # a "running" import not heard of since: interrupted
PREVIEW_MAX = 200


class ImportNotFound(NotFound):
    code = "import_not_found"
    detail = "Import not found"


class ImportStateConflict(Conflict):
    code = "import_state_conflict"


class FileTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"


@dataclass
class LiveProgress:
    processed: int
    total: int


# Imports running in this process: their progress, readable while their transaction is open.
_LIVE: dict[uuid.UUID, LiveProgress] = {}

ProgressCallback = Callable[[int, int], None]


async def get_import(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID, *, for_update: bool = False
) -> ImportJob:
    statement = scoped_select(ctx, ImportJob).where(col(ImportJob.id) == import_id)
    if for_update:
        statement = statement.with_for_update()
    job = (await session.execute(statement)).scalars().first()
    if job is None:
        raise ImportNotFound()
    return job  # type: ignore[no-any-return]


def available_fields(kind: ImportKind) -> list[ImportField]:
    return [
        ImportField(name=spec.name, label=spec.label, multiple=spec.multiple)
        for spec in FIELDS[kind].values()
    ]


def present(job: ImportJob) -> ImportRead:
    live = _LIVE.get(job.id)
    processed = max(job.processed_rows, live.processed) if live else job.processed_rows
    return ImportRead(
        id=job.id,
        kind=job.kind,
        filename=job.filename,
        size_bytes=job.size_bytes,
        encoding=job.encoding,
        delimiter=DELIMITER_NAMES.get(job.delimiter, job.delimiter),
        header=job.header,
        row_count=job.row_count,
        suggested_mapping=job.suggested_mapping,
        mapping=job.mapping,
        match_by=job.match_by,
        on_match=job.on_match,
        skip_invalid_rows=job.skip_invalid_rows,
        status=job.status,
        progress=ImportProgress(processed_rows=processed, total_rows=job.row_count),
        counts=ImportCounts(
            created=job.created_count,
            updated=job.updated_count,
            skipped=job.skipped_count,
            failed=job.failed_count,
        ),
        error=job.error,
        available_fields=available_fields(job.kind),
        created_by=job.created_by,
        run_by=job.run_by,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


async def _file(session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> bytes | None:
    data = (
        await session.execute(
            select(col(ImportFile.data)).where(
                col(ImportFile.import_id) == import_id, col(ImportFile.role) == role
            )
        )
    ).scalar_one_or_none()
    return data


async def _store_file(
    session: AsyncSession, import_id: uuid.UUID, role: FileRole, data: bytes | None
) -> None:
    await session.execute(
        delete(ImportFile).where(
            col(ImportFile.import_id) == import_id, col(ImportFile.role) == role
        )
    )
    if data is not None:
        session.add(ImportFile(import_id=import_id, role=role, data=data))
        await session.flush()


# --- upload, mapping ---------------------------------------------------------------------


async def create_import(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    filename: str,
    data: bytes,
    kind: ImportKind,
    max_bytes: int,
    max_rows: int,
) -> ImportRead:
    if len(data) > max_bytes:
        raise FileTooLarge(f"The file is larger than the {max_bytes // 1_048_576} MB allowed")
    if not data.strip():
        raise invalid("file", "The file is empty")
    try:
        parsed = await asyncio.to_thread(partial(read_csv, data, max_rows=max_rows))
    except UnreadableFile as error:
        raise invalid("file", str(error)) from None
    if not parsed.rows:
        raise invalid("file", "The file has a header row but no rows under it")
    job = ImportJob(
        group_id=ctx.group_id,
        created_by=ctx.user_id,
        kind=kind,
        filename=(filename or "upload.csv")[-255:],
        size_bytes=len(data),
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        header=parsed.header,
        row_count=len(parsed.rows),
        suggested_mapping=guess_mapping(kind, parsed.header),
        match_by=list(MATCH_KEYS[kind]),
    )
    session.add(job)
    await session.flush()
    await _store_file(session, job.id, FileRole.upload, data)
    return present(job)


async def list_imports(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[ImportRead], str | None]:
    keys = [
        SortKey(col(ImportJob.created_at), datetime, True),
        SortKey(col(ImportJob.id), uuid.UUID, True),
    ]
    statement = scoped_select(ctx, ImportJob)
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [present(row[0]) for row in rows], next_cursor


async def read_import(session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID) -> ImportRead:
    job = await get_import(session, ctx, import_id)
    heard_of = job.heartbeat_at or job.started_at
    if (
        job.status == ImportStatus.running
        and job.id not in _LIVE
        and heard_of is not None
        and utcnow() - heard_of > STALE_AFTER
    ):
        # The process running it stopped; its transaction was rolled back with it.
        job.status = ImportStatus.failed
        job.error = "The import was interrupted and nothing was imported; run it again"
        job.finished_at = utcnow()
        await session.flush()
    return present(job)


def _editable(job: ImportJob) -> None:
    if job.status in {ImportStatus.running, ImportStatus.done}:
        raise ImportStateConflict(
            f"This import is {ImportStatus(job.status).value}; upload the file again"
        )


async def set_mapping(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID, data: ImportMappingUpdate
) -> ImportRead:
    job = await get_import(session, ctx, import_id, for_update=True)
    _editable(job)
    try:
        match_by = check_match_by(
            job.kind, data.match_by if data.match_by is not None else MATCH_KEYS[job.kind]
        )
        mapping = check_mapping(job.kind, job.header, data.columns, match_by)
    except MappingError as error:
        raise invalid(error.field, error.message) from None
    job.mapping = mapping
    job.match_by = match_by
    job.on_match = data.on_match
    job.status = ImportStatus.mapped
    job.updated_at = utcnow()
    await session.flush()
    return present(job)


async def delete_import(session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID) -> None:
    """The import, its uploaded file and its report are deleted (not a record: nothing it
    imported is touched)."""
    job = await get_import(session, ctx, import_id, for_update=True)
    if job.status == ImportStatus.running and job.id in _LIVE:
        raise ImportStateConflict("This import is running; delete it when it has finished")
    await session.execute(delete(ImportFile).where(col(ImportFile.import_id) == job.id))
    await session.delete(job)
    await session.flush()


# --- planning ------------------------------------------------------------------------------

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


async def _prepare(
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
    data = await _file(session, job.id, FileRole.upload)
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
    prepared = await _prepare(session, ctx, job, data)
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


# --- running -------------------------------------------------------------------------------


async def start_run(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID, *, skip_invalid_rows: bool
) -> ImportRead:
    """Marks the import as running (once: a second start is refused); the caller then runs
    `run_import` after this transaction has committed."""
    job = await get_import(session, ctx, import_id)
    if job.status not in {ImportStatus.mapped, ImportStatus.failed} or job.mapping is None:
        if job.status == ImportStatus.uploaded:
            raise ImportStateConflict(
                "Confirm the column mapping first (PUT …/mapping)", code="import_not_mapped"
            )
        raise ImportStateConflict(f"This import is {ImportStatus(job.status).value}")
    now = utcnow()
    result = await session.execute(
        update(ImportJob)
        .where(
            col(ImportJob.id) == job.id,
            col(ImportJob.status).in_([ImportStatus.mapped, ImportStatus.failed]),
        )
        .values(
            status=ImportStatus.running,
            skip_invalid_rows=skip_invalid_rows,
            run_by=ctx.user_id,
            processed_rows=0,
            created_count=0,
            updated_count=0,
            skipped_count=0,
            failed_count=0,
            error=None,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportStateConflict("This import has just been started by someone else")
    await session.refresh(job)
    return present(job)


OUTCOMES = {
    Action.create: "created",
    Action.update: "updated",
    Action.skip: "skipped",
    Action.fail: "failed",
}


def build_report(
    header: Sequence[str],
    rows: Sequence[Any],
    planned: Sequence[PlannedRow],
    *,
    applied: bool,
    note: str | None = None,
) -> bytes:
    """Every row with its outcome and reason, then the row as it was in the file (so failed
    rows can be fixed and imported again). UTF-8 with a byte order mark, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Row", "Outcome", "Reason", "Record id", *map(safe_cell, header)])
    for source, plan in zip(rows, planned, strict=True):
        if applied or plan.action is Action.fail:
            outcome, reason = OUTCOMES[plan.action], plan.reason
        else:
            outcome, reason = "not imported", note or plan.reason
        record_id = str(plan.record_id) if plan.record_id else ""
        writer.writerow(
            [plan.line, outcome, safe_cell(reason), record_id, *map(safe_cell, source.cells)]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


async def read_report(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID
) -> tuple[ImportJob, bytes]:
    job = await get_import(session, ctx, import_id)
    report = await _file(session, job.id, FileRole.report)
    if report is None:
        raise ImportStateConflict(
            "There is no report yet: the import has not run", code="import_not_run"
        )
    return job, report


class RunProgress:
    """Progress of a running import: in memory always, in the database where another
    connection may write while the import's transaction is open (not SQLite)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        import_id: uuid.UUID,
        total: int,
        *,
        to_database: bool,
        callback: ProgressCallback | None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.import_id = import_id
        self.total = total
        self.to_database = to_database
        self.callback = callback
        self.live = _LIVE.setdefault(import_id, LiveProgress(processed=0, total=total))

    async def report(self, processed: int) -> None:
        self.live.processed = processed
        if self.callback is not None:
            self.callback(processed, self.total)
        if self.to_database:
            async with self.sessionmaker() as session, session.begin():
                await session.execute(
                    update(ImportJob)
                    .where(col(ImportJob.id) == self.import_id)
                    .values(processed_rows=processed, heartbeat_at=utcnow())
                )


def resolve(ref: Ref | None, created: dict[NewPlace, uuid.UUID]) -> uuid.UUID | None:
    if ref is None or isinstance(ref, uuid.UUID):
        return ref
    return created[ref]


def new_record(
    job_kind: ImportKind, planned: PlannedRow, created: dict[NewPlace, uuid.UUID]
) -> dict[str, Any]:
    """The field values of the record a `create` row becomes."""
    if job_kind == ImportKind.workplaces:
        return dict(planned.values)
    return {
        **planned.values,
        "workplace_id": resolve(planned.placement.get("workplace"), created),
        "department_id": resolve(planned.placement.get("department"), created),
        "shift_id": resolve(planned.placement.get("shift"), created),
    }


def _parent_id(place: NewPlace, created: dict[NewPlace, uuid.UUID]) -> uuid.UUID:
    parent = resolve(place.parent, created)
    if parent is None:
        raise ValueError(f"a new {place.kind} needs its workplace")
    return parent


async def _create_places(
    writer: RecordWriter, places: Sequence[NewPlace]
) -> dict[NewPlace, uuid.UUID]:
    """The workplaces the file names that the group does not have, then their departments
    and shifts."""
    created: dict[NewPlace, uuid.UUID] = {}
    for kind, model in (("workplace", Workplace), ("department", Department), ("shift", Shift)):
        wanted = [place for place in places if place.kind == kind]
        rows = [
            {"name": place.name}
            if kind == "workplace"
            else {"name": place.name, "workplace_id": _parent_id(place, created)}
            for place in wanted
        ]
        ids = await writer.create_many(model, rows)
        created.update(zip(wanted, ids, strict=True))
    return created


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession],
    import_id: uuid.UUID,
    *,
    error: str,
    plan: Plan | None,
    report: bytes | None,
) -> None:
    """Records a run that wrote nothing (refused or rolled back), in its own transaction."""
    counts = {
        "created_count": 0,
        "updated_count": 0,
        "skipped_count": 0,
        "failed_count": plan.count(Action.fail) if plan else 0,
    }
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(ImportJob)
            .where(col(ImportJob.id) == import_id)
            .values(
                status=ImportStatus.failed,
                error=error,
                processed_rows=0,
                finished_at=utcnow(),
                updated_at=utcnow(),
                **counts,
            )
        )
        if report is not None:
            await _store_file(session, import_id, FileRole.report, report)


async def run_import(
    sessionmaker: async_sessionmaker[AsyncSession],
    ctx: GroupContext,
    import_id: uuid.UUID,
    *,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Runs a started import to the end (a background task in the app; the CLI awaits it).
    Never raises: the outcome is recorded on the import."""
    plan: Plan | None = None
    _LIVE[import_id] = LiveProgress(processed=0, total=0)
    try:
        async with sessionmaker() as session:
            job = await get_import(session, ctx, import_id)
            data = await _file(session, job.id, FileRole.upload)
            if data is None or job.status != ImportStatus.running:
                raise ImportStateConflict("This import is not ready to run")
            prepared = await _prepare(session, ctx, job, data)
            plan = prepared.plan
            failed = plan.count(Action.fail)
            if failed and not job.skip_invalid_rows:
                note = (
                    f"Nothing was imported because {failed} row(s) failed; fix them, or run "
                    "again choosing to skip invalid rows"
                )
                report = build_report(
                    prepared.header, prepared.rows, plan.rows, applied=False, note=note
                )
                await session.rollback()
                await _finish(sessionmaker, import_id, error=note, plan=plan, report=report)
                return
            progress = RunProgress(
                sessionmaker,
                import_id,
                len(plan.rows),
                to_database=session.get_bind().dialect.name != "sqlite",
                callback=on_progress,
            )
            await _apply(session, ctx, job, plan, progress)
            now = utcnow()
            await session.execute(
                update(ImportJob)
                .where(col(ImportJob.id) == import_id)
                .values(
                    status=ImportStatus.done,
                    processed_rows=len(plan.rows),
                    created_count=plan.count(Action.create),
                    updated_count=plan.count(Action.update),
                    skipped_count=plan.count(Action.skip),
                    failed_count=plan.count(Action.fail),
                    heartbeat_at=now,
                    finished_at=now,
                    updated_at=now,
                )
            )
            report = build_report(prepared.header, prepared.rows, plan.rows, applied=True)
            await _store_file(session, import_id, FileRole.report, report)
            # The report keeps each row as it was; the upload itself is not kept after a run.
            await _store_file(session, import_id, FileRole.upload, None)
            await session.commit()
    except VersionConflict:
        await _finish_rolled_back(
            sessionmaker,
            import_id,
            plan,
            "A record changed while the import was running, so nothing was imported; run it again",
        )
    except ImportStateConflict as conflict:
        await _finish_rolled_back(sessionmaker, import_id, plan, conflict.detail)
    except Exception:
        logger.exception("import %s failed", import_id)
        await _finish_rolled_back(
            sessionmaker,
            import_id,
            plan,
            "An unexpected error stopped the import, so nothing was imported",
        )
    finally:
        _LIVE.pop(import_id, None)


async def _finish_rolled_back(
    sessionmaker: async_sessionmaker[AsyncSession],
    import_id: uuid.UUID,
    plan: Plan | None,
    error: str,
) -> None:
    try:
        await _finish(sessionmaker, import_id, error=error, plan=plan, report=None)
    except Exception:
        logger.exception("could not record the failure of import %s", import_id)


async def _apply(
    session: AsyncSession, ctx: GroupContext, job: ImportJob, plan: Plan, progress: RunProgress
) -> None:
    writer = RecordWriter.for_context(session, ctx)
    created = await _create_places(writer, plan.new_places)
    model: type[GroupRecord] = Workplace if job.kind == ImportKind.workplaces else Contact
    processed = 0
    for start in range(0, len(plan.rows), WRITE_BATCH):
        batch = plan.rows[start : start + WRITE_BATCH]
        creating = [row for row in batch if row.action is Action.create]
        ids = await writer.create_many(
            model, [new_record(job.kind, row, created) for row in creating]
        )
        for row, record_id in zip(creating, ids, strict=True):
            row.record_id = record_id
        updates = []
        for row in batch:
            if row.action is Action.update and row.record_id and row.expected_version:
                # A workplace, department or shift the import itself creates is known only
                # by its name until now; every other value (an external id too) is as given.
                changes = {
                    key: created[value] if isinstance(value, NewPlace) else value
                    for key, value in row.changes.items()
                }
                updates.append((row.record_id, row.expected_version, changes))
        await writer.update_many(model, updates)
        processed += len(batch)
        await progress.report(processed)
