"""The contact list's filters as one dependency, shared by the list and by exports."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Query

from api.contacts.enums import MembershipStatus
from api.contacts.filters import MAX_DAYS
from api.contacts.services.contacts import ContactFilters
from api.core.db import utcnow
from api.core.listing import QueryTime, SearchQuery, UpdatedSinceQuery
from api.core.spoken_languages import MAX_SPOKEN_LANGUAGES, SpokenLanguage


async def contact_filters(
    q: SearchQuery = None,
    workplace_id: uuid.UUID | None = None,
    department_id: uuid.UUID | None = None,
    shift_id: uuid.UUID | None = None,
    assessment_level: Annotated[
        str | None,
        Query(max_length=20, pattern="^([1-5]|unassessed)$", description="1-5, or `unassessed`"),
    ] = None,
    membership_status: MembershipStatus | None = None,
    tag: Annotated[str | None, Query(max_length=50, description="Contacts with this tag")] = None,
    organiser_id: uuid.UUID | None = None,
    not_contacted_since: Annotated[
        QueryTime | None,
        Query(description="Nobody has talked to them since this time (or ever)"),
    ] = None,
    updated_since: UpdatedSinceQuery = None,
    not_contacted_days: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_DAYS,
            description="Nobody has talked to them in this many days (or ever)",
        ),
    ] = None,
    saved_filter_id: Annotated[
        uuid.UUID | None,
        Query(description="Also apply this saved filter (shared, or your own)"),
    ] = None,
    speaks: Annotated[
        list[SpokenLanguage] | None,
        Query(
            max_length=MAX_SPOKEN_LANGUAGES,
            description="Contacts whose preferred or other languages include any of these "
            "ISO 639 codes",
        ),
    ] = None,
) -> ContactFilters:
    since = not_contacted_since
    if not_contacted_days is not None:
        # Both given: both must hold, so the earlier of the two times.
        days_ago = utcnow() - timedelta(days=not_contacted_days)
        if since is None or since.tzinfo is not None:  # a time without a zone is refused later
            since = days_ago if since is None else min(since, days_ago)
    return ContactFilters(
        q=q,
        workplace_id=workplace_id,
        department_id=department_id,
        shift_id=shift_id,
        assessment_level=assessment_level,
        membership_status=membership_status.value if membership_status else None,
        tag=tag,
        organiser_id=organiser_id,
        updated_since=updated_since,
        not_contacted_since=since,
        speaks=speaks,
        saved_filter_id=saved_filter_id,
    )


ContactFiltersDep = Annotated[ContactFilters, Depends(contact_filters)]
