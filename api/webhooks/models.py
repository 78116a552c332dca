from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index, String, Text
from sqlmodel import Field

from api.core.db import GroupOwned, GroupRecord, UTCDateTime
from api.webhooks.enums import DeliveryStatus


class WebhookEndpoint(GroupRecord, table=True):
    """Where a group's events are POSTed. Written through the RecordWriter like any record
    (an internal type: it never appears in the change feed or in webhook events)."""

    __tablename__ = "webhook_endpoints"
    __entity_type__: ClassVar[str] = "webhook_endpoint"

    url: str = Field(max_length=2000)
    description: str | None = Field(default=None, max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    enabled: bool = Field(default=True)
    # The signing secret, encrypted with a key derived from SECRET_KEY (api/webhooks/signing.py).
    secret_encrypted: str = Field(max_length=200)
    disabled_reason: str | None = Field(default=None, max_length=300)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookDelivery(GroupOwned, table=True):
    """One event for one endpoint: the outbox row written in the transaction that made the
    change, then the worker's attempts at it. Queue bookkeeping, not a group record."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_log", "endpoint_id", "id"),
    )

    endpoint_id: uuid.UUID = Field(foreign_key="webhook_endpoints.id", ondelete="CASCADE")
    event_type: str = Field(max_length=60)
    body: str = Field(sa_type=Text, description="The exact JSON sent (ids and field names only)")
    status: DeliveryStatus = Field(default=DeliveryStatus.pending, sa_type=String(12))
    is_test: bool = Field(default=False)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_code: int | None = Field(default=None)
    last_note: str | None = Field(default=None, max_length=300)
    attempt_log: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class GroupNotification(GroupOwned, table=True):
    """Something the group's organisers should know, e.g. that an endpoint was disabled."""

    __tablename__ = "group_notifications"

    kind: str = Field(max_length=40)
    subject_id: uuid.UUID | None = Field(default=None)
    message: str = Field(max_length=500)
