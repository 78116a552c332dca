"""`make bench` cannot rot: its smoke run (tiny data, a few requests per scenario, no timing
asserted) loads the dataset through the current models, serves the app and the reference
server, checks that both answer every read with 2xx and the same rows, logs conversations,
imports through the API and the CLI and reads on SQLite. It needs PostgreSQL (the reference
speaks it), so it runs in the PostgreSQL pass of `make test`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import is_postgres

ROOT = Path(__file__).resolve().parent.parent
TEST_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.mark.skipif(
    not is_postgres(TEST_URL), reason="the benchmark's reference server needs PostgreSQL"
)
def test_the_benchmark_runs_every_scenario_on_both_servers_without_an_error() -> None:
    # Its own database beside the suite's, named after it, so parallel checkouts never share.
    url = make_url(TEST_URL).set(database=f"{make_url(TEST_URL).database}_bench")
    completed = subprocess.run(  # noqa: S603 - the project's own benchmark
        [
            sys.executable,
            "-m",
            "bench",
            "--smoke",
            "--database-url",
            url.render_as_string(hide_password=False),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    for scenario in ("(a)", "(g)", "(h)", "(i)", "sqlite"):
        assert scenario in completed.stdout, output
    assert "FAILED" not in output
