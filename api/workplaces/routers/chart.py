"""Workplaces' wall charts and coverage (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.core.context import SessionDep
from api.core.rendering import RenderedJSON
from api.core.spoken_languages import MAX_SPOKEN_LANGUAGES, SpokenLanguage
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read
from api.workplaces.routers.common import BULK_READ_ERRORS, Reader
from api.workplaces.schemas.chart import WorkplaceChart, WorkplaceCoverageList
from api.workplaces.services import chart as service

router = APIRouter()

ShiftQuery = Annotated[
    str | None,
    Query(
        pattern="^(none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
        description="Limit every figure to one of the workplace's shifts (its id), or to the "
        "contacts with no shift recorded (`none`)",
    ),
]
WorkplaceIdsQuery = Annotated[
    list[uuid.UUID],
    Query(min_length=1, max_length=200, description="The workplaces, up to 200 (repeat it)"),
]


@router.get(
    "/workplaces/coverage",
    tags=["workplaces"],
    operation_id="get_workplaces_coverage",
    responses=BULK_READ_ERRORS,
)
async def get_workplaces_coverage(
    session: SessionDep, ctx: Reader, log: ReadLogDep, workplace_id: WorkplaceIdsQuery
) -> WorkplaceCoverageList:
    """The wall chart's coverage of each workplace named (contacts known against its
    estimated headcount, a fraction of 1 rounded to 4 places), with how many of its contacts
    are assessed and were talked to in the last 30 days. Ids the group has no workplace for
    are left out. Recorded in the read audit like a wall chart (it names no one)."""
    items = await service.workplaces_coverage(session, ctx, workplace_id)
    await log.record(
        ctx,
        Read(
            ReadKind.wall_chart,
            row_count=len(items),
            details={"workplace_ids": ",".join(str(item.workplace_id) for item in items)},
            first_page=True,
        ),
    )
    return WorkplaceCoverageList(items=items)


@router.get(
    "/workplaces/{workplace_id}/chart",
    tags=["workplaces"],
    operation_id="get_workplace_chart",
    responses=BULK_READ_ERRORS,
    response_model=WorkplaceChart,
    response_class=RenderedJSON,
)
async def get_workplace_chart(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    shift: ShiftQuery = None,
    speaks: Annotated[
        list[SpokenLanguage] | None,
        Query(
            max_length=MAX_SPOKEN_LANGUAGES,
            description="Count only the contacts whose preferred or other languages include "
            "any of these ISO 639 codes",
        ),
    ] = None,
) -> RenderedJSON:
    """The wall chart: for each department x shift (with "no department" and "no shift"
    buckets, shown as null ids), contacts at each assessment level and union members; per
    department, coverage against its estimated headcount. Totals give coverage against the
    workplace's headcount, the share of leaders (1s) and supporters (1s and 2s) among
    contacts, and how many contacts nobody has talked to in 30, 60 and 90 days (never
    talked to counts as not talked to); `talk_to_next` names up to 10 of them, those never
    talked to first. Shares are fractions of 1, rounded to 4 places. With `shift`, every
    figure, row and name counts only that shift (a shift of another workplace is refused
    with 422 `not_in_group`), and coverage is null: headcounts are kept per department.
    `languages` counts who speaks each language among all the workplace's contacts; `speaks`
    narrows every figure and name to the contacts who speak any of the languages given.
    Like a list's first page, a chart read through an API token or by an observer is written
    to the read audit (the workplace, the shift and the people it names) and counts towards
    an observer's hourly limit."""
    chart = await service.workplace_chart(session, ctx, workplace_id, shift, speaks)
    details = {"workplace_id": str(workplace_id)}
    if shift is not None:
        details["shift"] = shift
    if speaks:
        details["speaks"] = ",".join(speaks)
    await log.record(
        ctx,
        Read(
            ReadKind.wall_chart,
            row_count=len(chart["rows"]),
            contact_ids=[person["id"] for person in chart["talk_to_next"]],
            details=details,
            first_page=True,
        ),
    )
    return RenderedJSON(chart)
