"""A dispute's strike fund as a ledger: dated entries of money in and out, append-only, with
reversing entries for corrections. The dispute keeps the ledger's totals, written in the same
transaction as each entry."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select
from sqlmodel import col

from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound
from api.core.fields import money
from api.core.listing import sort_keys
from api.core.pagination import SortKey, keyset_page
from api.core.permissions import Permission, Scope
from api.core.queries import any_of, columns_for
from api.core.records import RecordWriter
from api.core.references import check_record, invalid, refuse_unconfirmed_day
from api.core.tenancy import get_scoped, scoped_select
from api.disputes.enums import PAID_TO_PEOPLE, FundDirection, FundEntryKind, direction_of
from api.disputes.models import Dispute, StrikeFundEntry
from api.disputes.schemas.fund import FundEntryCreate, FundEntryRead, FundEntryReversal, FundTotals
from api.disputes.services.common import DisputeNotFound
from api.solidarity.models import SolidarityAction


class FundEntryNotFound(NotFound):
    code = "fund_entry_not_found"
    detail = "Strike fund entry not found"


class AlreadyReversed(Conflict):
    code = "fund_entry_already_reversed"
    detail = "This entry has already been reversed"


class ReversalNotReversible(Conflict):
    code = "fund_entry_is_a_reversal"
    detail = "A reversing entry cannot itself be reversed; record the amount again instead"


def sees_recipients(ctx: GroupContext) -> bool:
    """Who was paid strike pay or hardship money is for those who manage disputes (and their
    tokens that may write disputes); everyone else sees amounts and totals."""
    if not ctx.can(Permission.disputes_write):
        return False
    return ctx.token_scopes is None or Scope.disputes_write.value in ctx.token_scopes


def signed(direction: FundDirection | str, amount: Decimal, reverses_id: object) -> Decimal:
    """What an entry adds to the balance."""
    sign = 1 if FundDirection(direction) == FundDirection.money_in else -1
    if reverses_id is not None:
        sign = -sign
    return sign * amount


_Reversal = aliased(StrikeFundEntry)


def _select_reads(ctx: GroupContext) -> Select[Any]:
    """The entries as list items: their columns, the recipient's name and any reversal."""
    return (
        scoped_select(
            ctx,
            StrikeFundEntry,
            *columns_for(StrikeFundEntry, FundEntryRead),
            col(Contact.full_name).label("recipient_name"),
            col(_Reversal.id).label("reversed_by_id"),
        )
        .outerjoin(Contact, col(Contact.id) == col(StrikeFundEntry.recipient_id))
        .outerjoin(_Reversal, col(_Reversal.reverses_id) == col(StrikeFundEntry.id))
    )


def _present(values: Mapping[str, Any], show_recipient: bool) -> FundEntryRead:
    amount = money(values["amount"]) or Decimal("0.00")
    recorded = values["recipient_id"] is not None
    fields = {name: values[name] for name in FundEntryRead.model_fields if name in values}
    fields.update(
        amount=amount,
        signed_amount=signed(values["direction"], amount, values["reverses_id"]),
        recipient_id=values["recipient_id"] if show_recipient else None,
        recipient_name=values["recipient_name"] if show_recipient else None,
        recipient_hidden=recorded and not show_recipient,
    )
    return FundEntryRead.model_validate(fields)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, FundEntryRead]:
    """The group's strike fund entries with these ids, each as an item of a fund's list."""
    statement = _select_reads(ctx).where(any_of(session, col(StrikeFundEntry.id), ids))
    rows = (await session.execute(statement)).all()
    show = sees_recipients(ctx)
    return {row.id: _present(row._mapping, show) for row in rows}


async def list_entries(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[FundEntryRead], str | None]:
    await get_scoped(session, ctx, Dispute, dispute_id, DisputeNotFound)
    statement = _select_reads(ctx).where(col(StrikeFundEntry.dispute_id) == dispute_id)
    keys = sort_keys(
        sort,
        {"entry_on": (col(StrikeFundEntry.entry_on), date)},
        "-entry_on",
        SortKey(col(StrikeFundEntry.id), uuid.UUID),
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    show = sees_recipients(ctx)
    return [_present(row._mapping, show) for row in rows], next_cursor


async def read_entry(
    session: AsyncSession, ctx: GroupContext, entry_id: uuid.UUID
) -> FundEntryRead:
    found = await load_reads(session, ctx, [entry_id])
    if entry_id not in found:
        raise FundEntryNotFound()
    return found[entry_id]


def totals_of(dispute: Dispute) -> FundTotals:
    raised = money(dispute.strike_fund_raised) or Decimal("0.00")
    spent = money(dispute.strike_fund_spent) or Decimal("0.00")
    return FundTotals(raised=raised, spent=spent, balance=raised - spent)


async def _record(
    session: AsyncSession, ctx: GroupContext, dispute: Dispute, entry: StrikeFundEntry
) -> FundEntryRead:
    """Append the entry and move the dispute's totals with it (the dispute row is locked, so
    two entries saved at once both count)."""
    writer = RecordWriter.for_context(session, ctx)
    entry = await writer.create(entry)
    change = signed(entry.direction, entry.amount, entry.reverses_id)
    raised = money(dispute.strike_fund_raised) or Decimal("0.00")
    spent = money(dispute.strike_fund_spent) or Decimal("0.00")
    if entry.direction == FundDirection.money_in:
        await writer.update(dispute, {"strike_fund_raised": raised + change})
    else:
        await writer.update(dispute, {"strike_fund_spent": spent - change})
    return await read_entry(session, ctx, entry.id)


def _check_links(data: FundEntryCreate) -> None:
    if data.recipient_id is not None and data.kind not in PAID_TO_PEOPLE:
        raise invalid("recipient_id", "Only strike pay and hardship payments have a recipient")
    if data.action_id is not None and data.kind != FundEntryKind.solidarity_collection:
        raise invalid("action_id", "Only a solidarity collection is linked to an action")
    refuse_unconfirmed_day("entry_on", data.entry_on, allow=data.allow_future_date, past=False)


async def create_entry(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, data: FundEntryCreate
) -> FundEntryRead:
    dispute = await get_scoped(session, ctx, Dispute, dispute_id, DisputeNotFound, for_update=True)
    _check_links(data)
    if data.recipient_id is not None:
        await check_record(session, ctx, Contact, data.recipient_id, "recipient_id", "a contact")
    if data.action_id is not None:
        await check_record(
            session, ctx, SolidarityAction, data.action_id, "action_id", "a solidarity action"
        )
    entry = StrikeFundEntry(
        dispute_id=dispute_id,
        direction=direction_of(data.kind),
        **data.model_dump(exclude={"allow_future_date"}),
    )
    return await _record(session, ctx, dispute, entry)


async def reverse_entry(
    session: AsyncSession, ctx: GroupContext, entry_id: uuid.UUID, data: FundEntryReversal
) -> FundEntryRead:
    original = await get_scoped(session, ctx, StrikeFundEntry, entry_id, FundEntryNotFound)
    dispute = await get_scoped(
        session, ctx, Dispute, original.dispute_id, DisputeNotFound, for_update=True
    )
    if original.reverses_id is not None:
        raise ReversalNotReversible()
    reversed_already = (
        await session.execute(
            scoped_select(ctx, StrikeFundEntry, StrikeFundEntry.id).where(
                col(StrikeFundEntry.reverses_id) == entry_id
            )
        )
    ).first()
    if reversed_already is not None:
        raise AlreadyReversed()
    reversal = StrikeFundEntry(
        dispute_id=original.dispute_id,
        entry_on=utcnow().date(),
        kind=original.kind,
        direction=original.direction,
        amount=original.amount,
        description=data.description,
        recipient_id=original.recipient_id,
        action_id=original.action_id,
        reverses_id=original.id,
    )
    return await _record(session, ctx, dispute, reversal)
