"""/api/docs is served from the app's own copy of Swagger UI, under a policy of its own."""

from __future__ import annotations

import re
from importlib.resources import files

import httpx

PAGE = "/api/docs"


def _policy(response: httpx.Response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in directives}


async def test_the_page_loads_only_its_own_assets(client: httpx.AsyncClient) -> None:
    response = await client.get(PAGE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources, "the page names its script and style"
    assert all(source.startswith("/api/docs/") for source in sources), sources
    assert "<script>" not in response.text, "no inline script"
    for source in sources:
        asset = await client.get(source)
        assert asset.status_code == 200, source
        assert asset.content
    bundle = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    packaged = (files("fastapi_offline") / "static" / "swagger-ui-bundle.js").read_bytes()
    assert bundle.content == packaged


async def test_the_page_and_its_assets_allow_nothing_from_elsewhere(
    client: httpx.AsyncClient,
) -> None:
    for path in (PAGE, "/api/docs/start.js", "/api/docs/assets/swagger-ui.css"):
        policy = _policy(await client.get(path))
        assert policy["default-src"] == "'none'", path
        assert policy["script-src"] == "'self'", path
        assert policy["style-src"] == "'self'", path
        assert policy["connect-src"] == "'self'", path
        assert policy["frame-ancestors"] == "'none'", path


async def test_the_page_reads_the_apps_own_document(client: httpx.AsyncClient) -> None:
    start = await client.get("/api/docs/start.js")
    assert start.headers["content-type"].startswith("text/javascript")
    assert '"/api/openapi.json"' in start.text
    assert (await client.get("/api/openapi.json")).status_code == 200


async def test_redoc_is_not_served(client: httpx.AsyncClient) -> None:
    # Redoc needs inline styles and blob workers; one reference page is enough.
    response = await client.get("/api/redoc")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_an_asset_outside_the_bundle_is_not_found(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/docs/assets/no-such-file.js")
    assert missing.status_code == 404


async def test_the_page_names_no_other_host(client: httpx.AsyncClient) -> None:
    # Opens with no internet: nothing on the page or in its start script points elsewhere
    # (no CDN, no third-party favicon, no online validator).
    for path in (PAGE, "/api/docs/start.js"):
        text = (await client.get(path)).text
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), path
    start = (await client.get("/api/docs/start.js")).text
    assert "validatorUrl: null" in start
