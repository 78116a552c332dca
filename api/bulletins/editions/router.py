"""The print side of bulletins: its routes in order, under the group's path (HTTP only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.bulletins.editions.routers import articles, bulletins, check, distribution, editions

router = APIRouter(prefix="/api/v1/groups/{group_id}")
for resource in (bulletins, editions, articles, check, distribution):
    router.include_router(resource.router)
