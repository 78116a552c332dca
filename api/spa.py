"""Serves the built single-page app at `/`, with client routes falling back to index.html."""

from __future__ import annotations

from pathlib import Path

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

# Files whose name stays the same from one release to the next: the browser must ask
# each time, so a new release's service worker and manifest are found at once (the
# service worker then notices its precached files changed and offers to reload).
REVALIDATED = {"index.html", "sw.js", "manifest.webmanifest"}


def mount_spa(app: FastAPI, dist: Path) -> None:
    root = dist.resolve()
    index = dist / "index.html"
    assets = dist / "assets"
    if assets.is_dir():
        app.mount("/assets", StaticFiles(directory=assets), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def single_page_app(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            # Raised, not returned, so a known API path answers 405 with `Allow` instead
            # (api/routes.py): the catch-all only handles GET.
            raise HTTPException(status_code=404, detail="No such API endpoint")
        candidate = anyio.Path(dist / path)
        if path and await candidate.is_file():
            resolved = await candidate.resolve()
            if Path(resolved).is_relative_to(root):
                headers = {"Cache-Control": "no-cache"} if path in REVALIDATED else None
                return FileResponse(Path(resolved), headers=headers)
        if await anyio.Path(index).is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return PlainTextResponse(
            "The web app has not been built yet: run `make build` (or `npm run build` in "
            "frontend/), then reload.",
            status_code=503,
        )
