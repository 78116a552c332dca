"""Request and response shapes for structure tests, the workers in their scope and their
results."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.campaigns.enums import Participation, SignatureMethod, TestKind
from api.contacts.filters import ContactFilterSpec
from api.core.fields import (
    Day,
    LongText,
    Name,
    Text100,
    Text500,
    clean_text,
    refuse_null,
    refuse_true_and_false,
    unique_ids,
)
from api.core.schemas import RecordMeta, VersionedUpdate

ScopeIds = Annotated[list[uuid.UUID], Field(max_length=200), AfterValidator(unique_ids)]
Demand = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(clean_text)]
Percent = Annotated[int, Field(ge=1, le=100), BeforeValidator(refuse_true_and_false)]
SeenVersion = Annotated[
    int | None, Field(ge=1, le=2_147_483_647), BeforeValidator(refuse_true_and_false)
]
Position = Annotated[int, Field(ge=0, le=1000), BeforeValidator(refuse_true_and_false)]


class StructureTestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: TestKind
    own_kind: Text100 = Field(
        default=None, description="The group's own name for the kind; required when kind is own"
    )
    title: Name = Field(examples=["Petition for the night allowance"])
    position: Position = Field(default=0, description="Its rung on the ladder, lowest first")
    target_percent: Percent = Field(
        default=65, description="The share of workers in scope who should take part"
    )
    deadline: Day | None = None
    workplace_ids: ScopeIds = Field(
        default_factory=list, description="Workplaces in scope; none means the campaign's"
    )
    department_ids: ScopeIds = Field(
        default_factory=list, description="Only these departments; none means all"
    )
    shift_ids: ScopeIds = Field(
        default_factory=list, description="Only these shifts; none means all"
    )
    contact_filter: ContactFilterSpec | None = Field(
        default=None,
        description="Only the workers this contact filter also matches (the contact list's "
        "filters, such as a saved filter's `filter`); kept as sent, so later changes to a saved "
        "filter do not move the test's scope",
    )
    petition_text: LongText = Field(default=None, description="A petition's words")
    demands: list[Demand] = Field(default_factory=list, max_length=50)
    notes: LongText = None


class StructureTestUpdate(VersionedUpdate):
    kind: TestKind | None = None
    own_kind: Text100 = None
    title: Name | None = None
    position: Position | None = None
    target_percent: Percent | None = None
    deadline: Day | None = None
    workplace_ids: ScopeIds | None = None
    department_ids: ScopeIds | None = None
    shift_ids: ScopeIds | None = None
    contact_filter: ContactFilterSpec | None = Field(
        default=None, description="Null for no contact filter"
    )
    petition_text: LongText = None
    demands: list[Demand] | None = Field(default=None, max_length=50)
    notes: LongText = None

    _required = field_validator(
        "kind",
        "title",
        "position",
        "target_percent",
        "workplace_ids",
        "department_ids",
        "shift_ids",
        "demands",
    )(refuse_null)


class StructureTestRead(RecordMeta):
    campaign_id: uuid.UUID
    kind: TestKind
    own_kind: str | None
    title: str
    position: int
    target_percent: int
    deadline: date | None
    workplace_ids: list[uuid.UUID]
    department_ids: list[uuid.UUID]
    shift_ids: list[uuid.UUID]
    contact_filter: ContactFilterSpec | None
    petition_text: str | None
    demands: list[str]
    notes: str | None


class ResponseRecord(BaseModel):
    """Where a worker stands in the test, as a member saw it."""

    model_config = ConfigDict(extra="forbid")

    status: Participation
    signed_on: Day | None = Field(
        default=None, description="A petition signature's date (only with took_part)"
    )
    signature_method: SignatureMethod | None = Field(
        default=None, description="A petition signature on paper or online (only with took_part)"
    )
    note: Text500 = None
    version: SeenVersion = Field(
        default=None,
        description="The version of the worker's row you saw, to refuse (409) a recording "
        "someone else made since; leave out for the last recording to win (the change log "
        "keeps every one)",
    )


class ScopedWorker(BaseModel):
    """A worker in a structure test's scope, as the tick-list shows them."""

    contact_id: uuid.UUID
    full_name: str
    department_id: uuid.UUID | None
    department_name: str | None
    shift_id: uuid.UUID | None
    shift_name: str | None
    organiser_id: uuid.UUID | None
    assessment_level: int | None
    status: Participation
    signed_on: date | None
    signature_method: SignatureMethod | None
    note: str | None
    recorded_by: uuid.UUID | None = Field(description="Who recorded the status; null if no one")
    recorded_at: datetime | None
    version: int | None = Field(description="The row's version; null while not recorded")


class Tally(BaseModel):
    in_scope: int
    took_part: int
    refused: int
    unreachable: int
    not_asked: int
    took_part_percent: float | None = Field(description="Took part as a share of those in scope")
    target_percent: int
    target_met: bool
    more_needed: int = Field(description="How many more must take part to reach the target")


class TallyByPlace(BaseModel):
    id: uuid.UUID | None = Field(description="The department or shift; null for none recorded")
    name: str | None
    tally: Tally


class SurprisingWorker(BaseModel):
    contact_id: uuid.UUID
    full_name: str
    department_name: str | None
    shift_name: str | None
    assessment_level: int
    status: Participation


class StructureTestResults(BaseModel):
    test_id: uuid.UUID
    total: Tally
    by_department: list[TallyByPlace]
    by_shift: list[TallyByPlace]
    supportive_not_taking_part: list[SurprisingWorker] = Field(
        description="Assessed 1 (leader) or 2 (supporter) but refused: charted too high"
    )
    unsupportive_taking_part: list[SurprisingWorker] = Field(
        description="Assessed 4 (not interested) or 5 (hostile) but took part: charted too low"
    )


class TestResponseRead(RecordMeta):
    """A recorded response as the change feed shows it: `updated_by`/`updated_at` are who
    recorded it and when."""

    __test__ = False  # not a pytest class, despite its name

    test_id: uuid.UUID
    contact_id: uuid.UUID
    status: Participation
    signed_on: date | None
    signature_method: SignatureMethod | None
    note: str | None
