"""Two-factor login: authenticator apps, recovery codes, passkeys, the second login step, groups
that require it and administrators who need it. TOTP codes are computed with pyotp; passkeys are
a software authenticator's real attestations and signatures (tests/authenticator.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from api.auth.models import AuthChallenge
from api.core.config import Environment, Settings
from api.core.db import utcnow
from api.main import create_app
from tests.authenticator import SoftAuthenticator, b64url
from tests.factories import DEFAULT_PASSWORD, Account, Accounts, enrol_totp, make_contact

ME = "/api/v1/me"
LOGIN = "/api/v1/auth/login"
SECOND = "/api/v1/auth/login/second-factor"


async def password_step(accounts: Accounts, account: Account) -> tuple[httpx.AsyncClient, Any]:
    """A new browser logs in with the password; the answer of that first step."""
    http = accounts.new_client()
    response = await http.post(LOGIN, json={"email": account.email, "password": account.password})
    assert response.status_code == 200, response.text
    return http, response.json()


def signed_in(account: Account, http: httpx.AsyncClient, token: dict[str, Any]) -> Account:
    return Account(
        http=http,
        email=account.email,
        password=account.password,
        user_id=account.user_id,
        access_token=token["access_token"],
        display_name=account.display_name,
        totp_secret=account.totp_secret,
        totp_last_step=account.totp_last_step,
    )


async def add_passkey(
    account: Account, settings: Settings, name: str = "Work phone"
) -> tuple[SoftAuthenticator, dict[str, Any]]:
    authenticator = SoftAuthenticator(settings.passkey_origin, settings.passkey_rp_id)
    ceremony = (await account.post(f"{ME}/passkeys/options")).json()
    response = await account.post(
        f"{ME}/passkeys",
        json={
            "challenge": ceremony["challenge"],
            "name": name,
            "credential": authenticator.create(ceremony["options"]),
        },
    )
    assert response.status_code == 201, response.text
    return authenticator, response.json()


# --- authenticator apps -----------------------------------------------------------------


async def test_enrolling_an_authenticator_app_gives_recovery_codes_once(
    accounts: Accounts,
) -> None:
    person = await accounts.person()
    assert (await person.get(f"{ME}/two-factor")).json()["enabled"] is False
    started = await person.post(f"{ME}/two-factor/totp")
    assert started.status_code == 201
    enrolment = started.json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/Shopfloor:")
    assert f"secret={enrolment['secret']}" in enrolment["otpauth_uri"]
    person.totp_secret = enrolment["secret"]

    wrong = await person.post(f"{ME}/two-factor/totp/confirm", json={"code": "000000"})
    assert wrong.status_code == 422
    assert wrong.json()["fields"][0]["field"] == "code"

    confirmed = await person.post(
        f"{ME}/two-factor/totp/confirm", json={"code": person.totp_code()}
    )
    assert confirmed.status_code == 200
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10

    status = (await person.get(f"{ME}/two-factor")).json()
    assert status == {
        "enabled": True,
        "totp": True,
        "recovery_codes_left": 10,
        "passkeys": [],
        "session_verified": True,
    }
    again = await person.post(f"{ME}/two-factor/totp")
    assert again.status_code == 409
    assert again.json()["error"] == "totp_already_enabled"


async def test_login_with_two_factor_needs_a_code_and_takes_each_code_once(
    accounts: Accounts,
) -> None:
    person = await accounts.person()
    await enrol_totp(person)
    http, step = await password_step(accounts, person)
    assert step["second_factor_required"] is True
    assert step["methods"] == ["totp", "recovery_code"]
    assert "access_token" not in step
    assert "shopfloor_refresh" not in http.cookies
    assert (await http.post("/api/v1/auth/refresh")).status_code == 401

    code = person.totp_code()
    done = await http.post(SECOND, json={"challenge": step["challenge"], "code": code})
    assert done.status_code == 200, done.text
    me = signed_in(person, http, done.json())
    assert (await me.get(ME)).json()["email"] == person.email
    assert (await me.get(f"{ME}/two-factor")).json()["session_verified"] is True

    used = await http.post(SECOND, json={"challenge": step["challenge"], "code": code})
    assert used.status_code == 401
    assert used.json()["error"] == "challenge_invalid"

    other, replay_step = await password_step(accounts, person)
    replayed = await other.post(SECOND, json={"challenge": replay_step["challenge"], "code": code})
    assert replayed.status_code == 401
    assert replayed.json()["error"] == "invalid_second_factor"


async def test_recovery_codes_work_once_each_and_can_be_replaced(accounts: Accounts) -> None:
    person = await accounts.person()
    codes = await enrol_totp(person)
    http, step = await password_step(accounts, person)
    typed = codes[0].upper().replace("-", " ")  # read off paper, typed loosely
    done = await http.post(SECOND, json={"challenge": step["challenge"], "recovery_code": typed})
    assert done.status_code == 200, done.text
    assert (await person.get(f"{ME}/two-factor")).json()["recovery_codes_left"] == 9

    http, step = await password_step(accounts, person)
    again = await http.post(
        SECOND, json={"challenge": step["challenge"], "recovery_code": codes[0]}
    )
    assert again.status_code == 401
    assert again.json()["error"] == "invalid_second_factor"

    refused = await person.post(f"{ME}/two-factor/recovery-codes", json={"password": "wrong"})
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "password"
    fresh = await person.post(f"{ME}/two-factor/recovery-codes", json={"code": person.totp_code()})
    assert fresh.status_code == 200
    new_codes = fresh.json()["recovery_codes"]
    assert len(new_codes) == 10
    old = await http.post(SECOND, json={"challenge": step["challenge"], "recovery_code": codes[1]})
    assert old.json()["error"] == "invalid_second_factor"
    new = await http.post(
        SECOND, json={"challenge": step["challenge"], "recovery_code": new_codes[0]}
    )
    assert new.status_code == 200


async def test_second_step_refuses_unknown_expired_and_exhausted_challenges(
    accounts: Accounts, app: FastAPI, settings: Settings
) -> None:
    person = await accounts.person()
    await enrol_totp(person)
    http = accounts.new_client()
    unknown = await http.post(SECOND, json={"challenge": "sfc_nothing", "code": "123456"})
    assert unknown.status_code == 401
    assert unknown.json()["error"] == "challenge_invalid"

    http, step = await password_step(accounts, person)
    async with app.state.sessionmaker() as session, session.begin():
        await session.execute(
            update(AuthChallenge).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await http.post(SECOND, json={"challenge": step["challenge"], "code": "123456"})
    assert expired.json()["error"] == "challenge_invalid"

    http, step = await password_step(accounts, person)
    for _ in range(settings.two_factor_attempts_per_challenge):
        wrong = await http.post(SECOND, json={"challenge": step["challenge"], "code": "000000"})
        assert wrong.json()["error"] == "invalid_second_factor"
    exhausted = await http.post(
        SECOND, json={"challenge": step["challenge"], "code": person.totp_code()}
    )
    assert exhausted.status_code == 401
    assert exhausted.json()["error"] == "challenge_invalid"

    # The account's wrong answers are counted across steps: a fresh step is held back.
    http, step = await password_step(accounts, person)
    held = await http.post(SECOND, json={"challenge": step["challenge"], "code": "000000"})
    assert held.status_code == 429
    assert int(held.headers["Retry-After"]) >= 1


@pytest.mark.parametrize(
    "body",
    [
        {"challenge": "sfc_x"},
        {"challenge": "sfc_x", "code": "123456", "recovery_code": "abcde-fghij"},
    ],
)
async def test_second_step_takes_exactly_one_answer(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    response = await client.post(SECOND, json=body)
    assert response.status_code == 422
    assert "exactly one" in response.json()["detail"]


async def test_turning_the_app_off_needs_the_password_or_a_code(accounts: Accounts) -> None:
    person = await accounts.person()
    codes = await enrol_totp(person)
    wrong = await person.post(f"{ME}/two-factor/totp/disable", json={"code": "000000"})
    assert wrong.status_code == 422
    assert wrong.json()["fields"][0]["field"] == "code"
    both = await person.post(
        f"{ME}/two-factor/totp/disable", json={"password": DEFAULT_PASSWORD, "code": "1"}
    )
    assert both.status_code == 422
    off = await person.post(f"{ME}/two-factor/totp/disable", json={"password": DEFAULT_PASSWORD})
    assert off.status_code == 204
    assert (await person.get(f"{ME}/two-factor")).json()["recovery_codes_left"] == 0

    response = await accounts.login(person.email)
    assert "access_token" in response.json()
    assert codes  # the old codes went with the last factor; a login needs none now


# --- passkeys ---------------------------------------------------------------------------


async def test_passkeys_are_added_listed_renamed_and_removed(
    accounts: Accounts, settings: Settings
) -> None:
    person = await accounts.person()
    _, created = await add_passkey(person, settings)
    assert created["passkey"]["name"] == "Work phone"
    assert len(created["recovery_codes"]) == 10  # the account's first factor
    _, second = await add_passkey(person, settings, name="Laptop")
    assert second["recovery_codes"] == []  # the codes already held stay valid

    status = (await person.get(f"{ME}/two-factor")).json()
    assert [p["name"] for p in status["passkeys"]] == ["Work phone", "Laptop"]
    assert status["enabled"] is True
    assert status["totp"] is False

    passkey_id = created["passkey"]["id"]
    renamed = await person.patch(f"{ME}/passkeys/{passkey_id}", json={"name": "  Old   phone "})
    assert renamed.json()["name"] == "Old phone"
    blank = await person.patch(f"{ME}/passkeys/{passkey_id}", json={"name": "   "})
    assert blank.status_code == 422
    assert blank.json()["fields"][0]["field"] == "name"

    stranger = await accounts.person()
    assert (await stranger.delete(f"{ME}/passkeys/{passkey_id}")).status_code == 404
    assert (await person.delete(f"{ME}/passkeys/{passkey_id}")).status_code == 204
    names = [p["name"] for p in (await person.get(f"{ME}/two-factor")).json()["passkeys"]]
    assert names == ["Laptop"]


async def test_a_passkey_answer_for_another_site_or_a_used_step_is_refused(
    accounts: Accounts, settings: Settings
) -> None:
    person = await accounts.person()
    authenticator = SoftAuthenticator(settings.passkey_origin, settings.passkey_rp_id)
    ceremony = (await person.post(f"{ME}/passkeys/options")).json()
    assert ceremony["options"]["authenticatorSelection"]["residentKey"] == "required"
    phished = authenticator.create(ceremony["options"], origin="https://shopfloor.example")
    body = {"challenge": ceremony["challenge"], "name": "Phone", "credential": phished}
    refused = await person.post(f"{ME}/passkeys", json=body)
    assert refused.status_code == 422
    assert refused.json()["error"] == "passkey_refused"
    assert refused.json()["fields"][0]["field"] == "credential"
    body["credential"] = authenticator.create(ceremony["options"])
    reused = await person.post(f"{ME}/passkeys", json=body)
    assert reused.status_code == 401
    assert reused.json()["error"] == "challenge_invalid"


async def test_a_passkey_completes_the_second_step(accounts: Accounts, settings: Settings) -> None:
    person = await accounts.person()
    authenticator, _ = await add_passkey(person, settings)
    http, step = await password_step(accounts, person)
    assert step["methods"] == ["recovery_code", "passkey"]
    options = step["passkey_options"]
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(authenticator.credential_id)]
    done = await http.post(
        SECOND, json={"challenge": step["challenge"], "passkey": authenticator.get(options)}
    )
    assert done.status_code == 200, done.text
    assert done.json()["user"]["id"] == person.user_id


async def test_passwordless_login_with_a_passkey_and_not_with_a_removed_one(
    accounts: Accounts, settings: Settings
) -> None:
    person = await accounts.person()
    authenticator, created = await add_passkey(person, settings)
    http = accounts.new_client()
    ceremony = (await http.post("/api/v1/auth/passkey/options")).json()
    assert ceremony["options"]["userVerification"] == "required"
    assert ceremony["options"].get("allowCredentials", []) == []
    body = {
        "challenge": ceremony["challenge"],
        "credential": authenticator.get(ceremony["options"]),
    }
    done = await http.post("/api/v1/auth/passkey/login", json=body)
    assert done.status_code == 200, done.text
    me = signed_in(person, http, done.json())
    assert (await me.get(f"{ME}/two-factor")).json()["session_verified"] is True
    again = await http.post("/api/v1/auth/passkey/login", json=body)
    assert again.json()["error"] == "challenge_invalid"

    unverified = (await http.post("/api/v1/auth/passkey/options")).json()
    no_pin = authenticator.get(unverified["options"], user_verified=False)
    refused = await http.post(
        "/api/v1/auth/passkey/login",
        json={"challenge": unverified["challenge"], "credential": no_pin},
    )
    assert refused.status_code == 401
    assert refused.json()["error"] == "passkey_refused"

    await person.delete(f"{ME}/passkeys/{created['passkey']['id']}")
    ceremony = (await http.post("/api/v1/auth/passkey/options")).json()
    removed = await http.post(
        "/api/v1/auth/passkey/login",
        json={
            "challenge": ceremony["challenge"],
            "credential": authenticator.get(ceremony["options"]),
        },
    )
    assert removed.status_code == 401
    assert removed.json()["error"] == "passkey_refused"


# --- groups that require it, and administrators -----------------------------------------


async def test_a_group_requiring_two_factor_refuses_members_and_tokens_without_it(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    member = await accounts.member(group, role="organiser")
    token = await member.post(
        f"{group.url}/tokens", json={"name": "Sheet", "scopes": ["contacts:read"]}
    )
    assert token.status_code == 201, token.text
    bearer = {"Authorization": f"Bearer {token.json()['secret']}"}
    await make_contact(group)

    refused = await group.owner.patch(group.url, json={"require_two_factor": True})
    assert refused.status_code == 403
    assert refused.json()["error"] == "two_factor_required"
    await enrol_totp(group.owner)
    switched = await group.owner.patch(group.url, json={"require_two_factor": True})
    assert switched.status_code == 200
    assert switched.json()["require_two_factor"] is True
    assert (await group.owner.get(f"{group.url}/contacts")).status_code == 200

    for response in (
        await member.get(group.url),
        await member.get(f"{group.url}/contacts"),
        await member.http.get(f"{group.url}/contacts", headers=bearer),
    ):
        assert response.status_code == 403
        assert response.json()["error"] == "two_factor_required"
    outsider = await accounts.person()
    hidden = await outsider.get(group.url)
    assert hidden.status_code == 404
    assert hidden.json()["error"] == "group_not_found"

    await enrol_totp(member)
    assert (await member.get(f"{group.url}/contacts")).status_code == 200
    assert (await member.http.get(f"{group.url}/contacts", headers=bearer)).status_code == 200
    assert (await member.patch(group.url, json={"require_two_factor": False})).status_code == 403


async def test_a_session_from_before_enrolment_does_not_count(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group)
    older = await accounts.login(member.email)
    older_headers = {"Authorization": f"Bearer {older.json()['access_token']}"}
    await enrol_totp(group.owner)
    await group.owner.patch(group.url, json={"require_two_factor": True})
    await enrol_totp(member)
    assert (await member.get(group.url)).status_code == 200  # enrolled in this session
    stale = await member.http.get(group.url, headers=older_headers)
    assert stale.status_code == 403
    assert stale.json()["error"] == "two_factor_required"
    assert (await member.http.get(ME, headers=older_headers)).status_code == 200


async def test_administrators_need_two_factor_outside_development(
    accounts: Accounts, settings: Settings
) -> None:
    admin = await accounts.signup(display_name="Instance Admin")
    refused = await admin.patch("/api/v1/admin/instance", json={"signup_open": True})
    assert refused.status_code == 403
    assert refused.json()["error"] == "two_factor_required"
    sessions = await admin.get(f"/api/v1/admin/users/{admin.user_id}/sessions")
    assert sessions.json()["error"] == "two_factor_required"

    development = create_app(settings.model_copy(update={"environment": Environment.development}))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=development), base_url="http://testserver"
        ) as http:
            allowed = await http.patch(
                "/api/v1/admin/instance", json={"signup_open": True}, headers=admin.headers
            )
        assert allowed.status_code == 200, allowed.text
    finally:
        await development.state.engine.dispose()

    await enrol_totp(admin)
    opened = await admin.patch("/api/v1/admin/instance", json={"signup_open": False})
    assert opened.status_code == 200
    assert opened.json()["signup_open"] is False
