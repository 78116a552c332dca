"""Which workers a piece of campaign work reaches: one select that structure tests use now and
call lists or committee coverage can reuse."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_
from sqlalchemy.sql import Select
from sqlmodel import col

from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.tenancy import in_group, scoped_select
from api.workplaces.models import Department, Shift

Place = tuple[uuid.UUID | None, str | None]
"""A department or shift as results report it: its id and name, both None for "none"."""


def place_order(place: Place) -> tuple[bool, str, str]:
    """Results list places by name, those without one last, places of the same name (at
    different workplaces) by id, so the order is the same on every request."""
    place_id, name = place
    return (name is None, name or "", str(place_id or ""))


@dataclass(frozen=True)
class WorkerScope:
    """Workers at any of `workplace_ids`, narrowed to `department_ids` and `shift_ids` when
    those are given, and to the contacts meeting all of `conditions` (a contact filter's)."""

    workplace_ids: Sequence[uuid.UUID]
    department_ids: Sequence[uuid.UUID] = ()
    shift_ids: Sequence[uuid.UUID] = ()
    conditions: Sequence[Any] = ()


def workers_in_scope(ctx: GroupContext, scope: WorkerScope, *columns: Any) -> Select[Any]:
    """`SELECT columns` of the group's contacts in `scope`."""
    conditions = [col(Contact.workplace_id).in_(scope.workplace_ids)]
    if scope.department_ids:
        conditions.append(col(Contact.department_id).in_(scope.department_ids))
    if scope.shift_ids:
        conditions.append(col(Contact.shift_id).in_(scope.shift_ids))
    conditions.extend(scope.conditions)
    return scoped_select(ctx, Contact, *columns).where(*conditions)


def with_places(ctx: GroupContext, statement: Select[Any]) -> Select[Any]:
    """Adds each contact's department and shift names (`department_name`, `shift_name`)."""
    return (
        statement.add_columns(
            col(Department.name).label("department_name"), col(Shift.name).label("shift_name")
        )
        .outerjoin(
            Department,
            and_(col(Department.id) == col(Contact.department_id), in_group(ctx, Department)),
        )
        .outerjoin(Shift, and_(col(Shift.id) == col(Contact.shift_id), in_group(ctx, Shift)))
    )
