"""Request and response shapes for a dispute's strike fund: its ledger of money in and out."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from api.core.fields import Day, Money, Text500
from api.disputes.enums import FundDirection, FundEntryKind


class FundEntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entry_on: Day = Field(description="The day the money came in or went out")
    kind: FundEntryKind = Field(
        description="Money in: opening_balance, donation, collection, levy, "
        "solidarity_collection. Money out: strike_pay, hardship, costs"
    )
    amount: Money = Field(description="In pounds, never negative: `kind` says which way it went")
    description: Text500 = None
    recipient_id: uuid.UUID | None = Field(
        default=None,
        description="The contact paid (strike_pay or hardship only); shown only to those who "
        "manage disputes",
    )
    action_id: uuid.UUID | None = Field(
        default=None,
        description="The solidarity action whose collection this is (solidarity_collection only)",
    )
    allow_future_date: bool = Field(
        default=False, description="Set to record money dated after today (it is refused otherwise)"
    )


class FundEntryReversal(BaseModel):
    """A correction: the entry is cancelled by an equal and opposite one dated today."""

    model_config = ConfigDict(extra="forbid")

    description: Text500 = Field(default=None, description="Why it is reversed")


class FundEntryRead(BaseModel):
    id: uuid.UUID
    dispute_id: uuid.UUID
    entry_on: date
    kind: FundEntryKind
    direction: FundDirection
    amount: Decimal = Field(description="As entered, never negative")
    signed_amount: Decimal = Field(
        description="What it adds to the balance: negative for money out and for a reversal of "
        "money in"
    )
    description: str | None
    recipient_id: uuid.UUID | None = Field(description="Null when hidden from you")
    recipient_name: str | None
    recipient_hidden: bool = Field(
        description="True when a recipient is recorded but you may not see who (only those who "
        "manage disputes may)"
    )
    action_id: uuid.UUID | None
    reverses_id: uuid.UUID | None
    reversed_by_id: uuid.UUID | None = Field(description="The entry that reverses this one")
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: uuid.UUID | None = Field(description="Who recorded it")
    updated_by: uuid.UUID | None


class FundTotals(BaseModel):
    raised: Decimal = Field(description="Money in, less reversals")
    spent: Decimal = Field(description="Money out, less reversals")
    balance: Decimal = Field(description="raised - spent")
