"""Offices, terms, nominations, elections and recall petitions (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.democracy.notifications import VoteMailDep
from api.democracy.offices import service
from api.democracy.offices.enums import PetitionStatus
from api.democracy.offices.schemas import (
    ElectionCall,
    ElectionCalled,
    NominationCreate,
    NominationPage,
    NominationRead,
    OfficeCreate,
    OfficePage,
    OfficeRead,
    OfficeUpdate,
    PetitionCreate,
    PetitionPage,
    PetitionRead,
    RecallSettingsRead,
    RecallSettingsUpdate,
    TermCreate,
    TermPage,
    TermRead,
    TermStandDown,
)

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.democracy_read)]
Member = Annotated[GroupContext, require(Permission.democracy_write, Scope.democracy_write)]
Chair = Annotated[GroupContext, require(Permission.votes_manage, Scope.democracy_write)]
OFFICE = "/offices/{office_id}"
NOMINATION = "/nominations/{nomination_id}"
PETITION = "/recall-petitions/{petition_id}"


@router.get(
    "/offices",
    tags=["offices"],
    operation_id="list_offices",
    responses=error_responses(401, 403, 404, 422),
)
async def list_offices(
    session: SessionDep, ctx: Reader, limit: LimitQuery = DEFAULT_LIMIT, cursor: CursorQuery = None
) -> OfficePage:
    """The offices the group elects people to, by name, each with the terms running now."""
    return await service.list_offices(session, ctx, limit=limit, cursor=cursor)


@router.post(
    "/offices",
    status_code=status.HTTP_201_CREATED,
    tags=["offices"],
    operation_id="create_office",
    responses=error_responses(401, 403, 404, 422),
)
async def create_office(
    data: OfficeCreate, session: SessionDep, ctx: Chair, idem: IdempotencyDep
) -> OfficeRead:
    """Define an office (a department's rep, a delegate, the secretary...): how many hold it at
    once and for how long. `department_id` must be one of `workplace_id`'s departments."""
    return await idem.run(
        ctx.user_id, OfficeRead, lambda: service.create_office(session, ctx, data)
    )


@router.get(
    OFFICE,
    tags=["offices"],
    operation_id="get_office",
    responses=error_responses(401, 403, 404, 422),
)
async def get_office(
    office_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> OfficeRead:
    """One office with its holders now and the election being held, if any."""
    read = await service.read_office(session, ctx, office_id)
    set_etag(response, read.version)
    return read


@router.patch(
    OFFICE,
    tags=["offices"],
    operation_id="update_office",
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_office(
    office_id: uuid.UUID,
    data: OfficeUpdate,
    response: Response,
    session: SessionDep,
    ctx: Chair,
    if_match: IfMatchHeader = None,
) -> OfficeRead:
    """Change the fields you send, with the version you read (`version` or If-Match). A new
    term length applies to terms that start from now on."""
    read = await service.update_office(session, ctx, office_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    OFFICE,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["offices"],
    operation_id="delete_office",
    responses=error_responses(401, 403, 404, 409, 412, 422),
)
async def delete_office(
    office_id: uuid.UUID,
    session: SessionDep,
    ctx: Chair,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete an office with its history of terms, its nominations and recall petitions. The
    votes held for it stay."""
    await service.delete_office(session, ctx, office_id, delete_expectation(version, if_match))


@router.get(
    f"{OFFICE}/terms",
    tags=["offices"],
    operation_id="list_office_terms",
    responses=error_responses(401, 403, 404, 422),
)
async def list_terms(
    office_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> TermPage:
    """The history of who held the office, the latest term first, with how each ended."""
    return await service.list_terms(session, ctx, office_id, limit=limit, cursor=cursor)


@router.post(
    f"{OFFICE}/terms",
    status_code=status.HTTP_201_CREATED,
    tags=["offices"],
    operation_id="record_office_term",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def record_term(
    office_id: uuid.UUID, data: TermCreate, session: SessionDep, ctx: Chair, idem: IdempotencyDep
) -> TermRead:
    """Record a holder chosen outside Shopfloor (before the group used it, or at a meeting),
    from `starts_on` (today or earlier) for the office's term length. 409 `office_full` when
    every seat is held."""
    return await idem.run(
        ctx.user_id, TermRead, lambda: service.record_term(session, ctx, office_id, data)
    )


@router.post(
    "/office-terms/{term_id}/stand-down",
    tags=["offices"],
    operation_id="stand_down",
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
    dependencies=[VoteMailDep],
)
async def stand_down(
    term_id: uuid.UUID,
    data: TermStandDown,
    response: Response,
    session: SessionDep,
    ctx: Member,
    if_match: IfMatchHeader = None,
) -> TermRead:
    """End a term running now before it runs out: the holder themselves, or an organiser
    recording that they stood down. It ends `stood_down` on `ended_on` (today unless given;
    not in the future, not before the term started), with the version you read (`version` or
    If-Match); the seat is vacant, to be filled by an election. A recall petition against the
    term lapses (`lapsed`) and its recall vote, if open, is closed and counted. 409
    `term_ended` when the term has already ended; 403 `not_your_term` for anyone else."""
    read = await service.stand_down(session, ctx, term_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.get(
    f"{OFFICE}/nominations",
    tags=["offices"],
    operation_id="list_nominations",
    responses=error_responses(401, 403, 404, 422),
)
async def list_nominations(
    office_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> NominationPage:
    """The office's nominations, the latest first, with their seconders and statements."""
    return await service.list_nominations(session, ctx, office_id, limit=limit, cursor=cursor)


@router.post(
    f"{OFFICE}/nominations",
    status_code=status.HTTP_201_CREATED,
    tags=["offices"],
    operation_id="nominate",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def nominate(
    office_id: uuid.UUID,
    data: NominationCreate,
    session: SessionDep,
    ctx: Member,
    idem: IdempotencyDep,
) -> NominationRead:
    """Nominate a member (yourself, too; not an observer) with their statement. A nomination
    stands in the next election only once another member seconds it."""
    return await idem.run(
        ctx.user_id, NominationRead, lambda: service.nominate(session, ctx, office_id, data)
    )


@router.post(
    f"{NOMINATION}/second",
    tags=["offices"],
    operation_id="second_nomination",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def second_nomination(
    nomination_id: uuid.UUID, session: SessionDep, ctx: Member
) -> NominationRead:
    """Second a nomination. Neither its proposer nor its candidate may; once only."""
    return await service.second_nomination(session, ctx, nomination_id)


@router.delete(
    NOMINATION,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["offices"],
    operation_id="withdraw_nomination",
    responses=error_responses(401, 403, 404, 409, 412, 422),
)
async def withdraw_nomination(
    nomination_id: uuid.UUID,
    session: SessionDep,
    ctx: Member,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Withdraw a nomination that has not gone to an election: its proposer, its candidate or
    an organiser."""
    await service.withdraw_nomination(
        session, ctx, nomination_id, delete_expectation(version, if_match)
    )


@router.post(
    f"{OFFICE}/election",
    tags=["offices"],
    operation_id="call_election",
    responses=error_responses(401, 403, 404, 409, 422),
    dependencies=[VoteMailDep],
)
async def call_election(
    office_id: uuid.UUID,
    data: ElectionCall,
    session: SessionDep,
    ctx: Chair,
    settings: SettingsDep,
) -> ElectionCalled:
    """Put the seconded nominations to a ranked-choice secret ballot (instant run-off for one
    seat, single transferable vote for several), opened now. When it closes, the elected
    start their terms and those they replace end theirs. As many candidates as seats are
    elected unopposed at once, with no vote (`vote_id` null)."""
    return await service.call_election(session, ctx, office_id, data, settings.secret_key)


@router.get(
    "/recall-settings",
    tags=["offices"],
    operation_id="get_recall_settings",
    responses=error_responses(401, 403, 404, 422),
)
async def get_recall_settings(
    response: Response, session: SessionDep, ctx: Reader
) -> RecallSettingsRead:
    """The group's recall threshold (20% of the members entitled to vote until it is set)."""
    read = await service.read_recall_settings(session, ctx)
    set_etag(response, read.version)
    return read


@router.put(
    "/recall-settings",
    tags=["offices"],
    operation_id="update_recall_settings",
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_recall_settings(
    data: RecallSettingsUpdate,
    response: Response,
    session: SessionDep,
    ctx: Chair,
    if_match: IfMatchHeader = None,
) -> RecallSettingsRead:
    """Set the share (1 to 100%) of the members entitled to vote whose signatures open a
    recall vote, with the version you read (0 before it was first set). Petitions already
    started keep the number of signatures they were given."""
    read = await service.update_recall_settings(session, ctx, data, if_match)
    set_etag(response, read.version)
    return read


@router.get(
    "/recall-petitions",
    tags=["offices"],
    operation_id="list_recall_petitions",
    responses=error_responses(401, 403, 404, 422),
)
async def list_petitions(
    session: SessionDep,
    ctx: Reader,
    office_id: Annotated[uuid.UUID | None, Query(description="Only this office's")] = None,
    status_: Annotated[
        list[PetitionStatus] | None, Query(alias="status", description="Any of these states")
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> PetitionPage:
    """Recall petitions, the latest first, with their signatures so far and whether the caller
    has signed."""
    return await service.list_petitions(
        session, ctx, office_id=office_id, status=status_, limit=limit, cursor=cursor
    )


@router.post(
    "/office-terms/{term_id}/recall-petitions",
    status_code=status.HTTP_201_CREATED,
    tags=["offices"],
    operation_id="start_recall_petition",
    responses=error_responses(401, 403, 404, 409, 422),
    dependencies=[VoteMailDep],
)
async def start_petition(
    term_id: uuid.UUID,
    data: PetitionCreate,
    session: SessionDep,
    ctx: Member,
    settings: SettingsDep,
    idem: IdempotencyDep,
) -> PetitionRead:
    """Start a petition to recall the holder of a term running now; you are its first
    signature. The signatures it needs are the group's threshold of the members entitled to
    vote now (at least one). When they are reached the recall vote opens."""
    return await idem.run(
        ctx.user_id,
        PetitionRead,
        lambda: service.start_petition(session, ctx, term_id, data, settings.secret_key),
    )


@router.get(
    PETITION,
    tags=["offices"],
    operation_id="get_recall_petition",
    responses=error_responses(401, 403, 404, 422),
)
async def get_petition(petition_id: uuid.UUID, session: SessionDep, ctx: Reader) -> PetitionRead:
    """One recall petition."""
    return await service.read_petition(session, ctx, petition_id)


@router.post(
    f"{PETITION}/signatures",
    tags=["offices"],
    operation_id="sign_recall_petition",
    responses=error_responses(401, 403, 404, 409, 422),
    dependencies=[VoteMailDep],
)
async def sign_petition(
    petition_id: uuid.UUID, session: SessionDep, ctx: Member, settings: SettingsDep
) -> PetitionRead:
    """Sign a recall petition (once). The signature that reaches the threshold opens the recall
    vote, a for/against secret ballot of the members: exactly once, however many sign at the
    same moment. If it is carried the holder's term ends (`recalled`) and the office has a
    seat to elect."""
    return await service.sign_petition(session, ctx, petition_id, settings.secret_key)
