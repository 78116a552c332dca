"""Exports to CSV and XLSX: the list views' filters, the audit trail, the personal-data warning."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from openpyxl import load_workbook

from tests.factories import (
    Accounts,
    Group,
    get_ok,
    import_report,
    list_all,
    log_conversation,
    make_contact,
    make_workplace,
    map_import,
    new_action,
    new_dispute,
    run_import,
    upload_csv,
)


def read_csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(cell) for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


async def audit(group: Group) -> list[dict[str, Any]]:
    return await list_all(group.owner, f"{group.url}/audit")


async def test_contacts_export_uses_the_list_filters_and_is_audited(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    other = await make_workplace(group, "North Yard")
    sam = await make_contact(
        group,
        "Sam Okafor",
        workplace_id=depot["id"],
        email="sam@example.org",
        tags=["nights", "rep"],
        membership_status="member",
        organiser_id=group.owner.user_id,
    )
    await make_contact(group, '=HYPERLINK("http://evil")', workplace_id=depot["id"])
    await make_contact(group, "Priya Shah", workplace_id=other["id"], phone="+44 7700 900001")
    url = f"{group.url}/exports/contacts.csv"

    response = await group.owner.get(url, params={"workplace_id": depot["id"]})
    rows = read_csv(response)
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["X-Contains-Personal-Data"] == "true"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="shopfloor-contacts-'
    )
    assert [row["Full name"] for row in rows] == ["Sam Okafor", '\'=HYPERLINK("http://evil")']
    first = rows[0]
    assert first["Shopfloor id"] == sam["id"]
    assert first["Workplace"] == "Riverside Depot"
    assert first["Email"] == "sam@example.org"
    assert first["Tags"] == "nights, rep"
    assert first["Membership status"] == "member"
    assert first["Organiser"] == "Group Owner"

    searched = read_csv(await group.owner.get(url, params={"q": "7700 900001"}))
    assert [row["Full name"] for row in searched] == ["Priya Shah"]
    assert read_csv(await group.owner.get(url, params={"tag": "rep"}))[0]["Phone"] == ""
    phones = read_csv(await group.owner.get(url, params={"workplace_id": other["id"]}))
    assert phones[0]["Phone"] == "+44 7700 900001", "a phone number is not taken for a formula"

    bad = await group.owner.get(url, params={"assessment_level": "7"})
    assert bad.status_code == 422

    events = await audit(group)
    assert [(e["action"], e["record_type"], e["file_format"], e["row_count"]) for e in events] == [
        ("export", "contacts", "csv", 1),
        ("export", "contacts", "csv", 1),
        ("export", "contacts", "csv", 1),
        ("export", "contacts", "csv", 2),
    ], "newest first, one per export, none for a refused one"
    assert events[-1]["filters"] == {"workplace_id": depot["id"]}
    assert events[-1]["actor_user_id"] == group.owner.user_id
    assert events[-1]["actor_name"] == "Group Owner"
    assert events[-2]["filters"] == {"q": "(text search)"}, "what was searched is not kept"


async def test_contacts_xlsx(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_contact(group, "José Müller", email="jose@example.org")
    response = await group.owner.get(f"{group.url}/exports/contacts.xlsx")
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    assert response.headers["X-Contains-Personal-Data"] == "true"
    [row] = read_xlsx(response)
    assert row["Full name"] == "José Müller"
    assert row["Email"] == "jose@example.org"
    assert row["Created at (UTC)"] is not None
    [event] = await audit(group)
    assert (event["file_format"], event["row_count"]) == ("xlsx", 1)


async def test_conversations_disputes_and_actions(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    sam = await make_contact(group, "Sam Okafor")
    priya = await make_contact(group, "Priya Shah")
    await log_conversation(group, sam["id"], channel="phone", issues=["pay"], notes="Angry")
    await log_conversation(group, priya["id"], channel="in_person", notes="Keen")
    rows = read_csv(
        await group.owner.get(f"{group.url}/exports/conversations.csv", params={"channel": "phone"})
    )
    assert [(r["Contact"], r["Issues"], r["Notes"], r["Spoken by"]) for r in rows] == [
        ("Sam Okafor", "pay", "Angry", "Group Owner")
    ]

    dispute = await new_dispute(
        group, "Night shift pay cut", status="balloting", workplace_ids=[depot["id"]]
    )
    await new_dispute(group, "Canteen closure")
    rows = read_csv(
        await group.owner.get(f"{group.url}/exports/disputes.csv", params={"status": "balloting"})
    )
    assert [(r["Title"], r["Status"], r["Workplaces"]) for r in rows] == [
        ("Night shift pay cut", "balloting", "Riverside Depot")
    ]

    await new_action(
        group,
        "Picket visit",
        dispute_id=dispute["id"],
        participant_ids=[sam["id"], priya["id"]],
        money_raised="12.50",
    )
    await new_action(group, "Bucket collection", kind="collection")
    sheet = read_xlsx(
        await group.owner.get(
            f"{group.url}/exports/actions.xlsx", params={"kind": ["picket_visit"]}
        )
    )
    assert [
        (r["Title"], r["Dispute"], r["Participants"], float(r["Money raised"])) for r in sheet
    ] == [("Picket visit", "Night shift pay cut", "Priya Shah, Sam Okafor", 12.5)]

    events = await audit(group)
    assert [(e["record_type"], e["filters"]) for e in events] == [
        ("actions", {"kinds": ["picket_visit"]}),
        ("disputes", {"statuses": ["balloting"]}),
        ("conversations", {"channel": "phone"}),
    ]


async def test_a_large_csv_streams_every_row(accounts: Accounts) -> None:
    group = await accounts.group()
    lines = ["Name,Email"] + [f"Person {n:04},p{n}@example.org" for n in range(2500)]
    uploaded = await upload_csv(group, "\n".join(lines).encode())
    await map_import(group, uploaded["id"])
    await run_import(group, uploaded["id"])
    rows = read_csv(await group.owner.get(f"{group.url}/exports/contacts.csv"))
    assert len(rows) == 2500
    assert len({row["Shopfloor id"] for row in rows}) == 2500
    [event] = await audit(group)
    assert event["row_count"] == 2500


async def test_an_exported_file_imports_into_another_group(accounts: Accounts) -> None:
    source = await accounts.group(name="Source")
    depot = await make_workplace(source, "Riverside Depot")
    await make_contact(
        source,
        "Sam Okafor",
        workplace_id=depot["id"],
        email="sam@example.org",
        phone="07700 900001",
        tags=["nights", "rep"],
        membership_status="lapsed",
        external_id="E-7",
        notes="Line one\nLine two",
    )
    exported = await source.owner.get(f"{source.url}/exports/contacts.csv")
    target = await accounts.group(name="Target")
    uploaded = await upload_csv(target, exported.content, filename="export.csv")
    mapping = uploaded["suggested_mapping"]
    assert mapping["Shopfloor id"] is None
    assert mapping["External id"] == "external_id"
    await map_import(target, uploaded["id"])
    assert (await run_import(target, uploaded["id"]))["status"] == "done"
    [contact] = await list_all(target.owner, f"{target.url}/contacts")
    assert {k: contact[k] for k in ("full_name", "email", "phone", "tags", "external_id")} == {
        "full_name": "Sam Okafor",
        "email": "sam@example.org",
        "phone": "07700 900001",
        "tags": ["nights", "rep"],
        "external_id": "E-7",
    }
    assert contact["membership_status"] == "lapsed"
    assert contact["notes"] == "Line one\nLine two"
    [workplace] = await list_all(target.owner, f"{target.url}/workplaces")
    assert workplace["name"] == "Riverside Depot"
    assert workplace["id"] != depot["id"]


async def test_export_and_audit_need_an_organiser(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_contact(group, "Sam Okafor")
    for role in ("member", "observer"):
        person = await accounts.member(group, role)
        refused = await person.get(f"{group.url}/exports/contacts.csv")
        assert refused.status_code == 403, role
        assert (await person.get(f"{group.url}/audit")).status_code == 403
    organiser = await accounts.member(group, "organiser")
    assert (await organiser.get(f"{group.url}/exports/contacts.csv")).status_code == 200
    assert (await get_ok(organiser, f"{group.url}/audit"))["items"][0]["actor_user_id"] == (
        organiser.user_id
    )
    missing = await group.owner.get(f"{group.url}/exports/contacts.pdf")
    assert missing.status_code == 422


async def test_api_tokens_need_the_export_scope(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_contact(group, "Sam Okafor")

    async def token(scopes: list[str]) -> dict[str, str]:
        created = await group.owner.post(
            f"{group.url}/tokens", json={"name": "Sync", "scopes": scopes}
        )
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['secret']}"}

    http = group.owner.http
    url = f"{group.url}/exports/contacts.csv"
    without = await http.get(url, headers=await token(["contacts:read"]))
    assert without.status_code == 403
    assert without.json()["error"] == "insufficient_scope"
    headers = await token(["exports:read"])
    rows = read_csv(await http.get(url, headers=headers))
    assert [row["Full name"] for row in rows] == ["Sam Okafor"]
    [event] = await audit(group)
    assert event["actor_token_id"] is not None
    assert (await http.get(f"{group.url}/audit", headers=headers)).status_code == 403


async def test_cells_never_run_as_formulas_in_any_spelling(accounts: Accounts) -> None:
    group = await accounts.group()
    names = ["-1-1", "\uff1d1+1", "\uff20SUM(A1)", "+cmd", "-42", "-12.5"]
    for name in names:
        await make_contact(group, name)
    rows = read_csv(await group.owner.get(f"{group.url}/exports/contacts.csv"))
    exported = {row["Full name"] for row in rows}
    assert exported == {"'-1-1", "'\uff1d1+1", "'\uff20SUM(A1)", "'+cmd", "-42", "-12.5"}


async def test_a_control_character_in_a_name_does_not_break_the_spreadsheet(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    await make_contact(group, "Sam\u0001Okafor")
    await make_contact(group, "Priya Shah")
    for path in ("contacts.xlsx", "contacts.csv"):
        response = await group.owner.get(f"{group.url}/exports/{path}")
        rows = read_xlsx(response) if path.endswith("xlsx") else read_csv(response)
        assert sorted(row["Full name"] for row in rows) == ["Priya Shah", "SamOkafor"]


async def test_the_import_report_never_runs_a_cell_as_a_formula(accounts: Accounts) -> None:
    group = await accounts.group()
    data = b'Name,Email\n"=HYPERLINK(""http://evil"")",not-an-email\nAnn,ann@example.org\n'
    uploaded = await upload_csv(group, data)
    await map_import(group, uploaded["id"])
    await run_import(group, uploaded["id"], skip_invalid_rows=True)
    report = await import_report(group, uploaded["id"])
    assert report[0]["Name"] == '\'=HYPERLINK("http://evil")'


async def test_a_subject_access_request_gathers_everything_about_one_person(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    sam = await make_contact(group, "Sam Okafor", phone="07700 900123")
    ana = await make_contact(group, "Ana Silva")
    await log_conversation(
        group,
        sam["id"],
        channel="in_person",
        notes="Worried about the new rota",
        assessment={"level": 2, "reason": "Agreed to sign up"},
        follow_up={"title": "Talk to Sam again", "due_on": "2026-12-01"},
    )
    dispute = await new_dispute(group)
    linked = await group.owner.post(
        f"{group.url}/disputes/{dispute['id']}/contacts",
        json={"contact_id": sam["id"], "part": "rep"},
    )
    assert linked.status_code == 201
    await new_action(group, participant_ids=[sam["id"], ana["id"]], head_count=2)

    answer = await group.owner.get(f"{group.url}/contacts/{sam['id']}/subject-access")
    assert answer.status_code == 200, answer.text
    assert answer.headers["X-Contains-Personal-Data"] == "true"
    bundle = answer.json()
    assert bundle["contact"]["full_name"] == "Sam Okafor"
    assert [a["level"] for a in bundle["assessments"]] == [2]
    assert [c["notes"] for c in bundle["conversations"]] == ["Worried about the new rota"]
    assert [f["title"] for f in bundle["follow_ups"]] == ["Talk to Sam again"]
    assert [(d["dispute_id"], d["part"]) for d in bundle["disputes"]] == [(dispute["id"], "rep")]
    assert [a["title"] for a in bundle["solidarity_actions"]] == ["Picket visit"]
    assert {entry["kind"] for entry in bundle["history"]} >= {"assessment", "conversation", "edit"}
    assert "Ana Silva" not in answer.text, "the other participants are not named"

    [event] = await audit(group)
    assert (event["action"], event["record_type"], event["filters"]) == (
        "subject_access",
        "contact",
        {"contact_id": sam["id"]},
    )
    member = await accounts.member(group, "member")
    refused = await member.get(f"{group.url}/contacts/{sam['id']}/subject-access")
    assert refused.status_code == 403
