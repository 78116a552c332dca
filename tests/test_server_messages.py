"""Text the server writes: mail in the recipient's language, and catalogues kept complete."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from api.core.languages import LANGUAGES, SOURCE_LANGUAGE
from api.core.messages import catalogue_problems, read_catalogue
from tests.factories import Accounts, unique_email

API = Path(__file__).resolve().parent.parent / "api"
TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]


def mails_to(outbox: Path, email: str) -> list[EmailMessage]:
    """The mails written to the outbox for `email`, newest first."""
    parse = BytesParser(policy=policy.default).parsebytes
    found = []
    for mail in sorted(outbox.glob("*.eml"), key=lambda m: m.stat().st_mtime_ns, reverse=True):
        message = parse(mail.read_bytes())
        if message["To"] == email:
            found.append(message)
    return found  # type: ignore[return-value]


def body(mail: EmailMessage) -> str:
    return str(mail.get_body().get_content())  # type: ignore[union-attr]


def translated(language: str, english: str, **params: object) -> str:
    """The catalogue's own translation of `english`, filled in; refuses one left in English."""
    entry = read_catalogue(language).get(english)
    assert entry is not None, f"{language} lacks {english!r}"
    assert entry.string, f"{language} leaves {english!r} untranslated"
    text = str(entry.string)
    assert text != english, f"{language} leaves {english!r} in English"
    return text.format(**params)


async def set_language(account: object, language: str) -> None:
    response = await account.patch("/api/v1/me", json={"language": language})  # type: ignore[attr-defined]
    assert response.status_code == 200, response.text


# --- mail in the recipient's language -----------------------------------------------------------


async def test_an_invite_to_an_account_that_reads_romanian_is_written_in_romanian(
    accounts: Accounts, outbox: Path
) -> None:
    group = await accounts.group(name="Bus Garage")
    invited = await accounts.person("Ana Popescu")
    await set_language(invited, "ro")
    response = await group.owner.post(
        f"{group.url}/invites", json={"role": "organiser", "email": invited.email}
    )
    assert response.status_code == 201, response.text
    expires = datetime.fromisoformat(response.json()["expires_at"])

    mail = mails_to(outbox, invited.email)[0]
    assert mail["Subject"] == translated(
        "ro", "You are invited to {group} on Shopfloor", group="Bus Garage"
    )
    text = body(mail)
    assert (
        translated(
            "ro",
            "{inviter} invited you to join {group} as an organiser.",
            inviter="Group Owner",
            group="Bus Garage",
        )
        in text
    )
    assert (
        translated(
            "ro",
            "Open this link by {day} to accept:\n{link}",
            day=format_date(expires, "long", locale="ro_RO"),
            link=response.json()["url"],
        )
        in text
    )
    assert "invited you" not in text


async def test_an_invite_to_a_new_address_follows_the_groups_default_language(
    accounts: Accounts, outbox: Path
) -> None:
    group = await accounts.group(name="Bus Garage")
    english_address, polish_address = unique_email(), unique_email()
    await group.owner.post(f"{group.url}/invites", json={"email": english_address})
    [english] = mails_to(outbox, english_address)
    assert english["Subject"] == "You are invited to Bus Garage on Shopfloor"

    changed = await group.owner.patch(f"{group.url}", json={"default_language": "pl"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["default_language"] == "pl"
    invite = await group.owner.post(f"{group.url}/invites", json={"email": polish_address})
    [polish] = mails_to(outbox, polish_address)
    assert polish["Subject"] == translated(
        "pl", "You are invited to {group} on Shopfloor", group="Bus Garage"
    )
    assert translated(
        "pl",
        "{inviter} invited you to join {group} as a member.",
        inviter="Group Owner",
        group="Bus Garage",
    ) in body(polish)

    # Signing up from the invite with a browser that named no language: the sign-up link and
    # the new account are in the group's language too.
    account = await accounts.signup(email=polish_address, invite_token=invite.json()["token"])
    [confirm, _] = mails_to(outbox, polish_address)
    assert confirm["Subject"] == translated("pl", "Confirm your Shopfloor account")
    me = await account.get("/api/v1/me")
    assert me.json()["language"] == "pl"


async def test_a_sign_up_is_written_in_the_language_the_form_was_read_in(
    accounts: Accounts, outbox: Path
) -> None:
    await accounts.admin()
    address = unique_email()
    http = accounts.new_client()
    response = await http.post(
        "/api/v1/auth/signup",
        json={
            "email": address,
            "password": "correct horse battery staple",
            "display_name": "Lucía",
            "language": "es",
        },
    )
    assert response.status_code == 202, response.text
    [mail] = mails_to(outbox, address)
    assert mail["Subject"] == translated("es", "Confirm your Shopfloor account")
    assert translated(
        "es", "Someone (hopefully you) signed up to Shopfloor with this email address."
    ) in body(mail)


async def test_a_reset_mail_follows_the_accounts_language_over_the_forms(
    accounts: Accounts, outbox: Path
) -> None:
    reads_arabic = await accounts.person("Omar")
    await set_language(reads_arabic, "ar")
    chose_nothing = await accounts.person("Joana")
    http = accounts.new_client()
    for person in (reads_arabic, chose_nothing):
        response = await http.post(
            "/api/v1/auth/password-reset", json={"email": person.email, "language": "pt"}
        )
        assert response.status_code == 202, response.text

    arabic = mails_to(outbox, reads_arabic.email)[0]
    assert arabic["Subject"] == translated("ar", "Reset your Shopfloor password")
    assert "Someone (hopefully you)" not in body(arabic)
    portuguese = mails_to(outbox, chose_nothing.email)[0]
    assert portuguese["Subject"] == translated("pt", "Reset your Shopfloor password")
    assert translated("pt", "If it was not you, ignore this mail; nothing has changed.") in body(
        portuguese
    )


# --- the group's default language -----------------------------------------------------------------


async def test_only_those_who_manage_the_group_set_a_shipped_default_language(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    assert (await group.owner.get(group.url)).json()["default_language"] is None

    for value in ("xx", "en", 7, ""):
        refused = await group.owner.patch(group.url, json={"default_language": value})
        assert refused.status_code == 422, value
        assert [f["field"] for f in refused.json()["fields"]] == ["default_language"]
    forbidden = await organiser.patch(group.url, json={"default_language": "ro"})
    assert forbidden.status_code == 403

    saved = await group.owner.patch(group.url, json={"default_language": "ar"})
    assert saved.json()["default_language"] == "ar"
    renamed = await group.owner.patch(group.url, json={"name": "Bus Garage"})
    assert renamed.json()["default_language"] == "ar", "kept when not sent"
    cleared = await group.owner.patch(group.url, json={"default_language": None})
    assert cleared.json()["default_language"] is None
    assert cleared.json()["version"] == renamed.json()["version"] + 1


# --- complete catalogues ------------------------------------------------------------------------


def extracted_messages() -> Catalog:
    """Every message the server's code asks to translate, read from the code itself."""
    template = Catalog()
    for _, _, message, _, context in extract_from_dir(
        str(API), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        template.add(message, context=context)
    return template


def test_the_code_has_messages_to_translate() -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted_messages() if m.id}
    assert "You are invited to {group} on Shopfloor" in ids
    assert "Reset your Shopfloor password" in ids


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_shipped_catalogue_has_every_message_with_its_placeholders(language: str) -> None:
    assert list(catalogue_problems(extracted_messages(), read_catalogue(language), language)) == []


def test_the_catalogue_check_refuses_missing_untranslated_and_changed_messages(
    tmp_path: Path,
) -> None:
    template = Catalog()
    template.add("Reset your Shopfloor password")
    template.add("Log in at {link}.")
    template.add("Webhook disabled for {group}")
    template.add(("{n} hour", "{n} hours"))
    catalogue = Catalog(locale="pl")
    catalogue.add("Log in at {link}.", "Zaloguj się na stronie {adres}.")
    catalogue.add("Webhook disabled for {group}", "")
    catalogue.add(("{n} hour", "{n} hours"), ("{n} godzina", "{n} godziny"))

    problems = list(catalogue_problems(template, catalogue, "pl"))

    assert problems == [
        "pl: missing 'Reset your Shopfloor password'",
        "pl: 'Log in at {link}.' has ['adres'], not ['link']",
        "pl: untranslated 'Webhook disabled for {group}'",
        "pl: untranslated '{n} hour'",  # Polish needs three forms
    ]
    complete = Catalog(locale="pl")
    complete.add("Reset your Shopfloor password", "Ustaw nowe hasło do Shopfloor")
    complete.add("Log in at {link}.", "Zaloguj się na stronie {link}.")
    complete.add("Webhook disabled for {group}", "Webhook grupy {group} wyłączony")
    complete.add(("{n} hour", "{n} hours"), ("{n} godzina", "{n} godziny", "{n} godzin"))
    assert list(catalogue_problems(template, complete, "pl")) == []
