"""One signed POST of an event to an endpoint, and what came of it.

The response body is never read: only the status code is kept, with a note written here (not
taken from the response), so a webhook cannot be used to read another server's answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http import HTTPStatus

import httpx

from api.core.config import Settings
from api.webhooks.network import Resolver, UnsafeTarget, VettedTransport
from api.webhooks.signing import sign

USER_AGENT = "Shopfloor-Webhooks/1.0"
NOTE_LENGTH = 300


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    note: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == HTTPStatus.GONE


def http_client(settings: Settings, resolver: Resolver) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=VettedTransport(resolver, allow_loopback=settings.webhooks_allow_localhost),
        timeout=settings.webhook_timeout_seconds,
        follow_redirects=False,
        trust_env=False,
    )


def _status_note(code: int) -> str:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Unknown status"
    if code == HTTPStatus.GONE:
        return f"{code} {phrase}: the receiver asked to stop sending events"
    if 300 <= code < 400:
        return f"{code} {phrase}: redirects are not followed; register the final address"
    return f"{code} {phrase}"


def signed_headers(secret: str, message_id: str, body: bytes) -> dict[str, str]:
    timestamp = int(time.time())
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
    }


async def post_event(
    client: httpx.AsyncClient, url: str, secret: str, message_id: str, body: str
) -> Outcome:
    content = body.encode()
    headers = signed_headers(secret, message_id, content)
    started = time.monotonic()
    code: int | None = None
    try:
        # Streamed and closed unread: the body is never downloaded.
        async with client.stream("POST", url, content=content, headers=headers) as response:
            code = response.status_code
        note = _status_note(code)
    except UnsafeTarget as exc:
        note = f"Refused: {exc}"
    except httpx.TimeoutException:
        note = f"No answer within {client.timeout.read or 0:g} s"
    except httpx.HTTPError as exc:
        note = f"Could not deliver ({type(exc).__name__}): {exc}"
    duration_ms = int((time.monotonic() - started) * 1000)
    return Outcome(status_code=code, note=note[:NOTE_LENGTH], duration_ms=duration_ms)
