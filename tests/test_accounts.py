"""Sign-up, login, the signed-in account, password changes and resets."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from api.auth.models import PendingSignup
from api.auth.passwords import CONCURRENT_HASHES, Passwords
from api.core.config import Settings
from api.core.db import utcnow
from api.core.languages import LANGUAGES
from api.seed.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo_data
from api.webhooks.worker import WebhookWorker
from tests.factories import (
    DEFAULT_PASSWORD,
    Accounts,
    enrol_totp,
    mailed_token,
    mails_to,
    unique_email,
)


async def test_first_account_becomes_admin_and_sign_up_then_closes(accounts: Accounts) -> None:
    http = accounts.new_client()
    assert (await http.get("/api/v1/instance")).json() == {
        "signup_open": False,
        "needs_setup": True,
        "has_demo_account": False,
    }
    first = await accounts.signup(display_name="First Person")
    me = await first.get("/api/v1/me")
    assert me.json()["is_admin"] is True
    assert (await http.get("/api/v1/instance")).json()["needs_setup"] is False

    response = await http.post(
        "/api/v1/auth/signup",
        json={"email": unique_email(), "password": DEFAULT_PASSWORD, "display_name": "Second"},
    )
    assert response.status_code == 403
    assert response.json()["error"] == "signup_closed"


async def test_admin_can_open_sign_up_and_others_cannot(accounts: Accounts) -> None:
    admin = await accounts.signup()
    second = await accounts.signup(
        invite_token=await _invite_token(accounts, admin), display_name="Second"
    )
    assert (await second.get("/api/v1/me")).json()["is_admin"] is False
    refused = await second.patch("/api/v1/admin/instance", json={"signup_open": True})
    assert refused.status_code == 403
    await enrol_totp(admin)  # administrators use two-factor login outside development
    opened = await admin.patch("/api/v1/admin/instance", json={"signup_open": True})
    assert opened.json()["signup_open"] is True
    await accounts.signup(display_name="Third")


async def test_an_invite_never_makes_an_instance_administrator(
    accounts: Accounts, settings: Settings
) -> None:
    # A fresh server with only the demo data: its owner invites the first real person.
    await seed_demo_data(settings)
    http = accounts.new_client()
    instance = (await http.get("/api/v1/instance")).json()
    assert (instance["needs_setup"], instance["has_demo_account"]) == (True, True)
    demo = await accounts.login(DEMO_EMAIL, DEMO_PASSWORD)
    demo_auth = {"Authorization": f"Bearer {demo.json()['access_token']}"}
    [group] = (await http.get("/api/v1/groups", headers=demo_auth)).json()["items"]
    invite = await http.post(
        f"/api/v1/groups/{group['id']}/invites", json={"role": "owner"}, headers=demo_auth
    )
    invitee = await accounts.signup(invite_token=invite.json()["token"], display_name="Invitee")
    me = (await invitee.get("/api/v1/me")).json()
    assert me["is_admin"] is False
    refused = await invitee.patch("/api/v1/admin/instance", json={"signup_open": True})
    assert refused.status_code == 403
    # An invitee who already had an account does not become one by accepting either.
    other = await http.post("/api/v1/groups", json={"name": "Second Depot"}, headers=demo_auth)
    second = await http.post(
        f"/api/v1/groups/{other.json()['id']}/invites", json={"role": "owner"}, headers=demo_auth
    )
    accepted = await invitee.post("/api/v1/invites/accept", json={"token": second.json()["token"]})
    assert accepted.status_code == 200, accepted.text
    assert (await invitee.get("/api/v1/me")).json()["is_admin"] is False


async def test_only_administrators_list_the_accounts(accounts: Accounts) -> None:
    admin = await accounts.admin()
    person = await accounts.person("Listed Person")
    refused = await person.get("/api/v1/admin/users")
    assert refused.status_code == 403
    first = await admin.get("/api/v1/admin/users", params={"limit": 1})
    assert first.status_code == 200
    [oldest] = first.json()["items"]
    assert (oldest["email"], oldest["is_admin"]) == (admin.email, True)
    rest = await admin.get(
        "/api/v1/admin/users", params={"limit": 50, "cursor": first.json()["next_cursor"]}
    )
    listed = {item["email"]: item for item in rest.json()["items"]}
    assert listed[person.email]["display_name"] == "Listed Person"
    assert listed[person.email]["is_admin"] is False
    assert "password_hash" not in listed[person.email]


async def _invite_token(accounts: Accounts, owner: object) -> str:
    group = await accounts.group(owner)  # type: ignore[arg-type]
    return await accounts.invite(group)


async def test_sign_up_with_an_invite_joins_the_group(accounts: Accounts) -> None:
    admin = await accounts.signup()
    group = await accounts.group(admin, name="Bus Garage")
    token = await accounts.invite(group, role="organiser")
    newcomer = await accounts.signup(invite_token=token, display_name="Newcomer")
    groups = (await newcomer.get("/api/v1/groups")).json()["items"]
    assert [(g["name"], g["role"]) for g in groups] == [("Bus Garage", "organiser")]
    # Single use: the same link cannot sign up anyone else.
    again = await accounts.new_client().post(
        "/api/v1/auth/signup",
        json={
            "email": unique_email(),
            "password": DEFAULT_PASSWORD,
            "display_name": "Late",
            "invite_token": token,
        },
    )
    assert again.status_code == 410
    assert again.json()["error"] == "invite_expired"


async def test_password_rules_name_the_field(accounts: Accounts) -> None:
    await accounts.admin()
    http = accounts.new_client()
    cases = {
        "short7!": "at least 8",
        "x" * 129: "at most 128",
        "password1": "too common",
        "Qwertyuiop": "too common",
    }
    for password, message in cases.items():
        response = await http.post(
            "/api/v1/auth/signup",
            json={"email": unique_email(), "password": password, "display_name": "P"},
        )
        assert response.status_code == 422, password
        body = response.json()
        assert body["error"] in {"weak_password", "validation_error"}
        assert body["fields"][0]["field"] == "password"
        assert message in body["fields"][0]["message"] or message in body["detail"]


async def test_validation_errors_list_every_bad_field(accounts: Accounts) -> None:
    http = accounts.new_client()
    response = await http.post(
        "/api/v1/auth/signup", json={"email": "not-an-email", "display_name": "", "extra": 1}
    )
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["fields"]}
    assert {"email", "password", "display_name", "extra"} <= fields


async def _sign_up(http: httpx.AsyncClient, email: str, **extra: str) -> httpx.Response:
    body = {"email": email, "password": DEFAULT_PASSWORD, "display_name": "Someone", **extra}
    return await http.post("/api/v1/auth/signup", json=body)


async def test_sign_up_answers_alike_for_known_and_unknown_emails(
    accounts: Accounts, outbox: Path
) -> None:
    owner = await accounts.person("Owner")
    group = await accounts.group(owner, name="Bus Garage")
    invite = await accounts.invite(group)
    http = accounts.new_client()
    stranger = unique_email()
    known = await _sign_up(http, owner.email.upper(), invite_token=invite)
    unknown = await _sign_up(http, stranger, invite_token=invite)
    assert known.status_code == unknown.status_code == 202
    assert known.json() == {"email": owner.email, "link_valid_hours": 24}
    assert unknown.json() == {"email": stranger, "link_valid_hours": 24}
    assert "set-cookie" not in known.headers
    assert "set-cookie" not in unknown.headers
    # Probing did not use up the invite.
    preview = await http.post("/api/v1/invites/preview", json={"token": invite})
    assert preview.status_code == 200

    reminder = mails_to(outbox, owner.email)[0]  # newest: the owner had a link to sign up
    assert "already has an account" in reminder
    assert "#token=" not in reminder
    assert (await accounts.login(owner.email)).status_code == 200  # the account is untouched
    token = mailed_token(outbox, stranger, "signup/confirm")
    confirmed = await http.post("/api/v1/auth/signup/confirm", json={"token": token})
    assert confirmed.status_code == 201
    assert confirmed.json()["user"]["email"] == stranger
    assert confirmed.json()["user"]["is_admin"] is False
    member = httpx.Headers({"Authorization": f"Bearer {confirmed.json()['access_token']}"})
    groups = (await http.get("/api/v1/groups", headers=member)).json()["items"]
    assert [g["name"] for g in groups] == ["Bus Garage"]
    # The link is single use.
    again = await http.post("/api/v1/auth/signup/confirm", json={"token": token})
    assert again.status_code == 422
    assert again.json()["error"] == "invalid_signup_token"
    assert again.json()["fields"][0]["field"] == "token"


async def test_a_sign_up_link_for_an_address_taken_meanwhile_is_refused(
    accounts: Accounts, outbox: Path
) -> None:
    await accounts.admin()
    email = unique_email()
    http = accounts.new_client()
    assert (await _sign_up(http, email)).status_code == 202
    first = mailed_token(outbox, email, "signup/confirm")
    assert (await _sign_up(http, email)).status_code == 202
    second = mailed_token(outbox, email, "signup/confirm")
    assert (
        await http.post("/api/v1/auth/signup/confirm", json={"token": second})
    ).status_code == 201
    # Confirming one link voids the others for that address.
    late = await http.post("/api/v1/auth/signup/confirm", json={"token": first})
    assert late.status_code == 422
    assert late.json()["error"] == "invalid_signup_token"


async def test_sign_up_links_expire_and_are_purged(
    accounts: Accounts, outbox: Path, app: FastAPI, settings: Settings
) -> None:
    await accounts.admin()
    email = unique_email()
    http = accounts.new_client()
    await _sign_up(http, email)
    token = mailed_token(outbox, email, "signup/confirm")
    later = utcnow() + timedelta(hours=settings.signup_link_hours, minutes=1)
    async with app.state.sessionmaker() as session, session.begin():
        await session.execute(update(PendingSignup).values(expires_at=utcnow()))
    expired = await http.post("/api/v1/auth/signup/confirm", json={"token": token})
    assert expired.status_code == 422
    await WebhookWorker.for_app(app.state).maintain(later)
    async with app.state.sessionmaker() as session:
        assert (await session.scalars(select(PendingSignup))).all() == []


async def test_sign_up_cannot_flood_an_inbox(
    accounts: Accounts, outbox: Path, settings: Settings
) -> None:
    await accounts.admin()
    email = unique_email()
    for _ in range(settings.signup_mails_per_email + 2):
        assert (await _sign_up(accounts.new_client(), email)).status_code == 202
    assert len(mails_to(outbox, email)) == settings.signup_mails_per_email


async def test_one_address_signing_up_many_times_is_slowed(
    accounts: Accounts, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    await accounts.admin()
    monkeypatch.setattr(settings, "signups_per_address", 3)
    http = accounts.new_client()
    answers = [(await _sign_up(http, unique_email())).status_code for _ in range(4)]
    assert answers == [202, 202, 202, 429]


async def test_login_unknown_email_and_wrong_password_answer_alike(accounts: Accounts) -> None:
    person = await accounts.person()
    good = await accounts.login(person.email.upper())
    assert good.status_code == 200
    assert good.json()["user"]["email"] == person.email
    wrong_password = await accounts.login(person.email, "not the right password")
    unknown = await accounts.login(unique_email(), "not the right password")
    assert wrong_password.status_code == unknown.status_code == 401
    assert (
        wrong_password.json()
        == unknown.json()
        == {
            "error": "invalid_credentials",
            "detail": "Email or password is not right",
        }
    )


async def test_concurrent_logins_all_succeed_with_hashing_bounded(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of logins each gets in, while no more than a few argon2id hashes (64 MiB of
    memory each) run at once."""
    people = [await accounts.person(f"Person {n}") for n in range(8)]
    running = 0
    peak = 0
    verify = Passwords.verify

    def counting_verify(self: Passwords, password_hash: str | None, password: str) -> bool:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            return verify(self, password_hash, password)
        finally:
            with lock:
                running -= 1

    lock = threading.Lock()
    monkeypatch.setattr(Passwords, "verify", counting_verify)
    answers = await asyncio.gather(*(accounts.login(person.email) for person in people))
    assert [answer.status_code for answer in answers] == [200] * len(people)
    assert [answer.json()["user"]["email"] for answer in answers] == [p.email for p in people]
    assert 1 <= peak <= CONCURRENT_HASHES


async def test_update_me(accounts: Accounts) -> None:
    person = await accounts.person()
    response = await person.patch("/api/v1/me", json={"display_name": "  Pat Organiser "})
    assert response.status_code == 200
    assert (await person.get("/api/v1/me")).json()["display_name"] == "Pat Organiser"


async def test_the_language_chosen_follows_the_account_to_every_device(accounts: Accounts) -> None:
    person = await accounts.person()
    assert (await person.get("/api/v1/me")).json()["language"] is None
    chosen = await person.patch("/api/v1/me", json={"language": "pl"})
    assert chosen.status_code == 200
    assert chosen.json()["language"] == "pl"
    assert chosen.json()["display_name"] == person.display_name

    other_device = await accounts.login(person.email)
    token = other_device.json()["access_token"]
    me = await person.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["language"] == "pl"

    renamed = await person.patch("/api/v1/me", json={"display_name": "Pat"})
    assert renamed.json()["language"] == "pl", "a field left out keeps its value"
    cleared = await person.patch("/api/v1/me", json={"language": None})
    assert cleared.json()["language"] is None


async def test_a_language_the_app_is_not_written_in_is_refused_at_its_field(
    accounts: Accounts,
) -> None:
    person = await accounts.person()
    for body in ({"language": "fr"}, {"language": "PL"}, {"display_name": None}):
        refused = await person.patch("/api/v1/me", json=body)
        assert refused.status_code == 422, body
        assert [field["field"] for field in refused.json()["fields"]] == list(body), body
    assert (await person.get("/api/v1/me")).json()["language"] is None


def test_the_web_app_offers_the_languages_the_api_accepts() -> None:
    table = json.loads(
        (Path(__file__).parent.parent / "frontend/src/lib/languages.json").read_text("utf-8")
    )
    assert [language["code"] for language in table["languages"]] == list(LANGUAGES)


async def test_change_password_logs_out_other_sessions(accounts: Accounts) -> None:
    person = await accounts.person()
    other_device = await accounts.login(person.email)
    other_token = other_device.json()["access_token"]
    wrong = await person.post(
        "/api/v1/me/password",
        json={"current_password": "wrong password!", "new_password": "a new long passphrase"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["fields"][0]["field"] == "current_password"
    changed = await person.post(
        "/api/v1/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a new long passphrase"},
    )
    assert changed.status_code == 204
    assert (await person.get("/api/v1/me")).status_code == 200
    stale = await person.http.get("/api/v1/me", headers={"Authorization": f"Bearer {other_token}"})
    assert stale.status_code == 401
    assert (await accounts.login(person.email, "a new long passphrase")).status_code == 200
    assert (await accounts.login(person.email)).status_code == 401


async def test_a_password_change_can_stop_the_api_tokens_too(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    made = await owner.post(
        f"{group.url}/tokens", json={"name": "Sync", "scopes": ["contacts:read"]}
    )
    secret = made.json()["secret"]
    contacts = f"{group.url}/contacts"
    token = {"Authorization": f"Bearer {secret}"}
    kept = await owner.post(
        "/api/v1/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a new long passphrase"},
    )
    assert kept.status_code == 204
    assert (await owner.http.get(contacts, headers=token)).status_code == 200
    ended = await owner.post(
        "/api/v1/me/password",
        json={
            "current_password": "a new long passphrase",
            "new_password": "another long passphrase",
            "revoke_api_tokens": True,
        },
    )
    assert ended.status_code == 204
    assert (await owner.http.get(contacts, headers=token)).status_code == 401
    [listed] = (await owner.get(f"{group.url}/tokens")).json()["items"]
    assert listed["revoked_at"] is not None


def _reset_token(outbox: Path, email: str) -> str:
    return mailed_token(outbox, email, "reset-password")


async def test_password_reset_by_emailed_link(accounts: Accounts, outbox: Path) -> None:
    person = await accounts.person()
    http = accounts.new_client()
    unknown = await http.post("/api/v1/auth/password-reset", json={"email": unique_email()})
    known = await http.post("/api/v1/auth/password-reset", json={"email": person.email})
    assert unknown.status_code == known.status_code == 202
    assert unknown.content == known.content
    token = _reset_token(outbox, person.email)

    weak = await http.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "password"}
    )
    assert weak.status_code == 422
    assert weak.json()["fields"][0]["field"] == "new_password"
    done = await http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "reset to something long"},
    )
    assert done.status_code == 204
    # Every existing session ends, the link is single-use, and the new password works.
    assert (await person.get("/api/v1/me")).status_code == 401
    reused = await http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "and again something long"},
    )
    assert reused.status_code == 422
    assert reused.json()["fields"][0]["field"] == "token"
    assert (await accounts.login(person.email, "reset to something long")).status_code == 200


async def test_an_older_reset_link_dies_when_a_newer_one_is_sent(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    http = accounts.new_client()
    await http.post("/api/v1/auth/password-reset", json={"email": person.email})
    first = _reset_token(outbox, person.email)
    await http.post("/api/v1/auth/password-reset", json={"email": person.email})
    second = _reset_token(outbox, person.email)
    assert first != second
    stale = await http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": first, "new_password": "reset to something long"},
    )
    assert stale.status_code == 422
    assert stale.json()["error"] == "invalid_reset_token"
    # A password changed another way ends the newer link too.
    changed = await person.post(
        "/api/v1/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a new long passphrase"},
    )
    assert changed.status_code == 204
    late = await http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": second, "new_password": "reset to something long"},
    )
    assert late.status_code == 422


async def test_reset_mail_goes_through_smtp_when_configured(
    accounts: Accounts, smtp_server: list[bytes]
) -> None:
    person = await accounts.admin()  # the first account: made without a mail
    http: httpx.AsyncClient = accounts.new_client()
    response = await http.post("/api/v1/auth/password-reset", json={"email": person.email})
    assert response.status_code == 202
    assert any(person.email.encode() in message for message in smtp_server)


async def test_reset_requests_cannot_flood_an_inbox(
    accounts: Accounts, outbox: Path, settings: Settings
) -> None:
    person = await accounts.person()
    for _ in range(settings.password_resets_per_account + 2):
        http = accounts.new_client()  # several addresses would not help either
        answer = await http.post("/api/v1/auth/password-reset", json={"email": person.email})
        assert answer.status_code == 202
    resets = [m for m in mails_to(outbox, person.email) if "reset-password#token=" in m]
    assert len(resets) == settings.password_resets_per_account


async def test_one_address_asking_for_many_resets_is_slowed(
    accounts: Accounts, settings: Settings
) -> None:
    await accounts.admin()
    http = accounts.new_client()
    answers = [
        (await http.post("/api/v1/auth/password-reset", json={"email": unique_email()})).status_code
        for _ in range(settings.password_resets_per_address + 1)
    ]
    assert answers[:-1] == [202] * settings.password_resets_per_address
    assert answers[-1] == 429
