"""Subject access: everything the group holds about one person, in one answer (GDPR Art. 15).

Each part is read through its domain's public read functions, so the bundle shows records
exactly as the app does. Solidarity actions name only the action, never the other people who
took part: a person's bundle holds no one else's personal data beyond what their own records
already name (who logged a conversation, who assessed them).

The bundle is a list of sections (`SECTIONS`): each names the bundle's field, the heading it
has in the readable document and how it is gathered. A new kind of record about a person is
one more section (and its field on `SubjectAccessBundle`); the JSON and the HTML document
both follow the list.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import String, and_, cast, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.auth.models import User
from api.contacts.models import Assessment, Contact
from api.contacts.services import assessments, contacts, history
from api.conversations import service as conversations
from api.conversations.models import Conversation
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import deletion_plan
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Group
from api.disputes.models import DisputeContact
from api.disputes.services import people
from api.exports.models import AuditEvent
from api.exports.schemas import SubjectAccessAction, SubjectAccessBundle
from api.exports.service import present_audit_event, record_event
from api.followups import service as followups
from api.followups.models import FollowUp
from api.imports.services.subjects import Person, mentions_of
from api.reads.service import every_read_of_contact
from api.solidarity.models import SolidarityAction, SolidarityParticipant
from api.webhooks.service import deliveries_mentioning

HISTORY_PAGE = 200
# Exports of these lists may have held the person: their bundle lists those made since their
# record was created (the export's filters are kept, its rows never are).
LISTS_HOLDING_PEOPLE = ("contacts", "conversations", "actions")


@dataclass
class Gathering:
    """What every section reads from: the request and the person's record."""

    session: AsyncSession
    ctx: GroupContext
    contact: Contact

    def linked(self, model: Any) -> Any:
        """Ids of `model`'s rows about the person, in creation order."""
        return (
            scoped_select(self.ctx, model, col(model.id))
            .where(col(model.contact_id) == self.contact.id)
            .order_by(col(model.id))
        )

    async def ids(self, model: Any) -> list[uuid.UUID]:
        return list((await self.session.execute(self.linked(model))).scalars().all())

    async def reads(self, model: Any, load_reads: Any) -> list[Any]:
        """`model`'s rows about the person, through their domain's `load_reads`."""
        ids = await self.ids(model)
        found = await load_reads(self.session, self.ctx, ids)
        return [found[record_id] for record_id in ids if record_id in found]


async def _assessments(g: Gathering) -> list[Any]:
    return await g.reads(Assessment, assessments.load_reads)


async def _conversations(g: Gathering) -> list[Any]:
    return await g.reads(Conversation, conversations.load_reads)


async def _follow_ups(g: Gathering) -> list[Any]:
    return await g.reads(FollowUp, followups.load_reads)


async def _disputes(g: Gathering) -> list[Any]:
    return await g.reads(DisputeContact, people.load_reads)


async def _solidarity_actions(g: Gathering) -> list[Any]:
    rows = (
        await g.session.execute(
            scoped_select(
                g.ctx,
                SolidarityAction,
                col(SolidarityAction.id),
                col(SolidarityAction.title),
                col(SolidarityAction.kind),
                col(SolidarityAction.occurs_at),
            )
            .join(
                SolidarityParticipant,
                and_(
                    col(SolidarityParticipant.action_id) == col(SolidarityAction.id),
                    in_group(g.ctx, SolidarityParticipant),
                ),
            )
            .where(col(SolidarityParticipant.contact_id) == g.contact.id)
            .order_by(col(SolidarityAction.occurs_at))
        )
    ).all()
    return [
        SubjectAccessAction(id=row[0], title=row[1], kind=row[2], occurs_at=row[3]) for row in rows
    ]


async def _history(g: Gathering) -> list[Any]:
    timeline: list[Any] = []
    cursor: str | None = None
    while True:
        page, cursor = await history.contact_history(
            g.session, g.ctx, g.contact.id, limit=HISTORY_PAGE, cursor=cursor
        )
        timeline.extend(page)
        if cursor is None:
            return timeline


async def _imports(g: Gathering) -> list[Any]:
    return await mentions_of(g.session, g.ctx, person_of(g.contact))


async def _webhook_deliveries(g: Gathering) -> list[Any]:
    plan = await deletion_plan(g.session, g.ctx, g.contact)
    ids = sorted(record_id for ids in plan.values() for record_id in ids)
    return await deliveries_mentioning(g.session, g.ctx, ids)


async def _audit(g: Gathering) -> list[Any]:
    """Requests about the person (subject access, by id) and exports of the lists that may
    have held them since their record was created, oldest first."""
    about_them = cast(col(AuditEvent.filters), String).contains(str(g.contact.id), autoescape=True)
    list_exports = and_(
        col(AuditEvent.action) == "export",
        col(AuditEvent.record_type).in_(LISTS_HOLDING_PEOPLE),
        col(AuditEvent.created_at) >= g.contact.created_at,
    )
    rows = (
        await g.session.execute(
            select(AuditEvent, col(User.display_name))
            .outerjoin(User, col(User.id) == col(AuditEvent.actor_user_id))
            .where(in_group(g.ctx, AuditEvent), or_(about_them, list_exports))
            .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
        )
    ).all()
    return [present_audit_event(event, name) for event, name in rows]


async def _reads(g: Gathering) -> list[Any]:
    return list(await every_read_of_contact(g.session, g.ctx, g.contact.id))


@dataclass(frozen=True)
class Section:
    key: str  # the field of `SubjectAccessBundle`
    title: str  # its heading in the readable document
    gather: Callable[[Gathering], Awaitable[list[Any]]]


SECTIONS: tuple[Section, ...] = (
    Section("assessments", "Assessments", _assessments),
    Section("conversations", "Conversations", _conversations),
    Section("follow_ups", "Follow-ups", _follow_ups),
    Section("disputes", "Disputes they are linked to", _disputes),
    Section("solidarity_actions", "Solidarity actions they took part in", _solidarity_actions),
    Section("history", "History of their record", _history),
    Section("imports", "Imports that held them", _imports),
    Section("webhook_deliveries", "Webhook events about them", _webhook_deliveries),
    Section("audit", "Exports and requests that concerned them", _audit),
    Section("reads", "Who read their record", _reads),
)


def person_of(contact: Contact) -> Person:
    details = [contact.full_name, contact.email or "", contact.phone or ""]
    return Person(contact_id=contact.id, details=details)


async def _requester(session: AsyncSession, ctx: GroupContext) -> tuple[str, str]:
    """The group's name and the name of who asked."""
    group_name = (
        await session.execute(select(col(Group.name)).where(col(Group.id) == ctx.group_id))
    ).scalar_one()
    name = (
        await session.execute(select(col(User.display_name)).where(col(User.id) == ctx.user_id))
    ).scalar_one_or_none()
    return str(group_name), str(name or "An API token")


async def subject_access(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, *, file_format: str = "json"
) -> SubjectAccessBundle:
    """The bundle for one contact, and an audit entry saying who asked for it (and in which
    format)."""
    contact = await contacts.get_contact(session, ctx, contact_id)
    gathering = Gathering(session, ctx, contact)
    group_name, requested_by = await _requester(session, ctx)
    sections: dict[str, Sequence[BaseModel]] = {}
    for section in SECTIONS:
        sections[section.key] = await section.gather(gathering)
    bundle = SubjectAccessBundle.model_validate(
        {
            "generated_at": utcnow(),
            "group_name": group_name,
            "requested_by": requested_by,
            "contact": (await contacts.load_reads(session, ctx, [contact.id]))[contact.id],
            **sections,
        }
    )
    await record_event(
        session,
        ctx,
        action="subject_access",
        record_type="contact",
        file_format=file_format,
        filters={"contact_id": str(contact.id)},
        row_count=1,
    )
    return bundle
