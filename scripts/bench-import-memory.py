"""The app's peak memory while it takes hostile and large CSV imports, measured on a real
server process.

    make bench-import-memory
    .venv/bin/python scripts/bench-import-memory.py --database-url \\
        postgresql+asyncpg://postgres@127.0.0.1:5432/shopfloor_bench   # dropped and recreated
    .venv/bin/python scripts/bench-import-memory.py --limit-mb 300 --contacts-rows 200000

For each file shape, starts `uvicorn api.asgi:app` on a fresh database with the default
import settings (or one server for all with `--one-server`), then uploads the file,
previews it and runs it (as far as the app accepts it) through HTTP, reading the server's
resident memory from /proc while each step runs (sampled, and the kernel's own high-water
mark, reset before each step). Prints a table and exits non-zero if any step's peak passes
the limit or a file is not answered as expected. Not part of the test suite: it writes
about 250 MB of files and takes many minutes (`--only huge` picks the files named so).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import is_postgres, recreate_postgres_database  # noqa: E402

MB = 1_048_576


@dataclass(frozen=True)
class Shape:
    name: str
    write: Callable[[Path], None]
    expect_upload: int  # the status the upload must be answered with
    mapping: dict[str, str] | None = None


def write_lines(path: Path, header: str, lines: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(header)
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= 10_000:
                file.write("".join(batch))
                batch = []
        file.write("".join(batch))


def one_character_rows(path: Path) -> None:
    """The reported attack: 26 million rows of one character (52 MB)."""
    with path.open("wb") as file:
        file.write(b"a\n")
        block = b"a\n" * 1_000_000
        for _ in range(26):
            file.write(block)


def long_fields(path: Path) -> None:
    """50 MB of rows whose notes are as long as a field may be (19,000 characters)."""
    rows = 50 * MB // 19_020
    write_lines(
        path,
        "Name,Notes\n",
        (f"Person {n},{'x' * 19_000}\n" for n in range(rows)),
    )


def one_huge_line(path: Path) -> None:
    """50 MB in one line of two-character cells."""
    with path.open("wb") as file:
        file.write(b"Name,")
        block = b"ab," * (MB // 3)
        for _ in range(49):
            file.write(block)


def wide_rows(path: Path) -> None:
    """Up to the row cap of 80-column rows of short cells (48 MB): the most cells a file
    under the byte cap can hold within the row cap."""
    columns = ["Name", *(f"Extra {n}" for n in range(1, 80))]
    filler = ",".join(["ab"] * 79)
    write_lines(path, ",".join(columns) + "\n", (f"Person {n},{filler}\n" for n in range(200_000)))


def contacts(rows: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        """Ordinary contacts, with workplaces, departments and shifts to create."""
        write_lines(
            path,
            "Full name,Email address,Mobile,Workplace,Dept,Shift,Union member?,Tags,Notes\n",
            (
                f"Person {n},person{n}@example.org,07700 {n:06d},Depot {n % 20},Area {n % 5},"
                f'Shift {n % 3},{("yes", "no", "")[n % 3]},"rep, nights",Met at gate {n % 7}\n'
                for n in range(rows)
            ),
        )

    return write


class Memory:
    """The resident memory of a process: sampled every few milliseconds, and its high-water
    mark as the kernel keeps it (reset before each step where the kernel allows it)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0

    def _status(self, field: str) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        return 0

    def rss(self) -> int:
        return self._status("VmRSS")

    @contextmanager
    def watch(self) -> Iterator[None]:
        with suppress(OSError):
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # resets VmHWM
        self.peak = self.rss()
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.005):
                self.peak = max(self.peak, self.rss())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            yield
        finally:
            done.set()
            sampler.join()
            self.peak = max(self.peak, self._status("VmHWM"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(database_url: str, folder: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "DATABASE_URL": database_url,
        "OUTBOX_DIR": str(folder / "outbox"),
        "ARGON2_MEMORY_KIB": "19456",
        "ARGON2_TIME_COST": "2",
        "ARGON2_PARALLELISM": "1",
        "WEBHOOK_WORKER_ENABLED": "false",
        "ACCESS_TOKEN_MINUTES": "60",  # the whole run on one sign-in
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run([bin_dir / "shopfloor", "migrate"], env=env, check=True, cwd=ROOT)  # noqa: S603
    process = subprocess.Popen(  # noqa: S603 - our own server
        [bin_dir / "uvicorn", "api.asgi:app", "--port", str(port), "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/health").status_code < 500:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(30)


@dataclass
class Step:
    shape: str
    size_mb: float
    step: str
    answer: str
    seconds: float
    peak_mb: float


def bench(base: str, memory: Memory, shapes: list[Shape], folder: Path) -> list[Step]:
    steps: list[Step] = []
    http = httpx.Client(base_url=base, timeout=1800)
    signup = http.post(
        "/api/v1/auth/signup",
        json={
            "email": "bench@example.org",
            "password": "a long bench passphrase",
            "display_name": "Bench",
        },
    )
    signup.raise_for_status()
    http.headers["Authorization"] = f"Bearer {signup.json()['access_token']}"

    def measure(shape: Shape, size: float, step: str, call: Callable[[], httpx.Response]) -> Any:
        with memory.watch():
            started = time.perf_counter()
            response = call()
            seconds = time.perf_counter() - started
        answer = str(response.status_code)
        if response.status_code >= 400:
            answer += f" {response.json().get('error')}"
        steps.append(Step(shape.name, size, step, answer, seconds, memory.peak / MB))
        if step != "run":  # a run is shown with its outcome
            show(steps[-1])
        return response

    for shape in shapes:
        path = folder / "bench.csv"
        shape.write(path)
        size = path.stat().st_size / MB
        # A group per file, so no file meets another's rate limits.
        group = http.post("/api/v1/groups", json={"name": shape.name[:60]})
        group.raise_for_status()
        url = f"/api/v1/groups/{group.json()['id']}/imports"
        with path.open("rb") as file:
            upload = measure(
                shape,
                size,
                "upload",
                lambda file=file, url=url: http.post(
                    url, files={"file": ("bench.csv", file, "text/csv")}
                ),
            )
        path.unlink()
        if upload.status_code != shape.expect_upload:
            raise SystemExit(
                f"{shape.name}: upload answered {upload.status_code}: {upload.text[:300]}"
            )
        if upload.status_code != 201:
            continue
        imported = f"{url}/{upload.json()['id']}"
        columns = shape.mapping or upload.json()["suggested_mapping"]
        http.put(f"{imported}/mapping", json={"columns": columns}).raise_for_status()
        measure(shape, size, "preview", lambda imported=imported: http.get(f"{imported}/preview"))

        def run_to_the_end(imported: str = imported) -> httpx.Response:
            http.post(f"{imported}/run", json={}).raise_for_status()
            while True:
                state = http.get(imported)
                if state.json()["status"] in {"done", "failed"}:
                    return state
                time.sleep(0.2)

        ran = measure(shape, size, "run", run_to_the_end)
        steps[-1].answer = f"{ran.json()['status']} ({ran.json()['counts']['created']:,} created)"
        show(steps[-1])
    return steps


def show(step: Step) -> None:
    print(
        f"{step.shape:<26} {step.size_mb:>5.1f}  {step.step:<8} {step.answer:<36} "
        f"{step.seconds:>7.1f} {step.peak_mb:>8.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a Postgres URL (its database is recreated)")
    parser.add_argument("--limit-mb", type=float, default=300)
    parser.add_argument("--contacts-rows", type=int, default=200_000)
    parser.add_argument(
        "--one-server",
        action="store_true",
        help="every file through one server process (each file gets a fresh one otherwise)",
    )
    parser.add_argument(
        "--only", action="append", help="only the files whose name holds this text (repeatable)"
    )
    args = parser.parse_args()
    shapes = [
        Shape("26M one-character rows", one_character_rows, 422),
        Shape("one huge line", one_huge_line, 422),
        Shape("long fields", long_fields, 201, {"Name": "full_name", "Notes": "notes"}),
        Shape("200k rows of 80 cells", wide_rows, 201, {"Name": "full_name"}),
        Shape(f"{args.contacts_rows:,} contacts", contacts(args.contacts_rows), 201),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        chosen = [
            shape
            for shape in shapes
            if not args.only or any(text in shape.name for text in args.only)
        ]
        batches = [chosen] if args.one_server else [[shape] for shape in chosen]
        print(f"{'file':<26} {'MB':>5}  {'step':<8} {'answer':<36} {'s':>7} {'peak MB':>8}")
        steps: list[Step] = []
        for number, batch in enumerate(batches):
            url = args.database_url or f"sqlite+aiosqlite:///{folder / f'bench{number}.db'}"
            if is_postgres(url):
                asyncio.run(recreate_postgres_database(url))
            with server(url, folder) as (base, pid):
                memory = Memory(pid)
                print(f"({url.split('://')[0]}, server at rest: {memory.rss() / MB:.0f} MB)")
                steps += bench(base, memory, batch, folder)
    over = [step for step in steps if step.peak_mb > args.limit_mb]
    if over:
        raise SystemExit(f"{len(over)} step(s) passed {args.limit_mb:.0f} MB")
    print(f"every step stayed under {args.limit_mb:.0f} MB")


if __name__ == "__main__":
    main()
