"""Votes, the roll of who has taken a ballot token, and the ballot box.

The roll and the box share nothing but the vote id: the box has no group, no time, no
sequence and no author, and its id is random, so that neither the database nor its order
can tie a ballot to the person on the roll (docs/democracy.md)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.core.db import GroupOwned, GroupRecord, UTCDateTime
from api.democracy.enums import Majority, VoteMethod, VoteStatus, VoteSubject


class Vote(GroupRecord, table=True):
    __tablename__ = "votes"
    __entity_type__: ClassVar[str] = "vote"

    title: str = Field(max_length=200)
    description: str | None = Field(default=None, sa_type=Text)
    subject: VoteSubject = Field(sa_type=String(20))
    method: VoteMethod = Field(sa_type=String(30))
    options: list[str] = Field(sa_column=Column(JSON, nullable=False))
    seats: int = Field(default=1)
    secret: bool = Field(default=True)
    eligible_roles: list[str] = Field(sa_column=Column(JSON, nullable=False))
    quorum: int | None = Field(default=None)
    majority: Majority = Field(default=Majority.simple, sa_type=String(20))
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: VoteStatus = Field(default=VoteStatus.draft, sa_type=String(10), index=True)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    electorate: int | None = Field(default=None, description="Members entitled when it opened")
    public_key: str | None = Field(default=None, sa_type=Text, description="SPKI, base64")
    results: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class VoteSigningKey(SQLModel, table=True):
    """A secret ballot's private key, sealed with the instance's secret; deleted at close, so
    no token can be signed afterwards, not even by whoever holds the database."""

    __tablename__ = "vote_signing_keys"

    vote_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True)
    )
    sealed_private_key: str = Field(sa_type=Text)


class VoteRollEntry(GroupOwned, table=True):
    """Who has been given a signed ballot token (or, for an open vote, nothing: the chair
    records the show of hands)."""

    __tablename__ = "vote_roll"
    __table_args__ = (UniqueConstraint("vote_id", "user_id"),)

    vote_id: uuid.UUID = Field(foreign_key="votes.id", index=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")


class Ballot(SQLModel, table=True):
    """One ballot in the box: the unblinded token, its signature and the choice. No group,
    time, sequence or author; the id is random (uuid4, not the time-ordered keys elsewhere)."""

    __tablename__ = "ballot_box"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    vote_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("votes.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    token_hash: str = Field(sa_type=String(64), unique=True)
    token: str = Field(sa_type=Text)
    signature: str = Field(sa_type=Text)
    choice: list[str] = Field(sa_column=Column(JSON, nullable=False))
