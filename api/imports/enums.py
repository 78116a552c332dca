"""The words an import's state is told in: shared by its table, its API shapes and its routes."""

from __future__ import annotations

from enum import StrEnum


class ImportKind(StrEnum):
    contacts = "contacts"
    workplaces = "workplaces"


class ImportStatus(StrEnum):
    uploaded = "uploaded"
    mapped = "mapped"
    running = "running"
    done = "done"
    failed = "failed"


class OnMatch(StrEnum):
    update = "update"
    skip = "skip"


class FileRole(StrEnum):
    upload = "upload"
    report = "report"
