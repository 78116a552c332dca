"""Starting the two servers as separate processes, and reading the app's memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        with closing(socket.socket()) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port} within {timeout} s:\n{log.read_text()}")


@contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, log: Path, timeout: float = 60
) -> Iterator[int]:
    """Runs `command` (a server listening on `port`) until the block ends; yields its pid."""
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own servers
            command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output
        )
        try:
            started = time.perf_counter()
            wait_for(port, process, log, timeout)
            print(f"{command[1]} listening in {time.perf_counter() - started:.1f} s", flush=True)
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def app_server(
    database_url: str, secret: str, port: int, log: Path, timeout: float = 60
) -> AbstractContextManager[int]:
    """The app as deployed: `shopfloor serve` (uvicorn, one worker) in production settings."""
    env = {
        "ENVIRONMENT": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "OUTBOX_DIR": str(log.parent / "outbox"),
    }
    command = [str(BIN / "shopfloor"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return running(command, env, port, log, timeout)


def reference_server(
    dsn: str, statements: Path, port: int, log: Path
) -> AbstractContextManager[int]:
    env = {"BENCH_REFERENCE_DSN": dsn, "BENCH_REFERENCE_SQL": str(statements)}
    command = [
        str(BIN / "uvicorn"), "bench.reference:app", "--host", "127.0.0.1", "--port", str(port),
        "--workers", "1", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    return running(command, env, port, log)


def peak_memory_mb(pid: int) -> float:
    """The process's resident high-water mark so far (the kernel's VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")
