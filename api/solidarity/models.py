from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import Numeric, String, Text, UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupRecord, UTCDateTime
from api.solidarity.enums import ActionKind


class SolidarityAction(GroupRecord, table=True):
    __tablename__ = "solidarity_actions"
    __entity_type__: ClassVar[str] = "solidarity_action"

    kind: ActionKind = Field(sa_type=String(20), index=True)
    title: str = Field(max_length=200)
    occurs_at: datetime = Field(sa_type=UTCDateTime, index=True)
    place: str | None = Field(default=None, max_length=300)
    dispute_id: uuid.UUID | None = Field(
        default=None, foreign_key="disputes.id", index=True, ondelete="SET NULL"
    )
    outside_dispute: str | None = Field(
        default=None, max_length=500, description="Someone else's dispute, described in words"
    )
    head_count: int | None = Field(default=None)
    money_raised: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    outcome: str | None = Field(default=None, sa_type=Text)
    notes: str | None = Field(default=None, sa_type=Text)


class SolidarityParticipant(GroupRecord, table=True):
    __tablename__ = "solidarity_participants"
    __table_args__ = (UniqueConstraint("action_id", "contact_id"),)
    __entity_type__: ClassVar[str] = "solidarity_participant"
    # Shown as the action's `participant_ids`: losing a link changes the action.
    __link_of__: ClassVar[tuple[str, str]] = ("action_id", "participant_ids")

    action_id: uuid.UUID = Field(
        foreign_key="solidarity_actions.id", index=True, ondelete="CASCADE"
    )
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
