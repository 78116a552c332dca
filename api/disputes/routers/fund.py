"""A dispute's strike fund: its ledger of money in and out (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from api.core.context import SessionDep
from api.core.errors import error_responses, refusing
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.disputes.routers.common import CREATE_ERRORS, DISPUTE, READ_ERRORS, Reader, Writer
from api.disputes.schemas.fund import FundEntryCreate, FundEntryRead, FundEntryReversal
from api.disputes.services import fund as service
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter()

ENTRY = "/fund-entries/{entry_id}"
ENTRY_RULES = (
    "recipient_id is sent for a kind other than strike_pay or hardship, action_id for a kind "
    "other than solidarity_collection, or entry_on is after today without allow_future_date "
    "(`date_in_future`)"
)


@router.get(
    DISPUTE + "/fund-entries",
    tags=["strike fund"],
    operation_id="list_fund_entries",
    responses=READ_ERRORS,
)
async def list_fund_entries(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    sort: str | None = sort_query("entry_on", default="-entry_on"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[FundEntryRead]:
    """The strike fund's ledger, latest first. The totals are on the dispute
    (`strike_fund_raised`, `strike_fund_spent`, `strike_fund_balance`). Who received strike pay
    or hardship money is shown only to those who may manage disputes; others see
    `recipient_hidden: true`. A page naming recipients is written to the read audit as the
    other lists are: pages after the first, every page for an API token."""
    items, next_cursor = await service.list_entries(
        session, ctx, dispute_id, sort=sort, limit=limit, cursor=cursor
    )
    recipients = [item.recipient_id for item in items if item.recipient_id is not None]
    if recipients:
        await log.record(
            ctx,
            Read(
                ReadKind.fund_entry_list,
                row_count=len(items),
                contact_ids=recipients,
                details={"dispute_id": str(dispute_id)},
                first_page=cursor is None,
            ),
        )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/fund-entries",
    status_code=status.HTTP_201_CREATED,
    tags=["strike fund"],
    operation_id="create_fund_entry",
    responses=refusing(CREATE_ERRORS, ENTRY_RULES),
)
async def create_fund_entry(
    dispute_id: uuid.UUID,
    data: FundEntryCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> FundEntryRead:
    """Record money into or out of the strike fund; the dispute's totals move with it. Entries
    are never changed or deleted: correct one by reversing it."""
    return await idem.run(
        ctx.user_id, FundEntryRead, lambda: service.create_entry(session, ctx, dispute_id, data)
    )


@router.get(ENTRY, tags=["strike fund"], operation_id="get_fund_entry", responses=READ_ERRORS)
async def get_fund_entry(
    entry_id: uuid.UUID, session: SessionDep, ctx: Reader, log: ReadLogDep
) -> FundEntryRead:
    """One entry of a strike fund's ledger; one that names who was paid is written to the read
    audit."""
    entry = await service.read_entry(session, ctx, entry_id)
    if entry.recipient_id is not None:
        await log.record(
            ctx, Read(ReadKind.fund_entry, row_count=1, contact_ids=[entry.recipient_id])
        )
    return entry


@router.post(
    ENTRY + "/reversal",
    status_code=status.HTTP_201_CREATED,
    tags=["strike fund"],
    operation_id="reverse_fund_entry",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def reverse_fund_entry(
    entry_id: uuid.UUID,
    data: FundEntryReversal,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> FundEntryRead:
    """Cancel an entry with an equal and opposite one dated today (the ledger keeps both). An
    entry is reversed at most once (409 `fund_entry_already_reversed`), and a reversal is not
    itself reversed (409 `fund_entry_is_a_reversal`)."""
    return await idem.run(
        ctx.user_id, FundEntryRead, lambda: service.reverse_entry(session, ctx, entry_id, data)
    )
