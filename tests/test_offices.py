"""Offices through HTTP: nominations with seconders, elections by ranked choice recording the
holders and their terms, recall petitions opening exactly one recall vote, a carried recall
vacating the office, a holder standing down, the history kept, and members told of votes in
the app and by mail."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from api.core.db import utcnow
from api.democracy.offices.service import add_months
from tests.factories import Account, Accounts, Group, get_ok, mails_to, post_created
from tests.test_server_messages import set_language, translated
from tests.test_votes import close, vote_secretly


async def new_office(group: Group, **fields: Any) -> dict[str, Any]:
    body = {"name": "Night shift rep", "seats": 1, "term_months": 12}
    return await post_created(group.owner, f"{group.url}/offices", {**body, **fields})


async def nominate(
    by: Account, group: Group, office: dict[str, Any], candidate: Account, **fields: Any
) -> dict[str, Any]:
    body = {"candidate_id": candidate.user_id, "statement": f"{candidate.display_name} stands"}
    return await post_created(by, f"{group.url}/offices/{office['id']}/nominations", body | fields)


async def second(by: Account, group: Group, nomination: dict[str, Any]) -> Any:
    return await by.post(f"{group.url}/nominations/{nomination['id']}/second")


async def call_election(group: Group, office: dict[str, Any], **fields: Any) -> Any:
    return await group.owner.post(f"{group.url}/offices/{office['id']}/election", json=fields)


async def get_vote(group: Group, vote_id: str) -> dict[str, Any]:
    vote: dict[str, Any] = await get_ok(group.owner, f"{group.url}/votes/{vote_id}")
    return vote


async def holder_of(group: Group, office: dict[str, Any], holder: Account) -> dict[str, Any]:
    response = await group.owner.post(
        f"{group.url}/offices/{office['id']}/terms",
        json={"holder_id": holder.user_id, "starts_on": "2026-01-05"},
    )
    assert response.status_code == 201, response.text
    term: dict[str, Any] = response.json()
    return term


async def set_threshold(group: Group, percent: int) -> None:
    current = await get_ok(group.owner, f"{group.url}/recall-settings")
    response = await group.owner.request(
        "PUT",
        f"{group.url}/recall-settings",
        json={"threshold_percent": percent, "version": current["version"]},
    )
    assert response.status_code == 200, response.text


async def start_petition(by: Account, group: Group, term: dict[str, Any]) -> dict[str, Any]:
    return await post_created(
        by,
        f"{group.url}/office-terms/{term['id']}/recall-petitions",
        {"reason": "Signed the new rota without asking anyone"},
    )


async def sign(by: Account, group: Group, petition: dict[str, Any]) -> Any:
    return await by.post(f"{group.url}/recall-petitions/{petition['id']}/signatures")


async def stand_down(by: Account, group: Group, term: dict[str, Any], **fields: Any) -> Any:
    body = {"version": term["version"]} | fields
    return await by.post(f"{group.url}/office-terms/{term['id']}/stand-down", json=body)


async def stood_down(by: Account, group: Group, term: dict[str, Any], **fields: Any) -> Any:
    response = await stand_down(by, group, term, **fields)
    assert response.status_code == 200, response.text
    ended: dict[str, Any] = response.json()
    return ended


async def test_a_nomination_stands_only_once_seconded_by_someone_else(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana, ben, cas = [await accounts.member(group, name=n) for n in ("Ana", "Ben", "Cas")]
    office = await new_office(group)
    nomination = await nominate(ana, group, office, ben)
    assert (nomination["candidate_name"], nomination["status"]) == ("Ben", "open")
    assert nomination["seconded_by"] is None

    refused = await call_election(group, office)
    assert (refused.status_code, refused.json()["error"]) == (409, "not_enough_candidates")
    for not_allowed in (ana, ben):  # the proposer and the candidate
        answer = await second(not_allowed, group, nomination)
        assert (answer.status_code, answer.json()["error"]) == (409, "seconder_not_allowed")

    seconded = await second(cas, group, nomination)
    assert seconded.status_code == 200, seconded.text
    assert (seconded.json()["seconded_by"], seconded.json()["seconder_name"]) == (
        cas.user_id,
        "Cas",
    )
    again = await second(group.owner, group, nomination)
    assert (again.status_code, again.json()["error"]) == (409, "already_seconded")
    twice = await ana.post(
        f"{group.url}/offices/{office['id']}/nominations", json={"candidate_id": ben.user_id}
    )
    assert (twice.status_code, twice.json()["error"]) == (409, "already_nominated")

    # One seconded candidate for one seat: elected unopposed, with no vote.
    called = await call_election(group, office)
    assert called.status_code == 200, called.text
    assert called.json()["vote_id"] is None
    [term] = called.json()["office"]["holders"]
    assert (term["holder_id"], term["holder_name"]) == (ben.user_id, "Ben")


async def test_an_observer_cannot_be_nominated_and_a_stranger_is_not_a_member(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, role="observer", name="Obi")
    stranger = await accounts.person("Stranger")
    office = await new_office(group)
    url = f"{group.url}/offices/{office['id']}/nominations"
    for candidate in (observer, stranger):
        answer = await group.owner.post(url, json={"candidate_id": candidate.user_id})
        assert answer.status_code == 422, answer.text
        assert answer.json()["fields"][0]["loc"][-1] == "candidate_id"
    observed = await observer.post(url, json={"candidate_id": group.owner.user_id})
    assert observed.status_code == 403


async def test_an_election_by_ranked_choice_records_the_holder_and_the_term(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana, ben, cas, dee = [
        await accounts.member(group, name=n) for n in ("Ana", "Ben", "Cas", "Dee")
    ]
    office = await new_office(group, term_months=24)
    sitting = await holder_of(group, office, dee)
    for candidate, proposer, seconder in ((ana, ben, cas), (ben, cas, ana)):
        nomination = await nominate(proposer, group, office, candidate)
        assert (await second(seconder, group, nomination)).status_code == 200

    called = await call_election(group, office, quorum=3)
    assert called.status_code == 200, called.text
    vote = await get_vote(group, called.json()["vote_id"])
    assert (vote["subject"], vote["method"], vote["status"]) == ("election", "ranked", "open")
    assert vote["options"] == ["Ana", "Ben"]
    assert called.json()["office"]["election_vote_id"] == vote["id"]
    blocked = await ana.post(
        f"{group.url}/offices/{office['id']}/nominations", json={"candidate_id": cas.user_id}
    )
    assert (blocked.status_code, blocked.json()["error"]) == (409, "election_under_way")

    for voter, choice in ((ana, ["Ana"]), (cas, ["Ana", "Ben"]), (ben, ["Ben"])):
        await vote_secretly(accounts, group, voter, vote, choice)
    closed = await close(group, vote)
    assert closed["results"]["elected"] == ["Ana"]

    office_now = await get_ok(group.owner, f"{group.url}/offices/{office['id']}")
    assert office_now["election_vote_id"] is None
    [term] = office_now["holders"]
    today = utcnow().date()
    assert (term["holder_id"], term["holder_name"], term["elected_by_vote_id"]) == (
        ana.user_id,
        "Ana",
        vote["id"],
    )
    assert term["starts_on"] == today.isoformat()
    assert term["due_to_end_on"] == add_months(today, 24).isoformat()

    history = await get_ok(group.owner, f"{group.url}/offices/{office['id']}/terms")
    assert [(t["holder_name"], t["ended_on"], t["end_reason"]) for t in history["items"]] == [
        ("Ana", None, None),
        ("Dee", today.isoformat(), "replaced"),
    ]
    assert history["items"][1]["id"] == sitting["id"]
    nominations = await get_ok(group.owner, f"{group.url}/offices/{office['id']}/nominations")
    assert {n["candidate_name"]: n["status"] for n in nominations["items"]} == {
        "Ana": "elected",
        "Ben": "not_elected",
    }


def test_a_term_ends_the_same_day_months_later_or_the_months_last_day() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


async def test_the_recall_threshold_is_a_validated_group_setting(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group)
    assert await get_ok(member, f"{group.url}/recall-settings") == {
        "threshold_percent": 20,
        "version": 0,
    }
    for wrong in (0, 101, "twenty", True):
        answer = await group.owner.request(
            "PUT", f"{group.url}/recall-settings", json={"threshold_percent": wrong, "version": 0}
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["fields"][0]["loc"][-1] == "threshold_percent"
    await set_threshold(group, 35)
    stale = await group.owner.request(
        "PUT", f"{group.url}/recall-settings", json={"threshold_percent": 40, "version": 0}
    )
    assert (stale.status_code, stale.json()["error"]) == (409, "version_conflict")
    assert (await get_ok(member, f"{group.url}/recall-settings"))["threshold_percent"] == 35
    by_member = await member.request(
        "PUT", f"{group.url}/recall-settings", json={"threshold_percent": 40, "version": 1}
    )
    assert by_member.status_code == 403


async def test_reaching_the_threshold_opens_one_recall_vote_and_a_carried_recall_vacates(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana, ben, cas = [await accounts.member(group, name=n) for n in ("Ana", "Ben", "Cas")]
    office = await new_office(group, name="Secretary")
    term = await holder_of(group, office, cas)
    await set_threshold(group, 50)  # of four voting members: two signatures

    petition = await start_petition(ana, group, term)
    assert (petition["signatures_needed"], petition["signature_count"]) == (2, 1)
    assert (petition["status"], petition["signed"], petition["vote_id"]) == (
        "collecting",
        True,
        None,
    )
    again = await sign(ana, group, petition)
    assert (again.status_code, again.json()["error"]) == (409, "already_signed")
    another = await ben.post(
        f"{group.url}/office-terms/{term['id']}/recall-petitions", json={"reason": "Same"}
    )
    assert (another.status_code, another.json()["error"]) == (409, "recall_under_way")

    reached = await sign(ben, group, petition)
    assert reached.status_code == 200, reached.text
    assert (reached.json()["status"], reached.json()["signature_count"]) == ("voting", 2)
    vote = await get_vote(group, reached.json()["vote_id"])
    assert (vote["status"], vote["method"], vote["secret"]) == (
        "open",
        "for_against_abstain",
        True,
    )
    assert vote["title"] == "Recall: Cas as Secretary"
    late = await sign(group.owner, group, petition)
    assert (late.status_code, late.json()["error"]) == (409, "petition_closed")

    for voter, choice in ((ana, "for"), (ben, "for"), (cas, "against")):
        await vote_secretly(accounts, group, voter, vote, [choice])
    closed = await close(group, vote)
    assert closed["results"]["outcome"] == "carried"

    office_now = await get_ok(group.owner, f"{group.url}/offices/{office['id']}")
    assert office_now["holders"] == []
    [ended] = (await get_ok(ana, f"{group.url}/offices/{office['id']}/terms"))["items"]
    assert (ended["id"], ended["holder_name"], ended["end_reason"]) == (
        term["id"],
        "Cas",
        "recalled",
    )
    assert ended["ended_on"] == utcnow().date().isoformat()
    settled = await get_ok(ana, f"{group.url}/recall-petitions/{petition['id']}")
    assert settled["status"] == "carried"

    # The vacant seat is filled in one step once a candidate is seconded.
    nomination = await nominate(ana, group, office, ben)
    assert (await second(cas, group, nomination)).status_code == 200
    called = await call_election(group, office)
    assert called.status_code == 200, called.text
    assert [h["holder_name"] for h in called.json()["office"]["holders"]] == ["Ben"]
    history = await get_ok(ana, f"{group.url}/offices/{office['id']}/terms")
    assert [t["holder_name"] for t in history["items"]] == ["Ben", "Cas"]


async def test_a_recall_that_falls_keeps_the_holder(accounts: Accounts) -> None:
    group = await accounts.group()
    ana, ben = [await accounts.member(group, name=n) for n in ("Ana", "Ben")]
    office = await new_office(group)
    term = await holder_of(group, office, ben)
    await set_threshold(group, 1)
    petition = await start_petition(ana, group, term)
    assert petition["status"] == "voting"  # one signature was enough
    vote = await get_vote(group, petition["vote_id"])
    for voter, choice in ((ana, "for"), (ben, "against"), (group.owner, "against")):
        await vote_secretly(accounts, group, voter, vote, [choice])
    assert (await close(group, vote))["results"]["outcome"] == "fell"
    office_now = await get_ok(ana, f"{group.url}/offices/{office['id']}")
    assert [h["id"] for h in office_now["holders"]] == [term["id"]]
    settled = await get_ok(ana, f"{group.url}/recall-petitions/{petition['id']}")
    assert settled["status"] == "failed"


async def test_signing_at_the_same_moment_opens_exactly_one_recall_vote(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    signers = [await accounts.member(group, name=f"Signer {n}") for n in range(6)]
    office = await new_office(group)
    term = await holder_of(group, office, group.owner)
    await set_threshold(group, 40)  # of seven voting members: three signatures
    petition = await start_petition(signers[0], group, term)
    assert petition["signatures_needed"] == 3

    answers = await asyncio.gather(*(sign(signer, group, petition) for signer in signers[1:]))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 200, 409, 409, 409], [a.text for a in answers]
    assert {a.json()["error"] for a in answers if a.status_code == 409} == {"petition_closed"}
    vote_ids = {a.json()["vote_id"] for a in answers if a.status_code == 200} - {None}
    assert len(vote_ids) == 1
    recalls = [
        vote
        for vote in (await get_ok(group.owner, f"{group.url}/votes"))["items"]
        if vote["title"].startswith("Recall:")
    ]
    assert [vote["id"] for vote in recalls] == list(vote_ids)
    settled = await get_ok(group.owner, f"{group.url}/recall-petitions/{petition['id']}")
    assert (settled["signature_count"], settled["status"]) == (3, "voting")


async def test_members_are_told_when_a_vote_opens_and_is_decided_in_their_language(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, name="Ana")
    await set_language(ana, "pl")
    observer = await accounts.member(group, role="observer", name="Obi")
    vote = await post_created(
        group.owner,
        f"{group.url}/votes",
        {"title": "Join the picket rota", "subject": "motion", "method": "for_against_abstain"},
    )
    assert (await group.owner.post(f"{group.url}/votes/{vote['id']}/open")).status_code == 200

    notices = (await get_ok(ana, f"{group.url}/vote-notices"))["items"]
    assert [(n["kind"], n["subject_id"], n["message"]) for n in notices] == [
        ("vote_opened", vote["id"], "Join the picket rota")
    ]
    opened_mail = mails_to(accounts.outbox, ana.email)[0]
    assert (
        translated(
            "pl",
            "A vote has opened in {group}: {title}. You may vote in it.",
            group=group.name,
            title="Join the picket rota",
        )
        in opened_mail
    )
    assert f"/groups/{group.id}/votes/{vote['id']}" in opened_mail
    # Observers do not vote, so they are not mailed.
    assert not any("picket rota" in mail for mail in mails_to(accounts.outbox, observer.email))
    owner_mail = mails_to(accounts.outbox, group.owner.email)[0]
    assert "A vote has opened in Riverside Depot: Join the picket rota." in owner_mail

    opened = await get_vote(group, vote["id"])
    await vote_secretly(accounts, group, ana, opened, ["for"])
    await close(group, opened)
    notices = (await get_ok(observer, f"{group.url}/vote-notices"))["items"]
    assert [n["kind"] for n in notices] == ["vote_decided", "vote_opened"]
    decided = mails_to(accounts.outbox, ana.email)[0]
    assert translated("pl", "Carried.") in decided
    # Organisers find them among the group's notifications too.
    everything = (await get_ok(group.owner, f"{group.url}/notifications"))["items"]
    assert [n["kind"] for n in everything] == ["vote_decided", "vote_opened"]


async def test_a_vote_without_quorum_is_closed_not_decided(accounts: Accounts) -> None:
    group = await accounts.group()
    vote = await post_created(
        group.owner,
        f"{group.url}/votes",
        {
            "title": "Affiliate to the trades council",
            "subject": "motion",
            "method": "for_against_abstain",
            "quorum": 5,
        },
    )
    assert (await group.owner.post(f"{group.url}/votes/{vote['id']}/open")).status_code == 200
    await close(group, await get_vote(group, vote["id"]))
    notices = (await get_ok(group.owner, f"{group.url}/vote-notices"))["items"]
    assert [n["kind"] for n in notices] == ["vote_closed", "vote_opened"]
    mail = mails_to(accounts.outbox, group.owner.email)[0]
    assert "Not enough ballots for a valid result (quorum not reached)." in mail


async def test_a_holder_stands_down_and_the_office_is_vacant_for_an_election(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana, ben, cas = [await accounts.member(group, name=n) for n in ("Ana", "Ben", "Cas")]
    office = await new_office(group, name="Secretary")
    term = await holder_of(group, office, ben)
    today = utcnow().date().isoformat()

    ended = await stood_down(ben, group, term, end_note="Moved to the day shift")
    assert (ended["id"], ended["ended_on"], ended["end_reason"], ended["end_note"]) == (
        term["id"],
        today,
        "stood_down",
        "Moved to the day shift",
    )
    assert ended["version"] == term["version"] + 1
    office_now = await get_ok(ana, f"{group.url}/offices/{office['id']}")
    assert office_now["holders"] == []
    [listed] = (await get_ok(ana, f"{group.url}/offices"))["items"]
    assert listed["holders"] == []
    again = await stand_down(ben, group, ended)
    assert (again.status_code, again.json()["error"]) == (409, "term_ended")
    feed = await get_ok(group.owner, f"{group.url}/changes", types="office_term")
    [change] = [item for item in feed["items"] if item["operation"] == "update"]
    assert (change["id"], change["actor"]) == (term["id"], ben.user_id)
    assert set(change["changed_fields"]) >= {"ended_on", "end_reason", "end_note"}
    assert change["record"]["end_reason"] == "stood_down"

    # The seat is filled by an election, which leaves the stood-down term as it ended.
    nomination = await nominate(ana, group, office, cas)
    assert (await second(ben, group, nomination)).status_code == 200
    called = await call_election(group, office)
    assert called.status_code == 200, called.text
    assert [h["holder_name"] for h in called.json()["office"]["holders"]] == ["Cas"]
    history = await get_ok(ana, f"{group.url}/offices/{office['id']}/terms")
    assert [(t["holder_name"], t["end_reason"], t["end_note"]) for t in history["items"]] == [
        ("Cas", None, None),
        ("Ben", "stood_down", "Moved to the day shift"),
    ]


async def test_only_the_holder_or_an_organiser_ends_a_term_early(accounts: Accounts) -> None:
    group = await accounts.group()
    ana, ben = [await accounts.member(group, name=n) for n in ("Ana", "Ben")]
    organiser = await accounts.member(group, role="organiser", name="Orla")
    observer = await accounts.member(group, role="observer", name="Obi")
    office = await new_office(group, seats=2)
    bens = await holder_of(group, office, ben)
    owners = await holder_of(group, office, group.owner)

    refused = await stand_down(ana, group, bens)
    assert (refused.status_code, refused.json()["error"]) == (403, "not_your_term")
    assert (await stand_down(observer, group, bens)).status_code == 403
    elsewhere = await accounts.group(name="Elsewhere")
    foreign = await stand_down(elsewhere.owner, elsewhere, bens)
    assert (foreign.status_code, foreign.json()["error"]) == (404, "office_term_not_found")
    office_now = await get_ok(ana, f"{group.url}/offices/{office['id']}")
    assert {h["holder_name"] for h in office_now["holders"]} == {"Ben", group.owner.display_name}

    # An organiser records that Ben stood down; the owner, as holder, stands down too.
    assert (await stood_down(organiser, group, bens))["end_reason"] == "stood_down"
    assert (await stood_down(group.owner, group, owners))["end_reason"] == "stood_down"
    assert (await get_ok(ana, f"{group.url}/offices/{office['id']}"))["holders"] == []
    # Both seats are vacant: a holder chosen at a meeting can be recorded again.
    await holder_of(group, office, ana)


async def test_the_day_a_term_ends_early_is_checked_with_its_version(accounts: Accounts) -> None:
    group = await accounts.group()
    ben = await accounts.member(group, name="Ben")
    office = await new_office(group)
    term = await holder_of(group, office, ben)  # started on 2026-01-05
    tomorrow = (utcnow().date() + timedelta(days=1)).isoformat()

    for fields, field, kind in (
        ({"ended_on": tomorrow}, "ended_on", "in_the_future"),
        ({"ended_on": "2026-01-04"}, "ended_on", "date_order"),
        ({"ended_on": "next week"}, "ended_on", "date_from_datetime_parsing"),
        ({"end_note": "x" * 501}, "end_note", "string_too_long"),
        ({"reason": "stood_down"}, "reason", "extra_forbidden"),
    ):
        answer = await stand_down(ben, group, term, **fields)
        assert answer.status_code == 422, answer.text
        [error] = answer.json()["fields"]
        assert (error["loc"][-1], error["type"]) == (field, kind)
    url = f"{group.url}/office-terms/{term['id']}/stand-down"
    unversioned = await ben.post(url, json={})
    assert (unversioned.status_code, unversioned.json()["error"]) == (428, "version_required")
    stale = await stand_down(ben, group, term | {"version": term["version"] + 1})
    assert (stale.status_code, stale.json()["error"]) == (409, "version_conflict")
    assert stale.json()["current"]["ended_on"] is None
    wrong_etag = await ben.post(url, json={}, headers={"If-Match": '"99"'})
    assert (wrong_etag.status_code, wrong_etag.json()["error"]) == (412, "version_conflict")

    # Recorded late: the day they said they were going, which may be the day the term began.
    answer = await ben.post(
        url, json={"ended_on": "2026-01-05"}, headers={"If-Match": f'"{term["version"]}"'}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == f'"{term["version"] + 1}"'
    assert (answer.json()["ended_on"], answer.json()["end_note"]) == ("2026-01-05", None)


async def test_standing_down_lapses_a_recall_petition_collecting_signatures(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana, ben = [await accounts.member(group, name=n) for n in ("Ana", "Ben")]
    office = await new_office(group)
    term = await holder_of(group, office, ben)
    await set_threshold(group, 100)
    petition = await start_petition(ana, group, term)
    assert petition["status"] == "collecting"

    await stood_down(ben, group, term)
    lapsed = await get_ok(ana, f"{group.url}/recall-petitions/{petition['id']}")
    assert (lapsed["status"], lapsed["vote_id"]) == ("lapsed", None)
    late = await sign(group.owner, group, petition)
    assert (late.status_code, late.json()["error"]) == (409, "petition_closed")
    another = await ana.post(
        f"{group.url}/office-terms/{term['id']}/recall-petitions", json={"reason": "Again"}
    )
    assert (another.status_code, another.json()["error"]) == (409, "term_ended")


async def test_standing_down_during_a_recall_vote_closes_it_and_the_term_is_not_recalled(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana, ben = [await accounts.member(group, name=n) for n in ("Ana", "Ben")]
    office = await new_office(group, name="Secretary")
    term = await holder_of(group, office, ben)
    await set_threshold(group, 1)
    petition = await start_petition(ana, group, term)
    vote = await get_vote(group, petition["vote_id"])
    for voter in (ana, group.owner):
        await vote_secretly(accounts, group, voter, vote, ["for"])

    ended = await stood_down(ben, group, term)
    assert (ended["end_reason"], ended["ended_on"]) == ("stood_down", utcnow().date().isoformat())
    closed = await get_vote(group, vote["id"])
    assert closed["status"] == "closed"
    assert closed["results"]["outcome"] == "carried"  # counted, but it recalls no one now
    settled = await get_ok(ana, f"{group.url}/recall-petitions/{petition['id']}")
    assert settled["status"] == "lapsed"
    [history] = (await get_ok(ana, f"{group.url}/offices/{office['id']}/terms"))["items"]
    assert history["end_reason"] == "stood_down"
    notices = (await get_ok(ana, f"{group.url}/vote-notices"))["items"]
    assert [n["kind"] for n in notices] == ["vote_decided", "vote_opened"]
    assert any("Recall: Ben as Secretary" in mail for mail in mails_to(accounts.outbox, ana.email))
