"""Time a large contacts CSV import end to end, through the API, on a fresh database.

    .venv/bin/python scripts/bench_import.py                      # SQLite in a temp folder
    .venv/bin/python scripts/bench_import.py --database-url \\
        postgresql+asyncpg://postgres@127.0.0.1:5432/shopfloor_bench   # dropped and recreated
    .venv/bin/python scripts/bench_import.py --rows 20000

Not part of the test suite (it takes a minute or more). It prints the time for the upload,
the preview (which plans every row) and the run, and checks every row arrived.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.core.config import Environment, Settings
from api.main import create_app
from api.migrations import upgrade
from tests.conftest import is_postgres, recreate_postgres_database

FIRST = ["Sam", "Priya", "Tom", "Ann", "José", "Aisha", "Chris", "Mei", "Olu", "Kasia"]
LAST = ["Okafor", "Shah", "Byrne", "Lee", "Müller", "Khan", "Evans", "Wong", "Ade", "Nowak"]


def contacts_csv(rows: int) -> bytes:
    rng = random.Random(7)  # noqa: S311 - made-up test data
    lines = ["Full name,Email address,Mobile,Workplace,Dept,Shift,Union member?,Tags,Notes"]
    for n in range(rows):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        lines.append(
            f"{name},person{n}@example.org,07700 {n:06d},Depot {n % 20},Area {n % 5},"
            f"Shift {n % 3},{rng.choice(['yes', 'no', ''])},\"rep, nights\",Met at gate {n % 7}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


async def bench(database_url: str, rows: int) -> None:
    settings = Settings(
        environment=Environment.test,
        database_url=database_url,
        secret_key="bench-" + "x" * 40,
        argon2_memory_kib=19_456,
        argon2_time_cost=2,
        argon2_parallelism=1,
        webhook_worker_enabled=False,
    )
    app = create_app(settings)
    data = contacts_csv(rows)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=900
        ) as http,
    ):
        signup = await http.post(
            "/api/v1/auth/signup",
            json={
                "email": "bench@example.org",
                "password": "a long bench passphrase",
                "display_name": "Bench",
            },
        )
        signup.raise_for_status()
        auth = {"Authorization": f"Bearer {signup.json()['access_token']}"}
        group = await http.post("/api/v1/groups", json={"name": "Bench"}, headers=auth)
        group.raise_for_status()
        base = f"/api/v1/groups/{group.json()['id']}"

        started = time.perf_counter()
        upload = await http.post(
            f"{base}/imports", files={"file": ("bench.csv", data)}, headers=auth
        )
        upload.raise_for_status()
        uploaded = time.perf_counter()
        url = f"{base}/imports/{upload.json()['id']}"
        mapping = {"columns": upload.json()["suggested_mapping"]}
        (await http.put(f"{url}/mapping", json=mapping, headers=auth)).raise_for_status()
        preview = await http.get(f"{url}/preview", headers=auth)
        preview.raise_for_status()
        previewed = time.perf_counter()
        # The test transport answers once the app's background task (the run) has finished.
        (await http.post(f"{url}/run", json={}, headers=auth)).raise_for_status()
        ran = time.perf_counter()
        result = (await http.get(url, headers=auth)).json()
    await app.state.engine.dispose()
    assert result["status"] == "done", result
    assert result["counts"]["created"] == rows, result["counts"]
    size = len(data) / 1_048_576
    print(f"database:  {database_url.split('://')[0]}")
    print(f"rows:      {rows} ({size:.1f} MB)")
    print(f"upload:    {uploaded - started:6.1f} s")
    print(f"preview:   {previewed - uploaded:6.1f} s  {preview.json()['summary']}")
    print(f"run:       {ran - previewed:6.1f} s  ({rows / (ran - previewed):,.0f} rows/s)")
    print(f"counts:    {result['counts']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a Postgres URL (its database is recreated)")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        if is_postgres(url):
            asyncio.run(recreate_postgres_database(url))
        upgrade(url)
        asyncio.run(bench(url, args.rows))


if __name__ == "__main__":
    main()
