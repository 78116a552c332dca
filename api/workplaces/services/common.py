"""What every resource of a workplace needs: finding the workplace it belongs to, and sorting
by name or time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.errors import NotFound
from api.core.tenancy import get_scoped
from api.workplaces.models import Workplace


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
