"""How a conversation happened: shared by the table, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    in_person = "in_person"
    phone = "phone"
    message = "message"
    meeting = "meeting"
    other = "other"
