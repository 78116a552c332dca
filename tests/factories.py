"""Test data made the way users make it: through the HTTP API."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
import uuid
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import httpx
import pyotp
from fastapi import FastAPI

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def unique_email(prefix: str = "person") -> str:
    return f"{prefix}{next(_counter)}-{uuid.uuid4().hex[:6]}@example.org"


def mails_to(outbox: Path, email: str) -> list[str]:
    """The bodies of the mails written to the outbox for `email`, newest first."""
    parse = BytesParser(policy=policy.default).parsebytes
    found = []
    for mail in sorted(outbox.glob("*.eml"), key=lambda m: m.stat().st_mtime_ns, reverse=True):
        message = parse(mail.read_bytes())
        if message["To"] == email:
            found.append(message.get_body().get_content())  # type: ignore[union-attr]
    return found


def mailed_token(outbox: Path, email: str, link: str) -> str:
    """The token of the newest mailed `link` (such as `reset-password`) to `email`."""
    for text in mails_to(outbox, email):
        if match := re.search(re.escape(link) + r"#token=(\S+)", text):
            return match.group(1)
    raise AssertionError(f"no {link} mail for {email}")


@dataclass
class Account:
    """A signed-in person with their own HTTP client (and so their own refresh cookie)."""

    http: httpx.AsyncClient
    email: str
    password: str
    user_id: str
    access_token: str
    display_name: str
    # The authenticator app's seed once `enrol_totp` set one up, and the newest time step
    # whose code was used (the server takes each step's code once).
    totp_secret: str | None = None
    totp_last_step: int = 0

    def totp_code(self) -> str:
        """A code the server has not seen yet: the current time step's, or the next one's when
        the current one is used (the server allows one step of drift either side)."""
        assert self.totp_secret is not None, "enrol_totp first"
        current = int(time.time()) // 30
        step = max(self.totp_last_step + 1, current)
        assert step <= current + 1, "more codes than one account can use in a minute"
        self.totp_last_step = step
        return pyotp.TOTP(self.totp_secret).at(step * 30)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, url, headers=headers, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)


async def enrol_totp(account: Account) -> list[str]:
    """Set up an authenticator app on the account, as its owner would: start, read the secret,
    confirm with the app's code. Returns the recovery codes shown once."""
    response = await account.post("/api/v1/me/two-factor/totp")
    assert response.status_code == 201, response.text
    account.totp_secret = response.json()["secret"]
    response = await account.post(
        "/api/v1/me/two-factor/totp/confirm", json={"code": account.totp_code()}
    )
    assert response.status_code == 200, response.text
    codes: list[str] = response.json()["recovery_codes"]
    return codes


@dataclass
class Group:
    id: str
    name: str
    owner: Account
    members: dict[str, Account] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"/api/v1/groups/{self.id}"


@dataclass
class Accounts:
    app: FastAPI
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    _admin: Account | None = None

    def new_client(self) -> httpx.AsyncClient:
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://testserver"
        )
        self.clients.append(http)
        return http

    @property
    def outbox(self) -> Path:
        return Path(self.app.state.settings.outbox_dir)

    async def close(self) -> None:
        for http in self.clients:
            await http.aclose()

    async def signup(
        self,
        *,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        display_name: str = "Test Person",
        invite_token: str | None = None,
        expect: int = 201,
    ) -> Account:
        http = self.new_client()
        body: dict[str, Any] = {
            "email": email or unique_email(),
            "password": password,
            "display_name": display_name,
        }
        if invite_token:
            body["invite_token"] = invite_token
        response = await http.post("/api/v1/auth/signup", json=body)
        if response.status_code == 202 and expect == 201:
            # After the first account, sign-up finishes with the link mailed to the address.
            token = mailed_token(self.outbox, body["email"], "signup/confirm")
            response = await http.post("/api/v1/auth/signup/confirm", json={"token": token})
        assert response.status_code == expect, response.text
        data = response.json()
        return Account(
            http=http,
            email=body["email"],
            password=password,
            user_id=data["user"]["id"],
            access_token=data["access_token"],
            display_name=display_name,
        )

    async def admin(self) -> Account:
        """The instance's first account; sign-up is opened so others can join freely. Outside
        development an administrator needs two-factor login, so it enrols an authenticator."""
        if self._admin is None:
            self._admin = await self.signup(display_name="Instance Admin")
            await enrol_totp(self._admin)
            response = await self._admin.patch("/api/v1/admin/instance", json={"signup_open": True})
            assert response.status_code == 200, response.text
        return self._admin

    async def person(self, display_name: str = "Test Person") -> Account:
        await self.admin()
        return await self.signup(display_name=display_name)

    async def login(self, email: str, password: str = DEFAULT_PASSWORD) -> httpx.Response:
        http = self.new_client()
        return await http.post("/api/v1/auth/login", json={"email": email, "password": password})

    async def group(self, owner: Account | None = None, name: str = "Riverside Depot") -> Group:
        owner = owner or await self.person("Group Owner")
        response = await owner.post("/api/v1/groups", json={"name": name})
        assert response.status_code == 201, response.text
        return Group(id=response.json()["id"], name=name, owner=owner)

    async def invite(self, group: Group, role: str = "member", by: Account | None = None) -> str:
        response = await (by or group.owner).post(f"{group.url}/invites", json={"role": role})
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        return token

    async def member(self, group: Group, role: str = "member", name: str | None = None) -> Account:
        """A new person who joined `group` through an invite link."""
        token = await self.invite(group, role)
        person = await self.person(name or f"A {role}")
        response = await person.post("/api/v1/invites/accept", json={"token": token})
        assert response.status_code == 200, response.text
        group.members[person.user_id] = person
        return person

    async def membership_id(self, group: Group, account: Account) -> str:
        return await self.membership_id_as(group, account, viewer=group.owner)

    async def membership_id_as(
        self, group: Group, account: Account, viewer: Account | None = None
    ) -> str:
        response = await (viewer or account).get(f"{group.url}/members", params={"limit": 200})
        for item in response.json()["items"]:
            if item["user_id"] == account.user_id:
                return str(item["id"])
        raise AssertionError("not a member")


# --- workplaces and contacts --------------------------------------------------------------


async def create_ok(
    account: Account, url: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """POST that must answer 201 Created; the JSON it returned."""
    response = await account.post(url, json=body, headers=headers or {})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def make_workplace(
    group: Group, name: str = "Riverside Depot", **fields: Any
) -> dict[str, Any]:
    return await create_ok(group.owner, f"{group.url}/workplaces", {"name": name, **fields})


async def make_department(
    group: Group, workplace_id: str, name: str = "Garage", **fields: Any
) -> dict[str, Any]:
    url = f"{group.url}/workplaces/{workplace_id}/departments"
    return await create_ok(group.owner, url, {"name": name, **fields})


async def make_shift(
    group: Group, workplace_id: str, name: str = "Nights", **fields: Any
) -> dict[str, Any]:
    url = f"{group.url}/workplaces/{workplace_id}/shifts"
    return await create_ok(group.owner, url, {"name": name, **fields})


async def make_contact(
    group: Group, full_name: str = "Sam Okafor", by: Account | None = None, **fields: Any
) -> dict[str, Any]:
    body = {"full_name": full_name, **fields}
    return await create_ok(by or group.owner, f"{group.url}/contacts", body)


async def log_conversation(
    group: Group, contact_id: str, by: Account | None = None, **fields: Any
) -> dict[str, Any]:
    url = f"{group.url}/contacts/{contact_id}/conversations"
    return await create_ok(by or group.owner, url, fields)


async def get_ok(account: Account, url: str, **params: Any) -> Any:
    response = await account.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def list_all(account: Account, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following `next_cursor` page by page."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page = await get_ok(account, url, **params, **({"cursor": cursor} if cursor else {}))
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def names(account: Account, url: str, key: str = "full_name", **params: Any) -> list[str]:
    return [item[key] for item in await list_all(account, url, **params)]


# --- disputes and solidarity --------------------------------------------------------------


async def post_created(account: Account, url: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST that must create (201); the record as the API returned it."""
    response = await account.post(url, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def new_workplace(group: Group, name: str = "Riverside Depot") -> str:
    workplace = await post_created(group.owner, f"{group.url}/workplaces", {"name": name})
    return str(workplace["id"])


async def new_contact(group: Group, full_name: str = "Sam Okafor") -> str:
    contact = await post_created(group.owner, f"{group.url}/contacts", {"full_name": full_name})
    return str(contact["id"])


async def new_dispute(
    group: Group, title: str = "Night shift pay cut", **fields: Any
) -> dict[str, Any]:
    return await post_created(group.owner, f"{group.url}/disputes", {"title": title, **fields})


async def new_ballot(group: Group, dispute_id: str, **fields: Any) -> dict[str, Any]:
    body = {"opens_on": "2025-05-01", "closes_on": "2025-05-15", **fields}
    return await post_created(group.owner, f"{group.url}/disputes/{dispute_id}/ballots", body)


async def new_action(group: Group, title: str = "Picket visit", **fields: Any) -> dict[str, Any]:
    body = {"kind": "picket_visit", "title": title, "occurs_at": "2026-03-10T07:00:00Z", **fields}
    return await post_created(group.owner, f"{group.url}/actions", body)


async def tombstones(accounts: Accounts, group: Group) -> dict[str, set[str]]:
    """The group's tombstones by entity type (read from the database: no route lists them)."""
    from sqlmodel import col, select

    from api.core.changelog import Tombstone

    async with accounts.app.state.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Tombstone.entity_type, Tombstone.entity_id).where(
                    col(Tombstone.group_id) == uuid.UUID(group.id)
                )
            )
        ).all()
    found: dict[str, set[str]] = {}
    for entity_type, entity_id in rows:
        found.setdefault(entity_type, set()).add(str(entity_id))
    return found


# --- change feed and webhooks -------------------------------------------------------------


class StaticResolver:
    """A DNS stand-in for webhook tests: host name -> addresses, changeable mid-test."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self.names = dict(names or {})

    async def resolve(self, host: str, port: int) -> list[str]:
        if host not in self.names:
            raise OSError(f"{host} does not resolve")
        return list(self.names[host])


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


# What a receiver answers: it must never show up in Shopfloor's delivery log.
RECEIVER_ANSWER = b"receiver-internal-detail"


class WebhookReceiver:
    """A real HTTP server on 127.0.0.1 that records each request and answers the next status
    from `statuses` (the last one repeats)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [200])
        self.requests: list[Received] = []
        self.connections = 0
        self.port = 0
        self.received = asyncio.Event()
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def __aenter__(self) -> WebhookReceiver:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            request_line = (await reader.readline()).decode("latin-1").split()
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            status = self.statuses[min(len(self.requests), len(self.statuses) - 1)]
            self.requests.append(Received(request_line[0], request_line[1], headers, body))
            self.received.set()
            answer = RECEIVER_ANSWER
            writer.write(
                f"HTTP/1.1 {status} Status\r\nContent-Length: {len(answer)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + answer
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()


# --- imports and exports ------------------------------------------------------------------


async def upload_csv(
    group: Group,
    data: bytes,
    filename: str = "contacts.csv",
    kind: str = "contacts",
    by: Account | None = None,
    expect: int = 201,
) -> dict[str, Any]:
    """Upload a CSV file for import; the import as the API describes it."""
    response = await (by or group.owner).post(
        f"{group.url}/imports",
        files={"file": (filename, data, "text/csv")},
        data={"kind": kind},
    )
    assert response.status_code == expect, response.text
    uploaded: dict[str, Any] = response.json()
    return uploaded


async def map_import(
    group: Group, import_id: str, columns: dict[str, str | None] | None = None, **options: Any
) -> dict[str, Any]:
    """Confirm a mapping (the suggested one when `columns` is None)."""
    url = f"{group.url}/imports/{import_id}"
    if columns is None:
        columns = (await get_ok(group.owner, url))["suggested_mapping"]
    response = await group.owner.request(
        "PUT", f"{url}/mapping", json={"columns": columns, **options}
    )
    assert response.status_code == 200, response.text
    mapped: dict[str, Any] = response.json()
    return mapped


async def run_import(
    group: Group, import_id: str, *, skip_invalid_rows: bool = False
) -> dict[str, Any]:
    """Start the run and return the import once it has finished (the test transport waits
    for the app's background task before answering)."""
    url = f"{group.url}/imports/{import_id}"
    response = await group.owner.post(f"{url}/run", json={"skip_invalid_rows": skip_invalid_rows})
    assert response.status_code == 202, response.text
    finished: dict[str, Any] = await get_ok(group.owner, url)
    return finished


async def import_report(group: Group, import_id: str) -> list[dict[str, str]]:
    """The import's downloadable report, one dict per row."""
    import csv
    import io

    response = await group.owner.get(f"{group.url}/imports/{import_id}/report.csv")
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- bulletin editions --------------------------------------------------------------------


async def new_bulletin(
    group: Group, title: str = "The Depot Worker", **fields: Any
) -> dict[str, Any]:
    return await post_created(group.owner, f"{group.url}/bulletins", {"title": title, **fields})


async def new_edition(
    group: Group, bulletin_id: str, edition_date: str = "2026-03-02", **fields: Any
) -> dict[str, Any]:
    url = f"{group.url}/bulletins/{bulletin_id}/editions"
    return await post_created(group.owner, url, {"edition_date": edition_date, **fields})


async def new_article(
    group: Group, edition_id: str, section: str = "front", **texts: tuple[str, str]
) -> dict[str, Any]:
    """An article with a (headline, body) per language, keyed like `en_GB=(...)`."""
    body = {
        "section": section,
        "texts": {
            language.replace("_", "-"): {"headline": headline, "body": text}
            for language, (headline, text) in texts.items()
        },
    }
    return await post_created(group.owner, f"{group.url}/editions/{edition_id}/articles", body)


async def clear_for_print(group: Group, edition_id: str) -> dict[str, Any]:
    """Run the identification check, confirm every finding and tick the checklist."""
    check_url = f"{group.url}/editions/{edition_id}/identification-check"
    response = await group.owner.post(check_url)
    assert response.status_code == 200, response.text
    keys = [finding["key"] for finding in response.json()["findings"]]
    if keys:
        response = await group.owner.post(f"{check_url}/confirmations", json={"keys": keys})
        assert response.status_code == 200, response.text
    items = ["facts_checked", "no_one_identifiable", "nothing_defamatory"]
    response = await group.owner.post(f"{check_url}/checklist", json={"items": items})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result
