"""The words meetings, motions and decisions share."""

from __future__ import annotations

from enum import StrEnum


class MotionStatus(StrEnum):
    tabled = "tabled"
    amended = "amended"
    carried = "carried"
    fell = "fell"
    withdrawn = "withdrawn"
    remitted = "remitted"


class MotionEnding(StrEnum):
    """How a motion leaves the meeting without a vote."""

    withdrawn = "withdrawn"
    remitted = "remitted"


# A motion still before the meeting: it may be seconded, amended, withdrawn, remitted or put.
UNDECIDED = frozenset({MotionStatus.tabled, MotionStatus.amended})
