from __future__ import annotations

from api.auth import service as auth_service
from api.auth.passwords import Passwords
from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker
from api.core.errors import AppError


async def create_admin_account(
    settings: Settings, email: str, display_name: str, password: str
) -> None:
    engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    try:
        async with create_sessionmaker(engine)() as session:
            try:
                await auth_service.create_admin(
                    session, Passwords(settings), email.strip().lower(), display_name, password
                )
            except AppError as exc:
                raise ValueError(exc.detail) from exc
            await session.commit()
    finally:
        await engine.dispose()
