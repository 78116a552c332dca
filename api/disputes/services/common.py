"""What every resource of a dispute needs: finding the dispute it belongs to."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.context import GroupContext
from api.core.errors import NotFound
from api.core.tenancy import get_scoped
from api.disputes.models import Dispute


class DisputeNotFound(NotFound):
    code = "dispute_not_found"
    detail = "Dispute not found"


async def get_dispute(session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID) -> Dispute:
    return await get_scoped(session, ctx, Dispute, dispute_id, DisputeNotFound)
