"""`make bench`: the app against a bare Starlette + asyncpg + orjson server running the app's
own SQL, on a large realistic PostgreSQL dataset, driven by wrk; then writes, imports, the
app's peak memory and the same reads on the SQLite default. See docs/benchmarks.md.

    .venv/bin/python -m bench                      # the full run (tens of minutes)
    .venv/bin/python -m bench --quick              # one short round, smaller data
    .venv/bin/python -m bench --only list,search --rounds 3 --seconds 10
    .venv/bin/python -m bench --smoke              # tiny data, a few requests: `make test`
    .venv/bin/python -m bench --profile            # also py-spy profiles of every scenario

Exits non-zero when any request failed (a non-2xx answer or a socket error), when the two
servers answered a scenario with different rows, or when the dataset no longer fits the models.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.passwords import Passwords
from api.changes.service import compact_changes, encode_position
from api.core.changelog import Change
from api.core.config import Environment, Settings
from api.core.db import create_engine
from api.core.security import issue_access_token
from api.main import create_app
from api.migrations import upgrade
from bench import capture, dataset, profile, servers, wrk

ROOT = servers.ROOT
DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/shopfloor_bench"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:results -->", "<!-- bench:results-end -->"
PROFILE_START, PROFILE_END = "<!-- bench:profiles -->", "<!-- bench:profiles-end -->"
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NAME_FRAGMENT = "wrig"  # found in "Wright" (and so in a few hundred names of a group)


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    path: str  # under the group's /api/v1/groups/{id}
    method: str = "GET"
    body: dict[str, Any] | None = None
    write: bool = False


@dataclass
class Row:
    scenario: str
    server: str
    runs: list[wrk.Figures] = field(default_factory=list)
    reference: Row | None = None

    @property
    def per_second(self) -> float:
        return statistics.median(run.per_second for run in self.runs)

    @property
    def errors(self) -> int:
        return sum(run.errors for run in self.runs)

    def cells(self) -> list[str]:
        ratio = f"{self.per_second / self.reference.per_second:.2f}" if self.reference else ""
        return [
            self.scenario,
            self.server,
            f"{self.per_second:,.0f}",
            ratio,
            f"{statistics.median(run.p50_ms for run in self.runs):,.1f}",
            f"{statistics.median(run.p99_ms for run in self.runs):,.1f}",
            str(self.errors),
        ]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    profiles: dict[str, str] = field(default_factory=dict)
    database: str = "PostgreSQL"
    # Taken before the run puts its own load on the machine (the app, the database and wrk
    # keep about two cores busy): what else was running.
    load_before: float = field(default_factory=lambda: os.getloadavg()[0])

    def table(self) -> str:
        header = ["scenario", "server", "req/s", "ratio", "p50 ms", "p99 ms", "errors"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row.cells()) + " |" for row in self.rows]
        return "\n".join(lines)


def read_scenarios(credentials: dataset.Credentials) -> list[Scenario]:
    workplace = credentials.workplace_ids[0]
    contact = credentials.contact_ids[len(credentials.contact_ids) // 2]
    feed = encode_position(credentials.group_id, credentials.feed_after)
    return [
        Scenario("a", "contacts list, first 50, by workplace and level",
                 f"/contacts?workplace_id={workplace}&assessment_level=2&limit=50"),
        Scenario("b", f"contacts search by a name fragment ({NAME_FRAGMENT!r})",
                 f"/contacts?q={NAME_FRAGMENT}&limit=50"),
        Scenario("c", "one contact", f"/contacts/{contact}"),
        Scenario("d", "a contact's history", f"/contacts/{contact}/history"),
        Scenario("e", "a workplace's wall chart", f"/workplaces/{workplace}/chart"),
        Scenario("f100", "change feed, 100 items", f"/changes?limit=100&cursor={feed}"),
        Scenario("f500", "change feed, 500 items", f"/changes?limit=500&cursor={feed}"),
    ]  # fmt: skip


WRITE = Scenario(
    "g",
    "log a conversation with an assessment and a follow-up",
    "/contacts/{contact}/conversations",
    method="POST",
    body={
        "channel": "in_person",
        "issues": ["pay", "rota"],
        "notes": "Talked at the gate about the new targets",
        "assessment": {"level": 2, "reason": "Signed the petition"},
        "follow_up": {"title": "Bring a membership form", "due_on": "2030-01-15"},
    },
    write=True,
)


@dataclass(frozen=True)
class Options:
    database_url: str
    scale: dataset.Scale
    rounds: int
    seconds: float
    connections: int
    only: frozenset[str] | None
    import_rows: int
    sqlite_contacts: int
    profile: bool
    write_doc: bool
    smoke: bool
    keep_data: bool

    def wants(self, key: str) -> bool:
        return self.only is None or key in self.only or key.rstrip("0123456789") in self.only

    def reads(self, credentials: dataset.Credentials) -> list[Scenario]:
        """The read scenarios asked for; all of them when only writes, imports or SQLite are."""
        scenarios = read_scenarios(credentials)
        return [scenario for scenario in scenarios if self.wants(scenario.key)] or scenarios

    @property
    def wants_postgres(self) -> bool:
        return self.only is None or bool(self.only - {"j"})


# --- preparing ---------------------------------------------------------------------------------


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    print(f"{name}…", flush=True)
    yield
    print(f"{name}: {time.perf_counter() - started:.1f} s", flush=True)


def ensure_tools(profile_wanted: bool) -> None:
    subprocess.run([str(ROOT / "scripts" / "ensure-postgres.sh")], check=True)  # noqa: S603
    subprocess.run([str(ROOT / "bench" / "ensure-wrk.sh")], check=True)  # noqa: S603
    if profile_wanted and not (servers.BIN / "py-spy").exists():
        raise SystemExit("py-spy is missing: run `make install` (it is a dev dependency)")


async def on_server(url: str, *statements: str) -> str:
    """Runs `statements` on `url`'s PostgreSQL server, in its maintenance database."""
    import asyncpg

    parsed = make_url(url)
    admin = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database="postgres",
    )
    try:
        for statement in statements:
            await admin.execute(statement)
        version: str = await admin.fetchval("SHOW server_version")
        return version
    finally:
        await admin.close()


def database_name(url: str) -> str:
    name = make_url(url).database or ""
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"the benchmark's database name must be a plain word, not {name!r}")
    return name


def recreate_database(url: str) -> str:
    """A new, empty database for the run; returns the server's version."""
    name = database_name(url)
    return asyncio.run(
        on_server(
            url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
        )
    )


def drop_database(url: str) -> None:
    asyncio.run(on_server(url, f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)'))


async def fill(settings: Settings, scale: dataset.Scale, password_hash: str) -> dataset.Credentials:
    url = settings.database_url
    started = time.perf_counter()
    rows, credentials = dataset.build(scale, password_hash=password_hash)
    built = time.perf_counter()
    print(f"dataset built in {built - started:.1f} s", flush=True)
    # A COPY of half a million changes takes longer than the app's statement timeout.
    engine = create_engine(url, statement_timeout_seconds=3600)
    try:
        async with engine.begin() as connection:
            counts = await dataset.load(connection, rows)
        # The app's own maintenance (its server runs it at start): the change log keeps only
        # what the retention allows, as on any server that has been running a while.
        async with engine.begin() as connection:
            session = AsyncSession(bind=connection)
            await compact_changes(
                session, now=datetime.now(UTC), retention_days=settings.change_retention_days
            )
            oldest = await session.scalar(
                select(func.min(col(Change.seq))).where(
                    col(Change.group_id) == credentials.group_id
                )
            )
            credentials.feed_after = (oldest or 1) - 1
        if url.startswith("postgresql"):
            async with engine.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                await connection.exec_driver_sql("ANALYZE")
    finally:
        await engine.dispose()
    loaded = time.perf_counter()
    largest = ", ".join(f"{table} {n:,}" for table, n in counts.items() if n > 999)
    print(f"dataset: {sum(counts.values()):,} rows loaded in {loaded - built:.1f} s ({largest})")
    return credentials


def bench_settings(url: str, secret: str) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url=url,
        secret_key=secret,
        webhook_worker_enabled=False,
        # The bench account's password is hashed once, quickly: logins are not measured here.
        argon2_memory_kib=19_456,
        argon2_time_cost=2,
        argon2_parallelism=1,
    )


def bearer(credentials: dataset.Credentials, secret: str) -> dict[str, str]:
    token, _ = issue_access_token(
        user_id=credentials.user_id,
        session_id=credentials.session_id,
        secret=secret,
        minutes=24 * 60,
    )
    return {"Authorization": f"Bearer {token}"}


# --- the SQL the app runs, and whether the reference answers the same --------------------------


def ids_in(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str) and UUID_TEXT.fullmatch(item):
                found.add(item)
            else:
                found |= ids_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= ids_in(item)
    return found


async def capture_app_sql(
    settings: Settings, base: str, headers: dict[str, str], scenarios: list[Scenario]
) -> tuple[dict[str, list[capture.Statement]], dict[str, Any]]:
    """Each read scenario answered once by the app in this process: its data SQL, its answer."""
    app = create_app(settings)
    statements: dict[str, list[capture.Statement]] = {}
    answers: dict[str, Any] = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app") as http,
    ):
        for scenario in scenarios:
            with capture.recording(app.state.engine) as sent:
                response = await http.get(base + scenario.path, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{scenario.key}: the app answered {response.status_code}")
            statements[scenario.key] = capture.data_reads(sent)
            answers[scenario.key] = response.json()
    await app.state.engine.dispose()
    return statements, answers


def compare(scenario: Scenario, app_answer: Any, reference_answer: Any, report: Report) -> None:
    app_ids, reference_ids = ids_in(app_answer), ids_in(reference_answer)
    missing = app_ids - reference_ids
    if missing:
        report.failures.append(
            f"{scenario.key}: the reference's rows lack {len(missing)} of the app's ids "
            f"(e.g. {sorted(missing)[0]}): its SQL is not the app's"
        )
    if not reference_answer or not any(reference_answer):
        report.failures.append(f"{scenario.key}: the reference's SQL found no rows")


# --- measuring ---------------------------------------------------------------------------------


def measure(url: str, lua: Path, options: Options, label: str) -> wrk.Figures:
    figures = wrk.run(url, lua, seconds=options.seconds, connections=options.connections)
    print(
        f"  {label:<58} {figures.per_second:8,.0f} req/s  p50 {figures.p50_ms:7.1f} ms  "
        f"p99 {figures.p99_ms:7.1f} ms  errors {figures.errors}",
        flush=True,
    )
    return figures


def warm_up(
    report: Report,
    scenarios: list[Scenario],
    servers_by_name: dict[str, str],
    headers: dict[str, str],
    base: str,
    requests: int,
) -> None:
    """A few requests of each scenario to each server before any is timed: connections are
    opened, code paths are warm, and an answer that is not 2xx is reported with its body."""
    with httpx.Client(timeout=120) as http:
        for scenario in scenarios:
            for name, root in servers_by_name.items():
                reference = name == "reference"
                url = f"{root}/{scenario.key}" if reference else root + base + scenario.path
                for _ in range(requests):
                    response = http.get(url, headers={} if reference else headers)
                    if not response.is_success:
                        report.failures.append(
                            f"{scenario.key} on {name}: {response.status_code} "
                            f"{response.text[:300]}"
                        )
                        break


def write_paths(base: str, credentials: dataset.Credentials, count: int = 500) -> list[str]:
    rng = random.Random(3)  # noqa: S311 - which contacts get the new conversations
    contacts = rng.sample(credentials.contact_ids, min(count, len(credentials.contact_ids)))
    return [base + WRITE.path.format(contact=contact) for contact in contacts]


def run_reads(
    options: Options,
    report: Report,
    scenarios: list[Scenario],
    servers_by_name: dict[str, str],
    app_pid: int,
    headers: dict[str, str],
    base: str,
    work: Path,
    database: str,
) -> None:
    """Alternating rounds: each scenario on each server in turn, round after round; with
    profiles, one more round of the app alone under py-spy, not counted in the figures (the
    sampler takes a share of the machine)."""
    warm_up(report, scenarios, servers_by_name, headers, base, 1 if options.smoke else 3)
    # The smoke run times one scenario only: the others' answers were checked just now.
    timed = scenarios[:1] if options.smoke else scenarios
    rows: dict[tuple[str, str], Row] = {}
    for round_number in range(1, options.rounds + 1):
        print(f"round {round_number} of {options.rounds} ({database})", flush=True)
        for scenario in timed:
            for name, root in servers_by_name.items():
                reference = name == "reference"
                lua = work / f"{scenario.key}-{name}.lua"
                lua.write_text(wrk.script({} if reference else headers))
                url = f"{root}/{scenario.key}" if reference else root + base + scenario.path
                key = (scenario.key, name)
                if key not in rows:
                    rows[key] = Row(f"({scenario.key}) {scenario.label}", f"{name} ({database})")
                rows[key].runs.append(measure(url, lua, options, f"{scenario.key} {name}"))
    if options.profile:
        print(f"profiles ({database})", flush=True)
        root = servers_by_name["app"]
        for scenario in timed:
            lua = work / f"{scenario.key}-app.lua"
            profile_to = work / f"profile-{database}-{scenario.key}.txt"
            with profile.recording(app_pid, profile_to, options.seconds):
                measure(root + base + scenario.path, lua, options, f"{scenario.key} app, profiled")
            report.profiles[f"({scenario.key}) {scenario.label}, {database}"] = profile.summary(
                profile_to
            )
    for scenario in timed:
        app_row = rows[(scenario.key, "app")]
        app_row.reference = rows.get((scenario.key, "reference"))
        report.rows.append(app_row)
        if app_row.reference:
            report.rows.append(app_row.reference)
    for row in rows.values():
        if row.errors:
            report.failures.append(f"{row.scenario} on {row.server}: {row.errors} failed requests")


def run_write(
    options: Options,
    report: Report,
    root: str,
    headers: dict[str, str],
    base: str,
    credentials: dataset.Credentials,
    work: Path,
    pid: int,
) -> None:
    lua = work / "write.lua"
    lua.write_text(
        wrk.script(
            {**headers, "Content-Type": "application/json"},
            method="POST",
            body_paths=write_paths(base, credentials),
            body=json.dumps(WRITE.body),
        )
    )
    row = Row(f"({WRITE.key}) {WRITE.label}", "app (postgresql)")
    for _ in range(options.rounds):
        row.runs.append(measure(root + base, lua, options, f"{WRITE.key} app"))
    if options.profile:
        profile_to = work / "profile-write.txt"
        with profile.recording(pid, profile_to, options.seconds):
            measure(root + base, lua, options, f"{WRITE.key} app, profiled")
        report.profiles[f"({WRITE.key}) {WRITE.label}"] = profile.summary(profile_to)
    report.rows.append(row)
    if row.errors:
        report.failures.append(f"{row.scenario}: {row.errors} failed requests")


# --- imports -----------------------------------------------------------------------------------

FIRST = ["Sam", "Priya", "Tom", "Ann", "José", "Aisha", "Chris", "Mei", "Olu", "Kasia"]
LAST = ["Okafor", "Shah", "Byrne", "Lee", "Müller", "Khan", "Evans", "Wong", "Ade", "Nowak"]


def contacts_csv(rows: int) -> bytes:
    """A contacts file as organisers bring them: their own headers, 20 workplaces, a few
    departments and shifts, tags, notes."""
    rng = random.Random(7)  # noqa: S311 - made-up data
    lines = ["Full name,Email address,Mobile,Workplace,Dept,Shift,Union member?,Tags,Notes"]
    for n in range(rows):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        lines.append(
            f"{name},person{n}@example.org,07700 {n:06d},Depot {n % 20},Area {n % 5},"
            f'Shift {n % 3},{rng.choice(["yes", "no", ""])},"rep, nights",Met at gate {n % 7}'
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def new_group(http: httpx.Client, headers: dict[str, str], name: str) -> str:
    response = http.post("/api/v1/groups", json={"name": name}, headers=headers)
    response.raise_for_status()
    group_id: str = response.json()["id"]
    return group_id


def import_through_api(http: httpx.Client, headers: dict[str, str], data: bytes) -> float:
    base = f"/api/v1/groups/{new_group(http, headers, 'Import through the API')}"
    started = time.perf_counter()
    upload = http.post(f"{base}/imports", files={"file": ("bench.csv", data)}, headers=headers)
    upload.raise_for_status()
    url = f"{base}/imports/{upload.json()['id']}"
    mapping = {"columns": upload.json()["suggested_mapping"]}
    http.put(f"{url}/mapping", json=mapping, headers=headers).raise_for_status()
    http.get(f"{url}/preview", headers=headers).raise_for_status()
    http.post(f"{url}/run", json={}, headers=headers).raise_for_status()
    while (state := http.get(url, headers=headers).json())["status"] == "running":
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    if state["status"] != "done" or state["counts"]["created"] != data.count(b"\n") - 1:
        raise RuntimeError(f"the API import ended {state['status']}: {state.get('counts')}")
    return elapsed


def import_through_cli(settings: Settings, group_id: str, file: Path) -> float:
    env = {
        **os.environ,
        "ENVIRONMENT": "production",
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,
    }
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - the app's own command
        [
            str(servers.BIN / "shopfloor"),
            "import-contacts",
            group_id,
            str(file),
            "--as",
            dataset.BENCH_EMAIL,
        ],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def run_imports(
    options: Options,
    report: Report,
    settings: Settings,
    root: str,
    headers: dict[str, str],
    work: Path,
) -> None:
    data = contacts_csv(options.import_rows)
    file = work / "contacts.csv"
    file.write_bytes(data)
    with httpx.Client(base_url=root, timeout=600) as http:
        api_seconds = import_through_api(http, headers, data)
        cli_group = new_group(http, headers, "Import from the command line")
    cli_seconds = import_through_cli(settings, cli_group, file)
    for how, seconds in (("API (upload, preview, run)", api_seconds), ("CLI", cli_seconds)):
        report.notes.append(
            f"(h) import of {options.import_rows:,} contacts ({len(data) / 1_048_576:.1f} MB) "
            f"through the {how}: {seconds:.1f} s ({options.import_rows / seconds:,.0f} rows/s)"
        )


# --- the runs ----------------------------------------------------------------------------------


def postgres_run(options: Options, report: Report, work: Path) -> None:
    url = options.database_url
    secret = secrets.token_urlsafe(48)
    settings = bench_settings(url, secret)
    with phase("PostgreSQL: database, schema and data"):
        report.database = f"PostgreSQL {recreate_database(url).split()[0]}"
        upgrade(url)
        password_hash = Passwords(settings).hash(dataset.BENCH_PASSWORD)
        credentials = asyncio.run(fill(settings, options.scale, password_hash))
    headers = bearer(credentials, secret)
    base = f"/api/v1/groups/{credentials.group_id}"
    scenarios = [s for s in read_scenarios(credentials) if options.wants(s.key)]
    with phase("the app's SQL for each read"):
        statements, answers = asyncio.run(capture_app_sql(settings, base, headers, scenarios))
    sql_file = work / "statements.pickle"
    capture.write_statements(sql_file, statements)
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    app_port, reference_port = servers.free_port(), servers.free_port()
    app_root = f"http://127.0.0.1:{app_port}"
    reference_root = f"http://127.0.0.1:{reference_port}"
    with (
        servers.app_server(url, secret, app_port, work / "app.log") as app_pid,
        servers.reference_server(dsn, sql_file, reference_port, work / "reference.log"),
    ):
        with httpx.Client(timeout=60) as http:
            for scenario in scenarios:
                response = http.get(f"{reference_root}/{scenario.key}")
                response.raise_for_status()
                compare(scenario, answers[scenario.key], response.json(), report)
        if scenarios:
            with phase("reads"):
                run_reads(
                    options,
                    report,
                    scenarios,
                    {"app": app_root, "reference": reference_root},
                    app_pid,
                    headers,
                    base,
                    work,
                    "postgresql",
                )
        reads_peak = servers.peak_memory_mb(app_pid)
        if options.wants("g"):
            with phase("writes"):
                run_write(options, report, app_root, headers, base, credentials, work, app_pid)
        if options.wants("h"):
            with phase("imports"):
                run_imports(options, report, settings, app_root, headers, work)
        peak = servers.peak_memory_mb(app_pid)
    report.notes.append(
        f"(i) the app's peak resident memory: {reads_peak:.0f} MB after the reads, "
        f"{peak:.0f} MB over the whole run"
    )
    if not options.keep_data:
        drop_database(url)


def sqlite_run(options: Options, report: Report, work: Path) -> None:
    """(j): the same reads on the SQLite default, app only (the reference speaks PostgreSQL)."""
    url = f"sqlite+aiosqlite:///{work / 'bench.db'}"
    secret = secrets.token_urlsafe(48)
    scale = replace(
        options.scale,
        contacts=options.sqlite_contacts,
        groups=max(1, options.scale.groups * options.sqlite_contacts // options.scale.contacts),
        workplaces=max(
            1, options.scale.workplaces * options.sqlite_contacts // options.scale.contacts
        ),
    )
    settings = bench_settings(url, secret)
    with phase("SQLite: schema and data"):
        upgrade(url)
        password_hash = Passwords(settings).hash(dataset.BENCH_PASSWORD)
        credentials = asyncio.run(fill(settings, scale, password_hash))
    headers = bearer(credentials, secret)
    base = f"/api/v1/groups/{credentials.group_id}"
    port = servers.free_port()
    with (
        phase("SQLite reads"),
        servers.app_server(url, secret, port, work / "app-sqlite.log") as pid,
    ):
        run_reads(
            options,
            report,
            options.reads(credentials),
            {"app": f"http://127.0.0.1:{port}"},
            pid,
            headers,
            base,
            work,
            f"sqlite, {options.sqlite_contacts:,} contacts",
        )


# --- reporting ---------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1_048_576:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def render(options: Options, report: Report) -> str:
    scale = options.scale
    lines = [
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with {report.database}: {machine()}; "
        f"load average {report.load_before:.1f} before the run, {os.getloadavg()[0]:.1f} at "
        "its end.",
        "",
        f"Dataset: {scale.groups} groups, {scale.contacts:,} contacts over {scale.workplaces} "
        f"workplaces, about {scale.conversations_per_contact} conversations a contact. "
        f"wrk at {options.connections} connections, {options.rounds} alternating rounds of "
        f"{options.seconds:g} s per scenario and server; req/s is the median round, p50 and "
        "p99 the median of the rounds'; ratio is the app's req/s over the reference's.",
        "",
        report.table(),
        "",
        *[f"- {note}" for note in report.notes],
    ]
    # The run itself keeps about two cores busy: load beyond that at the end is someone else's.
    if report.load_before > 1 or os.getloadavg()[0] > (os.cpu_count() or 1) + 1:
        lines += [
            "",
            "The machine was shared while this ran (its load average was above 1 before the "
            "run began, or above what the run itself makes at its end): the app, the "
            "reference and wrk each got a fraction of a core, so these figures are below an "
            "idle machine's and the ratios are uncertain; rerun on a quiet machine to compare.",
        ]
    return "\n".join(lines)


def write_doc(options: Options, report: Report) -> None:
    text = DOC.read_text(encoding="utf-8")
    text = replace_between(text, START, END, render(options, report))
    if report.profiles:
        sections = [
            f"#### {name}\n\n```\n{summary}\n```" for name, summary in report.profiles.items()
        ]
        text = replace_between(text, PROFILE_START, PROFILE_END, "\n\n".join(sections))
    DOC.write_text(text, encoding="utf-8")
    print(f"written to {DOC.relative_to(ROOT)}")


def replace_between(text: str, start: str, end: str, body: str) -> str:
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    if not rest:
        raise SystemExit(f"{DOC} has no {start} marker to write the figures after")
    return f"{before}{start}\n{body}\n{end}{after}"


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=DEFAULT_URL, help="PostgreSQL database to (re)create for the run"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10, help="per scenario, server, round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--sqlite-contacts", type=int, default=20_000)
    parser.add_argument("--only", help="scenarios to run, e.g. a,b,f (f is both pages), g, h, j")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one round of 5 s on 20,000 contacts and a 20,000-row import",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny data, one-second runs, nothing written: proves it all works",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy profiles of the app for each scenario, into the document",
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave the document")
    parser.add_argument("--keep-data", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args(argv)
    scale = dataset.Scale(contacts=args.contacts, workplaces=max(20, args.contacts // 250))
    rounds, seconds, connections = args.rounds, args.seconds, args.connections
    import_rows, sqlite_contacts = args.import_rows, args.sqlite_contacts
    if args.quick:
        scale = dataset.Scale(contacts=20_000, workplaces=80)
        rounds, seconds, import_rows, sqlite_contacts = 1, 5, 20_000, 5_000
    if args.smoke:
        scale = dataset.Scale.tiny()
        rounds, seconds, connections, import_rows = 1, 1, 2, 200
        sqlite_contacts = scale.contacts
    return Options(
        database_url=args.database_url + ("_smoke" if args.smoke else ""),
        scale=scale,
        rounds=rounds,
        seconds=seconds,
        connections=connections,
        only=frozenset(args.only.split(",")) if args.only else None,
        import_rows=import_rows,
        sqlite_contacts=sqlite_contacts,
        profile=args.profile,
        write_doc=not (args.no_write or args.smoke or args.only),
        smoke=args.smoke,
        keep_data=args.keep_data,
    )


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    ensure_tools(options.profile)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="shopfloor-bench-") as folder:
        work = Path(folder)
        if options.wants_postgres:
            postgres_run(options, report, work)
        if options.wants("j"):
            sqlite_run(options, report, work)
    print()
    print(render(options, report))
    for name, summary in report.profiles.items():
        print(f"\nprofile of {name}:\n{summary}")
    if options.write_doc:
        write_doc(options, report)
    for failure in report.failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if report.failures else 0
