"""What every workplaces route module shares: who may read or write, the sort every list
offers and the error responses each kind of operation declares."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.workplaces_read)]
Writer = Annotated[GroupContext, require(Permission.workplaces_write, Scope.workplaces_write)]
DeleteVersion = Annotated[
    int | None, Query(description="The version you read; alternative to If-Match")
]

READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
WORKPLACE_SORT = "Sort by `name` (default), `created_at` or `updated_at`; `-` for descending"
