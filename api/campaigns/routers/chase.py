"""A ballot's roll and turnout chase (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from api.campaigns.routers.common import (
    BULK_READ_ERRORS,
    CREATE_ERRORS,
    DELETE_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    Organiser,
    Reader,
    Recorder,
)
from api.campaigns.schemas.chase import (
    ChaseProjection,
    RollAddition,
    RollSummary,
    VoterRead,
    VoterTicks,
)
from api.campaigns.services import chase as service
from api.core.context import SessionDep, SettingsDep
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter()

ROLL = "/ballots/{ballot_id}/roll"


@router.get(
    ROLL, tags=["ballot chase"], operation_id="list_ballot_roll", responses=BULK_READ_ERRORS
)
async def list_ballot_roll(
    ballot_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    mine: Annotated[bool, Query(description="Only the people you are responsible for")] = False,
    organiser_id: Annotated[
        uuid.UUID | None, Query(description="Only the people this member is responsible for")
    ] = None,
    department_id: Annotated[uuid.UUID | None, Query(description="In this department")] = None,
    shift_id: Annotated[uuid.UUID | None, Query(description="On this shift")] = None,
    not_voted: Annotated[
        bool, Query(description="Only those who have not said they voted: a chase list")
    ] = False,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[VoterRead]:
    """Those entitled to vote, by name, with the chase steps recorded for each. Pages after
    the first (every page, for an API token or an observer) are written to the read audit."""
    filters = service.RollFilters(
        organiser_id=ctx.user_id if mine else organiser_id,
        department_id=department_id,
        shift_id=shift_id,
        not_voted=not_voted,
    )
    items, next_cursor = await service.list_roll(
        session, ctx, ballot_id, filters, limit=limit, cursor=cursor
    )
    await log.record(
        ctx,
        Read(
            ReadKind.ballot_roll,
            row_count=len(items),
            contact_ids=[item.contact_id for item in items],
            filters=filters,
            first_page=cursor is None,
        ),
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    ROLL,
    status_code=status.HTTP_201_CREATED,
    tags=["ballot chase"],
    operation_id="add_to_ballot_roll",
    responses=CREATE_ERRORS,
)
async def add_to_ballot_roll(
    ballot_id: uuid.UUID,
    data: RollAddition,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Organiser,
    idem: IdempotencyDep,
) -> RollSummary:
    """Put contacts on the roll: those named in `contact_ids` (the group's) and, with
    `members_at_dispute_workplaces`, every member at the dispute's workplaces. People already
    on it are left as they are. The ballot's deadline follow-ups are brought in step (a
    scrutineer is needed above 50 entitled)."""
    return await idem.run(
        ctx.user_id,
        RollSummary,
        lambda: service.add_to_roll(
            session, ctx, ballot_id, data, settings.turnout_threshold_ends_on
        ),
    )


@router.patch(
    ROLL + "/{contact_id}",
    tags=["ballot chase"],
    operation_id="tick_ballot_voter",
    responses=UPDATE_ERRORS,
)
async def tick_ballot_voter(
    ballot_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: VoterTicks,
    session: SessionDep,
    ctx: Recorder,
) -> VoterRead:
    """Tick (true) or clear (false) address checked, paper received and says they have voted;
    who and when are recorded with each tick."""
    return await service.tick_voter(session, ctx, ballot_id, contact_id, data)


@router.delete(
    ROLL + "/{contact_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["ballot chase"],
    operation_id="remove_from_ballot_roll",
    responses=DELETE_ERRORS,
)
async def remove_from_ballot_roll(
    ballot_id: uuid.UUID,
    contact_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Organiser,
) -> None:
    """Take a contact off the roll (not entitled to vote after all)."""
    await service.remove_from_roll(
        session, ctx, ballot_id, contact_id, settings.turnout_threshold_ends_on
    )


@router.get(
    "/ballots/{ballot_id}/chase",
    tags=["ballot chase"],
    operation_id="get_ballot_chase",
    responses=READ_ERRORS,
)
async def get_ballot_chase(
    ballot_id: uuid.UUID, session: SessionDep, settings: SettingsDep, ctx: Reader
) -> ChaseProjection:
    """The ballot as it would stand if it closed now: those on the roll who say they voted as
    the turnout, those of them assessed 1 or 2 as the support, against the thresholds of the
    rule set in force on the opening day; by department and shift; the daily progress; and
    how many each organiser still has to chase."""
    return await service.chase_projection(
        session, ctx, ballot_id, settings.turnout_threshold_ends_on
    )
