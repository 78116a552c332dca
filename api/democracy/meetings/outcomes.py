"""What a closed vote does to the motion or amendment put to it.

A hook the votes service calls as a vote closes (plugged in by `api/wiring.py`), in the same
transaction, so a motion's status never disagrees with its vote's result."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.records import RecordWriter
from api.core.tenancy import get_scoped, scoped_select
from api.democracy.enums import VoteOutcome
from api.democracy.meetings.enums import MotionStatus
from api.democracy.meetings.models import Motion
from api.democracy.models import Vote


async def settle_motion(session: AsyncSession, ctx: GroupContext, vote: Vote) -> None:
    """A carried vote carries the motion; any other outcome (lost, tied, inquorate) and it
    falls. A carried amendment rewrites its substantive motion, whose earlier wording is kept
    in its history, and marks it amended."""
    statement = scoped_select(ctx, Motion).where(col(Motion.vote_id) == vote.id)
    motion = (await session.execute(statement)).scalars().first()
    if motion is None:
        return
    carried = (vote.results or {}).get("outcome") == VoteOutcome.carried.value
    writer = RecordWriter.for_context(session, ctx)
    status = MotionStatus.carried if carried else MotionStatus.fell
    await writer.update(motion, {"status": status.value})
    if not carried or motion.amends_id is None:
        return
    substantive = await get_scoped(session, ctx, Motion, motion.amends_id, for_update=True)
    earlier = {
        "text": substantive.text,
        "replaced_at": utcnow().isoformat(),
        "replaced_by": str(motion.id),
    }
    await writer.update(
        substantive,
        {
            "text": motion.text,
            "status": MotionStatus.amended.value,
            "text_history": [*substantive.text_history, earlier],
        },
    )
