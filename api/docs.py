"""The interactive API reference at /api/docs, served entirely from the app.

Swagger UI's script and style come from the `fastapi-offline` package (pinned with hashes in
the locks) and are served under /api/docs/assets; nothing is loaded from a CDN. The page and
its assets carry a Content-Security-Policy of their own that allows scripts, styles and
fetches from this origin only, and no inline script: the page starts Swagger UI from a file
of its own rather than an inline block.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
SWAGGER_ASSETS = Path(str(files("fastapi_offline") / "static"))
START_SCRIPT = Path(__file__).with_name("docs_start.js")

DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)


def docs_page(title: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API reference</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/start.js"></script>
</body>
</html>
"""


def mount_docs(app: FastAPI) -> None:
    """Adds the reference page; call before the web app's catch-all route."""
    page = docs_page(app.title)
    headers = {"Content-Security-Policy": DOCS_CSP}

    class DocsAssets(StaticFiles):
        """Swagger UI's files, with the page's policy."""

        async def get_response(self, path: str, scope: Scope) -> Response:
            response = await super().get_response(path, scope)
            response.headers.update(headers)
            return response

    @app.get(DOCS_PATH, include_in_schema=False)
    async def api_reference() -> HTMLResponse:
        return HTMLResponse(page, headers=headers)

    @app.get(f"{DOCS_PATH}/start.js", include_in_schema=False)
    async def api_reference_start() -> FileResponse:
        return FileResponse(START_SCRIPT, media_type="text/javascript", headers=headers)

    app.mount(ASSETS_PATH, DocsAssets(directory=SWAGGER_ASSETS), name="api-docs-assets")
