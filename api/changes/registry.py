"""How the change feed shows a record: entity type -> a batch loader of its current state.

Each loader reads the records of one type for a page of changes in one query (plus, for types
whose list item gathers linked rows, one query for those) and builds them with the presenter
and columns the type's own list endpoint uses, so a record in the feed has exactly the shape of
an item of that list. A sync client can therefore fill its mirror from the list endpoints and
keep it current from the feed with the same code.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Assessment, AssessmentScale, Contact, Conversation, FollowUp
from api.contacts.schemas import AssessmentRead, ContactRead
from api.contacts.service import present_scale
from api.conversations import service as conversations
from api.conversations.schemas import ConversationRead
from api.core.context import GroupContext
from api.core.db import GroupRecord
from api.core.queries import columns_for
from api.core.tenancy import scoped_select
from api.disputes.models import Dispute
from api.disputes.services import ballots, demands, disputes, people, timeline
from api.followups import service as followups
from api.followups.schemas import FollowUpRead
from api.solidarity import service as solidarity
from api.solidarity.models import SolidarityAction
from api.workplaces.models import Department, Shift, Workplace
from api.workplaces.schemas import DepartmentRead, ShiftRead, WorkplaceRead


@dataclass(frozen=True)
class LoadContext:
    """What a loader may need besides the ids: the caller's group and instance settings."""

    session: AsyncSession
    ctx: GroupContext
    turnout_threshold_ends_on: date | None


Loader = Callable[[LoadContext, Sequence[uuid.UUID]], Awaitable[Mapping[uuid.UUID, BaseModel]]]


def _by_columns(model: type[GroupRecord], schema: type[BaseModel]) -> Loader:
    """Types whose list item is the record's own columns."""

    async def load(load: LoadContext, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, BaseModel]:
        statement = scoped_select(load.ctx, model, *columns_for(model, schema)).where(
            col(model.id).in_(ids)
        )
        rows = (await load.session.execute(statement)).all()
        return {row.id: schema.model_validate(dict(row._mapping)) for row in rows}

    return load


async def _conversations(load: LoadContext, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    statement = conversations._select_reads(load.ctx).where(col(Conversation.id).in_(ids))
    rows = (await load.session.execute(statement)).all()
    return {row.id: ConversationRead.model_validate(dict(row._mapping)) for row in rows}


async def _follow_ups(load: LoadContext, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    statement = followups._select_reads(load.ctx).where(col(FollowUp.id).in_(ids))
    rows = (await load.session.execute(statement)).all()
    return {row.id: FollowUpRead.model_validate(dict(row._mapping)) for row in rows}


async def _scales(load: LoadContext, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    statement = scoped_select(load.ctx, AssessmentScale).where(col(AssessmentScale.id).in_(ids))
    records = (await load.session.execute(statement)).scalars().all()
    return {record.id: present_scale(record) for record in records}


ReadsLoader = Callable[
    [AsyncSession, GroupContext, Sequence[uuid.UUID]], Awaitable[Mapping[uuid.UUID, BaseModel]]
]


def _domain_reads(load_reads: ReadsLoader) -> Loader:
    """Types whose domain exposes its list items as `load_reads(session, ctx, ids)`."""

    async def load(load: LoadContext, ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, BaseModel]:
        return await load_reads(load.session, load.ctx, ids)

    return load


async def _ballots(load: LoadContext, ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, BaseModel]:
    return await ballots.load_reads(
        load.session, load.ctx, ids, turnout_threshold_ends_on=load.turnout_threshold_ends_on
    )


async def _actions(load: LoadContext, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    statement = (
        scoped_select(
            load.ctx,
            SolidarityAction,
            *solidarity._COLUMNS,
            col(Dispute.title).label("dispute_title"),
        )
        .outerjoin(
            Dispute,
            and_(
                col(Dispute.id) == col(SolidarityAction.dispute_id),
                col(Dispute.group_id) == load.ctx.group_id,
            ),
        )
        .where(col(SolidarityAction.id).in_(ids))
    )
    rows = (await load.session.execute(statement)).all()
    people = await solidarity._participants(load.session, load.ctx, [row.id for row in rows])
    return {
        row.id: solidarity._present(row._mapping, row.dispute_title, people[row.id]) for row in rows
    }


LOADERS: dict[str, Loader] = {
    "workplace": _by_columns(Workplace, WorkplaceRead),
    "department": _by_columns(Department, DepartmentRead),
    "shift": _by_columns(Shift, ShiftRead),
    "contact": _by_columns(Contact, ContactRead),
    "assessment": _by_columns(Assessment, AssessmentRead),
    "assessment_scale": _scales,
    "conversation": _conversations,
    "follow_up": _follow_ups,
    "dispute": _domain_reads(disputes.load_reads),
    "demand": _domain_reads(demands.load_reads),
    "dispute_event": _domain_reads(timeline.load_reads),
    "dispute_contact": _domain_reads(people.load_reads),
    "ballot": _ballots,
    "solidarity_action": _actions,
}
