"""Industrial action ballots and their verdicts under the dated GB rule sets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from api.core.db import utcnow
from api.disputes.enums import BallotKind
from api.disputes.rules import (
    BallotFacts,
    BallotRules,
    add_months,
    ballot_verdict,
    earliest_action_day,
    load_rules,
    mandate_last_day,
)
from tests.factories import Accounts, Group, new_ballot, new_dispute, post_created, tombstones

# The brief's worked example: 1000 entitled, 520 cast, 300 yes, 210 no, 10 spoilt.
FIGURES = {
    "entitled_to_vote": 1000,
    "votes_cast": 520,
    "yes_votes": 300,
    "no_votes": 210,
    "spoilt": 10,
}
BEFORE_2026 = {"opens_on": "2025-05-01", "closes_on": "2025-05-15"}
AFTER_2026 = {"opens_on": "2026-03-02", "closes_on": "2026-03-16"}


async def verdict_for(group: Group, **fields: Any) -> dict[str, Any]:
    dispute = await new_dispute(group)
    ballot = await new_ballot(group, dispute["id"], **fields)
    verdict: dict[str, Any] = ballot["verdict"]
    return verdict


def checks(verdict: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["key"]: check for check in verdict["thresholds"]}


@pytest.fixture
def turnout_threshold_ends(app: FastAPI) -> Iterator[Callable[[date | None], None]]:
    """Change TURNOUT_THRESHOLD_ENDS_ON for the app; it is read on every request."""
    original = app.state.settings

    def set_end(day: date | None) -> None:
        app.state.settings = original.model_copy(update={"turnout_threshold_ends_on": day})

    yield set_end
    app.state.settings = original


async def test_2016_rules_worked_example(accounts: Accounts) -> None:
    group = await accounts.group()
    verdict = await verdict_for(group, **BEFORE_2026, **FIGURES)
    assert verdict["rule_set"]["id"] == "trade_union_act_2016"
    assert verdict["rule_set"]["valid_from"] == "2017-03-01"
    assert verdict["outcome"] == "passed"
    assert verdict["passed"] is True
    assert verdict["gives_mandate"] is True
    assert verdict["turnout_percent"] == 52.0
    assert verdict["yes_percent_of_valid_votes"] == 58.82  # 300 / (300 + 210)
    assert verdict["yes_percent_of_votes_cast"] == 57.69  # 300 / 520
    assert verdict["yes_percent_of_entitled"] == 30.0
    found = checks(verdict)
    assert set(found) == {"turnout", "majority"}
    turnout = found["turnout"]
    assert turnout["required_percent"] == 50.0
    assert turnout["actual_percent"] == 52.0
    assert turnout["required_votes"] == 500
    assert turnout["met"] is True
    assert turnout["margin_votes"] == 20
    assert turnout["margin_percent"] == 2.0
    majority = found["majority"]
    assert majority["comparison"] == "more_than"
    assert majority["required_votes"] == 256
    assert majority["met"] is True
    assert majority["margin_votes"] == 44
    # Six months beginning with the closing day; 14 clear days' notice from the day after.
    assert verdict["mandate_months"] == 6
    assert verdict["mandate_ends_on"] == "2025-11-14"
    assert verdict["notice_days"] == 14
    assert verdict["earliest_action_on"] == "2025-05-30"
    assert verdict["pre_ballot"] == {
        "ballot_notice_days": 7,
        "ballot_notice_by": "2025-04-24",
        "sample_paper_days": 3,
        "sample_paper_by": "2025-04-28",
        "scrutineer_required": True,
        "scrutineer_if_entitled_over": 50,
    }
    assert any("day the ballot closes" in note for note in verdict["notes"])


async def test_2016_important_public_service_needs_40_percent_of_entitled(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    verdict = await verdict_for(group, **BEFORE_2026, **FIGURES, important_public_service=True)
    support = checks(verdict)["important_public_service_support"]
    assert support["required_percent"] == 40.0
    assert support["actual_percent"] == 30.0
    assert support["required_votes"] == 400
    assert support["met"] is False
    assert support["margin_votes"] == -100
    assert support["margin_percent"] == -10.0
    assert checks(verdict)["turnout"]["met"] is True
    assert verdict["outcome"] == "failed"
    assert verdict["passed"] is False
    assert verdict["gives_mandate"] is False
    assert verdict["mandate_ends_on"] is None
    assert verdict["earliest_action_on"] is None
    assert "100 votes short" in verdict["explanation"]


async def test_2025_rules_worked_example(accounts: Accounts) -> None:
    group = await accounts.group()
    verdict = await verdict_for(group, **AFTER_2026, **FIGURES)
    assert verdict["rule_set"]["id"] == "employment_rights_act_2025"
    assert verdict["outcome"] == "passed"
    assert set(checks(verdict)) == {"turnout", "majority"}
    assert checks(verdict)["turnout"]["met"] is True
    assert verdict["mandate_months"] == 12
    assert verdict["mandate_ends_on"] == "2027-03-15"
    assert verdict["notice_days"] == 10
    assert verdict["earliest_action_on"] == "2026-03-27"
    assert verdict["pre_ballot"]["ballot_notice_by"] == "2026-02-23"
    assert verdict["pre_ballot"]["sample_paper_by"] == "2026-02-27"


async def test_2025_rules_have_no_public_service_threshold(accounts: Accounts) -> None:
    group = await accounts.group()
    verdict = await verdict_for(group, **AFTER_2026, **FIGURES, important_public_service=True)
    assert "important_public_service_support" not in checks(verdict)
    assert verdict["outcome"] == "passed"
    assert any("no extra support threshold" in note for note in verdict["notes"])


async def test_rule_set_is_chosen_by_opening_date(accounts: Accounts) -> None:
    group = await accounts.group()
    # Opens the day before the 2025 rules, closes after: still the 2016 rules.
    verdict = await verdict_for(
        group,
        opens_on="2026-02-17",
        closes_on="2026-03-03",
        **FIGURES,
        important_public_service=True,
    )
    assert verdict["rule_set"]["id"] == "trade_union_act_2016"
    assert verdict["outcome"] == "failed"
    assert verdict["mandate_months"] == 6
    on_the_day = await verdict_for(group, opens_on="2026-02-18", closes_on="2026-03-03", **FIGURES)
    assert on_the_day["rule_set"]["id"] == "employment_rights_act_2025"


async def test_failed_turnout(accounts: Accounts) -> None:
    group = await accounts.group()
    low = {**FIGURES, "votes_cast": 480, "yes_votes": 300, "no_votes": 170, "spoilt": 10}
    for dates in (BEFORE_2026, AFTER_2026):
        verdict = await verdict_for(group, **dates, **low)
        turnout = checks(verdict)["turnout"]
        assert turnout["actual_percent"] == 48.0
        assert turnout["met"] is False
        assert turnout["margin_votes"] == -20
        assert turnout["margin_percent"] == -2.0
        assert checks(verdict)["majority"]["met"] is True
        assert verdict["outcome"] == "failed"
        assert verdict["gives_mandate"] is False
        assert "turnout (20 votes short)" in verdict["explanation"]


async def test_employer_agreements(accounts: Accounts) -> None:
    group = await accounts.group()
    agreed = {"employer_agreed_longer_mandate": True, "employer_agreed_shorter_notice": True}
    verdict = await verdict_for(group, **BEFORE_2026, **FIGURES, **agreed)
    assert verdict["mandate_months"] == 9
    assert verdict["mandate_ends_on"] == "2026-02-14"
    assert verdict["notice_days"] == 7
    assert verdict["earliest_action_on"] == "2025-05-23"
    # The 2025 rules have no agreed variation: 12 months and 10 days stand.
    later = await verdict_for(group, **AFTER_2026, **FIGURES, **agreed)
    assert later["mandate_months"] == 12
    assert later["notice_days"] == 10
    assert sum("does not change" in note for note in later["notes"]) == 2


async def test_turnout_threshold_end_date_is_configurable(
    accounts: Accounts, turnout_threshold_ends: Callable[[date | None], None]
) -> None:
    group = await accounts.group()
    low = {**FIGURES, "votes_cast": 480, "yes_votes": 300, "no_votes": 170, "spoilt": 10}
    dispute = await new_dispute(group)
    url = f"{group.url}/disputes/{dispute['id']}/ballots"
    after_end = await post_created(
        group.owner, url, {"opens_on": "2026-05-01", "closes_on": "2026-05-15", **low}
    )
    await post_created(group.owner, url, {**AFTER_2026, **low})
    await post_created(group.owner, url, {**BEFORE_2026, **low})
    assert after_end["verdict"]["outcome"] == "failed"  # no end date set: the threshold stays

    turnout_threshold_ends(date(2026, 4, 6))
    verdicts = {
        ballot["opens_on"]: ballot["verdict"]
        for ballot in (await group.owner.get(url)).json()["items"]
    }
    assert set(verdicts) == {"2026-05-01", "2026-03-02", "2025-05-01"}
    after = verdicts["2026-05-01"]
    assert "turnout" not in checks(after)
    assert after["outcome"] == "passed"
    assert after["gives_mandate"] is True
    assert any("turnout threshold ended" in note for note in after["notes"])
    assert verdicts["2026-03-02"]["outcome"] == "failed"
    assert checks(verdicts["2026-03-02"])["turnout"]["met"] is False
    # The 2016 rules are not touched by the setting.
    assert verdicts["2025-05-01"]["outcome"] == "failed"
    single = (await group.owner.get(f"{group.url}/ballots/{after_end['id']}")).json()
    assert single["verdict"]["outcome"] == "passed"


async def test_indicative_ballot_gives_no_mandate(accounts: Accounts) -> None:
    group = await accounts.group()
    verdict = await verdict_for(group, kind="indicative", **AFTER_2026, **FIGURES)
    assert verdict["statutory"] is False
    assert verdict["outcome"] == "passed"
    assert verdict["passed"] is True
    assert verdict["gives_mandate"] is False
    assert verdict["turnout_percent"] == 52.0
    assert checks(verdict)["turnout"]["met"] is True
    assert verdict["mandate_ends_on"] is None
    assert verdict["earliest_action_on"] is None
    assert verdict["pre_ballot"] is None
    assert "gives no mandate" in verdict["explanation"]


async def test_ballot_before_2017_has_no_rule_set(accounts: Accounts) -> None:
    group = await accounts.group()
    verdict = await verdict_for(group, opens_on="2016-06-01", closes_on="2016-06-20", **FIGURES)
    assert verdict["outcome"] == "no_rule_set"
    assert verdict["rule_set"] is None
    assert verdict["thresholds"] == []
    assert verdict["passed"] is None
    assert verdict["mandate_ends_on"] is None
    assert verdict["turnout_percent"] == 52.0
    assert (
        "No ballot rules are known for ballots opening before 1 March 2017"
        in (verdict["explanation"])
    )


async def test_tie_fails_the_majority_and_missing_figures_wait(accounts: Accounts) -> None:
    group = await accounts.group()
    tie = {**FIGURES, "votes_cast": 520, "yes_votes": 255, "no_votes": 255, "spoilt": 10}
    verdict = await verdict_for(group, **AFTER_2026, **tie)
    majority = checks(verdict)["majority"]
    assert majority["met"] is False
    assert majority["actual_percent"] == 50.0
    assert majority["margin_votes"] == -1
    assert verdict["outcome"] == "failed"

    waiting = await verdict_for(group, **AFTER_2026, entitled_to_vote=40)
    assert waiting["outcome"] == "awaiting_figures"
    assert waiting["passed"] is None
    assert waiting["gives_mandate"] is False
    assert checks(waiting)["turnout"]["required_votes"] == 20
    assert checks(waiting)["turnout"]["met"] is None
    assert waiting["mandate_ends_on"] == "2027-03-15"  # if it passes
    assert waiting["pre_ballot"]["scrutineer_required"] is False


async def test_ballot_life(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    url = f"{group.url}/disputes/{dispute['id']}/ballots"
    indicative = await post_created(
        group.owner,
        url,
        {"kind": "indicative", "opens_on": "2026-01-05", "closes_on": "2026-01-12"},
    )
    ballot = await new_ballot(group, dispute["id"], **AFTER_2026, entitled_to_vote=1000)
    assert ballot["kind"] == "statutory"
    assert ballot["version"] == 1
    listed = (await group.owner.get(url)).json()["items"]
    assert [b["id"] for b in listed] == [ballot["id"], indicative["id"]]
    oldest_first = (await group.owner.get(url, params={"sort": "opens_on"})).json()["items"]
    assert [b["id"] for b in oldest_first] == [indicative["id"], ballot["id"]]

    item = f"{group.url}/ballots/{ballot['id']}"
    response = await group.owner.get(item)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    result = {k: v for k, v in FIGURES.items() if k != "entitled_to_vote"}
    response = await group.owner.patch(item, json={"version": 1, **result})
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 2
    assert response.json()["verdict"]["outcome"] == "passed"
    assert response.headers["ETag"] == '"2"'
    stale = await group.owner.patch(item, json={"version": 1, "notes": "late"})
    assert stale.status_code == 409
    assert stale.json()["current"]["verdict"]["outcome"] == "passed"
    assert (await group.owner.patch(item, json={"notes": "x"})).status_code == 428

    read = (await group.owner.get(f"{group.url}/disputes/{dispute['id']}")).json()
    assert [(b["id"], b["verdict"]["outcome"]) for b in read["ballots"]] == [
        (indicative["id"], "awaiting_figures"),
        (ballot["id"], "passed"),
    ]

    assert (await group.owner.delete(item, params={"version": 2})).status_code == 204
    assert (await group.owner.get(item)).status_code == 404
    assert [b["id"] for b in (await group.owner.get(url)).json()["items"]] == [indicative["id"]]
    assert ballot["id"] in (await tombstones(accounts, group))["ballot"]


async def test_ballot_figures_must_add_up(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    url = f"{group.url}/disputes/{dispute['id']}/ballots"

    async def refused(body: dict[str, Any]) -> str:
        response = await group.owner.post(url, json=body)
        assert response.status_code == 422, response.text
        return str(response.json()["fields"][0]["field"])

    assert await refused({"opens_on": "2026-03-10", "closes_on": "2026-03-09"}) == "closes_on"
    assert await refused({**AFTER_2026, **FIGURES, "spoilt": 11}) == "votes_cast"
    assert await refused({**AFTER_2026, **FIGURES, "entitled_to_vote": 519}) == "votes_cast"
    assert await refused({**AFTER_2026, "votes_cast": 10, "yes_votes": 11}) == "votes_cast"
    assert (
        await refused({**AFTER_2026, "entitled_to_vote": 5, "yes_votes": 6}) == "entitled_to_vote"
    )
    assert await refused({**AFTER_2026, "yes_votes": -1}) == "yes_votes"
    assert await refused({**AFTER_2026, "kind": "advisory"}) == "kind"

    ballot = await new_ballot(group, dispute["id"], **AFTER_2026, **FIGURES)
    item = f"{group.url}/ballots/{ballot['id']}"
    response = await group.owner.patch(item, json={"version": 1, "yes_votes": 301})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "votes_cast"
    response = await group.owner.patch(item, json={"version": 1, "closes_on": "2026-03-01"})
    assert response.json()["fields"][0]["field"] == "closes_on"
    response = await group.owner.patch(item, json={"version": 1, "opens_on": None})
    assert response.json()["fields"][0]["field"] == "opens_on"
    assert (await group.owner.get(item)).json()["version"] == 1


async def test_results_wait_for_the_ballot_to_close(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    url = f"{group.url}/disputes/{dispute['id']}/ballots"
    today = utcnow().date()
    still_open = {
        "opens_on": (today - timedelta(days=3)).isoformat(),
        "closes_on": (today + timedelta(days=4)).isoformat(),
    }

    response = await group.owner.post(url, json={**still_open, **FIGURES})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "ballot_not_closed"
    assert response.json()["fields"][0]["field"] == "votes_cast"
    response = await group.owner.post(url, json={**still_open, "yes_votes": 300})
    assert response.json()["fields"][0]["field"] == "yes_votes"

    # Who may vote is known in advance; the verdict waits for the figures.
    ballot = await new_ballot(group, dispute["id"], **still_open, entitled_to_vote=1000)
    assert ballot["verdict"]["outcome"] == "awaiting_figures"
    assert ballot["verdict"]["passed"] is None
    item = f"{group.url}/ballots/{ballot['id']}"
    response = await group.owner.patch(item, json={"version": 1, **FIGURES})
    assert response.status_code == 422
    assert response.json()["error"] == "ballot_not_closed"
    assert (await group.owner.get(item)).json()["votes_cast"] is None

    # Once it has closed (today counts), the result goes in.
    closed_today = {"closes_on": today.isoformat(), **FIGURES}
    response = await group.owner.patch(item, json={"version": 1, **closed_today})
    assert response.status_code == 200, response.text
    assert response.json()["verdict"]["outcome"] == "passed"

    # Moving the closing day into the future again would leave a result before the vote.
    later = (today + timedelta(days=2)).isoformat()
    response = await group.owner.patch(item, json={"version": 2, "closes_on": later})
    assert response.status_code == 422
    assert response.json()["error"] == "ballot_not_closed"


async def test_ballot_roles_and_other_groups(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    dispute = await new_dispute(group)
    ballot = await new_ballot(group, dispute["id"])
    theirs = await new_dispute(other)
    their_ballot = await new_ballot(other, theirs["id"])

    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    url = f"{group.url}/disputes/{dispute['id']}/ballots"
    for person in (member, observer):
        assert (await person.get(f"{group.url}/ballots/{ballot['id']}")).status_code == 200
        assert (await person.post(url, json=AFTER_2026)).status_code == 403
        assert (await person.delete(f"{group.url}/ballots/{ballot['id']}")).status_code == 403

    assert (await group.owner.get(f"{group.url}/ballots/{their_ballot['id']}")).status_code == 404
    response = await group.owner.patch(
        f"{group.url}/ballots/{their_ballot['id']}", json={"version": 1, "notes": "x"}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "ballot_not_found"
    foreign = await group.owner.post(
        f"{group.url}/disputes/{theirs['id']}/ballots", json=AFTER_2026
    )
    assert foreign.status_code == 404
    assert foreign.json()["error"] == "dispute_not_found"
    kept = await other.owner.get(f"{other.url}/ballots/{their_ballot['id']}")
    assert kept.json()["notes"] is None


# --- the rules module on its own ----------------------------------------------------------


def test_month_arithmetic() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert mandate_last_day(date(2025, 6, 1), 6) == date(2025, 11, 30)
    assert mandate_last_day(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert mandate_last_day(date(2026, 3, 16), 12) == date(2027, 3, 15)
    assert earliest_action_day(date(2025, 5, 15), 14) == date(2025, 5, 30)


def test_rules_file_is_dated_data() -> None:
    rules = load_rules()
    assert [(r.id, r.valid_from) for r in rules.rule_sets] == [
        ("trade_union_act_2016", date(2017, 3, 1)),
        ("employment_rights_act_2025", date(2026, 2, 18)),
    ]
    assert rules.for_opening(date(2017, 2, 28)) is None
    assert rules.for_opening(date(2017, 3, 1)) is rules.rule_sets[0]
    assert rules.for_opening(date(2026, 2, 17)) is rules.rule_sets[0]
    assert rules.for_opening(date(2026, 2, 18)) is rules.rule_sets[1]


def test_rules_must_be_in_date_order() -> None:
    data = load_rules().model_dump()
    data["rule_sets"].reverse()
    with pytest.raises(ValidationError, match="oldest first"):
        BallotRules.model_validate(data)


def test_a_new_rule_set_is_data_not_code() -> None:
    data = load_rules().model_dump()
    later = {
        **data["rule_sets"][-1],
        "id": "hypothetical",
        "name": "Hypothetical Act",
        "valid_from": date(2030, 1, 1),
        "turnout_percent": None,
        "mandate_months": 18,
    }
    rules = BallotRules.model_validate({**data, "rule_sets": [*data["rule_sets"], later]})
    facts = BallotFacts(BallotKind.statutory, date(2030, 2, 1), date(2030, 2, 10), 100, 10, 6, 4, 0)
    verdict = ballot_verdict(facts, turnout_threshold_ends_on=None, rules=rules)
    assert verdict.rule_set is not None
    assert verdict.rule_set.id == "hypothetical"
    assert [check.key for check in verdict.thresholds] == ["majority"]
    assert verdict.passed is True
    assert verdict.mandate_ends_on == date(2031, 8, 9)
