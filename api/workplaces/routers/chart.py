"""A workplace's wall chart (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from api.core.context import SessionDep
from api.workplaces.routers.common import READ_ERRORS, Reader
from api.workplaces.schemas.chart import WorkplaceChart
from api.workplaces.services import chart as service

router = APIRouter()


@router.get(
    "/workplaces/{workplace_id}/chart",
    tags=["workplaces"],
    operation_id="get_workplace_chart",
    responses=READ_ERRORS,
)
async def get_workplace_chart(
    workplace_id: uuid.UUID, session: SessionDep, ctx: Reader
) -> WorkplaceChart:
    """The wall chart: for each department x shift (with "no department" and "no shift"
    buckets, shown as null ids), contacts at each assessment level and union members; per
    department, coverage against its estimated headcount. Totals give coverage against the
    workplace's headcount, the share of leaders (1s) and supporters (1s and 2s) among
    contacts, and how many contacts nobody has talked to in 30, 60 and 90 days (never
    talked to counts as not talked to). Shares are fractions of 1, rounded to 4 places."""
    return await service.workplace_chart(session, ctx, workplace_id)
