"""Request and response shapes for bulletins, editions, articles, the identification check
and the distribution log."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.bulletins.editions.enums import ArticleSection, ChecklistItem, FindingKind
from api.core.fields import (
    NOT_BLANK,
    Count,
    Day,
    LongText,
    Moment,
    Name,
    Text200,
    Text500,
    clean_text,
    refuse_null,
    unique_ids,
)
from api.core.languages import Language
from api.core.schemas import RecordMeta, VersionedUpdate

MAX_TARGETS = 100
MAX_ARTICLE_BODY = 10_000


class BulletinCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Name = Field(examples=["The Depot Worker"])
    masthead: Text500 = Field(default=None, description="The line under the title")
    contact_text: LongText = Field(
        default=None, description="The get-involved box: how to reach the group"
    )
    next_meeting: Text500 = None


class BulletinUpdate(VersionedUpdate):
    title: Name | None = None
    masthead: Text500 = None
    contact_text: LongText = None
    next_meeting: Text500 = None

    _required = field_validator("title")(refuse_null)


class BulletinRead(RecordMeta):
    title: str
    masthead: str | None
    contact_text: str | None
    next_meeting: str | None
    last_number: int = Field(description="The highest edition number so far (0 before the first)")


class ArticleText(BaseModel):
    """An article in one language."""

    model_config = ConfigDict(extra="forbid")

    headline: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)
    body: str = Field(
        default="",
        max_length=MAX_ARTICLE_BODY,
        description="Markdown: paragraphs, headings, bold, italic and lists",
    )

    _headline = field_validator("headline")(clean_text)


class EditionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edition_date: Day
    workplace_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_TARGETS)
    shift_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_TARGETS)

    _ids = field_validator("workplace_ids", "shift_ids")(unique_ids)


class EditionUpdate(VersionedUpdate):
    edition_date: Day | None = None
    workplace_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_TARGETS)
    shift_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_TARGETS)
    copies_printed: Count | None = None
    printed_on: Day | None = None

    _ids = field_validator("workplace_ids", "shift_ids")(unique_ids)
    _required = field_validator("edition_date", "workplace_ids", "shift_ids")(refuse_null)


class ArticleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: ArticleSection
    position: int | None = Field(
        default=None, ge=0, le=1000, description="Order in its section; omitted means last"
    )
    texts: dict[Language, ArticleText] = Field(
        min_length=1, description="The article in each language it is written in"
    )
    story_id: uuid.UUID | None = Field(
        default=None,
        description="The story in the pool it is written from: marked printed with the edition",
    )


class ArticleUpdate(VersionedUpdate):
    section: ArticleSection | None = None
    position: int | None = Field(default=None, ge=0, le=1000)
    texts: dict[Language, ArticleText] | None = Field(
        default=None, min_length=1, description="Replaces every language's text"
    )
    story_id: uuid.UUID | None = None

    _required = field_validator("section", "position", "texts")(refuse_null)


class ArticleRead(RecordMeta):
    edition_id: uuid.UUID
    section: ArticleSection
    position: int
    texts: dict[str, ArticleText]
    story_id: uuid.UUID | None


class EditionRead(RecordMeta):
    bulletin_id: uuid.UUID
    number: int
    edition_date: date
    workplace_ids: list[uuid.UUID]
    shift_ids: list[uuid.UUID]
    copies_printed: int | None
    printed_on: date | None
    articles: list[ArticleRead]
    languages: list[str] = Field(description="Every language some article is written in")
    printable_languages: list[str] = Field(
        description="Languages every article is written in: the edition prints in these"
    )
    check_ready: bool = Field(
        description="The identification check and the checklist are done on the current text"
    )


class EditionSummary(RecordMeta):
    bulletin_id: uuid.UUID
    number: int
    edition_date: date
    copies_printed: int | None
    printed_on: date | None


class Finding(BaseModel):
    key: str = Field(description="Names the finding when confirming it")
    kind: FindingKind
    text: str = Field(description="What was found, as the edition's text spells it")
    languages: list[str]
    confirmed_by: uuid.UUID | None = None
    confirmed_at: datetime | None = None


class ChecklistTick(BaseModel):
    ticked_by: uuid.UUID
    ticked_at: datetime


class IdentificationCheck(BaseModel):
    current: bool = Field(
        description="Made on the edition's text as it stands (false: run it again)"
    )
    findings: list[Finding]
    checklist: dict[ChecklistItem, ChecklistTick]
    ready: bool = Field(description="Every finding confirmed and every checklist item ticked")


class FindingConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keys: list[str] = Field(min_length=1, max_length=500)


class ChecklistTicks(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ChecklistItem] = Field(min_length=1, max_length=len(ChecklistItem))


class HandoutCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workplace_id: uuid.UUID
    shift_id: uuid.UUID | None = None
    place: Text200 = Field(default=None, description="The gate or spot", examples=["Main gate"])
    handed_out_at: Moment
    copies_given: Count
    copies_left: Count | None = None
    distributor: Text200 = Field(default=None, description="Who handed them out")


class HandoutUpdate(VersionedUpdate):
    workplace_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    place: Text200 = None
    handed_out_at: Moment | None = None
    copies_given: Count | None = None
    copies_left: Count | None = None
    distributor: Text200 = None

    _required = field_validator("workplace_id", "handed_out_at", "copies_given")(refuse_null)


class HandoutRead(RecordMeta):
    edition_id: uuid.UUID
    workplace_id: uuid.UUID
    shift_id: uuid.UUID | None
    place: str | None
    handed_out_at: datetime
    copies_given: int
    copies_left: int | None
    distributor: str | None


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heard_on: Day
    workplace_id: uuid.UUID | None = None
    text: str = Field(min_length=1, max_length=5000, json_schema_extra=NOT_BLANK)

    _text = field_validator("text")(clean_text)


class FeedbackUpdate(VersionedUpdate):
    heard_on: Day | None = None
    workplace_id: uuid.UUID | None = None
    text: str | None = Field(
        default=None, min_length=1, max_length=5000, json_schema_extra=NOT_BLANK
    )

    _required = field_validator("heard_on", "text")(refuse_null)


class FeedbackRead(RecordMeta):
    edition_id: uuid.UUID
    heard_on: date
    workplace_id: uuid.UUID | None
    text: str


class LastHandout(BaseModel):
    edition_id: uuid.UUID
    bulletin_title: str
    number: int
    handed_out_at: datetime


class WorkplaceReach(BaseModel):
    """What the group's bulletins reached at one workplace."""

    last_handout: LastHandout | None
    copies_last_3_months: int
    estimated_headcount: int | None
    copies_per_head: float | None = Field(
        description="Copies handed out over the last 3 months per head of the workforce"
    )
