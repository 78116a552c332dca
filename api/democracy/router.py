"""Votes (HTTP only), and the one route that takes a ballot without a login."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.deletion import delete_expectation
from api.core.errors import BadRequest, error_responses
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.democracy import service
from api.democracy.enums import VoteStatus
from api.democracy.notifications import VoteMailDep
from api.democracy.schemas import (
    BallotPaper,
    BallotReceipt,
    HandsCount,
    PublishedBallots,
    SignatureRead,
    SignatureRequest,
    VoteCreate,
    VotePage,
    VoteRead,
    VoteUpdate,
)

router = APIRouter(prefix="/api/v1/groups/{group_id}")
ballot_router = APIRouter(prefix="/api/v1/ballots")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.democracy_read)]
Voter = Annotated[GroupContext, require(Permission.democracy_write, Scope.democracy_write)]
Chair = Annotated[GroupContext, require(Permission.votes_manage, Scope.democracy_write)]
VOTE = "/votes/{vote_id}"
BALLOT_PATH_PREFIX = "/api/v1/ballots/"


@router.get(
    "/votes",
    tags=["democracy"],
    operation_id="list_votes",
    responses=error_responses(401, 403, 404, 422),
)
async def list_votes(
    session: SessionDep,
    ctx: Reader,
    status_: Annotated[
        list[VoteStatus] | None, Query(alias="status", description="Any of these states")
    ] = None,
    waiting: Annotated[
        bool, Query(description="Only open secret ballots the caller may still vote in")
    ] = False,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> VotePage:
    """The group's votes, newest first. `waiting=true`: the votes waiting for the caller."""
    return await service.list_votes(
        session, ctx, status=status_, waiting=waiting, limit=limit, cursor=cursor
    )


@router.post(
    "/votes",
    status_code=status.HTTP_201_CREATED,
    tags=["democracy"],
    operation_id="create_vote",
    responses=error_responses(401, 403, 404, 422),
)
async def create_vote(
    data: VoteCreate, session: SessionDep, ctx: Chair, idem: IdempotencyDep
) -> VoteRead:
    """Prepare a vote (a draft until it is opened). A for/against/abstain vote takes no
    options; the others at least two. Several `seats` only for ranked choice, which is always
    a secret ballot. `eligible_roles`: who may vote (members, organisers and owners unless
    said)."""
    return await idem.run(ctx.user_id, VoteRead, lambda: service.create_vote(session, ctx, data))


@router.get(
    VOTE, tags=["democracy"], operation_id="get_vote", responses=error_responses(401, 403, 404, 422)
)
async def get_vote(vote_id: uuid.UUID, session: SessionDep, ctx: Reader) -> VoteRead:
    """One vote, with whether the caller may vote in it and whether they have; its results
    once closed."""
    return await service.read_vote(session, ctx, vote_id)


@router.patch(
    VOTE,
    tags=["democracy"],
    operation_id="update_vote",
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_vote(
    vote_id: uuid.UUID,
    data: VoteUpdate,
    response: Response,
    session: SessionDep,
    ctx: Chair,
    if_match: IfMatchHeader = None,
) -> VoteRead:
    """Change a draft vote's fields (409 `vote_not_draft` once it has opened). Send the
    version you read (`version` or If-Match). The vote as it will stand follows the rules of
    a new one: for/against/abstain takes no options, the others at least two, several `seats`
    only for ranked choice (more candidates than seats, and secret), and a `closes_at` sent
    lies in the future. Switching a vote away from for/against/abstain needs its `options`."""
    read = await service.update_vote(session, ctx, vote_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    VOTE,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["democracy"],
    operation_id="delete_vote",
    responses=error_responses(401, 403, 404, 409, 412, 422),
)
async def delete_vote(
    vote_id: uuid.UUID,
    session: SessionDep,
    ctx: Chair,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a vote with its roll and ballot box."""
    await service.delete_vote(session, ctx, vote_id, delete_expectation(version, if_match))


@router.post(
    f"{VOTE}/open",
    tags=["democracy"],
    operation_id="open_vote",
    responses=error_responses(401, 403, 404, 409, 422),
    dependencies=[VoteMailDep],
)
async def open_vote(
    vote_id: uuid.UUID, session: SessionDep, ctx: Chair, settings: SettingsDep
) -> VoteRead:
    """Open a draft vote. A secret ballot gets its own RSA key pair now; the private key is
    destroyed when it closes. The number entitled to vote is recorded."""
    return await service.open_vote(session, ctx, vote_id, settings.secret_key)


@router.post(
    f"{VOTE}/close",
    tags=["democracy"],
    operation_id="close_vote",
    responses=error_responses(401, 403, 404, 409, 422),
    dependencies=[VoteMailDep],
)
async def close_vote(vote_id: uuid.UUID, session: SessionDep, ctx: Chair) -> VoteRead:
    """Close a secret ballot: its signing key is destroyed, the box counted (round by round
    for ranked choice) and the ballots published."""
    return await service.close_vote(session, ctx, vote_id)


@router.post(
    f"{VOTE}/hands",
    tags=["democracy"],
    operation_id="record_show_of_hands",
    responses=error_responses(401, 403, 404, 409, 422),
    dependencies=[VoteMailDep],
)
async def record_hands(
    vote_id: uuid.UUID, data: HandsCount, session: SessionDep, ctx: Chair
) -> VoteRead:
    """Record an open vote's show of hands (a count for each option); this closes it."""
    return await service.record_hands(session, ctx, vote_id, data)


@router.post(
    f"{VOTE}/signature",
    tags=["democracy"],
    operation_id="sign_ballot_token",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def sign_ballot_token(
    vote_id: uuid.UUID,
    data: SignatureRequest,
    session: SessionDep,
    ctx: Voter,
    settings: SettingsDep,
) -> SignatureRead:
    """Take your ballot for an open secret ballot: send a blinded token (RFC 9474,
    RSABSSA-SHA384-PSS-Randomized, with the vote's `public_key`); the answer is its blind
    signature, and you are marked on the roll as having voted. Once per person (409
    `already_voted`); 403 `not_entitled_to_vote` for a role the vote leaves out."""
    return await service.sign_ballot_token(session, ctx, vote_id, data, settings.secret_key)


@router.get(
    f"{VOTE}/ballots",
    tags=["democracy"],
    operation_id="list_published_ballots",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def published_ballots(
    vote_id: uuid.UUID, session: SessionDep, ctx: Reader
) -> PublishedBallots:
    """Every ballot of a closed secret ballot (receipt, token, signature, choice) and the
    public key, so each voter can find their receipt and anyone in the group can recount."""
    return await service.published_ballots(session, ctx, vote_id)


async def refuse_credentials(request: Request) -> None:
    """A ballot must come from nobody: a request carrying a login is refused rather than
    read, so no client can tie a ballot to an account by mistake."""
    if "authorization" in request.headers:
        raise BadRequest("Send a ballot without your login", code="ballot_carries_credentials")


@ballot_router.post(
    "/{vote_id}",
    status_code=status.HTTP_201_CREATED,
    tags=["democracy"],
    operation_id="cast_ballot",
    dependencies=[Depends(refuse_credentials)],
    responses=error_responses(400, 403, 404, 409, 422),
)
async def cast_ballot(vote_id: uuid.UUID, data: BallotPaper, session: SessionDep) -> BallotReceipt:
    """Put a ballot in a secret ballot's box, without a login: the signed token is the only
    credential, and one token counts once (409 `ballot_already_cast`). 403 `ballot_refused`
    for a token the vote's key did not sign. No cookie is read or set, and the app's logs do
    not record this request's address. The answer's `receipt` is what the voter finds in the
    published list at close."""
    return await service.cast_ballot(session, vote_id, data)
