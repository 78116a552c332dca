"""What every disputes route module shares: who may read or write, the dispute's path and the
error responses each kind of operation declares."""

from __future__ import annotations

from typing import Annotated

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.disputes_read)]
Writer = Annotated[GroupContext, require(Permission.disputes_write, Scope.disputes_write)]
# The kernel's type: a version outside what the column holds is refused, not sent to it.
VersionQuery = DeleteVersion

DISPUTE = "/disputes/{dispute_id}"

READ_ERRORS = error_responses(401, 403, 404, 422)
# Lists of people are bulk reads: an observer past their hourly limit is refused with 429.
BULK_READ_ERRORS = error_responses(401, 403, 404, 422, 429)
CREATE_ERRORS = error_responses(401, 403, 404, 409, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
