"""The words the democracy domain's tables, shapes and routes share."""

from __future__ import annotations

from enum import StrEnum


class VoteSubject(StrEnum):
    motion = "motion"
    amendment = "amendment"
    question = "question"
    election = "election"


class VoteMethod(StrEnum):
    for_against_abstain = "for_against_abstain"
    choose_one = "choose_one"
    ranked = "ranked"


class Majority(StrEnum):
    simple = "simple"
    two_thirds = "two_thirds"


class VoteStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class VoteOutcome(StrEnum):
    carried = "carried"
    fell = "fell"
    elected = "elected"
    no_quorum = "no_quorum"
    no_majority = "no_majority"
    tied = "tied"


FOR_AGAINST_ABSTAIN = ("for", "against", "abstain")
