"""Workplace bulletins: the story pool and anonymous tips; editions, printing, distribution.

`router` holds every part's routes."""

from __future__ import annotations

from fastapi import APIRouter

from api.bulletins.stories.router import router as stories_router

router = APIRouter()
router.include_router(stories_router)
