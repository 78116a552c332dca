from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditEventRead(BaseModel):
    id: uuid.UUID
    at: datetime
    actor_user_id: uuid.UUID | None = Field(description="Who (null if their account is gone)")
    actor_name: str | None
    actor_token_id: uuid.UUID | None = Field(description="The API token used, if any")
    action: str = Field(description="What was done, e.g. `export`")
    record_type: str = Field(description="contacts, conversations, disputes or actions")
    file_format: str | None = Field(description="csv or xlsx")
    filters: dict[str, Any] = Field(description="The filters given, as sent")
    row_count: int = Field(description="How many records the file held")
