"""`shopfloor import-contacts`: the app's import (same checks, same all-or-nothing run) from
the command line, with a progress bar."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.auth.models import User
from api.core.config import Settings
from api.core.context import GroupContext
from api.core.db import create_engine, create_sessionmaker
from api.core.errors import AppError
from api.core.permissions import ROLE_PERMISSIONS, Permission, Role
from api.core.tenants import Membership
from api.imports.enums import Delimiter, FileEncoding, ImportKind, ImportStatus
from api.imports.files import CHUNK_BYTES
from api.imports.schemas import ImportMappingUpdate
from api.imports.services import run, uploads
from api.imports.services.report import read_report

FAILED_ROWS_SHOWN = 20


class CommandError(Exception):
    pass


async def context_for(session: AsyncSession, group_id: uuid.UUID, email: str) -> GroupContext:
    """The person as a member of the group, allowed to import (organiser or owner)."""
    user = (
        await session.execute(
            select(col(User.id)).where(
                col(User.email) == email.strip().lower(), col(User.is_active).is_(True)
            )
        )
    ).first()
    membership = None
    if user is not None:
        membership = (
            await session.execute(
                select(col(Membership.id), col(Membership.role)).where(
                    col(Membership.group_id) == group_id, col(Membership.user_id) == user[0]
                )
            )
        ).first()
    if user is None or membership is None:
        raise CommandError(f"{email} is not a member of group {group_id}")
    role = Role(membership[1])
    if Permission.bulk_edit not in ROLE_PERMISSIONS[role]:
        raise CommandError(f"{email} is a {role.value}: only organisers and owners can import")
    return GroupContext(
        group_id=group_id,
        user_id=user[0],
        membership_id=membership[0],
        role=role,
        permissions=ROLE_PERMISSIONS[role],
    )


def read_mapping(choice: str, suggested: dict[str, str | None]) -> ImportMappingUpdate:
    """`guessed`, or a JSON file: `{"Column": "field", ...}` or the API's mapping body."""
    if choice == "guessed":
        return ImportMappingUpdate(columns=suggested)
    try:
        given = json.loads(Path(choice).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read the mapping file {choice}: {error}") from None
    if isinstance(given, dict) and isinstance(given.get("columns"), dict):
        return ImportMappingUpdate.model_validate(given)
    return ImportMappingUpdate(columns=given)


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
            yield chunk


def _describe(error: AppError) -> str:
    fields = getattr(error, "fields", None) or []
    where = f" ({', '.join(f.field for f in fields)})" if fields else ""
    return f"{error.detail}{where}"


async def import_contacts(
    settings: Settings,
    group_id: uuid.UUID,
    path: Path,
    email: str,
    *,
    mapping: str,
    skip_invalid_rows: bool,
    report_path: Path | None,
    encoding: FileEncoding | None = None,
    delimiter: Delimiter | None = None,
    echo: Callable[[str], None],
) -> int:
    """Runs the import; returns the process exit code (0 when the import is done)."""
    engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            ctx = await context_for(session, group_id, email)
            uploaded = await uploads.create_import(
                session,
                ctx,
                filename=path.name,
                read_chunks=lambda: _file_chunks(path),
                kind=ImportKind.contacts,
                max_bytes=settings.max_import_bytes,
                max_rows=settings.max_import_rows,
                reading=uploads.Reading(encoding=encoding, delimiter=delimiter),
            )
            await uploads.set_mapping(
                session, ctx, uploaded.id, read_mapping(mapping, uploaded.suggested_mapping)
            )
            await uploads.start_run(session, ctx, uploaded.id, skip_invalid_rows=skip_invalid_rows)
            await session.commit()
        echo(
            f"{path.name}: {uploaded.row_count} rows ({uploaded.encoding}, "
            f"{uploaded.delimiter}-separated)"
        )
        with Progress(
            TextColumn("Importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        ) as bar:
            task = bar.add_task("import", total=uploaded.row_count)
            await run.run_import(
                sessionmaker,
                ctx,
                uploaded.id,
                on_progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        async with sessionmaker() as session:
            result = await uploads.read_import(session, ctx, uploaded.id)
            try:
                _, report = await read_report(session, ctx, uploaded.id)
            except AppError:
                report = b""
    except CommandError as error:
        echo(str(error))
        return 1
    except AppError as error:
        echo(f"Not imported: {_describe(error)}")
        return 1
    finally:
        await engine.dispose()
    counts = result.counts
    echo(
        f"Import {result.id} {result.status.value}: created {counts.created}, updated "
        f"{counts.updated}, skipped {counts.skipped}, failed {counts.failed}"
    )
    if report:
        rows = list(csv.DictReader(io.StringIO(report.decode("utf-8-sig"))))
        failed = [row for row in rows if row["Outcome"] == "failed"]
        for row in failed[:FAILED_ROWS_SHOWN]:
            echo(f"  Row {row['Row']}: {row['Reason']}")
        if len(failed) > FAILED_ROWS_SHOWN:
            echo(f"  … and {len(failed) - FAILED_ROWS_SHOWN} more (see the report)")
        if report_path is not None:
            await asyncio.to_thread(report_path.write_bytes, report)
            echo(f"Report written to {report_path}")
    if result.status is not ImportStatus.done:
        echo(result.error or "The import failed")
        return 1
    return 0
