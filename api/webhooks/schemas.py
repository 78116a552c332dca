from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.changes.types import FEED_TYPES, all_event_types, event_type_pattern
from api.core.fields import Text500, Version, VersionField, refuse_null
from api.core.schemas import RecordMeta
from api.webhooks.enums import DeliveryStatus

Url = Annotated[str, Field(min_length=1, max_length=2000, examples=["https://example.org/hooks"])]
EVENT_TYPES_HELP = (
    "Events to receive: `*` for all, `contact.*` for every event of a type, or exact names "
    "such as `contact.created`, `dispute.updated`, `shift.deleted`"
)
EventTypes = Annotated[
    # The pattern is for the document; `_known_event_types` enforces it with a message that
    # names the unknown type.
    list[Annotated[str, Field(max_length=60, json_schema_extra={"pattern": event_type_pattern()})]],
    Field(min_length=1, max_length=100, description=EVENT_TYPES_HELP, examples=[["contact.*"]]),
]


def _known_event_types(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    known = set(all_event_types())
    cleaned: list[str] = []
    for value in values:
        name = value.strip()
        if not (name == "*" or name in known or (name.endswith(".*") and name[:-2] in FEED_TYPES)):
            raise PydanticCustomError(
                "unknown_event_type",
                "Unknown event type “{event_type}”: use *, <type>.* or <type>.created, .updated"
                " or .deleted, with a type from: {types}",
                {"event_type": name, "types": ", ".join(FEED_TYPES)},
            )
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url = Field(
        description="An https:// address that answers 2xx to a POST: no user name, password or "
        "#fragment, a port the server allows (443 or 8443 unless configured), and a host that "
        "resolves only to public addresses (else 422 `webhook_target_refused`)"
    )
    event_types: EventTypes
    description: Text500 = None
    enabled: bool = True

    _events = field_validator("event_types")(_known_event_types)


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    event_types: EventTypes | None = None
    description: Text500 = None
    enabled: bool | None = Field(
        default=None, description="Re-enabling clears the reason it was disabled"
    )
    version: Version = VersionField

    _events = field_validator("event_types")(_known_event_types)

    _required = field_validator("url", "enabled")(refuse_null)


class WebhookRead(RecordMeta):
    url: str
    event_types: list[str]
    description: str | None
    enabled: bool
    disabled_reason: str | None = Field(description="Why the server disabled it, if it did")
    disabled_at: datetime | None


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="The signing secret (`whsec_...`). Shown only now: store it with the receiver"
    )


class DeliveryAttempt(BaseModel):
    at: datetime
    status_code: int | None = Field(description="The HTTP status answered, if any")
    note: str = Field(description="What happened (the response body is never stored)")
    duration_ms: int


class DeliveryRead(BaseModel):
    id: uuid.UUID = Field(description="Also the `webhook-id` header: the same on every retry")
    event_type: str
    status: DeliveryStatus
    is_test: bool
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None = Field(description="When the next retry is due")
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_note: str | None
    finished_at: datetime | None
    attempt_log: list[DeliveryAttempt]
    payload: dict[str, Any] = Field(description="The event as sent")


class NotificationRead(BaseModel):
    id: uuid.UUID
    kind: str = Field(examples=["webhook_disabled"])
    subject_id: uuid.UUID | None = Field(description="E.g. the webhook endpoint it is about")
    message: str
    created_at: datetime
