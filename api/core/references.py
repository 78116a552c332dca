"""Checks that ids named in a request belong to the caller's group (never a cross-group link)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import GroupRecord, utcnow
from api.core.errors import FieldParams, Unprocessable
from api.core.fields import DAY_IN_THE_FUTURE, DAY_IN_THE_PAST
from api.core.tenancy import scoped_select
from api.core.tenants import Membership

RecordT = TypeVar("RecordT", bound=GroupRecord)


# The code of a 422 for an id the group has no record of: the request was well formed, so a
# client (and the schema tests) can tell it from a malformed one.
NOT_IN_GROUP = "not_in_group"


def invalid(
    field: str,
    message: str,
    *,
    where: str = "body",
    code: str | None = None,
    type: str = "invalid",
    ctx: FieldParams | None = None,
) -> Unprocessable:
    """A 422 naming the field, with a dotted `field` for nested ones (`follow_up.assignee_id`),
    and the field error's `type` (see FIELD_ERROR_TYPES) for the web app's message."""
    error = Unprocessable(field, message, code=code, type=type, ctx=ctx)
    error.fields[0].loc = [where, *field.split(".")]
    return error


# A day on the wrong side of today where people rarely mean it (money received next week, a
# follow-up due last month): refused with these codes unless the request says it is meant.
DATE_IN_FUTURE = "date_in_future"
DATE_IN_PAST = "date_in_past"


def refuse_unconfirmed_day(field: str, day: date | None, *, allow: bool, past: bool) -> None:
    """A 422 on `field` when `day` is before today (`past`) or after it, unless `allow`; the
    message names the flag that confirms it."""
    if day is None or allow:
        return
    today = utcnow().date()
    if past and day < today:
        raise invalid(
            field,
            f"{DAY_IN_THE_PAST}: send allow_past_due: true if that is meant",
            code=DATE_IN_PAST,
        )
    if not past and day > today:
        raise invalid(
            field,
            f"{DAY_IN_THE_FUTURE}: send allow_future_date: true if that is meant",
            code=DATE_IN_FUTURE,
        )


async def check_member(
    session: AsyncSession, ctx: GroupContext, user_id: uuid.UUID, field: str
) -> None:
    """Users named in a record (organiser, assignee, speaker) must belong to the group."""
    if user_id == ctx.user_id:
        return  # the caller's membership was read for this very request
    found = (
        await session.execute(
            scoped_select(ctx, Membership, Membership.id).where(col(Membership.user_id) == user_id)
        )
    ).first()
    if found is None:
        raise invalid(
            field, f"{field} is not a member of this group", code=NOT_IN_GROUP, type="not_in_group"
        )


async def check_record(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[RecordT],
    record_id: uuid.UUID,
    field: str,
    noun: str,
) -> RecordT:
    """The group's record with this id, or a 422 on `field`: never a link across groups."""
    record = (
        (await session.execute(scoped_select(ctx, model).where(col(model.id) == record_id)))
        .scalars()
        .first()
    )
    if record is None:
        raise invalid(
            field, f"{field} is not {noun} in this group", code=NOT_IN_GROUP, type="not_in_group"
        )
    return record  # type: ignore[no-any-return]


async def check_all_in_group(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[GroupRecord],
    ids: Sequence[uuid.UUID],
    field: str,
    noun: str,
) -> None:
    """Every id names one of the group's `model` records, or a 422 on `field` at its index."""
    if not ids:
        return
    statement = scoped_select(ctx, model, col(model.id)).where(col(model.id).in_(ids))
    found = set((await session.execute(statement)).scalars().all())
    for index, record_id in enumerate(ids):
        if record_id not in found:
            error = invalid(
                field,
                f"{field} names {noun} not in this group",
                code=NOT_IN_GROUP,
                type="not_in_group",
            )
            error.fields[0].loc.append(index)
            raise error
