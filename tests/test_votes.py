"""Votes and secret ballots through HTTP, with a voter's client running the web app's own
RFC 9474 library (tests/blind_client.mjs)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import secrets
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from api.core.db import utcnow
from api.democracy.models import Ballot, Vote, VoteRollEntry, VoteSigningKey
from api.routes import api_routes
from tests.factories import Account, Accounts, Group, post_created

BLIND_CLIENT = Path(__file__).with_name("blind_client.mjs")


async def blind_client(**request: Any) -> dict[str, str]:
    process = await asyncio.create_subprocess_exec(
        "node",
        str(BLIND_CLIENT),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(json.dumps(request).encode())
    assert process.returncode == 0, err.decode()
    answer: dict[str, str] = json.loads(out)
    return answer


def anonymous(accounts: Accounts) -> httpx.AsyncClient:
    """A client with no login and no cookies: how a ballot is sent."""
    return accounts.new_client()


async def new_vote(group: Group, **fields: Any) -> dict[str, Any]:
    body = {"title": "Join the picket rota", "subject": "motion", "method": "for_against_abstain"}
    return await post_created(group.owner, f"{group.url}/votes", {**body, **fields})


async def opened(group: Group, vote: dict[str, Any]) -> dict[str, Any]:
    response = await group.owner.post(f"{group.url}/votes/{vote['id']}/open")
    assert response.status_code == 200, response.text
    opened_vote: dict[str, Any] = response.json()
    return opened_vote


async def take_token(voter: Account, group: Group, vote: dict[str, Any]) -> dict[str, str]:
    """Blind a fresh token, have it signed, unblind: what the web app does before voting."""
    blinded = await blind_client(step="blind", public_key=vote["public_key"])
    response = await voter.post(
        f"{group.url}/votes/{vote['id']}/signature",
        json={"blinded_message": blinded["blinded_message"]},
    )
    assert response.status_code == 200, response.text
    finished = await blind_client(
        step="finalize",
        public_key=vote["public_key"],
        token=blinded["token"],
        blind_signature=response.json()["blind_signature"],
        inv=blinded["inv"],
    )
    return {"token": blinded["token"], "signature": finished["signature"]}


async def cast(
    accounts: Accounts, vote: dict[str, Any], token: dict[str, str], choice: list[str]
) -> httpx.Response:
    return await anonymous(accounts).post(
        f"/api/v1/ballots/{vote['id']}", json={**token, "choice": choice}
    )


async def vote_secretly(
    accounts: Accounts, group: Group, voter: Account, vote: dict[str, Any], choice: list[str]
) -> str:
    response = await cast(accounts, vote, await take_token(voter, group, vote), choice)
    assert response.status_code == 201, response.text
    receipt: str = response.json()["receipt"]
    return receipt


async def close(group: Group, vote: dict[str, Any]) -> dict[str, Any]:
    response = await group.owner.post(f"{group.url}/votes/{vote['id']}/close")
    assert response.status_code == 200, response.text
    closed: dict[str, Any] = response.json()
    return closed


async def test_secret_ballot_counted_and_each_voter_finds_their_receipt(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    voters = [await accounts.member(group, name=name) for name in ("Ana", "Ben", "Cas")]
    vote = await opened(group, await new_vote(group, quorum=3))
    assert vote["status"] == "open"
    assert vote["electorate"] == 4  # the owner and three members

    choices = [["for"], ["for"], ["against"]]
    receipts = [
        await vote_secretly(accounts, group, voter, vote, choice)
        for voter, choice in zip(voters, choices, strict=True)
    ]
    seen = (await voters[0].get(f"{group.url}/votes/{vote['id']}")).json()
    assert (seen["on_roll"], seen["may_vote"], seen["results"]) == (True, False, None)
    early = await voters[0].get(f"{group.url}/votes/{vote['id']}/ballots")
    assert (early.status_code, early.json()["error"]) == (409, "vote_not_closed")

    closed = await close(group, vote)
    assert closed["results"] == {
        "turnout": 3,
        "quorum_met": True,
        "tallies": {"for": 2, "against": 1, "abstain": 0},
        "outcome": "carried",
    }
    published = (await voters[1].get(f"{group.url}/votes/{vote['id']}/ballots")).json()
    by_receipt = {ballot["receipt"]: ballot["choice"] for ballot in published["ballots"]}
    for receipt, choice in zip(receipts, choices, strict=True):
        assert by_receipt[receipt] == choice
    # Anyone can check each receipt is the hash of a published token.
    for ballot in published["ballots"]:
        token = base64.b64decode(ballot["token"])
        assert hashlib.sha256(token).hexdigest() == ballot["receipt"]


async def test_a_token_counts_once_and_a_voter_takes_one(accounts: Accounts) -> None:
    group = await accounts.group()
    voter = await accounts.member(group)
    vote = await opened(group, await new_vote(group))
    token = await take_token(voter, group, vote)
    assert (await cast(accounts, vote, token, ["for"])).status_code == 201
    again = await cast(accounts, vote, token, ["against"])
    assert (again.status_code, again.json()["error"]) == (409, "ballot_already_cast")

    blinded = await blind_client(step="blind", public_key=vote["public_key"])
    second = await voter.post(
        f"{group.url}/votes/{vote['id']}/signature",
        json={"blinded_message": blinded["blinded_message"]},
    )
    assert (second.status_code, second.json()["error"]) == (409, "already_voted")
    results = (await close(group, vote))["results"]
    assert results["tallies"] == {"for": 1, "against": 0, "abstain": 0}


async def test_forged_unsigned_and_foreign_tokens_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    voter = await accounts.member(group)
    vote = await opened(group, await new_vote(group))
    other = await opened(group, await new_vote(group, title="Another motion"))
    token = await take_token(voter, group, vote)

    forged_signature = base64.b64encode(secrets.token_bytes(256)).decode()
    forged = await cast(accounts, vote, {**token, "signature": forged_signature}, ["for"])
    assert (forged.status_code, forged.json()["error"]) == (403, "ballot_refused")
    other_token = {**token, "token": base64.b64encode(secrets.token_bytes(64)).decode()}
    unsigned = await cast(accounts, vote, other_token, ["for"])
    assert (unsigned.status_code, unsigned.json()["error"]) == (403, "ballot_refused")
    # Signed by another vote's key: not a ballot for this one.
    elsewhere = await cast(accounts, other, token, ["for"])
    assert (elsewhere.status_code, elsewhere.json()["error"]) == (403, "ballot_refused")
    bad_choice = await cast(accounts, vote, token, ["maybe"])
    assert bad_choice.status_code == 422
    assert bad_choice.json()["fields"][0]["field"] == "choice"
    # None of the refusals used the token up.
    assert (await cast(accounts, vote, token, ["abstain"])).status_code == 201


async def test_ballot_with_a_login_is_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    vote = await opened(group, await new_vote(group))
    token = await take_token(group.owner, group, vote)
    response = await group.owner.post(
        f"/api/v1/ballots/{vote['id']}", json={**token, "choice": ["for"]}
    )
    assert (response.status_code, response.json()["error"]) == (400, "ballot_carries_credentials")
    assert "set-cookie" not in response.headers


async def test_votes_outside_their_window_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    voter = await accounts.member(group)
    draft = await new_vote(group)
    early = await voter.post(
        f"{group.url}/votes/{draft['id']}/signature", json={"blinded_message": "AAAA"}
    )
    assert (early.status_code, early.json()["error"]) == (409, "vote_not_open")

    vote = await opened(
        group, await new_vote(group, closes_at=(utcnow() + timedelta(hours=1)).isoformat())
    )
    token = await take_token(voter, group, vote)
    # The closing time passes before the ballot is sent.
    async with accounts.app.state.sessionmaker() as session:
        await session.execute(
            update(Vote)
            .where(Vote.id == uuid.UUID(vote["id"]))
            .values(closes_at=utcnow() - timedelta(1))
        )
        await session.commit()
    late = await cast(accounts, vote, token, ["for"])
    assert (late.status_code, late.json()["error"]) == (409, "vote_not_open")

    closed_vote = await opened(group, await new_vote(group, title="Closed"))
    kept = await take_token(voter, group, closed_vote)
    await close(group, closed_vote)
    after = await cast(accounts, closed_vote, kept, ["for"])
    assert (after.status_code, after.json()["error"]) == (409, "vote_not_open")
    async with accounts.app.state.sessionmaker() as session:
        assert await session.get(VoteSigningKey, uuid.UUID(closed_vote["id"])) is None


async def test_roles_left_out_cannot_take_a_ballot(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group)
    observer = await accounts.member(group, "observer")
    vote = await opened(group, await new_vote(group, eligible_roles=["organiser", "owner"]))
    assert vote["electorate"] == 1
    refused = await member.post(
        f"{group.url}/votes/{vote['id']}/signature", json={"blinded_message": "AAAA"}
    )
    assert (refused.status_code, refused.json()["error"]) == (403, "not_entitled_to_vote")
    reader = await observer.post(
        f"{group.url}/votes/{vote['id']}/signature", json={"blinded_message": "AAAA"}
    )
    assert reader.status_code == 403
    waiting = (await member.get(f"{group.url}/votes", params={"waiting": "true"})).json()
    assert waiting["items"] == []
    mine = (await group.owner.get(f"{group.url}/votes", params={"waiting": "true"})).json()
    assert [item["id"] for item in mine["items"]] == [vote["id"]]


async def test_quorum_and_two_thirds_majority(accounts: Accounts) -> None:
    group = await accounts.group()
    voters = [await accounts.member(group) for _ in range(3)]
    vote = await opened(group, await new_vote(group, quorum=4, majority="two_thirds"))
    for voter, choice in zip(voters, ["for", "for", "against"], strict=True):
        await vote_secretly(accounts, group, voter, vote, [choice])
    results = (await close(group, vote))["results"]
    assert (results["quorum_met"], results["outcome"]) == (False, "no_quorum")

    hands = await opened(
        group, await new_vote(group, secret=False, majority="two_thirds", quorum=10)
    )
    assert hands["public_key"] is None
    counted = await group.owner.post(
        f"{group.url}/votes/{hands['id']}/hands",
        json={"tallies": {"for": 7, "against": 4, "abstain": 3}},
    )
    assert counted.status_code == 200, counted.text
    # 7 of the 11 for or against is short of two thirds; abstentions count towards quorum.
    assert counted.json()["results"]["outcome"] == "fell"
    assert counted.json()["results"]["quorum_met"] is True


async def test_ranked_election_counted_round_by_round(accounts: Accounts) -> None:
    group = await accounts.group()
    voters = [await accounts.member(group) for _ in range(5)]
    vote = await opened(
        group,
        await new_vote(
            group,
            title="Workplace rep",
            subject="election",
            method="ranked",
            options=["Ana", "Ben", "Cas"],
        ),
    )
    rankings = [["Ana"], ["Ana"], ["Ben", "Ana"], ["Ben", "Ana"], ["Cas", "Ben"]]
    for voter, ranking in zip(voters, rankings, strict=True):
        await vote_secretly(accounts, group, voter, vote, ranking)
    results = (await close(group, vote))["results"]
    assert results["elected"] == ["Ben"]
    assert [r["excluded"] for r in results["rounds"]] == [["Cas"], []]
    assert results["rounds"][1]["tallies"] == {"Ana": "2", "Ben": "3"}


async def test_roll_and_box_share_nothing_but_the_vote() -> None:
    """No column or foreign key of the box names a person, a group, a time or an order, and
    the only thing it shares with the roll is the vote."""
    box = Ballot.__table__  # type: ignore[attr-defined]
    roll = VoteRollEntry.__table__  # type: ignore[attr-defined]
    assert {column.name for column in box.columns} == {
        "id",
        "vote_id",
        "token_hash",
        "token",
        "signature",
        "choice",
    }
    assert {fk.column.table.name for fk in box.foreign_keys} == {"votes"}
    assert {fk.column.table.name for fk in roll.foreign_keys} == {"votes", "users", "groups"}
    assert not any(fk.column.table is roll for fk in box.foreign_keys)
    assert not any(fk.column.table is box for fk in roll.foreign_keys)
    assert {c.name for c in box.columns} & {c.name for c in roll.columns} == {"id", "vote_id"}
    assert not any(column.autoincrement is True for column in box.columns)
    assert box.c.id.default.arg.__name__ == "uuid4"  # random, not time-ordered


async def test_no_log_line_names_a_ballot_or_its_sender(
    accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    group = await accounts.group()
    voter = await accounts.member(group, name="Distinctive Voter")
    vote = await opened(group, await new_vote(group))
    caplog.set_level(logging.DEBUG)
    token = await take_token(voter, group, vote)
    response = await cast(accounts, vote, token, ["against"])
    receipt = response.json()["receipt"]
    # What uvicorn writes for each request, were this served by it.
    access = logging.getLogger("uvicorn.access")
    # Uvicorn's own logging configuration (applied by any server started earlier in this
    # process) stops its access lines propagating to the root logger the capture listens on.
    # (A logging configuration may also have disabled or quietened the logger.)
    was_disabled, level = access.disabled, access.level
    access.disabled = False
    access.setLevel(logging.INFO)
    access.addHandler(caplog.handler)
    ballot_path = f"/api/v1/ballots/{vote['id']}"
    try:
        access.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:4711", "POST", ballot_path, "1.1", 201)
        access.info(
            '%s - "%s %s HTTP/%s" %d', "198.51.100.7:4712", "GET", "/api/v1/health", "1.1", 200
        )
    finally:
        access.removeHandler(caplog.handler)
        access.disabled = was_disabled
        access.setLevel(level)
    # The test's own HTTP client (httpx) logs what it sends; the browser's side, not the app's.
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith(("httpx", "httpcore"))
    )
    assert "/api/v1/health" in logged  # the capture works
    for secret in ("203.0.113.9", ballot_path, receipt, token["token"], voter.user_id):
        assert secret not in logged
    assert "Distinctive Voter" not in logged


async def test_the_ballot_route_is_public_and_documented_so(app: FastAPI) -> None:
    """The one route that takes a ballot needs (and accepts) no login; every other vote route
    needs one."""
    public = {
        route.path
        for route in api_routes(app)
        if route.path.startswith("/api/v1/") and "vote" in route.path and not route.authenticated
    }
    assert public == {"/api/v1/ballots/{vote_id}"}
    operation = app.openapi()["paths"]["/api/v1/ballots/{vote_id}"]["post"]
    assert "security" not in operation
