"""The tenant and who belongs to it: the tables every group-scoped request stands on.

The groups domain manages them (creating groups, roles, invites); the kernel reads them to turn
a caller into a membership and to number the group's change log.
"""

from __future__ import annotations

import uuid

from sqlalchemy import String, UniqueConstraint, false
from sqlmodel import Field

from api.core.db import GroupRecord, TableBase
from api.core.permissions import Role


class Group(TableBase, table=True):
    __tablename__ = "groups"

    name: str = Field(max_length=120)
    is_demo: bool = Field(default=False)
    version: int = Field(default=1)
    # Bumped in the same transaction as every write to the group's records, so the
    # change log is numbered in commit order (the row lock serialises writers).
    change_seq: int = Field(default=0)
    # Everyone reaching the group (people and their API tokens) must use two-factor login.
    require_two_factor: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The language mail to someone the group knows no language of is written in (an invite to a
    # new address), and the one an account made from its invite starts in; None is British English.
    default_language: str | None = Field(default=None, max_length=10)


class Membership(GroupRecord, table=True):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role: Role = Field(sa_type=String(20))
