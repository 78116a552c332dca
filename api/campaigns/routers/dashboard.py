"""Committee coverage and the group dashboard (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.campaigns.routers.common import READ_ERRORS, Planner, Reader
from api.campaigns.schemas.dashboard import CommitteeCoverage, GroupDashboard, TestProgress
from api.campaigns.services import coverage, dashboard
from api.core.context import SessionDep, SettingsDep
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter()


@router.get(
    "/committee-coverage",
    tags=["campaigns"],
    operation_id="get_committee_coverage",
    responses=READ_ERRORS,
)
async def get_committee_coverage(
    session: SessionDep,
    ctx: Planner,
    log: ReadLogDep,
    workplace_id: Annotated[uuid.UUID | None, Query(description="Only this workplace")] = None,
) -> CommitteeCoverage:
    """Organisers: how many contacts each member holds (about 10 each is the usual target),
    the workers no member holds, and per department the committee members (marked
    `committee`, or union members assessed as leaders) against 10% of the headcount. The
    workers named are written to the read audit."""
    result = await coverage.committee_coverage(session, ctx, workplace_id)
    named = {worker.contact_id for worker in result.unheld} | {
        member.contact_id for department in result.departments for member in department.committee
    }
    await log.record(
        ctx,
        Read(
            ReadKind.committee_coverage,
            row_count=len(named),
            contact_ids=sorted(named),
            first_page=True,
        ),
    )
    return result


@router.get(
    "/dashboard", tags=["campaigns"], operation_id="get_group_dashboard", responses=READ_ERRORS
)
async def get_group_dashboard(
    session: SessionDep, settings: SettingsDep, ctx: Planner
) -> GroupDashboard:
    """Organisers' overview: the group's figures now and week by week (from the weekly
    snapshots the app keeps), each member's activity, open structure tests and statutory
    ballots with where they stand, and overdue follow-ups."""
    return await dashboard.group_dashboard(session, ctx, settings.turnout_threshold_ends_on)


@router.get(
    "/structure-test-progress",
    tags=["campaigns"],
    operation_id="list_structure_test_progress",
    responses=READ_ERRORS,
)
async def list_structure_test_progress(
    session: SessionDep,
    ctx: Reader,
    campaign_id: Annotated[uuid.UUID | None, Query(description="Only this campaign's")] = None,
) -> list[TestProgress]:
    """Every structure test (of one campaign, or of all the group's) in ladder order, with how
    many of the workers in its scope took part against its target. Counts only: no one is
    named."""
    return await dashboard.campaign_progress(session, ctx, campaign_id)
