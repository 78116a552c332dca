"""A dispute's ballots, each with the verdict the dated ballot rules give it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.campaigns.services.duties import drop_duty_follow_ups, keep_duty_follow_ups
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey, keyset_page
from api.core.queries import any_of, columns_for
from api.core.records import RecordWriter
from api.core.references import invalid
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.disputes.models import Ballot
from api.disputes.rules import BallotFacts, ballot_verdict
from api.disputes.schemas.ballots import (
    BallotBrief,
    BallotCreate,
    BallotRead,
    BallotUpdate,
    BallotVerdict,
)
from api.disputes.services.common import get_dispute


class BallotNotFound(NotFound):
    code = "ballot_not_found"
    detail = "Ballot not found"


_BALLOT_FIELDS = [name for name in BallotRead.model_fields if name != "verdict"]
_FACT_FIELDS = [field.name for field in dataclass_fields(BallotFacts)]


def _ballot_values(ballot: Ballot) -> dict[str, Any]:
    return {name: getattr(ballot, name) for name in _BALLOT_FIELDS}


def verdict_of(values: Mapping[str, Any], turnout_threshold_ends_on: date | None) -> BallotVerdict:
    facts = BallotFacts(**{name: values[name] for name in _FACT_FIELDS})
    return ballot_verdict(facts, turnout_threshold_ends_on=turnout_threshold_ends_on)


def ballot_read(values: Mapping[str, Any], turnout_threshold_ends_on: date | None) -> BallotRead:
    """The ballot (a row's mapping or a record's values) with its verdict worked out."""
    fields = {name: values[name] for name in _BALLOT_FIELDS}
    return BallotRead(**fields, verdict=verdict_of(values, turnout_threshold_ends_on))


def _select_reads(ctx: GroupContext) -> Select[Any]:
    """The ballots' columns that a list item shows; `ballot_read` adds the verdict."""
    return scoped_select(ctx, Ballot, *columns_for(Ballot, BallotRead))


async def load_reads(
    session: AsyncSession,
    ctx: GroupContext,
    ids: Sequence[uuid.UUID],
    *,
    turnout_threshold_ends_on: date | None,
) -> dict[uuid.UUID, BallotRead]:
    """The group's ballots with these ids, each as an item of the ballot list."""
    statement = _select_reads(ctx).where(any_of(session, col(Ballot.id), ids))
    rows = (await session.execute(statement)).all()
    return {row.id: ballot_read(row._mapping, turnout_threshold_ends_on) for row in rows}


async def ballot_briefs(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> list[BallotBrief]:
    """Each of the dispute's ballots with its verdict, earliest opening first (for the
    dispute's page)."""
    ballots = (
        (
            await session.execute(
                scoped_select(ctx, Ballot)
                .where(col(Ballot.dispute_id) == dispute_id)
                .order_by(col(Ballot.opens_on), col(Ballot.id))
            )
        )
        .scalars()
        .all()
    )
    return [
        BallotBrief(
            id=ballot.id,
            kind=ballot.kind,
            opens_on=ballot.opens_on,
            closes_on=ballot.closes_on,
            verdict=verdict_of(_ballot_values(ballot), turnout_threshold_ends_on),
        )
        for ballot in ballots
    ]


# The result is only known once voting has closed: figures typed earlier are a guess or a
# mistake, and a verdict worked out from them would read as "Passed" before anyone voted.
RESULT_FIGURES = ("votes_cast", "yes_votes", "no_votes", "spoilt")
BALLOT_NOT_CLOSED = "ballot_not_closed"


def check_ballot_figures(values: dict[str, Any]) -> None:
    """The figures must add up, and results wait for the closing day; each complaint names
    the field to fix."""
    if values["closes_on"] < values["opens_on"]:
        raise invalid("closes_on", "closes_on cannot be before opens_on", type="date_order")
    if values["closes_on"] > utcnow().date():
        for name in RESULT_FIGURES:
            if values.get(name) is not None:
                raise invalid(
                    name,
                    f"The ballot closes on {values['closes_on'].isoformat()}: enter {name} "
                    "once voting has closed",
                    code=BALLOT_NOT_CLOSED,
                )
    entitled, cast = values.get("entitled_to_vote"), values.get("votes_cast")
    yes, no, spoilt = values.get("yes_votes"), values.get("no_votes"), values.get("spoilt")
    if entitled is not None and cast is not None and cast > entitled:
        raise invalid("votes_cast", "votes_cast cannot be more than entitled_to_vote")
    counted = [v for v in (yes, no, spoilt) if v is not None]
    if cast is not None and None not in (yes, no, spoilt) and sum(counted) != cast:
        raise invalid("votes_cast", "votes_cast must equal yes_votes + no_votes + spoilt")
    if cast is not None and sum(counted) > cast:
        raise invalid("votes_cast", "votes_cast is less than the yes, no and spoilt votes given")
    if entitled is not None and sum(counted) > entitled:
        raise invalid(
            "entitled_to_vote", "entitled_to_vote is less than the yes, no and spoilt votes given"
        )


async def _get_ballot(session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID) -> Ballot:
    return await get_scoped(session, ctx, Ballot, ballot_id, BallotNotFound)


async def list_ballots(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[BallotRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = _select_reads(ctx).where(col(Ballot.dispute_id) == dispute_id)
    keys = sort_keys(
        sort,
        {"opens_on": (col(Ballot.opens_on), date)},
        "-opens_on",
        SortKey(col(Ballot.id), uuid.UUID),
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [ballot_read(row._mapping, turnout_threshold_ends_on) for row in rows], next_cursor


async def create_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    data: BallotCreate,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    await get_dispute(session, ctx, dispute_id)
    values = data.model_dump()
    check_ballot_figures(values)
    ballot = await RecordWriter.for_context(session, ctx).create(
        Ballot(dispute_id=dispute_id, **values)
    )
    await keep_duty_follow_ups(session, ctx, ballot.id, turnout_threshold_ends_on)
    return ballot_read(_ballot_values(ballot), turnout_threshold_ends_on)


async def read_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    return ballot_read(
        _ballot_values(await _get_ballot(session, ctx, ballot_id)), turnout_threshold_ends_on
    )


async def update_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    data: BallotUpdate,
    if_match: str | None,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    ballot = await _get_ballot(session, ctx, ballot_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = {name: getattr(ballot, name) for name in BallotCreate.model_fields}
    merged.update(changes)
    check_ballot_figures(merged)
    writer = RecordWriter.for_context(session, ctx)
    updated = await update_checked(
        writer,
        ballot,
        changes,
        expected,
        lambda record: ballot_read(_ballot_values(record), turnout_threshold_ends_on),
    )
    await keep_duty_follow_ups(session, ctx, ballot.id, turnout_threshold_ends_on)
    return ballot_read(_ballot_values(updated), turnout_threshold_ends_on)


async def delete_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    expected: ExpectedVersion | None,
    turnout_threshold_ends_on: date | None,
) -> None:
    ballot = await _get_ballot(session, ctx, ballot_id)
    await drop_duty_follow_ups(session, ctx, [ballot.id])
    await delete_with_dependents(
        session,
        ctx,
        ballot,
        expected,
        lambda record: ballot_read(_ballot_values(record), turnout_threshold_ends_on),
    )
