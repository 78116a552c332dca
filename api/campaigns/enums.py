"""The words campaigns are told in: shared by their tables, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class TestKind(StrEnum):
    """The rungs of an escalation ladder; `own` is a kind the group names itself."""

    __test__ = False  # not a pytest class, despite its name

    majority_petition = "majority_petition"
    photo_petition = "photo_petition"
    badge_day = "badge_day"
    march_on_the_boss = "march_on_the_boss"
    indicative_vote = "indicative_vote"
    strike = "strike"
    own = "own"


PETITION_KINDS = frozenset({TestKind.majority_petition, TestKind.photo_petition})


class Participation(StrEnum):
    """Where a worker in a structure test's scope stands. `not_asked` is also what a worker
    with no recorded row is."""

    not_asked = "not_asked"
    took_part = "took_part"
    refused = "refused"
    unreachable = "unreachable"


class SignatureMethod(StrEnum):
    paper = "paper"
    online = "online"


class BallotDuty(StrEnum):
    """The statutory deadlines of a ballot that become follow-ups, in date order."""

    ballot_notice = "ballot_notice"
    scrutineer = "scrutineer"
    sample_paper = "sample_paper"
    close = "close"
    action_notice = "action_notice"
    mandate_end = "mandate_end"
