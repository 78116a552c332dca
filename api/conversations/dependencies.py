"""The conversation list's filters as one dependency, shared by the list and by exports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from api.conversations.enums import Channel
from api.conversations.service import ConversationFilters
from api.core.listing import QueryTime, SearchQuery, UpdatedSinceQuery

IssueParam = Annotated[
    str | None, Query(max_length=50, description="Conversations where this issue was raised")
]


async def conversation_filters(
    q: SearchQuery = None,
    contact_id: uuid.UUID | None = None,
    spoken_by: uuid.UUID | None = None,
    channel: Channel | None = None,
    issue: IssueParam = None,
    occurred_after: Annotated[QueryTime | None, Query(description="At or after")] = None,
    occurred_before: Annotated[QueryTime | None, Query(description="Strictly before")] = None,
    updated_since: UpdatedSinceQuery = None,
) -> ConversationFilters:
    return ConversationFilters(
        q=q,
        contact_id=contact_id,
        spoken_by=spoken_by,
        channel=channel.value if channel else None,
        issue=issue,
        occurred_after=occurred_after,
        occurred_before=occurred_before,
        updated_since=updated_since,
    )


ConversationFiltersDep = Annotated[ConversationFilters, Depends(conversation_filters)]
