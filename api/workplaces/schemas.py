from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.core.fields import (
    Labels,
    LongText,
    Name,
    Text100,
    Text200,
    Text500,
    VersionField,
    blank_to_none,
    clean_name,
    refuse_null,
)

Headcount = Annotated[int, Field(ge=0, le=1_000_000)]


def _postcode(value: object) -> object:
    value = blank_to_none(value)
    if isinstance(value, str):
        return " ".join(value.split()).upper()
    return value


Postcode = Annotated[Annotated[str, Field(max_length=16)] | None, BeforeValidator(_postcode)]


class RecordMeta(BaseModel):
    """Fields every stored record reports."""

    id: uuid.UUID
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None


# --- workplaces ----------------------------------------------------------------------------


class WorkplaceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Riverside Bus Depot"])
    employer: Text200 = None
    sector: Text100 = Field(default=None, examples=["transport"])
    address: Text500 = None
    postcode: Postcode = None
    unions: Labels = Field(default_factory=list, description="Unions recognised here")
    estimated_headcount: Headcount | None = None
    notes: LongText = None


class WorkplaceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    employer: Text200 = None
    sector: Text100 = None
    address: Text500 = None
    postcode: Postcode = None
    unions: Labels | None = None
    estimated_headcount: Headcount | None = None
    notes: LongText = None
    version: int | None = VersionField

    _required = field_validator("name", "unions")(refuse_null)


class WorkplaceRead(RecordMeta):
    name: str
    employer: str | None
    sector: str | None
    address: str | None
    postcode: str | None
    unions: list[str]
    estimated_headcount: int | None
    notes: str | None


# --- departments and shifts ----------------------------------------------------------------


class DepartmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Ward 7", "Engineering"])
    estimated_headcount: Headcount | None = None
    notes: LongText = None


class DepartmentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    estimated_headcount: Headcount | None = None
    notes: LongText = None
    version: int | None = VersionField

    _required = field_validator("name")(refuse_null)


class DepartmentRead(RecordMeta):
    workplace_id: uuid.UUID
    name: str
    estimated_headcount: int | None
    notes: str | None


ShiftName = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(clean_name)]


class ShiftCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShiftName = Field(examples=["Nights"])
    pattern: Text200 = Field(default=None, examples=["22:00-06:00, four on four off"])


class ShiftUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShiftName | None = None
    pattern: Text200 = None
    version: int | None = VersionField

    _required = field_validator("name")(refuse_null)


class ShiftRead(RecordMeta):
    workplace_id: uuid.UUID
    name: str
    pattern: str | None


# --- the wall chart ------------------------------------------------------------------------


class ChartCounts(BaseModel):
    contacts: int = Field(description="Contacts known")
    level_1: int
    level_2: int
    level_3: int
    level_4: int
    level_5: int
    unassessed: int
    members: int = Field(description="Contacts whose membership status is `member`")


class ChartCell(ChartCounts):
    shift_id: uuid.UUID | None = Field(description="Null: contacts with no shift recorded")


class ChartRow(BaseModel):
    department_id: uuid.UUID | None = Field(
        description="Null: contacts with no department recorded"
    )
    department_name: str | None
    estimated_headcount: int | None
    coverage: float | None = Field(
        description="Contacts known / the department's estimated headcount (null if not given)"
    )
    totals: ChartCounts
    cells: list[ChartCell] = Field(description="One per shift, in the order of `shifts`")


class ChartShift(BaseModel):
    id: uuid.UUID | None
    name: str | None


class ChartTotals(ChartCounts):
    headcount: int | None = Field(description="The workplace's estimated headcount")
    coverage: float | None = Field(description="Contacts known / headcount")
    leader_share: float | None = Field(description="Share of contacts assessed 1")
    supporter_share: float | None = Field(description="Share of contacts assessed 1 or 2")
    not_talked_to_30_days: int = Field(description="Including contacts never talked to")
    not_talked_to_60_days: int
    not_talked_to_90_days: int


class WorkplaceChart(BaseModel):
    workplace_id: uuid.UUID
    workplace_name: str
    generated_at: datetime
    shifts: list[ChartShift] = Field(description="Column order; the last is 'no shift'")
    rows: list[ChartRow] = Field(description="One per department; the last is 'no department'")
    totals: ChartTotals
