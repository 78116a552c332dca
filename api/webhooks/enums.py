"""The words a webhook delivery's state is told in: shared by its table, API shapes and routes."""

from __future__ import annotations

from enum import StrEnum


class DeliveryStatus(StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"
