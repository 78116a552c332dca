"""The people linked to a dispute: one of the group's contacts as a rep, striker or supporter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.campaigns.services.duties import keep_dispute_duty_follow_ups
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import Conflict, NotFound
from api.core.pagination import SortKey
from api.core.queries import any_of, column_rows, columns_for, keyed_rows, page_of
from api.core.records import RecordWriter
from api.core.references import check_record
from api.core.tenancy import scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.disputes.enums import DisputePart
from api.disputes.models import DisputeContact
from api.disputes.schemas.disputes import PeopleCounts
from api.disputes.schemas.people import (
    DisputeContactCreate,
    DisputeContactRead,
    DisputeContactUpdate,
)
from api.disputes.services.common import get_dispute


class DisputeContactNotFound(NotFound):
    code = "dispute_contact_not_found"
    detail = "This contact is not linked to the dispute"


class ContactAlreadyLinked(Conflict):
    code = "contact_already_linked"
    detail = "This contact is already linked to the dispute; change their part instead"


def _link_read(link: DisputeContact, contact_name: str) -> DisputeContactRead:
    return DisputeContactRead(
        id=link.id,
        dispute_id=link.dispute_id,
        contact_id=link.contact_id,
        contact_name=contact_name,
        part=link.part,
        version=link.version,
        created_at=link.created_at,
        updated_at=link.updated_at,
    )


def _select_reads(ctx: GroupContext) -> Select[Any]:
    """The links as list items: their columns and the contact's name."""
    return scoped_select(
        ctx,
        DisputeContact,
        *columns_for(DisputeContact, DisputeContactRead),
        col(Contact.full_name).label("contact_name"),
    ).join(Contact, col(Contact.id) == col(DisputeContact.contact_id))


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same dispute links as `load_reads`, as their JSON's fields (for the change feed)."""
    statement = _select_reads(ctx).where(any_of(session, col(DisputeContact.id), ids))
    return keyed_rows(await column_rows(session, statement), DisputeContactRead)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DisputeContactRead]:
    """The group's dispute links with these ids, each as an item of the dispute's people list."""
    rows = await load_rows(session, ctx, ids)
    return {row_id: DisputeContactRead.model_validate(row) for row_id, row in rows.items()}


async def people_counts(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID
) -> PeopleCounts:
    """How many people are linked to the dispute in each part (for the dispute's page)."""
    parts = (
        await session.execute(
            scoped_select(ctx, DisputeContact, DisputeContact.part, func.count())
            .where(col(DisputeContact.dispute_id) == dispute_id)
            .group_by(col(DisputeContact.part))
        )
    ).all()
    people = PeopleCounts()
    for part, count in parts:
        setattr(people, DisputePart(part).value, int(count))
    people.total = people.rep + people.striker + people.supporter
    return people


async def _get_link(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, contact_id: uuid.UUID
) -> tuple[DisputeContact, str]:
    await get_dispute(session, ctx, dispute_id)
    row = (
        await session.execute(
            scoped_select(ctx, DisputeContact, DisputeContact, Contact.full_name)
            .join(Contact, col(Contact.id) == col(DisputeContact.contact_id))
            .where(
                col(DisputeContact.dispute_id) == dispute_id,
                col(DisputeContact.contact_id) == contact_id,
            )
        )
    ).first()
    if row is None:
        raise DisputeContactNotFound()
    return row[0], row[1]


async def list_dispute_contacts(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    *,
    parts: list[DisputePart] | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DisputeContactRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = _select_reads(ctx).where(col(DisputeContact.dispute_id) == dispute_id)
    if parts:
        statement = statement.where(col(DisputeContact.part).in_([p.value for p in parts]))
    keys = [SortKey(col(Contact.full_name), str), SortKey(col(DisputeContact.id), uuid.UUID)]
    return await page_of(session, statement, keys, DisputeContactRead, limit=limit, cursor=cursor)


async def _reps_changed(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    parts: set[DisputePart],
    turnout_threshold_ends_on: date | None,
) -> None:
    """A ballot's deadline follow-ups are the reps' work, so they follow a change of reps."""
    if DisputePart.rep in parts:
        await session.flush()
        await keep_dispute_duty_follow_ups(session, ctx, dispute_id, turnout_threshold_ends_on)


async def link_contact(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    data: DisputeContactCreate,
    turnout_threshold_ends_on: date | None,
) -> DisputeContactRead:
    await get_dispute(session, ctx, dispute_id)
    contact = await check_record(session, ctx, Contact, data.contact_id, "contact_id", "a contact")
    existing = (
        await session.execute(
            scoped_select(ctx, DisputeContact, DisputeContact.id).where(
                col(DisputeContact.dispute_id) == dispute_id,
                col(DisputeContact.contact_id) == data.contact_id,
            )
        )
    ).first()
    if existing is not None:
        raise ContactAlreadyLinked()
    link = await RecordWriter.for_context(session, ctx).create(
        DisputeContact(dispute_id=dispute_id, contact_id=data.contact_id, part=data.part)
    )
    await _reps_changed(
        session, ctx, dispute_id, {DisputePart(data.part)}, turnout_threshold_ends_on
    )
    return _link_read(link, contact.full_name)


async def read_dispute_contact(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, contact_id: uuid.UUID
) -> DisputeContactRead:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    return _link_read(link, name)


async def update_dispute_contact(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: DisputeContactUpdate,
    if_match: str | None,
    turnout_threshold_ends_on: date | None,
) -> DisputeContactRead:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    part_before = DisputePart(link.part)
    expected = expected_version(data.version, if_match)
    writer = RecordWriter.for_context(session, ctx)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    updated = await update_checked(
        writer, link, changes, expected, lambda record: _link_read(record, name)
    )
    await _reps_changed(
        session,
        ctx,
        dispute_id,
        {part_before, DisputePart(updated.part)} if part_before != updated.part else set(),
        turnout_threshold_ends_on,
    )
    return _link_read(updated, name)


async def unlink_contact(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    expected: ExpectedVersion | None,
    turnout_threshold_ends_on: date | None,
) -> None:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    part = DisputePart(link.part)
    await delete_with_dependents(
        session, ctx, link, expected, lambda record: _link_read(record, name)
    )
    await _reps_changed(session, ctx, dispute_id, {part}, turnout_threshold_ends_on)
