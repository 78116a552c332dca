"""Cross-cutting behaviour: error shape, limits, headers, health, database outages, the SPA."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from api.core.config import Environment, Settings
from api.main import create_app
from tests.conftest import is_postgres
from tests.factories import Accounts


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/health")).json() == {"status": "ok"}
    ready = await client.get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


async def test_api_answers_are_never_cached(accounts: Accounts) -> None:
    person = await accounts.person()
    response = await person.get("/api/v1/me")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (await person.get("/api/v1/groups/not-a-uuid")).headers["Cache-Control"] == "no-store"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers, "only in production, behind TLS"


async def test_production_answers_tell_browsers_to_use_https_only(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"environment": Environment.production}))
    async with _client(app) as http:
        response = await http.get("/api/v1/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    await app.state.engine.dispose()


async def test_unknown_api_path_and_method_use_the_error_shape(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    wrong_method = await client.put("/api/v1/health")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed"


async def test_every_method_of_a_path_is_named_in_allow(accounts: Accounts) -> None:
    person = await accounts.person()
    options = await person.request("OPTIONS", "/api/v1/me")
    assert options.status_code == 204
    assert options.headers["Allow"] == "GET, OPTIONS, PATCH"
    wrong = await person.request("PUT", "/api/v1/me")
    assert wrong.status_code == 405
    assert wrong.json()["error"] == "method_not_allowed"
    assert wrong.headers["Allow"] == "GET, OPTIONS, PATCH"
    group_path = f"/api/v1/groups/{uuid.uuid4()}/contacts"
    assert (await person.request("OPTIONS", group_path)).headers["Allow"] == "GET, OPTIONS, POST"


async def test_a_path_without_get_answers_405_not_404(client: httpx.AsyncClient) -> None:
    # The web app's catch-all GET must not hide that the path exists.
    response = await client.get("/api/v1/auth/login")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response.headers["Allow"] == "OPTIONS, POST"


async def test_a_fixed_path_is_not_taken_for_an_id(accounts: Accounts) -> None:
    group = await accounts.group()
    duplicates = f"{group.url}/contacts/duplicates"
    options = await group.owner.request("OPTIONS", duplicates)
    assert options.headers["Allow"] == "GET, OPTIONS"
    patch = await group.owner.patch(duplicates, json={})
    assert patch.status_code == 405
    assert patch.headers["Allow"] == "GET, OPTIONS"
    # A real id in the same place is still an id.
    bad_id = await group.owner.patch(f"{group.url}/contacts/not-an-id", json={})
    assert bad_id.status_code == 422
    assert bad_id.json()["fields"][0]["field"] == "contact_id"


async def test_query_times_and_days_are_written_not_numbers(accounts: Accounts) -> None:
    group = await accounts.group()
    for url in (
        f"{group.url}/contacts?updated_since=0.5",
        f"{group.url}/follow-ups?due_before=0",
        f"{group.url}/conversations?occurred_after=1700000000",
    ):
        response = await group.owner.get(url)
        assert response.status_code == 422, url
        assert response.json()["fields"][0]["loc"][0] == "query"
    fine = await group.owner.get(f"{group.url}/contacts?updated_since=2026-01-01T00:00:00Z")
    assert fine.status_code == 200


async def test_sort_names_are_checked_before_the_query(accounts: Accounts) -> None:
    group = await accounts.group()
    refused = await group.owner.get(f"{group.url}/contacts?sort=password")
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "sort"
    assert (await group.owner.get(f"{group.url}/contacts?sort=-full_name")).status_code == 200


async def test_a_version_too_large_for_any_record_is_refused(accounts: Accounts) -> None:
    # Found by the schema tests: PostgreSQL answered 500 for a version past its integer range.
    group = await accounts.group()
    created = await group.owner.post(f"{group.url}/disputes", json={"title": "Pay cut"})
    assert created.status_code == 201, created.text
    url = f"{group.url}/disputes/{created.json()['id']}?version=112095574272275"
    response = await group.owner.delete(url)
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "version"


async def test_an_update_version_is_a_number_or_left_out_for_if_match(accounts: Accounts) -> None:
    # Found by the schema tests: `version: null` or `false` beside If-Match was taken as "no
    # version", though the document says an update's version is a whole number.
    group = await accounts.group()
    created = await group.owner.post(f"{group.url}/disputes", json={"title": "Pay cut"})
    assert created.status_code == 201, created.text
    url = f"{group.url}/disputes/{created.json()['id']}"
    for version in (None, False, True):
        response = await group.owner.patch(
            url, json={"title": "Pay cut reversed", "version": version}, headers={"If-Match": '"1"'}
        )
        assert response.status_code == 422, (version, response.text)
        assert [f["field"] for f in response.json()["fields"]] == ["version"]
    unchanged = await group.owner.get(url)
    assert unchanged.json()["title"] == "Pay cut"
    by_header = await group.owner.patch(
        url, json={"title": "Pay cut reversed"}, headers={"If-Match": '"1"'}
    )
    assert by_header.status_code == 200, by_header.text
    assert by_header.json()["version"] == 2


async def test_malformed_json_names_the_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert body["fields"]
    assert "Traceback" not in response.text


async def test_bad_path_parameter_is_a_field_error(accounts: Accounts) -> None:
    person = await accounts.person()
    response = await person.get("/api/v1/groups/not-a-uuid")
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "group_id"


async def test_oversized_bodies_are_refused(client: httpx.AsyncClient, settings: Settings) -> None:
    big = b'{"email": "' + b"a" * settings.max_body_bytes + b'"}'
    declared = await client.post(
        "/api/v1/auth/login", content=big, headers={"Content-Type": "application/json"}
    )
    assert declared.status_code == 413
    assert declared.json()["error"] == "payload_too_large"

    async def stream() -> AsyncIterator[bytes]:
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b"a" * 65536

    streamed = await client.post("/api/v1/auth/login", content=stream())
    assert streamed.status_code == 413


async def test_unexpected_errors_hide_their_details(settings: Settings) -> None:
    app = create_app(settings)

    async def explode() -> None:
        raise RuntimeError("secret internals: SELECT * FROM users")

    app.add_api_route("/api/v1/explode", explode)
    app.router.routes.insert(0, app.router.routes.pop())  # ahead of the web app's catch-all
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/api/v1/explode")
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal_error",
        "detail": "Something went wrong on our side",
    }
    assert "SELECT" not in response.text
    await app.state.engine.dispose()


def _unreachable_database_url(database_url: str, tmp_path: Path) -> str:
    if is_postgres(database_url):
        return str(make_url(database_url).set(host="127.0.0.1", port=9))
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database folder should be")
    return f"sqlite+aiosqlite:///{blocker}/shopfloor.db"


async def test_database_outage_answers_503_with_retry_after(
    settings: Settings, tmp_path: Path
) -> None:
    url = _unreachable_database_url(settings.database_url, tmp_path)
    app = create_app(settings.model_copy(update={"database_url": url}))
    with contextlib.suppress(OSError):
        async with _client(app) as http:
            ready = await http.get("/api/v1/ready")
            login = await http.post(
                "/api/v1/auth/login", json={"email": "a@example.org", "password": "whatever1"}
            )
    for response in (ready, login):
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "service_unavailable"
        assert response.headers["Retry-After"] == str(settings.db_retry_after_seconds)
    await app.state.engine.dispose()


class TcpProxy:
    """Forwards a local port to the database, and can cut every connection like an outage."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.server: asyncio.Server | None = None
        self.port = 0
        self.writers: set[asyncio.StreamWriter] = set()
        self.stalled = False

    def stall(self) -> None:
        """Keep every connection open but pass nothing on: a database that stopped answering."""
        self.stalled = True

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self.writers |= {writer, upstream_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    if not self.stalled:
                        sink.write(data)
                        await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


@pytest.mark.skipif(
    not is_postgres(os.environ.get("TEST_DATABASE_URL", "")), reason="needs a database server"
)
async def test_app_recovers_by_itself_when_the_database_returns(settings: Settings) -> None:
    real = make_url(settings.database_url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    await proxy.start()
    proxied = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = create_app(settings.model_copy(update={"database_url": proxied}))
    async with _client(app) as http:
        assert (await http.get("/api/v1/ready")).status_code == 200
        await proxy.stop()
        down = await http.get("/api/v1/ready")
        assert down.status_code == 503
        assert "Retry-After" in down.headers
        await proxy.start()
        assert (await http.get("/api/v1/ready")).status_code == 200
        assert (await http.get("/api/v1/instance")).status_code == 200
    await app.state.engine.dispose()
    await proxy.stop()


@pytest.mark.skipif(
    not is_postgres(os.environ.get("TEST_DATABASE_URL", "")), reason="needs a database server"
)
async def test_a_stalled_database_answers_503_not_500(settings: Settings) -> None:
    real = make_url(settings.database_url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    await proxy.start()
    proxied = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = create_app(
        settings.model_copy(update={"database_url": proxied, "db_statement_timeout_seconds": 1})
    )
    async with _client(app) as http:
        assert (await http.get("/api/v1/instance")).status_code == 200
        proxy.stall()
        stalled = await http.get("/api/v1/instance")
        assert stalled.status_code == 503, stalled.text
        assert stalled.json()["error"] == "service_unavailable"
        assert "Retry-After" in stalled.headers
    await app.state.engine.dispose()
    await proxy.stop()


async def test_single_page_app_is_served_with_client_route_fallback(
    settings: Settings, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Shopfloor</title>")
    (dist / "assets" / "app.js").write_text("console.log('shopfloor')")
    (dist / "favicon.svg").write_text("<svg/>")
    (dist / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (dist / "manifest.webmanifest").write_text('{"name": "Shopfloor"}')
    app = create_app(settings.model_copy(update={"frontend_dist": dist}))
    async with _client(app) as http:
        for path in ("/", "/groups/123/members", "/join"):
            page = await http.get(path)
            assert page.status_code == 200
            assert "<title>Shopfloor</title>" in page.text
            assert "Content-Security-Policy" in page.headers
        assert (await http.get("/assets/app.js")).text == "console.log('shopfloor')"
        assert (await http.get("/favicon.svg")).text == "<svg/>"
        # The service worker and the manifest are asked for afresh, so a new release is found.
        for name, media_type in (
            ("sw.js", "text/javascript"),
            ("manifest.webmanifest", "application/manifest+json"),
        ):
            served = await http.get(f"/{name}")
            assert served.headers["Cache-Control"] == "no-cache"
            assert served.headers["Content-Type"].startswith(media_type)
        policy = (await http.get("/")).headers["Content-Security-Policy"]
        assert "worker-src 'self'" in policy
        assert "manifest-src 'self'" in policy
        assert (await http.get("/api/v1/not-here")).json()["error"] == "not_found"
        traversal = await http.get("/..%2f..%2fetc/passwd")
        assert "root:" not in traversal.text
    await app.state.engine.dispose()


def test_the_built_web_app_is_found_where_the_build_puts_it() -> None:
    """`make run` serves frontend/dist without configuration, from wherever the API code sits."""
    project = Path(__file__).resolve().parent.parent
    assert Settings.model_fields["frontend_dist"].default == project / "frontend" / "dist"
