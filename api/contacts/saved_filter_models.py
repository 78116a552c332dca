"""Saved contact filters: a named filter of the contact list, shared with the group or kept
by its author alone."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from sqlalchemy import JSON, Column
from sqlmodel import Field

from api.core.db import GroupRecord

SHARED_FILTER = "saved_filter"
# A private filter's changes are logged under a type no integration is shown (not in
# api/changes/types.py): neither the change feed nor a webhook may tell the group about it.
PRIVATE_FILTER = "private_saved_filter"


class SavedFilter(GroupRecord, table=True):
    __tablename__ = "saved_filters"
    __entity_type__: ClassVar[str] = SHARED_FILTER

    name: str = Field(max_length=200)
    # Chosen when the filter is saved and never changed, so a change entry logged as shared
    # can never come to stand for a private filter, nor the other way round.
    shared: bool = Field(default=False)
    owner_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    # The `ContactFilterSpec` as JSON, without the conditions it does not set.
    filter: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    def row_entity_type(self) -> str:
        return SHARED_FILTER if self.shared else PRIVATE_FILTER
