"""The webhook outbox: deliveries written in the same transaction as the change they announce.

Told by the RecordWriter of every change as the transaction commits. A change that rolls
back takes its deliveries with it, and a committed change always has them. The group's enabled
endpoints are read once per transaction (cached on the session until it commits or rolls
back), so a bulk write costs one query, not one per record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col, select

from api.changes.types import FEED_TYPES, event_type, subscribed
from api.core.changelog import Operation
from api.core.db import new_id
from api.core.records import PendingChange, table_of
from api.webhooks.enums import DeliveryStatus
from api.webhooks.models import WebhookDelivery, WebhookEndpoint

_CACHE_KEY = "webhook_endpoints"
Subscriptions = list[tuple[uuid.UUID, list[str]]]


def _timestamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def event_body(event: str, at: datetime, group_id: uuid.UUID, data: dict[str, Any]) -> str:
    """The JSON body of an event: no record contents, so no personal data leaves the server in
    a webhook; the receiver fetches the record with its own API token if it needs it."""
    payload = {"type": event, "timestamp": _timestamp(at), "data": {**data, "group_id": group_id}}
    # Ids read back by asyncpg are its own UUID type, which orjson does not know.
    return orjson.dumps(payload, default=str).decode()


def forget_endpoints(session: AsyncSession) -> None:
    """Drop the cached endpoints after endpoints change within the transaction."""
    session.info.pop(_CACHE_KEY, None)


def _endpoints(session: Session, group_id: uuid.UUID) -> Subscriptions:
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE_KEY)
    if cached is None or cached[0] is not transaction:
        cached = (transaction, {})
        session.info[_CACHE_KEY] = cached
    by_group: dict[uuid.UUID, Subscriptions] = cached[1]
    if group_id not in by_group:
        rows = session.execute(
            select(col(WebhookEndpoint.id), col(WebhookEndpoint.event_types)).where(
                col(WebhookEndpoint.group_id) == group_id,
                col(WebhookEndpoint.enabled).is_(True),
            )
        ).all()
        by_group[group_id] = [(row[0], list(row[1])) for row in rows]
    return by_group[group_id]


def enqueue_deliveries(
    session: Session, group_id: uuid.UUID, changes: Sequence[PendingChange]
) -> Callable[[int], None] | None:
    """A change subscriber (api/core/records.py): reads the group's enabled endpoints now,
    before the group's change sequence is locked, and once the changes are numbered queues a
    delivery of each to every endpoint subscribed to its event (one INSERT for them all)."""
    announced = [change for change in changes if change.entity_type in FEED_TYPES]
    if not announced:
        return None
    endpoints = _endpoints(session, group_id)
    if not endpoints:
        return None

    def deliver(first_seq: int) -> None:
        rows: list[dict[str, Any]] = []
        for seq, change in enumerate(changes, start=first_seq):
            if change.entity_type not in FEED_TYPES:
                continue
            event = event_type(change.entity_type, change.operation)
            targets = [endpoint_id for endpoint_id, types in endpoints if subscribed(types, event)]
            if not targets:
                continue
            deleted = Operation(change.operation) is Operation.delete
            body = event_body(
                event,
                change.at,
                group_id,
                {
                    "id": change.entity_id,
                    "entity_type": change.entity_type,
                    "operation": change.operation,
                    "changed_fields": [] if deleted else list(change.fields),
                    "seq": seq,
                },
            )
            rows.extend(
                {
                    "id": new_id(),
                    "created_at": change.at,
                    "updated_at": change.at,
                    "group_id": group_id,
                    "endpoint_id": endpoint_id,
                    "event_type": event,
                    "body": body,
                    "status": DeliveryStatus.pending,
                    "is_test": False,
                    "attempts": 0,
                    "next_attempt_at": change.at,
                    "attempt_log": [],
                }
                for endpoint_id in targets
            )
        if rows:
            session.execute(insert(table_of(WebhookDelivery)), rows)

    return deliver
