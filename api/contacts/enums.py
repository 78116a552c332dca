"""The words a contact is told in: shared by the table, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class MembershipStatus(StrEnum):
    member = "member"
    non_member = "non_member"
    lapsed = "lapsed"
    unknown = "unknown"
