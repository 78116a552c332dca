"""Disputes, their demands, timeline, linked people and ballots: the domain's routes in order,
under the group's path (HTTP only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.disputes.routers import ballots, demands, disputes, fund, people, timeline

router = APIRouter(prefix="/api/v1/groups/{group_id}")
for resource in (disputes, demands, timeline, people, ballots, fund):
    router.include_router(resource.router)
