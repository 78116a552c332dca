"""Imports of the files groups really have: CSV in a Central European code page, Excel
workbooks, and sheets naming no workplace, imported into a default one."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from api.core.config import Settings
from tests.factories import (
    Accounts,
    Group,
    get_ok,
    list_all,
    make_department,
    make_workplace,
    map_import,
    run_import,
    upload_csv,
)

POLISH = [
    ("Łukasz Wójcik", "Magazyn wysyłkowy"),
    ("Zofia Świątek", "Załadunek"),
    ("Małgorzata Żółkiewska", "Biuro"),
    ("Paweł Dąbrowski", "Magazyn wysyłkowy"),
]
ROMANIAN = [("Ştefan Bălănescu", "Depozit"), ("Ioana Ţurcanu", "Încărcare")]


def polish_csv() -> bytes:
    """As Excel on a Polish Windows saves "CSV": Windows-1250, semicolons."""
    lines = ["Imię i nazwisko;Dział", *(f"{name};{dept}" for name, dept in POLISH)]
    return "\r\n".join(lines).encode("cp1250")


async def upload(
    group: Group, data: bytes, filename: str = "contacts.csv", **form: str
) -> dict[str, Any]:
    response = await group.owner.post(
        f"{group.url}/imports",
        files={"file": (filename, data, "application/octet-stream")},
        data={"kind": "contacts", **form},
    )
    assert response.status_code == 201, response.text
    uploaded: dict[str, Any] = response.json()
    return uploaded


async def contact_names(group: Group) -> list[str]:
    return sorted(c["full_name"] for c in await list_all(group.owner, f"{group.url}/contacts"))


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_polish_windows_1250_file_reads_as_polish(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, polish_csv())
    assert (uploaded["file_format"], uploaded["encoding"], uploaded["delimiter"]) == (
        "csv",
        "windows-1250",
        "semicolon",
    )
    assert uploaded["header"] == ["Imię i nazwisko", "Dział"]
    await map_import(group, uploaded["id"], {"Imię i nazwisko": "full_name", "Dział": None})
    assert (await run_import(group, uploaded["id"]))["status"] == "done"
    assert await contact_names(group) == sorted(name for name, _ in POLISH)


async def test_a_romanian_windows_1250_file_reads_as_romanian(accounts: Accounts) -> None:
    group = await accounts.group()
    text = "Nume,Departament\r\n" + "".join(f"{n},{d}\r\n" for n, d in ROMANIAN)
    uploaded = await upload_csv(group, text.encode("cp1250"))
    assert uploaded["encoding"] == "windows-1250"
    await map_import(group, uploaded["id"], {"Nume": "full_name"})
    await run_import(group, uploaded["id"])
    assert await contact_names(group) == sorted(name for name, _ in ROMANIAN)


async def test_a_western_windows_1252_file_is_not_taken_for_central_european(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    text = "Nom;Service\r\nFrançoise Lefèvre;Entrepôt\r\nJérôme Rivière;Expédition\r\n"
    uploaded = await upload_csv(group, text.encode("cp1252"))
    assert uploaded["encoding"] == "windows-1252"
    await map_import(group, uploaded["id"], {"Nom": "full_name"})
    await run_import(group, uploaded["id"])
    assert await contact_names(group) == ["Françoise Lefèvre", "Jérôme Rivière"]


async def test_the_encoding_and_separator_can_be_chosen(accounts: Accounts) -> None:
    group = await accounts.group()
    # Read as Windows-1252 on request, the Polish letters come out wrong, as asked.
    chosen = await upload(group, polish_csv(), encoding="windows-1252", delimiter="comma")
    assert (chosen["encoding"], chosen["delimiter"]) == ("windows-1252", "comma")
    assert chosen["header"] == ["Imiê i nazwisko;Dzia³"]
    again = await upload(group, polish_csv(), encoding="windows-1250", delimiter="semicolon")
    assert again["header"] == ["Imię i nazwisko", "Dział"]
    assert again["row_count"] == len(POLISH)


async def test_bad_reading_choices_are_refused_naming_the_field(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/imports"
    for form, field in (
        ({"encoding": "klingon"}, "encoding"),
        ({"delimiter": "|"}, "delimiter"),
        ({"encoding": "utf-8"}, "encoding"),  # the file is not UTF-8
    ):
        response = await group.owner.post(
            url, files={"file": ("x.csv", polish_csv(), "text/csv")}, data=form
        )
        assert response.status_code == 422, response.text
        assert response.json()["fields"][0]["field"] == field


async def test_an_excel_workbook_is_imported(accounts: Accounts) -> None:
    group = await accounts.group()
    data = workbook(
        [
            ["Full name", "Email", "Phone", "Joined", "Hours"],
            [None],
            ["Łukasz Wójcik", "lukasz@example.org", 7700900123, date(2024, 3, 1), 37.5],
            ["Ann Lee", "ann@example.org", "07700 900456", None, 20.0],
        ]
    )
    uploaded = await upload(group, data, filename="Members.xlsx")
    assert uploaded["file_format"] == "xlsx"
    assert (uploaded["encoding"], uploaded["delimiter"]) == (None, None)
    assert uploaded["header"] == ["Full name", "Email", "Phone", "Joined", "Hours"]
    assert uploaded["row_count"] == 2, "the blank row is not a row"
    url = f"{group.url}/imports/{uploaded['id']}"
    columns = {"Full name": "full_name", "Email": "email", "Phone": "phone", "Joined": "notes"}
    await map_import(group, uploaded["id"], columns)
    preview = await get_ok(group.owner, f"{url}/preview")
    assert [row["row"] for row in preview["rows"]] == [3, 4]
    assert preview["rows"][0]["cells"]["Phone"] == "7700900123"
    assert preview["rows"][0]["cells"]["Joined"] == "2024-03-01"
    done = await run_import(group, uploaded["id"])
    assert done["counts"]["created"] == 2
    contacts = {c["full_name"]: c for c in await list_all(group.owner, f"{group.url}/contacts")}
    assert contacts["Łukasz Wójcik"]["email"] == "lukasz@example.org"
    assert contacts["Ann Lee"]["phone"] == "07700 900456"


async def test_broken_and_oversized_workbooks_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    not_a_workbook = b"PK\x03\x04" + b"\x00" * 100
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * 30_000_000 + b"</sst>")
    long_cell = io.BytesIO(workbook([["Name"], ["A"]]))
    with zipfile.ZipFile(long_cell, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet9.xml", b"<x>" + b"a" * 2_100_000 + b"</x>")
    for data, words in (
        (not_a_workbook, "neither CSV text nor an Excel workbook"),
        (bomb.getvalue(), "larger than any spreadsheet"),
        (long_cell.getvalue(), "cell is larger"),
    ):
        response = await group.owner.post(
            f"{group.url}/imports", files={"file": ("x.xlsx", data, "application/zip")}
        )
        assert response.status_code == 422, response.text
        assert response.json()["fields"][0]["field"] == "file"
        assert words in response.json()["detail"]


async def test_a_sheet_with_only_departments_imports_into_a_default_workplace(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    garage = await make_department(group, depot["id"], "Garage")
    data = b"Name,Dept\nSam Okafor,Garage\nPriya Shah,Night Office\nTom Byrne,\n"
    uploaded = await upload_csv(group, data)
    url = f"{group.url}/imports/{uploaded['id']}"
    # Without a workplace the departments cannot be placed.
    await map_import(group, uploaded["id"])
    refused = await get_ok(group.owner, f"{url}/preview")
    assert refused["summary"]["fail"] == 2
    assert refused["rows"][0]["errors"][0]["type"] == "needs_workplace"
    assert refused["rows"][0]["errors"][0]["ctx"] == {"part": "department"}
    mapped = await map_import(
        group, uploaded["id"], default_workplace_id=depot["id"], default_department_id=garage["id"]
    )
    assert mapped["default_workplace_id"] == depot["id"]
    preview = await get_ok(group.owner, f"{url}/preview")
    assert preview["summary"]["fail"] == 0
    assert preview["summary"]["new_departments"] == ["Night Office at Riverside Depot"]
    assert (await run_import(group, uploaded["id"]))["counts"]["created"] == 3
    contacts = {c["full_name"]: c for c in await list_all(group.owner, f"{group.url}/contacts")}
    assert {c["workplace_id"] for c in contacts.values()} == {depot["id"]}
    assert contacts["Sam Okafor"]["department_id"] == garage["id"]
    assert contacts["Tom Byrne"]["department_id"] == garage["id"], "the default department"
    assert contacts["Priya Shah"]["department_id"] not in {None, garage["id"]}


async def test_default_places_are_checked(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    elsewhere = await make_workplace(group, "Hilltop")
    theirs = await make_workplace(other, "Their site")
    office = await make_department(group, elsewhere["id"], "Office")
    uploaded = await upload_csv(group, b"Name\nA\n")
    url = f"{group.url}/imports/{uploaded['id']}/mapping"
    columns = {"Name": "full_name"}
    for options, field in (
        ({"default_workplace_id": theirs["id"]}, "default_workplace_id"),
        ({"default_department_id": office["id"]}, "default_department_id"),
        (
            {"default_workplace_id": depot["id"], "default_department_id": office["id"]},
            "default_department_id",
        ),
        ({"default_workplace_id": "not-an-id"}, "default_workplace_id"),
    ):
        response = await group.owner.request("PUT", url, json={"columns": columns, **options})
        assert response.status_code == 422, (options, response.text)
        assert response.json()["fields"][0]["field"] == field
    places = await upload_csv(group, b"Name\nDepot\n", kind="workplaces")
    response = await group.owner.request(
        "PUT",
        f"{group.url}/imports/{places['id']}/mapping",
        json={"columns": {"Name": "name"}, "default_workplace_id": depot["id"]},
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "default_workplace_id"


async def test_the_command_line_import_reads_the_file_as_told(
    accounts: Accounts, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli import app as cli
    from api.core.config import get_settings

    group = await accounts.group()
    path = tmp_path / "polish.csv"
    path.write_bytes(polish_csv())
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"Imię i nazwisko": "full_name", "Dział": null}', encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    args = ["import-contacts", group.id, str(path), "--as", group.owner.email]
    try:
        as_utf8 = await asyncio.to_thread(CliRunner().invoke, cli, [*args, "--encoding", "utf-8"])
        as_commas = await asyncio.to_thread(
            CliRunner().invoke, cli, [*args, "--delimiter", "comma"]
        )
        chosen = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            [
                *args,
                "--encoding",
                "windows-1250",
                "--delimiter",
                "semicolon",
                "--mapping",
                str(mapping),
            ],
        )
    finally:
        get_settings.cache_clear()
    assert as_utf8.exit_code == 1, as_utf8.output
    assert "claims to be utf-8 but is not" in as_utf8.output
    assert as_commas.exit_code == 1, as_commas.output
    assert "Map a column to full_name" in as_commas.output
    assert chosen.exit_code == 0, chosen.output
    assert "(windows-1250, semicolon-separated)" in chosen.output
    assert await contact_names(group) == sorted(name for name, _ in POLISH)
