from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, UploadFile, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import FormData

from api.core.config import Settings
from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.errors import error_responses, refusing
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.ratelimit import Rate, count_use
from api.imports.enums import Delimiter, FileEncoding, ImportKind
from api.imports.files import CHUNK_BYTES
from api.imports.schemas import (
    ImportMappingUpdate,
    ImportPreview,
    ImportRead,
    ImportRun,
)
from api.imports.services import preview, run, uploads
from api.imports.services.report import read_report

router = APIRouter(prefix="/api/v1/groups/{group_id}", tags=["imports"])

Importer = Annotated[GroupContext, require(Permission.bulk_edit, Scope.imports_write)]
# The upload route's path, for the body size allowance in api/main.py.
UPLOAD_PATH_PATTERN = r"/api/v1/groups/[^/]+/imports"
READ_ERRORS = error_responses(401, 403, 404, 422)
STATE_ERRORS = error_responses(401, 403, 404, 409, 422)
# Past a group's rate limit (or, for a run, while another of its imports runs): 429 with
# Retry-After.
LIMITED_STATE_ERRORS = error_responses(401, 403, 404, 409, 422, 429)
# Where the document keeps named shapes (the upload's form is one).
SCHEMAS = "#/components/schemas"
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def _rate_limited(
    action: str, limit_of: Callable[[Settings], int], window: timedelta, refusal: str
) -> Any:
    """A dependency counting one use of `action` by the caller's group, after the permission
    check; past the group's limit (`limit_of` the settings, per `window`) it answers 429 with
    `refusal` (which may name the `{limit}`)."""

    async def count(request: Request, ctx: Importer, settings: SettingsDep) -> None:
        limit = limit_of(settings)
        rate = Rate(action, limit, window, refusal.format(limit=limit))
        await count_use(request.app.state.sessionmaker, ctx, rate)

    return Depends(count)


# The upload's multipart form. The route reads it itself once the caller is known to be
# allowed (and within the group's limit), so a refused upload is answered before a byte of it
# is read; api/main.py puts this shape in the API document, as FastAPI would have. (No
# docstring: it would become the shape's description.)
class UploadForm(BaseModel):
    model_config = ConfigDict(title="Body_upload_import")

    file: UploadFile = Field(
        description="A CSV file as a spreadsheet saves it, or an Excel workbook (.xlsx)"
    )
    kind: ImportKind = Field(ImportKind.contacts, description="What the rows are")
    encoding: FileEncoding | None = Field(
        None,
        description="Read a CSV file in this encoding rather than the detected one (422 "
        "naming `encoding` when the file is not valid in it); ignored for a workbook",
    )
    delimiter: Delimiter | None = Field(
        None,
        description="Split a CSV file's columns at this separator rather than the detected "
        "one; ignored for a workbook",
    )


_UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {"$ref": f"{SCHEMAS}/{UploadForm.model_config['title']}"}
            }
        },
        "required": True,
    }
}


def _validated(form: FormData) -> UploadForm:
    """The upload's form, validated as FastAPI validates a declared form (422 naming the
    field)."""
    try:
        return UploadForm.model_validate(
            {name: form[name] for name in UploadForm.model_fields if name in form}
        )
    except ValidationError as invalid:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in invalid.errors()]
        ) from None


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    operation_id="upload_import",
    responses=refusing(
        error_responses(401, 403, 404, 413, 422, 429),
        "the file is empty, has no row under its header, or cannot be read as CSV",
    ),
    dependencies=[
        _rate_limited(
            "import_upload",
            lambda settings: settings.import_uploads_per_hour,
            HOUR,
            "This group has uploaded {limit} files in the last hour; wait before uploading another",
        )
    ],
    openapi_extra=_UPLOAD_BODY,
)
async def upload_import(
    request: Request, session: SessionDep, settings: SettingsDep, ctx: Importer
) -> ImportRead:
    """Upload a CSV file or an Excel workbook (.xlsx, its first sheet) of contacts (or
    workplaces) to import, up to the server's `max_import_bytes` (50 MB unless configured).
    A CSV file's encoding (UTF-8 with or without a byte order mark, UTF-16, else the Windows
    code page detected, such as Windows-1250 for Polish or Romanian) and separator (comma,
    semicolon or tab) are detected; `encoding` and `delimiter` choose them instead. The file
    needs a header row and at least one row under it (422 naming `file`
    otherwise). The answer gives the header, the row count and a suggested mapping of columns
    to fields guessed from the column names. Nothing is imported yet: confirm the mapping,
    preview, then run. The file holds personal data: it is kept in the database only until
    the import has run (or the import is deleted), and an import never run loses it after
    `import_file_retention_days` (7 unless configured), as its report does after a run.
    At most `max_import_rows` rows (200,000 unless configured), 200 columns, 20,000
    characters in a cell and 1,000,000 in a row: a file past a cap is refused (422) as soon
    as the cap is passed. A group may upload `import_uploads_per_hour` files an hour (20
    unless configured; 429 `rate_limited` with Retry-After past that)."""
    # No Idempotency-Key here: a repeated upload only adds an import that writes nothing
    # until it is run (and can be deleted), and the multipart body is not fingerprinted.

    # The body is read only now, after the dependencies above let the caller upload.
    form = await request.form()
    try:
        upload = _validated(form)
        file = upload.file

        async def read_chunks() -> AsyncIterator[bytes]:
            # The body was spooled to a temporary file as it arrived (to disk past 1 MB):
            # read it back a chunk at a time, from the start each time it is asked for.
            await file.seek(0)
            while chunk := await file.read(CHUNK_BYTES):
                yield chunk

        return await uploads.create_import(
            session,
            ctx,
            filename=file.filename or "upload.csv",
            read_chunks=read_chunks,
            kind=upload.kind,
            max_bytes=settings.max_import_bytes,
            max_rows=settings.max_import_rows,
            reading=uploads.Reading(encoding=upload.encoding, delimiter=upload.delimiter),
        )
    finally:
        await form.close()


@router.get("/imports", operation_id="list_imports", responses=READ_ERRORS)
async def list_imports(
    session: SessionDep,
    ctx: Importer,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ImportRead]:
    """The group's imports, newest first."""
    items, next_cursor = await uploads.list_imports(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.get("/imports/{import_id}", operation_id="get_import", responses=READ_ERRORS)
async def get_import(import_id: uuid.UUID, session: SessionDep, ctx: Importer) -> ImportRead:
    """An import's status (`uploaded`, `mapped`, `running`, `done`, `failed`), its progress
    while running (rows processed of the total: poll this) and its counts of rows created,
    updated, skipped and failed. `error` says why a failed import wrote nothing."""
    return await uploads.read_import(session, ctx, import_id)


@router.put(
    "/imports/{import_id}/mapping",
    operation_id="map_import",
    responses=refusing(
        STATE_ERRORS,
        "the mapping names a column the uploaded file does not have, a field the import's "
        "kind does not have, or a way of matching it does not offer",
    ),
)
async def map_import(
    import_id: uuid.UUID, data: ImportMappingUpdate, session: SessionDep, ctx: Importer
) -> ImportRead:
    """Confirm which column goes to which field, how rows find existing records
    (`match_by`: external id, email, phone, in your order of preference) and what to do
    with a match (`on_match`: update or skip). Columns not mapped are ignored. Workplace,
    department and shift columns hold names: matched to the group's (ignoring case) or
    created. `columns` may name only the uploaded file's columns (the import's `header`),
    each with one of its `available_fields` (a single-valued field once); a contacts import
    maps a name (`full_name`, or `first_name` and `last_name`) or a key it matches by, a
    workplaces import maps `name`; `match_by` takes external_id, email and phone for contacts
    and name for workplaces. A refusal names the column or field to fix."""
    return await uploads.set_mapping(session, ctx, import_id, data)


@router.get(
    "/imports/{import_id}/preview",
    operation_id="preview_import",
    responses=LIMITED_STATE_ERRORS,
    dependencies=[
        _rate_limited(
            "import_preview",
            lambda settings: settings.import_previews_per_minute,
            MINUTE,
            "This group has asked for {limit} import previews in the last minute; wait a moment",
        )
    ],
)
async def preview_import(
    import_id: uuid.UUID,
    session: SessionDep,
    ctx: Importer,
    limit: Annotated[int, Query(ge=1, le=preview.PREVIEW_MAX, description="Rows shown")] = 20,
) -> ImportPreview:
    """The first rows with their errors and what a run would do with each (create, update,
    skip or fail, and why), plus totals for the whole file and the workplaces, departments
    and shifts it would create. Uses the suggested mapping until one is confirmed. A group
    may ask for `import_previews_per_minute` previews a minute (30 unless configured; 429
    `rate_limited` with Retry-After past that)."""
    return await preview.preview_import(session, ctx, import_id, limit=limit)


@router.post(
    "/imports/{import_id}/run",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="run_import",
    responses=LIMITED_STATE_ERRORS,
    dependencies=[
        _rate_limited(
            "import_run",
            lambda settings: settings.import_runs_per_hour,
            HOUR,
            "This group has started {limit} imports in the last hour; wait before starting another",
        )
    ],
)
async def run_import(
    import_id: uuid.UUID,
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    ctx: Importer,
    data: ImportRun | None = None,
) -> ImportRead:
    """Start the import; poll GET …/imports/{import_id} for progress and the outcome. All or
    nothing: if any row fails, nothing is written unless `skip_invalid_rows` is true (then
    valid rows are imported and failed ones reported). Rows repeating an earlier row's email,
    phone or external id are skipped. An error part-way rolls the whole import back. A group
    runs one import at a time (429 `import_run_in_progress` with Retry-After while another
    runs) and may start `import_runs_per_hour` runs an hour (10 unless configured; 429
    `rate_limited` past that)."""
    options = data or ImportRun()
    started = await uploads.start_run(
        session, ctx, import_id, skip_invalid_rows=options.skip_invalid_rows
    )
    background.add_task(run.run_import, request.app.state.sessionmaker, ctx, import_id)
    return started


@router.get(
    "/imports/{import_id}/report.csv",
    operation_id="download_import_report",
    responses={
        **STATE_ERRORS,
        200: {"content": {"text/csv": {}}, "description": "The report (holds personal data)"},
    },
    response_class=Response,
)
async def download_import_report(
    import_id: uuid.UUID, session: SessionDep, ctx: Importer
) -> Response:
    """Every row of the file with its outcome (created, updated, skipped, failed, or not
    imported when a run was refused) and the reason, followed by the row's own cells, so
    failed rows can be corrected and imported again. Holds personal data."""
    job, report = await read_report(session, ctx, import_id)
    stem = job.filename.rsplit(".", 1)[0] or "import"
    return Response(
        report,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{_safe(stem)}-report.csv"',
            "X-Contains-Personal-Data": "true",
        },
    )


@router.delete(
    "/imports/{import_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_import",
    responses=STATE_ERRORS,
)
async def delete_import(import_id: uuid.UUID, session: SessionDep, ctx: Importer) -> None:
    """Delete the import's uploaded file and report (the records it imported stay)."""
    await uploads.delete_import(session, ctx, import_id)


def _safe(name: str) -> str:
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "-_ .") else "_" for c in name)
    return kept.strip()[:80] or "import"
