"""Contacts, duplicate warnings and bulk changes."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, field_validator
from pydantic_core import PydanticCustomError

from api.contacts.enums import MembershipStatus, MergeField
from api.core.fields import (
    MAX_VERSION,
    LongText,
    Name,
    Tags,
    Text100,
    Text200,
    Version,
    VersionField,
    blank_to_none,
    normalise_tags,
    refuse_null,
    refuse_true_and_false,
)
from api.core.schemas import RecordMeta
from api.core.spoken_languages import OtherLanguages, SpokenLanguage

_PHONE = re.compile(r"^\+?[0-9 ().\-/]+$")
_PHONE_MIN_DIGITS = 5


def _phone(value: object) -> object:
    value = blank_to_none(value)
    if isinstance(value, str):
        value = " ".join(value.split())
        if not _PHONE.match(value) or sum(c.isdigit() for c in value) < _PHONE_MIN_DIGITS:
            raise PydanticCustomError(
                "phone_number",
                "Enter a phone number of at least {min_digits} digits: digits, spaces and"
                " + ( ) - . / only",
                {"min_digits": _PHONE_MIN_DIGITS},
            )
    return value


def _email(value: object) -> object:
    value = blank_to_none(value)
    return value.lower() if isinstance(value, str) else value


# What `_phone` accepts, for the document: blank, or an optional + and at least five digits
# among spaces and ( ) - . /
PHONE_PATTERN = r"^\s*$|^\s*\+?([\s().\-/]*[0-9]){5}[0-9\s().\-/]*$"
Phone = Annotated[
    Annotated[str, Field(max_length=40, json_schema_extra={"pattern": PHONE_PATTERN})] | None,
    BeforeValidator(_phone),
]
Email = Annotated[Annotated[EmailStr, Field(max_length=320)] | None, BeforeValidator(_email)]


ReadVersion = Annotated[int, Field(ge=1, le=MAX_VERSION), BeforeValidator(refuse_true_and_false)]

# --- contacts ------------------------------------------------------------------------------


class ContactCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: Name = Field(examples=["Sam Okafor"])
    workplace_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = Field(
        default=None, description="A department of the contact's workplace"
    )
    shift_id: uuid.UUID | None = Field(
        default=None, description="A shift of the contact's workplace"
    )
    job_title: Text200 = None
    union: Text100 = None
    membership_status: MembershipStatus = MembershipStatus.unknown
    phone: Phone = None
    email: Email = None
    preferred_language: SpokenLanguage | None = Field(
        default=None, description="The language they are most at home in", examples=["pl"]
    )
    other_languages: OtherLanguages = Field(
        default_factory=list, description="Other languages they speak", examples=[["ro", "en"]]
    )
    organiser_id: uuid.UUID | None = Field(
        default=None, description="The group member responsible for this contact"
    )
    committee: bool = Field(default=False, description="On the organising committee")
    tags: Tags = Field(default_factory=list)
    notes: LongText = None
    source: Text200 = Field(default=None, description="Where this contact came from")
    lawful_basis: Text100 = Field(default=None, description="GDPR basis for holding the data")
    consent_note: LongText = None
    external_id: Text200 = Field(default=None, description="The id in another system")


class ContactUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: Name | None = None
    workplace_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    job_title: Text200 = None
    union: Text100 = None
    membership_status: MembershipStatus | None = None
    phone: Phone = None
    email: Email = None
    preferred_language: SpokenLanguage | None = None
    other_languages: OtherLanguages | None = None
    organiser_id: uuid.UUID | None = None
    committee: bool | None = None
    tags: Tags | None = None
    notes: LongText = None
    source: Text200 = None
    lawful_basis: Text100 = None
    consent_note: LongText = None
    external_id: Text200 = None
    version: Version = VersionField

    _required = field_validator(
        "full_name", "membership_status", "committee", "tags", "other_languages"
    )(refuse_null)


class ContactRead(RecordMeta):
    full_name: str
    workplace_id: uuid.UUID | None
    department_id: uuid.UUID | None
    shift_id: uuid.UUID | None
    job_title: str | None
    union: str | None
    membership_status: MembershipStatus
    phone: str | None
    email: str | None
    preferred_language: str | None = Field(description="An ISO 639 code")
    other_languages: list[str] = Field(description="ISO 639 codes")
    organiser_id: uuid.UUID | None
    committee: bool = Field(description="On the organising committee")
    tags: list[str]
    notes: str | None
    source: str | None
    lawful_basis: str | None
    consent_note: str | None
    external_id: str | None
    assessment_level: int | None = Field(description="The latest assessment; null: unassessed")
    assessed_at: datetime | None
    last_conversation_at: datetime | None


class DuplicateReason(StrEnum):
    email = "email"
    phone = "phone"
    name_at_workplace = "name_at_workplace"
    similar_name = "similar_name"


class DuplicateMatch(BaseModel):
    id: uuid.UUID
    full_name: str
    reason: DuplicateReason = Field(
        description="The same email, the same phone (however it is written), the same name "
        "at the same workplace (ignoring accents, case and word order), or a similar name"
    )
    similarity: int = Field(
        ge=0, le=100, description="How alike the names are, 100 when they are the same"
    )
    workplace_id: uuid.UUID | None
    phone: str | None
    email: str | None


class DuplicateCheck(BaseModel):
    possible_duplicates: list[DuplicateMatch]


class ContactCreated(ContactRead):
    possible_duplicates: list[DuplicateMatch] = Field(
        description="Existing contacts that may be the same person (the contact was created)"
    )


class ContactMerge(BaseModel):
    """Two records of one person: the other contact is merged into this one and deleted."""

    model_config = ConfigDict(extra="forbid")

    merged_id: uuid.UUID = Field(description="The contact merged in, then deleted")
    version: ReadVersion = Field(description="The version of this (kept) contact you read")
    merged_version: ReadVersion = Field(description="The version of the merged contact you read")
    use_merged: list[MergeField] = Field(
        default_factory=list,
        max_length=len(MergeField),
        description="Fields whose value is taken from the merged contact; every other field "
        "keeps this contact's value",
    )


# --- bulk changes --------------------------------------------------------------------------


class AddTag(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["add_tag"]
    tag: Annotated[str, Field(min_length=1, max_length=50)]

    @field_validator("tag")
    @classmethod
    def _normalise(cls, value: str) -> str:
        tags = normalise_tags([value])
        if not tags:
            raise PydanticCustomError("not_blank", "Enter a tag")
        return tags[0]


class RemoveTag(AddTag):
    action: Literal["remove_tag"]  # type: ignore[assignment]


class SetOrganiser(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["set_organiser"]
    organiser_id: uuid.UUID | None = Field(description="A group member, or null for nobody")


class SetMembershipStatus(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["set_membership_status"]
    membership_status: MembershipStatus


BulkChange = Annotated[
    AddTag | RemoveTag | SetOrganiser | SetMembershipStatus, Field(discriminator="action")
]


class ContactBulkUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    change: BulkChange


class ContactBulkResult(BaseModel):
    matched: int = Field(description="Contacts named in the request")
    changed: int = Field(description="Contacts that were actually changed")
