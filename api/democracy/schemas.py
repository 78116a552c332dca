"""Request and response shapes for votes and ballots."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.core.fields import Count, LongText, Moment, clean_name, refuse_null
from api.core.pagination import Page
from api.core.permissions import Role
from api.core.schemas import RecordMeta, VersionedUpdate
from api.democracy.enums import Majority, VoteMethod, VoteStatus, VoteSubject

OptionName = Annotated[str, Field(min_length=1, max_length=200)]
Base64Text = Annotated[str, Field(min_length=1, max_length=1024, pattern=r"^[A-Za-z0-9+/_=-]+$")]
VOTING_ROLES = [Role.owner, Role.organiser, Role.member]


class VoteCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "Motion: join the picket rota",
                    "subject": "motion",
                    "method": "for_against_abstain",
                },
                {
                    "title": "Election: department rep for nights",
                    "subject": "election",
                    "method": "ranked",
                    "options": ["Aga Nowak", "Bo Adeyemi", "Cy Lungu"],
                    "seats": 1,
                },
            ]
        },
    )

    title: str = Field(min_length=1, max_length=200, examples=["Motion: join the picket rota"])
    description: LongText = None
    subject: VoteSubject
    method: VoteMethod
    options: list[OptionName] = Field(
        default_factory=list,
        max_length=50,
        description="The choices (none for for/against/abstain, which has its own)",
    )
    seats: int = Field(
        default=1,
        ge=1,
        le=49,
        description="Seats to fill (ranked choice; fewer than its 50 options at most)",
    )
    secret: bool = Field(default=True, description="A secret ballot online, else a show of hands")
    eligible_roles: list[Role] = Field(
        default_factory=lambda: list(VOTING_ROLES), min_length=1, max_length=4
    )
    quorum: Count | None = Field(default=None, description="Ballots needed for a valid result")
    majority: Majority = Majority.simple
    closes_at: Moment | None = Field(default=None, description="No ballots after this time")

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, values: list[str]) -> list[str]:
        return cls.distinct_options(values)

    @staticmethod
    def distinct_options(values: list[str]) -> list[str]:
        cleaned = [clean_name(value) for value in values]
        if len({value.casefold() for value in cleaned}) != len(cleaned):
            raise PydanticCustomError("duplicate_option", "Each option must be different")
        return cleaned


class VoteUpdate(VersionedUpdate):
    """A draft's fields; the vote as it will stand obeys the same rules as a new one."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: LongText = None
    subject: VoteSubject | None = None
    method: VoteMethod | None = None
    options: list[OptionName] | None = Field(
        default=None,
        max_length=50,
        description="Replaces the choices (none for for/against/abstain, which has its own)",
    )
    seats: int | None = Field(default=None, ge=1, le=49)
    secret: bool | None = None
    eligible_roles: list[Role] | None = Field(default=None, min_length=1, max_length=4)
    quorum: Count | None = None
    majority: Majority | None = None
    closes_at: Moment | None = None

    _distinct = field_validator("options")(
        lambda values: None if values is None else VoteCreate.distinct_options(values)
    )
    _required = field_validator(
        "title", "subject", "method", "options", "seats", "secret", "eligible_roles", "majority"
    )(refuse_null)


class VoteRead(RecordMeta):
    title: str
    description: str | None
    subject: VoteSubject
    method: VoteMethod
    options: list[str]
    seats: int
    secret: bool
    eligible_roles: list[Role]
    quorum: int | None
    majority: Majority
    closes_at: datetime | None
    status: VoteStatus
    opened_at: datetime | None
    closed_at: datetime | None
    electorate: int | None
    public_key: str | None = Field(
        description="A secret ballot's RSA public key from its opening (SPKI, base64), for "
        "RFC 9474 RSABSSA-SHA384-PSS-Randomized"
    )
    results: dict[str, Any] | None = Field(description="Published at close")
    may_vote: bool = Field(description="The caller may take a ballot token now")
    on_roll: bool = Field(description="The caller has taken this vote's ballot token")


class VotePage(Page[VoteRead]):
    pass


class HandsCount(BaseModel):
    """A show of hands, as the chair counted it."""

    model_config = ConfigDict(extra="forbid")

    tallies: dict[OptionName, Count] = Field(max_length=50)


class SignatureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    blinded_message: Base64Text = Field(description="RFC 9474 blinded message, base64")


class SignatureRead(BaseModel):
    blind_signature: str = Field(description="RSASP1 of the blinded message, base64")


class BallotPaper(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Base64Text = Field(description="The prepared (unblinded) token, base64")
    signature: Base64Text = Field(description="The unblinded RSA-PSS signature, base64")
    choice: list[OptionName] = Field(
        min_length=1, max_length=50, description="The option chosen, or options ranked"
    )


class BallotReceipt(BaseModel):
    vote_id: uuid.UUID
    receipt: str = Field(description="SHA-256 of the token, hex: find it in the published list")


class PublishedBallot(BaseModel):
    receipt: str
    token: str
    signature: str
    choice: list[str]


class PublishedBallots(BaseModel):
    """Every ballot in the box once the vote has closed, in receipt order, with the public
    key that signed them: enough for anyone to check each signature and recount."""

    public_key: str | None
    ballots: list[PublishedBallot]
