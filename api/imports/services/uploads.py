"""An import's upload and the steps before it runs: storing the file, listing, reading and
deleting imports, choosing the column mapping, and starting the run."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.pagination import SortKey, keyset_page
from api.core.references import check_record, invalid
from api.core.tenancy import scoped_select
from api.imports.enums import (
    Delimiter,
    FileEncoding,
    FileFormat,
    FileRole,
    ImportKind,
    ImportStatus,
)
from api.imports.files import (
    DELIMITER_CHARACTERS,
    DETECTION_BYTES,
    PARSE_BYTES,
    CsvStream,
    NotThisEncoding,
    RowCollector,
    UnreadableFile,
    detect_code_page,
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
    opened_workbook,
    parsed_rows,
    present,
    workbook_batches,
)
from api.imports.spreadsheets import is_workbook
from api.imports.vocabulary import MATCH_KEYS
from api.workplaces.models import Department, Shift, Workplace

STALE_AFTER = timedelta(minutes=15)  # a "running" import not heard of since: interrupted


ChunkSource = Callable[[], AsyncIterator[bytes]]


@dataclass(frozen=True)
class Reading:
    """How to read a CSV file, when the person chose rather than leaving it to detection."""

    encoding: FileEncoding | None = None
    delimiter: Delimiter | None = None


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
    reading: Reading,
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
        size, read = await _store_and_read(
            session, job.id, read_chunks, max_bytes, max_rows, reading
        )
    except NotThisEncoding as error:
        raise invalid("encoding", str(error), type=error.type, ctx=error.ctx) from None
    except UnreadableFile as error:
        raise invalid("file", str(error), type=error.type, ctx=error.ctx) from None
    if read.header is None or not read.row_count:
        if size == 0:
            raise invalid("file", "The file is empty", type="file_empty")
        raise invalid("file", "The file has a header row but no rows under it", type="file_empty")
    job.size_bytes = size
    if isinstance(read, CsvStream):
        job.file_format = FileFormat.csv
        job.encoding = read.encoding
        job.delimiter = read.delimiter or ","
    else:
        job.file_format = FileFormat.xlsx
        job.encoding = job.delimiter = ""
    job.header = read.header
    job.row_count = read.row_count
    job.suggested_mapping = guess_mapping(kind, read.header)
    await session.flush()
    return present(job)


async def _store_and_read(
    session: AsyncSession,
    import_id: uuid.UUID,
    read_chunks: ChunkSource,
    max_bytes: int,
    max_rows: int,
    reading: Reading,
) -> tuple[int, RowCollector]:
    """Stores the file chunk by chunk while reading it: a workbook once it is stored, a CSV
    file on the way, in the encoding chosen, or else as UTF-8 (or as its byte order mark
    says). A file that turns out not to be UTF-8 is read again once stored, in the code page
    detected from its start and from the slice that was not UTF-8."""
    stored = FileWriter(session, import_id, FileRole.upload)
    size = 0
    workbook = False
    stream: CsvStream | None = None
    sample = b""
    delimiter = DELIMITER_CHARACTERS[reading.delimiter] if reading.delimiter else None
    async for chunk in read_chunks():
        size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(f"The file is larger than the {max_bytes // 1_048_576} MB allowed")
        if stored.chunks == 0:
            workbook = is_workbook(chunk)
            sample = chunk[:DETECTION_BYTES]
            if not workbook:
                encoding = reading.encoding or encoding_from_start(chunk) or FileEncoding.utf_8
                stream = CsvStream(encoding, delimiter=delimiter, max_rows=max_rows)
        await stored.write(chunk)
        if stream is not None:
            for start in range(0, len(chunk), PARSE_BYTES):
                piece = chunk[start : start + PARSE_BYTES]
                try:
                    await off_loop(partial(stream.feed, piece))
                except NotThisEncoding:
                    if reading.encoding is not None or stream.encoding != FileEncoding.utf_8:
                        raise
                    sample += piece
                    stream = None  # read again once it is all stored
                    break
    if workbook:
        async with opened_workbook(read_chunks(), max_rows=max_rows) as reader:
            async for _rows in workbook_batches(reader):
                pass
        return size, reader
    if stream is not None:
        await off_loop(stream.close)
        return size, stream
    if size == 0:
        return size, CsvStream(FileEncoding.utf_8)
    detected = await off_loop(partial(detect_code_page, sample))
    again = CsvStream(detected, delimiter=delimiter, max_rows=max_rows)
    try:
        async for _rows in parsed_rows(read_chunks(), again):
            pass
    except NotThisEncoding:
        raise UnreadableFile(
            "The file is not text in UTF-8 or a Windows code page; save it from your "
            "spreadsheet as CSV (UTF-8)",
            "unknown_encoding",
        ) from None
    return size, again


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
        raise invalid(error.field, error.message, type=error.type, ctx=error.ctx) from None
    job.mapping = mapping
    job.match_by = match_by
    job.on_match = data.on_match
    job.placement_defaults = await _placement_defaults(session, ctx, job.kind, data)
    job.status = ImportStatus.mapped
    job.updated_at = utcnow()
    await session.flush()
    return present(job)


async def _placement_defaults(
    session: AsyncSession, ctx: GroupContext, kind: ImportKind, data: ImportMappingUpdate
) -> dict[str, str]:
    """The default workplace, department and shift chosen, checked to be the group's, with
    the department and shift of the default workplace."""
    chosen = {
        "workplace": data.default_workplace_id,
        "department": data.default_department_id,
        "shift": data.default_shift_id,
    }
    if not any(chosen.values()):
        return {}
    # Each id is checked to be the group's first (a 422 `not_in_group`), then how they fit.
    workplace = data.default_workplace_id
    if workplace is not None:
        await check_record(
            session, ctx, Workplace, workplace, "default_workplace_id", "a workplace"
        )
    parts: list[Department | Shift] = []
    if data.default_department_id is not None:
        parts.append(
            await check_record(
                session,
                ctx,
                Department,
                data.default_department_id,
                "default_department_id",
                "a department",
            )
        )
    if data.default_shift_id is not None:
        parts.append(
            await check_record(
                session, ctx, Shift, data.default_shift_id, "default_shift_id", "a shift"
            )
        )
    if kind != ImportKind.contacts:
        field = next(f"default_{part}_id" for part, value in chosen.items() if value)
        raise invalid(field, "Only a contacts import gives rows a default place")
    for place in parts:
        part = "department" if isinstance(place, Department) else "shift"
        if workplace is None:
            raise invalid(
                f"default_{part}_id", "Choose the default workplace this belongs to first"
            )
        if place.workplace_id != workplace:
            raise invalid(f"default_{part}_id", f"This {part} is not part of the default workplace")
    return {part: str(value) for part, value in chosen.items() if value}


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
