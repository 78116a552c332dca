"""The `shopfloor` command line, run as an administrator would run it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.conftest import fresh_database_url


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from api.core.config import get_settings

    url = fresh_database_url(tmp_path, suffix="_cli")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "19456")
    monkeypatch.setenv("ARGON2_TIME_COST", "2")
    monkeypatch.setenv("ARGON2_PARALLELISM", "1")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_migrate_then_create_admin(cli_env: str) -> None:
    runner = CliRunner()
    migrated = runner.invoke(app, ["migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "Database upgraded" in migrated.output

    weak = runner.invoke(
        app,
        ["create-admin", "--email", "admin@example.org", "--display-name", "Admin"],
        input="password\npassword\n",
    )
    assert weak.exit_code == 1
    assert "too common" in weak.output

    created = runner.invoke(
        app,
        ["create-admin", "--email", "Admin@Example.org", "--display-name", "Admin"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert created.exit_code == 0, created.output
    assert "admin@example.org is an administrator" in created.output.lower()


def test_openapi_document_lists_the_api() -> None:
    result = CliRunner().invoke(app, ["openapi"])
    assert result.exit_code == 0
    assert '"/api/v1/groups/{group_id}/contacts"' in result.output
    assert '"ErrorBody"' in result.output


def test_links_name_the_address_the_server_listens_on(
    cli_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from api.core.config import get_settings

    # Recorded first, so the variable the command sets is removed again afterwards.
    monkeypatch.setenv("PUBLIC_URL", "unset")
    monkeypatch.delenv("PUBLIC_URL")
    get_settings.cache_clear()
    served: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs["port"]))
    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--port", "8101"])
    assert result.exit_code == 0, result.output
    assert served == [8101]
    assert get_settings().public_url == "http://127.0.0.1:8101"

    monkeypatch.setenv("PUBLIC_URL", "https://organise.example.org")
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8102"])  # noqa: S104
    assert result.exit_code == 0, result.output
    assert get_settings().public_url == "https://organise.example.org"
