"""The fields an import can fill: their names, labels and the column headings (in many
spellings) that mean them, the match keys and the words for membership status."""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.contacts.enums import MembershipStatus
from api.imports.enums import ImportKind

MATCH_KEYS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.contacts: ("external_id", "email", "phone"),
    ImportKind.workplaces: ("name",),
}
_HEADER_PUNCTUATION = re.compile(r"[_\-./#:?*()\[\]!'\"]+")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    multiple: bool = False  # several columns may feed it (their values are combined)


CONTACT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "full_name",
        "Full name",
        (
            "name",
            "full name",
            "fullname",
            "contact name",
            "contact",
            "worker",
            "worker name",
            "member name",
            "employee name",
            "employee",
            "person",
            "display name",
            "names",
        ),
    ),
    FieldSpec(
        "first_name",
        "First name",
        ("first name", "firstname", "first", "given name", "forename", "forenames"),
    ),
    FieldSpec(
        "last_name",
        "Last name",
        ("last name", "lastname", "surname", "family name", "second name", "last"),
    ),
    FieldSpec(
        "email",
        "Email",
        (
            "email",
            "e mail",
            "email address",
            "e mail address",
            "emailaddress",
            "mail",
            "personal email",
            "work email",
        ),
    ),
    FieldSpec(
        "phone",
        "Phone",
        (
            "phone",
            "phone number",
            "phone no",
            "mobile",
            "mobile number",
            "mobile phone",
            "mobile no",
            "mob",
            "cell",
            "cell phone",
            "cellphone",
            "telephone",
            "telephone number",
            "tel",
            "tel no",
            "contact number",
            "whatsapp",
        ),
    ),
    FieldSpec(
        "workplace",
        "Workplace (name)",
        ("workplace", "site", "location", "work location", "depot", "branch", "place of work"),
    ),
    FieldSpec(
        "department",
        "Department (name)",
        ("department", "dept", "area", "section", "team", "ward", "unit", "division"),
    ),
    FieldSpec("shift", "Shift (name)", ("shift", "shift pattern", "shifts", "rota")),
    FieldSpec(
        "job_title", "Job title", ("job title", "title", "role", "job", "position", "occupation")
    ),
    FieldSpec("union", "Union", ("union", "trade union", "which union")),
    FieldSpec(
        "membership_status",
        "Membership status",
        (
            "union member",
            "member",
            "membership",
            "membership status",
            "in union",
            "in the union",
            "is member",
            "union membership",
            "unionised",
            "unionized",
        ),
    ),
    FieldSpec(
        "preferred_language",
        "Preferred language",
        ("language", "preferred language", "first language", "main language", "mother tongue"),
    ),
    FieldSpec(
        "other_languages",
        "Other languages",
        (
            "other languages",
            "other language",
            "languages",
            "languages spoken",
            "second language",
            "also speaks",
        ),
        multiple=True,
    ),
    FieldSpec("tags", "Tags", ("tags", "tag", "labels", "label"), multiple=True),
    FieldSpec("notes", "Notes", ("notes", "note", "comments", "comment", "remarks"), multiple=True),
    FieldSpec("source", "Source", ("source", "how we met", "where met")),
    FieldSpec("lawful_basis", "Lawful basis", ("lawful basis", "gdpr basis")),
    FieldSpec("consent_note", "Consent note", ("consent", "consent note")),
    FieldSpec(
        "external_id",
        "External id",
        (
            "external id",
            "id",
            "employee id",
            "employee number",
            "staff number",
            "staff id",
            "payroll number",
            "member number",
            "membership number",
            "record id",
        ),
    ),
)

WORKPLACE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", ("name", "workplace", "workplace name", "site", "site name")),
    FieldSpec("employer", "Employer", ("employer", "company", "employer name")),
    FieldSpec("sector", "Sector", ("sector", "industry")),
    FieldSpec("address", "Address", ("address", "street address")),
    FieldSpec("postcode", "Postcode", ("postcode", "post code", "zip", "zip code", "postal code")),
    FieldSpec("unions", "Unions", ("unions", "union", "recognised unions"), multiple=True),
    FieldSpec(
        "estimated_headcount",
        "Estimated headcount",
        ("estimated headcount", "headcount", "head count", "employees", "staff", "workers"),
    ),
    FieldSpec("notes", "Notes", ("notes", "note", "comments", "comment"), multiple=True),
)

FIELDS: dict[ImportKind, dict[str, FieldSpec]] = {
    ImportKind.contacts: {spec.name: spec for spec in CONTACT_FIELDS},
    ImportKind.workplaces: {spec.name: spec for spec in WORKPLACE_FIELDS},
}

_MEMBERSHIP_WORDS: dict[str, MembershipStatus | None] = {
    **dict.fromkeys(
        ("yes", "y", "true", "1", "x", "member", "union member", "paid up", "✓", "✔"),
        MembershipStatus.member,
    ),
    **dict.fromkeys(
        ("no", "n", "false", "0", "non member", "nonmember", "not a member", "not member"),
        MembershipStatus.non_member,
    ),
    **dict.fromkeys(("lapsed", "former", "ex member", "left"), MembershipStatus.lapsed),
    **dict.fromkeys(("unknown", "", "not sure", "don't know", "dont know", "n/a"), None),
}


MEMBERSHIP = {
    " ".join(_HEADER_PUNCTUATION.sub(" ", word).split()): status
    for word, status in _MEMBERSHIP_WORDS.items()
}

# How the plan names each match key.
KEY_WORDS = {"external_id": "external id", "email": "email", "phone": "phone", "name": "name"}


def normalise_header(name: str) -> str:
    return " ".join(_HEADER_PUNCTUATION.sub(" ", name.casefold()).split())
