from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.contacts.schemas.assessments import AssessmentRead
from api.contacts.schemas.contacts import ContactRead
from api.contacts.schemas.history import HistoryEntry
from api.conversations.schemas import ConversationRead
from api.disputes.schemas.people import DisputeContactRead
from api.followups.schemas import FollowUpRead
from api.solidarity.enums import ActionKind


class AuditEventRead(BaseModel):
    id: uuid.UUID
    at: datetime
    actor_user_id: uuid.UUID | None = Field(description="Who (null if their account is gone)")
    actor_name: str | None
    actor_token_id: uuid.UUID | None = Field(description="The API token used, if any")
    action: str = Field(description="What was done: `export` or `subject_access`")
    record_type: str = Field(
        description="contacts, conversations, disputes or actions; contact for a subject access"
    )
    file_format: str | None = Field(description="csv or xlsx")
    filters: dict[str, Any] = Field(description="The filters given, as sent")
    row_count: int = Field(description="How many records the file held")


class SubjectAccessAction(BaseModel):
    """A solidarity action the person took part in (the other participants are not named)."""

    id: uuid.UUID
    title: str
    kind: ActionKind
    occurs_at: datetime


class SubjectAccessBundle(BaseModel):
    """Everything the group holds about one person, as the app shows it."""

    generated_at: datetime
    contact: ContactRead
    assessments: list[AssessmentRead]
    conversations: list[ConversationRead]
    follow_ups: list[FollowUpRead]
    disputes: list[DisputeContactRead] = Field(description="The disputes they are linked to")
    solidarity_actions: list[SubjectAccessAction]
    history: list[HistoryEntry] = Field(
        description="Every assessment, conversation and edit of their record, newest first, "
        "with who made it"
    )
