"""Merging two records of one person into one."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.contacts.models import Contact
from api.contacts.schemas.contacts import ContactMerge, ContactRead
from api.contacts.services.contacts import (
    check_placement,
    get_contact,
    present_contact,
)
from api.core.context import GroupContext
from api.core.deletion import move_references
from api.core.records import RecordWriter, VersionConflict
from api.core.references import invalid
from api.exports.service import record_event


def _latest(*moments: Any) -> Any:
    given = [moment for moment in moments if moment is not None]
    return max(given) if given else None


async def merge_contacts(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, data: ContactMerge
) -> ContactRead:
    """Keep `contact_id`, taking the fields named in `use_merged` from the merged contact;
    move everything that refers to the merged contact (conversations, assessments,
    follow-ups, dispute and solidarity links, and any table added later) to the kept one;
    delete the merged contact with a tombstone. Both versions must be the ones the caller
    read. One transaction: all of it happens or none."""
    if data.merged_id == contact_id:
        raise invalid("merged_id", "Choose a different contact to merge into this one")
    # Locked in id order, so two merges of the same pair cannot deadlock.
    first, second = sorted([contact_id, data.merged_id])
    locked = {
        first: await get_contact(session, ctx, first, for_update=True),
        second: await get_contact(session, ctx, second, for_update=True),
    }
    kept, merged = locked[contact_id], locked[data.merged_id]
    for record, version in ((kept, data.version), (merged, data.merged_version)):
        if record.version != version:
            raise VersionConflict(record).with_current(
                present_contact(record).model_dump(mode="json")
            )
    taken = {field.value: getattr(merged, field.value) for field in data.use_merged}
    placement = ("workplace_id", "department_id", "shift_id")
    if any(field in taken for field in placement):
        await check_placement(
            session, ctx, *(taken.get(field, getattr(kept, field)) for field in placement)
        )
    writer = RecordWriter.for_context(session, ctx)
    moved = await move_references(session, ctx, writer, Contact, merged.id, kept.id)
    changes: dict[str, Any] = dict(taken)
    # The copies of the latest assessment and conversation follow the records just moved.
    if merged.assessed_at is not None and (
        kept.assessed_at is None or merged.assessed_at > kept.assessed_at
    ):
        changes["assessment_level"] = merged.assessment_level
        changes["assessed_at"] = merged.assessed_at
    changes["last_conversation_at"] = _latest(
        kept.last_conversation_at, merged.last_conversation_at
    )
    await session.refresh(kept)
    await session.refresh(merged)
    # Moving records does not change the contacts' own rows, so versions still hold.
    await writer.update(kept, changes, also_changed=["merged"])
    await writer.delete(merged)
    await record_event(
        session,
        ctx,
        action="merge",
        record_type="contact",
        filters={
            "kept_id": str(kept.id),
            "merged_id": str(data.merged_id),
            "fields_from_merged": sorted(taken),
            "moved": moved,
        },
        row_count=sum(moved.values()),
    )
    return present_contact(kept)
