"""A campaign's ladder of structure tests."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from api.campaigns.enums import PETITION_KINDS, TestKind
from api.campaigns.models import StructureTest, TestResponse
from api.campaigns.schemas.tests import (
    StructureTestCreate,
    StructureTestRead,
    StructureTestUpdate,
)
from api.campaigns.services.campaigns import get_campaign
from api.campaigns.services.scope import WorkerScope
from api.contacts.filters import ContactFilterSpec, check_filter_ids
from api.contacts.models import Contact
from api.contacts.services import saved_filters
from api.contacts.services.contacts import filter_conditions
from api.core.context import GroupContext
from api.core.db import GroupRecord, utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.queries import columns_for, record_fields
from api.core.records import RecordWriter
from api.core.references import check_all_in_group, invalid
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.workplaces.models import Department, Shift, Workplace


class StructureTestNotFound(NotFound):
    code = "structure_test_not_found"
    detail = "Structure test not found"


_SCOPE_LISTS: dict[str, tuple[type[GroupRecord], str]] = {
    "workplace_ids": (Workplace, "a workplace"),
    "department_ids": (Department, "a department"),
    "shift_ids": (Shift, "a shift"),
}


def present(values: Mapping[str, Any] | StructureTest) -> StructureTestRead:
    fields = (
        record_fields(values, StructureTestRead)
        if isinstance(values, StructureTest)
        else dict(values)
    )
    return StructureTestRead.model_validate(fields)


def scope_of(
    session: AsyncSession, ctx: GroupContext, test: StructureTest, campaign_workplace_id: uuid.UUID
) -> WorkerScope:
    """The workers the test reaches: at the listed workplaces, or the campaign's, and matching
    its contact filter as it reads today. A worker whose response is recorded stays in scope
    when they no longer match the filter (they were talked to, their membership changed):
    what they answered still counts."""
    workplaces = [uuid.UUID(value) for value in test.workplace_ids] or [campaign_workplace_id]
    conditions = []
    if test.contact_filter is not None:
        spec = ContactFilterSpec.model_validate(test.contact_filter)
        matching = filter_conditions(session, spec.as_filters(utcnow()))
        if matching:
            # Aliased: the selects this scope goes into outer-join the responses themselves,
            # and the subquery must not correlate with that join.
            response = aliased(TestResponse)
            answered = exists().where(
                col(response.test_id) == test.id,
                col(response.contact_id) == col(Contact.id),
                in_group(ctx, response),
            )
            conditions.append(or_(and_(*matching), answered))
    return WorkerScope(
        workplace_ids=workplaces,
        department_ids=[uuid.UUID(value) for value in test.department_ids],
        shift_ids=[uuid.UUID(value) for value in test.shift_ids],
        conditions=conditions,
    )


async def get_test(session: AsyncSession, ctx: GroupContext, test_id: uuid.UUID) -> StructureTest:
    return await get_scoped(session, ctx, StructureTest, test_id, StructureTestNotFound)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, StructureTestRead]:
    statement = scoped_select(
        ctx, StructureTest, *columns_for(StructureTest, StructureTestRead)
    ).where(col(StructureTest.id).in_(ids))
    rows = (await session.execute(statement)).all()
    return {row.id: present(row._mapping) for row in rows}


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Values as their JSON columns keep them: scope ids as text, the contact filter as the
    saved filters keep theirs."""
    kept = {
        name: [str(value) for value in values[name]] if name in _SCOPE_LISTS else values[name]
        for name in values
    }
    if kept.get("contact_filter") is not None:
        kept["contact_filter"] = saved_filters.stored(
            ContactFilterSpec.model_validate(kept["contact_filter"])
        )
    return kept


async def _check(
    session: AsyncSession, ctx: GroupContext, merged: Mapping[str, Any], sent: set[str]
) -> None:
    """The test as it will stand must make sense; complaints name the field sent."""
    for name, (model, noun) in _SCOPE_LISTS.items():
        if name in sent:
            await check_all_in_group(session, ctx, model, merged[name], name, noun)
    if "contact_filter" in sent and merged["contact_filter"] is not None:
        spec = ContactFilterSpec.model_validate(merged["contact_filter"])
        await check_filter_ids(session, ctx, spec, "contact_filter")
    kind = TestKind(merged["kind"])
    if kind is TestKind.own and not merged.get("own_kind"):
        raise invalid("own_kind", "Name the group's own kind of test in own_kind", type="missing")
    if kind is not TestKind.own and merged.get("own_kind"):
        field = "own_kind" if "own_kind" in sent else "kind"
        raise invalid(field, "own_kind is only for a kind of test the group names (kind own)")
    if kind not in PETITION_KINDS and (merged.get("petition_text") or merged.get("demands")):
        field = (
            "kind"
            if "kind" in sent
            else ("petition_text" if merged.get("petition_text") else "demands")
        )
        raise invalid(field, "Only a petition keeps petition_text and demands")


async def list_tests(
    session: AsyncSession, ctx: GroupContext, campaign_id: uuid.UUID
) -> list[StructureTestRead]:
    """The campaign's ladder, lowest rung first."""
    await get_campaign(session, ctx, campaign_id)
    statement = (
        scoped_select(ctx, StructureTest, *columns_for(StructureTest, StructureTestRead))
        .where(col(StructureTest.campaign_id) == campaign_id)
        .order_by(col(StructureTest.position), col(StructureTest.id))
    )
    return [present(row._mapping) for row in (await session.execute(statement)).all()]


async def create_test(
    session: AsyncSession, ctx: GroupContext, campaign_id: uuid.UUID, data: StructureTestCreate
) -> StructureTestRead:
    await get_campaign(session, ctx, campaign_id)
    values = data.model_dump()
    await _check(session, ctx, values, set(values))
    test = await RecordWriter.for_context(session, ctx).create(
        StructureTest(campaign_id=campaign_id, **_stored(values))
    )
    return present(test)


async def read_test(
    session: AsyncSession, ctx: GroupContext, test_id: uuid.UUID
) -> StructureTestRead:
    return present(await get_test(session, ctx, test_id))


async def update_test(
    session: AsyncSession,
    ctx: GroupContext,
    test_id: uuid.UUID,
    data: StructureTestUpdate,
    if_match: str | None,
) -> StructureTestRead:
    test = await get_test(session, ctx, test_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    stored = _stored(changes)
    if "contact_filter" in stored and stored["contact_filter"] == test.contact_filter:
        # Forms send the filter back with every edit; as kept, it is not checked again (a
        # department it names may have gone since, which narrows the scope to no one).
        del changes["contact_filter"], stored["contact_filter"]
    merged = present(test).model_dump() | changes
    await _check(session, ctx, merged, set(changes))
    writer = RecordWriter.for_context(session, ctx)
    updated = await update_checked(writer, test, stored, expected, present)
    return present(updated)


async def delete_test(
    session: AsyncSession,
    ctx: GroupContext,
    test_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the test and the responses recorded for it (a tombstone for each)."""
    test = await get_test(session, ctx, test_id)
    await delete_with_dependents(session, ctx, test, expected, present)
