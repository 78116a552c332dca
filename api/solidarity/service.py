"""Solidarity actions: picket visits, donations, collections, motions, demonstrations..."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import col

from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.fields import money
from api.core.links import sync_links
from api.core.listing import apply_updated_since, aware_query_time, sort_keys, text_search
from api.core.pagination import SortKey, keyset_page
from api.core.queries import any_of
from api.core.records import RecordWriter
from api.core.references import (
    check_all_in_group,
    check_record,
    invalid,
    refuse_unconfirmed_day,
)
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.disputes.models import Dispute
from api.solidarity.enums import ActionKind
from api.solidarity.models import SolidarityAction, SolidarityParticipant
from api.solidarity.schemas import ActionCreate, ActionPage, ActionRead, ActionUpdate, Participant


class ActionNotFound(NotFound):
    code = "action_not_found"
    detail = "Solidarity action not found"


_OWN_FIELDS = [
    name for name in ActionRead.model_fields if name not in {"participants", "dispute_title"}
]
_COLUMNS = [getattr(SolidarityAction, name).label(name) for name in _OWN_FIELDS]


def _present(
    values: Mapping[str, Any], dispute_title: str | None, participants: list[Participant]
) -> ActionRead:
    fields = {name: values[name] for name in _OWN_FIELDS}
    fields.update(
        money_raised=money(values["money_raised"]),
        dispute_title=dispute_title,
        participants=participants,
    )
    return ActionRead.model_validate(fields)


async def _participants(
    session: AsyncSession, ctx: GroupContext, action_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Participant]]:
    found: dict[uuid.UUID, list[Participant]] = {action_id: [] for action_id in action_ids}
    if not action_ids:
        return found
    statement = (
        scoped_select(
            ctx,
            SolidarityParticipant,
            SolidarityParticipant.action_id,
            Contact.id,
            Contact.full_name,
        )
        .select_from(SolidarityParticipant)
        .join(Contact, col(Contact.id) == col(SolidarityParticipant.contact_id))
        .where(col(SolidarityParticipant.action_id).in_(action_ids))
        .order_by(col(Contact.full_name), col(Contact.id))
    )
    for action_id, contact_id, full_name in (await session.execute(statement)).all():
        found[action_id].append(Participant(contact_id=contact_id, full_name=full_name))
    return found


async def _dispute_title(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID | None
) -> str | None:
    if dispute_id is None:
        return None
    statement = scoped_select(ctx, Dispute, Dispute.title).where(col(Dispute.id) == dispute_id)
    title: str | None = (await session.execute(statement)).scalar_one_or_none()
    return title


async def _read(session: AsyncSession, ctx: GroupContext, action: SolidarityAction) -> ActionRead:
    participants = await _participants(session, ctx, [action.id])
    values = {name: getattr(action, name) for name in _OWN_FIELDS}
    title = await _dispute_title(session, ctx, action.dispute_id)
    return _present(values, title, participants[action.id])


async def get_action(
    session: AsyncSession, ctx: GroupContext, action_id: uuid.UUID
) -> SolidarityAction:
    return await get_scoped(session, ctx, SolidarityAction, action_id, ActionNotFound)


async def _check(
    session: AsyncSession,
    ctx: GroupContext,
    merged: Mapping[str, Any],
    sent: set[str],
    participant_ids: list[uuid.UUID],
) -> None:
    """The action as it will stand must make sense; complaints name the field sent."""
    if merged["dispute_id"] is not None and merged["outside_dispute"] is not None:
        field = "dispute_id" if "dispute_id" in sent else "outside_dispute"
        raise invalid(
            field,
            "Give dispute_id (one of the group's disputes) or outside_dispute (someone else's, "
            "in words), not both",
        )
    if "dispute_id" in sent and merged["dispute_id"] is not None:
        await check_record(session, ctx, Dispute, merged["dispute_id"], "dispute_id", "a dispute")
    if "participant_ids" in sent:
        await check_all_in_group(
            session, ctx, Contact, participant_ids, "participant_ids", "a contact"
        )
    head_count = merged["head_count"]
    if head_count is not None and head_count < len(participant_ids):
        field = "head_count" if "head_count" in sent else "participant_ids"
        raise invalid(
            field,
            f"head_count ({head_count}) is less than the {len(participant_ids)} listed "
            "participants",
        )


def _check_money_dated(values: dict[str, Any], allow: bool) -> None:
    """Money collected at an action that has not happened yet is usually a slip of the date."""
    if values.get("money_raised") is not None:
        day = values["occurs_at"].astimezone(UTC).date()
        refuse_unconfirmed_day("money_raised", day, allow=allow, past=False)


async def create_action(session: AsyncSession, ctx: GroupContext, data: ActionCreate) -> ActionRead:
    values = data.model_dump(exclude={"participant_ids", "allow_future_date"})
    _check_money_dated(values, data.allow_future_date)
    await _check(
        session, ctx, values, data.model_fields_set | {"participant_ids"}, data.participant_ids
    )
    action = await RecordWriter.for_context(session, ctx).create(SolidarityAction(**values))
    await _link_participants(session, ctx, action.id, data.participant_ids)
    return await _read(session, ctx, action)


async def _link_participants(
    session: AsyncSession, ctx: GroupContext, action_id: uuid.UUID, contact_ids: list[uuid.UUID]
) -> None:
    await sync_links(
        session, ctx, SolidarityParticipant, ("action_id", action_id), "contact_id", contact_ids
    )


async def read_action(session: AsyncSession, ctx: GroupContext, action_id: uuid.UUID) -> ActionRead:
    return await _read(session, ctx, await get_action(session, ctx, action_id))


async def update_action(
    session: AsyncSession,
    ctx: GroupContext,
    action_id: uuid.UUID,
    data: ActionUpdate,
    if_match: str | None,
) -> ActionRead:
    action = await get_action(session, ctx, action_id)
    expected = expected_version(data.version, if_match)
    before = await _read(session, ctx, action)
    changes = data.model_dump(
        exclude_unset=True, exclude={"version", "participant_ids", "allow_future_date"}
    )
    merged = {name: getattr(action, name) for name in _OWN_FIELDS} | changes
    if {"money_raised", "occurs_at"} & changes.keys():
        _check_money_dated(merged, data.allow_future_date)
    participant_ids = (
        data.participant_ids
        if data.participant_ids is not None
        else [p.contact_id for p in before.participants]
    )
    await _check(session, ctx, merged, data.model_fields_set, participant_ids)
    writer = RecordWriter.for_context(session, ctx)
    relinks = data.participant_ids is not None and set(data.participant_ids) != {
        p.contact_id for p in before.participants
    }
    await update_checked(
        writer,
        action,
        changes,
        expected,
        lambda record: _present(
            {name: getattr(record, name) for name in _OWN_FIELDS},
            before.dispute_title,
            before.participants,
        ),
        also_changed=["participant_ids"] if relinks else [],
    )
    if data.participant_ids is not None:
        await _link_participants(session, ctx, action.id, data.participant_ids)
    return await _read(session, ctx, action)


async def delete_action(
    session: AsyncSession,
    ctx: GroupContext,
    action_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the action and its participant links (a tombstone for each)."""
    action = await get_action(session, ctx, action_id)
    before = await _read(session, ctx, action)
    await delete_with_dependents(session, ctx, action, expected, lambda _record: before)


@dataclass(frozen=True)
class ActionFilters:
    kinds: list[ActionKind] | None = None
    dispute_id: uuid.UUID | None = None
    occurs_from: datetime | None = None
    occurs_to: datetime | None = None
    updated_since: datetime | None = None
    q: str | None = None


def actions_matching(ctx: GroupContext, filters: ActionFilters, *columns: Any) -> Select[Any]:
    """`SELECT columns` of the group's solidarity actions matching the list filters (shared
    by the list, its money total and exports)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.kinds:
        conditions.append(col(SolidarityAction.kind).in_([k.value for k in filters.kinds]))
    if filters.dispute_id is not None:
        conditions.append(col(SolidarityAction.dispute_id) == filters.dispute_id)
    if filters.occurs_from is not None:
        conditions.append(
            col(SolidarityAction.occurs_at) >= aware_query_time("from", filters.occurs_from)
        )
    if filters.occurs_to is not None:
        conditions.append(
            col(SolidarityAction.occurs_at) <= aware_query_time("to", filters.occurs_to)
        )
    searched: list[Any] = [
        col(SolidarityAction.title),
        col(SolidarityAction.place),
        col(SolidarityAction.outside_dispute),
        col(SolidarityAction.outcome),
        col(SolidarityAction.notes),
    ]
    search = text_search(filters.q, searched)
    if search is not None:
        conditions.append(search)
    statement = scoped_select(ctx, SolidarityAction, *columns).where(*conditions)
    return apply_updated_since(statement, col(SolidarityAction.updated_at), filters.updated_since)


def _with_dispute_title(ctx: GroupContext, statement: Select[Any]) -> Select[Any]:
    """A list item names the dispute an action supports (when it is the group's own)."""
    return statement.add_columns(col(Dispute.title).label("dispute_title")).outerjoin(
        Dispute,
        and_(col(Dispute.id) == col(SolidarityAction.dispute_id), in_group(ctx, Dispute)),
    )


async def _present_rows(
    session: AsyncSession, ctx: GroupContext, rows: Sequence[Any]
) -> list[ActionRead]:
    participants = await _participants(session, ctx, [row.id for row in rows])
    return [_present(row._mapping, row.dispute_title, participants[row.id]) for row in rows]


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ActionRead]:
    """The actions with these ids as the list shows them (for the change feed)."""
    statement = _with_dispute_title(ctx, scoped_select(ctx, SolidarityAction, *_COLUMNS)).where(
        any_of(session, col(SolidarityAction.id), ids)
    )
    rows = (await session.execute(statement)).all()
    return {action.id: action for action in await _present_rows(session, ctx, rows)}


async def list_actions(
    session: AsyncSession,
    ctx: GroupContext,
    filters: ActionFilters,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> ActionPage:
    statement = _with_dispute_title(ctx, actions_matching(ctx, filters, *_COLUMNS))
    keys = sort_keys(
        sort,
        {
            "occurs_at": (col(SolidarityAction.occurs_at), datetime),
            "title": (col(SolidarityAction.title), str),
        },
        "-occurs_at",
        SortKey(col(SolidarityAction.id), uuid.UUID),
    )
    rows, next_cursor = await keyset_page(
        session,
        statement,
        keys,
        limit=limit,
        cursor=cursor,
    )
    items = await _present_rows(session, ctx, rows)

    total_statement = actions_matching(
        ctx, filters, func.coalesce(func.sum(col(SolidarityAction.money_raised)), 0)
    )
    total = (await session.execute(total_statement)).scalar_one()
    return ActionPage(
        items=items,
        next_cursor=next_cursor,
        total_money_raised=money(total) or Decimal("0.00"),
    )
