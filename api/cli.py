"""The `shopfloor` command line."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Annotated

import typer

from api.config import get_settings

app = typer.Typer(help="Shopfloor: a private organising tool for rank-and-file groups.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="Proxies whose X-Forwarded-For is trusted")
    ] = "127.0.0.1",
) -> None:
    """Run the web server (API and web app)."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        "api.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
    )


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


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (used to generate the web app's client)."""
    from api.main import create_app

    document = create_app().openapi()
    json.dump(document, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    app()
