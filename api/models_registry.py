"""Imports every table module so SQLModel's metadata is complete (for Alembic and tests)."""

from api.auth import models as auth_models
from api.bulletins.editions import models as bulletin_edition_models
from api.bulletins.stories import models as story_models
from api.campaigns import dashboard_models as campaign_dashboard_models
from api.campaigns import models as campaign_models
from api.campaigns.call_lists import models as call_list_models
from api.contacts import models as contact_models
from api.contacts import saved_filter_models
from api.conversations import models as conversation_models
from api.core import changelog as change_models
from api.core import ratelimit as rate_models
from api.core import tenants as tenant_models
from api.core.idempotency import IdempotencyRecord
from api.democracy import models as democracy_models
from api.democracy.meetings import models as meetings_models
from api.democracy.offices import models as office_models
from api.disputes import models as dispute_models
from api.exports import models as export_models
from api.followups import models as followup_models
from api.groups import models as group_models
from api.imports import models as import_models
from api.privacy import models as privacy_models
from api.reads import models as read_models
from api.solidarity import models as solidarity_models
from api.tokens import models as token_models
from api.webhooks import models as webhook_models
from api.workplaces import models as workplace_models

__all__ = [
    "IdempotencyRecord",
    "auth_models",
    "bulletin_edition_models",
    "call_list_models",
    "campaign_dashboard_models",
    "campaign_models",
    "change_models",
    "contact_models",
    "conversation_models",
    "democracy_models",
    "dispute_models",
    "export_models",
    "followup_models",
    "group_models",
    "import_models",
    "meetings_models",
    "office_models",
    "privacy_models",
    "rate_models",
    "read_models",
    "saved_filter_models",
    "solidarity_models",
    "story_models",
    "tenant_models",
    "token_models",
    "webhook_models",
    "workplace_models",
]
