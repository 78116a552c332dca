from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field, field_validator
from pydantic_core import PydanticCustomError

from api.core.db import utcnow
from api.core.fields import Day, LongText, Version, VersionField, refuse_null
from api.core.schemas import RecordMeta


def _clean_title(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError("not_blank", "Enter a title")
    return value


Title = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_clean_title)]


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title = Field(examples=["Talk to Sam again after payday"])
    notes: LongText = None
    assignee_id: uuid.UUID | None = Field(
        default=None, description="A group member; defaults to you, null for nobody"
    )
    due_on: Day | None = None
    contact_id: uuid.UUID | None = Field(default=None, description="The contact it is about")
    allow_past_due: bool = Field(
        default=False, description="Set to accept a due_on before today (refused otherwise)"
    )


class FollowUpUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    notes: LongText = None
    assignee_id: uuid.UUID | None = None
    due_on: Day | None = None
    contact_id: uuid.UUID | None = None
    done: bool | None = Field(
        default=None, description="Mark done (records who and when) or undone"
    )
    allow_past_due: bool = Field(
        default=False, description="Set to move due_on to a day before today (refused otherwise)"
    )
    version: Version = VersionField

    _required = field_validator("title", "done")(refuse_null)


class FollowUpRead(RecordMeta):
    title: str
    notes: str | None
    assignee_id: uuid.UUID | None
    due_on: date | None
    contact_id: uuid.UUID | None
    contact_name: str | None = Field(description="The contact's name, if there is one")
    conversation_id: uuid.UUID | None = Field(description="The conversation it came from")
    done_at: datetime | None
    done_by: uuid.UUID | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def done(self) -> bool:
        return self.done_at is not None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overdue(self) -> bool:
        """Not done and due before today (UTC)."""
        return self.done_at is None and self.due_on is not None and self.due_on < utcnow().date()
