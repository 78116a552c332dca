"""The kinds of solidarity action: shared by the table, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class ActionKind(StrEnum):
    picket_visit = "picket_visit"
    donation = "donation"
    collection = "collection"
    motion_passed = "motion_passed"
    demonstration = "demonstration"
    petition = "petition"
    online_action = "online_action"
    other = "other"
