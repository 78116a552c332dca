"""Shapes of the anonymous tip page: its settings for organisers and the public submission."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import NOT_BLANK, blank_to_none, clean_text

MAX_TIP_TEXT = 5_000
# The whole request: the fields' limits plus room for JSON escaping, and no more.
MAX_TIP_BODY_BYTES = 32_768


class TipLinkRead(BaseModel):
    enabled: bool
    token: str | None = Field(
        description="The secret part of the public page's address (`/tip/<token>`), or null "
        "while the page is switched off"
    )


class TipSubmission(BaseModel):
    """What a worker sends through the public page. Nothing about the sender is stored."""

    model_config = ConfigDict(extra="forbid")

    headline: Annotated[str | None, Field(default=None, max_length=200)] = None
    story: Annotated[
        str, Field(min_length=1, max_length=MAX_TIP_TEXT, json_schema_extra=NOT_BLANK)
    ] = Field(description="What is happening at work")
    website: Annotated[str | None, Field(default=None, max_length=200)] = Field(
        default=None,
        description="Leave empty: a form field people never see, which bots fill in",
    )

    _story = field_validator("story")(clean_text)
    _headline = field_validator("headline", mode="before")(blank_to_none)


class TipReceived(BaseModel):
    received: bool = Field(description="Always true: the page never says more")
