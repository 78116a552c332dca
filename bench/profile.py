"""Where the app's time goes in a scenario: py-spy samples the running server while wrk drives
it, and the stacks are summed into the functions that use the most time on their own (the
leaves) and the app's own functions with everything they call (inclusive)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.servers import BIN, ROOT

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
SHOWN = 12
# Around every request: listing them would only say that requests take all the time.
OUTER_LAYERS = frozenset({"api/cli.py", "api/middleware.py", "api/main.py"})


@contextmanager
def recording(pid: int, output: Path, seconds: float) -> Iterator[None]:
    """Samples `pid` for the block's duration (wrk's run) into `output` as collapsed stacks."""
    process = subprocess.Popen(  # noqa: S603 - py-spy on our own server
        [
            str(BIN / "py-spy"),
            "record",
            "--pid",
            str(pid),
            "--rate",
            "200",
            "--duration",
            str(max(1, round(seconds))),
            "--format",
            "raw",
            "--nonblocking",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield
    finally:
        _, errors = process.communicate(timeout=seconds + 60)
        if process.returncode != 0:
            raise RuntimeError(f"py-spy failed: {errors.decode(errors='replace')}")


def place(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    file = match["file"]
    for marker in ("site-packages/", f"{ROOT}/"):
        if marker in file:
            file = file.split(marker, 1)[1]
    return f"{match['function']} ({file})"


def summary(collapsed: Path) -> str:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [place(frame) for frame in stack.split(";")]
        if not frames:
            continue
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            file = frame.rsplit(" (", 1)[-1].rstrip(")")
            if file.startswith("api/") and file not in OUTER_LAYERS:
                inclusive[frame] += count
    if not total:
        return "no samples"
    lines = [f"{total} samples; own time (leaf functions):"]
    lines += [f"  {count / total:6.1%}  {frame}" for frame, count in own.most_common(SHOWN)]
    lines.append("the app's functions, with what they call:")
    lines += [f"  {count / total:6.1%}  {frame}" for frame, count in inclusive.most_common(SHOWN)]
    return "\n".join(lines)
