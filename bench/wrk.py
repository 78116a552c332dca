"""Driving a server with wrk: a Lua script per scenario (the caller's headers, a POST's body)
that reports its figures as one JSON line, parsed here."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"socket_errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for this text


def script(
    headers: dict[str, str],
    method: str = "GET",
    body_paths: list[str] | None = None,
    body: str | None = None,
) -> str:
    """A wrk script sending `headers`; with `body_paths`, each request POSTs `body` to one of
    them, picked at random (so writes spread over many records, as real ones do)."""
    lines = [f"wrk.method = {lua_string(method)}"]
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()]
    if body is not None:
        lines.append(f"wrk.body = {lua_string(body)}")
    if body_paths:
        paths = ", ".join(lua_string(path) for path in body_paths)
        lines.append(f"local paths = {{{paths}}}")
        lines.append("request = function()")
        lines.append("  return wrk.format(nil, paths[math.random(#paths)])")
        lines.append("end")
    return "\n".join(lines) + "\n" + REPORT


def run(url: str, lua: Path, *, seconds: float, connections: int) -> Figures:
    threads = max(1, min(2, connections))
    completed = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(lua),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next((line for line in completed.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures:\n{completed.stdout}\n{completed.stderr}")
    figures = json.loads(line.removeprefix("BENCH "))
    return Figures(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=figures["socket_errors"] + figures["non_2xx"],
    )
