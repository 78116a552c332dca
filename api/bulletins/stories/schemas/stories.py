"""Request and response shapes for stories."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.bulletins.stories.enums import StoryStatus
from api.core.fields import NOT_BLANK, LongText, clean_text, optional_text, refuse_null, unique_ids
from api.core.pagination import Page
from api.core.schemas import RecordMeta, VersionedUpdate

MAX_WORKPLACES = 50
Headline = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)]
WorkplaceIds = Annotated[
    list[uuid.UUID],
    Field(max_length=MAX_WORKPLACES, description="The group's workplaces the story concerns"),
]
SOURCE_NOTES = (
    "Who gave the story and how to reach them. Never printed and never in the change feed; "
    "read only by those who edit bulletins and by the person who proposed the story"
)


class StoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    headline: Headline = Field(examples=["Canteen closed on nights again"])
    body: LongText = Field(default=None, description="The draft, in Markdown")
    status: StoryStatus = Field(
        default=StoryStatus.idea,
        description="Only those who edit bulletins may start a story past `idea`",
    )
    assignee_id: uuid.UUID | None = Field(
        default=None, description="The member writing it (only those who edit bulletins assign)"
    )
    dispute_id: uuid.UUID | None = Field(default=None, description="One of the group's disputes")
    workplace_ids: WorkplaceIds = Field(default_factory=list)
    source_notes: LongText = Field(default=None, description=SOURCE_NOTES)

    _headline = field_validator("headline")(clean_text)
    _workplaces = field_validator("workplace_ids")(unique_ids)


class StoryUpdate(VersionedUpdate):
    headline: Headline | None = None
    body: LongText = None
    status: StoryStatus | None = Field(
        default=None,
        description="Those who edit bulletins set any status; the assignee may mark their "
        "story drafted (or back to assigned)",
    )
    assignee_id: uuid.UUID | None = Field(
        default=None, description="Only those who edit bulletins assign; null for nobody"
    )
    dispute_id: uuid.UUID | None = None
    workplace_ids: WorkplaceIds | None = Field(
        default=None, description="Replaces the workplaces with exactly these"
    )
    source_notes: LongText = Field(default=None, description=SOURCE_NOTES)

    _headline = field_validator("headline")(optional_text)
    _workplaces = field_validator("workplace_ids")(unique_ids)
    _required = field_validator("headline", "status", "workplace_ids")(refuse_null)


class StoryFromConversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    headline: Headline | None = Field(
        default=None,
        description="Defaults to the first issue the worker raised; needed if they raised none",
    )

    _headline = field_validator("headline")(optional_text)


class StoryRead(RecordMeta):
    headline: str
    body: str | None
    status: StoryStatus
    assignee_id: uuid.UUID | None
    dispute_id: uuid.UUID | None
    conversation_id: uuid.UUID | None = Field(description="The conversation it was started from")
    workplace_ids: list[uuid.UUID]
    is_tip: bool = Field(description="Sent through the group's anonymous tip page")
    has_source_notes: bool
    source_notes: str | None = Field(
        description=f"{SOURCE_NOTES}; null for anyone else (see has_source_notes)"
    )


class StoryPage(Page[StoryRead]):
    pass
