"""Which entity types integrations see (change feed and webhooks), and the token scope each needs.

Kept free of domain imports so the write path (api/core/records.py) can consult it cheaply.
Everything else in the change log stays internal: memberships, invites, the group row, API
tokens and webhook endpoints (who has an account or a credential is not integration data), and
link rows whose state is part of their owner's record (a dispute's `workplace_ids`, a solidarity
action's `participants`, a story's `workplace_ids`), and a group's tip link (a credential).
"""

from __future__ import annotations

import re

from api.core.changelog import Operation
from api.core.permissions import Scope

FEED_TYPES: dict[str, Scope] = {
    "workplace": Scope.workplaces_read,
    "department": Scope.workplaces_read,
    "shift": Scope.workplaces_read,
    "contact": Scope.contacts_read,
    "assessment": Scope.contacts_read,
    "assessment_scale": Scope.contacts_read,
    "conversation": Scope.contacts_read,
    "follow_up": Scope.contacts_read,
    "dispute": Scope.disputes_read,
    "demand": Scope.disputes_read,
    "dispute_event": Scope.disputes_read,
    "dispute_contact": Scope.disputes_read,
    "ballot": Scope.disputes_read,
    "strike_fund_entry": Scope.disputes_read,
    "solidarity_action": Scope.actions_read,
    "story": Scope.bulletins_read,
    "bulletin": Scope.bulletins_read,
    "bulletin_edition": Scope.bulletins_read,
    "bulletin_article": Scope.bulletins_read,
    "bulletin_handout": Scope.bulletins_read,
    "bulletin_feedback": Scope.bulletins_read,
    "campaign": Scope.campaigns_read,
    "structure_test": Scope.campaigns_read,
    "test_response": Scope.campaigns_read,
    "ballot_voter": Scope.campaigns_read,
    "saved_filter": Scope.contacts_read,
    "call_settings": Scope.campaigns_read,
    "call_list": Scope.campaigns_read,
    "call_list_entry": Scope.campaigns_read,
    # A vote's record carries its results only once closed, and no roll or ballot rows are
    # ever in the feed: nothing here ties a voter to a choice.
    "vote": Scope.democracy_read,
    "meeting": Scope.democracy_read,
    "agenda_item": Scope.democracy_read,
    "motion": Scope.democracy_read,
    "decision": Scope.democracy_read,
    "office": Scope.democracy_read,
    "office_term": Scope.democracy_read,
    "nomination": Scope.democracy_read,
    "recall_petition": Scope.democracy_read,
}

# Types shown in the change feed only to the member whose record it is, and never to a
# webhook (an endpoint speaks to the whole group): a private saved filter. Only its owner
# can write one, so its changes are the owner's own, and the feed shows a member the changes
# of these types they made themselves.
OWNER_FEED_TYPES: dict[str, Scope] = {
    "private_saved_filter": Scope.contacts_read,
}

EVENT_SUFFIX: dict[Operation, str] = {
    Operation.create: "created",
    Operation.update: "updated",
    Operation.delete: "deleted",
}
TEST_EVENT = "webhook.test"


def event_type(entity_type: str, operation: Operation | str) -> str:
    """`contact.created`, `dispute.updated`, `shift.deleted`..."""
    return f"{entity_type}.{EVENT_SUFFIX[Operation(operation)]}"


def all_event_types() -> list[str]:
    return [event_type(name, op) for name in FEED_TYPES for op in Operation]


def event_type_pattern() -> str:
    """What an endpoint may subscribe to, as a regular expression for the API document
    (surrounding spaces are ignored)."""
    names = ["*", *(f"{name}.*" for name in FEED_TYPES), *all_event_types()]
    return "^\\s*(" + "|".join(re.escape(name) for name in names) + ")\\s*$"


def feed_types_pattern() -> str:
    """`types=contact,conversation`: known types separated by commas (blanks ignored)."""
    one = "(" + "|".join([*FEED_TYPES, *OWNER_FEED_TYPES]) + ")?"
    return f"^ *{one} *(, *{one} *)*$"


def subscribed(patterns: list[str], event: str) -> bool:
    """An endpoint's event types match `*`, `contact.*` or exactly `contact.created`."""
    entity_type = event.split(".", 1)[0]
    return "*" in patterns or event in patterns or f"{entity_type}.*" in patterns
