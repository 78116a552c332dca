"""Workplace bulletins: the story pool and anonymous tips the editorial meeting works from,
and the editions it prints and hands out. `router` holds every part's routes."""

from __future__ import annotations

from fastapi import APIRouter

from api.bulletins.editions.router import router as editions_router
from api.bulletins.stories.router import router as stories_router

router = APIRouter()
router.include_router(stories_router)
router.include_router(editions_router)
