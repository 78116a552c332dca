"""Webhook endpoints: registration (with SSRF checks), edits, the delivery log, test events and
the notices the group gets when the server disables an endpoint."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import httpx
import orjson
from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement
from sqlmodel import col, select

from api.auth.models import User
from api.changes.types import TEST_EVENT
from api.core.config import Settings
from api.core.context import GroupContext
from api.core.db import new_id, utcnow
from api.core.errors import NotFound
from api.core.fields import PYTHON_WHITESPACE
from api.core.mail import Recipient
from api.core.messages import first_language
from api.core.pagination import SortKey, keyset_page
from api.core.permissions import Role
from api.core.queries import columns_for, page_of
from api.core.records import Actor, RecordWriter
from api.core.references import invalid
from api.core.sealing import SecretBox, SecretUnreadable
from api.core.tenancy import get_scoped, scoped_select
from api.core.tenants import Group, Membership
from api.core.versioning import ExpectedVersion, delete_checked, expected_version, update_checked
from api.webhooks.enums import DeliveryStatus
from api.webhooks.models import GroupNotification, WebhookDelivery, WebhookEndpoint
from api.webhooks.network import (
    LOOPBACK_NAMES,
    Resolver,
    UnsafeTarget,
    is_loopback,
    vetted_addresses,
)
from api.webhooks.outbox import event_body, forget_endpoints
from api.webhooks.schemas import (
    DeliveryRead,
    NotificationRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from api.webhooks.sender import Outcome, http_client, post_event
from api.webhooks.signing import new_secret, webhook_secret_box

WEBHOOK_DISABLED = "webhook_disabled"
UNREADABLE_KEY_NOTE = (
    "The signing secret cannot be read (was SECRET_KEY changed?): rotate the endpoint's secret"
)
# Queue rows carry group_id but are not versioned records; reads still go through the one
# group-scoping helper.


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
    detail = "Webhook endpoint not found"


# The code of a refused address: whether a name resolves to a public address is decided at
# the time of the request, so clients (and the schema tests) can tell it from a malformed URL.
TARGET_REFUSED = "webhook_target_refused"


def present_webhook(record: WebhookEndpoint) -> WebhookRead:
    return WebhookRead.model_validate(record, from_attributes=True)


def secret_box(settings: Settings) -> SecretBox:
    return webhook_secret_box(settings.secret_key)


REFUSED_TARGET = "webhooks go only to public https:// addresses"


def _either_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_H16 = "[0-9A-Fa-f]{1,4}"
_LS32 = f"(?:{_H16}:{_H16}|{_IPV4})"
# RFC 3986's IPv6address, which is what the server's parser takes inside brackets.
_IPV6 = "|".join(
    [
        f"(?:{_H16}:){{6}}{_LS32}",
        f"::(?:{_H16}:){{5}}{_LS32}",
        f"(?:{_H16})?::(?:{_H16}:){{4}}{_LS32}",
        f"(?:(?:{_H16}:){{0,1}}{_H16})?::(?:{_H16}:){{3}}{_LS32}",
        f"(?:(?:{_H16}:){{0,2}}{_H16})?::(?:{_H16}:){{2}}{_LS32}",
        f"(?:(?:{_H16}:){{0,3}}{_H16})?::{_H16}:{_LS32}",
        f"(?:(?:{_H16}:){{0,4}}{_H16})?::{_LS32}",
        f"(?:(?:{_H16}:){{0,5}}{_H16})?::{_H16}",
        f"(?:(?:{_H16}:){{0,6}}{_H16})?::",
    ]
)
# A DNS label: letters, digits and inner hyphens, at most 63 characters; not an `xn--` label,
# whose punycode the parser would have to decode.
_LABEL = r"(?![Xx][Nn]--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_END = "(?=[:/?]|$)"
# Four labels of digits are read as an IPv4 address, so they must be one.
_NAME = rf"(?![0-9]+\.[0-9]+\.[0-9]+\.[0-9]+{_HOST_END})(?:{_LABEL}\.)*{_LABEL}\.?"
_NOT_LOOPBACK_NAME = "(?!(?:{}){}{})".format(
    "|".join(_either_case(name) for name in sorted(LOOPBACK_NAMES)), r"\.*", _HOST_END
)
# After the host: a path or query of printable characters (others are percent-encoded) and
# no fragment. Spaces around the address are dropped.
_REST = r"(?:[/?][^#\x00-\x20\x7f]*)?"
_SPACE = f"[{PYTHON_WHITESPACE}]*"
_ANY_PORT = r"0*(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"


def url_pattern(settings: Settings) -> str:
    """The addresses `check_url` takes before it resolves the host, as a regular expression
    for the API document. Whether the host resolves to public addresses is decided when the
    request is made (`webhook_target_refused`)."""
    if settings.webhooks_allow_localhost:
        # Development: http:// too, any port; http:// to a host that is not loopback is still
        # refused once it is resolved.
        return rf"^{_SPACE}https?://(?:\[(?:{_IPV6})\]|{_IPV4}|{_NAME})(?::{_ANY_PORT})?{_REST}{_SPACE}$"
    ports = "|".join(str(port) for port in settings.webhook_ports)
    port = f":0*(?:{ports})"
    # Without a port the address uses 443, which must then be allowed.
    port = f"(?:{port})?" if 443 in settings.webhook_ports else port
    host = rf"(?:\[(?:{_IPV6})\]|{_IPV4}|{_NOT_LOOPBACK_NAME}{_NAME})"
    return f"^{_SPACE}https://{host}{port}{_REST}{_SPACE}$"


async def check_url(url: str, settings: Settings, resolver: Resolver) -> str:
    """The URL, if webhooks may be sent there: https to a host whose every address is public.
    With `webhooks_allow_localhost`, http:// and loopback hosts are allowed too."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError):
        raise invalid("url", "url is not a valid address") from None
    host = parsed.host
    if parsed.scheme not in {"https", "http"} or not host:
        raise invalid("url", "url must be an https:// address")
    if parsed.userinfo:
        raise invalid("url", "url must not contain a user name or password")
    if parsed.fragment:
        raise invalid("url", "url must not contain a #fragment")
    allow_loopback = settings.webhooks_allow_localhost
    if parsed.scheme == "http" and not allow_loopback:
        raise invalid("url", "url must be an https:// address")
    if host.lower().rstrip(".") in LOOPBACK_NAMES and not allow_loopback:
        raise invalid("url", "url points at this server (localhost), which is not allowed")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if port not in settings.webhook_ports and not allow_loopback:
        allowed = " or ".join(str(allowed) for allowed in settings.webhook_ports)
        raise invalid("url", f"url must use port {allowed}")
    try:
        addresses = await vetted_addresses(host, port, resolver, allow_loopback=allow_loopback)
    except UnsafeTarget:
        # Which names resolve, and to what, is the server's network: never told back.
        raise invalid("url", f"url is refused: {REFUSED_TARGET}", code=TARGET_REFUSED) from None
    if parsed.scheme == "http" and not all(is_loopback(address) for address in addresses):
        raise invalid("url", "url must be an https:// address (http only for localhost)")
    return str(parsed)


async def get_webhook(
    session: AsyncSession, ctx: GroupContext, webhook_id: uuid.UUID, *, for_update: bool = False
) -> WebhookEndpoint:
    return await get_scoped(
        session, ctx, WebhookEndpoint, webhook_id, WebhookNotFound, for_update=for_update
    )


async def create_webhook(
    session: AsyncSession,
    ctx: GroupContext,
    data: WebhookCreate,
    settings: Settings,
    resolver: Resolver,
) -> WebhookCreated:
    url = await check_url(data.url, settings, resolver)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        event_types=data.event_types,
        description=data.description,
        enabled=data.enabled,
        secret_encrypted="",
    )
    endpoint.secret_encrypted = secret_box(settings).seal(secret, endpoint.id)
    endpoint = await RecordWriter.for_context(session, ctx).create(endpoint)
    forget_endpoints(session)
    return WebhookCreated(**present_webhook(endpoint).model_dump(), secret=secret)


async def list_webhooks(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[WebhookRead], str | None]:
    statement = scoped_select(ctx, WebhookEndpoint, *columns_for(WebhookEndpoint, WebhookRead))
    keys = [SortKey(col(WebhookEndpoint.id), uuid.UUID)]
    return await page_of(session, statement, keys, WebhookRead, limit=limit, cursor=cursor)


async def cancel_pending(session: AsyncSession, endpoint_id: uuid.UUID, now: datetime) -> None:
    """Deliveries not yet made to an endpoint that was just disabled are dropped."""
    await session.execute(
        update(WebhookDelivery)
        .where(
            col(WebhookDelivery.endpoint_id) == endpoint_id,
            col(WebhookDelivery.status) == DeliveryStatus.pending,
        )
        .values(
            status=DeliveryStatus.cancelled,
            next_attempt_at=None,
            finished_at=now,
            last_note="Cancelled: the endpoint was disabled",
        )
    )


async def update_webhook(
    session: AsyncSession,
    ctx: GroupContext,
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
    if_match: str | None,
    settings: Settings,
    resolver: Resolver,
) -> WebhookRead:
    record = await get_webhook(session, ctx, webhook_id)
    expected = expected_version(data.version, if_match)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"version"})
    if "url" in changes:
        changes["url"] = await check_url(changes["url"], settings, resolver)
    was_enabled = record.enabled
    if changes.get("enabled") is True and not was_enabled:
        changes.update(disabled_reason=None, disabled_at=None)
    writer = RecordWriter.for_context(session, ctx)
    record = await update_checked(writer, record, changes, expected, present_webhook)
    if was_enabled and not record.enabled:
        await cancel_pending(session, record.id, utcnow())
    forget_endpoints(session)
    return present_webhook(record)


async def delete_webhook(
    session: AsyncSession,
    ctx: GroupContext,
    webhook_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    record = await get_webhook(session, ctx, webhook_id)
    await delete_checked(RecordWriter.for_context(session, ctx), record, expected, present_webhook)
    forget_endpoints(session)


async def rotate_secret(
    session: AsyncSession, ctx: GroupContext, webhook_id: uuid.UUID, settings: Settings
) -> WebhookCreated:
    record = await get_webhook(session, ctx, webhook_id, for_update=True)
    secret = new_secret()
    sealed = secret_box(settings).seal(secret, record.id)
    record = await RecordWriter.for_context(session, ctx).update(
        record, {"secret_encrypted": sealed}
    )
    return WebhookCreated(**present_webhook(record).model_dump(), secret=secret)


# --- the delivery log ----------------------------------------------------------------------

_DELIVERY_FIELDS = [
    "id",
    "event_type",
    "status",
    "is_test",
    "attempts",
    "created_at",
    "next_attempt_at",
    "last_attempt_at",
    "last_status_code",
    "last_note",
    "finished_at",
    "attempt_log",
    "body",
]
_DELIVERY_COLUMNS = [getattr(WebhookDelivery, name).label(name) for name in _DELIVERY_FIELDS]


def present_delivery(values: Any) -> DeliveryRead:
    fields = {name: values[name] for name in DeliveryRead.model_fields if name not in {"payload"}}
    return DeliveryRead.model_validate({**fields, "payload": orjson.loads(values["body"])})


async def list_deliveries(
    session: AsyncSession,
    ctx: GroupContext,
    webhook_id: uuid.UUID,
    *,
    statuses: list[DeliveryStatus] | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DeliveryRead], str | None]:
    await get_webhook(session, ctx, webhook_id)
    statement = scoped_select(ctx, WebhookDelivery, *_DELIVERY_COLUMNS).where(
        col(WebhookDelivery.endpoint_id) == webhook_id
    )
    if statuses:
        statement = statement.where(col(WebhookDelivery.status).in_([s.value for s in statuses]))
    keys = [SortKey(col(WebhookDelivery.id), uuid.UUID, descending=True)]
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [present_delivery(row._mapping) for row in rows], next_cursor


def _mentioning(ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
    body = col(WebhookDelivery.body)
    return or_(*(body.contains(str(record_id), autoescape=True) for record_id in ids))


async def deliveries_mentioning(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> list[DeliveryRead]:
    """The group's queued and logged deliveries whose event named one of these records,
    oldest first (for a subject access bundle)."""
    if not ids:
        return []
    statement = (
        scoped_select(ctx, WebhookDelivery, *_DELIVERY_COLUMNS)
        .where(_mentioning(ids))
        .order_by(col(WebhookDelivery.id))
    )
    return [present_delivery(row._mapping) for row in (await session.execute(statement)).all()]


async def forget_deliveries_mentioning(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> int:
    """Erasure: queued and logged deliveries that named these records are deleted (their
    bodies hold only ids, but the log of who was changed when is itself about the person).
    Returns how many."""
    if not ids:
        return 0
    doomed = scoped_select(ctx, WebhookDelivery, col(WebhookDelivery.id)).where(_mentioning(ids))
    result = await session.execute(
        delete(WebhookDelivery)
        .where(col(WebhookDelivery.id).in_(doomed))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def record_attempt(delivery: WebhookDelivery, outcome: Outcome, now: datetime) -> None:
    """Write an attempt's outcome onto the delivery (status and retry are the caller's)."""
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_note = outcome.note
    delivery.attempt_log = [
        *delivery.attempt_log,
        {
            "at": now.isoformat(),
            "status_code": outcome.status_code,
            "note": outcome.note,
            "duration_ms": outcome.duration_ms,
        },
    ]


async def send_test(
    session: AsyncSession,
    ctx: GroupContext,
    webhook_id: uuid.UUID,
    settings: Settings,
    resolver: Resolver,
) -> DeliveryRead:
    """Send a `webhook.test` event now (even to a disabled endpoint) and log the result. Sent
    once, never retried, and not counted towards disabling the endpoint."""
    endpoint = await get_webhook(session, ctx, webhook_id)
    now = utcnow()
    delivery = WebhookDelivery(
        id=new_id(),
        group_id=ctx.group_id,
        endpoint_id=endpoint.id,
        event_type=TEST_EVENT,
        body=event_body(
            TEST_EVENT,
            now,
            ctx.group_id,
            {"endpoint_id": endpoint.id, "message": "A test event from Shopfloor"},
        ),
        is_test=True,
    )
    try:
        secret = secret_box(settings).open(endpoint.secret_encrypted, endpoint.id)
    except SecretUnreadable:
        outcome = Outcome(None, UNREADABLE_KEY_NOTE, 0)
    else:
        # The request is made before anything is written, so no lock is held meanwhile.
        async with http_client(settings, resolver) as client:
            outcome = await post_event(
                client, endpoint.url, secret, str(delivery.id), delivery.body
            )
    record_attempt(delivery, outcome, now)
    delivery.status = DeliveryStatus.succeeded if outcome.ok else DeliveryStatus.failed
    delivery.finished_at = now
    session.add(delivery)
    await session.flush()
    return present_delivery({name: getattr(delivery, name) for name in _DELIVERY_FIELDS})


# --- disabling and notices -----------------------------------------------------------------


async def disable_endpoint(
    session: AsyncSession, endpoint_id: uuid.UUID, reason: str, now: datetime
) -> WebhookEndpoint | None:
    """Disable an endpoint on the server's own account (410, or too many failures), drop its
    queued deliveries and leave a notice for the group. None if it was already disabled.
    Not group-scoped: the delivery worker acts for every group."""
    endpoint = (
        (
            await session.execute(
                select(WebhookEndpoint)
                .where(col(WebhookEndpoint.id) == endpoint_id)
                .with_for_update()
            )
        )
        .scalars()
        .first()
    )
    if endpoint is None or not endpoint.enabled:
        return None
    writer = RecordWriter(session, endpoint.group_id, Actor(user_id=None))
    endpoint = await writer.update(
        endpoint, {"enabled": False, "disabled_reason": reason[:300], "disabled_at": now}
    )
    await cancel_pending(session, endpoint.id, now)
    session.add(
        GroupNotification(
            group_id=endpoint.group_id,
            kind=WEBHOOK_DISABLED,
            subject_id=endpoint.id,
            message=f"The webhook endpoint {endpoint.url} was disabled: {reason}"[:500],
            created_at=now,
            updated_at=now,
        )
    )
    forget_endpoints(session)
    return endpoint


async def owners_to_tell(session: AsyncSession, group_id: uuid.UUID) -> tuple[str, list[Recipient]]:
    """The group's name and its owners, each with the language to write to them in."""
    name, default_language = (
        await session.execute(
            select(col(Group.name), col(Group.default_language)).where(col(Group.id) == group_id)
        )
    ).one()
    rows = (
        await session.execute(
            select(col(User.email), col(User.language))
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(
                col(Membership.group_id) == group_id,
                col(Membership.role) == Role.owner,
                col(User.is_active).is_(True),
            )
            .order_by(col(User.email))
        )
    ).all()
    return name, [
        Recipient(email, first_language(language, default_language)) for email, language in rows
    ]


async def list_notifications(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[NotificationRead], str | None]:
    statement = scoped_select(
        ctx, GroupNotification, *columns_for(GroupNotification, NotificationRead)
    )
    keys = [SortKey(col(GroupNotification.id), uuid.UUID, descending=True)]
    return await page_of(session, statement, keys, NotificationRead, limit=limit, cursor=cursor)
