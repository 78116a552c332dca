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
