"""Finding one person in the group's stored import files, for subject access and erasure.

A run's report lists each row's record id, so a report names a contact exactly. An upload not
yet run has no ids: it holds the person if it holds their email, phone or full name (matched
without regard to case), and an erasure purges it too, so running it later cannot bring them
back. Files are read as a stream, a batch of rows at a time, so memory stays bounded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole
from api.imports.files import CsvStream, UnreadableFile
from api.imports.models import ImportJob
from api.imports.schemas import ImportMention
from api.imports.services.common import (
    delete_file,
    has_file,
    parsed_rows,
    stored_chunks,
    stored_rows,
)
from api.imports.services.report import OUTCOME_COLUMN, RECORD_ID_COLUMN

REPORT_ENCODING = "utf-8-sig"  # reports are written as UTF-8 with a byte order mark


@dataclass(frozen=True)
class Person:
    """What identifies one contact in an import's files."""

    contact_id: uuid.UUID
    details: Sequence[str]  # their full name, email and phone, as held

    def in_cells(self, cells: Sequence[str]) -> bool:
        text = "\x1f".join(cells).casefold()
        return any(detail.casefold() in text for detail in self.details if detail.strip())


async def _in_upload(session: AsyncSession, job: ImportJob, person: Person) -> bool:
    if person.in_cells(job.header):
        return True
    try:
        async for rows in stored_rows(session, job):
            if any(person.in_cells(row.cells) for row in rows):
                return True
    except UnreadableFile:  # refused at upload, so not expected: searched as bytes instead
        async for chunk in stored_chunks(session, job.id, FileRole.upload):
            if person.in_cells([chunk.decode("utf-8", errors="replace")]):
                return True
    return False


async def _outcome_in_report(session: AsyncSession, job: ImportJob, person: Person) -> str | None:
    """What the run did with their row, or None when the report does not list them."""
    wanted = str(person.contact_id)
    stream = CsvStream(REPORT_ENCODING, delimiter=",")
    async for rows in parsed_rows(stored_chunks(session, job.id, FileRole.report), stream):
        for row in rows:
            cells = row.cells
            if len(cells) > RECORD_ID_COLUMN and cells[RECORD_ID_COLUMN] == wanted:
                return cells[OUTCOME_COLUMN]
    return None


async def mentions_of(
    session: AsyncSession, ctx: GroupContext, person: Person
) -> list[ImportMention]:
    """The group's imports whose stored report or not-yet-run upload holds this person."""
    jobs = (
        (await session.execute(scoped_select(ctx, ImportJob).order_by(col(ImportJob.id))))
        .scalars()
        .all()
    )
    found = []
    for job in jobs:
        for role in (FileRole.report, FileRole.upload):
            if not await has_file(session, job.id, role):
                continue
            if role is FileRole.report:
                outcome = await _outcome_in_report(session, job, person)
                held = outcome is not None
            else:
                outcome = None
                held = await _in_upload(session, job, person)
            if held:
                found.append(
                    ImportMention(
                        import_id=job.id,
                        kind=job.kind,
                        filename=job.filename,
                        status=job.status,
                        created_at=job.created_at,
                        finished_at=job.finished_at,
                        file=role,
                        outcome=outcome,
                    )
                )
    return found


async def purge_files_holding(session: AsyncSession, ctx: GroupContext, person: Person) -> int:
    """Erasure: every stored upload and report that holds this person is deleted; the imports
    keep their counts, and reading a purged report answers that it is no longer kept.
    Returns how many files went."""
    mentions = await mentions_of(session, ctx, person)
    for mention in mentions:
        await delete_file(session, mention.import_id, mention.file)
    return len(mentions)
