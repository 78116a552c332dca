"""ASGI middleware: request body limit and response security headers."""

from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.errors import error_response

API_PREFIX = "/api/"
DOCS_PATHS = frozenset({"/api/docs", "/api/redoc"})


class BodyLimitMiddleware:
    """Refuses bodies over `max_bytes`, whether declared in Content-Length or streamed.
    `allowances` raises the limit for paths matching a pattern (e.g. file uploads)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, allowances: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.allowances = [(re.compile(p), limit) for p, limit in (allowances or {}).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = next(
            (limit for pattern, limit in self.allowances if pattern.fullmatch(scope["path"])),
            self.max_bytes,
        )
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > max_bytes:
                    await self._refuse(scope, receive, send, max_bytes)
                    return
        received = 0
        response_started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    # Answer now and tell the app the client went away: whatever it was
                    # doing with the body stops, and its own answer is discarded.
                    refused = True
                    if not response_started:
                        await self._refuse(scope, receive, send, max_bytes)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if refused:
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, max_bytes: int) -> None:
        response = error_response(
            413, "payload_too_large", f"The request body is larger than {max_bytes} bytes"
        )
        await response(scope, receive, send)


class SecurityHeadersMiddleware:
    """API answers are never cached (they hold personal data); every answer gets safe defaults."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith(API_PREFIX)
        # The interactive API docs load their script from a CDN, so they get no CSP.
        is_docs = scope["path"] in DOCS_PATHS

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if is_api:
                    headers["Cache-Control"] = "no-store"
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                if not is_docs:
                    headers.setdefault(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; "
                        "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
                        "base-uri 'self'; form-action 'self'",
                    )
            await send(message)

        await self.app(scope, receive, add_headers)
