"""Per-group rate limits for costly work (an import's upload, preview and run), counted in
the database so every app worker sees the same counts.

Each limit is a fixed window: the first use opens it, every use in it is counted, and past
the limit the caller is told how long until the window closes (429 with `Retry-After`). A use
is counted in its own short transaction before the work starts, so it counts even when the
work is then refused or fails: a hostile file that is turned away still costs its sender."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import UniqueConstraint, case
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import Field, col, select

from api.core.context import GroupContext
from api.core.db import GroupOwned, UTCDateTime, new_id, utcnow
from api.core.errors import TooManyRequests
from api.core.upsert import insert_for


class GroupRateCount(GroupOwned, table=True):
    """Uses of one limited action by one group in the current window."""

    __tablename__ = "group_rate_counts"
    __table_args__ = (UniqueConstraint("group_id", "action"),)

    action: str = Field(max_length=40)
    window_started_at: datetime = Field(sa_type=UTCDateTime)
    uses: int = Field(default=0)


class RateLimited(TooManyRequests):
    code = "rate_limited"


@dataclass(frozen=True)
class Rate:
    action: str  # what is counted, e.g. "import_upload"
    limit: int  # uses allowed per window
    window: timedelta
    refusal: str  # what the caller is told past the limit


async def count_use(
    sessionmaker: async_sessionmaker[AsyncSession],
    ctx: GroupContext,
    rate: Rate,
    *,
    now: datetime | None = None,
) -> None:
    """Counts one use of `rate.action` by the caller's group; refuses it past the limit."""
    now = now or utcnow()
    window_closed = col(GroupRateCount.window_started_at) <= now - rate.window
    async with sessionmaker() as session, session.begin():
        statement = (
            insert_for(session, GroupRateCount)
            .values(
                id=new_id(),
                group_id=ctx.group_id,
                action=rate.action,
                window_started_at=now,
                uses=1,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_update(
                index_elements=[GroupRateCount.group_id, GroupRateCount.action],
                set_={
                    "uses": case((window_closed, 1), else_=col(GroupRateCount.uses) + 1),
                    "window_started_at": case(
                        (window_closed, now), else_=col(GroupRateCount.window_started_at)
                    ),
                    "updated_at": now,
                },
            )
        )
        await session.execute(statement)
        uses, started = (
            await session.execute(
                select(col(GroupRateCount.uses), col(GroupRateCount.window_started_at)).where(
                    col(GroupRateCount.group_id) == ctx.group_id,
                    col(GroupRateCount.action) == rate.action,
                )
            )
        ).one()
    if uses > rate.limit:
        wait = started + rate.window - now
        raise RateLimited(int(wait.total_seconds()) + 1, rate.refusal)
