from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.core.changelog import Operation


class ChangeItem(BaseModel):
    """One create, update or delete of a record, in commit order."""

    seq: int = Field(description="Position in the group's change log (increases in commit order)")
    type: str = Field(examples=["contact"], description="The record's entity type")
    id: uuid.UUID = Field(description="The record's id")
    operation: Operation
    at: datetime = Field(description="When the change was made")
    actor: uuid.UUID | None = Field(
        description="The member who made the change (null for deletes and system changes)"
    )
    changed_fields: list[str] = Field(
        description="Names of the fields this change set (empty for deletes)"
    )
    record: dict[str, Any] | None = Field(
        description=(
            "For creates and updates: the record as it is NOW, shaped like an item of its "
            "type's list endpoint; null if it has since been deleted (a later delete follows)"
        )
    )


class ChangePage(BaseModel):
    items: list[ChangeItem]
    next_cursor: str | None = Field(
        description="More changes are waiting: call again with this. Null when caught up."
    )
    cursor: str = Field(
        description="Where this page ends. Store it and pass it as `cursor` on your next pull."
    )


class ChangeHead(BaseModel):
    cursor: str = Field(
        description="The current end of the change log: take it before a full resync, then "
        "continue from it"
    )


class CompactionResult(BaseModel):
    changes_deleted: int
    tombstones_deleted: int
