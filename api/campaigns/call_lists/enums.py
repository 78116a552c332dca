"""The words call and visit lists are told in."""

from __future__ import annotations

from enum import StrEnum


class ListKind(StrEnum):
    call = "call"
    visit = "visit"


class Outcome(StrEnum):
    """What came of one attempt to reach a worker."""

    talked = "talked"
    no_answer = "no_answer"
    wrong_number = "wrong_number"
    call_back = "call_back"
    do_not_contact = "do_not_contact"


# Outcomes after which a list has nothing more to do with the worker.
FINISHING = frozenset({Outcome.talked, Outcome.wrong_number, Outcome.do_not_contact})
