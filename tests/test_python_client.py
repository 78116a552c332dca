"""A Python client generated from the OpenAPI document builds and syncs against a real server."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from tests.factories import Accounts

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def generated_client(app: FastAPI, tmp_path_factory: pytest.TempPathFactory) -> Any:
    workdir = tmp_path_factory.mktemp("python-client")
    document = workdir / "openapi.json"
    app.openapi_schema = None
    document.write_text(json.dumps(app.openapi()))
    package = workdir / "shopfloor_api_client"
    result = subprocess.run(  # noqa: S603
        [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--output-path",
            str(package),
        ],
        capture_output=True,
        text=True,
        cwd=workdir,
        env={**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(workdir))
    try:
        yield importlib.import_module("shopfloor_api_client")
    finally:
        sys.path.remove(str(workdir))


@pytest.fixture
async def live_server(app: FastAPI) -> AsyncIterator[str]:
    """The test app on a real loopback port; the socket listens before the server starts."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def test_generated_client_pulls_the_change_feed(
    generated_client: Any, live_server: str, accounts: Accounts
) -> None:
    group = await accounts.group()
    created = []
    for name in ("Ana Silva", "Kofi Mensah", "Joan Byrne"):
        response = await group.owner.post(f"{group.url}/contacts", json={"full_name": name})
        created.append(response.json()["id"])
    gone = await group.owner.delete(f"{group.url}/contacts/{created[1]}")
    assert gone.status_code == 204
    token = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Sync", "scopes": ["changes:read", "contacts:read"]}
    )
    list_changes = importlib.import_module("shopfloor_api_client.api.changes.list_changes")
    client = generated_client.AuthenticatedClient(
        base_url=live_server, token=token.json()["secret"]
    )
    live: dict[str, str] = {}
    cursor = None
    async with client as http:
        while True:
            kwargs = {"cursor": cursor} if cursor else {}
            page = await list_changes.asyncio(group_id=group.id, client=http, **kwargs)
            for item in page.items:
                if item.type_ != "contact":
                    continue
                if item.operation == "delete":
                    live.pop(str(item.id), None)
                elif item.record is not None:
                    live[str(item.id)] = item.record["full_name"]
            cursor = page.next_cursor
            if not cursor:
                break
    assert live == {created[0]: "Ana Silva", created[2]: "Joan Byrne"}
