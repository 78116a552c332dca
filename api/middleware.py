"""ASGI middleware: request body limit, text a database cannot hold, response security headers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from urllib.parse import parse_qsl

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.errors import FieldError, error_response, field_name
from api.core.fields import UNSTORABLE_TEXT

API_PREFIX = "/api/"
# Nothing here needs the camera, microphone, location, payments or USB devices.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=63072000; includeSubDomains"


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


UNSTORABLE_MESSAGE = "Remove the NUL or unpaired surrogate character: it cannot be stored"
# In JSON such characters only arrive escaped, so a body without these escapes needs no parse.
_UNSTORABLE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")


def unstorable_paths(value: object, path: list[str | int]) -> Iterator[list[str | int]]:
    """Where in a parsed JSON document text holds a character no database can store."""
    if isinstance(value, str):
        if UNSTORABLE_TEXT.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unstorable_paths(item, [*path, UNSTORABLE_TEXT.sub("\ufffd", key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_paths(item, [*path, index])


class StorableTextMiddleware:
    """Refuses a NUL or an unpaired surrogate in a JSON body or the query string with a 422
    naming each field, for every route: they would otherwise fail deep in the database."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        bad: list[list[str | int]] = [
            ["query", UNSTORABLE_TEXT.sub("\ufffd", name)]
            for name, value in parse_qsl(query, keep_blank_values=True)
            if UNSTORABLE_TEXT.search(value) or UNSTORABLE_TEXT.search(name)
        ]
        if not _is_json(scope):
            if bad:
                await self._refuse(scope, receive, send, bad)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        final: Message = {"type": "http.request", "body": b"", "more_body": False}
        while True:
            message = await receive()
            if message["type"] != "http.request":
                final = message
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if _UNSTORABLE_ESCAPE.search(body):
            try:
                document = json.loads(body)
            except ValueError:
                document = None  # not JSON: the route's own validation says so
            bad.extend(unstorable_paths(document, ["body"]))
        if bad:
            await self._refuse(scope, receive, send, bad)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                if final["type"] != "http.request":
                    return final
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, locations: list[list[str | int]]
    ) -> None:
        fields = [
            FieldError(
                field=field_name(tuple(loc)),
                loc=loc,
                message=UNSTORABLE_MESSAGE,
                type="unstorable_text",
            )
            for loc in locations
        ]
        response = error_response(422, "validation_error", UNSTORABLE_MESSAGE, fields=fields)
        await response(scope, receive, send)


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            media_type = value.split(b";", 1)[0].strip().lower()
            return bool(media_type == b"application/json" or media_type.endswith(b"+json"))
    return False


class SecurityHeadersMiddleware:
    """API answers are never cached (they hold personal data); every answer gets safe defaults.
    With `strict_transport` (production, always behind TLS) browsers are told to use HTTPS only."""

    def __init__(self, app: ASGIApp, *, strict_transport: bool = False) -> None:
        self.app = app
        self.strict_transport = strict_transport

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith(API_PREFIX)

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if is_api:
                    headers["Cache-Control"] = "no-store"
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                if self.strict_transport:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                # The API reference (api/docs.py) sets a stricter policy of its own.
                headers.setdefault(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; "
                    "style-src 'self' 'unsafe-inline'; worker-src 'self'; manifest-src 'self'; "
                    "frame-ancestors 'none'; "
                    "base-uri 'self'; form-action 'self'",
                )
            await send(message)

        await self.app(scope, receive, add_headers)
