"""Who may do what on the print side, and the error responses each kind of operation declares."""

from __future__ import annotations

from typing import Annotated

from api.core.context import GroupContext, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion

Reader = Annotated[GroupContext, require(Permission.READ_BULLETINS, Scope.BULLETINS_READ)]
Editor = Annotated[GroupContext, require(Permission.EDIT_BULLETINS, Scope.BULLETINS_WRITE)]
Distributor = Annotated[GroupContext, require(Permission.LOG_HANDOUTS, Scope.BULLETINS_WRITE)]
VersionQuery = DeleteVersion

BULLETIN = "/bulletins/{bulletin_id}"
EDITION = "/editions/{edition_id}"

READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(401, 403, 404, 409, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
