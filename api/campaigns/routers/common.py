"""What every campaigns route module shares: who may read, record or organise, and the error
responses each kind of operation declares."""

from __future__ import annotations

from typing import Annotated

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.campaigns_read)]
# Members record who took part and who voted; organisers set campaigns, tests and rolls up.
Recorder = Annotated[GroupContext, require(Permission.campaigns_record, Scope.campaigns_write)]
Organiser = Annotated[GroupContext, require(Permission.campaigns_write, Scope.campaigns_write)]
# What organisers plan from (coverage, the dashboard): read-only, but theirs alone.
Planner = Annotated[GroupContext, require(Permission.campaigns_write, Scope.campaigns_read)]

READ_ERRORS = error_responses(401, 403, 404, 422)
BULK_READ_ERRORS = error_responses(401, 403, 404, 422, 429)
CREATE_ERRORS = error_responses(401, 403, 404, 409, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
