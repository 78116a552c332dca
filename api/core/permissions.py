"""Roles and what each may do: the one table every permission check reads."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    owner = "owner"
    organiser = "organiser"
    member = "member"
    observer = "observer"


class Permission(StrEnum):
    group_read = "group:read"
    group_manage = "group:manage"
    members_read = "members:read"
    members_manage = "members:manage"
    invites_manage = "invites:manage"
    records_read = "records:read"
    contacts_write = "contacts:write"
    contacts_delete = "contacts:delete"
    conversations_write = "conversations:write"
    workplaces_write = "workplaces:write"
    disputes_write = "disputes:write"
    actions_write = "actions:write"
    followups_write = "followups:write"
    campaigns_record = "campaigns:record"
    campaigns_write = "campaigns:write"
    settings_manage = "settings:manage"
    bulk_edit = "records:bulk"
    export = "records:export"
    audit_read = "audit:read"
    reads_audit = "reads:audit"
    tokens_manage = "tokens:manage"
    webhooks_manage = "webhooks:manage"
    bulletins_read = "bulletins:read"
    stories_propose = "stories:propose"
    handouts_log = "handouts:log"
    bulletins_edit = "bulletins:edit"
    democracy_write = "democracy:write"
    votes_manage = "votes:manage"


_READ = {
    Permission.group_read,
    Permission.members_read,
    Permission.records_read,
    Permission.bulletins_read,
}
_MEMBER = _READ | {
    Permission.contacts_write,
    Permission.conversations_write,
    Permission.followups_write,
    Permission.stories_propose,
    Permission.handouts_log,
    Permission.democracy_write,
    Permission.campaigns_record,
}
_ORGANISER = _MEMBER | {
    Permission.members_manage,
    Permission.invites_manage,
    Permission.contacts_delete,
    Permission.workplaces_write,
    Permission.disputes_write,
    Permission.actions_write,
    Permission.campaigns_write,
    Permission.settings_manage,
    Permission.bulk_edit,
    Permission.export,
    Permission.audit_read,
    Permission.tokens_manage,
    Permission.webhooks_manage,
    Permission.bulletins_edit,
    Permission.votes_manage,
}
# Who read whose records is for owners only: an organiser should not be able to see (or
# learn to avoid) the audit that watches organisers too.
_OWNER = _ORGANISER | {Permission.group_manage, Permission.reads_audit}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.owner: frozenset(_OWNER),
    Role.organiser: frozenset(_ORGANISER),
    Role.member: frozenset(_MEMBER),
    Role.observer: frozenset(_READ),
}

# Who may hand out or take away which role: an organiser cannot create owners.
ASSIGNABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.owner: frozenset(Role),
    Role.organiser: frozenset({Role.organiser, Role.member, Role.observer}),
    Role.member: frozenset(),
    Role.observer: frozenset(),
}


class Scope(StrEnum):
    """What an API token may do, per resource family. A token also never exceeds its
    creator's current role: both gates must pass on every request."""

    contacts_read = "contacts:read"
    contacts_write = "contacts:write"
    workplaces_read = "workplaces:read"
    workplaces_write = "workplaces:write"
    disputes_read = "disputes:read"
    disputes_write = "disputes:write"
    actions_read = "actions:read"
    actions_write = "actions:write"
    campaigns_read = "campaigns:read"
    campaigns_write = "campaigns:write"
    changes_read = "changes:read"
    webhooks_manage = "webhooks:manage"
    imports_write = "imports:write"
    exports_read = "exports:read"
    bulletins_read = "bulletins:read"
    bulletins_write = "bulletins:write"
    democracy_read = "democracy:read"
    democracy_write = "democracy:write"


SCOPE_DESCRIPTIONS: dict[Scope, str] = {
    Scope.contacts_read: "Read contacts, assessments, conversations and follow-ups",
    Scope.contacts_write: "Create and edit contacts, assessments, conversations and follow-ups",
    Scope.workplaces_read: "Read workplaces, departments, shifts and wall charts",
    Scope.workplaces_write: "Create and edit workplaces, departments and shifts",
    Scope.disputes_read: "Read disputes, demands, timelines and ballots",
    Scope.disputes_write: "Create and edit disputes, demands, timelines and ballots",
    Scope.actions_read: "Read solidarity actions",
    Scope.actions_write: "Create and edit solidarity actions",
    Scope.campaigns_read: "Read campaigns, structure tests, their results, ballot rolls and chases",
    Scope.campaigns_write: "Edit campaigns and structure tests, record responses and ballot rolls",
    Scope.changes_read: "Read the change feed",
    Scope.webhooks_manage: "Manage webhook endpoints",
    Scope.imports_write: "Import CSV files",
    Scope.exports_read: "Export records to files",
    Scope.bulletins_read: "Read bulletins: stories, editions and the distribution log",
    Scope.bulletins_write: "Propose and edit stories and editions, log hand-outs",
    Scope.democracy_read: "Read votes, their results and published ballots",
    Scope.democracy_write: "Create, open and close votes and take part in them",
}
