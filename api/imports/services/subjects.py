"""Finding one person in the group's stored import files, for subject access and erasure.

A run's report lists each row's record id, so a report names a contact exactly. An upload not
yet run has no ids: it holds the person if it holds their email, phone or full name (matched
without regard to case), and an erasure purges it too, so running it later cannot bring them
back. Files are read one at a time, so memory stays bounded by the largest file.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.tenancy import scoped_select
from api.imports.enums import FileRole
from api.imports.files import UnreadableFile, decode
from api.imports.models import ImportFile, ImportJob
from api.imports.schemas import ImportMention
from api.imports.services.common import stored_file

REPORT_RECORD_ID_COLUMN = 3  # "Row", "Outcome", "Reason", "Record id", then the file's columns
REPORT_OUTCOME_COLUMN = 1


@dataclass(frozen=True)
class Person:
    """What identifies one contact in an import's files."""

    contact_id: uuid.UUID
    details: Sequence[str]  # their full name, email and phone, as held

    def in_upload(self, data: bytes) -> bool:
        try:
            text = decode(data)[0].casefold()
        except UnreadableFile:  # refused at upload, so not expected; still searched as bytes
            text = data.decode("utf-8", errors="replace").casefold()
        return any(detail.casefold() in text for detail in self.details if detail.strip())

    def outcome_in_report(self, data: bytes) -> str | None:
        """What the run did with their row, or None when the report does not list them."""
        wanted = str(self.contact_id)
        if wanted.encode() not in data:
            return None
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            if len(row) > REPORT_RECORD_ID_COLUMN and row[REPORT_RECORD_ID_COLUMN] == wanted:
                return row[REPORT_OUTCOME_COLUMN]
        return None


async def _files(
    session: AsyncSession, ctx: GroupContext
) -> AsyncIterator[tuple[ImportJob, FileRole, bytes]]:
    jobs = (
        (await session.execute(scoped_select(ctx, ImportJob).order_by(col(ImportJob.id))))
        .scalars()
        .all()
    )
    for job in jobs:
        for role in (FileRole.report, FileRole.upload):
            data = await stored_file(session, job.id, role)  # the job is the group's
            if data is not None:
                yield job, role, data


async def mentions_of(
    session: AsyncSession, ctx: GroupContext, person: Person
) -> list[ImportMention]:
    """The group's imports whose stored report or not-yet-run upload holds this person."""
    found = []
    async for job, role, data in _files(session, ctx):
        outcome = person.outcome_in_report(data) if role is FileRole.report else None
        if outcome is not None or (role is FileRole.upload and person.in_upload(data)):
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
    purged = 0
    for mention in mentions:
        result = await session.execute(
            delete(ImportFile).where(
                col(ImportFile.import_id) == mention.import_id, col(ImportFile.role) == mention.file
            )
        )
        purged += int(result.rowcount)  # type: ignore[attr-defined]
    return purged
