"""Languages of people: contacts' preferred and other languages, the `speaks` filters, imports,
exports, members' languages and the migration of the old free-text field."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from api.core.db import create_engine
from api.core.spoken_languages import LANGUAGE_CODES, language_for
from api.migrations import upgrade
from tests.conftest import fresh_database_url
from tests.factories import (
    Accounts,
    get_ok,
    make_contact,
    make_workplace,
    map_import,
    names,
    upload_csv,
)
from tests.test_exports import read_csv

ROOT = Path(__file__).parent.parent
BEFORE_LANGUAGES = "b939f1d24f9f"
LANGUAGES_OF_PEOPLE = "5c1e7a9b2d40"


def test_the_web_app_offers_the_languages_the_api_accepts() -> None:
    api = json.loads((ROOT / "api/core/spoken_languages.json").read_text("utf-8"))
    web = json.loads((ROOT / "frontend/src/lib/spokenLanguages.json").read_text("utf-8"))
    assert [
        {key: entry[key] for key in ("code", "name", "native")} for entry in api["languages"]
    ] == web["languages"]
    assert list(LANGUAGE_CODES) == [entry["code"] for entry in web["languages"]]


def test_the_list_holds_iso_639_1_and_the_languages_of_british_workplaces() -> None:
    for code in ("pl", "ro", "pa", "ur", "bn", "ti", "so", "syl", "prs", "rom", "ckb", "kmr"):
        assert code in LANGUAGE_CODES
    assert len([code for code in LANGUAGE_CODES if len(code) == 2]) == 184  # iso-codes 4.15
    assert "pol" not in LANGUAGE_CODES  # BCP 47: the two-letter code where there is one


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Polish", "pl"),
        ("polski", "pl"),
        (" PL ", "pl"),
        ("polaco", "pl"),
        ("Arabic", "ar"),
        ("العربية", "ar"),
        ("Sylheti", "syl"),
        ("Sorani", "ckb"),
        ("Cantonese", "yue"),
        ("tigrinya", "ti"),
    ],
)
def test_written_names_are_read_as_codes(written: str, code: str) -> None:
    assert language_for(written) == code


async def test_contact_languages_are_kept_read_changed_and_filtered(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    url = f"{group.url}/contacts"
    agata = await make_contact(group, "Agata Nowak", preferred_language="pl")
    assert agata["preferred_language"] == "pl"
    assert agata["other_languages"] == []
    await make_contact(
        group, "Bilal Rahman", preferred_language="syl", other_languages=["bn", "en"]
    )
    await make_contact(group, "Carmen Ruiz", other_languages=["es", "pl"])
    await make_contact(group, "Dan Smith")

    shown = await get_ok(owner, f"{url}/{agata['id']}")
    assert (shown["preferred_language"], shown["other_languages"]) == ("pl", [])

    assert await names(owner, url, speaks="pl") == ["Agata Nowak", "Carmen Ruiz"]
    assert await names(owner, url, speaks=["bn", "es"]) == ["Bilal Rahman", "Carmen Ruiz"]
    assert await names(owner, url, speaks="ar") == []
    assert await names(owner, url, speaks="syl", q="bilal") == ["Bilal Rahman"]

    changed = await owner.patch(
        f"{url}/{agata['id']}",
        json={"preferred_language": "ro", "other_languages": ["pl"], "version": 1},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["preferred_language"], changed.json()["other_languages"]) == (
        "ro",
        ["pl"],
    )
    assert await names(owner, url, speaks="ro") == ["Agata Nowak"]
    cleared = await owner.patch(
        f"{url}/{agata['id']}",
        json={"preferred_language": None, "other_languages": [], "version": 2},
    )
    assert cleared.status_code == 200, cleared.text
    assert await names(owner, url, speaks="pl") == ["Carmen Ruiz"]

    feed = await get_ok(owner, f"{group.url}/changes")
    latest = [item for item in feed["items"] if item.get("id") == agata["id"]][-1]
    assert latest["record"]["other_languages"] == []


async def test_bad_languages_are_refused_naming_the_field(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    url = f"{group.url}/contacts"
    for body, field in [
        ({"preferred_language": "Polish"}, "preferred_language"),
        ({"preferred_language": "PL"}, "preferred_language"),
        ({"preferred_language": "pol"}, "preferred_language"),
        ({"other_languages": ["pl", "xx"]}, "other_languages"),
        ({"other_languages": ["pl", "pl"]}, "other_languages"),
        ({"other_languages": list(LANGUAGE_CODES[:11])}, "other_languages"),
    ]:
        response = await owner.post(url, json={"full_name": "Sam Okafor", **body})
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"].startswith(field), response.json()
    sam = await make_contact(group, "Sam Okafor")
    refused = await owner.patch(f"{url}/{sam['id']}", json={"other_languages": None, "version": 1})
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "other_languages"
    bad_filter = await owner.get(url, params={"speaks": "klingon"})
    assert bad_filter.status_code == 422
    assert bad_filter.json()["fields"][0]["field"].startswith("speaks")
    too_many = await owner.get(url, params={"speaks": list(LANGUAGE_CODES[:21])})
    assert too_many.status_code == 422
    assert too_many.json()["fields"][0]["field"].startswith("speaks")


async def test_exports_carry_languages_and_follow_the_filter(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_contact(group, "Agata Nowak", preferred_language="pl", other_languages=["en", "de"])
    await make_contact(group, "Dan Smith", preferred_language="en")
    response = await group.owner.get(f"{group.url}/exports/contacts.csv", params={"speaks": "pl"})
    rows = read_csv(response)
    assert [row["Full name"] for row in rows] == ["Agata Nowak"]
    assert rows[0]["Preferred language"] == "pl"
    assert rows[0]["Other languages"] == "en, de"


def language_csv() -> bytes:
    return (
        "Name,Language,Languages spoken\n"
        "Agata Nowak,Polish,English\n"
        'Bogdan Popescu,română,"english; Polish"\n'
        "Chen Wei,PL,\n"
        "Dara Khan,Klingon,Urdu\n"
        "Efua Mensah,Twi,Elvish\n"
    ).encode()


async def test_imports_read_language_names_and_codes(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, language_csv())
    assert uploaded["suggested_mapping"]["Language"] == "preferred_language"
    assert uploaded["suggested_mapping"]["Languages spoken"] == "other_languages"
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    rows = {row["row"]: row for row in preview["rows"]}
    assert [rows[n]["action"] for n in sorted(rows)] == [
        "create",
        "create",
        "create",
        "fail",
        "fail",
    ]
    assert rows[5]["errors"] == [
        {
            "column": "Language",
            "field": "preferred_language",
            "message": "“Klingon” is not a language we know: write its name in English or in "
            "itself, or its ISO 639 code (e.g. Polish, polski or pl)",
            "type": "not_a_language",
            "ctx": {"value": "Klingon"},
        }
    ]
    assert rows[6]["errors"][0]["column"] == "Languages spoken"
    assert "“Elvish”" in rows[6]["errors"][0]["message"]

    response = await group.owner.post(
        f"{group.url}/imports/{uploaded['id']}/run", json={"skip_invalid_rows": True}
    )
    assert response.status_code == 202, response.text
    contacts = {
        contact["full_name"]: (contact["preferred_language"], contact["other_languages"])
        for contact in (await get_ok(group.owner, f"{group.url}/contacts"))["items"]
    }
    assert contacts == {
        "Agata Nowak": ("pl", ["en"]),
        "Bogdan Popescu": ("ro", ["en", "pl"]),
        "Chen Wei": ("pl", []),
    }


async def test_members_record_the_languages_they_speak(accounts: Accounts) -> None:
    group = await accounts.group()
    polish_speaker = await accounts.member(group, "organiser", name="Ola Organiser")
    await accounts.member(group, "member", name="Tom Member")
    saved = await polish_speaker.patch("/api/v1/me", json={"spoken_languages": ["pl", "en"]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["spoken_languages"] == ["pl", "en"]
    assert (await polish_speaker.get("/api/v1/me")).json()["spoken_languages"] == ["pl", "en"]

    members = (await get_ok(group.owner, f"{group.url}/members"))["items"]
    by_name = {member["display_name"]: member["spoken_languages"] for member in members}
    assert by_name["Ola Organiser"] == ["pl", "en"]
    assert by_name["Tom Member"] == []

    # A call list: the members who share a language with this worker.
    agata = await make_contact(
        group, "Agata Nowak", preferred_language="pl", other_languages=["ru"]
    )
    callers = await get_ok(
        group.owner,
        f"{group.url}/members",
        speaks=[agata["preferred_language"], *agata["other_languages"]],
    )
    assert [member["display_name"] for member in callers["items"]] == ["Ola Organiser"]
    assert (await get_ok(group.owner, f"{group.url}/members", speaks="ar"))["items"] == []

    for body in ({"spoken_languages": ["pl", "pl"]}, {"spoken_languages": ["Polish"]}):
        refused = await polish_speaker.patch("/api/v1/me", json=body)
        assert refused.status_code == 422
        assert refused.json()["fields"][0]["field"].startswith("spoken_languages")
    refused_null = await polish_speaker.patch("/api/v1/me", json={"spoken_languages": None})
    assert refused_null.status_code == 422


# --- the migration of the old free-text field ----------------------------------------------

OLD_VALUES: dict[str, tuple[str | None, str | None]] = {
    # written -> notes before
    "Polish": None,
    "  polski ": "Met at the gate",
    "AR": None,
    "Polish, English": None,
    "Yoruba and Nigerian Pidgin": None,
    "Klingon": "Angry about rotas",
    "Polish / Elvish": None,
}


async def _old_contacts(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            group_id = uuid.UUID("0192a000-0000-7000-8000-000000000001")
            await connection.execute(
                sa.text(
                    "INSERT INTO groups (id, name, change_seq, require_two_factor, is_demo, "
                    "version, created_at, updated_at) VALUES (:id, 'Old group', 0, false, "
                    "false, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ).bindparams(sa.bindparam("id", type_=sa.Uuid())),
                {"id": group_id},
            )
            for number, (written, notes) in enumerate(OLD_VALUES.items()):
                await connection.execute(
                    sa.text(
                        "INSERT INTO contacts (id, group_id, version, full_name, "
                        "membership_status, preferred_language, tags, notes, created_at, "
                        "updated_at) VALUES (:id, :group_id, 1, :name, 'unknown', :written, "
                        "'[]', :notes, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ).bindparams(
                        sa.bindparam("id", type_=sa.Uuid()),
                        sa.bindparam("group_id", type_=sa.Uuid()),
                    ),
                    {
                        "id": uuid.UUID(f"0192a000-0000-7000-8000-1000000000{number:02d}"),
                        "group_id": group_id,
                        "name": written,
                        "written": written,
                        "notes": notes,
                    },
                )
    finally:
        await engine.dispose()


async def _migrated(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                sa.text(
                    "SELECT full_name, preferred_language, other_languages, notes FROM contacts"
                )
            )
            return {
                name: (
                    language,
                    others if isinstance(others, list) else json.loads(others),
                    notes,
                )
                for name, language, others, notes in rows.all()
            }
    finally:
        await engine.dispose()


@pytest.fixture
def scratch_url(tmp_path: Path) -> str:
    return fresh_database_url(tmp_path, suffix="_languages_migration")


async def test_the_migration_reads_old_free_text_and_keeps_what_it_cannot(scratch_url: str) -> None:
    url = scratch_url
    await asyncio.to_thread(upgrade, url, BEFORE_LANGUAGES)
    await _old_contacts(url)
    await asyncio.to_thread(upgrade, url, LANGUAGES_OF_PEOPLE)
    kept = "Preferred language (as written before languages were chosen from a list): "
    assert await _migrated(url) == {
        "Polish": ("pl", [], None),
        "  polski ": ("pl", [], "Met at the gate"),
        "AR": ("ar", [], None),
        "Polish, English": ("pl", ["en"], None),
        "Yoruba and Nigerian Pidgin": ("yo", ["pcm"], None),
        "Klingon": (None, [], f"Angry about rotas\n\n{kept}Klingon"),
        "Polish / Elvish": ("pl", [], f"{kept}Polish / Elvish"),
    }


async def test_the_wall_chart_counts_languages_and_filters_by_them(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    elsewhere = await make_workplace(group, "Hilltop")
    await make_contact(group, "Agata", workplace_id=depot["id"], preferred_language="pl")
    await make_contact(
        group, "Bogdan", workplace_id=depot["id"], preferred_language="ro", other_languages=["pl"]
    )
    await make_contact(group, "Chen", workplace_id=depot["id"], other_languages=["yue", "en"])
    await make_contact(group, "Dan", workplace_id=depot["id"])
    await make_contact(group, "Ewa", workplace_id=elsewhere["id"], preferred_language="pl")
    url = f"{group.url}/workplaces/{depot['id']}/chart"

    chart = await get_ok(group.owner, url)
    assert chart["totals"]["contacts"] == 4
    assert chart["languages"] == [
        {"language": "pl", "speakers": 2, "preferred": 1},
        {"language": "en", "speakers": 1, "preferred": 0},
        {"language": "ro", "speakers": 1, "preferred": 1},
        {"language": "yue", "speakers": 1, "preferred": 0},
    ]
    polish = await get_ok(group.owner, url, speaks="pl")
    assert polish["totals"]["contacts"] == 2
    assert polish["languages"] == chart["languages"]
    assert (await get_ok(group.owner, url, speaks=["yue", "ar"]))["totals"]["contacts"] == 1
    refused = await group.owner.get(url, params={"speaks": "Polish"})
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"].startswith("speaks")
