"""How the change feed shows a record: entity type -> a batch loader of its current state.

Every loader is the owning domain's public `load_rows(session, ctx, ids)` or
`load_reads(session, ctx, ids)`, which builds its records with the very select and presenter
its list endpoint uses: a record in the feed has exactly the shape of an item of that list, by
construction. A sync client can therefore fill its mirror from the list endpoints and keep it
current from the feed with the same code. `load_rows` answers the rows as the item's JSON
fields (`api.core.queries.keyed_rows` checks they are the schema's), so a page is serialised
once (`api.core.rendering`); records a domain builds in Python come from `load_reads`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.bulletins.editions.services import articles as bulletin_articles
from api.bulletins.editions.services import bulletins
from api.bulletins.editions.services import distribution as bulletin_distribution
from api.bulletins.editions.services import editions as bulletin_editions
from api.bulletins.stories.services import stories
from api.campaigns.call_lists import service as call_lists
from api.campaigns.services import campaigns, chase, responses, tests
from api.contacts.services import assessments, saved_filters, scale
from api.contacts.services import contacts as contacts
from api.conversations import service as conversations
from api.core.context import GroupContext
from api.democracy import service as votes
from api.democracy.meetings import service as meetings
from api.democracy.offices import service as offices
from api.disputes.services import ballots, demands, disputes, fund, people, timeline
from api.followups import service as followups
from api.solidarity import service as solidarity
from api.workplaces.services import departments, shifts, workplaces


@dataclass(frozen=True)
class LoadContext:
    """What a loader may need besides the ids: the caller's group and instance settings."""

    session: AsyncSession
    ctx: GroupContext
    turnout_threshold_ends_on: date | None


# A record as a model, or as its JSON's fields straight from its row.
Record = BaseModel | dict[str, Any]
Loader = Callable[[LoadContext, Sequence[uuid.UUID]], Awaitable[Mapping[uuid.UUID, Record]]]
ReadsLoader = Callable[
    [AsyncSession, GroupContext, Sequence[uuid.UUID]], Awaitable[Mapping[uuid.UUID, Record]]
]


def _reads(load_reads: ReadsLoader) -> Loader:
    """A domain's `load_rows` or `load_reads(session, ctx, ids)` as a feed loader."""

    async def load(load: LoadContext, ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, Record]:
        return await load_reads(load.session, load.ctx, ids)

    return load


async def _ballots(load: LoadContext, ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, Record]:
    """Ballots carry their verdict, which depends on an instance setting."""
    return await ballots.load_reads(
        load.session, load.ctx, ids, turnout_threshold_ends_on=load.turnout_threshold_ends_on
    )


LOADERS: dict[str, Loader] = {
    "workplace": _reads(workplaces.load_rows),
    "department": _reads(departments.load_rows),
    "shift": _reads(shifts.load_rows),
    "contact": _reads(contacts.load_rows),
    "assessment": _reads(assessments.load_rows),
    "assessment_scale": _reads(scale.load_reads),
    "conversation": _reads(conversations.load_rows),
    "follow_up": _reads(followups.load_reads),
    "dispute": _reads(disputes.load_reads),
    "demand": _reads(demands.load_rows),
    "dispute_event": _reads(timeline.load_rows),
    "dispute_contact": _reads(people.load_rows),
    "ballot": _ballots,
    "strike_fund_entry": _reads(fund.load_reads),
    "solidarity_action": _reads(solidarity.load_reads),
    "story": _reads(stories.load_reads),
    "bulletin": _reads(bulletins.load_reads),
    "bulletin_edition": _reads(bulletin_editions.load_reads),
    "bulletin_article": _reads(bulletin_articles.load_rows),
    "bulletin_handout": _reads(bulletin_distribution.load_handout_rows),
    "bulletin_feedback": _reads(bulletin_distribution.load_feedback_rows),
    "campaign": _reads(campaigns.load_rows),
    "structure_test": _reads(tests.load_reads),
    "test_response": _reads(responses.load_rows),
    "ballot_voter": _reads(chase.load_reads),
    "saved_filter": _reads(saved_filters.load_reads),
    "private_saved_filter": _reads(saved_filters.load_private_reads),
    "call_settings": _reads(call_lists.load_settings_reads),
    "call_list": _reads(call_lists.load_reads),
    "call_list_entry": _reads(call_lists.load_entry_reads),
    "vote": _reads(votes.load_reads),
    "meeting": _reads(meetings.load_meeting_reads),
    "agenda_item": _reads(meetings.load_agenda_item_reads),
    "motion": _reads(meetings.load_motion_reads),
    "decision": _reads(meetings.load_decision_reads),
    "office": _reads(offices.load_reads),
    "office_term": _reads(offices.load_term_reads),
    "nomination": _reads(offices.load_nomination_reads),
    "recall_petition": _reads(offices.load_petition_reads),
}
