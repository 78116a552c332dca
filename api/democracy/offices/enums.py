"""The words the offices' tables, shapes and routes share."""

from __future__ import annotations

from enum import StrEnum


class TermEnd(StrEnum):
    """Why a term ended before, or when, it was due to."""

    term_over = "term_over"
    replaced = "replaced"
    recalled = "recalled"
    stood_down = "stood_down"


class NominationStatus(StrEnum):
    open = "open"
    standing = "standing"
    elected = "elected"
    not_elected = "not_elected"


class PetitionStatus(StrEnum):
    collecting = "collecting"
    voting = "voting"
    carried = "carried"
    failed = "failed"
    lapsed = "lapsed"  # the term ended (the holder stood down) before the recall was decided


DEFAULT_RECALL_THRESHOLD_PERCENT = 20
