from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.errors import error_responses

router = APIRouter(prefix="/api/v1", tags=["health"])


class HealthRead(BaseModel):
    status: str


@router.get("/health", operation_id="health")
async def health() -> HealthRead:
    """The process is up (says nothing about the database)."""
    return HealthRead(status="ok")


@router.get("/ready", operation_id="ready", responses=error_responses(503))
async def ready(request: Request) -> HealthRead:
    """The database answers; 503 with Retry-After when it does not."""
    engine: AsyncEngine = request.app.state.engine
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return HealthRead(status="ready")
