"""The anonymous tip page: the only public write. No login, no cookie, no address kept; a
rate limit, a size limit and a honeypot; a link that rotates or switches off; and a tip is
never read back through the link."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlmodel import col

from api.bulletins.stories.models import Story, TipLink
from api.bulletins.stories.services.tips import QUIET_TIP_PATHS, TIPS_PER_ADDRESS
from api.core.changelog import Change
from tests.factories import Accounts, Group, list_all

# Documentation addresses (RFC 5737): one per test, so the in-memory limit of one test never
# touches another's.
_next_address = iter(range(1, 250))


@pytest.fixture
async def stranger(app: FastAPI) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A browser with no account, from its own address."""
    address = f"203.0.113.{next(_next_address)}"
    transport = httpx.ASGITransport(app=app, client=(address, 51515))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http, address


async def switch_on(group: Group) -> str:
    response = await group.owner.request("PUT", f"{group.url}/tip-link")
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


async def send(http: httpx.AsyncClient, token: str, **fields: Any) -> httpx.Response:
    return await http.post(f"/api/v1/tips/{token}", json={"story": "They cut our breaks", **fields})


async def tips_of(group: Group) -> list[dict[str, Any]]:
    return await list_all(group.owner, f"{group.url}/stories", is_tip="true")


async def test_a_tip_lands_in_the_pool_with_no_cookie_and_no_login(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = stranger
    group = await accounts.group()
    token = await switch_on(group)
    assert len(token) >= 43  # 256 random bits, URL-safe

    response = await send(
        http, token, story="Management cut the night break to 15 minutes.\nSince Monday."
    )
    assert response.status_code == 202, response.text
    assert response.json() == {"received": True}
    assert "set-cookie" not in response.headers
    assert not http.cookies

    [tip] = await tips_of(group)
    assert tip["is_tip"] is True
    assert tip["status"] == "idea"
    assert tip["headline"] == "Management cut the night break to 15 minutes."
    assert tip["body"] == "Management cut the night break to 15 minutes.\nSince Monday."
    assert tip["created_by"] is None


async def test_the_link_is_kept_hashed_and_sealed(accounts: Accounts, app: FastAPI) -> None:
    group = await accounts.group()
    token = await switch_on(group)
    async with app.state.sessionmaker() as session:
        link = (
            await session.execute(
                select(TipLink).where(col(TipLink.group_id) == uuid.UUID(group.id))
            )
        ).scalar_one()
    assert token not in link.token_hash
    assert token not in link.token_sealed
    # Switching on again keeps the link; reading it shows the same.
    assert await switch_on(group) == token
    shown = await group.owner.get(f"{group.url}/tip-link")
    assert shown.json() == {"enabled": True, "token": token}


async def test_a_rotated_link_and_a_switched_off_page_answer_404(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = stranger
    group = await accounts.group()
    old = await switch_on(group)
    rotated = await group.owner.post(f"{group.url}/tip-link/rotation")
    assert rotated.status_code == 200
    new = rotated.json()["token"]
    assert new != old
    gone = await send(http, old)
    assert gone.status_code == 404
    assert gone.json()["error"] == "tip_link_not_found"
    assert (await send(http, new)).status_code == 202

    assert (await group.owner.delete(f"{group.url}/tip-link")).status_code == 204
    assert (await group.owner.get(f"{group.url}/tip-link")).json() == {
        "enabled": False,
        "token": None,
    }
    assert (await send(http, new)).status_code == 404
    # Tips already received stay with the group.
    assert len(await tips_of(group)) == 1


async def test_only_organisers_manage_the_page(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    organiser = await accounts.member(group, "organiser")
    assert (await member.request("PUT", f"{group.url}/tip-link")).status_code == 403
    assert (await member.get(f"{group.url}/tip-link")).status_code == 403
    assert (await organiser.request("PUT", f"{group.url}/tip-link")).status_code == 200


async def test_a_tip_is_never_read_back_through_the_link(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = stranger
    group = await accounts.group()
    token = await switch_on(group)
    assert (await send(http, token, story="Secret story text")).status_code == 202
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        response = await http.request(method, f"/api/v1/tips/{token}")
        assert response.status_code == 405, method
        assert "Secret story text" not in response.text
    for path in (f"/api/v1/tips/{token}/stories", "/api/v1/tips"):
        response = await http.get(path)
        assert response.status_code == 404
        assert "Secret story text" not in response.text
    # Nor through the group's routes without an account.
    assert (await http.get(f"{group.url}/stories")).status_code == 401


async def test_a_tip_goes_only_to_the_group_whose_link_it_used(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = stranger
    first = await accounts.group(name="First")
    second = await accounts.group(name="Second")
    await switch_on(second)
    token = await switch_on(first)
    assert (await send(http, token)).status_code == 202
    assert len(await tips_of(first)) == 1
    assert await tips_of(second) == []


async def test_a_filled_honeypot_looks_accepted_but_is_discarded(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = stranger
    group = await accounts.group()
    token = await switch_on(group)
    response = await send(http, token, website="http://spam.example")
    assert response.status_code == 202
    assert response.json() == {"received": True}
    assert await tips_of(group) == []


async def test_tips_from_one_address_are_limited(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str], app: FastAPI
) -> None:
    http, _ = stranger
    group = await accounts.group()
    token = await switch_on(group)
    allowed = TIPS_PER_ADDRESS.amount
    statuses = [(await send(http, token, story=f"Tip {n}")).status_code for n in range(allowed)]
    assert statuses == [202] * allowed
    refused = await send(http, token, story="One too many")
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    assert len(await tips_of(group)) == allowed
    # Another connection is not held back.
    transport = httpx.ASGITransport(app=app, client=("198.51.100.77", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        assert (await send(other, token)).status_code == 202


async def test_tips_are_limited_in_size(
    accounts: Accounts, stranger: tuple[httpx.AsyncClient, str]
) -> None:
    http, _ = stranger
    group = await accounts.group()
    token = await switch_on(group)
    too_long = await send(http, token, story="x" * 5_001)
    assert too_long.status_code == 422
    assert too_long.json()["fields"][0]["loc"] == ["body", "story"]
    long_headline = await send(http, token, headline="h" * 201)
    assert long_headline.status_code == 422
    assert long_headline.json()["fields"][0]["loc"] == ["body", "headline"]
    blank = await send(http, token, story="   ")
    assert blank.status_code == 422
    oversized = await http.post(
        f"/api/v1/tips/{token}",
        content=b'{"story": "' + b"y" * 40_000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert oversized.status_code == 413
    assert (await send(http, token, story="z" * 5_000)).status_code == 202


async def test_no_address_is_stored_or_logged(
    accounts: Accounts,
    stranger: tuple[httpx.AsyncClient, str],
    app: FastAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    http, address = stranger
    group = await accounts.group()
    token = await switch_on(group)
    with caplog.at_level(logging.DEBUG):
        assert (await send(http, token, story="From the loading bay")).status_code == 202
    # httpx's own lines are this test's client talking, not the server.
    server_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert len(server_records) < len(caplog.records), "the request's logging was captured"
    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in server_records)
    assert address not in logged
    assert token not in logged

    async with app.state.sessionmaker() as session:
        story = (
            await session.execute(
                select(Story).where(col(Story.group_id) == uuid.UUID(group.id), Story.is_tip)
            )
        ).scalar_one()
        changes = (
            (await session.execute(select(Change).where(col(Change.entity_id) == story.id)))
            .scalars()
            .all()
        )
    stored = str(story.model_dump(warnings=False)) + str(
        [change.model_dump(warnings=False) for change in changes]
    )
    assert address not in stored
    assert story.created_by is None

    # The server's access log drops the lines uvicorn writes for the page and its API.
    def access_line(method: str, path: str) -> logging.LogRecord:
        return logging.LogRecord(
            "uvicorn.access",
            logging.INFO,
            __file__,
            1,
            '%s - "%s %s HTTP/%s" %d',
            (f"{address}:51515", method, path, "1.1", 200),
            None,
        )

    for method, path in (("POST", f"/api/v1/tips/{token}"), ("GET", "/tip"), ("GET", "/tip?x=1")):
        assert QUIET_TIP_PATHS.filter(access_line(method, path)) is False, path
    for path in ("/api/v1/health", "/tips-and-tricks", "/groups"):
        assert QUIET_TIP_PATHS.filter(access_line("GET", path)) is True, path
    assert QUIET_TIP_PATHS in logging.getLogger("uvicorn.access").filters
