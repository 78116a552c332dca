"""A contact filter as data: the contact list's filters in a body, kept by saved filters and
read by call lists and exports. One definition of what a filter may say; it is turned into the
list's own `ContactFilters`, so a saved filter always means what the list means."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from api.contacts.enums import MembershipStatus
from api.contacts.services.contacts import ContactFilters
from api.core.context import GroupContext
from api.core.fields import Text200
from api.core.references import check_member, check_record
from api.core.spoken_languages import MAX_SPOKEN_LANGUAGES, SpokenLanguage
from api.workplaces.models import Department, Shift, Workplace

MAX_DAYS = 3650
AssessmentLevel = Annotated[
    str, Field(max_length=20, pattern="^([1-5]|unassessed)$", description="1-5, or `unassessed`")
]


class ContactFilterSpec(BaseModel):
    """The contact list's filters (`GET /contacts` takes the same names as its query);
    conditions combine with AND, and an empty filter matches every contact."""

    model_config = ConfigDict(extra="forbid")

    q: Text200 = Field(default=None, description="Words searched in names, emails, phones, notes")
    workplace_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    assessment_level: AssessmentLevel | None = None
    membership_status: MembershipStatus | None = None
    tag: Annotated[str | None, Field(max_length=50, description="Contacts with this tag")] = None
    organiser_id: uuid.UUID | None = None
    not_contacted_days: Annotated[
        int | None,
        Field(
            ge=1,
            le=MAX_DAYS,
            description="Nobody has talked to them in this many days (or ever), counted back "
            "from whenever the filter is used",
        ),
    ] = None
    speaks: Annotated[
        list[SpokenLanguage] | None,
        Field(
            max_length=MAX_SPOKEN_LANGUAGES,
            description="Their preferred or other languages include any of these ISO 639 codes",
        ),
    ] = None

    def as_filters(self, now: datetime) -> ContactFilters:
        """The list's filters as they stand at `now` (a number of days becomes a time)."""
        since = None
        if self.not_contacted_days is not None:
            since = now - timedelta(days=self.not_contacted_days)
        return ContactFilters(
            q=self.q,
            workplace_id=self.workplace_id,
            department_id=self.department_id,
            shift_id=self.shift_id,
            assessment_level=self.assessment_level,
            membership_status=self.membership_status.value if self.membership_status else None,
            tag=self.tag,
            organiser_id=self.organiser_id,
            not_contacted_since=since,
            speaks=self.speaks or None,
        )


async def check_filter_ids(
    session: AsyncSession, ctx: GroupContext, spec: ContactFilterSpec, field: str
) -> None:
    """Every id a filter names is the group's (a 422 on `field.<name>` otherwise)."""
    for name, model, noun in (
        ("workplace_id", Workplace, "a workplace"),
        ("department_id", Department, "a department"),
        ("shift_id", Shift, "a shift"),
    ):
        value = getattr(spec, name)
        if value is not None:
            await check_record(session, ctx, model, value, f"{field}.{name}", noun)
    if spec.organiser_id is not None:
        await check_member(session, ctx, spec.organiser_id, f"{field}.organiser_id")
