"""The campaigns domain's routes, in route order."""

from __future__ import annotations

from fastapi import APIRouter

from api.campaigns.routers import campaigns, chase, dashboard, tests

router = APIRouter(prefix="/api/v1/groups/{group_id}")
router.include_router(campaigns.router)
router.include_router(tests.router)
router.include_router(chase.router)
router.include_router(dashboard.router)
