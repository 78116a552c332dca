"""Plugs the domains into the kernel's hooks. Every entry point (the app, the CLI) calls `wire()`
before it touches the database; the kernel refuses to authenticate or write until it has."""

from __future__ import annotations

from api.auth.identity import authenticate
from api.core.context import use_authenticator
from api.core.records import set_change_subscribers
from api.democracy import notifications
from api.democracy.meetings.outcomes import settle_motion
from api.democracy.offices import service as offices
from api.democracy.service import set_vote_hooks
from api.webhooks.outbox import enqueue_deliveries


def wire() -> None:
    use_authenticator(authenticate)
    set_change_subscribers([enqueue_deliveries])
    set_vote_hooks(
        opened=[notifications.when_vote_opens],
        closed=[settle_motion, offices.when_vote_closes, notifications.when_vote_closes],
    )
