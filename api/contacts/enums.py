"""The words a contact is told in: shared by the table, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class MembershipStatus(StrEnum):
    member = "member"
    non_member = "non_member"
    lapsed = "lapsed"
    unknown = "unknown"


class MergeField(StrEnum):
    """A contact's own fields, any of which a merge may take from the contact merged in
    (a test holds this list equal to the fields a contact is created with)."""

    full_name = "full_name"
    workplace_id = "workplace_id"
    department_id = "department_id"
    shift_id = "shift_id"
    job_title = "job_title"
    union = "union"
    membership_status = "membership_status"
    phone = "phone"
    email = "email"
    preferred_language = "preferred_language"
    other_languages = "other_languages"
    organiser_id = "organiser_id"
    committee = "committee"
    tags = "tags"
    notes = "notes"
    source = "source"
    lawful_basis = "lawful_basis"
    consent_note = "consent_note"
    external_id = "external_id"
