from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from api.core.fields import refuse_true_and_false
from api.reads.enums import ReadKind


class ContactReadEntry(BaseModel):
    """One read that showed this contact's record."""

    id: uuid.UUID
    at: datetime
    actor_user_id: uuid.UUID | None = Field(description="Who (null if their account is gone)")
    actor_name: str | None
    actor_token_id: uuid.UUID | None = Field(description="The API token used, if any")
    kind: ReadKind = Field(
        description="What was read: the contact's page, history, conversations or "
        "assessments; one conversation, follow-up, dispute link or solidarity action about "
        "them; a list, duplicate check or change-feed page showing them; an export holding "
        "them; or a subject access"
    )
    row_count: int = Field(description="How many rows the read answered")
    query: dict[str, Any] = Field(
        description="For a list or export: the filters given, with searched text (and the "
        "values a duplicate check looked up) withheld"
    )


class TopReader(BaseModel):
    """One account's reads over the window."""

    user_id: uuid.UUID
    name: str
    contacts_read: int = Field(
        description="Records of people shown (pages, lists, exports), repeats counted"
    )
    reads: int = Field(description="Recorded reads")
    exports: int = Field(description="Exports among them")


class TopReaders(BaseModel):
    since: datetime
    readers: list[TopReader]


class ReadAlertSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alert_contacts_per_hour: (
        Annotated[int, Field(ge=1, le=1_000_000), BeforeValidator(refuse_true_and_false)] | None
    ) = Field(
        default=None,
        description="Email the owners when one account reads more contacts than this in an "
        "hour (at most once per account per hour); null for no alert",
    )
