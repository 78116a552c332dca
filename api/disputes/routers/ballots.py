"""A dispute's ballots and their verdicts (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.core.context import SessionDep, SettingsDep
from api.core.deletion import delete_expectation
from api.core.errors import refusing
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    DISPUTE,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    VersionQuery,
    Writer,
)
from api.disputes.schemas.ballots import BallotCreate, BallotRead, BallotUpdate
from api.disputes.services import ballots as service

BALLOT_RULES = (
    "closes_on is before opens_on, or the figures do not add up (yes_votes + no_votes + spoilt "
    "must equal votes_cast, and none may exceed entitled_to_vote), or result figures "
    "(votes_cast, yes_votes, no_votes, spoilt) are sent before closes_on has passed "
    "(`ballot_not_closed`)"
)

router = APIRouter()

BALLOT = "/ballots/{ballot_id}"


@router.get(
    DISPUTE + "/ballots", tags=["ballots"], operation_id="list_ballots", responses=READ_ERRORS
)
async def list_ballots(
    dispute_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Reader,
    sort: str | None = sort_query("opens_on", default="opens_on"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[BallotRead]:
    """The dispute's ballots with their verdicts, latest opening first (`sort=opens_on` for
    oldest first)."""
    items, next_cursor = await service.list_ballots(
        session,
        ctx,
        dispute_id,
        settings.turnout_threshold_ends_on,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/ballots",
    status_code=status.HTTP_201_CREATED,
    tags=["ballots"],
    operation_id="create_ballot",
    responses=refusing(CREATE_ERRORS, BALLOT_RULES),
)
async def create_ballot(
    dispute_id: uuid.UUID,
    data: BallotCreate,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> BallotRead:
    """Record a ballot (indicative or statutory). `closes_on` may not be before `opens_on`.
    Figures may be added later; they must add up (`yes_votes + no_votes + spoilt = votes_cast
    <= entitled_to_vote`, and while some are missing, those given may not exceed the others);
    a refusal names the field to fix."""
    return await idem.run(
        ctx.user_id,
        BallotRead,
        lambda: service.create_ballot(
            session, ctx, dispute_id, data, settings.turnout_threshold_ends_on
        ),
    )


@router.get(BALLOT, tags=["ballots"], operation_id="get_ballot", responses=READ_ERRORS)
async def get_ballot(
    ballot_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Reader,
) -> BallotRead:
    """A ballot and its `verdict`: turnout, yes shares, each threshold of the rule set in force
    on its opening day (met or not, and by how much), mandate expiry, earliest action date and
    the pre-ballot deadlines."""
    read = await service.read_ballot(session, ctx, ballot_id, settings.turnout_threshold_ends_on)
    set_etag(response, read.version)
    return read


@router.patch(
    BALLOT,
    tags=["ballots"],
    operation_id="update_ballot",
    responses=refusing(UPDATE_ERRORS, BALLOT_RULES),
)
async def update_ballot(
    ballot_id: uuid.UUID,
    data: BallotUpdate,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> BallotRead:
    """Change a ballot (typically: enter the result); version-checked. The ballot as it will
    stand, the fields sent over the stored ones, must keep the dates in order and the figures
    adding up, as when it was recorded."""
    read = await service.update_ballot(
        session,
        ctx,
        ballot_id,
        data,
        if_match,
        settings.turnout_threshold_ends_on,
    )
    set_etag(response, read.version)
    return read


@router.delete(
    BALLOT,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["ballots"],
    operation_id="delete_ballot",
    responses=DELETE_ERRORS,
)
async def delete_ballot(
    ballot_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a ballot."""
    await service.delete_ballot(
        session,
        ctx,
        ballot_id,
        delete_expectation(version, if_match),
        settings.turnout_threshold_ends_on,
    )
