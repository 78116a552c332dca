from __future__ import annotations

from enum import StrEnum


class ArticleSection(StrEnum):
    """Where an article stands on the sheet: the front's one or two main articles, or the
    back's short items (the get-involved box is always added, from the bulletin)."""

    front = "front"
    back = "back"


class ChecklistItem(StrEnum):
    """What the editor ticks before print, with the identification check."""

    facts_checked = "facts_checked"
    no_one_identifiable = "no_one_identifiable"
    nothing_defamatory = "nothing_defamatory"


class FindingKind(StrEnum):
    """What the identification check found in the edition's text."""

    contact = "contact"
    member = "member"
    phone = "phone"
    email = "email"


class PaperLayout(StrEnum):
    """How the PDF is laid out: A4 pages, or each A5 page twice side by side on A4 landscape
    (cut in half after printing: twice the copies for the paper)."""

    a4 = "a4"
    a5_two_up = "a5-two-up"
