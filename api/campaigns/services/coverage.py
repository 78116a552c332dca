"""Organising committee coverage: who holds whom, who nobody holds, and whether each
department has a committee of at least a tenth of its headcount.

A committee member is a contact marked `committee`, or a union member the group has assessed
as a leader (1): the people who organise the others, spread across the departments."""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import User
from api.campaigns.schemas.dashboard import (
    CommitteeCoverage,
    CommitteeMember,
    DepartmentCommittee,
    MemberHolding,
    UnheldWorker,
)
from api.contacts.enums import MembershipStatus
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.references import check_record
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Membership
from api.workplaces.models import Department, Workplace

HOLDS_TARGET = 10
COMMITTEE_SHARE = 0.10
UNHELD_SHOWN = 200


def is_committee() -> Any:
    """The SQL test for a committee member (see the module's docstring)."""
    return or_(
        col(Contact.committee),
        and_(
            col(Contact.assessment_level) == 1,
            col(Contact.membership_status) == MembershipStatus.member.value,
        ),
    )


def held_by_a_member(ctx: GroupContext) -> Any:
    """The SQL test for a contact held by someone who is a member of the group now."""
    return col(Contact.organiser_id).in_(scoped_select(ctx, Membership, col(Membership.user_id)))


def committee_needed(headcount: int) -> int:
    return math.ceil(headcount * COMMITTEE_SHARE)


async def _holdings(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID | None
) -> list[MemberHolding]:
    contact_filter = [in_group(ctx, Contact), col(Contact.organiser_id) == col(Membership.user_id)]
    if workplace_id is not None:
        contact_filter.append(col(Contact.workplace_id) == workplace_id)
    statement = (
        scoped_select(
            ctx,
            Membership,
            col(Membership.user_id),
            col(User.display_name),
            col(Membership.role),
            func.count(col(Contact.id)),
        )
        .join(User, col(User.id) == col(Membership.user_id))
        .outerjoin(Contact, and_(*contact_filter))
        .group_by(col(Membership.user_id), col(User.display_name), col(Membership.role))
    )
    members = [
        MemberHolding(
            user_id=user_id,
            display_name=name,
            role=role,
            holds=int(holds),
            over_target=int(holds) > HOLDS_TARGET,
        )
        for user_id, name, role, holds in await session.execute(statement)
    ]
    return sorted(members, key=lambda member: (-member.holds, member.display_name.casefold()))


async def committee_coverage(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID | None
) -> CommitteeCoverage:
    if workplace_id is not None:
        await check_record(session, ctx, Workplace, workplace_id, "workplace_id", "a workplace")
    held = held_by_a_member(ctx)
    contacts = scoped_select(ctx, Contact)
    if workplace_id is not None:
        contacts = contacts.where(col(Contact.workplace_id) == workplace_id)
    counts = (
        await session.execute(contacts.with_only_columns(func.count(), func.count().filter(held)))
    ).one()
    unheld_rows = await session.execute(
        contacts.with_only_columns(col(Contact.id), col(Contact.full_name), col(Department.name))
        .outerjoin(
            Department,
            and_(col(Department.id) == col(Contact.department_id), in_group(ctx, Department)),
        )
        .where(~held | col(Contact.organiser_id).is_(None))
        .order_by(col(Contact.search_name), col(Contact.id))
        .limit(UNHELD_SHOWN)
    )
    return CommitteeCoverage(
        holds_target=HOLDS_TARGET,
        contacts=int(counts[0]),
        held=int(counts[1]),
        members=await _holdings(session, ctx, workplace_id),
        unheld_count=int(counts[0]) - int(counts[1]),
        unheld=[
            UnheldWorker(contact_id=contact_id, full_name=name, department_name=department)
            for contact_id, name, department in unheld_rows
        ],
        departments=await _departments(session, ctx, workplace_id),
    )


async def _departments(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID | None
) -> list[DepartmentCommittee]:
    departments = scoped_select(
        ctx,
        Department,
        col(Department.id),
        col(Department.name),
        col(Department.workplace_id),
        col(Department.estimated_headcount),
    ).order_by(col(Department.name), col(Department.id))
    if workplace_id is not None:
        departments = departments.where(col(Department.workplace_id) == workplace_id)
    known = scoped_select(ctx, Contact, col(Contact.department_id), func.count()).group_by(
        col(Contact.department_id)
    )
    members = (
        scoped_select(
            ctx,
            Contact,
            col(Contact.department_id),
            col(Contact.id),
            col(Contact.full_name),
            col(Contact.committee),
        )
        .where(is_committee())
        .order_by(col(Contact.search_name), col(Contact.id))
    )
    if workplace_id is not None:
        known = known.where(col(Contact.workplace_id) == workplace_id)
        members = members.where(col(Contact.workplace_id) == workplace_id)
    contacts_in: dict[uuid.UUID | None, int] = {
        department: int(count) for department, count in await session.execute(known)
    }
    committee: dict[uuid.UUID | None, list[CommitteeMember]] = defaultdict(list)
    for department, contact_id, name, marked in await session.execute(members):
        committee[department].append(
            CommitteeMember(contact_id=contact_id, full_name=name, marked=bool(marked))
        )
    rows: list[tuple[Any, Any, Any, Any]] = list((await session.execute(departments)).all())
    if contacts_in.get(None) or committee.get(None):
        rows.append((None, None, workplace_id, None))
    result = []
    for department_id, name, department_workplace, estimate in rows:
        contacts = contacts_in.get(department_id, 0)
        headcount = estimate if estimate is not None else contacts
        needed = committee_needed(headcount)
        result.append(
            DepartmentCommittee(
                department_id=department_id,
                name=name,
                workplace_id=department_workplace,
                headcount=headcount,
                estimated=estimate is not None,
                contacts=contacts,
                committee=committee.get(department_id, []),
                needed=needed,
                met=len(committee.get(department_id, [])) >= needed,
            )
        )
    return result
