"""The distribution log's export filters as one dependency (used by the exports domain)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from api.bulletins.editions.services.distribution import HandoutFilters
from api.core.listing import QueryTime


async def handout_filters(
    edition_id: Annotated[
        uuid.UUID | None, Query(description="Only this edition's hand-outs")
    ] = None,
    from_: Annotated[
        QueryTime | None, Query(alias="from", description="Handed out at or after (with zone)")
    ] = None,
    to: Annotated[
        QueryTime | None, Query(description="Handed out at or before (with zone)")
    ] = None,
) -> HandoutFilters:
    return HandoutFilters(edition_id=edition_id, handed_out_from=from_, handed_out_to=to)


HandoutFiltersDep = Annotated[HandoutFilters, Depends(handout_filters)]
