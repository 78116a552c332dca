from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

from api.core.fields import Name, refuse_true_and_false
from api.privacy.enums import RetentionKind


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


class RetentionRuleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: StrictBool
    months: Annotated[int, Field(ge=1, le=600), BeforeValidator(refuse_true_and_false)] = Field(
        description="How old, in months, before it applies"
    )


class RetentionUpdate(BaseModel):
    """Both rules, as they should be from now on."""

    model_config = ConfigDict(extra="forbid")

    conversation_notes: RetentionRuleSettings
    inactive_contacts: RetentionRuleSettings


class RetentionRuleRead(BaseModel):
    kind: RetentionKind
    description: str
    enabled: bool = Field(description="Rules are off until an owner turns them on")
    months: int
    last_run_at: datetime | None = Field(description="When it last ran (null: never)")
    last_removed: dict[str, int] = Field(
        description="What its last run removed, counted per kind (empty: nothing, or never run)"
    )


class RetentionRules(BaseModel):
    rules: list[RetentionRuleRead]


class RetentionCandidate(BaseModel):
    """A record a rule would change: a conversation whose notes would be cleared, or a contact
    who would be erased."""

    type: str = Field(examples=["conversation", "contact"])
    id: uuid.UUID
    contact_id: uuid.UUID
    contact_name: str
    at: datetime = Field(
        description="The conversation's date, or when the contact was last talked to (or "
        "added, if never)"
    )


class RetentionPreview(BaseModel):
    kind: RetentionKind
    months: int
    cutoff: datetime = Field(description="Records older than this are affected")
    total: int = Field(description="How many records the rule would change now")
    items: list[RetentionCandidate]
    next_cursor: str | None


class RetentionOutcome(BaseModel):
    kind: RetentionKind
    months: int
    removed: dict[str, int]


class RetentionRun(BaseModel):
    ran_at: datetime
    outcomes: list[RetentionOutcome] = Field(description="One per enabled rule")
