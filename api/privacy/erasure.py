"""Erasure: one person removed with every copy the app holds of them (GDPR Art. 17).

Deleting a contact already removes their assessments, conversations, follow-ups and links and
leaves tombstones (`api.core.deletion`). Erasure also finds the copies a delete leaves alone:
stored idempotent answers that name any of those records (a solidarity action's answer lists
its participants), the import uploads and reports that hold the person, and queued or logged
webhook events that named their records. The change log keeps only entity ids and field names,
and the audit trail only ids and counts, so those stay. What was removed is answered and kept
in the audit trail, counted per kind, without the person's name.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.contacts.models import Contact
from api.contacts.services import contacts
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import deletion_plan
from api.core.errors import Unprocessable
from api.core.idempotency import forget_answers_mentioning
from api.core.records import entity_type_of
from api.exports.service import record_event
from api.exports.subject_access import person_of
from api.imports.services.subjects import purge_files_holding
from api.privacy.schemas import ErasureReport, ErasureRequest
from api.webhooks.service import forget_deliveries_mentioning


class NameNotConfirmed(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "confirm_name",
            "Type the contact's full name exactly as it is held to confirm the erasure",
            code="erasure_not_confirmed",
        )


async def erase(session: AsyncSession, ctx: GroupContext, contact: Contact) -> dict[str, int]:
    """Remove `contact` and every copy of them; returns how many of each kind went. The
    caller's transaction holds it all: an erasure happens completely or not at all."""
    plan = await deletion_plan(session, ctx, contact)
    ids = sorted(record_id for record_ids in plan.values() for record_id in record_ids)
    removed = {
        entity_type_of(model): len(record_ids) for model, record_ids in plan.items() if record_ids
    }
    # Before the delete: the delete's own events, which tell integrations to drop their
    # copies, must still go out.
    removed["webhook_deliveries"] = await forget_deliveries_mentioning(session, ctx, ids)
    removed["idempotent_answers"] = await forget_answers_mentioning(session, ids)
    removed["import_files"] = await purge_files_holding(session, ctx, person_of(contact))
    await contacts.delete_contact(session, ctx, contact.id, None)
    return removed


async def erase_contact(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, request: ErasureRequest
) -> ErasureReport:
    contact = await contacts.get_contact(session, ctx, contact_id, for_update=True)
    if request.confirm_name.casefold() != contact.full_name.casefold():
        raise NameNotConfirmed()
    removed = await erase(session, ctx, contact)
    report = ErasureReport(
        contact_id=contact_id, erased_at=utcnow(), removed=removed, total=sum(removed.values())
    )
    await record_event(
        session,
        ctx,
        action="erasure",
        record_type="contact",
        filters={"contact_id": str(contact_id), "removed": removed},
        row_count=report.total,
    )
    return report
