"""The kinds of read the audit records."""

from __future__ import annotations

from enum import StrEnum


class ReadKind(StrEnum):
    contact = "contact"
    contact_history = "contact_history"
    contact_conversations = "contact_conversations"
    contact_assessments = "contact_assessments"
    conversation = "conversation"
    contact_list = "contact_list"
    conversation_list = "conversation_list"
    change_feed = "change_feed"
    export = "export"
    subject_access = "subject_access"


# Reads of many people at once: recorded from the second page on (every page for an API token
# or an observer), and what an observer's hourly limit counts.
BULK_KINDS = frozenset({ReadKind.contact_list, ReadKind.conversation_list, ReadKind.change_feed})
