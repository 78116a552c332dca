"""What every resource of a workplace needs: finding the workplace it belongs to, and sorting
by name or time."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.errors import NotFound
from api.core.records import RecordWriter
from api.core.references import invalid
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import expected_version, update_checked
from api.workplaces.models import Department, Shift, Workplace, name_key

RecordT = TypeVar("RecordT", Department, Shift)


class PartUpdate(Protocol):
    version: int | None

    def model_dump(self, *, exclude_unset: bool, exclude: set[str]) -> dict[str, Any]: ...


class WorkplaceNotFound(NotFound):
    code = "workplace_not_found"
    detail = "Workplace not found"


async def get_workplace(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID, *, for_update: bool = False
) -> Workplace:
    return await get_scoped(
        session, ctx, Workplace, workplace_id, WorkplaceNotFound, for_update=for_update
    )


def name_sorts(model: Any) -> dict[str, tuple[Any, type]]:
    """The sorts every list here offers: `name` (ignoring case), `created_at`, `updated_at`."""
    return {
        "name": (func.lower(col(model.name)), str),
        "created_at": (col(model.created_at), datetime),
        "updated_at": (col(model.updated_at), datetime),
    }


# A second "Nights" beside "nights " would split one shift's people in two on the wall chart.
NAME_TAKEN = "name_taken"


async def check_name_free(
    session: AsyncSession,
    ctx: GroupContext,
    model: Any,
    workplace_id: uuid.UUID,
    name: str,
    *,
    noun: str,
    except_id: uuid.UUID | None = None,
) -> None:
    """A 422 on `name` (`name_taken`) when the workplace already has this `model` by that name."""
    statement = scoped_select(ctx, model, col(model.id), col(model.name)).where(
        col(model.workplace_id) == workplace_id, col(model.name_key) == name_key(name)
    )
    for record_id, existing in (await session.execute(statement)).all():
        if record_id != except_id:
            raise invalid(
                "name", f"This workplace already has a {noun} called {existing}", code=NAME_TAKEN
            )


async def update_part(
    session: AsyncSession,
    ctx: GroupContext,
    record: RecordT,
    data: PartUpdate,
    if_match: str | None,
    present: Callable[[RecordT], BaseModel],
) -> RecordT:
    """A department's or shift's partial update, its compared name kept with its name."""
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "name" in changes:
        changes["name_key"] = name_key(changes["name"])
    writer = RecordWriter.for_context(session, ctx)
    return await update_checked(writer, record, changes, expected, present)
