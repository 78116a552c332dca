"""Industrial action ballot rules for Great Britain, kept as dated data.

The thresholds and periods live in `ballot_rules.json`, one rule set per change in the law,
each with the date from which it applies; a ballot is judged by the rule set in force on its
opening day. This module only reads that data and does the arithmetic, so a change in the law
is a new entry in the file, not a code change. The one setting involved,
`TURNOUT_THRESHOLD_ENDS_ON`, is the day the 50% turnout threshold stops applying (to be set by
regulations under the Employment Rights Act 2025); it is read per call, not cached.

Conventions (stated to users in the verdict's notes):
- Turnout counts every vote cast, spoilt papers included, against those entitled to vote.
- The majority test compares yes with no: yes must be more than no (a tie fails). Spoilt
  papers count towards turnout but are votes neither way.
- The mandate is a period of months *beginning with* the day the ballot closed, so its last
  day is the day before the same date that many months later (or the month's last day).
- Notice of action is assumed to be given on the day the ballot closes (the day the result is
  known). The law wants it received before the Nth day before action starts, so the N notice
  days are counted from the next day and action may start the day after they run out.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.disputes.enums import BallotKind
from api.disputes.schemas.ballots import (
    BallotVerdict,
    PreBallotDuties,
    RuleSetRef,
    ThresholdCheck,
    ThresholdKey,
)

RULES_FILE = Path(__file__).with_name("ballot_rules.json")


class RuleSet(BaseModel):
    """One dated set of ballot rules; see ballot_rules.json."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    valid_from: date = Field(description="Applies to ballots opening on or after this day")
    source: str
    turnout_percent: Decimal | None = Field(description="Minimum turnout; null for none")
    turnout_threshold_ends_by_setting: bool = Field(
        default=False,
        description="If true, TURNOUT_THRESHOLD_ENDS_ON ends the turnout threshold for ballots "
        "opening on or after that day",
    )
    important_public_service_yes_percent: Decimal | None = Field(
        description="Minimum yes votes as a share of all entitled, in important public services"
    )
    mandate_months: int = Field(ge=1)
    mandate_months_if_employer_agrees: int | None = Field(ge=1)
    action_notice_days: int = Field(ge=0)
    action_notice_days_if_employer_agrees: int | None = Field(ge=0)
    ballot_notice_days_before_opening: int = Field(ge=0)
    sample_paper_days_before_opening: int = Field(ge=0)
    scrutineer_if_entitled_over: int = Field(ge=0)

    def ref(self) -> RuleSetRef:
        return RuleSetRef(
            id=self.id, name=self.name, valid_from=self.valid_from, source=self.source
        )


class BallotRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    jurisdiction: str
    law: str
    rule_sets: list[RuleSet] = Field(min_length=1)

    @field_validator("rule_sets")
    @classmethod
    def dated_in_order(cls, value: list[RuleSet]) -> list[RuleSet]:
        dates = [rule_set.valid_from for rule_set in value]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("rule sets must be listed oldest first, with distinct valid_from")
        return value

    def for_opening(self, opens_on: date) -> RuleSet | None:
        """The rule set in force on the ballot's opening day, or None before the first."""
        chosen = None
        for rule_set in self.rule_sets:
            if rule_set.valid_from <= opens_on:
                chosen = rule_set
        return chosen


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> BallotRules:
    """Read and check the rules file once per process."""
    return BallotRules.model_validate_json(path.read_bytes())


@dataclass(frozen=True)
class BallotFacts:
    kind: BallotKind
    opens_on: date
    closes_on: date
    entitled_to_vote: int | None = None
    votes_cast: int | None = None
    yes_votes: int | None = None
    no_votes: int | None = None
    spoilt: int | None = None
    important_public_service: bool = False
    employer_agreed_longer_mandate: bool = False
    employer_agreed_shorter_notice: bool = False


def percent(part: int | None, whole: int | None) -> float | None:
    """`part` as a percentage of `whole`, rounded half-up to two places; None if unknowable."""
    if part is None or whole is None or whole == 0:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(value)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mandate_last_day(closes_on: date, months: int) -> date:
    """Last day of a period of `months` beginning with `closes_on`."""
    return add_months(closes_on - timedelta(days=1), months)


def earliest_action_day(closes_on: date, notice_days: int) -> date:
    """Notice given on the closing day; `notice_days` full days follow; action the day after."""
    return closes_on + timedelta(days=notice_days + 1)


def _fewest_votes(whole: int, required_percent: Decimal) -> int:
    """The fewest votes that are at least `required_percent` of `whole` (exact arithmetic)."""
    return math.ceil(Fraction(whole) * Fraction(required_percent) / 100)


def _points(actual: float | None, required: Decimal) -> float | None:
    if actual is None:
        return None
    return float((Decimal(str(actual)) - required).quantize(Decimal("0.01")))


def _share_check(
    key: ThresholdKey,
    description: str,
    basis: str,
    required: Decimal,
    votes: int | None,
    whole: int | None,
) -> ThresholdCheck:
    """A test of the form `votes` is at least `required`% of `whole`."""
    known = votes is not None and whole is not None
    required_votes = _fewest_votes(whole, required) if whole is not None else None
    actual_percent = percent(votes, whole)
    met = None
    margin = None
    if known and required_votes is not None and votes is not None:
        met = votes >= required_votes
        margin = votes - required_votes
    return ThresholdCheck(
        key=key,
        description=description,
        basis=basis,
        comparison="at_least",
        required_percent=float(required),
        actual_percent=actual_percent,
        required_votes=required_votes,
        actual_votes=votes,
        met=met,
        margin_votes=margin,
        margin_percent=_points(actual_percent, required),
    )


def _majority_check(yes: int | None, no: int | None) -> ThresholdCheck:
    valid = None if yes is None or no is None else yes + no
    required_votes = None if valid is None else valid // 2 + 1
    met = None if yes is None or no is None else yes > no
    actual_percent = percent(yes, valid)
    return ThresholdCheck(
        key="majority",
        description="A majority of those voting answered yes (more yes than no votes)",
        basis="valid votes (yes + no; spoilt papers are neither)",
        comparison="more_than",
        required_percent=50.0,
        actual_percent=actual_percent,
        required_votes=required_votes,
        actual_votes=yes,
        met=met,
        margin_votes=None if required_votes is None or yes is None else yes - required_votes,
        margin_percent=_points(actual_percent, Decimal(50)),
    )


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _describe(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def ballot_verdict(
    facts: BallotFacts,
    *,
    turnout_threshold_ends_on: date | None,
    rules: BallotRules | None = None,
) -> BallotVerdict:
    """Judge a ballot by the rule set in force on its opening day."""
    rules = rules or load_rules()
    statutory = BallotKind(facts.kind) is BallotKind.statutory
    entitled, cast = facts.entitled_to_vote, facts.votes_cast
    yes, no = facts.yes_votes, facts.no_votes
    valid = None if yes is None or no is None else yes + no
    figures = {
        "turnout_percent": percent(cast, entitled),
        "yes_percent_of_valid_votes": percent(yes, valid),
        "yes_percent_of_votes_cast": percent(yes, cast),
        "yes_percent_of_entitled": percent(yes, entitled),
    }
    notes = [
        "Turnout counts every vote cast, spoilt papers included, against those entitled to "
        "vote. The majority test compares yes with no votes only.",
    ]
    if not statutory:
        notes.append(
            "An indicative ballot gives no legal mandate for industrial action; the figures "
            "show how it compares with the statutory thresholds."
        )

    rule_set = rules.for_opening(facts.opens_on)
    if rule_set is None:
        first = rules.rule_sets[0]
        return BallotVerdict(
            outcome="no_rule_set",
            statutory=statutory,
            gives_mandate=False,
            explanation=(
                f"No ballot rules are known for ballots opening before "
                f"{_describe(first.valid_from)} (when the {first.name} rules began), so the "
                "thresholds and dates are not worked out."
            ),
            rule_set=None,
            thresholds=[],
            passed=None,
            mandate_months=None,
            mandate_ends_on=None,
            notice_days=None,
            earliest_action_on=None,
            pre_ballot=None,
            notes=notes,
            **figures,
        )

    thresholds: list[ThresholdCheck] = []
    if rule_set.turnout_percent is not None:
        ended = (
            rule_set.turnout_threshold_ends_by_setting
            and turnout_threshold_ends_on is not None
            and facts.opens_on >= turnout_threshold_ends_on
        )
        if ended:
            assert turnout_threshold_ends_on is not None
            notes.append(
                f"The {_fmt(rule_set.turnout_percent)}% turnout threshold ended for ballots "
                f"opening on or after {_describe(turnout_threshold_ends_on)}, so it does not "
                "apply to this ballot."
            )
        else:
            thresholds.append(
                _share_check(
                    "turnout",
                    f"At least {_fmt(rule_set.turnout_percent)}% of those entitled to vote did so",
                    "everyone entitled to vote",
                    rule_set.turnout_percent,
                    cast,
                    entitled,
                )
            )
    thresholds.append(_majority_check(yes, no))
    if facts.important_public_service:
        if rule_set.important_public_service_yes_percent is not None:
            required = rule_set.important_public_service_yes_percent
            thresholds.append(
                _share_check(
                    "important_public_service_support",
                    f"In an important public service, at least {_fmt(required)}% of all those "
                    "entitled to vote answered yes",
                    "everyone entitled to vote",
                    required,
                    yes,
                    entitled,
                )
            )
        else:
            notes.append(
                f"Under the {rule_set.name} rules there is no extra support threshold for "
                "important public services."
            )

    results = [check.met for check in thresholds]
    passed = None if any(met is None for met in results) else all(results)
    outcome = "awaiting_figures" if passed is None else ("passed" if passed else "failed")

    mandate_months = notice_days = None
    mandate_ends_on = earliest_action_on = None
    pre_ballot = None
    if statutory:
        mandate_months = rule_set.mandate_months
        if facts.employer_agreed_longer_mandate:
            if rule_set.mandate_months_if_employer_agrees is not None:
                mandate_months = rule_set.mandate_months_if_employer_agrees
            else:
                notes.append(
                    f"Under the {rule_set.name} rules an agreement with the employer does not "
                    f"change the {rule_set.mandate_months}-month mandate."
                )
        notice_days = rule_set.action_notice_days
        if facts.employer_agreed_shorter_notice:
            if rule_set.action_notice_days_if_employer_agrees is not None:
                notice_days = rule_set.action_notice_days_if_employer_agrees
            else:
                notes.append(
                    f"Under the {rule_set.name} rules an agreement with the employer does not "
                    f"change the {rule_set.action_notice_days}-day notice of action."
                )
        if passed is not False:
            mandate_ends_on = mandate_last_day(facts.closes_on, mandate_months)
            earliest_action_on = earliest_action_day(facts.closes_on, notice_days)
            notes.append(
                f"The mandate is the {mandate_months} months beginning with the closing day, "
                f"so its last day is {_describe(mandate_ends_on)}."
            )
            notes.append(
                "Assuming notice of action is given to the employer on the day the ballot "
                f"closes (the day the result is known), the {notice_days} notice days run "
                f"from the next day and action may start on {_describe(earliest_action_on)} "
                "at the earliest."
            )
            if passed is None:
                notes.append("The mandate and notice dates hold only if the ballot passes.")
        pre_ballot = PreBallotDuties(
            ballot_notice_days=rule_set.ballot_notice_days_before_opening,
            ballot_notice_by=facts.opens_on
            - timedelta(days=rule_set.ballot_notice_days_before_opening),
            sample_paper_days=rule_set.sample_paper_days_before_opening,
            sample_paper_by=facts.opens_on
            - timedelta(days=rule_set.sample_paper_days_before_opening),
            scrutineer_required=None
            if entitled is None
            else entitled > rule_set.scrutineer_if_entitled_over,
            scrutineer_if_entitled_over=rule_set.scrutineer_if_entitled_over,
        )

    explanation = _explain(outcome, statutory, rule_set, thresholds)
    return BallotVerdict(
        outcome=outcome,
        statutory=statutory,
        gives_mandate=statutory and passed is True,
        explanation=explanation,
        rule_set=rule_set.ref(),
        thresholds=thresholds,
        passed=passed,
        mandate_months=mandate_months,
        mandate_ends_on=mandate_ends_on,
        notice_days=notice_days,
        earliest_action_on=earliest_action_on,
        pre_ballot=pre_ballot,
        notes=notes,
        **figures,
    )


def _explain(
    outcome: str, statutory: bool, rule_set: RuleSet, thresholds: list[ThresholdCheck]
) -> str:
    rules = f"under the {rule_set.name} rules"
    if outcome == "awaiting_figures":
        missing = [c.key.replace("_", " ") for c in thresholds if c.met is None]
        return f"Enter the ballot figures to see whether it passes {rules} (needed for: " + (
            ", ".join(missing) + ")."
        )
    failed = [c for c in thresholds if c.met is False]
    if not failed:
        if statutory:
            return f"The ballot passed every threshold {rules} and gives a mandate for action."
        return f"This indicative ballot would pass every threshold {rules}; it gives no mandate."
    reasons = []
    for check in failed:
        short = -(check.margin_votes or 0)
        votes = "vote" if short == 1 else "votes"
        reasons.append(f"{check.key.replace('_', ' ')} ({short} {votes} short)")
    verb = "failed" if statutory else "would fail"
    return f"The ballot {verb} {rules}: " + "; ".join(reasons) + "."
