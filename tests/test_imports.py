"""CSV imports of contacts and workplaces, with files as spreadsheets really save them."""

from __future__ import annotations

import asyncio
import codecs
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from api.core.config import Settings
from api.core.db import utcnow
from api.core.mail import Mailer
from api.imports.planning import Action
from api.imports.services import run as import_service
from api.main import create_app
from api.webhooks.worker import WebhookWorker
from tests.conftest import make_settings
from tests.factories import (
    Account,
    Accounts,
    Group,
    get_ok,
    import_report,
    list_all,
    make_contact,
    make_department,
    make_workplace,
    map_import,
    run_import,
    upload_csv,
)

MESSY_HEADER = "Full name;Email address;Mobile;Workplace;Dept;Union member?;Tags;Favourite colour"
MESSY_ROWS = [
    "Sam Okafor;sam@example.org;07700 900001;Riverside Depot;Garage;Yes;nights, rep;blue",
    "",
    "Priya Shah;priya@example;07700 900002;Riverside Depot;Garage;no;;green",
    ";nameless@example.org;07700 900003;Riverside Depot;;;;red",
    "Tom Byrne;TOM@example.org;07700 900004;Riverside Depot;Office;lapsed;;",
    "Sam Okafor;sam@example.org;07700 900001;Riverside Depot;Garage;Yes;nights, rep;blue",
    "Ann Lee;ann@example.org;+44 7700 900004;;;;;",
    "   ;  ;  ;  ;  ;  ;  ;  ",
]


def messy_csv() -> bytes:
    """UTF-8 with a byte order mark, semicolons, blank lines, a duplicate row, a bad email,
    a missing name and a phone number repeated in another spelling."""
    text = "\r\n".join([MESSY_HEADER, *MESSY_ROWS]) + "\r\n"
    return codecs.BOM_UTF8 + text.encode("utf-8")


async def contact_names(group: Group) -> list[str]:
    return sorted(c["full_name"] for c in await list_all(group.owner, f"{group.url}/contacts"))


async def test_upload_detects_the_file_and_guesses_the_mapping(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, messy_csv(), filename="Members list.csv")
    assert uploaded["status"] == "uploaded"
    assert uploaded["encoding"] == "utf-8-sig"
    assert uploaded["delimiter"] == "semicolon"
    assert uploaded["header"] == MESSY_HEADER.split(";")
    assert uploaded["row_count"] == 6, "blank lines are not rows"
    assert uploaded["suggested_mapping"] == {
        "Full name": "full_name",
        "Email address": "email",
        "Mobile": "phone",
        "Workplace": "workplace",
        "Dept": "department",
        "Union member?": "membership_status",
        "Tags": "tags",
        "Favourite colour": None,
    }
    assert {"name": "full_name", "label": "Full name", "multiple": False} in uploaded[
        "available_fields"
    ]
    listed = await get_ok(group.owner, f"{group.url}/imports")
    assert [item["id"] for item in listed["items"]] == [uploaded["id"]]


async def test_spreadsheet_header_variants_are_recognised(accounts: Accounts) -> None:
    group = await accounts.group()
    header = (
        "First name,Last name,E-mail,Phone number,Department,Shift,Site,Membership,"
        "Labels,Comments,Employee ID,Job title,Notes"
    )
    uploaded = await upload_csv(group, f"{header}\nAl,Bo,a@b.org,01234 567890,,,,,,,,,\n".encode())
    assert uploaded["delimiter"] == "comma"
    assert uploaded["encoding"] == "utf-8"
    assert uploaded["suggested_mapping"] == {
        "First name": "first_name",
        "Last name": "last_name",
        "E-mail": "email",
        "Phone number": "phone",
        "Department": "department",
        "Shift": "shift",
        "Site": "workplace",
        "Membership": "membership_status",
        "Labels": "tags",
        "Comments": "notes",
        "Employee ID": "external_id",
        "Job title": "job_title",
        "Notes": "notes",
    }


async def test_messy_file_is_refused_whole_then_imported_skipping_invalid_rows(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    existing = await make_contact(group, "Ann Lee (existing)", phone="+44 7700 900004")
    uploaded = await upload_csv(group, messy_csv())
    import_id = uploaded["id"]
    await map_import(group, import_id)

    preview = await get_ok(group.owner, f"{group.url}/imports/{import_id}/preview")
    rows = {row["row"]: row for row in preview["rows"]}
    assert [(n, rows[n]["action"]) for n in sorted(rows)] == [
        (2, "create"),
        (4, "fail"),
        (5, "fail"),
        (6, "create"),
        (7, "skip"),
        (8, "update"),
    ]
    assert "Creates workplace “Riverside Depot”" in rows[2]["reason"]
    assert "Creates department “Garage”" in rows[2]["reason"]
    assert rows[4]["errors"][0]["column"] == "Email address"
    assert rows[4]["errors"][0]["field"] == "email"
    assert rows[5]["errors"] == [
        {
            "column": "Full name",
            "field": "full_name",
            "message": "A name is required",
            "type": "name_required",
            "ctx": {},
        }
    ]
    assert rows[7]["reason"] == "Duplicate: the same as row 2"
    assert rows[8]["record_id"] == existing["id"]
    assert "by phone" in rows[8]["reason"]
    assert rows[2]["cells"]["Full name"] == "Sam Okafor"
    assert "Favourite colour" not in rows[2]["cells"], "unmapped columns are ignored"
    assert preview["summary"] == {
        "create": 2,
        "update": 1,
        "skip": 1,
        "fail": 2,
        "new_workplaces": ["Riverside Depot"],
        "new_departments": ["Garage at Riverside Depot", "Office at Riverside Depot"],
        "new_shifts": [],
    }
    assert preview["will_refuse"] is True

    refused = await run_import(group, import_id)
    assert refused["status"] == "failed"
    assert "2 row(s) failed" in refused["error"]
    assert refused["counts"] == {"created": 0, "updated": 0, "skipped": 0, "failed": 2}
    assert await contact_names(group) == ["Ann Lee (existing)"], "nothing was half-applied"
    assert await list_all(group.owner, f"{group.url}/workplaces") == []
    report = await import_report(group, import_id)
    assert [(r["Row"], r["Outcome"]) for r in report] == [
        ("2", "not imported"),
        ("4", "failed"),
        ("5", "failed"),
        ("6", "not imported"),
        ("7", "not imported"),
        ("8", "not imported"),
    ]
    assert "Email address" in report[1]["Reason"]

    done = await run_import(group, import_id, skip_invalid_rows=True)
    assert done["status"] == "done", done["error"]
    assert done["counts"] == {"created": 2, "updated": 1, "skipped": 1, "failed": 2}
    assert done["progress"] == {"processed_rows": 6, "total_rows": 6}
    assert await contact_names(group) == ["Ann Lee", "Sam Okafor", "Tom Byrne"]
    contacts = {c["full_name"]: c for c in await list_all(group.owner, f"{group.url}/contacts")}
    sam = contacts["Sam Okafor"]
    assert sam["email"] == "sam@example.org"
    assert sam["membership_status"] == "member"
    assert sam["tags"] == ["nights", "rep"]
    assert sam["source"] == "Imported from contacts.csv"
    assert contacts["Tom Byrne"]["email"] == "tom@example.org"
    assert contacts["Tom Byrne"]["membership_status"] == "lapsed"
    assert contacts["Ann Lee"]["id"] == existing["id"]
    assert contacts["Ann Lee"]["version"] == 2
    workplaces = await list_all(group.owner, f"{group.url}/workplaces")
    assert [w["name"] for w in workplaces] == ["Riverside Depot"]
    departments = await list_all(
        group.owner, f"{group.url}/workplaces/{workplaces[0]['id']}/departments"
    )
    assert sorted(d["name"] for d in departments) == ["Garage", "Office"]
    assert sam["workplace_id"] == workplaces[0]["id"]
    assert sam["department_id"] in {d["id"] for d in departments}

    report = await import_report(group, import_id)
    outcomes = {r["Row"]: r for r in report}
    assert outcomes["2"]["Outcome"] == "created"
    assert outcomes["2"]["Record id"] == sam["id"]
    assert outcomes["4"]["Outcome"] == "failed"
    assert outcomes["4"]["Email address"] == "priya@example", "the row's own cells follow"
    assert outcomes["7"]["Outcome"] == "skipped"
    assert outcomes["8"]["Outcome"] == "updated"
    again = await group.owner.post(f"{group.url}/imports/{import_id}/run", json={})
    assert again.status_code == 409


async def test_windows_1252_tab_separated_with_first_and_last_names(accounts: Accounts) -> None:
    group = await accounts.group()
    text = "First name\tLast name\tE-mail\tNotes\r\nJosé\tMüller\tjose@example.org\tCafé crew\r\n"
    uploaded = await upload_csv(group, text.encode("cp1252"))
    assert uploaded["encoding"] == "windows-1252"
    assert uploaded["delimiter"] == "tab"
    await map_import(group, uploaded["id"])
    done = await run_import(group, uploaded["id"])
    assert done["status"] == "done"
    [contact] = await list_all(group.owner, f"{group.url}/contacts")
    assert contact["full_name"] == "José Müller"
    assert contact["notes"] == "Café crew"


async def test_utf16_from_spreadsheet_unicode_text(accounts: Accounts) -> None:
    group = await accounts.group()
    text = "Name\tPhone\r\nŁukasz Nowak\t07700 900123\r\n"
    uploaded = await upload_csv(group, text.encode("utf-16"))
    assert uploaded["encoding"] == "utf-16"
    await map_import(group, uploaded["id"])
    assert (await run_import(group, uploaded["id"]))["status"] == "done"
    assert await contact_names(group) == ["Łukasz Nowak"]


async def test_matching_prefers_external_id_then_email_then_phone(accounts: Accounts) -> None:
    group = await accounts.group()
    by_id = await make_contact(group, "Ida", external_id="E-1", email="ida@example.org")
    by_email = await make_contact(group, "Eve", email="eve@example.org", tags=["old"])
    by_phone = await make_contact(group, "Phil", phone="07700 900555", job_title="Driver")
    same = await make_contact(group, "Sue", email="sue@example.org")
    csv_text = (
        "External id,Name,Email,Phone,Job title,Tags\n"
        "E-1,Ida Renamed,ida.new@example.org,,,\n"
        ",,IDA.new@example.org,,,new\n"
        ",Phil,,07700-900-555,,\n"
        ",Sue,sue@example.org,,,\n"
        "E-9,Newcomer,,,,\n"
    )
    uploaded = await upload_csv(group, csv_text.encode())
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    actions = [(r["action"], r["record_id"]) for r in preview["rows"]]
    assert actions == [
        ("update", by_id["id"]),
        ("skip", None),
        ("skip", by_phone["id"]),
        ("skip", same["id"]),
        ("create", None),
    ]
    assert preview["rows"][1]["reason"] == "Duplicate: the same email as row 2"
    assert preview["rows"][2]["reason"].endswith("nothing to change")
    done = await run_import(group, uploaded["id"])
    assert done["counts"] == {"created": 1, "updated": 1, "skipped": 3, "failed": 0}
    ida = await get_ok(group.owner, f"{group.url}/contacts/{by_id['id']}")
    assert ida["full_name"] == "Ida Renamed"
    assert ida["email"] == "ida.new@example.org", "a given cell replaces the stored value"
    phil = await get_ok(group.owner, f"{group.url}/contacts/{by_phone['id']}")
    assert phil["job_title"] == "Driver", "a blank cell leaves the stored value"
    assert phil["version"] == 1

    # Matching by email only, tags are added to the contact's own.
    second = await upload_csv(group, b"Email,Tags\neve@example.org,new\n")
    await map_import(group, second["id"], {"Email": "email", "Tags": "tags"}, match_by=["email"])
    assert (await run_import(group, second["id"]))["counts"]["updated"] == 1
    eve = await get_ok(group.owner, f"{group.url}/contacts/{by_email['id']}")
    assert eve["tags"] == ["old", "new"]

    # on_match=skip leaves matched contacts alone.
    third = await upload_csv(group, b"Name,Email\nEve Changed,eve@example.org\n")
    await map_import(group, third["id"], on_match="skip")
    skipped = await run_import(group, third["id"])
    assert skipped["counts"] == {"created": 0, "updated": 0, "skipped": 1, "failed": 0}
    assert (await get_ok(group.owner, f"{group.url}/contacts/{by_email['id']}"))[
        "full_name"
    ] == "Eve"


async def test_contacts_without_email_or_phone_match_by_name_at_their_workplace(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    yard = await make_workplace(group, "North Yard")
    zoe = await make_contact(group, "Zoë Ní Bhriain", workplace_id=depot["id"])
    await make_contact(group, "Sam Okafor", workplace_id=depot["id"])
    await make_contact(group, "sam  OKAFOR", workplace_id=depot["id"])
    csv_text = (
        "Name,Workplace,Job title,Phone\n"
        "Ni Bhriain Zoe,riverside depot,Picker,\n"
        "Zoe Ni Bhriain,North Yard,Driver,\n"
        "ZOE NI BHRIAIN,Riverside Depot,Packer,07700 900999\n"
        "Zoe Ni Bhriain,,Cleaner,\n"
        "Sam Okafor,Riverside Depot,Porter,\n"
    )
    uploaded = await upload_csv(group, csv_text.encode())
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    rows = [(r["action"], r["record_id"], r["reason"]) for r in preview["rows"]]
    assert rows[0] == (
        "update",
        zoe["id"],
        "Matches an existing contact by name at this workplace; changes job_title.",
    )
    assert rows[1][:2] == ("create", None), "the same name at another workplace is someone else"
    assert rows[2][:2] == ("create", None), "a phone is given: matched by it or not at all"
    assert rows[3][:2] == ("create", None), "no workplace: nothing to tell people apart"
    assert rows[4][0] == "fail"
    assert "2 existing contacts at this workplace have this name" in rows[4][2]
    done = await run_import(group, uploaded["id"], skip_invalid_rows=True)
    assert done["counts"] == {"created": 3, "updated": 1, "skipped": 0, "failed": 1}
    kept = await get_ok(group.owner, f"{group.url}/contacts/{zoe['id']}")
    assert kept["full_name"] == "Zoë Ní Bhriain", "the stored spelling is kept"
    assert kept["job_title"] == "Picker"
    at_yard = await get_ok(group.owner, f"{group.url}/contacts", workplace_id=yard["id"])
    assert [c["full_name"] for c in at_yard["items"]] == ["Zoe Ni Bhriain"]
    found = await get_ok(group.owner, f"{group.url}/contacts", q="bhriain zoe")
    assert len(found["items"]) == 4, "imported contacts are found by search like any other"


async def test_places_are_matched_by_name_ignoring_case(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    garage = await make_department(group, depot["id"], "Garage")
    csv_text = (
        "Name,Workplace,Department,Shift\n"
        "A,riverside depot,GARAGE,Nights\n"
        "B,Riverside  Depot,Garage,nights\n"
        "C,North Yard,Wash bay,\n"
        "D,,Garage,\n"
    )
    uploaded = await upload_csv(group, csv_text.encode())
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    reasons = [row["reason"] for row in preview["rows"]]
    assert reasons[0] == "New record. Creates shift “Nights” at “riverside depot”."
    assert reasons[1] == "New record."
    assert "Creates workplace “North Yard”" in reasons[2]
    assert preview["rows"][3]["errors"][0]["message"] == (
        "A department needs the workplace it belongs to"
    )
    done = await run_import(group, uploaded["id"], skip_invalid_rows=True)
    assert done["counts"]["created"] == 3
    contacts = {c["full_name"]: c for c in await list_all(group.owner, f"{group.url}/contacts")}
    assert contacts["A"]["workplace_id"] == depot["id"]
    assert contacts["A"]["department_id"] == garage["id"]
    assert contacts["A"]["shift_id"] == contacts["B"]["shift_id"] is not None
    names = sorted(w["name"] for w in await list_all(group.owner, f"{group.url}/workplaces"))
    assert names == ["North Yard", "Riverside Depot"]


async def test_workplaces_import(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_workplace(group, "Riverside Depot", employer="Old Co")
    csv_text = (
        "Site name;Employer;Unions;Headcount;Postcode\n"
        "riverside depot;Metro Buses;Unite, GMB;1,200;ab1 2cd\n"
        "Hillside Hospital;NHS Trust;UNISON;many;\n"
        "Hillside Hospital;NHS Trust;UNISON;40;\n"
    )
    uploaded = await upload_csv(group, csv_text.encode(), kind="workplaces")
    assert uploaded["suggested_mapping"] == {
        "Site name": "name",
        "Employer": "employer",
        "Unions": "unions",
        "Headcount": "estimated_headcount",
        "Postcode": "postcode",
    }
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    assert [r["action"] for r in preview["rows"]] == ["update", "fail", "create"]
    assert preview["rows"][1]["errors"][0]["column"] == "Headcount"
    done = await run_import(group, uploaded["id"], skip_invalid_rows=True)
    assert done["counts"] == {"created": 1, "updated": 1, "skipped": 0, "failed": 1}
    places = {w["name"]: w for w in await list_all(group.owner, f"{group.url}/workplaces")}
    assert places["Riverside Depot"]["employer"] == "Metro Buses"
    assert places["Riverside Depot"]["unions"] == ["Unite", "GMB"]
    assert places["Riverside Depot"]["estimated_headcount"] == 1200
    assert places["Riverside Depot"]["postcode"] == "AB1 2CD"
    assert places["Hillside Hospital"]["estimated_headcount"] == 40


async def test_mapping_is_checked(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, b"Name,Email,Other\nA,a@example.org,x\n")
    url = f"{group.url}/imports/{uploaded['id']}"
    not_mapped = await group.owner.post(f"{url}/run", json={})
    assert not_mapped.status_code == 409
    assert not_mapped.json()["error"] == "import_not_mapped"
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"columns": {"Nope": "email", "Name": "full_name"}}, "columns.Nope", "no column"),
        ({"columns": {"Name": "full_name", "Other": "favourite"}}, "columns.Other", "not a field"),
        ({"columns": {"Name": "email", "Email": "email"}}, "columns.Email", "choose one"),
        ({"columns": {"Other": "job_title"}}, "columns", "full_name"),
        ({"columns": {"Email": "email"}, "match_by": ["phone"]}, "columns", "(phone)"),
        ({"columns": {"Name": "full_name"}, "match_by": ["name"]}, "match_by", "Match by"),
    ]
    for body, field, words in cases:
        response = await group.owner.request("PUT", f"{url}/mapping", json=body)
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field
        assert words in response.json()["detail"]


async def test_unreadable_uploads_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    for data, words in (
        (b"", "empty"),
        (b"Name,Email\n", "no rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ):
        response = await group.owner.post(
            f"{group.url}/imports", files={"file": ("x.csv", data, "text/csv")}
        )
        assert response.status_code == 422, response.text
        assert response.json()["fields"][0]["field"] == "file"
        assert words in response.json()["detail"]


async def test_uploads_may_exceed_the_general_body_limit_up_to_the_import_limit(
    accounts: Accounts, settings: Settings
) -> None:
    group = await accounts.group()
    row = "Somebody With A Long Name,someone@example.org,07700 900000\n"
    big = ("Name,Email,Phone\n" + row * (settings.max_body_bytes // len(row) + 100)).encode()
    assert len(big) > settings.max_body_bytes
    uploaded = await upload_csv(group, big)
    assert uploaded["row_count"] > 10_000
    too_big = await group.owner.post(
        f"{group.url}/contacts/bulk", content=b"x" * (len(big)), headers={"Content-Type": "text"}
    )
    assert too_big.status_code == 413


async def test_an_error_part_way_rolls_the_whole_import_back(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    await make_contact(group, "Already Here")
    lines = ["Name,Email,Workplace"] + [
        f"Person {n},person{n}@example.org,Depot {n % 3}" for n in range(1, 1001)
    ]
    uploaded = await upload_csv(group, "\n".join(lines).encode())
    await map_import(group, uploaded["id"])
    monkeypatch.setattr(import_service, "WRITE_BATCH", 100)
    real = import_service.new_record

    def failing_on_row_500(kind: Any, planned: Any, created: Any) -> Any:
        if planned.line == 501:  # the 500th data row
            raise RuntimeError("disk full")
        return real(kind, planned, created)

    monkeypatch.setattr(import_service, "new_record", failing_on_row_500)
    failed = await run_import(group, uploaded["id"])
    assert failed["status"] == "failed"
    assert failed["error"] == "An unexpected error stopped the import, so nothing was imported"
    assert "disk full" not in failed["error"]
    assert await contact_names(group) == ["Already Here"]
    assert await list_all(group.owner, f"{group.url}/workplaces") == []
    monkeypatch.setattr(import_service, "new_record", real)
    done = await run_import(group, uploaded["id"])
    assert done["counts"]["created"] == 1000
    assert len(await list_all(group.owner, f"{group.url}/contacts", limit=200)) == 1001


async def test_progress_is_visible_while_the_import_runs(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    lines = ["Name"] + [f"Person {n}" for n in range(1, 351)]
    uploaded = await upload_csv(group, "\n".join(lines).encode())
    url = f"{group.url}/imports/{uploaded['id']}"
    await map_import(group, uploaded["id"])
    monkeypatch.setattr(import_service, "WRITE_BATCH", 100)
    seen: list[tuple[str, int, int]] = []
    report = import_service.RunProgress.report

    async def report_and_poll(self: Any, processed: int) -> None:
        await report(self, processed)
        polled = await get_ok(group.owner, url)  # what a polling client sees meanwhile
        seen.append((polled["status"], *polled["progress"].values()))

    monkeypatch.setattr(import_service.RunProgress, "report", report_and_poll)
    done = await run_import(group, uploaded["id"])
    assert done["status"] == "done"
    assert seen == [
        ("running", 100, 350),
        ("running", 200, 350),
        ("running", 300, 350),
        ("running", 350, 350),
    ]


async def test_reports_and_previews_follow_the_import_state(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, b"Name\nA\n")
    url = f"{group.url}/imports/{uploaded['id']}"
    assert (await group.owner.get(f"{url}/report.csv")).status_code == 409
    preview = await get_ok(group.owner, f"{url}/preview")
    assert preview["mapping"] == {"Name": "full_name"}, "the suggested mapping until confirmed"
    await map_import(group, uploaded["id"])
    await run_import(group, uploaded["id"])
    assert (await group.owner.get(f"{url}/preview")).status_code == 409
    report = await group.owner.get(f"{url}/report.csv")
    assert report.headers["X-Contains-Personal-Data"] == "true"
    assert "attachment" in report.headers["Content-Disposition"]
    assert (
        await group.owner.request("PUT", f"{url}/mapping", json={"columns": {}})
    ).status_code == 409
    assert (await group.owner.delete(url)).status_code == 204
    assert (await group.owner.get(url)).status_code == 404
    assert await contact_names(group) == ["A"], "deleting an import keeps what it imported"


async def test_members_cannot_import(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    response = await member.post(
        f"{group.url}/imports", files={"file": ("x.csv", b"Name\nA\n", "text/csv")}
    )
    assert response.status_code == 403
    organiser = await accounts.member(group, "organiser")
    await upload_csv(group, b"Name\nA\n", by=organiser)


async def test_upload_over_the_import_limit_is_refused(
    settings: Settings, tmp_path: Path, accounts: Accounts
) -> None:
    small = make_settings(settings.database_url, tmp_path, max_import_bytes=4096)
    app = create_app(small)
    limited = Accounts(app)
    try:
        group = await limited.group()
        ok = await upload_csv(group, b"Name\n" + b"A\n" * 1000)
        assert ok["row_count"] == 1000
        response = await group.owner.post(
            f"{group.url}/imports", files={"file": ("x.csv", b"Name\n" + b"A\n" * 5000)}
        )
        assert response.status_code == 413
        assert response.json()["error"] == "payload_too_large"
    finally:
        await limited.close()
        await app.state.engine.dispose()


async def test_command_line_import_with_progress(
    accounts: Accounts, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli import app as cli
    from api.core.config import get_settings

    group = await accounts.group()
    await make_contact(group, "Eve", email="eve@example.org")
    path = tmp_path / "members.csv"
    path.write_bytes(messy_csv())
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        args = ["import-contacts", group.id, str(path), "--as", group.owner.email]
        refused = await asyncio.to_thread(CliRunner().invoke, cli, args)
        assert refused.exit_code == 1, refused.output
        assert "Nothing was imported" in refused.output
        assert "Row 4" in refused.output
        assert await contact_names(group) == ["Eve"]

        report = tmp_path / "report.csv"
        done = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            [*args, "--skip-invalid-rows", "--report", str(report)],
        )
        assert done.exit_code == 0, done.output
        assert "created 3, updated 0, skipped 1, failed 2" in done.output
        assert report.read_text(encoding="utf-8-sig").startswith("Row,Outcome,Reason")
        assert await contact_names(group) == ["Ann Lee", "Eve", "Sam Okafor", "Tom Byrne"]

        mapping = tmp_path / "mapping.json"
        mapping.write_text('{"Full name": "full_name", "Mobile": "phone"}', encoding="utf-8")
        only_names = tmp_path / "more.csv"
        only_names.write_bytes(b"Full name,Mobile,Email address\nZed,07700 900777,zed@example\n")
        mapped = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            [*args[:2], str(only_names), "--as", group.owner.email, "--mapping", str(mapping)],
        )
        assert mapped.exit_code == 0, mapped.output
        assert "created 1, updated 0, skipped 0, failed 0" in mapped.output
        zed = [
            c
            for c in await list_all(group.owner, f"{group.url}/contacts")
            if c["full_name"] == "Zed"
        ]
        assert [(c["phone"], c["email"]) for c in zed] == [("07700 900777", None)]

        outsider = await accounts.person("Outsider")
        refused_user = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            ["import-contacts", group.id, str(path), "--as", outsider.email],
        )
        assert refused_user.exit_code == 1
        assert "not a member" in refused_user.output
    finally:
        get_settings.cache_clear()


async def test_an_import_can_give_a_matched_contact_its_external_id(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_contact(group, "Ann Example", email="ann@example.org")
    data = b"Name,Email,Member number\nAnn Example,ann@example.org,M-1001\n"
    uploaded = await upload_csv(group, data)
    columns = {"Name": "full_name", "Email": "email", "Member number": "external_id"}
    await map_import(group, uploaded["id"], columns, match_by=["email"])
    done = await run_import(group, uploaded["id"])
    assert done["status"] == "done", done
    [ann] = await list_all(group.owner, f"{group.url}/contacts")
    assert ann["external_id"] == "M-1001"


async def test_an_import_past_the_row_cap_is_refused_before_it_is_read_whole(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    app = accounts.app
    original = app.state.settings
    app.state.settings = original.model_copy(update={"max_import_rows": 3})
    try:
        four = b"Name\nA\nB\nC\nD\n"
        refused = await upload_csv(group, four, expect=422)
        three = await upload_csv(group, b"Name\nA\nB\nC\n")
    finally:
        app.state.settings = original
    assert "more than 3 rows" in refused["detail"]
    assert three["row_count"] == 3


async def test_an_import_with_thousands_of_columns_is_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    wide = ",".join(f"c{n}" for n in range(5000)).encode() + b"\n" + b"x\n" * 3
    refused = await upload_csv(group, wide, expect=422)
    assert "5000 columns" in refused["detail"]


async def test_stored_import_files_are_deleted_after_the_retention_period(
    accounts: Accounts, settings: Settings
) -> None:
    group = await accounts.group()
    ran = await upload_csv(group, b"Name\nAnn Example\n")
    await map_import(group, ran["id"])
    await run_import(group, ran["id"])
    waiting = await upload_csv(group, b"Name\nBob Example\n")
    worker = WebhookWorker(accounts.app.state.sessionmaker, settings, Mailer(settings))
    await worker.maintain(utcnow() + timedelta(days=settings.import_file_retention_days - 1))
    assert len(await import_report(group, ran["id"])) == 1, "kept within the period"

    await worker.maintain(utcnow() + timedelta(days=settings.import_file_retention_days + 1))
    gone = await group.owner.get(f"{group.url}/imports/{ran['id']}/report.csv")
    assert gone.status_code == 409
    assert gone.json()["error"] == "import_report_deleted"
    preview = await group.owner.get(f"{group.url}/imports/{waiting['id']}/preview")
    assert preview.status_code == 409
    assert "no longer kept" in preview.json()["detail"]


# Bounded work: every cap and limit answers with what a person can act on.


async def test_a_file_past_the_row_cap_is_refused_with_what_to_do(accounts: Accounts) -> None:
    group = await accounts.group()
    app = accounts.app
    original = app.state.settings
    app.state.settings = original.model_copy(update={"max_import_rows": 1000})
    try:
        # A hostile shape: one character a row, far past the cap.
        refused = await upload_csv(group, b"Name\n" + b"a\n" * 50_000, expect=422)
    finally:
        app.state.settings = original
    assert refused == {
        "error": "validation_error",
        "detail": "The file has more than 1,000 rows; split it into several imports",
        "fields": [
            {
                "field": "file",
                "loc": ["body", "file"],
                "message": "The file has more than 1,000 rows; split it into several imports",
                "type": "too_many_rows",
                "ctx": {"max_rows": 1000},
            }
        ],
    }
    assert await list_all(group.owner, f"{group.url}/imports") == []


async def test_too_long_cells_and_rows_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    long_cell = "Name,Notes\nAnn,ok\nBob," + "x" * 20_001 + "\n"
    very_long_cell = "Name,Notes\nAnn,ok\nBob," + "x" * 200_000 + "\n"
    quoted = 'Name,Notes\nAnn,ok\nBob,"' + "line\r\n" * 30_000 + '"\n'
    for text, row in ((long_cell, 3), (very_long_cell, 3), (quoted, 3)):
        refused = await upload_csv(group, text.encode(), expect=422)
        assert refused["fields"][0]["field"] == "file"
        assert refused["detail"] == (
            f"Row {row} has a cell longer than 20,000 characters, the most any field holds"
        )
    one_line = ("Name," + "a," * 600_000).encode()
    refused = await upload_csv(group, one_line, expect=422)
    assert refused["detail"] == "A row is longer than 1,000,000 characters; is this a CSV file?"
    assert await list_all(group.owner, f"{group.url}/imports") == []


def chunked_contacts_csv(rows: int) -> bytes:
    """Contacts whose quoted, multi-line notes straddle the points where the file is read and
    stored in pieces."""
    lines = ["Name,Email,Notes"]
    note = "Met at the gate. " * 30
    for n in range(rows):
        lines.append(f'Person {n},person{n}@example.org,"{note}\r\nshift {n % 3}"')
    return ("\r\n".join(lines) + "\r\n").encode()


async def test_a_file_read_in_many_pieces_is_read_whole(accounts: Accounts) -> None:
    group = await accounts.group()
    data = chunked_contacts_csv(3_000)
    assert len(data) > 1_048_576  # stored in two chunks, parsed in many slices
    uploaded = await upload_csv(group, data)
    assert uploaded["row_count"] == 3_000
    columns = {"Name": "full_name", "Email": "email", "Notes": "notes"}
    await map_import(group, uploaded["id"], columns)
    url = f"{group.url}/imports/{uploaded['id']}"
    preview = await get_ok(group.owner, f"{url}/preview", params={"limit": 2})
    assert preview["summary"]["create"] == 3_000
    assert preview["rows"][1]["row"] == 4  # each record spans two lines
    assert preview["rows"][1]["cells"]["Notes"] == "Met at the gate. " * 30 + "\r\nshift 1"
    done = await run_import(group, uploaded["id"])
    assert done["counts"] == {"created": 3_000, "updated": 0, "skipped": 0, "failed": 0}
    report = await import_report(group, uploaded["id"])
    assert [row["Row"] for row in report] == [str(2 + 2 * n) for n in range(3_000)]
    assert report[-1]["Notes"] == "Met at the gate. " * 30 + "\r\nshift 2"
    assert all(row["Outcome"] == "created" and row["Record id"] for row in report)


async def test_windows_1252_found_past_the_first_piece_is_read_again_as_such(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    rows = [f"Person {n},{'a note ' * 70}" for n in range(2_500)] + ["José Müller,"]
    data = "\r\n".join(["Name,Notes", *rows]).encode("cp1252")
    assert data.index("é".encode("cp1252")) > 1_048_576
    uploaded = await upload_csv(group, data)
    assert (uploaded["encoding"], uploaded["row_count"]) == ("windows-1252", 2_501)
    await map_import(group, uploaded["id"], {"Name": "full_name", "Notes": None})
    assert (await run_import(group, uploaded["id"]))["counts"]["created"] == 2_501
    names = await contact_names(group)
    assert names[0] == "José Müller"  # read as Windows-1252 from the first byte


def _limited(accounts: Accounts, **limits: int) -> Settings:
    original: Settings = accounts.app.state.settings
    accounts.app.state.settings = original.model_copy(update=limits)
    return original


async def test_uploads_are_rate_limited_per_group(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group()
    original = _limited(accounts, import_uploads_per_hour=2)
    try:
        await upload_csv(group, b"Name\nA\n")
        await upload_csv(group, b"not a csv file at all \x00", expect=422)  # still counted
        response = await group.owner.post(
            f"{group.url}/imports", files={"file": ("x.csv", b"Name\nA\n", "text/csv")}
        )
        assert await upload_csv(other, b"Name\nB\n")  # another group has its own count
    finally:
        accounts.app.state.settings = original
    assert response.status_code == 429
    assert response.json() == {
        "error": "rate_limited",
        "detail": "This group has uploaded 2 files in the last hour; wait before uploading another",
    }
    assert 3500 < int(response.headers["Retry-After"]) <= 3601
    assert len(await list_all(group.owner, f"{group.url}/imports")) == 1


async def test_previews_and_runs_are_rate_limited_per_group(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, b"Name\nA\n")
    url = f"{group.url}/imports/{uploaded['id']}"
    original = _limited(accounts, import_previews_per_minute=2, import_runs_per_hour=1)
    try:
        for _ in range(2):
            await get_ok(group.owner, f"{url}/preview")
        preview = await group.owner.get(f"{url}/preview")
        await map_import(group, uploaded["id"])
        assert (await run_import(group, uploaded["id"]))["status"] == "done"
        second = await upload_csv(group, b"Name\nB\n")
        await map_import(group, second["id"])
        run = await group.owner.post(f"{group.url}/imports/{second['id']}/run", json={})
    finally:
        accounts.app.state.settings = original
    assert preview.status_code == 429
    assert preview.json()["error"] == "rate_limited"
    assert preview.json()["detail"] == (
        "This group has asked for 2 import previews in the last minute; wait a moment"
    )
    assert 1 <= int(preview.headers["Retry-After"]) <= 61
    assert run.status_code == 429
    assert run.json()["detail"] == (
        "This group has started 1 imports in the last hour; wait before starting another"
    )
    assert (await get_ok(group.owner, f"{group.url}/imports/{second['id']}"))["status"] == "mapped"


async def test_a_group_runs_one_import_at_a_time(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.imports.services import uploads

    group = await accounts.group()
    first = await upload_csv(group, b"Name\nA\n")
    second = await upload_csv(group, b"Name\nB\n")
    for uploaded in (first, second):
        await map_import(group, uploaded["id"])

    async def still_running(*_: Any, **__: Any) -> None:
        """The run goes on elsewhere (another app worker): the import stays running."""

    monkeypatch.setattr(import_service, "run_import", still_running)
    started = await group.owner.post(f"{group.url}/imports/{first['id']}/run", json={})
    assert started.status_code == 202
    refused = await group.owner.post(f"{group.url}/imports/{second['id']}/run", json={})
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "import_run_in_progress",
        "detail": "Another import of this group is running; start this one when it has finished",
    }
    assert refused.headers["Retry-After"] == "30"
    other = await accounts.group()  # other groups are not held up
    theirs = await upload_csv(other, b"Name\nC\n")
    await map_import(other, theirs["id"])
    assert (
        await other.owner.post(f"{other.url}/imports/{theirs['id']}/run", json={})
    ).status_code == 202

    # A run whose worker stopped (not heard of for a while) does not hold the group up.
    monkeypatch.undo()
    monkeypatch.setattr(uploads, "STALE_AFTER", timedelta(0))
    done = await run_import(group, second["id"])
    assert done["status"] == "done"
    interrupted = await get_ok(group.owner, f"{group.url}/imports/{first['id']}")
    assert interrupted["status"] == "failed"
    assert (
        interrupted["error"] == "The import was interrupted and nothing was imported; run it again"
    )


class WatchedUpload:
    """A CSV upload sent as a stream of pieces, counting the pieces the server asked for."""

    def __init__(self, data: bytes) -> None:
        encoded = httpx.Request(
            "POST", "http://testserver/", files={"file": ("x.csv", data, "text/csv")}
        )
        self.body = encoded.read()
        self.headers = {"Content-Type": encoded.headers["Content-Type"]}
        self.pieces_read = 0

    async def pieces(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.body), 1024):
            self.pieces_read += 1
            yield self.body[start : start + 1024]

    async def send(self, http: Account | httpx.AsyncClient, url: str) -> httpx.Response:
        return await http.post(url, content=self.pieces(), headers=self.headers)


async def test_a_refused_upload_is_answered_before_its_body_is_read(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    url = f"{group.url}/imports"
    member = await accounts.member(group, "member")
    outsider = await accounts.person("Outsider")
    data = b"Name\n" + b"Somebody\n" * 1000
    refusals = []
    for caller in (accounts.new_client(), outsider, member):
        upload = WatchedUpload(data)
        response = await upload.send(caller, url)
        refusals.append((response.status_code, upload.pieces_read))
    original = _limited(accounts, import_uploads_per_hour=1)
    try:
        allowed = WatchedUpload(data)
        uploaded = await allowed.send(group.owner, url)
        limited = WatchedUpload(data)
        refused = await limited.send(group.owner, url)
    finally:
        accounts.app.state.settings = original
    assert refusals == [(401, 0), (404, 0), (403, 0)]
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert limited.pieces_read == 0
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["row_count"] == 1000
    assert allowed.pieces_read == len(allowed.body) // 1024 + 1


async def test_an_upload_without_a_file_or_with_an_unknown_kind_names_the_field(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    url = f"{group.url}/imports"
    missing = await group.owner.post(url, data={"kind": "contacts"})
    unknown = await group.owner.post(
        url, files={"file": ("x.csv", b"Name\nA\n", "text/csv")}, data={"kind": "people"}
    )
    not_a_file = await group.owner.post(url, data={"file": "Name\nA\n"}, files={"x": b""})
    for response, field in ((missing, "file"), (unknown, "kind"), (not_a_file, "file")):
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "validation_error"
        assert [f["field"] for f in response.json()["fields"]] == [field]
    assert await list_all(group.owner, url) == []


def counting_plans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time a run plans the whole file before writing it."""
    plans: list[str] = []
    real = import_service.count_actions

    async def counted(*args: Any, **kwargs: Any) -> Any:
        plans.append("planned")
        return await real(*args, **kwargs)

    monkeypatch.setattr(import_service, "count_actions", counted)
    return plans


PEOPLE = "\n".join(
    ["Name,Email,Workplace"] + [f"Person {n},person{n}@example.org,Depot" for n in range(1, 31)]
).encode()


async def test_a_run_after_its_preview_validates_the_file_once(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, PEOPLE)
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    assert preview["summary"]["create"] == 30
    plans = counting_plans(monkeypatch)
    done = await run_import(group, uploaded["id"])
    assert plans == [], "the preview's verdicts were used"
    assert done["status"] == "done"
    assert done["counts"] == {"created": 30, "updated": 0, "skipped": 0, "failed": 0}
    assert len(await list_all(group.owner, f"{group.url}/contacts")) == 30
    assert [w["name"] for w in await list_all(group.owner, f"{group.url}/workplaces")] == ["Depot"]


async def test_a_run_validates_again_when_the_mapping_or_the_records_changed(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    plans = counting_plans(monkeypatch)
    # The preview saw no one; a contact with one of the file's emails arrives before the run.
    uploaded = await upload_csv(group, PEOPLE)
    await map_import(group, uploaded["id"])
    await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    await make_contact(group, "Already Here", email="person7@example.org")
    done = await run_import(group, uploaded["id"])
    assert plans == ["planned"]
    assert done["counts"] == {"created": 29, "updated": 1, "skipped": 0, "failed": 0}
    # Previewed with one mapping, run with another.
    again = await upload_csv(group, PEOPLE)
    await map_import(group, again["id"])
    await get_ok(group.owner, f"{group.url}/imports/{again['id']}/preview")
    await map_import(group, again["id"], on_match="skip")
    done = await run_import(group, again["id"])
    assert plans == ["planned", "planned"]
    assert done["counts"] == {"created": 0, "updated": 0, "skipped": 30, "failed": 0}


async def test_a_verdict_that_no_longer_holds_is_caught_before_anything_is_kept(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records changed between the run reading the group's sequence and its records: what
    it writes disagrees with the verdict, so it rolls back and plans the file afresh."""
    group = await accounts.group()
    await make_contact(group, "Already Here", email="person7@example.org")
    uploaded = await upload_csv(group, PEOPLE)
    await map_import(group, uploaded["id"])
    await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    plans = counting_plans(monkeypatch)
    take = import_service.take

    def as_if_before_the_contact(key: Any) -> Any:
        verdict = take(key)
        assert verdict is not None
        counts = verdict.counts.copy()
        counts[Action.create] += 1
        counts[Action.update] -= 1
        return replace(verdict, counts=counts)

    monkeypatch.setattr(import_service, "take", as_if_before_the_contact)
    done = await run_import(group, uploaded["id"])
    assert plans == ["planned"]
    assert done["status"] == "done"
    assert done["counts"] == {"created": 29, "updated": 1, "skipped": 0, "failed": 0}
    assert len(await list_all(group.owner, f"{group.url}/contacts")) == 30
    assert [w["name"] for w in await list_all(group.owner, f"{group.url}/workplaces")] == ["Depot"]


async def test_a_refusal_is_decided_on_a_fresh_plan(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    lines = [*PEOPLE.decode().splitlines(), "Bad Row,not-an-email,Depot"]
    uploaded = await upload_csv(group, "\n".join(lines).encode())
    await map_import(group, uploaded["id"])
    preview = await get_ok(group.owner, f"{group.url}/imports/{uploaded['id']}/preview")
    assert preview["will_refuse"] is True
    plans = counting_plans(monkeypatch)
    refused = await run_import(group, uploaded["id"])
    assert plans == ["planned"]
    assert refused["status"] == "failed"
    assert refused["counts"]["failed"] == 1
    assert await list_all(group.owner, f"{group.url}/contacts") == []
