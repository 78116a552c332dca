"""Disputes, their demands, timeline, linked people and ballots (HTTP only)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import SortQuery
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes import service
from api.disputes.dependencies import DisputeFiltersDep
from api.disputes.models import DemandStatus, DisputePart, EventKind
from api.disputes.schemas.ballots import BallotCreate, BallotRead, BallotUpdate
from api.disputes.schemas.demands import DemandCreate, DemandRead, DemandUpdate
from api.disputes.schemas.disputes import DisputeCreate, DisputeRead, DisputeSummary, DisputeUpdate
from api.disputes.schemas.people import (
    DisputeContactCreate,
    DisputeContactRead,
    DisputeContactUpdate,
)
from api.disputes.schemas.timeline import EventCreate, EventRead, EventUpdate

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.disputes_read)]
Writer = Annotated[GroupContext, require(Permission.disputes_write, Scope.disputes_write)]
VersionQuery = Annotated[
    int | None, Query(description="The version you read; alternative to If-Match")
]

DISPUTE = "/disputes/{dispute_id}"
DEMAND = DISPUTE + "/demands/{demand_id}"
EVENT = DISPUTE + "/events/{event_id}"
PERSON = DISPUTE + "/contacts/{contact_id}"
BALLOT = "/ballots/{ballot_id}"

READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(401, 403, 404, 409, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)


# --- disputes ---------------------------------------------------------------------------


@router.get("/disputes", tags=["disputes"], operation_id="list_disputes", responses=READ_ERRORS)
async def list_disputes(
    session: SessionDep,
    ctx: Reader,
    filters: DisputeFiltersDep,
    sort: SortQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DisputeSummary]:
    """The group's disputes, most recently changed first. Sort by `title`, `updated_at` or
    `started_on` (prefix `-` for descending); `q` searches the title and summary."""
    items, next_cursor = await service.list_disputes(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/disputes",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="create_dispute",
    responses=CREATE_ERRORS,
)
async def create_dispute(
    data: DisputeCreate,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DisputeRead:
    """Open a dispute's case file. `workplace_ids` must be this group's workplaces."""
    return await idem.run(
        ctx.user_id,
        DisputeRead,
        lambda: service.create_dispute(session, ctx, data, settings.turnout_threshold_ends_on),
    )


@router.get(DISPUTE, tags=["disputes"], operation_id="get_dispute", responses=READ_ERRORS)
async def get_dispute(
    dispute_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Reader,
) -> DisputeRead:
    """The dispute with its workplaces, demands, next upcoming timeline event, how many people
    are linked in each part, and each ballot's verdict. The ETag is the dispute's version."""
    read = await service.read_dispute(session, ctx, dispute_id, settings.turnout_threshold_ends_on)
    set_etag(response, read.version)
    return read


@router.patch(DISPUTE, tags=["disputes"], operation_id="update_dispute", responses=UPDATE_ERRORS)
async def update_dispute(
    dispute_id: uuid.UUID,
    data: DisputeUpdate,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DisputeRead:
    """Change the fields you send. `workplace_ids`, if sent, replaces the workplaces. Send the
    version you read (`version` or If-Match); an older one is refused with the current record."""
    read = await service.update_dispute(
        session,
        ctx,
        dispute_id,
        data,
        if_match,
        settings.turnout_threshold_ends_on,
    )
    set_etag(response, read.version)
    return read


@router.delete(
    DISPUTE,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="delete_dispute",
    responses=DELETE_ERRORS,
)
async def delete_dispute(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete the dispute with its demands, timeline, people links and ballots. Solidarity
    actions that supported it are kept but no longer linked to it."""
    await service.delete_dispute(session, ctx, dispute_id, delete_expectation(version, if_match))


# --- demands ----------------------------------------------------------------------------


@router.get(
    DISPUTE + "/demands", tags=["disputes"], operation_id="list_demands", responses=READ_ERRORS
)
async def list_demands(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    status_: Annotated[
        list[DemandStatus] | None, Query(alias="status", description="Any of these statuses")
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DemandRead]:
    """The dispute's demands in their order (`position`)."""
    items, next_cursor = await service.list_demands(
        session, ctx, dispute_id, statuses=status_, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/demands",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="create_demand",
    responses=CREATE_ERRORS,
)
async def create_demand(
    dispute_id: uuid.UUID,
    data: DemandCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DemandRead:
    """Add a demand; without a `position` it goes last."""
    return await idem.run(
        ctx.user_id, DemandRead, lambda: service.create_demand(session, ctx, dispute_id, data)
    )


@router.get(DEMAND, tags=["disputes"], operation_id="get_demand", responses=READ_ERRORS)
async def get_demand(
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> DemandRead:
    """One demand."""
    read = await service.read_demand(session, ctx, dispute_id, demand_id)
    set_etag(response, read.version)
    return read


@router.patch(DEMAND, tags=["disputes"], operation_id="update_demand", responses=UPDATE_ERRORS)
async def update_demand(
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    data: DemandUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DemandRead:
    """Reword, reorder or settle a demand (won, lost, dropped); version-checked."""
    read = await service.update_demand(session, ctx, dispute_id, demand_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    DEMAND,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="delete_demand",
    responses=DELETE_ERRORS,
)
async def delete_demand(
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a demand."""
    await service.delete_demand(
        session, ctx, dispute_id, demand_id, delete_expectation(version, if_match)
    )


# --- timeline events --------------------------------------------------------------------


@router.get(
    DISPUTE + "/events",
    tags=["disputes"],
    operation_id="list_dispute_events",
    responses=READ_ERRORS,
)
async def list_dispute_events(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    kind: Annotated[list[EventKind] | None, Query(description="Any of these kinds")] = None,
    from_: Annotated[date | None, Query(alias="from", description="On or after this day")] = None,
    to: Annotated[date | None, Query(description="On or before this day")] = None,
    sort: SortQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[EventRead]:
    """The dispute's timeline, oldest first (`sort=-occurs_on` for newest first)."""
    items, next_cursor = await service.list_events(
        session,
        ctx,
        dispute_id,
        kinds=kind,
        on_or_after=from_,
        on_or_before=to,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/events",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="create_dispute_event",
    responses=CREATE_ERRORS,
)
async def create_dispute_event(
    dispute_id: uuid.UUID,
    data: EventCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> EventRead:
    """Add a dated event (meeting, grievance, negotiation, ballot, strike day) to the timeline."""
    return await idem.run(
        ctx.user_id, EventRead, lambda: service.create_event(session, ctx, dispute_id, data)
    )


@router.get(EVENT, tags=["disputes"], operation_id="get_dispute_event", responses=READ_ERRORS)
async def get_dispute_event(
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> EventRead:
    """One timeline event."""
    read = await service.read_event(session, ctx, dispute_id, event_id)
    set_etag(response, read.version)
    return read


@router.patch(
    EVENT, tags=["disputes"], operation_id="update_dispute_event", responses=UPDATE_ERRORS
)
async def update_dispute_event(
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    data: EventUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> EventRead:
    """Change a timeline event; version-checked."""
    read = await service.update_event(session, ctx, dispute_id, event_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    EVENT,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="delete_dispute_event",
    responses=DELETE_ERRORS,
)
async def delete_dispute_event(
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a timeline event."""
    await service.delete_event(
        session, ctx, dispute_id, event_id, delete_expectation(version, if_match)
    )


# --- people linked to a dispute ---------------------------------------------------------


@router.get(
    DISPUTE + "/contacts",
    tags=["disputes"],
    operation_id="list_dispute_contacts",
    responses=READ_ERRORS,
)
async def list_dispute_contacts(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    part: Annotated[list[DisputePart] | None, Query(description="Any of these parts")] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DisputeContactRead]:
    """The people linked to the dispute (reps, strikers, supporters), by name."""
    items, next_cursor = await service.list_dispute_contacts(
        session, ctx, dispute_id, parts=part, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/contacts",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="link_dispute_contact",
    responses=CREATE_ERRORS,
)
async def link_dispute_contact(
    dispute_id: uuid.UUID,
    data: DisputeContactCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DisputeContactRead:
    """Link one of the group's contacts to the dispute as a rep, striker or supporter."""
    return await idem.run(
        ctx.user_id,
        DisputeContactRead,
        lambda: service.link_contact(session, ctx, dispute_id, data),
    )


@router.get(PERSON, tags=["disputes"], operation_id="get_dispute_contact", responses=READ_ERRORS)
async def get_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> DisputeContactRead:
    """How a contact is linked to the dispute."""
    read = await service.read_dispute_contact(session, ctx, dispute_id, contact_id)
    set_etag(response, read.version)
    return read


@router.patch(
    PERSON, tags=["disputes"], operation_id="update_dispute_contact", responses=UPDATE_ERRORS
)
async def update_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: DisputeContactUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DisputeContactRead:
    """Change a linked contact's part; version-checked."""
    read = await service.update_dispute_contact(
        session, ctx, dispute_id, contact_id, data, if_match
    )
    set_etag(response, read.version)
    return read


@router.delete(
    PERSON,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="unlink_dispute_contact",
    responses=DELETE_ERRORS,
)
async def unlink_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Unlink a contact from the dispute (the contact itself is kept)."""
    await service.unlink_contact(
        session, ctx, dispute_id, contact_id, delete_expectation(version, if_match)
    )


# --- ballots ----------------------------------------------------------------------------


@router.get(
    DISPUTE + "/ballots", tags=["ballots"], operation_id="list_ballots", responses=READ_ERRORS
)
async def list_ballots(
    dispute_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Reader,
    sort: SortQuery = None,
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
    responses=CREATE_ERRORS,
)
async def create_ballot(
    dispute_id: uuid.UUID,
    data: BallotCreate,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> BallotRead:
    """Record a ballot (indicative or statutory). Figures may be added later; they must add up
    (`yes_votes + no_votes + spoilt = votes_cast <= entitled_to_vote`)."""
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


@router.patch(BALLOT, tags=["ballots"], operation_id="update_ballot", responses=UPDATE_ERRORS)
async def update_ballot(
    ballot_id: uuid.UUID,
    data: BallotUpdate,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> BallotRead:
    """Change a ballot (typically: enter the result); version-checked."""
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
