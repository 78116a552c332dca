from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.webhooks import service
from api.webhooks.enums import DeliveryStatus
from api.webhooks.network import Resolver
from api.webhooks.schemas import (
    DeliveryRead,
    NotificationRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from api.webhooks.worker import resolver_of

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Manager = Annotated[GroupContext, require(Permission.webhooks_manage, Scope.webhooks_manage)]
WEBHOOK = "/webhooks/{webhook_id}"
READ_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)


def get_resolver(request: Request) -> Resolver:
    return resolver_of(request.app.state)


@router.post(
    "/webhooks",
    status_code=status.HTTP_201_CREATED,
    tags=["webhooks"],
    operation_id="create_webhook",
    responses=READ_ERRORS,
)
async def create_webhook(
    data: WebhookCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Manager,
) -> WebhookCreated:
    """Register an endpoint for the events named (organisers and owners). The answer holds the
    signing secret, shown this once. The address must be https:// and every address its host
    resolves to must be public (no loopback, private, link-local or other internal networks).
    No Idempotency-Key: a stored answer would keep the secret in clear."""
    return await service.create_webhook(session, ctx, data, settings, get_resolver(request))


@router.get("/webhooks", tags=["webhooks"], operation_id="list_webhooks", responses=READ_ERRORS)
async def list_webhooks(
    session: SessionDep,
    ctx: Manager,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[WebhookRead]:
    """The group's webhook endpoints, oldest first, with why any was disabled."""
    items, next_cursor = await service.list_webhooks(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.get(WEBHOOK, tags=["webhooks"], operation_id="get_webhook", responses=READ_ERRORS)
async def get_webhook(
    webhook_id: uuid.UUID, response: Response, session: SessionDep, ctx: Manager
) -> WebhookRead:
    """One endpoint; the ETag header carries its version."""
    record = await service.get_webhook(session, ctx, webhook_id)
    set_etag(response, record.version)
    return service.present_webhook(record)


@router.patch(WEBHOOK, tags=["webhooks"], operation_id="update_webhook", responses=UPDATE_ERRORS)
async def update_webhook(
    webhook_id: uuid.UUID,
    data: WebhookUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Manager,
    if_match: IfMatchHeader = None,
) -> WebhookRead:
    """Change the address, events, description or whether it is enabled; send the version you
    read. Disabling drops deliveries not yet made; enabling clears the reason it was disabled."""
    result = await service.update_webhook(
        session, ctx, webhook_id, data, if_match, settings, get_resolver(request)
    )
    set_etag(response, result.version)
    return result


@router.delete(
    WEBHOOK,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["webhooks"],
    operation_id="delete_webhook",
    responses=DELETE_ERRORS,
)
async def delete_webhook(
    webhook_id: uuid.UUID,
    session: SessionDep,
    ctx: Manager,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete an endpoint with its delivery log."""
    await service.delete_webhook(session, ctx, webhook_id, delete_expectation(version, if_match))


@router.post(
    WEBHOOK + "/rotate-secret",
    tags=["webhooks"],
    operation_id="rotate_webhook_secret",
    responses=READ_ERRORS,
)
async def rotate_webhook_secret(
    webhook_id: uuid.UUID, session: SessionDep, settings: SettingsDep, ctx: Manager
) -> WebhookCreated:
    """Replace the signing secret; the new one is in this answer only and signs every
    delivery from now on, retries included."""
    return await service.rotate_secret(session, ctx, webhook_id, settings)


@router.get(
    WEBHOOK + "/deliveries",
    tags=["webhooks"],
    operation_id="list_webhook_deliveries",
    responses=READ_ERRORS,
)
async def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    session: SessionDep,
    ctx: Manager,
    delivery_status: Annotated[
        list[DeliveryStatus] | None, Query(alias="status", description="Only these statuses")
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DeliveryRead]:
    """The endpoint's delivery log, newest first: each event with its attempts, the status
    codes answered and when the next retry is due. Response bodies are never stored."""
    items, next_cursor = await service.list_deliveries(
        session, ctx, webhook_id, statuses=delivery_status, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    WEBHOOK + "/test",
    tags=["webhooks"],
    operation_id="send_test_webhook",
    responses=READ_ERRORS,
)
async def send_test_webhook(
    webhook_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Manager,
) -> DeliveryRead:
    """Send a signed `webhook.test` event now and answer how it went. Sent once (no retries)
    and not counted towards disabling the endpoint; it shows in the delivery log."""
    return await service.send_test(session, ctx, webhook_id, settings, get_resolver(request))


@router.get(
    "/notifications",
    tags=["webhooks"],
    operation_id="list_notifications",
    responses=READ_ERRORS,
)
async def list_notifications(
    session: SessionDep,
    ctx: Manager,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[NotificationRead]:
    """Notices for the group's organisers, newest first, e.g. that the server disabled a
    webhook endpoint (the group's owners are emailed too)."""
    items, next_cursor = await service.list_notifications(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)
