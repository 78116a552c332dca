"""Request and response shapes for ballots and the verdict the ballot rules give them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import Count, Day, LongText, refuse_null
from api.core.schemas import VersionedUpdate
from api.disputes.enums import BallotKind


class BallotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: BallotKind = BallotKind.statutory
    opens_on: Day
    closes_on: Day
    entitled_to_vote: Count | None = None
    votes_cast: Count | None = Field(default=None, description="All votes cast, spoilt included")
    yes_votes: Count | None = None
    no_votes: Count | None = None
    spoilt: Count | None = None
    important_public_service: bool = False
    employer_agreed_longer_mandate: bool = False
    employer_agreed_shorter_notice: bool = False
    notes: LongText = None


class BallotUpdate(VersionedUpdate):
    kind: BallotKind | None = None
    opens_on: Day | None = None
    closes_on: Day | None = None
    entitled_to_vote: Count | None = None
    votes_cast: Count | None = None
    yes_votes: Count | None = None
    no_votes: Count | None = None
    spoilt: Count | None = None
    important_public_service: bool | None = None
    employer_agreed_longer_mandate: bool | None = None
    employer_agreed_shorter_notice: bool | None = None
    notes: LongText = None

    _required = field_validator(
        "kind",
        "opens_on",
        "closes_on",
        "important_public_service",
        "employer_agreed_longer_mandate",
        "employer_agreed_shorter_notice",
    )(refuse_null)


class RuleSetRef(BaseModel):
    id: str
    name: str
    valid_from: date
    source: str


ThresholdKey = Literal["turnout", "majority", "important_public_service_support"]


class ThresholdCheck(BaseModel):
    """One legal test the ballot must pass, with the figures behind the answer."""

    key: ThresholdKey
    description: str
    basis: str = Field(description="What the percentage is a share of")
    comparison: Literal["at_least", "more_than"]
    required_percent: float
    actual_percent: float | None
    required_votes: int | None = Field(description="The fewest votes that meet the test")
    actual_votes: int | None
    met: bool | None = Field(description="Null while the figures it needs are missing")
    margin_votes: int | None = Field(
        description="Votes above (positive) or short of (negative) the fewest that meet the test"
    )
    margin_percent: float | None = Field(
        description="Percentage points above (positive) or below (negative) the requirement"
    )


class PreBallotDuties(BaseModel):
    ballot_notice_days: int
    ballot_notice_by: date = Field(description="Last day for the notice of ballot to the employer")
    sample_paper_days: int
    sample_paper_by: date = Field(description="Last day to send the employer a sample voting paper")
    scrutineer_required: bool | None = Field(
        description="True when more than the set number are entitled to vote; null if unknown"
    )
    scrutineer_if_entitled_over: int


class BallotVerdict(BaseModel):
    """What the law (as dated data) makes of this ballot."""

    outcome: Literal["passed", "failed", "awaiting_figures", "no_rule_set"]
    statutory: bool = Field(description="False for an indicative ballot")
    gives_mandate: bool = Field(description="True only for a statutory ballot that passed")
    explanation: str
    rule_set: RuleSetRef | None = Field(description="Chosen by the ballot's opening date")
    turnout_percent: float | None = Field(
        description="Votes cast (spoilt included) as a percentage of those entitled to vote"
    )
    yes_percent_of_valid_votes: float | None = Field(
        description="Yes as a percentage of valid votes (yes + no): the base of the majority test"
    )
    yes_percent_of_votes_cast: float | None = Field(
        description="Yes as a percentage of all votes cast, spoilt papers included"
    )
    yes_percent_of_entitled: float | None = Field(
        description="Yes as a percentage of everyone entitled to vote"
    )
    thresholds: list[ThresholdCheck]
    passed: bool | None = Field(
        description="Every applicable threshold met (for an indicative ballot: would have been)"
    )
    mandate_months: int | None
    mandate_ends_on: date | None = Field(
        description="Last day of the mandate (the period begins with the closing day)"
    )
    notice_days: int | None
    earliest_action_on: date | None = Field(
        description="Earliest day action may start, if notice is given on the closing day"
    )
    pre_ballot: PreBallotDuties | None
    notes: list[str] = Field(description="Assumptions and rules that do not apply, in words")


class BallotRead(BaseModel):
    id: uuid.UUID
    dispute_id: uuid.UUID
    kind: BallotKind
    opens_on: date
    closes_on: date
    entitled_to_vote: int | None
    votes_cast: int | None
    yes_votes: int | None
    no_votes: int | None
    spoilt: int | None
    important_public_service: bool
    employer_agreed_longer_mandate: bool
    employer_agreed_shorter_notice: bool
    notes: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    verdict: BallotVerdict


class BallotBrief(BaseModel):
    id: uuid.UUID
    kind: BallotKind
    opens_on: date
    closes_on: date
    verdict: BallotVerdict
