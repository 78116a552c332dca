"""The shape every domain copies: checked here so a new domain cannot quietly break it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sqlmodel.main import default_registry

from api.core.db import GroupOwned
from api.models_registry import __all__ as _tables  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "api"


def _contract(contract_id: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(contract for contract in contracts if contract["id"] == contract_id)


def test_every_package_and_entry_point_is_kept_out_of_the_kernel() -> None:
    forbidden = set(_contract("kernel")["forbidden_modules"])  # type: ignore[arg-type]
    outside_kernel = {
        f"api.{path.stem if path.is_file() else path.name}"
        for path in API.iterdir()
        if path.name not in {"core", "__init__.py", "py.typed", "__pycache__"}
        and (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert outside_kernel - forbidden == set(), "add these to the kernel contract in pyproject"


def test_every_table_with_a_group_is_scoped_by_the_kernel() -> None:
    unscoped = [
        mapper.class_.__name__
        for mapper in default_registry.mappers
        if "group_id" in mapper.class_.__table__.columns
        and not issubclass(mapper.class_, GroupOwned)
    ]
    assert unscoped == []


def test_no_domain_writes_its_own_group_filter() -> None:
    """Group filters come from `scoped_select` and `in_group`; a hand-written one is how a
    query ends up unscoped the day it is copied without its filter."""
    hand_written = re.compile(r"group_id\)? == ctx\.group_id")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in API.rglob("*.py")
        if "core" not in path.relative_to(API).parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if hand_written.search(line)
    ]
    assert offenders == []
