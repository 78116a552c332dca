from __future__ import annotations

import uuid
from typing import ClassVar

from sqlalchemy import JSON, Column, Index, Text, text
from sqlmodel import Field

from api.core.db import GroupRecord


class Workplace(GroupRecord, table=True):
    __tablename__ = "workplaces"
    __entity_type__: ClassVar[str] = "workplace"

    name: str = Field(max_length=200)
    employer: str | None = Field(default=None, max_length=200)
    sector: str | None = Field(default=None, max_length=100, index=True)
    address: str | None = Field(default=None, max_length=500)
    postcode: str | None = Field(default=None, max_length=16)
    unions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    estimated_headcount: int | None = Field(default=None)
    notes: str | None = Field(default=None, sa_type=Text)


# One department or shift per name in a workplace, ignoring case and surrounding space (the
# services check first, naming the field; the index holds when two requests race).
NAME_KEY = text("lower(trim(name))")


class Department(GroupRecord, table=True):
    """An area of a workplace (ward, line, floor, depot section) that contacts are mapped to."""

    __tablename__ = "departments"
    __table_args__ = (
        Index("uq_departments_workplace_id_name", "workplace_id", NAME_KEY, unique=True),
    )
    __entity_type__: ClassVar[str] = "department"

    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    estimated_headcount: int | None = Field(default=None)
    notes: str | None = Field(default=None, sa_type=Text)


class Shift(GroupRecord, table=True):
    __tablename__ = "shifts"
    __table_args__ = (Index("uq_shifts_workplace_id_name", "workplace_id", NAME_KEY, unique=True),)
    __entity_type__: ClassVar[str] = "shift"

    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    pattern: str | None = Field(default=None, max_length=200)
