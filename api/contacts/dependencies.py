"""The contact list's filters as one dependency, shared by the list and by exports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from api.contacts.enums import MembershipStatus
from api.contacts.services.contacts import ContactFilters
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
    speaks: Annotated[
        list[SpokenLanguage] | None,
        Query(
            max_length=MAX_SPOKEN_LANGUAGES,
            description="Contacts whose preferred or other languages include any of these "
            "ISO 639 codes",
        ),
    ] = None,
) -> ContactFilters:
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
        not_contacted_since=not_contacted_since,
        speaks=speaks,
    )


ContactFiltersDep = Annotated[ContactFilters, Depends(contact_filters)]
