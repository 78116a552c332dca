"""Who may do what on the print side, and the error responses each kind of operation declares."""

from __future__ import annotations

from typing import Annotated

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion

Reader = Annotated[GroupContext, require(Permission.bulletins_read, Scope.bulletins_read)]
Editor = Annotated[GroupContext, require(Permission.bulletins_edit, Scope.bulletins_write)]
Distributor = Annotated[GroupContext, require(Permission.handouts_log, Scope.bulletins_write)]
VersionQuery = DeleteVersion

BULLETIN = "/bulletins/{bulletin_id}"
EDITION = "/editions/{edition_id}"

READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(401, 403, 404, 409, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
