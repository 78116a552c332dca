"""The action list's filters as one dependency, shared by the list and by exports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from api.core.listing import QueryTime, SearchQuery, UpdatedSinceQuery
from api.solidarity.enums import ActionKind
from api.solidarity.service import ActionFilters


async def action_filters(
    kind: Annotated[list[ActionKind] | None, Query(description="Any of these kinds")] = None,
    dispute_id: Annotated[
        uuid.UUID | None, Query(description="Supporting this dispute of the group's")
    ] = None,
    from_: Annotated[
        QueryTime | None, Query(alias="from", description="Taking place at or after (with zone)")
    ] = None,
    to: Annotated[
        QueryTime | None, Query(description="Taking place at or before (with zone)")
    ] = None,
    updated_since: UpdatedSinceQuery = None,
    q: SearchQuery = None,
) -> ActionFilters:
    return ActionFilters(
        kinds=kind,
        dispute_id=dispute_id,
        occurs_from=from_,
        occurs_to=to,
        updated_since=updated_since,
        q=q,
    )


ActionFiltersDep = Annotated[ActionFilters, Depends(action_filters)]
