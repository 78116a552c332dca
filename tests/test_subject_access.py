"""The subject access bundle as files: a zip of the JSON and a readable, safe HTML document."""

from __future__ import annotations

import io
import json
import zipfile

from api.exports.bundle import STYLE_HASH
from tests.factories import (
    Accounts,
    get_ok,
    log_conversation,
    make_contact,
    map_import,
    run_import,
    upload_csv,
)

HOSTILE = '<script>alert("x")</script>'


async def test_the_bundle_downloads_as_json_and_a_safe_readable_document(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    owner_name = group.owner.display_name
    before = await group.owner.get(f"{group.url}/exports/contacts.csv")
    assert before.status_code == 200, "an export made before they were known cannot hold them"
    imported = await upload_csv(group, f"Full name,Email\n{HOSTILE},x@example.org\n".encode())
    await map_import(group, imported["id"])
    await run_import(group, imported["id"])
    [contact] = [
        c
        for c in (await get_ok(group.owner, f"{group.url}/contacts"))["items"]
        if c["full_name"] == HOSTILE
    ]
    await log_conversation(group, contact["id"], notes="<img src=x onerror=alert(1)> & more")
    await make_contact(group, "Ana Silva")
    after = await group.owner.get(f"{group.url}/exports/contacts.csv")
    assert after.status_code == 200

    answer = await group.owner.get(f"{group.url}/contacts/{contact['id']}/subject-access/download")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["X-Contains-Personal-Data"] == "true"
    assert "attachment" in answer.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = sorted(archive.namelist())
    assert [name.rsplit(".", 1)[1] for name in names] == ["html", "json"]
    bundle = json.loads(archive.read(names[1]))
    html = archive.read(names[0]).decode()

    assert bundle["contact"]["full_name"] == HOSTILE
    assert bundle["requested_by"] == owner_name
    assert [c["notes"] for c in bundle["conversations"]] == ["<img src=x onerror=alert(1)> & more"]
    [mention] = bundle["imports"]
    assert (mention["import_id"], mention["file"], mention["outcome"]) == (
        imported["id"],
        "report",
        "created",
    )
    assert [(e["action"], e["record_type"]) for e in bundle["audit"]] == [("export", "contacts")]
    assert "Ana Silva" not in json.dumps(bundle)

    # The document shows every value as text: nothing in it can run or load.
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html
    assert f"Requested by {owner_name} on " in html
    assert "src=" not in html.replace("&lt;img src=x", "")
    assert f"style-src 'sha256-{STYLE_HASH}'" in html
    assert "default-src 'none'" in html
    for heading in ("Conversations (1)", "Imports that held them (1)", "Assessments (0)"):
        assert heading in html

    single = await group.owner.get(
        f"{group.url}/contacts/{contact['id']}/subject-access/download", params={"format": "html"}
    )
    assert single.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in single.headers["content-security-policy"]
    assert "&lt;script&gt;" in single.text

    audit = (await get_ok(group.owner, f"{group.url}/audit"))["items"]
    assert [(e["action"], e["file_format"]) for e in audit[:2]] == [
        ("subject_access", "html"),
        ("subject_access", "zip"),
    ]
    member = await accounts.member(group, "member")
    url = f"{group.url}/contacts/{contact['id']}/subject-access/download"
    assert (await member.get(url)).status_code == 403
    bad = await group.owner.get(url, params={"format": "pdf"})
    assert bad.status_code == 422
    assert "format" in bad.text
