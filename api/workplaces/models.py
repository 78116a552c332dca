from __future__ import annotations

import uuid
from typing import ClassVar

from sqlalchemy import JSON, Column, Text, UniqueConstraint
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


class Department(GroupRecord, table=True):
    """An area of a workplace (ward, line, floor, depot section) that contacts are mapped to."""

    __tablename__ = "departments"
    # One department per name in a workplace, ignoring case and spacing (the service checks
    # first, naming the field; the constraint holds when two requests race).
    __table_args__ = (UniqueConstraint("workplace_id", "name_key"),)
    __entity_type__: ClassVar[str] = "department"

    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, description="The name as compared: see name_key()")
    estimated_headcount: int | None = Field(default=None)
    notes: str | None = Field(default=None, sa_type=Text)


class Shift(GroupRecord, table=True):
    __tablename__ = "shifts"
    __table_args__ = (UniqueConstraint("workplace_id", "name_key"),)
    __entity_type__: ClassVar[str] = "shift"

    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=100, description="The name as compared: see name_key()")
    pattern: str | None = Field(default=None, max_length=200)


def name_key(name: str) -> str:
    """A department's or shift's name as compared within its workplace: case and spacing
    ignored, the same on every database (Python's Unicode case folding, not SQL's lower())."""
    return " ".join(name.split()).casefold()
