"""What every part of an import needs: its errors, finding it, presenting it, its progress
while it runs in this process, and its stored files (the upload and the report)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.core.context import GroupContext
from api.core.errors import AppError, Conflict, NotFound
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.files import DELIMITER_NAMES
from api.imports.models import ImportFile, ImportJob
from api.imports.schemas import ImportCounts, ImportField, ImportProgress, ImportRead
from api.imports.vocabulary import FIELDS


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
LIVE: dict[uuid.UUID, LiveProgress] = {}

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
    live = LIVE.get(job.id)
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


async def stored_file(session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> bytes | None:
    data = (
        await session.execute(
            select(col(ImportFile.data)).where(
                col(ImportFile.import_id) == import_id, col(ImportFile.role) == role
            )
        )
    ).scalar_one_or_none()
    return data


async def store_file(
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


async def purge_old_files(session: AsyncSession, now: datetime, retention_days: int) -> int:
    """Delete the stored files of imports that finished (or were uploaded and never run) more
    than `retention_days` ago: a report repeats every row of the file it came from."""
    cutoff = now - timedelta(days=retention_days)
    old_imports = select(col(ImportJob.id)).where(
        func.coalesce(col(ImportJob.finished_at), col(ImportJob.created_at)) < cutoff,
        col(ImportJob.status) != ImportStatus.running,
    )
    purged = await session.execute(
        delete(ImportFile).where(col(ImportFile.import_id).in_(old_imports))
    )
    return int(purged.rowcount)  # type: ignore[attr-defined]
