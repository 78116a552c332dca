"""The kinds of read the audit records."""

from __future__ import annotations

from enum import StrEnum


class ReadKind(StrEnum):
    contact = "contact"
    contact_history = "contact_history"
    contact_conversations = "contact_conversations"
    contact_assessments = "contact_assessments"
    conversation = "conversation"
    follow_up = "follow_up"
    dispute_contact = "dispute_contact"
    action = "action"
    fund_entry = "fund_entry"
    contact_list = "contact_list"
    conversation_list = "conversation_list"
    follow_up_list = "follow_up_list"
    dispute_contact_list = "dispute_contact_list"
    action_list = "action_list"
    fund_entry_list = "fund_entry_list"
    test_worker_list = "test_worker_list"
    ballot_roll = "ballot_roll"
    duplicate_check = "duplicate_check"
    wall_chart = "wall_chart"
    committee_coverage = "committee_coverage"
    change_feed = "change_feed"
    export = "export"
    subject_access = "subject_access"


# Reads of many people at once: recorded from the second page on (every page for an API token
# or an observer), and what an observer's hourly limit counts. A read that has no later pages
# (the duplicate check, the wall chart) is a first page.
BULK_KINDS = frozenset(
    {
        ReadKind.contact_list,
        ReadKind.conversation_list,
        ReadKind.follow_up_list,
        ReadKind.dispute_contact_list,
        ReadKind.action_list,
        ReadKind.fund_entry_list,
        ReadKind.test_worker_list,
        ReadKind.ballot_roll,
        ReadKind.duplicate_check,
        ReadKind.wall_chart,
        ReadKind.committee_coverage,
        ReadKind.change_feed,
    }
)
