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
from api.imports.schemas import ImportMention
from api.reads.schemas import ContactReadEntry
from api.solidarity.enums import ActionKind
from api.webhooks.schemas import DeliveryRead


class AuditEventRead(BaseModel):
    id: uuid.UUID
    at: datetime
    actor_user_id: uuid.UUID | None = Field(description="Who (null if their account is gone)")
    actor_name: str | None
    actor_token_id: uuid.UUID | None = Field(description="The API token used, if any")
    action: str = Field(
        description="What was done: `export`, `subject_access`, `erasure` or `retention`"
    )
    record_type: str = Field(
        description="contacts, conversations, disputes or actions; contact for a subject access"
    )
    file_format: str | None = Field(description="csv or xlsx; json, html or zip for a bundle")
    filters: dict[str, Any] = Field(
        description="The filters given, as sent; for an erasure or a retention run, the ids "
        "and the counts of what was removed (never a name)"
    )
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
    group_name: str
    requested_by: str = Field(description="Who asked for the bundle")
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
    imports: list[ImportMention] = Field(
        description="Imports whose stored report lists them or whose not-yet-run file holds "
        "their name, email or phone"
    )
    webhook_deliveries: list[DeliveryRead] = Field(
        description="Queued and logged webhook events that named their records (ids only)"
    )
    audit: list[AuditEventRead] = Field(
        description="Who requested their data, and exports of the lists that may have held "
        "them since their record was created"
    )
    reads: list[ContactReadEntry] = Field(
        description="Who read their record (pages, timelines, lists and feeds that showed "
        "them), newest first, for as long as the read audit keeps it"
    )
