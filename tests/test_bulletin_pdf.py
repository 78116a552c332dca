"""The print-ready PDF, checked by converting it with poppler (pdftotext, pdfinfo)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import (
    Accounts,
    Group,
    clear_for_print,
    new_article,
    new_bulletin,
    new_edition,
)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (scripts/ensure-chromium.sh)"
)


def _poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    """What a poppler tool prints about the PDF (pdftotext: its text)."""
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    executable = shutil.which(tool)
    assert executable is not None, f"{tool} is missing: run scripts/ensure-chromium.sh"
    output = ["-"] if tool == "pdftotext" else []
    done = subprocess.run(  # noqa: S603  (a fixed tool on a file the test wrote)
        [executable, *args, str(path), *output], capture_output=True, check=True, text=True
    )
    return done.stdout


def _info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    lines = _poppler("pdfinfo", pdf, tmp_path).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


async def _printable_edition(group: Group) -> str:
    bulletin = await new_bulletin(
        group,
        masthead="By and for depot workers",
        contact_text="Find us at gate 2 every Monday",
        next_meeting="Tuesday 7pm, the Red Lion",
    )
    edition = await new_edition(group, bulletin["id"])
    await new_article(
        group,
        edition["id"],
        en_GB=(
            "Night premium cut",
            "Management wants **our** premium. *Say no.*\n\n- Sign\n- Join",
        ),
        pl=("Cięcie dodatku nocnego", "Zarząd chce zabrać nasz dodatek. Żółć i gęśla jaźń."),
    )
    await new_article(
        group,
        edition["id"],
        "back",
        en_GB=("Canteen", '#import "secret.typ" and #read("/etc/passwd") stay text'),
        pl=("Stołówka", "Nadal zamknięta."),
    )
    await clear_for_print(group, edition["id"])
    return str(edition["id"])


async def test_a4_pdf_in_each_language(accounts: Accounts, tmp_path: Path) -> None:
    group = await accounts.group()
    edition_id = await _printable_edition(group)
    url = f"{group.url}/editions/{edition_id}/pdf"

    response = await group.owner.get(f"{url}/en-GB")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="edition-1-en-GB-a4.pdf"' in response.headers["content-disposition"]
    text = _poppler("pdftotext", response.content, tmp_path)
    assert "The Depot Worker" in text
    assert "Night premium cut" in text
    assert "Management wants our premium. Say no." in text
    assert '#import "secret.typ" and #read("/etc/passwd") stay text' in text
    assert "Get involved" in text
    assert "Find us at gate 2 every Monday" in text
    assert "Edition 1 · 2 March 2026" in text
    assert "Cięcie" not in text
    info = _info(response.content, tmp_path)
    assert info["Page size"].startswith("595.276 x 841.89 pts")
    assert info["Pages"] == "2"  # the front, and the back's short items
    assert info["Title"] == "The Depot Worker 1"
    assert "Author" not in info
    assert "Keywords" not in info

    response = await group.owner.get(f"{url}/pl")
    assert response.status_code == 200
    text = _poppler("pdftotext", response.content, tmp_path)
    assert "Cięcie dodatku nocnego" in text
    assert "Żółć i gęśla jaźń" in text
    assert "Zaangażuj się" in text  # "Get involved" from the server's Polish catalogue
    assert "Night premium cut" not in text


async def test_a5_two_up_on_a4_landscape(accounts: Accounts, tmp_path: Path) -> None:
    group = await accounts.group()
    edition_id = await _printable_edition(group)
    response = await group.owner.get(
        f"{group.url}/editions/{edition_id}/pdf/en-GB", params={"layout": "a5-two-up"}
    )
    assert response.status_code == 200, response.text
    info = _info(response.content, tmp_path)
    assert info["Page size"].startswith("841.89 x 595.276 pts")
    assert info["Pages"] == "2"
    text = _poppler("pdftotext", response.content, tmp_path)
    assert text.count("Night premium cut") == 2  # each A5 page twice on its sheet
    assert text.count("Canteen") == 2


async def test_arabic_prints_right_to_left_in_its_own_font(
    accounts: Accounts, tmp_path: Path
) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group, "صوت العمال"))["id"])
    await new_article(group, edition["id"], ar=("أجورنا", "نريد أجراً عادلاً"))
    await clear_for_print(group, edition["id"])
    response = await group.owner.get(f"{group.url}/editions/{edition['id']}/pdf/ar")
    assert response.status_code == 200
    text = _poppler("pdftotext", response.content, tmp_path)
    assert "أجورنا" in text
    fonts = _poppler("pdffonts", response.content, tmp_path)
    assert "NotoNaskhArabic" in fonts


async def test_a_language_some_article_lacks_is_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    edition_id = await _printable_edition(group)
    response = await group.owner.get(f"{group.url}/editions/{edition_id}/pdf/ro")
    assert response.status_code == 422
    assert response.json()["error"] == "edition_language_incomplete"
    assert response.json()["fields"][0]["field"] == "language"


async def test_only_organisers_print(accounts: Accounts) -> None:
    group = await accounts.group()
    edition_id = await _printable_edition(group)
    member = await accounts.member(group, "member")
    response = await member.get(f"{group.url}/editions/{edition_id}/pdf/en-GB")
    assert response.status_code == 403


async def test_an_empty_edition_has_nothing_to_print(accounts: Accounts) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    response = await group.owner.get(f"{group.url}/editions/{edition['id']}/pdf/en-GB")
    assert response.status_code == 409
    assert response.json()["error"] == "edition_empty"
