"""Imports every table module so SQLModel's metadata is complete (for Alembic and tests)."""

from api.auth import models as auth_models
from api.changes import models as change_models
from api.groups import models as group_models

__all__ = ["auth_models", "change_models", "group_models"]
