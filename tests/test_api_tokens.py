"""API tokens: shown once, scoped, and never stronger than their creator's current role."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col

from api.tokens.models import ApiToken
from tests.factories import Accounts, Group


async def _token(group: Group, scopes: list[str], **extra: object) -> dict[str, object]:
    response = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Sync", "scopes": scopes, **extra}
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def _as_token(
    http: httpx.AsyncClient, secret: object, method: str, url: str, **kwargs: object
) -> httpx.Response:
    return await http.request(
        method,
        url,
        headers={"Authorization": f"Bearer {secret}"},
        **kwargs,  # type: ignore[arg-type]
    )


async def test_token_is_shown_once_and_listed_without_its_secret(accounts: Accounts) -> None:
    group = await accounts.group()
    token = await _token(group, ["contacts:read", "changes:read"])
    secret = str(token["secret"])
    assert secret.startswith("sft_")
    assert token["prefix"] == secret[:12]
    listed = (await group.owner.get(f"{group.url}/tokens")).json()["items"]
    assert len(listed) == 1
    assert "secret" not in listed[0]
    assert secret not in str(listed)
    assert listed[0]["last_used_at"] is None
    used = await _as_token(group.owner.http, secret, "GET", f"{group.url}/contacts")
    assert used.status_code == 200
    listed = (await group.owner.get(f"{group.url}/tokens")).json()["items"]
    assert listed[0]["last_used_at"] is not None


async def test_scopes_are_enforced(accounts: Accounts) -> None:
    group = await accounts.group()
    secret = (await _token(group, ["contacts:read"]))["secret"]
    http = group.owner.http
    assert (await _as_token(http, secret, "GET", f"{group.url}/contacts")).status_code == 200
    write = await _as_token(
        http, secret, "POST", f"{group.url}/contacts", json={"full_name": "Ana Silva"}
    )
    assert write.status_code == 403
    assert write.json()["error"] == "insufficient_scope"
    disputes = await _as_token(http, secret, "GET", f"{group.url}/disputes")
    assert disputes.status_code == 403
    members = await _as_token(http, secret, "GET", f"{group.url}/members")
    assert members.json()["error"] == "token_not_allowed"
    me = await _as_token(http, secret, "GET", "/api/v1/me")
    assert me.status_code == 403
    assert me.json()["error"] == "token_not_allowed"


async def test_token_works_only_in_its_own_group(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(group.owner, name="Other Group")
    secret = (await _token(group, ["contacts:read"]))["secret"]
    response = await _as_token(group.owner.http, secret, "GET", f"{other.url}/contacts")
    assert response.status_code == 404
    assert response.json()["error"] == "group_not_found"


async def test_revoked_token_is_refused_at_once(accounts: Accounts) -> None:
    group = await accounts.group()
    token = await _token(group, ["contacts:read"])
    url = f"{group.url}/contacts"
    assert (await _as_token(group.owner.http, token["secret"], "GET", url)).status_code == 200
    revoked = await group.owner.delete(f"{group.url}/tokens/{token['id']}")
    assert revoked.status_code == 204
    refused = await _as_token(group.owner.http, token["secret"], "GET", url)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_token"
    listed = (await group.owner.get(f"{group.url}/tokens")).json()["items"]
    assert listed[0]["revoked_at"] is not None


async def test_token_loses_what_its_creator_loses(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    created = await organiser.post(
        f"{group.url}/tokens", json={"name": "Mine", "scopes": ["contacts:read", "contacts:write"]}
    )
    secret = created.json()["secret"]
    http = organiser.http
    contact = await _as_token(
        http, secret, "POST", f"{group.url}/contacts", json={"full_name": "Kofi Mensah"}
    )
    assert contact.status_code == 201
    membership = await accounts.membership_id(group, organiser)
    await group.owner.patch(f"{group.url}/members/{membership}", json={"role": "observer"})
    demoted = await _as_token(
        http, secret, "POST", f"{group.url}/contacts", json={"full_name": "Another"}
    )
    assert demoted.status_code == 403
    assert (await _as_token(http, secret, "GET", f"{group.url}/contacts")).status_code == 200
    await group.owner.delete(f"{group.url}/members/{membership}")
    removed = await _as_token(http, secret, "GET", f"{group.url}/contacts")
    assert removed.status_code == 404
    assert removed.json()["error"] == "group_not_found"


async def test_expired_token_is_refused(accounts: Accounts, app: FastAPI) -> None:
    group = await accounts.group()
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    token = await _token(group, ["contacts:read"], expires_at=soon)
    url = f"{group.url}/contacts"
    assert (await _as_token(group.owner.http, token["secret"], "GET", url)).status_code == 200
    async with app.state.sessionmaker() as session:
        await session.execute(
            update(ApiToken)
            .where(col(ApiToken.id) == uuid.UUID(str(token["id"])))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
    expired = await _as_token(group.owner.http, token["secret"], "GET", url)
    assert expired.status_code == 401
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    refused = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Old", "scopes": ["contacts:read"], "expires_at": past}
    )
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "expires_at"


async def test_unknown_scope_is_a_field_error(accounts: Accounts) -> None:
    group = await accounts.group()
    response = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Bad", "scopes": ["everything:all"]}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"].startswith("scopes")


async def test_members_cannot_create_tokens(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    response = await member.post(
        f"{group.url}/tokens", json={"name": "Nope", "scopes": ["contacts:read"]}
    )
    assert response.status_code == 403
