"""An import's upload and the steps before it runs: storing the file, listing, reading and
deleting imports, choosing the column mapping, and starting the run."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.pagination import SortKey, keyset_page
from api.core.references import invalid
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.files import UnreadableFile, read_csv
from api.imports.mapping import MappingError, check_mapping, check_match_by, guess_mapping
from api.imports.models import ImportFile, ImportJob
from api.imports.schemas import ImportMappingUpdate, ImportRead
from api.imports.services.common import (
    LIVE,
    FileTooLarge,
    ImportStateConflict,
    get_import,
    present,
    store_file,
)
from api.imports.vocabulary import MATCH_KEYS

STALE_AFTER = timedelta(minutes=15)  # a "running" import not heard of since: interrupted


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
    await store_file(session, job.id, FileRole.upload, data)
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
        and job.id not in LIVE
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
    if job.status == ImportStatus.running and job.id in LIVE:
        raise ImportStateConflict("This import is running; delete it when it has finished")
    await session.execute(delete(ImportFile).where(col(ImportFile.import_id) == job.id))
    await session.delete(job)
    await session.flush()


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
