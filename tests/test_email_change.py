"""Changing the address an account logs in with: the current password, a link to the new
address, a notice to the old one, and the change made only when the link is confirmed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import select, update

from api.auth.models import EmailChangeToken
from api.core.config import Settings
from api.core.db import utcnow
from api.webhooks.worker import WebhookWorker
from tests.factories import (
    DEFAULT_PASSWORD,
    Account,
    Accounts,
    get_ok,
    mailed_token,
    mails_to,
    new_contact,
    unique_email,
)

CONFIRM_LINK = "account/email/confirm"


async def ask(account: Account, new_email: str, password: str = DEFAULT_PASSWORD) -> int:
    response = await account.post(
        "/api/v1/me/email", json={"new_email": new_email, "current_password": password}
    )
    return response.status_code


async def confirm(account: Account, token: str) -> tuple[int, dict[str, object]]:
    response = await account.post("/api/v1/me/email/confirm", json={"token": token})
    return response.status_code, response.json()


async def test_the_address_changes_only_when_the_mailed_link_is_confirmed(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    old_email = person.email
    new_email = unique_email("moved")
    answer = await person.post(
        "/api/v1/me/email",
        json={"new_email": f"  {new_email.upper()} ", "current_password": DEFAULT_PASSWORD},
    )
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"new_email": new_email, "link_valid_hours": 24}
    assert (await get_ok(person, "/api/v1/me"))["email"] == old_email

    [notice] = mails_to(outbox, old_email)[:1]
    assert new_email in notice
    assert "#token=" not in notice
    token = mailed_token(outbox, new_email, CONFIRM_LINK)

    status, me = await confirm(person, token)
    assert status == 200, me
    assert me["email"] == new_email
    assert (await get_ok(person, "/api/v1/me"))["email"] == new_email
    assert (await accounts.login(new_email)).status_code == 200
    assert (await accounts.login(old_email)).status_code == 401


async def test_confirming_signs_out_the_other_devices_and_voids_reset_links(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    other_device = (await accounts.login(person.email)).json()["access_token"]
    http = accounts.new_client()
    assert (
        await http.post("/api/v1/auth/password-reset", json={"email": person.email})
    ).status_code == 202
    reset_token = mailed_token(outbox, person.email, "reset-password")
    new_email = unique_email("moved")
    assert await ask(person, new_email) == 202

    status, _ = await confirm(person, mailed_token(outbox, new_email, CONFIRM_LINK))
    assert status == 200
    assert (await person.get("/api/v1/me")).status_code == 200
    ended = await http.get("/api/v1/me", headers={"Authorization": f"Bearer {other_device}"})
    assert ended.status_code == 401
    reset = await http.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": reset_token, "new_password": "reset to something long"},
    )
    assert reset.status_code == 422
    assert reset.json()["error"] == "invalid_reset_token"


async def test_a_wrong_password_changes_nothing_and_mails_no_one(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    new_email = unique_email("moved")
    refused = await person.post(
        "/api/v1/me/email",
        json={"new_email": new_email, "current_password": "not the password at all"},
    )
    assert refused.status_code == 422
    assert refused.json()["error"] == "invalid_credentials"
    assert [field["field"] for field in refused.json()["fields"]] == ["current_password"]
    assert mails_to(outbox, new_email) == []
    assert not any("asked for" in mail for mail in mails_to(outbox, person.email))


async def test_bad_and_unchanged_addresses_are_refused_at_the_field(accounts: Accounts) -> None:
    person = await accounts.person()
    for body, field, code in (
        ({"new_email": "not an address", "current_password": DEFAULT_PASSWORD}, "new_email", None),
        ({"new_email": unique_email()}, "current_password", None),
        (
            {"new_email": person.email.upper(), "current_password": DEFAULT_PASSWORD},
            "new_email",
            "email_unchanged",
        ),
    ):
        refused = await person.post("/api/v1/me/email", json=body)
        assert refused.status_code == 422, refused.text
        assert [f["field"] for f in refused.json()["fields"]] == [field]
        if code:
            assert refused.json()["error"] == code


async def test_an_address_with_an_account_answers_alike_and_is_told_without_a_link(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    other = await accounts.person("Someone Else")
    free = unique_email("free")
    free_answer = await person.post(
        "/api/v1/me/email", json={"new_email": free, "current_password": DEFAULT_PASSWORD}
    )
    taken_answer = await person.post(
        "/api/v1/me/email", json={"new_email": other.email, "current_password": DEFAULT_PASSWORD}
    )
    assert taken_answer.status_code == free_answer.status_code == 202
    assert taken_answer.json().keys() == free_answer.json().keys()
    [told] = mails_to(outbox, other.email)[:1]
    assert "already has an account" in told
    assert "#token=" not in told
    assert (await get_ok(person, "/api/v1/me"))["email"] == person.email


async def test_an_address_taken_before_the_link_is_opened_is_refused(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    new_email = unique_email("wanted")
    assert await ask(person, new_email) == 202
    token = mailed_token(outbox, new_email, CONFIRM_LINK)
    await accounts.signup(email=new_email, display_name="Quicker")
    status, body = await confirm(person, token)
    assert status == 409
    assert body["error"] == "email_taken"
    assert (await get_ok(person, "/api/v1/me"))["email"] == person.email


async def test_a_link_works_once_and_a_newer_request_voids_the_older_link(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    first_email, second_email = unique_email("first"), unique_email("second")
    assert await ask(person, first_email) == 202
    first = mailed_token(outbox, first_email, CONFIRM_LINK)
    assert await ask(person, second_email) == 202
    second = mailed_token(outbox, second_email, CONFIRM_LINK)

    status, body = await confirm(person, first)
    assert status == 422
    assert body["error"] == "invalid_email_change_token"
    assert [f["field"] for f in body["fields"]] == ["token"]  # type: ignore[union-attr]
    assert (await confirm(person, second))[0] == 200
    again, body = await confirm(person, second)
    assert again == 422
    assert body["error"] == "invalid_email_change_token"
    assert (await get_ok(person, "/api/v1/me"))["email"] == second_email


async def test_an_expired_link_is_refused_and_purged(
    accounts: Accounts, outbox: Path, app: FastAPI
) -> None:
    person = await accounts.person()
    new_email = unique_email("late")
    assert await ask(person, new_email) == 202
    token = mailed_token(outbox, new_email, CONFIRM_LINK)
    async with app.state.sessionmaker() as session, session.begin():
        await session.execute(update(EmailChangeToken).values(expires_at=utcnow()))
    status, body = await confirm(person, token)
    assert status == 422
    assert body["error"] == "invalid_email_change_token"
    assert (await get_ok(person, "/api/v1/me"))["email"] == person.email
    await WebhookWorker.for_app(app.state).maintain(utcnow() + timedelta(minutes=1))
    async with app.state.sessionmaker() as session:
        assert (await session.scalars(select(EmailChangeToken))).all() == []


async def test_another_accounts_link_does_not_move_either_account(
    accounts: Accounts, outbox: Path
) -> None:
    person = await accounts.person()
    intruder = await accounts.person("Intruder")
    new_email = unique_email("moved")
    assert await ask(person, new_email) == 202
    token = mailed_token(outbox, new_email, CONFIRM_LINK)
    status, body = await confirm(intruder, token)
    assert status == 422
    assert body["error"] == "invalid_email_change_token"
    assert (await get_ok(intruder, "/api/v1/me"))["email"] == intruder.email
    # The refusal spent nothing: the account that asked can still confirm.
    assert (await confirm(person, token))[0] == 200


async def test_a_change_needs_a_login(accounts: Accounts) -> None:
    await accounts.admin()
    http = accounts.new_client()
    asked = await http.post(
        "/api/v1/me/email",
        json={"new_email": unique_email(), "current_password": DEFAULT_PASSWORD},
    )
    assert asked.status_code == 401
    confirmed = await http.post("/api/v1/me/email/confirm", json={"token": "sfe_anything"})
    assert confirmed.status_code == 401


async def test_requests_are_limited_per_account_wrong_passwords_included(
    accounts: Accounts, outbox: Path, settings: Settings
) -> None:
    person = await accounts.person()
    answers = [
        await ask(person, unique_email(), password="a guessed password")
        for _ in range(settings.email_changes_per_account)
    ]
    assert answers == [422] * settings.email_changes_per_account
    assert await ask(person, unique_email()) == 429


async def test_memberships_and_group_data_follow_the_account_to_its_new_address(
    accounts: Accounts, outbox: Path
) -> None:
    group = await accounts.group()
    owner = group.owner
    await new_contact(group, "Sam Okafor")
    outsider = await accounts.group(name="Other Branch")
    new_email = unique_email("moved")
    assert await ask(owner, new_email) == 202
    assert (await confirm(owner, mailed_token(outbox, new_email, CONFIRM_LINK)))[0] == 200

    contacts = await get_ok(owner, f"{group.url}/contacts")
    assert [c["full_name"] for c in contacts["items"]] == ["Sam Okafor"]
    assert (await owner.get(f"{outsider.url}/contacts")).status_code in {403, 404}
    mine = await get_ok(owner, "/api/v1/groups")
    assert [g["id"] for g in mine["items"]] == [group.id]
