"""A workplace's wall chart (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.core.context import SessionDep
from api.core.spoken_languages import MAX_SPOKEN_LANGUAGES, SpokenLanguage
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read
from api.workplaces.routers.common import BULK_READ_ERRORS, Reader
from api.workplaces.schemas.chart import WorkplaceChart
from api.workplaces.services import chart as service

router = APIRouter()


@router.get(
    "/workplaces/{workplace_id}/chart",
    tags=["workplaces"],
    operation_id="get_workplace_chart",
    responses=BULK_READ_ERRORS,
)
async def get_workplace_chart(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    speaks: Annotated[
        list[SpokenLanguage] | None,
        Query(
            max_length=MAX_SPOKEN_LANGUAGES,
            description="Count only the contacts whose preferred or other languages include "
            "any of these ISO 639 codes",
        ),
    ] = None,
) -> WorkplaceChart:
    """The wall chart: for each department x shift (with "no department" and "no shift"
    buckets, shown as null ids), contacts at each assessment level and union members; per
    department, coverage against its estimated headcount. Totals give coverage against the
    workplace's headcount, the share of leaders (1s) and supporters (1s and 2s) among
    contacts, and how many contacts nobody has talked to in 30, 60 and 90 days (never
    talked to counts as not talked to). Shares are fractions of 1, rounded to 4 places.
    `languages` counts who speaks each language among all the workplace's contacts; `speaks`
    narrows the counts to the contacts who speak any of the languages given.
    Like a list's first page, a chart read through an API token or by an observer is written
    to the read audit (the workplace and the departments answered; it names no one) and
    counts towards an observer's hourly limit."""
    chart = await service.workplace_chart(session, ctx, workplace_id, speaks)
    await log.record(
        ctx,
        Read(
            ReadKind.wall_chart,
            row_count=len(chart.rows),
            details={"workplace_id": str(workplace_id)},
            first_page=True,
        ),
    )
    return chart
