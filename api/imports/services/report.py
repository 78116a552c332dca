"""An import's report: every row of the file with its outcome, kept after a run."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.context import GroupContext
from api.core.spreadsheets import safe_cell
from api.imports.enums import FileRole
from api.imports.files import Row
from api.imports.models import ImportJob
from api.imports.planning import Action, PlannedRow
from api.imports.services.common import (
    ImportStateConflict,
    get_import,
    has_file,
    read_stored_file,
)

OUTCOMES = {
    Action.create: "created",
    Action.update: "updated",
    Action.skip: "skipped",
    Action.fail: "failed",
}


# The columns a report puts before the file's own (subject access and erasure read them too).
REPORT_COLUMNS = ("Row", "Outcome", "Reason", "Record id")
OUTCOME_COLUMN = REPORT_COLUMNS.index("Outcome")
RECORD_ID_COLUMN = REPORT_COLUMNS.index("Record id")


def report_header(header: Sequence[str]) -> list[str]:
    return [*REPORT_COLUMNS, *map(safe_cell, header)]


def report_rows(
    rows: Sequence[Row],
    planned: Sequence[PlannedRow],
    *,
    applied: bool,
    note: str | None = None,
) -> Iterator[list[str | int]]:
    """Each row with its outcome and reason, then the row as it was in the file (so failed
    rows can be fixed and imported again)."""
    for source, plan in zip(rows, planned, strict=True):
        if applied or plan.action is Action.fail:
            outcome, reason = OUTCOMES[plan.action], plan.reason
        else:
            outcome, reason = "not imported", note or plan.reason
        record_id = str(plan.record_id) if plan.record_id else ""
        yield [plan.line, outcome, safe_cell(reason), record_id, *map(safe_cell, source.cells)]


async def read_report(
    session: AsyncSession, ctx: GroupContext, import_id: uuid.UUID
) -> tuple[ImportJob, bytes]:
    job = await get_import(session, ctx, import_id)
    if not await has_file(session, job.id, FileRole.report):
        if job.finished_at is not None:
            raise ImportStateConflict(
                "This import's report is no longer kept: reports are deleted a few days after "
                "the import, as they repeat the file's personal data",
                code="import_report_deleted",
            )
        raise ImportStateConflict(
            "There is no report yet: the import has not run", code="import_not_run"
        )
    return job, await read_stored_file(session, job.id, FileRole.report)
