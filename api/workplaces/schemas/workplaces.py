"""Request and response shapes for workplaces, and the headcount field their parts share."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.core.fields import (
    Labels,
    LongText,
    Name,
    Text100,
    Text200,
    Text500,
    Version,
    VersionField,
    blank_to_none,
    refuse_null,
)
from api.core.schemas import RecordMeta

Headcount = Annotated[int, Field(ge=0, le=1_000_000)]


def _postcode(value: object) -> object:
    value = blank_to_none(value)
    if isinstance(value, str):
        return " ".join(value.split()).upper()
    return value


Postcode = Annotated[Annotated[str, Field(max_length=16)] | None, BeforeValidator(_postcode)]


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
    version: Version = VersionField

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
