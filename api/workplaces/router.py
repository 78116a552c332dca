"""Workplaces, their wall chart, departments and shifts: the domain's routes in order, under
the group's path (HTTP only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.workplaces.routers import chart, departments, shifts, workplaces

router = APIRouter(prefix="/api/v1/groups/{group_id}")
# The chart module first: its `/workplaces/coverage` must come before `/workplaces/{id}`.
for resource in (chart, workplaces, departments, shifts):
    router.include_router(resource.router)
