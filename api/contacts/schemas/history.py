"""A contact's history: assessments, conversations and edits in one timeline."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from api.conversations.enums import Channel


class HistoryKind(StrEnum):
    assessment = "assessment"
    conversation = "conversation"
    edit = "edit"


class HistoryConversation(BaseModel):
    channel: Channel
    issues: list[str]
    notes: str | None
    outcome: str | None
    next_step: str | None


class HistoryAssessment(BaseModel):
    level: int | None
    reason: str | None
    conversation_id: uuid.UUID | None


class HistoryEdit(BaseModel):
    operation: Literal["create", "update"]
    fields: list[str] = Field(description="Which fields changed (never their values)")


class HistoryEntry(BaseModel):
    kind: HistoryKind
    id: uuid.UUID = Field(description="The assessment's, conversation's or change's id")
    at: datetime
    by: uuid.UUID | None
    by_name: str | None
    assessment: HistoryAssessment | None = None
    conversation: HistoryConversation | None = None
    edit: HistoryEdit | None = None
