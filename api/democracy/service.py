"""Votes: creating, opening, signing ballot tokens, receiving ballots, closing and counting."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey, keyset_page
from api.core.queries import any_of
from api.core.records import RecordWriter
from api.core.references import invalid
from api.core.sealing import SecretBox
from api.core.tenancy import get_scoped, scoped_select
from api.core.tenants import Membership
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.democracy import blind
from api.democracy.counting import Rules, count
from api.democracy.enums import FOR_AGAINST_ABSTAIN, Majority, VoteMethod, VoteStatus
from api.democracy.models import Ballot, Vote, VoteRollEntry, VoteSigningKey
from api.democracy.schemas import (
    BallotPaper,
    BallotReceipt,
    HandsCount,
    PublishedBallot,
    PublishedBallots,
    SignatureRead,
    SignatureRequest,
    VoteCreate,
    VotePage,
    VoteRead,
    VoteUpdate,
)

SIGNING_KEYS_PURPOSE = "vote-signing-keys"

# Called in the transaction that opens or closes a vote: what a vote's opening or result means
# elsewhere (a motion's status, an office's new holders, a recall, notices to the members) is
# plugged in by `api/wiring.py`, so this module knows nothing of meetings, offices or notices.
VoteHook = Callable[[AsyncSession, GroupContext, Vote], Awaitable[None]]
_when_opened: list[VoteHook] = []
_when_closed: list[VoteHook] = []


def set_vote_hooks(*, opened: Sequence[VoteHook], closed: Sequence[VoteHook]) -> None:
    _when_opened[:] = opened
    _when_closed[:] = closed


class VoteNotFound(NotFound):
    code = "vote_not_found"
    detail = "Vote not found"


class VoteNotDraft(Conflict):
    code = "vote_not_draft"
    detail = "This vote has already been opened"


class VoteNotOpen(Conflict):
    code = "vote_not_open"
    detail = "This vote is not open for voting"


class VoteNotClosed(Conflict):
    code = "vote_not_closed"
    detail = "Ballots are published when the vote closes"


class WrongKindOfVote(Conflict):
    code = "wrong_kind_of_vote"
    detail = "This vote is not counted that way"


class AlreadyOnRoll(Conflict):
    code = "already_voted"
    detail = "You have already taken your ballot for this vote"


class NotEntitledToVote(Forbidden):
    code = "not_entitled_to_vote"
    detail = "Your role in the group does not give you a vote in this one"


class BallotRefused(Forbidden):
    code = "ballot_refused"
    detail = "This ballot's token is not signed for this vote"


class BallotAlreadyCast(Conflict):
    code = "ballot_already_cast"
    detail = "A ballot with this token is already in the box"


_OWN_FIELDS = [name for name in VoteRead.model_fields if name not in {"may_vote", "on_roll"}]
_COLUMNS = [getattr(Vote, name).label(name) for name in _OWN_FIELDS]


def _is_open(values: Any) -> bool:
    closes_at = values["closes_at"]
    return bool(values["status"] == VoteStatus.open and (closes_at is None or utcnow() < closes_at))


async def _on_roll(
    session: AsyncSession, ctx: GroupContext, vote_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    if not vote_ids:
        return set()
    statement = scoped_select(ctx, VoteRollEntry, VoteRollEntry.vote_id).where(
        col(VoteRollEntry.user_id) == ctx.user_id, col(VoteRollEntry.vote_id).in_(vote_ids)
    )
    return set((await session.execute(statement)).scalars().all())


def _present(ctx: GroupContext, values: Any, on_roll: bool) -> VoteRead:
    fields = {name: values[name] for name in _OWN_FIELDS}
    may_vote = (
        bool(values["secret"])
        and _is_open(values)
        and ctx.role.value in values["eligible_roles"]
        and not on_roll
    )
    return VoteRead.model_validate({**fields, "may_vote": may_vote, "on_roll": on_roll})


def _values(vote: Vote) -> dict[str, Any]:
    return {name: getattr(vote, name) for name in _OWN_FIELDS}


async def read_vote(session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID) -> VoteRead:
    vote = await get_vote(session, ctx, vote_id)
    return _present(ctx, _values(vote), vote.id in await _on_roll(session, ctx, [vote.id]))


async def get_vote(
    session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID, *, for_update: bool = False
) -> Vote:
    return await get_scoped(session, ctx, Vote, vote_id, VoteNotFound, for_update=for_update)


async def list_votes(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    status: list[VoteStatus] | None,
    waiting: bool,
    limit: int,
    cursor: str | None,
) -> VotePage:
    statement = scoped_select(ctx, Vote, *_COLUMNS)
    if status:
        statement = statement.where(col(Vote.status).in_([s.value for s in status]))
    if waiting:
        taken = scoped_select(ctx, VoteRollEntry, VoteRollEntry.vote_id).where(
            col(VoteRollEntry.user_id) == ctx.user_id
        )
        statement = statement.where(
            col(Vote.status) == VoteStatus.open,
            col(Vote.secret).is_(True),
            col(Vote.id).not_in(taken),
        )
    keys = sort_keys(
        None,
        {"created_at": (col(Vote.created_at), Any)},
        "-created_at",
        SortKey(col(Vote.id), uuid.UUID),
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    taken_ids = await _on_roll(session, ctx, [row.id for row in rows])
    items = [_present(ctx, row._mapping, row.id in taken_ids) for row in rows]
    if waiting:
        items = [item for item in items if item.may_vote]
    return VotePage(items=items, next_cursor=next_cursor)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, VoteRead]:
    """The votes with these ids as the list shows them (for the change feed): a secret
    ballot's results only once it has closed, and never who voted how."""
    statement = scoped_select(ctx, Vote, *_COLUMNS).where(any_of(session, col(Vote.id), ids))
    rows = (await session.execute(statement)).all()
    taken_ids = await _on_roll(session, ctx, [row.id for row in rows])
    return {row.id: _present(ctx, row._mapping, row.id in taken_ids) for row in rows}


def _options_for(method: VoteMethod, options: list[str]) -> list[str]:
    if method is VoteMethod.for_against_abstain:
        if options:
            raise invalid("options", "A for/against/abstain vote has its own options")
        return list(FOR_AGAINST_ABSTAIN)
    if len(options) < 2:
        raise invalid("options", "Give at least two options", type="too_short")
    return options


def _check_rules(values: dict[str, Any], sent: set[str]) -> dict[str, Any]:
    """A vote as it will stand (a create, or a draft with the changes sent over it) must make
    sense; complaints name a field that was sent. Returns the options it will have."""
    method = VoteMethod(values["method"])
    options = _options_for(method, values["options"])

    def blame(*fields: str) -> str:
        return next((field for field in fields if field in sent), fields[0])

    if method is not VoteMethod.ranked and values["seats"] != 1:
        raise invalid(blame("seats", "method"), "Only a ranked-choice vote fills several seats")
    if values["seats"] >= len(options) and method is VoteMethod.ranked:
        raise invalid(blame("seats", "options"), "There must be more candidates than seats")
    if method is VoteMethod.ranked and not values["secret"]:
        raise invalid(blame("secret", "method"), "A ranked-choice vote is a secret ballot")
    if "closes_at" in sent and values["closes_at"] is not None and values["closes_at"] <= utcnow():
        raise invalid("closes_at", "Choose a time in the future")
    return {**values, "options": options}


async def create_vote(session: AsyncSession, ctx: GroupContext, data: VoteCreate) -> VoteRead:
    options = _check_rules(data.model_dump(), set(VoteCreate.model_fields))["options"]
    vote = Vote(
        **data.model_dump(exclude={"options", "eligible_roles"}),
        options=options,
        eligible_roles=[role.value for role in data.eligible_roles],
    )
    await RecordWriter.for_context(session, ctx).create(vote)
    return _present(ctx, _values(vote), on_roll=False)


async def update_vote(
    session: AsyncSession,
    ctx: GroupContext,
    vote_id: uuid.UUID,
    data: VoteUpdate,
    if_match: str | None,
) -> VoteRead:
    """A draft's fields, checked together with the stored ones; an opened vote is fixed."""
    vote = await get_vote(session, ctx, vote_id, for_update=True)
    expected = expected_version(data.version, if_match)
    if vote.status != VoteStatus.draft:
        raise VoteNotDraft("A vote cannot be changed once it has opened")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "eligible_roles" in changes:
        changes["eligible_roles"] = [role.value for role in data.eligible_roles or []]
    sent = set(changes)
    merged = _values(vote) | changes
    stored_own_options = VoteMethod(vote.method) is VoteMethod.for_against_abstain
    if "options" not in sent and (
        stored_own_options or VoteMethod(merged["method"]) is VoteMethod.for_against_abstain
    ):
        merged["options"] = []  # for/against/abstain's own words are not options to carry over
    checked = _check_rules(merged, sent)
    if sent & {"options", "method"}:
        changes["options"] = checked["options"]
    await update_checked(
        RecordWriter.for_context(session, ctx),
        vote,
        changes,
        expected,
        lambda record: _present(ctx, _values(record), on_roll=False),
    )
    return _present(ctx, _values(vote), on_roll=False)


async def delete_vote(
    session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Deletes the vote with its roll, key and ballot box."""
    vote = await get_vote(session, ctx, vote_id)
    before = _present(ctx, _values(vote), on_roll=False)
    await delete_with_dependents(session, ctx, vote, expected, lambda _record: before)


async def open_vote(
    session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID, secret_key: str
) -> VoteRead:
    vote = await get_vote(session, ctx, vote_id, for_update=True)
    if vote.status != VoteStatus.draft:
        raise VoteNotDraft()
    if vote.closes_at is not None and vote.closes_at <= utcnow():
        raise invalid("closes_at", "This vote's closing time has passed", where="stored")
    electorate = select(func.count()).select_from(
        scoped_select(ctx, Membership)
        .where(col(Membership.role).in_(vote.eligible_roles))
        .subquery()
    )
    changes: dict[str, Any] = {
        "status": VoteStatus.open,
        "opened_at": utcnow(),
        "electorate": (await session.execute(electorate)).scalar_one(),
    }
    if vote.secret:
        key = blind.new_key()
        changes["public_key"] = blind.public_spki(key)
        sealed = SecretBox(secret_key, SIGNING_KEYS_PURPOSE).seal(blind.private_pem(key), vote.id)
        session.add(VoteSigningKey(vote_id=vote.id, sealed_private_key=sealed))
    await RecordWriter.for_context(session, ctx).update(vote, changes)
    for hook in _when_opened:
        await hook(session, ctx, vote)
    return _present(ctx, _values(vote), on_roll=False)


async def sign_ballot_token(
    session: AsyncSession,
    ctx: GroupContext,
    vote_id: uuid.UUID,
    data: SignatureRequest,
    secret_key: str,
) -> SignatureRead:
    """Signs the caller's blinded token and puts them on the roll, in one transaction: a
    token is only ever signed for someone the roll then shows as having voted."""
    vote = await get_vote(session, ctx, vote_id)
    if not vote.secret or not _is_open(_values(vote)):
        raise VoteNotOpen()
    if ctx.role.value not in vote.eligible_roles:
        raise NotEntitledToVote()
    if vote.id in await _on_roll(session, ctx, [vote.id]):
        raise AlreadyOnRoll()
    try:
        blinded = blind.decode(data.blinded_message)
    except blind.BadBlindMessage:
        raise invalid("blinded_message", "Not a blinded message for this vote's key") from None
    stored = await session.get(VoteSigningKey, vote.id)
    if stored is None:
        raise VoteNotOpen()
    key = blind.load_private(
        SecretBox(secret_key, SIGNING_KEYS_PURPOSE).open(stored.sealed_private_key, vote.id)
    )
    try:
        signature = blind.blind_sign(key, blinded)
    except blind.BadBlindMessage:
        raise invalid("blinded_message", "Not a blinded message for this vote's key") from None
    try:
        async with session.begin_nested():
            session.add(VoteRollEntry(group_id=ctx.group_id, vote_id=vote.id, user_id=ctx.user_id))
    except IntegrityError:
        raise AlreadyOnRoll() from None
    return SignatureRead(blind_signature=blind.encode(signature))


def _check_choice(vote: Vote, choice: list[str]) -> None:
    unknown = [option for option in choice if option not in vote.options]
    if unknown:
        raise invalid("choice", "Choose among this vote's options")
    if vote.method == VoteMethod.ranked:
        if len(set(choice)) != len(choice):
            raise invalid("choice", "Rank each option at most once")
    elif len(choice) != 1:
        raise invalid("choice", "Choose one option")


async def cast_ballot(
    session: AsyncSession, vote_id: uuid.UUID, data: BallotPaper
) -> BallotReceipt:
    """A ballot from nobody in particular: the vote is found by its id alone, the token's
    signature is the only credential."""
    vote = await session.get(Vote, vote_id)
    if vote is None:
        raise VoteNotFound()
    if not vote.secret or not _is_open(_values(vote)) or vote.public_key is None:
        raise VoteNotOpen()
    try:
        token = blind.decode(data.token)
        signature = blind.decode(data.signature)
    except blind.BadBlindMessage:
        raise BallotRefused() from None
    if len(token) != blind.TOKEN_BYTES or not blind.verify(vote.public_key, token, signature):
        raise BallotRefused()
    _check_choice(vote, data.choice)
    receipt = blind.token_hash(token)
    existing = select(col(Ballot.id)).where(col(Ballot.token_hash) == receipt)
    if (await session.execute(existing)).first() is not None:
        raise BallotAlreadyCast()
    try:
        async with session.begin_nested():
            session.add(
                Ballot(
                    vote_id=vote.id,
                    token_hash=receipt,
                    token=blind.encode(token),
                    signature=blind.encode(signature),
                    choice=data.choice,
                )
            )
    except IntegrityError:
        raise BallotAlreadyCast() from None
    return BallotReceipt(vote_id=vote.id, receipt=receipt)


def _rules(vote: Vote) -> Rules:
    return Rules(
        method=VoteMethod(vote.method),
        options=vote.options,
        seats=vote.seats,
        quorum=vote.quorum,
        majority=Majority(vote.majority),
    )


async def _box(session: AsyncSession, vote_id: uuid.UUID) -> list[Ballot]:
    statement = select(Ballot).where(col(Ballot.vote_id) == vote_id).order_by(Ballot.token_hash)
    return list((await session.execute(statement)).scalars().all())


async def _close(session: AsyncSession, ctx: GroupContext, vote: Vote, results: Any) -> VoteRead:
    stored = await session.get(VoteSigningKey, vote.id)
    if stored is not None:
        await session.delete(stored)
    await RecordWriter.for_context(session, ctx).update(
        vote, {"status": VoteStatus.closed, "closed_at": utcnow(), "results": results}
    )
    for hook in _when_closed:
        await hook(session, ctx, vote)
    return _present(ctx, _values(vote), vote.id in await _on_roll(session, ctx, [vote.id]))


async def close_vote(session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID) -> VoteRead:
    """Closes a secret ballot: its private key is destroyed and the box counted."""
    vote = await get_vote(session, ctx, vote_id, for_update=True)
    if vote.status != VoteStatus.open:
        raise VoteNotOpen()
    if not vote.secret:
        raise WrongKindOfVote("A show of hands closes when the chair records the count")
    choices = [ballot.choice for ballot in await _box(session, vote.id)]
    return await _close(session, ctx, vote, count(_rules(vote), choices))


async def record_hands(
    session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID, data: HandsCount
) -> VoteRead:
    """A show of hands, counted by the chair, closes an open vote with its result."""
    vote = await get_vote(session, ctx, vote_id, for_update=True)
    if vote.status != VoteStatus.open:
        raise VoteNotOpen()
    if vote.secret:
        raise WrongKindOfVote("A secret ballot is counted from its ballot box")
    if set(data.tallies) != set(vote.options):
        raise invalid("tallies", "Give a count for each of this vote's options, and only those")
    choices = [[option] for option in vote.options for _ in range(data.tallies[option])]
    return await _close(session, ctx, vote, count(_rules(vote), choices))


async def published_ballots(
    session: AsyncSession, ctx: GroupContext, vote_id: uuid.UUID
) -> PublishedBallots:
    vote = await get_vote(session, ctx, vote_id)
    if vote.status != VoteStatus.closed:
        raise VoteNotClosed()
    return PublishedBallots(
        public_key=vote.public_key,
        ballots=[
            PublishedBallot(
                receipt=ballot.token_hash,
                token=ballot.token,
                signature=ballot.signature,
                choice=ballot.choice,
            )
            for ballot in await _box(session, vote.id)
        ],
    )
