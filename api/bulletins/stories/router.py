"""Stories and tips: the group's routes in order, then the public tip page (HTTP only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.bulletins.stories.routers import stories, tips

router = APIRouter()
group_routes = APIRouter(prefix="/api/v1/groups/{group_id}")
for resource in (stories.router, tips.group_router):
    group_routes.include_router(resource)
router.include_router(group_routes)
router.include_router(tips.public_router)
