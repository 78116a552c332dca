"""Campaigns (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.campaigns.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    Organiser,
    Reader,
)
from api.campaigns.schemas.campaigns import CampaignCreate, CampaignRead, CampaignUpdate
from api.campaigns.services import campaigns as service
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag

router = APIRouter()

CAMPAIGN = "/campaigns/{campaign_id}"


@router.get("/campaigns", tags=["campaigns"], operation_id="list_campaigns", responses=READ_ERRORS)
async def list_campaigns(
    session: SessionDep,
    ctx: Reader,
    workplace_id: Annotated[uuid.UUID | None, Query(description="At this workplace")] = None,
    dispute_id: Annotated[uuid.UUID | None, Query(description="Part of this dispute")] = None,
    sort: str | None = sort_query("name", "created_at", default="-created_at"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[CampaignRead]:
    """The group's campaigns, newest first (`sort=name` for alphabetical)."""
    items, next_cursor = await service.list_campaigns(
        session,
        ctx,
        workplace_id=workplace_id,
        dispute_id=dispute_id,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/campaigns",
    status_code=status.HTTP_201_CREATED,
    tags=["campaigns"],
    operation_id="create_campaign",
    responses=CREATE_ERRORS,
)
async def create_campaign(
    data: CampaignCreate, session: SessionDep, ctx: Organiser, idem: IdempotencyDep
) -> CampaignRead:
    """Start a campaign at one of the group's workplaces, optionally as part of a dispute."""
    return await idem.run(
        ctx.user_id, CampaignRead, lambda: service.create_campaign(session, ctx, data)
    )


@router.get(CAMPAIGN, tags=["campaigns"], operation_id="get_campaign", responses=READ_ERRORS)
async def get_campaign(
    campaign_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> CampaignRead:
    """One campaign; the ETag carries its version."""
    read = await service.read_campaign(session, ctx, campaign_id)
    set_etag(response, read.version)
    return read


@router.patch(CAMPAIGN, tags=["campaigns"], operation_id="update_campaign", responses=UPDATE_ERRORS)
async def update_campaign(
    campaign_id: uuid.UUID,
    data: CampaignUpdate,
    response: Response,
    session: SessionDep,
    ctx: Organiser,
    if_match: IfMatchHeader = None,
) -> CampaignRead:
    """Change the fields you send; send the version you read (`version` or If-Match)."""
    read = await service.update_campaign(session, ctx, campaign_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    CAMPAIGN,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["campaigns"],
    operation_id="delete_campaign",
    responses=DELETE_ERRORS,
)
async def delete_campaign(
    campaign_id: uuid.UUID,
    session: SessionDep,
    ctx: Organiser,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a campaign with its structure tests and the responses recorded for them."""
    await service.delete_campaign(session, ctx, campaign_id, delete_expectation(version, if_match))
