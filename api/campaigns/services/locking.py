"""Serialising a group's recordings where a row is looked for before it is written."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.tenants import Group


async def wait_for_group_writers(session: AsyncSession, ctx: GroupContext) -> None:
    """Wait until the group's other writing transactions have committed, and hold them off
    until this one does. Every write bumps the group row's change number anyway; touching the
    row first makes what is read next current: a row lock on PostgreSQL, the database's
    write lock on SQLite (whose SELECT ... FOR UPDATE does nothing)."""
    await session.execute(
        update(Group).where(col(Group.id) == ctx.group_id).values(change_seq=col(Group.change_seq))
    )
