"""Who took part in a structure test: the tick-list members work through, recording a
worker's response, and the results against the target."""

from __future__ import annotations

import math
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import col

from api.campaigns.enums import PETITION_KINDS, Participation
from api.campaigns.models import StructureTest, TestResponse
from api.campaigns.schemas.tests import (
    ResponseRecord,
    ScopedWorker,
    StructureTestResults,
    SurprisingWorker,
    Tally,
    TallyByPlace,
    TestResponseRead,
)
from api.campaigns.services.campaigns import get_campaign
from api.campaigns.services.locking import wait_for_group_writers
from api.campaigns.services.scope import Place, place_order, with_places, workers_in_scope
from api.campaigns.services.tests import get_test, scope_of
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.errors import NotFound
from api.core.pagination import SortKey, keyset_page
from api.core.queries import load_by_columns, rows_by_id
from api.core.records import RecordWriter
from api.core.references import invalid
from api.core.tenancy import in_group, scoped_select
from api.core.versioning import ExpectedVersion, update_checked
from api.workplaces.models import Department, Shift

# Assessment levels (1 = leader ... 5 = hostile) whose response says the chart was wrong.
SUPPORTIVE = frozenset({1, 2})
UNSUPPORTIVE = frozenset({4, 5})


class WorkerNotInScope(NotFound):
    code = "worker_not_in_scope"
    detail = "This worker is not in the structure test's scope"


@dataclass(frozen=True)
class WorkerFilters:
    organiser_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    statuses: Sequence[Participation] = ()


_WORKER_COLUMNS: tuple[Any, ...] = (
    col(Contact.id).label("contact_id"),
    col(Contact.full_name).label("full_name"),
    col(Contact.department_id).label("department_id"),
    col(Contact.shift_id).label("shift_id"),
    col(Contact.organiser_id).label("organiser_id"),
    col(Contact.assessment_level).label("assessment_level"),
)


async def _scoped_workers(
    session: AsyncSession, ctx: GroupContext, test: StructureTest
) -> Select[Any]:
    """The workers in the test's scope with their places and their response (if any)."""
    campaign = await get_campaign(session, ctx, test.campaign_id)
    scope = scope_of(session, ctx, test, campaign.workplace_id)
    statement = with_places(ctx, workers_in_scope(ctx, scope, *_WORKER_COLUMNS))
    return statement.add_columns(
        col(TestResponse.status).label("status"),
        col(TestResponse.signed_on).label("signed_on"),
        col(TestResponse.signature_method).label("signature_method"),
        col(TestResponse.note).label("note"),
        col(TestResponse.updated_by).label("recorded_by"),
        col(TestResponse.updated_at).label("recorded_at"),
        col(TestResponse.version).label("version"),
    ).outerjoin(
        TestResponse,
        and_(
            col(TestResponse.test_id) == test.id,
            col(TestResponse.contact_id) == col(Contact.id),
            in_group(ctx, TestResponse),
        ),
    )


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, TestResponseRead]:
    """Recorded responses with these ids (for the change feed)."""
    return await load_by_columns(session, ctx, TestResponse, TestResponseRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same test responses as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, TestResponse, TestResponseRead, ids)


def _status(value: str | None) -> Participation:
    return Participation(value) if value else Participation.not_asked


def _worker(row: Any) -> ScopedWorker:
    fields = {name: row._mapping[name] for name in ScopedWorker.model_fields}
    fields["status"] = _status(fields["status"])
    return ScopedWorker.model_validate(fields)


async def list_workers(
    session: AsyncSession,
    ctx: GroupContext,
    test_id: uuid.UUID,
    filters: WorkerFilters,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[ScopedWorker], str | None]:
    """The tick-list: workers in scope by name, narrowed by the filters."""
    test = await get_test(session, ctx, test_id)
    statement = await _scoped_workers(session, ctx, test)
    if filters.organiser_id is not None:
        statement = statement.where(col(Contact.organiser_id) == filters.organiser_id)
    if filters.department_id is not None:
        statement = statement.where(col(Contact.department_id) == filters.department_id)
    if filters.shift_id is not None:
        statement = statement.where(col(Contact.shift_id) == filters.shift_id)
    if filters.statuses:
        wanted = [status.value for status in filters.statuses]
        condition: ColumnElement[bool] = col(TestResponse.status).in_(wanted)
        if Participation.not_asked in filters.statuses:
            condition = or_(condition, col(TestResponse.id).is_(None))
        statement = statement.where(condition)
    keys = [SortKey(col(Contact.full_name), str), SortKey(col(Contact.id), uuid.UUID)]
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [_worker(row) for row in rows], next_cursor


async def _worker_in_scope(
    session: AsyncSession, ctx: GroupContext, test: StructureTest, contact_id: uuid.UUID
) -> ScopedWorker:
    statement = await _scoped_workers(session, ctx, test)
    row = (await session.execute(statement.where(col(Contact.id) == contact_id))).first()
    if row is None:
        raise WorkerNotInScope()
    return _worker(row)


def _check_signature(test: StructureTest, data: ResponseRecord) -> None:
    for name in ("signed_on", "signature_method"):
        if getattr(data, name) is None:
            continue
        if test.kind not in PETITION_KINDS:
            raise invalid(name, f"Only a petition's signatures have a {name}")
        if data.status is not Participation.took_part:
            raise invalid(name, f"{name} is for a worker who signed (status took_part)")


async def _response_row(
    session: AsyncSession, ctx: GroupContext, test_id: uuid.UUID, contact_id: uuid.UUID
) -> TestResponse | None:
    statement = (
        scoped_select(ctx, TestResponse)
        .where(col(TestResponse.test_id) == test_id, col(TestResponse.contact_id) == contact_id)
        .execution_options(populate_existing=True)
    )
    row: TestResponse | None = (await session.execute(statement)).scalars().first()
    return row


async def record_response(
    session: AsyncSession,
    ctx: GroupContext,
    test_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: ResponseRecord,
) -> ScopedWorker:
    """Insert or update the worker's row. Two members recording the same worker at once both
    land, one after the other (the change log keeps both); with `version`, a recording made
    since is refused instead."""
    test = await get_test(session, ctx, test_id)
    await _worker_in_scope(session, ctx, test, contact_id)
    _check_signature(test, data)
    values = data.model_dump(exclude={"version"})
    # Two members' first recordings of a worker cannot both insert, and a later one is
    # applied to the row as the earlier left it.
    await wait_for_group_writers(session, ctx)
    row = await _response_row(session, ctx, test.id, contact_id)
    writer = RecordWriter.for_context(session, ctx)
    if row is None:
        await writer.create(TestResponse(test_id=test.id, contact_id=contact_id, **values))
    else:
        seen = data.version if data.version is not None else row.version
        await update_checked(
            writer, row, values, ExpectedVersion(seen, from_header=False), _present_current
        )
    return await _worker_in_scope(session, ctx, test, contact_id)


def _present_current(row: TestResponse) -> ScopedWorker:
    """The row as it now stands, for a conflict answer (without the contact's details)."""
    return ScopedWorker(
        contact_id=row.contact_id,
        full_name="",
        department_id=None,
        department_name=None,
        shift_id=None,
        shift_name=None,
        organiser_id=None,
        assessment_level=None,
        status=row.status,
        signed_on=row.signed_on,
        signature_method=row.signature_method,
        note=row.note,
        recorded_by=row.updated_by,
        recorded_at=row.updated_at,
        version=row.version,
    )


def tally(counts: Mapping[Participation, int], target_percent: int) -> Tally:
    in_scope = sum(counts.values())
    took_part = counts.get(Participation.took_part, 0)
    needed = math.ceil(in_scope * target_percent / 100)
    return Tally(
        in_scope=in_scope,
        took_part=took_part,
        refused=counts.get(Participation.refused, 0),
        unreachable=counts.get(Participation.unreachable, 0),
        not_asked=counts.get(Participation.not_asked, 0),
        took_part_percent=round(took_part * 100 / in_scope, 2) if in_scope else None,
        target_percent=target_percent,
        target_met=in_scope > 0 and took_part >= needed,
        more_needed=max(0, needed - took_part),
    )


@dataclass(frozen=True)
class _Count:
    """How many workers of one department and shift gave one response."""

    department: Place
    shift: Place
    status: Participation
    workers: int


async def _counts(session: AsyncSession, scoped: Select[Any]) -> list[_Count]:
    """The scope (`_scoped_workers`) counted in the database, a row per department, shift
    and response."""
    statement = scoped.with_only_columns(
        col(Contact.department_id),
        col(Department.name),
        col(Contact.shift_id),
        col(Shift.name),
        col(TestResponse.status),
        func.count(),
    ).group_by(
        col(Contact.department_id),
        col(Department.name),
        col(Contact.shift_id),
        col(Shift.name),
        col(TestResponse.status),
    )
    return [
        _Count((department_id, department), (shift_id, shift), _status(status), int(workers))
        for department_id, department, shift_id, shift, status, workers in await session.execute(
            statement
        )
    ]


def _by_place(
    counts: Sequence[_Count], place: Callable[[_Count], Place], target_percent: int
) -> list[TallyByPlace]:
    groups: dict[Place, Counter[Participation]] = defaultdict(Counter)
    for count in counts:
        groups[place(count)][count.status] += count.workers
    ordered = sorted(groups.items(), key=lambda item: place_order(item[0]))
    return [
        TallyByPlace(id=key[0], name=key[1], tally=tally(statuses, target_percent))
        for key, statuses in ordered
    ]


async def _surprises(session: AsyncSession, scoped: Select[Any]) -> list[ScopedWorker]:
    """Workers of the scope (`_scoped_workers`) whose response contradicts their assessment,
    by name."""
    level = col(Contact.assessment_level)
    status = col(TestResponse.status)
    statement = scoped.where(
        or_(
            and_(level.in_(SUPPORTIVE), status == Participation.refused.value),
            and_(level.in_(UNSUPPORTIVE), status == Participation.took_part.value),
        )
    ).order_by(col(Contact.full_name), col(Contact.id))
    return [_worker(row) for row in (await session.execute(statement)).all()]


def _surprise(worker: ScopedWorker) -> SurprisingWorker:
    assert worker.assessment_level is not None
    return SurprisingWorker(
        contact_id=worker.contact_id,
        full_name=worker.full_name,
        department_name=worker.department_name,
        shift_name=worker.shift_name,
        assessment_level=worker.assessment_level,
        status=worker.status,
    )


async def test_results(
    session: AsyncSession, ctx: GroupContext, test_id: uuid.UUID
) -> StructureTestResults:
    """Took part against the target, overall, by department and by shift, and where the
    assessments were wrong."""
    test = await get_test(session, ctx, test_id)
    scoped = await _scoped_workers(session, ctx, test)
    counts = await _counts(session, scoped)
    total: Counter[Participation] = Counter()
    for count in counts:
        total[count.status] += count.workers
    surprises = await _surprises(session, scoped)
    target = test.target_percent
    return StructureTestResults(
        test_id=test.id,
        total=tally(total, target),
        by_department=_by_place(counts, lambda count: count.department, target),
        by_shift=_by_place(counts, lambda count: count.shift, target),
        supportive_not_taking_part=[
            _surprise(worker) for worker in surprises if worker.assessment_level in SUPPORTIVE
        ],
        unsupportive_taking_part=[
            _surprise(worker) for worker in surprises if worker.assessment_level in UNSUPPORTIVE
        ],
    )


test_results.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
