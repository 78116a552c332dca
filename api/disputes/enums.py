"""The words a dispute is told in: shared by its tables, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class DisputeStatus(StrEnum):
    brewing = "brewing"
    formal_dispute = "formal_dispute"
    balloting = "balloting"
    action = "action"
    won = "won"
    lost = "lost"
    settled = "settled"
    dropped = "dropped"


class DemandStatus(StrEnum):
    pending = "pending"
    won = "won"
    lost = "lost"
    dropped = "dropped"


class EventKind(StrEnum):
    meeting = "meeting"
    grievance = "grievance"
    negotiation = "negotiation"
    ballot = "ballot"
    strike_day = "strike_day"
    other = "other"


class DisputePart(StrEnum):
    rep = "rep"
    striker = "striker"
    supporter = "supporter"


class BallotKind(StrEnum):
    indicative = "indicative"
    statutory = "statutory"


class FundEntryKind(StrEnum):
    """Why money came into or went out of a strike fund."""

    opening_balance = "opening_balance"
    donation = "donation"
    collection = "collection"
    levy = "levy"
    solidarity_collection = "solidarity_collection"
    strike_pay = "strike_pay"
    hardship = "hardship"
    costs = "costs"


class FundDirection(StrEnum):
    money_in = "in"
    money_out = "out"


MONEY_OUT = frozenset({FundEntryKind.strike_pay, FundEntryKind.hardship, FundEntryKind.costs})
# Payments to a person: the recipient is named, and only those who manage disputes see who.
PAID_TO_PEOPLE = frozenset({FundEntryKind.strike_pay, FundEntryKind.hardship})


def direction_of(kind: FundEntryKind) -> FundDirection:
    return FundDirection.money_out if kind in MONEY_OUT else FundDirection.money_in
