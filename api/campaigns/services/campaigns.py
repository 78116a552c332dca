"""Campaigns: a workplace's organising drive, optionally part of a dispute."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.campaigns.models import Campaign
from api.campaigns.schemas.campaigns import CampaignCreate, CampaignRead, CampaignUpdate
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, record_fields, rows_by_id
from api.core.records import RecordWriter
from api.core.references import check_record
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.disputes.models import Dispute
from api.workplaces.models import Workplace


class CampaignNotFound(NotFound):
    code = "campaign_not_found"
    detail = "Campaign not found"


def present(record: Campaign) -> CampaignRead:
    return CampaignRead.model_validate(record_fields(record, CampaignRead))


async def get_campaign(
    session: AsyncSession, ctx: GroupContext, campaign_id: uuid.UUID
) -> Campaign:
    return await get_scoped(session, ctx, Campaign, campaign_id, CampaignNotFound)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CampaignRead]:
    return await load_by_columns(session, ctx, Campaign, CampaignRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same campaigns as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Campaign, CampaignRead, ids)


async def _check(session: AsyncSession, ctx: GroupContext, values: dict[str, Any]) -> None:
    if values.get("workplace_id") is not None:
        await check_record(
            session, ctx, Workplace, values["workplace_id"], "workplace_id", "a workplace"
        )
    if values.get("dispute_id") is not None:
        await check_record(session, ctx, Dispute, values["dispute_id"], "dispute_id", "a dispute")


async def list_campaigns(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    workplace_id: uuid.UUID | None,
    dispute_id: uuid.UUID | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[CampaignRead], str | None]:
    statement = scoped_select(ctx, Campaign, *columns_for(Campaign, CampaignRead))
    if workplace_id is not None:
        statement = statement.where(col(Campaign.workplace_id) == workplace_id)
    if dispute_id is not None:
        statement = statement.where(col(Campaign.dispute_id) == dispute_id)
    keys = sort_keys(
        sort,
        {"name": (col(Campaign.name), str), "created_at": (col(Campaign.created_at), datetime)},
        "-created_at",
        SortKey(col(Campaign.id), uuid.UUID),
    )
    return await page_of(session, statement, keys, CampaignRead, limit=limit, cursor=cursor)


async def create_campaign(
    session: AsyncSession, ctx: GroupContext, data: CampaignCreate
) -> CampaignRead:
    values = data.model_dump()
    await _check(session, ctx, values)
    campaign = await RecordWriter.for_context(session, ctx).create(Campaign(**values))
    return present(campaign)


async def read_campaign(
    session: AsyncSession, ctx: GroupContext, campaign_id: uuid.UUID
) -> CampaignRead:
    return present(await get_campaign(session, ctx, campaign_id))


async def update_campaign(
    session: AsyncSession,
    ctx: GroupContext,
    campaign_id: uuid.UUID,
    data: CampaignUpdate,
    if_match: str | None,
) -> CampaignRead:
    campaign = await get_campaign(session, ctx, campaign_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    await _check(session, ctx, changes)
    writer = RecordWriter.for_context(session, ctx)
    return present(await update_checked(writer, campaign, changes, expected, present))


async def delete_campaign(
    session: AsyncSession,
    ctx: GroupContext,
    campaign_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the campaign with its tests and their recorded responses (tombstones for
    each)."""
    campaign = await get_campaign(session, ctx, campaign_id)
    await delete_with_dependents(session, ctx, campaign, expected, present)
