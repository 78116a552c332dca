from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.contacts.schemas.assessments import AssessmentRead, Level
from api.conversations.enums import Channel
from api.core.fields import Day, LongText, PastTime, Tags, Version, VersionField, refuse_null
from api.core.schemas import RecordMeta
from api.followups.schemas import FollowUpRead, Title


class ConversationAssessment(BaseModel):
    """An assessment made in the conversation, dated and attributed like it."""

    model_config = ConfigDict(extra="forbid")

    level: Level | None = Field(description="1-5, or null for unassessed")
    reason: LongText = None


class ConversationFollowUp(BaseModel):
    """A follow-up arising from the conversation, about the same contact."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    notes: LongText = None
    due_on: Day | None = None
    assignee_id: uuid.UUID | None = Field(
        default=None, description="A group member; defaults to you"
    )


class ConversationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    occurred_at: PastTime | None = Field(default=None, description="Defaults to now")
    spoken_by: uuid.UUID | None = Field(
        default=None, description="The group member who spoke to them; defaults to you"
    )
    channel: Channel = Channel.in_person
    issues: Tags = Field(default_factory=list, description="Issues the worker raised")
    notes: LongText = None
    outcome: LongText = None
    next_step: LongText = None
    assessment: ConversationAssessment | None = Field(
        default=None, description="Also record a new assessment, in the same transaction"
    )
    follow_up: ConversationFollowUp | None = Field(
        default=None, description="Also create a follow-up, in the same transaction"
    )


class ConversationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    occurred_at: PastTime | None = None
    spoken_by: uuid.UUID | None = None
    channel: Channel | None = None
    issues: Tags | None = None
    notes: LongText = None
    outcome: LongText = None
    next_step: LongText = None
    version: Version = VersionField

    _required = field_validator("occurred_at", "spoken_by", "channel", "issues")(refuse_null)


class ConversationRead(RecordMeta):
    contact_id: uuid.UUID
    contact_name: str
    occurred_at: datetime
    spoken_by: uuid.UUID | None
    channel: Channel
    issues: list[str]
    notes: str | None
    outcome: str | None
    next_step: str | None


class ConversationCreated(ConversationRead):
    assessment: AssessmentRead | None = Field(description="The assessment made, if any")
    follow_up: FollowUpRead | None = Field(description="The follow-up created, if any")
