"""Counting votes: for/against/abstain and choose-one tallies, and ranked choice by instant
run-off (one seat) or the single transferable vote (several seats).

Pure functions over the published list of choices, so anyone can recount from it. Ranked
counts use exact fractions. The quota is a majority of the ballots still in play for one
seat, and the Droop quota (floor(valid / (seats + 1)) + 1) for several; an elected
candidate's surplus moves on at a reduced value (every ballot counting for them, at
surplus / their total: the Gregory method). A tie for exclusion (or election) goes against
(or to) the candidate who was behind (or ahead) in the latest earlier round where they
differed; if they were level throughout, against the candidate listed last on the ballot
paper. Each round says how its tie was settled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from api.democracy.enums import FOR_AGAINST_ABSTAIN, Majority, VoteMethod, VoteOutcome


@dataclass(frozen=True)
class Rules:
    method: VoteMethod
    options: Sequence[str]
    seats: int = 1
    quorum: int | None = None
    majority: Majority = Majority.simple


def _number(value: Fraction) -> str:
    """A count as published: whole numbers as they are, fractions to four places."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.4f}"


def meets_majority(support: int, opposed: int, majority: Majority) -> bool:
    """Abstentions count for neither side."""
    if majority is Majority.two_thirds:
        return support > 0 and 3 * support >= 2 * (support + opposed)
    return support > opposed


def count(rules: Rules, choices: Sequence[Sequence[str]]) -> dict[str, Any]:
    """The result of a vote from its choices (one list per ballot: the option chosen, or the
    options in order of preference)."""
    turnout = len(choices)
    quorum_met = rules.quorum is None or turnout >= rules.quorum
    result: dict[str, Any] = {"turnout": turnout, "quorum_met": quorum_met}
    if rules.method is VoteMethod.ranked:
        result.update(ranked_count(rules.options, rules.seats, choices))
        outcome = VoteOutcome.elected if result["elected"] else VoteOutcome.no_majority
    else:
        tallies = dict.fromkeys(rules.options, 0)
        for choice in choices:
            tallies[choice[0]] += 1
        result["tallies"] = tallies
        outcome = _single_outcome(rules, tallies)
        if outcome is VoteOutcome.elected:
            result["elected"] = [max(tallies, key=lambda option: tallies[option])]
    result["outcome"] = (outcome if quorum_met else VoteOutcome.no_quorum).value
    return result


def _single_outcome(rules: Rules, tallies: dict[str, int]) -> VoteOutcome:
    if rules.method is VoteMethod.for_against_abstain:
        support, opposed, _ = (tallies[option] for option in FOR_AGAINST_ABSTAIN)
        return (
            VoteOutcome.carried
            if meets_majority(support, opposed, rules.majority)
            else VoteOutcome.fell
        )
    ordered = sorted(tallies.values(), reverse=True)
    if not ordered or ordered[0] == 0:
        return VoteOutcome.no_majority
    if len(ordered) > 1 and ordered[0] == ordered[1]:
        return VoteOutcome.tied
    leader = ordered[0]
    if meets_majority(leader, sum(ordered) - leader, rules.majority):
        return VoteOutcome.elected
    return VoteOutcome.no_majority


@dataclass
class _Paper:
    preferences: list[str]
    value: Fraction = field(default_factory=lambda: Fraction(1))

    def current(self, continuing: set[str]) -> str | None:
        return next((option for option in self.preferences if option in continuing), None)


def _settle_tie(
    tied: list[str], history: list[dict[str, Fraction]], options: Sequence[str], *, lowest: bool
) -> tuple[str, str | None]:
    """The candidate to exclude (lowest) or elect among `tied`, and how the tie was settled."""
    if len(tied) == 1:
        return tied[0], None
    for earlier in reversed(history[:-1]):
        values = {option: earlier.get(option, Fraction(0)) for option in tied}
        pick = min(values.values()) if lowest else max(values.values())
        still = [option for option in tied if values[option] == pick]
        if len(still) < len(tied):
            if len(still) == 1:
                return still[0], "earlier_round"
            tied = still
    # Level throughout: the candidate listed last goes out first (or is elected last).
    by_paper = sorted(tied, key=options.index)
    return (by_paper[-1] if lowest else by_paper[0]), "ballot_paper_order"


def ranked_count(
    options: Sequence[str], seats: int, rankings: Sequence[Sequence[str]]
) -> dict[str, Any]:
    papers = [_Paper(list(ranking)) for ranking in rankings if ranking]
    valid = len(papers)
    continuing = set(options)
    elected: list[str] = []
    rounds: list[dict[str, Any]] = []
    history: list[dict[str, Fraction]] = []
    droop = Fraction(valid // (seats + 1) + 1)
    while len(elected) < seats and continuing:
        tallies = {option: Fraction(0) for option in options if option in continuing}
        exhausted = Fraction(0)
        for paper in papers:
            choice = paper.current(continuing)
            if choice is None:
                exhausted += paper.value
            else:
                tallies[choice] += paper.value
        history.append(tallies)
        in_play = sum(tallies.values(), Fraction(0))
        quota = Fraction(int(in_play) // 2 + 1) if seats == 1 else droop
        round_: dict[str, Any] = {
            "tallies": {option: _number(value) for option, value in tallies.items()},
            "exhausted": _number(exhausted),
            "quota": _number(quota),
            "elected": [],
            "excluded": [],
            "tie_settled_by": None,
        }
        rounds.append(round_)
        if len(continuing) <= seats - len(elected):
            # As many candidates left as seats: all are elected, in the order of their votes.
            for option in sorted(continuing, key=lambda o: (-tallies[o], options.index(o))):
                elected.append(option)
                round_["elected"].append(option)
            break
        reached = [option for option, value in tallies.items() if value >= quota and value > 0]
        if reached:
            top = max(tallies[option] for option in reached)
            winner, how = _settle_tie(
                [o for o in reached if tallies[o] == top], history, options, lowest=False
            )
            elected.append(winner)
            round_["elected"].append(winner)
            round_["tie_settled_by"] = how
            continuing.discard(winner)
            surplus = tallies[winner] - quota
            if tallies[winner] > 0:
                ratio = surplus / tallies[winner] if seats > 1 else Fraction(0)
                for paper in papers:
                    if paper.current(continuing | {winner}) == winner:
                        paper.value *= ratio
            continue
        bottom = min(tallies.values())
        loser, how = _settle_tie(
            [o for o, value in tallies.items() if value == bottom], history, options, lowest=True
        )
        continuing.discard(loser)
        round_["excluded"].append(loser)
        round_["tie_settled_by"] = how
    return {"valid": valid, "elected": elected, "rounds": rounds}
