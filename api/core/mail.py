"""Outgoing mail: SMTP when configured, otherwise the log and a local outbox folder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import anyio

from api.core.config import Settings
from api.core.db import new_id

logger = logging.getLogger("shopfloor.mail")


@dataclass(frozen=True)
class Recipient:
    """Someone to mail, and the language to write to them in."""

    email: str
    language: str


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _message(self, to: str, subject: str, body: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = to
        message["Subject"] = subject
        # Plain 7/8-bit rather than quoted-printable, so links stay whole in any mail reader.
        message.set_content(body, cte="7bit" if body.isascii() else "8bit")
        return message

    async def send(self, to: str, subject: str, body: str) -> None:
        message = self._message(to, subject, body)
        settings = self.settings
        if not settings.smtp_host:
            await self._write_to_outbox(message)
            return
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            use_tls=settings.smtp_ssl,
            start_tls=settings.smtp_starttls and not settings.smtp_ssl,
            timeout=settings.smtp_timeout_seconds,
        )
        logger.info("mail sent via SMTP: %s", message["Subject"])

    async def _write_to_outbox(self, message: EmailMessage) -> None:
        outbox = Path(self.settings.outbox_dir)
        path = outbox / f"{new_id()}.eml"
        await anyio.Path(outbox).mkdir(parents=True, exist_ok=True)
        await anyio.Path(path).write_bytes(bytes(message))
        logger.warning(
            "SMTP is not configured; mail %r to %s written to %s",
            str(message["Subject"]),
            message["To"],
            path,
        )
        # Outside development a link in the log would hand out an account to log readers.
        if self.settings.is_development:
            logger.warning("mail body:\n%s", message.get_content())
