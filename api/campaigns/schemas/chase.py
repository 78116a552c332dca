"""Request and response shapes for a statutory ballot's roll and its turnout chase."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.core.fields import refuse_null, refuse_true_and_false, unique_ids
from api.disputes.schemas.ballots import RuleSetRef, ThresholdCheck


class RollAddition(BaseModel):
    """Contacts to put on the roll: named ones, and/or every member at the dispute's
    workplaces. Those already on it stay as they are."""

    model_config = ConfigDict(extra="forbid")

    contact_ids: Annotated[list[uuid.UUID], Field(max_length=5000), AfterValidator(unique_ids)] = (
        Field(default_factory=list)
    )
    members_at_dispute_workplaces: bool = Field(
        default=False,
        description="Add every contact whose membership status is member at the dispute's "
        "workplaces",
    )


class RollSummary(BaseModel):
    added: int
    on_roll: int


class VoterTicks(BaseModel):
    """The chase steps to set (true) or clear (false); who and when are recorded."""

    model_config = ConfigDict(extra="forbid")

    address_checked: bool | None = None
    paper_received: bool | None = None
    voted: bool | None = Field(default=None, description="They say they have voted")
    version: Annotated[
        int | None, Field(ge=1, le=2_147_483_647), BeforeValidator(refuse_true_and_false)
    ] = Field(
        default=None,
        description="The version you saw, to refuse (409) a change someone made since; leave "
        "out to apply the ticks to the row as it stands",
    )

    _required = field_validator("address_checked", "paper_received", "voted")(refuse_null)


class VoterRead(BaseModel):
    id: uuid.UUID
    ballot_id: uuid.UUID
    contact_id: uuid.UUID
    full_name: str
    department_id: uuid.UUID | None
    department_name: str | None
    shift_id: uuid.UUID | None
    shift_name: str | None
    organiser_id: uuid.UUID | None
    assessment_level: int | None
    address_checked_at: datetime | None
    address_checked_by: uuid.UUID | None
    paper_received_at: datetime | None
    paper_received_by: uuid.UUID | None
    voted_at: datetime | None
    voted_by: uuid.UUID | None
    version: int
    updated_at: datetime


class TurnoutByPlace(BaseModel):
    id: uuid.UUID | None
    name: str | None
    on_roll: int
    voted: int
    turnout_percent: float | None


class DailyTurnout(BaseModel):
    day: date
    voted: int = Field(description="Those who had said they voted by the end of the day")
    turnout_percent: float | None


class OrganiserChase(BaseModel):
    organiser_id: uuid.UUID | None = Field(description="Null for workers nobody holds")
    display_name: str | None
    not_voted: int


class ChaseProjection(BaseModel):
    """The ballot as it would stand if it closed now, from what the chase has recorded: those
    who say they voted as the votes cast, and those of them assessed 1 or 2 as the yes votes."""

    on_roll: int
    address_checked: int
    paper_received: int
    voted: int
    projected_yes: int = Field(description="Voted and assessed 1 (leader) or 2 (supporter)")
    turnout_percent: float | None
    rule_set: RuleSetRef | None = Field(description="Chosen by the ballot's opening date")
    thresholds: list[ThresholdCheck] = Field(
        description="Turnout and, in important public services where it applies, support"
    )
    notes: list[str]
    by_department: list[TurnoutByPlace]
    by_shift: list[TurnoutByPlace]
    daily: list[DailyTurnout] = Field(description="From the opening day to today or the close")
    organisers: list[OrganiserChase]
