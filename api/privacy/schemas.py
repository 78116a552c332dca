from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.core.fields import Name


class ErasureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm_name: Name = Field(
        description="The contact's full name, typed out: the erasure cannot be undone"
    )


class ErasureReport(BaseModel):
    """What an erasure removed. Kept in the audit trail as it is here: ids and counts, no name."""

    contact_id: uuid.UUID
    erased_at: datetime
    removed: dict[str, int] = Field(
        description="How many of each kind went: the contact and the records deleted with it "
        "(by record type), `idempotent_answers`, `import_files` and `webhook_deliveries`",
        examples=[{"contact": 1, "conversation": 3, "import_files": 1}],
    )
    total: int
