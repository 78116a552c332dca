"""Who may use the contact routes, and the errors they answer with."""

from __future__ import annotations

from typing import Annotated

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope

GROUP_PREFIX = "/api/v1/groups/{group_id}"

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.contacts_read)]
Writer = Annotated[GroupContext, require(Permission.contacts_write, Scope.contacts_write)]
Deleter = Annotated[GroupContext, require(Permission.contacts_delete, Scope.contacts_write)]
BulkEditor = Annotated[GroupContext, require(Permission.bulk_edit, Scope.contacts_write)]
ScaleEditor = Annotated[GroupContext, require(Permission.settings_manage, Scope.contacts_write)]

READ_ERRORS = error_responses(401, 403, 404, 422)
# Lists of many people: an observer past the hourly read limit gets 429.
BULK_READ_ERRORS = error_responses(401, 403, 404, 422, 429)
CREATE_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
