"""What every part of an import needs: its errors, finding it, presenting it, its progress
while it runs in this process, and its stored files (the upload and the report)."""

from __future__ import annotations

import asyncio
import csv
import ctypes
import io
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial, wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import delete, func, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.core.context import GroupContext
from api.core.db import new_id, utcnow
from api.core.errors import AppError, Conflict, NotFound, TooManyRequests
from api.core.tenancy import scoped_select
from api.imports.enums import FileFormat, FileRole, ImportKind, ImportStatus
from api.imports.files import CHUNK_BYTES, DELIMITER_NAMES, PARSE_BYTES, CsvStream, Row
from api.imports.models import ImportFile, ImportJob
from api.imports.schemas import ImportCounts, ImportField, ImportProgress, ImportRead
from api.imports.spreadsheets import WorkbookReader
from api.imports.vocabulary import FIELDS


class ImportNotFound(NotFound):
    code = "import_not_found"
    detail = "Import not found"


class ImportStateConflict(Conflict):
    code = "import_state_conflict"


# How soon to ask again when another import is running (imports of the row cap take minutes).
RUN_RETRY_AFTER_SECONDS = 30


class ImportRunInProgress(TooManyRequests):
    code = "import_run_in_progress"
    detail = "Another import of this group is running; start this one when it has finished"

    def __init__(self) -> None:
        super().__init__(RUN_RETRY_AFTER_SECONDS)


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


def _default(job: ImportJob, part: str) -> uuid.UUID | None:
    chosen = (job.placement_defaults or {}).get(part)
    return uuid.UUID(chosen) if chosen else None


def present(job: ImportJob) -> ImportRead:
    live = LIVE.get(job.id)
    processed = max(job.processed_rows, live.processed) if live else job.processed_rows
    return ImportRead(
        id=job.id,
        kind=job.kind,
        filename=job.filename,
        size_bytes=job.size_bytes,
        file_format=job.file_format,
        encoding=job.encoding if job.file_format == FileFormat.csv else None,
        delimiter=(
            DELIMITER_NAMES.get(job.delimiter, job.delimiter)
            if job.file_format == FileFormat.csv
            else None
        ),
        header=job.header,
        row_count=job.row_count,
        suggested_mapping=job.suggested_mapping,
        mapping=job.mapping,
        match_by=job.match_by,
        on_match=job.on_match,
        default_workplace_id=_default(job, "workplace"),
        default_department_id=_default(job, "department"),
        default_shift_id=_default(job, "shift"),
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


async def has_file(session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> bool:
    found = await session.execute(
        select(col(ImportFile.id))
        .where(col(ImportFile.import_id) == import_id, col(ImportFile.role) == role)
        .limit(1)
    )
    return found.first() is not None


async def stored_chunks(
    session: AsyncSession, import_id: uuid.UUID, role: FileRole
) -> AsyncIterator[bytes]:
    """A stored file, one chunk (one row) at a time."""
    number = 0
    while True:
        data = (
            await session.execute(
                select(col(ImportFile.data)).where(
                    col(ImportFile.import_id) == import_id,
                    col(ImportFile.role) == role,
                    col(ImportFile.chunk) == number,
                )
            )
        ).scalar_one_or_none()
        if data is None:
            return
        yield data
        number += 1


async def read_stored_file(session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> bytes:
    """A whole stored file, for a download (a report): its size is bounded by the upload's."""
    return b"".join([chunk async for chunk in stored_chunks(session, import_id, role)])


async def delete_file(session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> None:
    await session.execute(
        delete(ImportFile).where(
            col(ImportFile.import_id) == import_id, col(ImportFile.role) == role
        )
    )


class FileWriter:
    """Writes a file to storage a chunk at a time, each as it is given (not kept in the
    session, so nothing written stays in memory)."""

    def __init__(self, session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> None:
        self.session = session
        self.import_id = import_id
        self.role = role
        self.chunks = 0

    async def write(self, data: bytes) -> None:
        now = utcnow()
        await self.session.execute(
            insert(ImportFile).values(
                id=new_id(),
                import_id=self.import_id,
                role=self.role,
                chunk=self.chunks,
                data=data,
                created_at=now,
                updated_at=now,
            )
        )
        self.chunks += 1


class CsvWriter:
    """A CSV file written to storage as it is built, a chunk at a time."""

    def __init__(self, session: AsyncSession, import_id: uuid.UUID, role: FileRole) -> None:
        self.file = FileWriter(session, import_id, role)
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    async def start(self, header: Sequence[str]) -> None:
        await delete_file(self.file.session, self.file.import_id, self.file.role)
        self.buffer.write("\ufeff")  # UTF-8 with a byte order mark, for spreadsheets
        await self.writerows([header])

    async def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        self.writer.writerows(rows)
        if self.buffer.tell() >= CHUNK_BYTES:
            await self._flush()

    async def close(self) -> None:
        await self._flush()

    async def _flush(self) -> None:
        text = self.buffer.getvalue()
        if text:
            await self.file.write(text.encode("utf-8"))
        self.buffer.seek(0)
        self.buffer.truncate()


# Parsing and planning run on one thread of their own: off the event loop, one slice or
# batch at a time in each process (so concurrent imports take turns rather than each taking
# memory at once), and in one allocator arena (every thread that allocates grows its own).
_IMPORT_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imports")
Result = TypeVar("Result")


async def off_loop(function: Callable[[], Result]) -> Result:
    return await asyncio.get_running_loop().run_in_executor(_IMPORT_THREAD, function)


def _glibc_malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, where the C library is glibc (musl, macOS and Windows have none)."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
    except (ValueError, OSError, AttributeError):
        return None
    trim: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    return trim


_MALLOC_TRIM = _glibc_malloc_trim()


def hand_back_freed_memory() -> None:
    """Returns to the operating system the memory an import step has freed. glibc keeps freed
    memory for reuse and returns it only from the top of a heap, so what a large import had
    freed (its rows, chunks and digest tables) stayed in the server's resident memory, and a
    long-running server passed 300 MB after a few 50 MB imports. `malloc_trim` releases every
    free page of every heap; elsewhere nothing is done."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


Params = ParamSpec("Params")


def handing_back_memory(
    step: Callable[Params, Awaitable[Result]],
) -> Callable[Params, Awaitable[Result]]:
    """An import step (upload, preview, run) that, when it ends however it ends, hands back
    what it freed, on the import thread (so between other imports' slices)."""

    @wraps(step)
    async def handing_back(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return await step(*args, **kwargs)
        finally:
            await off_loop(hand_back_freed_memory)

    return handing_back


async def parsed_rows(chunks: AsyncIterator[bytes], stream: CsvStream) -> AsyncIterator[list[Row]]:
    """The rows of a file read from `chunks`, a batch at a time (parsed off the event loop)."""
    async for chunk in chunks:
        for start in range(0, len(chunk), PARSE_BYTES):
            rows = await off_loop(partial(stream.feed, chunk[start : start + PARSE_BYTES]))
            if rows:
                yield rows
    rows = await off_loop(stream.close)
    if rows:
        yield rows


@asynccontextmanager
async def opened_workbook(
    chunks: AsyncIterator[bytes], *, max_rows: int | None = None
) -> AsyncIterator[WorkbookReader]:
    """A reader of the workbook read from `chunks`. openpyxl reads a zip file, which it seeks
    in, so the chunks are copied to a temporary file on disk first."""
    with tempfile.TemporaryFile() as copy:
        async for chunk in chunks:
            await off_loop(partial(copy.write, chunk))
        await off_loop(partial(copy.seek, 0))
        reader = await off_loop(partial(WorkbookReader, copy, max_rows=max_rows))
        try:
            yield reader
        finally:
            await off_loop(reader.close)


async def workbook_batches(reader: WorkbookReader) -> AsyncIterator[list[Row]]:
    """A workbook's rows, a batch at a time (read off the event loop)."""
    while rows := await off_loop(reader.next_batch):
        yield rows


async def workbook_rows(chunks: AsyncIterator[bytes]) -> AsyncIterator[list[Row]]:
    async with opened_workbook(chunks) as reader:
        async for rows in workbook_batches(reader):
            yield rows


def stored_rows(session: AsyncSession, job: ImportJob) -> AsyncIterator[list[Row]]:
    """The rows of an import's uploaded file, read as it was at the upload."""
    chunks = stored_chunks(session, job.id, FileRole.upload)
    if job.file_format == FileFormat.xlsx:
        return workbook_rows(chunks)
    return parsed_rows(chunks, CsvStream(job.encoding, delimiter=job.delimiter))


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
