"""The `shopfloor` command line."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer

from api.core.config import get_settings
from api.imports.enums import Delimiter, FileEncoding

app = typer.Typer(help="Shopfloor: a private organising tool for rank-and-file groups.")


@app.callback()
def _wire_domains() -> None:
    from api.wiring import wire

    wire()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="Proxies whose X-Forwarded-For is trusted")
    ] = "127.0.0.1",
    access_log: Annotated[
        bool, typer.Option(help="Log every request (off: a line per request costs throughput)")
    ] = False,
) -> None:
    """Run the web server (API and web app). Links in mail (invites, sign-up, resets) name
    this address and port unless PUBLIC_URL is set."""
    import uvicorn

    default_public_url(host, port)

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        "api.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
        access_log=access_log,
    )


def default_public_url(host: str, port: int) -> None:
    """PUBLIC_URL, when neither the environment nor .env sets it, is where this server listens
    (a wildcard address is reached as localhost on the machine itself)."""
    if "public_url" in get_settings().model_fields_set:
        return
    reachable = "localhost" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104
    if ":" in reachable:
        reachable = f"[{reachable}]"
    os.environ["PUBLIC_URL"] = f"http://{reachable}:{port}"
    get_settings.cache_clear()


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Upgrade the database schema (to the latest version by default)."""
    from api.migrations import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"Database upgraded to {revision}.")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True, help="Administrator's email")],
    display_name: Annotated[str, typer.Option(prompt="Name", help="Display name")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Create an instance administrator (or make an existing account one)."""
    from api.seed.accounts import create_admin_account

    try:
        asyncio.run(create_admin_account(get_settings(), email, display_name, password))
    except ValueError as exc:
        typer.echo(f"Not created: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{email} is an administrator.")


@app.command("seed-demo")
def seed_demo() -> None:
    """Fill a clearly marked demo group with realistic made-up data and print its login."""
    from api.seed.demo import seed_demo_data

    login = asyncio.run(seed_demo_data(get_settings()))
    typer.echo(f"Demo group ready. Log in at {get_settings().public_url} with")
    typer.echo(f"  email:    {login.email}")
    typer.echo(f"  password: {login.password}")


@app.command("webhook-worker")
def webhook_worker() -> None:
    """Deliver webhooks (and compact the change log daily) as a process of its own.

    Use it when several app servers run: set WEBHOOK_WORKER_ENABLED=false for them and run
    one or more of these (Postgres; on SQLite keep the single in-app worker)."""
    from api.webhooks.worker import run_standalone

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(run_standalone(get_settings()))


@app.command("compact-changes")
def compact_changes() -> None:
    """Run the daily maintenance now: delete change-log entries and tombstones older than
    CHANGE_RETENTION_DAYS and old entries of the webhook delivery logs, and run the groups'
    enabled retention rules (the worker also does this once a day)."""
    from api.webhooks.worker import compact_once

    settings = get_settings()
    compacted, pruned = asyncio.run(compact_once(settings))
    typer.echo(
        f"Removed {compacted.changes_deleted} changes and {compacted.tombstones_deleted} "
        f"tombstones older than {settings.change_retention_days} days, and {pruned} webhook "
        f"deliveries older than {settings.webhook_log_retention_days} days."
    )


@app.command("import-contacts")
def import_contacts(
    group_id: Annotated[uuid.UUID, typer.Argument(help="The group's id")],
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A CSV file")
    ],
    as_email: Annotated[
        str, typer.Option("--as", help="Email of the organiser or owner importing")
    ],
    mapping: Annotated[
        str,
        typer.Option(help="`guessed` (from the column names) or a JSON file of column: field"),
    ] = "guessed",
    skip_invalid_rows: Annotated[
        bool, typer.Option(help="Import the valid rows even if some fail (else nothing is)")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write the row-by-row outcome report (CSV) here")
    ] = None,
    encoding: Annotated[
        FileEncoding | None,
        typer.Option(help="Read the CSV file in this encoding rather than the detected one"),
    ] = None,
    delimiter: Annotated[
        Delimiter | None,
        typer.Option(help="The CSV file's separator, rather than the detected one"),
    ] = None,
) -> None:
    """Import contacts from a CSV file, as the app does: all or nothing, with a report."""
    from api.imports.cli import import_contacts as run

    code = asyncio.run(
        run(
            get_settings(),
            group_id,
            file,
            as_email,
            mapping=mapping,
            skip_invalid_rows=skip_invalid_rows,
            report_path=report,
            encoding=encoding,
            delimiter=delimiter,
            echo=typer.echo,
        )
    )
    raise typer.Exit(code)


@app.command()
def retention(
    group_id: Annotated[
        uuid.UUID | None, typer.Option("--group", help="Only this group (default: every group)")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would go, and change nothing")
    ] = False,
) -> None:
    """Run the groups' enabled retention rules now (the worker also does this once a day)."""
    from api.privacy.cli import run_retention

    asyncio.run(run_retention(get_settings(), group_id, dry_run=dry_run, echo=typer.echo))


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (used to generate the web app's client)."""
    from api.main import create_app

    document = create_app().openapi()
    json.dump(document, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    app()
