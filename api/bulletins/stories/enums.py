"""The words stories' tables, shapes and routes share."""

from __future__ import annotations

from enum import StrEnum


class StoryStatus(StrEnum):
    """A story's way to print: idea → assigned → drafted → checked → ready → printed, or spiked
    (dropped) at any point."""

    idea = "idea"
    assigned = "assigned"
    drafted = "drafted"
    checked = "checked"
    ready = "ready"
    printed = "printed"
    spiked = "spiked"
