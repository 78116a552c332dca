"""An import's upload and the steps before it runs: storing the file, listing, reading and
deleting imports, choosing the column mapping, and starting the run."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.pagination import SortKey, keyset_page
from api.core.references import invalid
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole, ImportKind, ImportStatus
from api.imports.files import (
    FALLBACK_ENCODING,
    PARSE_BYTES,
    CsvStream,
    NotThisEncoding,
    UnreadableFile,
    encoding_from_start,
)
from api.imports.mapping import MappingError, check_mapping, check_match_by, guess_mapping
from api.imports.models import ImportFile, ImportJob
from api.imports.schemas import ImportMappingUpdate, ImportRead
from api.imports.services.common import (
    LIVE,
    FileTooLarge,
    FileWriter,
    ImportRunInProgress,
    ImportStateConflict,
    get_import,
    handing_back_memory,
    off_loop,
    parsed_rows,
    present,
)
from api.imports.vocabulary import MATCH_KEYS

STALE_AFTER = timedelta(minutes=15)  # a "running" import not heard of since: interrupted


ChunkSource = Callable[[], AsyncIterator[bytes]]


@handing_back_memory
async def create_import(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    filename: str,
    read_chunks: ChunkSource,
    kind: ImportKind,
    max_bytes: int,
    max_rows: int,
) -> ImportRead:
    """Stores the file as it is read (`read_chunks()` gives it from the start each time it is
    called) and reads it on the way: a file past the size or row cap is refused as soon as
    the cap is passed, and nothing of it is kept."""
    job = ImportJob(
        group_id=ctx.group_id,
        created_by=ctx.user_id,
        kind=kind,
        filename=(filename or "upload.csv")[-255:],
        size_bytes=0,
        encoding="",
        delimiter=",",
        match_by=list(MATCH_KEYS[kind]),
    )
    session.add(job)
    await session.flush()
    try:
        size, stream = await _store_and_read(session, job.id, read_chunks, max_bytes, max_rows)
    except UnreadableFile as error:
        raise invalid("file", str(error)) from None
    if stream.header is None or not stream.row_count:
        if size == 0:
            raise invalid("file", "The file is empty")
        raise invalid("file", "The file has a header row but no rows under it")
    job.size_bytes = size
    job.encoding = stream.encoding
    job.delimiter = stream.delimiter or ","
    job.header = stream.header
    job.row_count = stream.row_count
    job.suggested_mapping = guess_mapping(kind, stream.header)
    await session.flush()
    return present(job)


async def _store_and_read(
    session: AsyncSession,
    import_id: uuid.UUID,
    read_chunks: ChunkSource,
    max_bytes: int,
    max_rows: int,
) -> tuple[int, CsvStream]:
    """Stores the file chunk by chunk while reading it as UTF-8 (or as its byte order mark
    says); a file that turns out not to be UTF-8 is read again as Windows-1252."""
    stored = FileWriter(session, import_id, FileRole.upload)
    size = 0
    stream: CsvStream | None = None
    async for chunk in read_chunks():
        size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(f"The file is larger than the {max_bytes // 1_048_576} MB allowed")
        if stream is None and stored.chunks == 0:
            stream = CsvStream(encoding_from_start(chunk) or "utf-8", max_rows=max_rows)
        await stored.write(chunk)
        if stream is not None:
            try:
                for start in range(0, len(chunk), PARSE_BYTES):
                    await off_loop(partial(stream.feed, chunk[start : start + PARSE_BYTES]))
            except NotThisEncoding:
                if stream.encoding != "utf-8":
                    raise
                stream = None  # read again once it is all stored
    if stream is not None:
        await off_loop(stream.close)
        return size, stream
    if size == 0:
        return size, CsvStream("utf-8")
    fallback = CsvStream(FALLBACK_ENCODING, max_rows=max_rows)
    try:
        async for _rows in parsed_rows(read_chunks(), fallback):
            pass
    except NotThisEncoding:
        raise UnreadableFile(
            "The file is not text in UTF-8 or Windows-1252; save it from your spreadsheet as "
            "CSV (UTF-8)"
        ) from None
    return size, fallback


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


def _interrupted(job: ImportJob) -> bool:
    """A "running" import not heard of for a while, and not running in this process: the
    process running it stopped, and its transaction was rolled back with it."""
    heard_of = job.heartbeat_at or job.started_at
    return (
        job.status == ImportStatus.running
        and job.id not in LIVE
        and heard_of is not None
        and utcnow() - heard_of > STALE_AFTER
    )


def _record_interruption(job: ImportJob) -> None:
    job.status = ImportStatus.failed
    job.error = "The import was interrupted and nothing was imported; run it again"
    job.finished_at = utcnow()


async def read_import(session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID) -> ImportRead:
    job = await get_import(session, ctx, import_id)
    if _interrupted(job):
        _record_interruption(job)
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
    await _refuse_a_second_run(session, ctx, job.id)
    now = utcnow()
    running = (
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
    try:
        result = await session.execute(running)
    except IntegrityError:
        # Another import of the group was started at the same moment (the database allows
        # one running import per group).
        raise ImportRunInProgress() from None
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportStateConflict("This import has just been started by someone else")
    await session.refresh(job)
    return present(job)


async def _refuse_a_second_run(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID
) -> None:
    """A group runs one import at a time: each holds the group's records in memory and
    writes in one long transaction. An interrupted one does not count."""
    others = (
        (
            await session.execute(
                scoped_select(ctx, ImportJob).where(
                    col(ImportJob.status) == ImportStatus.running, col(ImportJob.id) != import_id
                )
            )
        )
        .scalars()
        .all()
    )
    for other in others:
        if not _interrupted(other):
            raise ImportRunInProgress()
        _record_interruption(other)
    await session.flush()
