"""The read path's economy: the caller in one statement, reads outside transactions on
PostgreSQL, no thread-pool hops, rows rendered straight to JSON, and a connection the server
dropped replaced without the caller noticing."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlmodel import col

from api.changes.schemas import ChangePage
from api.contacts.schemas.history import HistoryEntry
from api.core.db import write_from_here
from api.core.pagination import Page
from api.core.tenants import Group as GroupRow
from api.routes import api_routes
from api.workplaces.schemas.chart import WorkplaceChart
from tests.factories import (
    Accounts,
    get_ok,
    log_conversation,
    make_contact,
    make_department,
    make_shift,
    make_workplace,
)


@contextmanager
def statements_run(app: FastAPI) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def is_postgres(app: FastAPI) -> bool:
    return bool(app.state.engine.dialect.name == "postgresql")


async def test_a_group_read_finds_its_caller_and_membership_in_one_statement(
    app: FastAPI, accounts: Accounts
) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    await make_contact(group, "Sam Okafor")
    with statements_run(app) as seen:
        page = await get_ok(member, f"{group.url}/contacts")
    assert [item["full_name"] for item in page["items"]] == ["Sam Okafor"]
    # The caller with their membership, then the page: a member's first page is not audited.
    assert len(seen) == 2, seen
    assert "auth_sessions" in seen[0]
    assert "memberships" in seen[0]


async def test_an_api_token_finds_its_grant_and_membership_in_one_statement(
    app: FastAPI, accounts: Accounts
) -> None:
    group = await accounts.group()
    await make_contact(group, "Sam Okafor")
    created = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Sheet sync", "scopes": ["contacts:read"]}
    )
    assert created.status_code == 201, created.text
    headers = {"Authorization": f"Bearer {created.json()['secret']}"}
    http = accounts.new_client()
    await http.get(f"{group.url}/contacts", headers=headers)  # its last use is now recorded
    with statements_run(app) as seen:
        response = await http.get(
            f"{group.url}/contacts/{(await first_id(group))}", headers=headers
        )
    assert response.status_code == 200, response.text
    assert response.json()["full_name"] == "Sam Okafor"
    callers = [statement for statement in seen if "api_tokens" in statement]
    assert len(callers) == 1
    assert "memberships" in callers[0]
    assert not any(
        "FROM memberships" in statement for statement in seen if statement is not callers[0]
    )


async def first_id(group: Any) -> str:
    page = await get_ok(group.owner, f"{group.url}/contacts")
    return str(page["items"][0]["id"])


async def test_membership_read_with_the_caller_still_decides_access(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(await accounts.person("Outsider"), name="Elsewhere")
    member = await accounts.member(group, "member")
    refused = await other.owner.get(f"{group.url}/contacts")
    assert refused.status_code == 404
    assert refused.json()["error"] == "group_not_found"
    assert (await member.get(f"{group.url}/contacts")).status_code == 200
    removed = await group.owner.delete(
        f"{group.url}/members/{await accounts.membership_id(group, member)}"
    )
    assert removed.status_code == 204, removed.text
    gone = await member.get(f"{group.url}/contacts")
    assert gone.status_code == 404
    assert gone.json()["error"] == "group_not_found"


async def test_a_contact_read_from_its_columns_is_what_the_write_answered(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    workplace = await make_workplace(group)
    created = await make_contact(
        group,
        "Zoë Ní Bhriain",
        workplace_id=workplace["id"],
        membership_status="member",
        phone="+44 7700 900123",
        email="zoe@example.org",
        preferred_language="ga",
        other_languages=["en"],
        organiser_id=group.owner.user_id,
        tags=["canteen"],
        notes="Nights",
        external_id="row-9",
    )
    await log_conversation(group, created["id"], assessment={"level": 2})
    updated = await group.owner.patch(
        f"{group.url}/contacts/{created['id']}", json={"version": 2, "job_title": "Driver"}
    )
    assert updated.status_code == 200, updated.text
    answered = await group.owner.get(f"{group.url}/contacts/{created['id']}")
    assert answered.status_code == 200
    assert answered.headers["content-type"] == "application/json"
    assert answered.headers["etag"] == updated.headers["etag"]
    assert answered.json() == updated.json()
    listed = await get_ok(group.owner, f"{group.url}/contacts")
    assert listed == {"items": [updated.json()], "next_cursor": None}


def runs_on_the_event_loop(call: Callable[..., Any]) -> bool:
    if inspect.isclass(call):
        return False
    target = call if inspect.isroutine(call) else type(call).__call__
    return inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)


async def test_no_dependency_hops_through_the_thread_pool(app: FastAPI) -> None:
    """FastAPI runs a plain `def` dependency in a worker thread: a hop on every request."""
    sync = {
        f"{route.path}: {getattr(call, '__qualname__', call)}"
        for route in api_routes(app)
        for call in route.calls
        if not runs_on_the_event_loop(call)
    }
    assert sync == set()


async def test_a_read_that_writes_unannounced_is_refused(app: FastAPI, accounts: Accounts) -> None:
    """A read request's writes must be one transaction, so they are announced first."""
    async with app.state.read_sessionmaker() as session:
        with pytest.raises(RuntimeError, match="write_from_here"):
            await session.execute(insert(GroupRow).values(name="Sneaky"))
        await session.rollback()
        await write_from_here(session)
        nobody = update(GroupRow).where(col(GroupRow.id) == uuid.uuid4()).values(name="Announced")
        assert (await session.execute(nobody)).rowcount == 0
        await session.rollback()


async def transactions_seen(session: Any) -> int:
    """How many transactions two statements ran in (`now()` is when a transaction began)."""
    return len({(await session.execute(select(func.now()))).scalar() for _ in range(2)})


async def test_reads_run_outside_a_transaction_on_postgres(app: FastAPI) -> None:
    if not is_postgres(app):
        pytest.skip("autocommit reads are a PostgreSQL economy")
    async with app.state.read_sessionmaker() as session:
        assert await transactions_seen(session) == 2
        await write_from_here(session)
        assert await transactions_seen(session) == 1
        await session.rollback()
    async with app.state.sessionmaker() as session:
        assert await transactions_seen(session) == 1


async def test_a_connection_the_server_dropped_is_replaced(
    app: FastAPI, accounts: Accounts
) -> None:
    """No pre-ping: the first statement on a dead connection is run again on a fresh one."""
    if not is_postgres(app):
        pytest.skip("needs a server that can drop connections")
    group = await accounts.group()
    await make_contact(group, "Sam Okafor")
    await get_ok(group.owner, f"{group.url}/contacts")  # the pool now holds connections
    url = make_url(app.state.settings.database_url)
    admin = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, database="postgres"
    )
    try:
        dropped = await admin.fetchval(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            url.database,
        )
    finally:
        await admin.close()
    assert dropped >= 1
    page = await get_ok(group.owner, f"{group.url}/contacts")
    assert [item["full_name"] for item in page["items"]] == ["Sam Okafor"]
    created = await group.owner.post(f"{group.url}/contacts", json={"full_name": "Ana Pop"})
    assert created.status_code == 201, created.text


async def test_answers_rendered_from_rows_are_exactly_what_their_schemas_write(
    accounts: Accounts,
) -> None:
    """History, the wall chart and the change feed answer with JSON made from their rows;
    each answer, read back into its schema and written by pydantic, is the same JSON, so no
    client can tell the rendering from the models'."""
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot", estimated_headcount=12)
    garage = await make_department(group, depot["id"], "Garage")
    nights = await make_shift(group, depot["id"], "Nights")
    sam = await make_contact(
        group,
        "Sam Okafor",
        workplace_id=depot["id"],
        department_id=garage["id"],
        shift_id=nights["id"],
        preferred_language="pl",
        other_languages=["en"],
        tags=["canteen"],
    )
    await make_contact(group, "Jo Bloggs", workplace_id=depot["id"], membership_status="member")
    await log_conversation(
        group,
        sam["id"],
        notes="Pay cut",
        issues=["pay"],
        assessment={"level": 2, "reason": "Keen"},
        follow_up={"title": "Call back"},
    )
    updated = await group.owner.patch(
        f"{group.url}/contacts/{sam['id']}", json={"version": 2, "job_title": "Driver"}
    )
    assert updated.status_code == 200, updated.text

    answers: list[tuple[type[BaseModel], str]] = [
        (Page[HistoryEntry], f"{group.url}/contacts/{sam['id']}/history"),
        (WorkplaceChart, f"{group.url}/workplaces/{depot['id']}/chart"),
        (WorkplaceChart, f"{group.url}/workplaces/{depot['id']}/chart?shift={nights['id']}"),
        (ChangePage, f"{group.url}/changes"),
    ]
    for schema, url in answers:
        response = await group.owner.get(url)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        answer = response.json()
        assert schema.model_validate(answer).model_dump(mode="json") == answer, url
    history = (await group.owner.get(answers[0][1])).json()["items"]
    kinds = [entry["kind"] for entry in history]
    assert sorted(kinds) == ["assessment", "conversation", "edit", "edit"]
    assert kinds[0] == "edit"
    assert history[0]["edit"]["fields"] == ["job_title"]
    assert all(entry["by_name"] for entry in history)
    feed = (await group.owner.get(answers[3][1])).json()["items"]
    records = {item["type"]: item["record"] for item in feed if item["record"]}
    assert {"workplace", "department", "shift", "contact", "assessment", "conversation"} <= set(
        records
    )
    assert records["follow_up"]["contact_id"] == sam["id"]
