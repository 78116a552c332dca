"""The words retention rules are told in: shared by their table, their shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class RetentionKind(StrEnum):
    conversation_notes = "conversation_notes"
    inactive_contacts = "inactive_contacts"


RETENTION_DESCRIPTIONS: dict[RetentionKind, str] = {
    RetentionKind.conversation_notes: (
        "Clear the notes, outcome and next step of conversations older than the given number "
        "of months (the conversation, its date and channel stay)"
    ),
    RetentionKind.inactive_contacts: (
        "Erase contacts nobody has talked to for the given number of months (or ever, if "
        "their record is that old) who are not members, with every copy of them"
    ),
}
