"""The group's figures as they stood each ISO week, kept so the dashboard's trends are real
history rather than recomputed from records that have since changed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupOwned, UTCDateTime


class WeeklySnapshot(GroupOwned, table=True):
    """One row per group per ISO week (`week_start` is its Monday), written once by the daily
    maintenance: the map as it stood when taken, and the conversations of the seven days
    before."""

    __tablename__ = "weekly_snapshots"
    __table_args__ = (UniqueConstraint("group_id", "week_start"),)

    week_start: date = Field(index=True)
    taken_at: datetime = Field(sa_type=UTCDateTime)
    headcount: int = Field(default=0)
    contacts: int = Field(default=0)
    held: int = Field(default=0)
    committee: int = Field(default=0)
    level_1: int = Field(default=0)
    level_2: int = Field(default=0)
    level_3: int = Field(default=0)
    level_4: int = Field(default=0)
    level_5: int = Field(default=0)
    unassessed: int = Field(default=0)
    conversations: int = Field(default=0)
