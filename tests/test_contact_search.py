"""Finding people however their name or number is typed, with the same answers on SQLite and
PostgreSQL: the suite runs on both, against the one expected table below."""

from __future__ import annotations

import pytest

from api.core.search_text import phone_key, search_key
from tests.factories import Accounts, Group, get_ok, make_contact, make_workplace, names

PEOPLE: list[dict[str, str]] = [
    {"full_name": "Zoë Clarke", "phone": "+44 7700 900123"},
    {"full_name": "Zoe Ball"},
    {"full_name": "Aoife Ní Bhriain"},
    {"full_name": "Jill Wright", "email": "jill.wright@example.org"},
    {"full_name": "Jim White", "notes": "Works with Jill on nights"},
    {"full_name": "Łukasz Wójcik"},
    {"full_name": "Bjørn Ødegaard"},
    {"full_name": "Seán O'Neill", "phone": "07700 900 456"},
    {"full_name": "Mariana Conceição"},
    {"full_name": "Hans Großmann"},
    {"full_name": "Æsa Ærø-Lund"},
]

# query -> the people it finds, in the list's order (by name, accents ignored)
EXPECTED: dict[str, list[str]] = {
    "Zoe": ["Zoe Ball", "Zoë Clarke"],
    "ZOË": ["Zoe Ball", "Zoë Clarke"],
    "zoe clarke": ["Zoë Clarke"],
    "ni bhriain": ["Aoife Ní Bhriain"],
    "NÍ BHRIAIN": ["Aoife Ní Bhriain"],
    "Bhriain Aoife": ["Aoife Ní Bhriain"],
    "Wright Jill": ["Jill Wright"],
    "wri jil": ["Jill Wright"],
    "jill": ["Jill Wright", "Jim White"],
    "lukasz": ["Łukasz Wójcik"],
    "wojcik luk": ["Łukasz Wójcik"],
    "odegaard": ["Bjørn Ødegaard"],
    "Bjorn": ["Bjørn Ødegaard"],
    "o'neill": ["Seán O'Neill"],
    "oneill sean": ["Seán O'Neill"],
    "conceicao": ["Mariana Conceição"],
    "grossmann": ["Hans Großmann"],
    "aero lund": ["Æsa Ærø-Lund"],
    "07700 900123": ["Zoë Clarke"],
    "+44 7700 900 456": ["Seán O'Neill"],
    "0044 (7700) 900-123": ["Zoë Clarke"],
    "900 456": ["Seán O'Neill"],
    "7700": ["Seán O'Neill", "Zoë Clarke"],
    "example.org": ["Jill Wright"],
    "smith": [],
    "!!!": [],
}


@pytest.fixture
async def people(accounts: Accounts) -> Group:
    group = await accounts.group()
    for person in PEOPLE:
        await make_contact(group, **person)
    return group


async def test_search_ignores_accents_case_and_word_order(people: Group) -> None:
    found = {
        query: await names(people.owner, f"{people.url}/contacts", q=query) for query in EXPECTED
    }
    assert found == EXPECTED


async def test_search_follows_a_changed_name_and_phone(people: Group) -> None:
    url = f"{people.url}/contacts"
    (jim,) = (await get_ok(people.owner, url, q="jim white"))["items"]
    response = await people.owner.patch(
        f"{url}/{jim['id']}",
        json={"full_name": "Jim Whyté", "phone": "+44 113 496 0000", "version": jim["version"]},
    )
    assert response.status_code == 200, response.text
    assert await names(people.owner, url, q="jim white") == []
    assert await names(people.owner, url, q="WHYTE") == ["Jim Whyté"]
    assert await names(people.owner, url, q="0113 496 0000") == ["Jim Whyté"]


async def test_likely_matches_before_creating(people: Group, accounts: Accounts) -> None:
    depot = await make_workplace(people, "Depot")
    await make_contact(people, "Jill Wright", workplace_id=depot["id"])
    url = f"{people.url}/contacts/duplicates"

    def found(check: dict[str, list[dict[str, str]]]) -> list[tuple[str, str]]:
        return [(m["full_name"], m["reason"]) for m in check["possible_duplicates"]]

    by_name = await get_ok(people.owner, url, full_name="wright, JILL", workplace_id=depot["id"])
    assert found(by_name) == [("Jill Wright", "name_at_workplace"), ("Jill Wright", "similar_name")]
    accented = await get_ok(people.owner, url, full_name="Zoe Clark")
    assert found(accented) == [("Zoë Clarke", "similar_name")]
    assert accented["possible_duplicates"][0]["similarity"] >= 90
    by_phone = await get_ok(people.owner, url, full_name="Someone", phone="07700900123")
    assert found(by_phone) == [("Zoë Clarke", "phone")]
    nobody = await get_ok(people.owner, url, full_name="Priya Patel")
    assert found(nobody) == []


def test_one_normalisation() -> None:
    assert search_key("  Łukasz  ŻÓŁĆ-Ødegård, Straße ") == "lukasz zolc odegard strasse"
    assert search_key("D\u2019Souza O'Neill") == "dsouza oneill"
    assert search_key("\ufb01ona") == "fiona", "the fi ligature and other compatibility forms fold"
    assert phone_key("+44 (0) 7700 900123") == "07700900123"
    assert phone_key("0044 7700 900123") == "07700900123"
    assert phone_key("+33 1 23 45 67 89") == "0033123456789"
