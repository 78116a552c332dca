"""The dispute list's filters as one dependency, shared by the list and by exports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from api.core.listing import SearchQuery, UpdatedSinceQuery
from api.disputes.enums import DisputeStatus
from api.disputes.services.disputes import DisputeFilters


async def dispute_filters(
    status_: Annotated[
        list[DisputeStatus] | None, Query(alias="status", description="Any of these statuses")
    ] = None,
    workplace_id: Annotated[uuid.UUID | None, Query(description="At this workplace")] = None,
    union: Annotated[
        str | None, Query(max_length=100, description="Involving this union (exact name)")
    ] = None,
    updated_since: UpdatedSinceQuery = None,
    q: SearchQuery = None,
) -> DisputeFilters:
    return DisputeFilters(
        statuses=status_, workplace_id=workplace_id, union=union, updated_since=updated_since, q=q
    )


DisputeFiltersDep = Annotated[DisputeFilters, Depends(dispute_filters)]
