"""Running an import, all or nothing.

A run plans every row first and, if any row fails and the caller did not choose to skip
invalid rows, writes nothing. Otherwise every write happens in one transaction through the
write path (bulk inserts, one change entry per record), so an error part-way rolls everything
back. The run's own transaction stays open until the end, so its progress is kept in memory
for this process and, on Postgres, also written to the import row in separate short
transactions that other app servers can read. (SQLite allows one writer at a time, so there
progress lives in memory only; the final counts are written with the data.)
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import GroupRecord, utcnow
from api.core.records import RecordWriter, VersionConflict
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.models import ImportJob
from api.imports.planning import Action, NewPlace, Plan, PlannedRow, Ref
from api.imports.services.common import (
    LIVE,
    ImportStateConflict,
    LiveProgress,
    ProgressCallback,
    get_import,
    store_file,
    stored_file,
)
from api.imports.services.preview import prepare
from api.imports.services.report import build_report
from api.workplaces.models import Department, Shift, Workplace

logger = logging.getLogger("shopfloor.imports")

WRITE_BATCH = 1000  # rows written (and progress reported) at a time


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
        self.live = LIVE.setdefault(import_id, LiveProgress(processed=0, total=total))

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
            await store_file(session, import_id, FileRole.report, report)


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
    LIVE[import_id] = LiveProgress(processed=0, total=0)
    try:
        async with sessionmaker() as session:
            job = await get_import(session, ctx, import_id)
            data = await stored_file(session, job.id, FileRole.upload)
            if data is None or job.status != ImportStatus.running:
                raise ImportStateConflict("This import is not ready to run")
            prepared = await prepare(session, ctx, job, data)
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
            await store_file(session, import_id, FileRole.report, report)
            # The report keeps each row as it was; the upload itself is not kept after a run.
            await store_file(session, import_id, FileRole.upload, None)
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
        LIVE.pop(import_id, None)


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
