"""What every workplaces route module shares: who may read or write, the sort every list
offers and the error responses each kind of operation declares."""

from __future__ import annotations

from typing import Annotated

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.listing import sort_query
from api.core.permissions import Permission, Scope

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.workplaces_read)]
Writer = Annotated[GroupContext, require(Permission.workplaces_write, Scope.workplaces_write)]

READ_ERRORS = error_responses(401, 403, 404, 422)
# The wall chart is a bulk read: an observer past their hourly limit is refused with 429.
BULK_READ_ERRORS = error_responses(401, 403, 404, 422, 429)
CREATE_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
NAME_SORT = sort_query("name", "created_at", "updated_at", default="name")
