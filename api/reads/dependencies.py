"""`ReadLogDep`: how a read route records what it showed.

A route calls `await log.record(ctx, Read(...))` before it answers; the entry is written in
the request's own transaction (so a read that answered is a read that was recorded, and no
parameter a client sends can skip it), and the owners' alert is checked after the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request

from api.core.context import GroupContext, SessionDep, SettingsDep
from api.core.db import utcnow
from api.reads import service
from api.reads.service import AlertCheck, Read


class ReadLog:
    def __init__(
        self,
        request: Request,
        session: SessionDep,
        settings: SettingsDep,
        background: BackgroundTasks,
    ) -> None:
        self.request = request
        self.session = session
        self.settings = settings
        self.background = background

    async def record(self, ctx: GroupContext, read: Read) -> None:
        now = utcnow()
        people_shown = await service.record_read(
            self.session,
            ctx,
            read,
            now=now,
            observer_rows_per_hour=self.settings.observer_bulk_reads_per_hour,
        )
        if people_shown:
            state = self.request.app.state
            self.background.add_task(
                service.alert_if_crossed,
                state.sessionmaker,
                state.mailer,
                AlertCheck(group_id=ctx.group_id, user_id=ctx.user_id, at=now),
            )


async def read_log(
    request: Request, session: SessionDep, settings: SettingsDep, background: BackgroundTasks
) -> ReadLog:
    """An async dependency, so building it costs no hop through the thread pool."""
    return ReadLog(request, session, settings, background)


ReadLogDep = Annotated[ReadLog, Depends(read_log)]
