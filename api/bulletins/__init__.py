"""Workplace bulletins: the stories an editorial meeting works from, and the editions it
prints and hands out. `router` holds both sides' routes."""

from fastapi import APIRouter

from api.bulletins.editions.router import router as editions_router

router = APIRouter()
router.include_router(editions_router)
