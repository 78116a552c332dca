from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.imports.enums import (
    Delimiter,
    FileEncoding,
    FileFormat,
    FileRole,
    ImportKind,
    ImportStatus,
    OnMatch,
)
from api.imports.planning import Action


class ImportField(BaseModel):
    name: str
    label: str
    multiple: bool = Field(description="Several columns may be mapped to it (values combined)")


class ImportProgress(BaseModel):
    processed_rows: int
    total_rows: int


class ImportCounts(BaseModel):
    created: int
    updated: int
    skipped: int
    failed: int


class ImportRead(BaseModel):
    id: uuid.UUID
    kind: ImportKind
    filename: str
    size_bytes: int
    file_format: FileFormat = Field(description="csv, or xlsx for an Excel workbook")
    encoding: FileEncoding | None = Field(
        description="How a CSV file was read (detected, or as chosen at the upload); null for "
        "a workbook"
    )
    delimiter: Delimiter | None = Field(
        description="The separator of a CSV file (detected, or as chosen); null for a workbook"
    )
    header: list[str] = Field(description="The file's column names, cleaned up")
    row_count: int = Field(description="Rows under the header, blank lines not counted")
    suggested_mapping: dict[str, str | None] = Field(
        description="Each column's likely field, guessed from its name (null: ignored)"
    )
    mapping: dict[str, str | None] | None = Field(
        description="The mapping you confirmed; null until then"
    )
    match_by: list[str]
    on_match: OnMatch
    default_workplace_id: uuid.UUID | None = Field(
        description="The workplace given to rows that name none"
    )
    default_department_id: uuid.UUID | None = Field(
        description="The department (of the default workplace) given to its rows that name none"
    )
    default_shift_id: uuid.UUID | None = Field(
        description="The shift (of the default workplace) given to its rows that name none"
    )
    skip_invalid_rows: bool
    status: ImportStatus
    progress: ImportProgress
    counts: ImportCounts
    error: str | None = Field(description="Why the import failed, when it did")
    available_fields: list[ImportField]
    created_by: uuid.UUID | None
    run_by: uuid.UUID | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ImportMappingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str | None] = Field(
        description="Column name → field name; null or a column left out is ignored. Several "
        "columns may go to tags, notes (or unions); first_name + last_name are joined",
        examples=[{"Name": "full_name", "Email address": "email", "Favourite colour": None}],
    )
    match_by: list[str] | None = Field(
        default=None,
        description="How a row finds an existing record, in order of preference: "
        "external_id, email, phone for contacts (the default, in that order); name for "
        "workplaces",
    )
    on_match: OnMatch = Field(
        default=OnMatch.update,
        description="For a row matching an existing record: `update` it (non-blank cells "
        "replace stored values, tags are added) or `skip` the row",
    )
    default_workplace_id: uuid.UUID | None = Field(
        default=None,
        description="Contacts only: one of the group's workplaces, given to rows that name no "
        "workplace (a new contact, or a matched one that has none); a department or shift "
        "column is then read within it",
    )
    default_department_id: uuid.UUID | None = Field(
        default=None,
        description="A department of the default workplace, given to its rows that name none",
    )
    default_shift_id: uuid.UUID | None = Field(
        default=None,
        description="A shift of the default workplace, given to its rows that name none",
    )


class ImportRun(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skip_invalid_rows: bool = Field(
        default=False,
        description="Without it, any failing row refuses the whole run and nothing is "
        "written; with it, valid rows are imported and failing ones reported",
    )


class RowError(BaseModel):
    column: str | None
    field: str
    message: str = Field(description="The problem in English")
    type: str = Field(
        description="The problem's stable code, for a client to put in words: a validation "
        "error's type (`string_too_long`, `value_error`…) or one of the import's own: "
        "`name_required`, `not_membership_status`, `not_a_language`, `needs_workplace`, "
        "`ambiguous_match`, `ambiguous_place`"
    )
    ctx: dict[str, str | int | float] = Field(
        description="The values the message names (`max_length`, `value`, `records`…)"
    )


class PreviewRow(BaseModel):
    row: int = Field(description="The row number in the spreadsheet (the header is row 1)")
    action: Action
    reason: str
    errors: list[RowError]
    cells: dict[str, str] = Field(description="The mapped columns' values in this row")
    record_id: uuid.UUID | None = Field(description="The existing record the row matches")


class PreviewSummary(BaseModel):
    create: int
    update: int
    skip: int
    fail: int
    new_workplaces: list[str]
    new_departments: list[str]
    new_shifts: list[str]


class ImportPreview(BaseModel):
    rows: list[PreviewRow]
    summary: PreviewSummary = Field(description="What running it would do to every row")
    mapping: dict[str, str | None] = Field(description="The mapping the preview used")
    will_refuse: bool = Field(
        description="True when some rows fail: the run is refused unless skip_invalid_rows"
    )


class ImportMention(BaseModel):
    """An import whose stored file names one person (for their subject access bundle)."""

    import_id: uuid.UUID
    kind: ImportKind
    filename: str
    status: ImportStatus
    created_at: datetime
    finished_at: datetime | None
    file: FileRole = Field(
        description="`report`: the run's report lists their record; `upload`: a file not yet "
        "run holds their name, email or phone"
    )
    outcome: str | None = Field(description="What the run did with their row, from the report")
