"""Import jobs: an uploaded CSV file, its column mapping, progress and outcome."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlmodel import Field

from api.core.db import GroupOwned, TableBase, UTCDateTime
from api.imports.enums import FileFormat, FileRole, ImportKind, ImportStatus, OnMatch


class ImportJob(GroupOwned, table=True):
    """One import. Not a synchronised record (it never enters the change log): its progress
    is written while the import's own transaction is still open, so it cannot go through
    the write path, which would wait on that transaction's lock on the group."""

    __tablename__ = "imports"
    # One running import per group, kept by the database so two app workers starting two
    # imports at once cannot both succeed.
    __table_args__ = (
        Index(
            "uq_imports_group_id_running",
            "group_id",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
    )

    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    run_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    kind: ImportKind = Field(sa_type=String(20))
    filename: str = Field(max_length=255)
    file_format: FileFormat = Field(
        default=FileFormat.csv, sa_type=String(10), sa_column_kwargs={"server_default": "csv"}
    )
    size_bytes: int
    encoding: str = Field(max_length=20)
    delimiter: str = Field(max_length=2)
    header: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    row_count: int = Field(default=0)
    suggested_mapping: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    mapping: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    match_by: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    on_match: OnMatch = Field(default=OnMatch.update, sa_type=String(10))
    # The workplace (and department, shift) given to rows that name none: ids of the group's
    # places by "workplace", "department" and "shift"; checked again when the import plans.
    placement_defaults: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
    )
    skip_invalid_rows: bool = Field(default=False)
    status: ImportStatus = Field(default=ImportStatus.uploaded, sa_type=String(20))
    processed_rows: int = Field(default=0)
    created_count: int = Field(default=0)
    updated_count: int = Field(default=0)
    skipped_count: int = Field(default=0)
    failed_count: int = Field(default=0)
    error: str | None = Field(default=None, sa_type=Text)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ImportFile(TableBase, table=True):
    """The uploaded file and the outcome report, kept apart so status reads never load them,
    and kept in numbered chunks so neither is ever held whole in memory to write or read."""

    __tablename__ = "import_files"
    __table_args__ = (UniqueConstraint("import_id", "role", "chunk"),)

    import_id: uuid.UUID = Field(foreign_key="imports.id", ondelete="CASCADE")
    role: FileRole = Field(sa_type=String(10))
    chunk: int = Field(default=0)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
