"""The wall chart: a workplace's contacts counted by department x shift, and each
workplace's coverage."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field


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
        description="Contacts known / the department's estimated headcount (null if not "
        "given, and for one shift: headcounts are per department)"
    )
    totals: ChartCounts
    cells: list[ChartCell] = Field(description="One per shift, in the order of `shifts`")


class ChartShift(BaseModel):
    id: uuid.UUID | None
    name: str | None


class ChartTotals(ChartCounts):
    headcount: int | None = Field(description="The workplace's estimated headcount")
    coverage: float | None = Field(
        description="Contacts known / headcount (null without a headcount, and for one shift)"
    )
    leader_share: float | None = Field(description="Share of contacts assessed 1")
    supporter_share: float | None = Field(description="Share of contacts assessed 1 or 2")
    not_talked_to_30_days: int = Field(description="Including contacts never talked to")
    not_talked_to_60_days: int
    not_talked_to_90_days: int


class ChartPerson(BaseModel):
    """Someone to talk to next: never talked to, or talked to longest ago."""

    id: uuid.UUID
    full_name: str
    assessment_level: int | None
    last_conversation_at: datetime | None = Field(description="Null: never talked to")
    department_id: uuid.UUID | None
    shift_id: uuid.UUID | None
    preferred_language: str | None = Field(description="An ISO 639 code")


class ChartLanguage(BaseModel):
    language: str = Field(description="An ISO 639 code")
    speakers: int = Field(description="Contacts whose preferred or other languages include it")
    preferred: int = Field(description="Contacts for whom it is the preferred language")


class WorkplaceChart(BaseModel):
    workplace_id: uuid.UUID
    workplace_name: str
    generated_at: datetime
    shift: str | None = Field(
        description="The shift the chart is limited to (an id, or `none`), or null for all"
    )
    shifts: list[ChartShift] = Field(
        description="Column order; the last is 'no shift'. For one shift, only that column"
    )
    rows: list[ChartRow] = Field(description="One per department; the last is 'no department'")
    totals: ChartTotals
    talk_to_next: list[ChartPerson] = Field(
        description="Up to 10 contacts of the chart (of its shift, when limited to one), "
        "those never talked to first, then those talked to longest ago"
    )
    languages: list[ChartLanguage] = Field(
        description="The languages of everyone at the workplace (whatever `speaks` is), the "
        "most spoken first"
    )


class WorkplaceCoverage(BaseModel):
    workplace_id: uuid.UUID
    headcount: int | None = Field(description="The workplace's estimated headcount")
    contacts: int = Field(description="Contacts known")
    coverage: float | None = Field(description="Contacts known / headcount, as on the chart")
    assessed: int = Field(description="Contacts with an assessment")
    talked_to_30_days: int = Field(description="Contacts talked to in the last 30 days")


class WorkplaceCoverageList(BaseModel):
    items: list[WorkplaceCoverage] = Field(
        description="One per workplace asked for that the group has, in the order asked"
    )
