"""Access and refresh tokens: every forged, stale or replayed token is refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

from jose import jwt

from api.auth.service import REFRESH_COOKIE
from tests.conftest import TEST_SECRET
from tests.factories import Account, Accounts


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(account: Account) -> dict[str, object]:
    return jwt.get_unverified_claims(account.access_token)


async def _me_with(account: Account, token: str) -> int:
    response = await account.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.json()["error"] in {"invalid_token", "session_ended", "not_authenticated"}
    return response.status_code


async def test_valid_token_is_accepted(accounts: Accounts) -> None:
    person = await accounts.person()
    assert await _me_with(person, person.access_token) == 200


async def test_alg_none_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(person))}."
    assert await _me_with(person, forged) == 401


async def test_token_signed_with_another_key_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    forged = jwt.encode(_claims(person), "another-secret-" + "y" * 40, algorithm="HS256")
    assert await _me_with(person, forged) == 401


async def test_token_with_another_algorithm_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    forged = jwt.encode(_claims(person), TEST_SECRET, algorithm="HS512")
    assert await _me_with(person, forged) == 401


async def test_expired_token_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    past = datetime.now(UTC) - timedelta(minutes=30)
    claims = {**_claims(person), "iat": int(past.timestamp()), "exp": int(past.timestamp()) + 60}
    assert await _me_with(person, jwt.encode(claims, TEST_SECRET, algorithm="HS256")) == 401


async def test_tampered_payload_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    other = await accounts.person("Someone Else")
    header, _payload, signature = person.access_token.split(".")
    tampered = {**_claims(person), "sub": other.user_id}
    assert await _me_with(person, f"{header}.{_b64(tampered)}.{signature}") == 401


async def test_token_missing_required_claims_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    for claim in ("exp", "iat", "sub", "type", "sid"):
        claims = {k: v for k, v in _claims(person).items() if k != claim}
        token = jwt.encode(claims, TEST_SECRET, algorithm="HS256")
        assert await _me_with(person, token) == 401, claim


async def test_token_of_another_type_is_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    claims = {**_claims(person), "type": "refresh"}
    assert await _me_with(person, jwt.encode(claims, TEST_SECRET, algorithm="HS256")) == 401


async def test_garbage_and_missing_tokens_are_refused(accounts: Accounts) -> None:
    person = await accounts.person()
    assert await _me_with(person, "not-a-token") == 401
    response = await person.http.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_refresh_rotates_the_cookie(accounts: Accounts) -> None:
    person = await accounts.person()
    first = person.http.cookies.get(REFRESH_COOKIE)
    response = await person.http.post("/api/v1/auth/refresh")
    assert response.status_code == 200
    second = person.http.cookies.get(REFRESH_COOKIE)
    assert first
    assert second
    assert first != second
    assert await _me_with(person, response.json()["access_token"]) == 200
    cookie_header = response.headers["set-cookie"].lower()
    assert "httponly" in cookie_header
    assert "samesite=strict" in cookie_header
    assert "path=/api/v1/auth" in cookie_header


async def test_replayed_refresh_token_revokes_the_whole_family(accounts: Accounts) -> None:
    person = await accounts.person()
    stolen = person.http.cookies.get(REFRESH_COOKIE)
    rotated = await person.http.post("/api/v1/auth/refresh")
    assert rotated.status_code == 200
    latest_access = rotated.json()["access_token"]

    thief = accounts.new_client()
    thief.cookies.set(REFRESH_COOKIE, stolen or "")
    replay = await thief.post("/api/v1/auth/refresh")
    assert replay.status_code == 401
    assert replay.json()["error"] == "refresh_rejected"

    # The legitimate holder's newer refresh token and access token die with the family.
    assert (await person.http.post("/api/v1/auth/refresh")).status_code == 401
    assert await _me_with(person, latest_access) == 401
    assert await _me_with(person, person.access_token) == 401


async def test_logout_ends_access_immediately(accounts: Accounts) -> None:
    person = await accounts.person()
    assert (await person.http.post("/api/v1/auth/logout")).status_code == 204
    assert await _me_with(person, person.access_token) == 401
    assert (await person.http.post("/api/v1/auth/refresh")).status_code == 401


async def test_logout_with_only_the_access_token_ends_the_session(accounts: Accounts) -> None:
    person = await accounts.person()
    cookieless = accounts.new_client()  # the refresh cookie stays behind in person.http
    out = await cookieless.post("/api/v1/auth/logout", headers=person.headers)
    assert out.status_code == 204
    assert await _me_with(person, person.access_token) == 401
    assert (await person.http.post("/api/v1/auth/refresh")).status_code == 401


async def test_removed_members_still_valid_token_is_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "organiser")
    assert (await member.get(group.url)).status_code == 200
    membership = await accounts.membership_id(group, member)
    assert (await group.owner.delete(f"{group.url}/members/{membership}")).status_code == 204
    # The same, unexpired access token: the group is now invisible to them.
    response = await member.get(f"{group.url}/members")
    assert response.status_code == 404
    assert response.json()["error"] == "group_not_found"
    groups = await member.get("/api/v1/groups")
    assert groups.json()["items"] == []


async def test_demotion_takes_effect_on_the_next_request(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    assert (
        await organiser.post(f"{group.url}/invites", json={"role": "member"})
    ).status_code == 201
    membership = await accounts.membership_id(group, organiser)
    demoted = await group.owner.patch(
        f"{group.url}/members/{membership}", json={"role": "observer"}
    )
    assert demoted.status_code == 200
    response = await organiser.post(f"{group.url}/invites", json={"role": "member"})
    assert response.status_code == 403


async def test_people_see_and_end_their_signed_in_devices(accounts: Accounts) -> None:
    person = await accounts.person()
    phone = accounts.new_client()
    signed_in = await phone.post(
        "/api/v1/auth/login",
        json={"email": person.email, "password": person.password},
        headers={"User-Agent": "Phone browser"},
    )
    phone_token = signed_in.json()["access_token"]
    listed = (await person.get("/api/v1/me/sessions")).json()
    assert len(listed) == 2
    [mine] = [item for item in listed if item["current"]]
    [other] = [item for item in listed if not item["current"]]
    assert other["device"] == "Phone browser"
    assert (await person.delete(f"/api/v1/me/sessions/{other['id']}")).status_code == 204
    assert await _me_with(person, phone_token) == 401
    assert (await phone.post("/api/v1/auth/refresh")).status_code == 401
    assert [item["id"] for item in (await person.get("/api/v1/me/sessions")).json()] == [mine["id"]]
    # Someone else's session is not theirs to end, nor to learn about.
    stranger = await accounts.person("Stranger")
    refused = await stranger.delete(f"/api/v1/me/sessions/{mine['id']}")
    assert refused.status_code == 404
    assert refused.json()["error"] == "session_not_found"
    assert await _me_with(person, person.access_token) == 200


async def test_logging_out_elsewhere_ends_every_other_device(accounts: Accounts) -> None:
    person = await accounts.person()
    phone, laptop = accounts.new_client(), accounts.new_client()
    others = []
    for device, name in ((phone, "Phone browser"), (laptop, "Laptop browser")):
        signed_in = await device.post(
            "/api/v1/auth/login",
            json={"email": person.email, "password": person.password},
            headers={"User-Agent": name},
        )
        others.append(signed_in.json()["access_token"])
    listed = (await person.get("/api/v1/me/sessions")).json()
    assert len(listed) == 3
    # Each device shows where it was used from, so its owner can tell one they do not know.
    assert {item["address"] for item in listed} == {"127.0.0.1"}
    ended = await person.post("/api/v1/me/sessions/end-others")
    assert ended.status_code == 204
    for token in others:
        assert await _me_with(person, token) == 401
    assert (await phone.post("/api/v1/auth/refresh")).status_code == 401
    assert (await laptop.post("/api/v1/auth/refresh")).status_code == 401
    [kept] = (await person.get("/api/v1/me/sessions")).json()
    assert kept["current"] is True
    assert await _me_with(person, person.access_token) == 200


async def test_administrators_can_end_a_persons_sessions(accounts: Accounts) -> None:
    admin = await accounts.admin()
    person = await accounts.person()
    url = f"/api/v1/admin/users/{person.user_id}/sessions"
    assert (await person.get(url)).status_code == 403
    [session] = (await admin.get(url)).json()
    assert (await admin.delete(f"{url}/{session['id']}")).status_code == 204
    assert await _me_with(person, person.access_token) == 401
