"""One change applied to many contacts at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Contact
from api.contacts.schemas.contacts import (
    AddTag,
    BulkChange,
    ContactBulkResult,
    ContactBulkUpdate,
    RemoveTag,
    SetMembershipStatus,
    SetOrganiser,
)
from api.core.context import GroupContext
from api.core.records import RecordWriter
from api.core.references import NOT_IN_GROUP, check_member, invalid
from api.core.tenancy import scoped_select


def _bulk_changes(record: Contact, change: BulkChange) -> dict[str, Any]:
    if isinstance(change, RemoveTag):
        return {"tags": [tag for tag in record.tags if tag != change.tag]}
    if isinstance(change, AddTag):
        return {"tags": record.tags if change.tag in record.tags else [*record.tags, change.tag]}
    if isinstance(change, SetOrganiser):
        return {"organiser_id": change.organiser_id}
    if isinstance(change, SetMembershipStatus):
        return {"membership_status": change.membership_status.value}
    raise TypeError(f"unknown bulk change {change!r}")


async def bulk_update(
    session: AsyncSession, ctx: GroupContext, data: ContactBulkUpdate
) -> ContactBulkResult:
    """All or nothing: one change to every listed contact, in this one transaction."""
    ids = list(dict.fromkeys(data.contact_ids))
    found = set(
        (
            await session.execute(
                scoped_select(ctx, Contact, col(Contact.id)).where(col(Contact.id).in_(ids))
            )
        )
        .scalars()
        .all()
    )
    missing = [contact_id for contact_id in ids if contact_id not in found]
    if missing:
        shown = ", ".join(str(contact_id) for contact_id in missing[:20])
        error = invalid(
            "contact_ids",
            f"contact_ids includes {len(missing)} id(s) that are not contacts of this group: "
            f"{shown}; nothing was changed",
            code=NOT_IN_GROUP,
        )
        error.extra = {"invalid_ids": [str(contact_id) for contact_id in missing]}
        raise error
    if isinstance(data.change, SetOrganiser) and data.change.organiser_id is not None:
        await check_member(session, ctx, data.change.organiser_id, "change.organiser_id")
    records = (
        (
            await session.execute(
                scoped_select(ctx, Contact)
                .where(col(Contact.id).in_(ids))
                .order_by(col(Contact.id))
                .with_for_update()
            )
        )
        .scalars()
        .all()
    )
    writer = RecordWriter.for_context(session, ctx)
    changed = 0
    for record in records:
        before = record.version
        await writer.update(record, _bulk_changes(record, data.change))
        changed += record.version != before
    return ContactBulkResult(matched=len(ids), changed=changed)
