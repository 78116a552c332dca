"""Running an import, all or nothing.

A run plans every row first and, if any row fails and the caller did not choose to skip
invalid rows, writes nothing but its report. Otherwise every write happens in one transaction
through the write path (bulk inserts, one change entry per record), so an error part-way
rolls everything back. The run's own transaction stays open until the end, so its progress is
kept in memory for this process and, on Postgres, also written to the import row in separate
short transactions that other app servers can read. (SQLite allows one writer at a time, so there
progress lives in memory only; the final counts are written with the data.)
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
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
from api.imports.planning import Action, Existing, NewPlace, PlannedRow, Ref
from api.imports.services.common import (
    LIVE,
    CsvWriter,
    ImportStateConflict,
    LiveProgress,
    ProgressCallback,
    delete_file,
    get_import,
    handing_back_memory,
    has_file,
)
from api.imports.services.preview import (
    PLAN_BATCH,
    count_actions,
    existing_records,
    planned_batches,
    planner_for,
)
from api.imports.services.report import report_header, report_rows
from api.imports.services.verdicts import Verdict, take, verdict_key
from api.workplaces.models import Department, Shift, Workplace, name_key

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
    if ref not in created:
        # Only a plan made against other records than the places were counted from names
        # a place not created.
        raise StaleVerdict()
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
            else {
                "name": place.name,
                "name_key": name_key(place.name),
                "workplace_id": _parent_id(place, created),
            }
            for place in wanted
        ]
        ids = await writer.create_many(model, rows)
        created.update(zip(wanted, ids, strict=True))
    return created


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession],
    job: ImportJob,
    *,
    error: str,
    failed: int,
    refused: Existing | None = None,
) -> None:
    """Records a run that wrote nothing (refused or rolled back), in its own transaction;
    a refused run's report (every row planned again, `refused` being what it was planned
    against) says why each row was not imported."""
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(ImportJob)
            .where(col(ImportJob.id) == job.id)
            .values(
                status=ImportStatus.failed,
                error=error,
                processed_rows=0,
                finished_at=utcnow(),
                updated_at=utcnow(),
                created_count=0,
                updated_count=0,
                skipped_count=0,
                failed_count=failed,
            )
        )
        if refused is not None:
            report = CsvWriter(session, job.id, FileRole.report)
            await report.start(report_header(job.header))
            planner = planner_for(job, refused)
            async for rows, plans in planned_batches(session, job, planner, batch_size=PLAN_BATCH):
                await report.writerows(report_rows(rows, plans, applied=False, note=error))
            await report.close()


class StaleVerdict(Exception):
    """The preview's verdicts no longer describe the file as the run plans it (the group's
    records changed between reading its sequence and reading them): plan it afresh."""


@handing_back_memory
async def run_import(
    sessionmaker: async_sessionmaker[AsyncSession],
    ctx: GroupContext,
    import_id: uuid.UUID,
    *,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Runs a started import to the end (a background task in the app; the CLI awaits it).
    Never raises: the outcome is recorded on the import.

    The stored file is read twice, never held: once to plan every row and count the failures
    (all or nothing), then again to write the rows and the report a batch at a time. The
    first reading is skipped when the preview's verdicts still hold (`verdicts`). Between
    batches only the planner's memory of earlier rows (digests) and the group's records are
    kept, so the run's memory follows the row cap, not the file's size."""
    job: ImportJob | None = None
    failed = 0
    LIVE[import_id] = LiveProgress(processed=0, total=0)
    try:
        async with sessionmaker() as session:
            job = await get_import(session, ctx, import_id)
            if job.status != ImportStatus.running or not await has_file(
                session, job.id, FileRole.upload
            ):
                raise ImportStateConflict("This import is not ready to run")
            key = await verdict_key(session, ctx, job)
            existing = await existing_records(session, ctx, job.kind)
            verdict = take(key)
            try:
                failed = await _run(sessionmaker, session, ctx, job, existing, verdict, on_progress)
            except StaleVerdict:
                session.expunge(job)  # kept as read, past the rollback
                await session.rollback()
                existing = await existing_records(session, ctx, job.kind)
                failed = await _run(sessionmaker, session, ctx, job, existing, None, on_progress)
    except VersionConflict:
        await _finish_rolled_back(
            sessionmaker,
            job,
            failed,
            "A record changed while the import was running, so nothing was imported; run it again",
        )
    except ImportStateConflict as conflict:
        await _finish_rolled_back(sessionmaker, job, failed, conflict.detail)
    except Exception:
        logger.exception("import %s failed", import_id)
        await _finish_rolled_back(
            sessionmaker,
            job,
            failed,
            "An unexpected error stopped the import, so nothing was imported",
        )
    finally:
        LIVE.pop(import_id, None)


async def _run(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    ctx: GroupContext,
    job: ImportJob,
    existing: Existing,
    verdict: Verdict | None,
    on_progress: ProgressCallback | None,
) -> int:
    """Refuses the file or writes it and commits; returns the rows that failed. With the
    preview's `verdict`, the file is not planned before it is written, and what is written
    must agree with the verdict (else `StaleVerdict`, before anything is committed)."""
    if verdict is not None and verdict.counts[Action.fail] and not job.skip_invalid_rows:
        verdict = None  # a refusal is decided on a fresh plan, never on a kept one
    if verdict is None:
        counts, new_places = await count_actions(session, job, existing)
    else:
        counts, new_places = verdict.counts, list(verdict.places)
    failed = counts[Action.fail]
    if failed and not job.skip_invalid_rows:
        note = (
            f"Nothing was imported because {failed} row(s) failed; fix them, or run "
            "again choosing to skip invalid rows"
        )
        session.expunge(job)  # kept as read for the report, past the rollback
        await session.rollback()
        await _finish(sessionmaker, job, error=note, failed=failed, refused=existing)
        return failed
    total = counts.total()
    progress = RunProgress(
        sessionmaker,
        job.id,
        total,
        to_database=session.get_bind().dialect.name != "sqlite",
        callback=on_progress,
    )
    written = await _apply(session, ctx, job, existing, new_places, progress)
    if verdict is not None and written != counts:
        raise StaleVerdict()
    now = utcnow()
    await session.execute(
        update(ImportJob)
        .where(col(ImportJob.id) == job.id)
        .values(
            status=ImportStatus.done,
            processed_rows=total,
            created_count=counts[Action.create],
            updated_count=counts[Action.update],
            skipped_count=counts[Action.skip],
            failed_count=failed,
            heartbeat_at=now,
            finished_at=now,
            updated_at=now,
        )
    )
    # The report keeps each row as it was; the upload itself is not kept after a run.
    await delete_file(session, job.id, FileRole.upload)
    await session.commit()
    return failed


async def _finish_rolled_back(
    sessionmaker: async_sessionmaker[AsyncSession],
    job: ImportJob | None,
    failed: int,
    error: str,
) -> None:
    if job is None:
        return  # not found: nothing to record it on
    try:
        await _finish(sessionmaker, job, error=error, failed=failed)
    except Exception:
        logger.exception("could not record the failure of import %s", job.id)


async def _apply(
    session: AsyncSession,
    ctx: GroupContext,
    job: ImportJob,
    existing: Existing,
    new_places: Sequence[NewPlace],
    progress: RunProgress,
) -> Counter[Action]:
    """Writes every row, a batch at a time, planning them again as the first pass did, and
    the report with them; returns what it did to the rows, counted."""
    writer = RecordWriter.for_context(session, ctx)
    created = await _create_places(writer, new_places)
    model: type[GroupRecord] = Workplace if job.kind == ImportKind.workplaces else Contact
    report = CsvWriter(session, job.id, FileRole.report)
    await report.start(report_header(job.header))
    processed = 0
    written: Counter[Action] = Counter()
    planner = planner_for(job, existing)
    async for rows, batch in planned_batches(session, job, planner, batch_size=WRITE_BATCH):
        written.update(row.action for row in batch)
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
                    key: resolve(value, created) if isinstance(value, NewPlace) else value
                    for key, value in row.changes.items()
                }
                updates.append((row.record_id, row.expected_version, changes))
        await writer.update_many(model, updates)
        await report.writerows(report_rows(rows, batch, applied=True))
        processed += len(batch)
        await progress.report(processed)
    await report.close()
    return written
