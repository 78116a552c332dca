"""Request and response shapes for disputes: the case file, its list item and its page."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import (
    NOT_BLANK,
    Day,
    Labels,
    LongText,
    Money,
    clean_text,
    optional_text,
    refuse_null,
    unique_ids,
)
from api.core.schemas import VersionedUpdate
from api.disputes.enums import DisputeStatus
from api.disputes.schemas.ballots import BallotBrief
from api.disputes.schemas.demands import DemandRead
from api.disputes.schemas.timeline import EventRead

MAX_WORKPLACES = 50


class DisputeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(
        min_length=1, max_length=200, examples=["Night shift pay cut"], json_schema_extra=NOT_BLANK
    )
    summary: LongText = None
    status: DisputeStatus = DisputeStatus.brewing
    unions: Labels = Field(default_factory=list, description="Unions involved, by name")
    started_on: Day | None = None
    strike_fund_target: Money | None = None
    workplace_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_WORKPLACES,
        description="The group's workplaces this dispute is at",
    )

    _title = field_validator("title")(clean_text)
    _workplaces = field_validator("workplace_ids")(unique_ids)


class DisputeUpdate(VersionedUpdate):
    title: str | None = Field(
        default=None, min_length=1, max_length=200, json_schema_extra=NOT_BLANK
    )
    summary: LongText = None
    status: DisputeStatus | None = None
    unions: Labels | None = None
    started_on: Day | None = None
    strike_fund_target: Money | None = None
    workplace_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_WORKPLACES,
        description="Replaces the dispute's workplaces with exactly these",
    )

    _title = field_validator("title")(optional_text)
    _workplaces = field_validator("workplace_ids")(unique_ids)
    _required = field_validator("title", "status", "unions", "workplace_ids")(refuse_null)


class WorkplaceRef(BaseModel):
    id: uuid.UUID
    name: str


class DisputeSummary(BaseModel):
    """A dispute as lists show it."""

    id: uuid.UUID
    title: str
    summary: str | None
    status: DisputeStatus
    unions: list[str]
    started_on: date | None
    strike_fund_target: Decimal | None
    strike_fund_raised: Decimal = Field(
        description="Money into the strike fund: the sum of its ledger's entries in"
    )
    strike_fund_spent: Decimal = Field(description="Money paid out of the strike fund")
    strike_fund_balance: Decimal = Field(description="strike_fund_raised - strike_fund_spent")
    strike_fund_percent: float | None = Field(
        description="Raised as a percentage of the target (null without a target)"
    )
    workplace_ids: list[uuid.UUID]
    version: int
    created_at: datetime
    updated_at: datetime


class PeopleCounts(BaseModel):
    rep: int = 0
    striker: int = 0
    supporter: int = 0
    total: int = 0


class DisputeRead(DisputeSummary):
    """A dispute with everything its page shows."""

    workplaces: list[WorkplaceRef]
    demands: list[DemandRead]
    next_event: EventRead | None = Field(description="The first timeline event from today on")
    people: PeopleCounts
    ballots: list[BallotBrief]
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
