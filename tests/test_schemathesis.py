"""The OpenAPI document matches what the app does: schemathesis, every check, on a fixed budget.

Schemathesis reads /api/openapi.json from the app and sends generated requests to it in
process: documented examples, boundary values of every parameter and field (the coverage
phase), random valid and invalid requests (fuzzing), and chains of calls that follow the
document's links (create, then read, update and delete what was created: the stateful phase).
Every check is on: no server error, every status, content type, header and body documented,
valid input accepted and invalid input refused, `Allow` on 405, no response to a request
without credentials, no access to a deleted record, and the rest.

It runs twice: as the owner of a group filled with one of every record (tests/populate.py),
with the group's id in every path, and without credentials. The seed and the number of
examples per operation are fixed, so a run is repeatable and takes a few minutes. Rules no
schema can state (between two fields of a body, with the stored record an update lands on, or
with a file uploaded earlier) are stated in their operations' descriptions and taught to the
generator by the hooks below. New routes are covered without editing this file; routes that
end the caller's own session are kept out of the authenticated run (they would log the run
out) and tested unauthenticated.
"""

from __future__ import annotations

import asyncio
import copy
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import Status
from schemathesis.engine.events import EngineFinished, FatalError, NonFatalError, ScenarioFinished
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from api.core.errors import FIELD_ERROR_TYPES
from api.core.fields import (
    DAY_IN_THE_FUTURE,
    DAY_IN_THE_PAST,
    IN_THE_FUTURE,
    NOT_IN_THE_FUTURE,
    OUT_OF_RANGE,
)
from api.core.pagination import InvalidCursor
from api.core.references import NOT_IN_GROUP
from api.disputes.enums import PAID_TO_PEOPLE, FundEntryKind
from api.disputes.services.ballots import RESULT_FIGURES
from api.imports.enums import ImportKind
from api.imports.vocabulary import MATCH_KEYS
from api.main import create_app
from api.webhooks.service import TARGET_REFUSED
from api.workplaces.services.common import NAME_TAKEN
from tests.conftest import empty_all_tables, make_settings
from tests.factories import Accounts
from tests.populate import populate_group

SEED = 20261129
# Examples per operation in the fuzzing phase; the coverage phase adds its boundary cases.
EXAMPLES_PER_OPERATION = 5
# Stateful scenarios follow links; each step is one request.
STATEFUL_EXAMPLES = 20
OPENAPI_PATH = "/api/openapi.json"

# Operations that end the session the run authenticates with. Run as the owner they would
# log the run out halfway; the unauthenticated run still covers them.
ENDS_OWN_SESSION = ("logout", "change_password", "end_my_session")
# A ballot is refused when it carries a login (the box must not learn who sent it); the run
# without credentials covers it.
REFUSES_CREDENTIALS = ("cast_ballot",)


# A well-formed request can still depend on state the schema cannot describe: an id the group
# has no record of, a cursor or reset token the server never issued, a webhook address that
# does not resolve to a public one at the time of the request, an Idempotency-Key already
# used for another request, an If-Match that does not match the record's current ETag (412, as
# 409 is for a stale body version), a date outside the years the app stores, or a time that must be
# before or after the moment of the request. Such a request is refused
# with a code or message that says so; any other refusal of a schema-valid request fails.
TIME_REFUSALS = (OUT_OF_RANGE, IN_THE_FUTURE, NOT_IN_THE_FUTURE, DAY_IN_THE_FUTURE, DAY_IN_THE_PAST)
UNKNOWABLE_CODES = frozenset(
    {
        NOT_IN_GROUP,
        InvalidCursor().code,
        TARGET_REFUSED,
        "idempotency_key_reused",
        # A department or shift name the workplace already has (ignoring case and spacing).
        NAME_TAKEN,
        "invalid_reset_token",
        # Secrets and proofs only their holder knows: a mailed sign-up link, the account's
        # password, an authenticator's current code, a passkey's signature, and the person's
        # name typed to confirm an erasure.
        "invalid_signup_token",
        "invalid_email_change_token",
        "invalid_credentials",
        "invalid_code",
        "passkey_refused",
        "erasure_not_confirmed",
    }
)
# email-validator refuses domains reserved for special use (such as `.test`), which the
# document's `format: email` cannot list.
RESERVED_EMAIL_DOMAIN = "special-use or reserved name"


def refused_for_what_the_schema_cannot_state(response: Any) -> bool:
    body = response.json()
    if response.status_code == 412:
        # If-Match names a version that is not the record's (or no version at all).
        return body.get("error") in {"version_conflict", "precondition_failed"}
    if response.status_code != 422:
        return False
    if body.get("error") in UNKNOWABLE_CODES:
        return True
    fields = body.get("fields") or []
    return bool(fields) and all(
        _depends_on_the_clock(f["message"]) or RESERVED_EMAIL_DOMAIN in f["message"] for f in fields
    )


def _depends_on_the_clock(message: str) -> bool:
    """Dates outside the years the app stores, or before/after the time of the request."""
    return any(known.lower() in message.lower() for known in TIME_REFUSALS)


@schemathesis.check
def valid_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' positive_data_acceptance, except for the refusals above."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if refused_for_what_the_schema_cannot_state(response) or breaks_a_taught_rule(case):
            return None
        raise


def breaks_a_taught_rule(case: Any) -> bool:
    """A body from a phase that skips the generator's hooks (schemathesis' coverage phase
    fills every field with its default) that the rule taught for its operation would have
    changed: refused for that rule, which the operation's 422 answer states."""
    rule = CROSS_FIELD_RULES.get(case.operation.definition.raw.get("operationId", ""))
    if rule is None or not isinstance(case.body, dict):
        return False
    original = copy.deepcopy(case.body)
    rule(None, case)
    changed = case.body != original
    case.body = original
    return changed


# Rules between a request and what the schema cannot see: two fields of one body, the
# record a partial update lands on, a file uploaded by an earlier request. Each operation's
# description and its 422 answer state them; these hooks teach them to the generator, for the
# bodies it means to be valid only (an invalid body must stay invalid for its own reason).
COUNTED_VOTES = ("yes_votes", "no_votes", "spoilt")
BALLOT_FIGURES = ("entitled_to_vote", "votes_cast", *COUNTED_VOTES)
# No generated figure past this, so three of them still add up to a valid count.
LARGEST_COUNTED = 3_000_000
# What the generator sends as a CSV file: a header and one row, as in tests/populate.py.
CSV_UPLOAD = b"Name,Email\nGenerated Import,generated@example.org\n"
NAME_FIELD = {ImportKind.contacts.value: "full_name", ImportKind.workplaces.value: "name"}


def _body_meant_valid(case: Any) -> dict[str, Any] | None:
    meta = case.meta
    if not isinstance(case.body, dict) or (
        meta is not None and meta.is_negative_at(ParameterLocation.BODY)
    ):
        return None
    return case.body


def _is_count(value: Any) -> bool:
    """A whole number, as JSON Schema's `integer` allows it: 3 or 3.0."""
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _whole(value: Any) -> Any:
    """12.0 is the count 12, as the server reads it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def ballot_figures_add_up(ctx: Any, case: Any) -> Any:
    """closes_on is not before opens_on; results only once closes_on has passed; votes_cast is
    yes + no + spoilt and at most entitled_to_vote. An update is checked with the stored
    ballot, so one that touches a date sends both, and one that touches a figure sends all
    five."""
    body = _body_meant_valid(case)
    if body is None:
        return case
    try:
        days = sorted(
            date.fromisoformat(body[name]) for name in ("opens_on", "closes_on") if name in body
        )
    except (TypeError, ValueError):
        days = []
    if days:
        body["opens_on"], body["closes_on"] = days[0].isoformat(), days[-1].isoformat()
    today = datetime.now(UTC).date()
    if days and days[-1] > today:
        # No result before the ballot closes: the figures wait.
        body.update(dict.fromkeys(RESULT_FIGURES))
    elif case.method.upper() == "PATCH" and not days and any(n in body for n in RESULT_FIGURES):
        # The stored ballot may close later: a result comes with dates that have passed.
        body["opens_on"] = (today - timedelta(days=14)).isoformat()
        body["closes_on"] = (today - timedelta(days=1)).isoformat()
    for name in BALLOT_FIGURES:
        if name in body:
            body[name] = _whole(body[name])
    figures = {name: body.get(name) for name in BALLOT_FIGURES}
    if not any(name in body for name in BALLOT_FIGURES) or not all(
        value is None or _is_count(value) for value in figures.values()
    ):
        return case
    counted = {
        name: None if figures[name] is None else figures[name] % LARGEST_COUNTED
        for name in COUNTED_VOTES
    }
    total = sum(value for value in counted.values() if value is not None)
    cast = figures["votes_cast"]
    if cast is not None:
        cast = total if None not in counted.values() else max(cast, total)
    entitled = figures["entitled_to_vote"]
    if entitled is not None:
        entitled = max(entitled, total, cast or 0)
    body.update(counted, votes_cast=cast, entitled_to_vote=entitled)
    return case


def fund_entry_fits_its_kind(ctx: Any, case: Any) -> Any:
    """Only strike pay and hardship name a recipient; only a solidarity collection names an
    action."""
    body = _body_meant_valid(case)
    if body is None:
        return case
    if body.get("kind") not in {kind.value for kind in PAID_TO_PEOPLE}:
        body.pop("recipient_id", None)
    if body.get("kind") != FundEntryKind.solidarity_collection.value:
        body.pop("action_id", None)
    return case


def action_fits_its_participants(ctx: Any, case: Any) -> Any:
    """head_count is at least the participants listed; an update may not leave the action
    with both one of the group's disputes and an outside one (the stored action counts)."""
    body = _body_meant_valid(case)
    if body is None:
        return case
    participants = body.get("participant_ids")
    head_count = body.get("head_count")
    updating = case.method.upper() == "PATCH"
    if isinstance(participants, list):
        listed = len(set(map(str, participants)))
        if _is_count(head_count):
            body["head_count"] = max(head_count, listed)
        elif updating and "head_count" not in body:
            body["head_count"] = listed
    elif updating and _is_count(head_count):
        body["participant_ids"] = []
    if updating:
        if body.get("dispute_id") is not None:
            body["outside_dispute"] = None
        elif isinstance(body.get("outside_dispute"), str) and body["outside_dispute"].strip():
            body["dispute_id"] = None
    return case


def vote_options_fit_its_method(ctx: Any, case: Any) -> Any:
    """for/against/abstain brings its own options; the others need two or more, a ranked
    vote more candidates than seats and a secret ballot; only a ranked vote fills several
    seats; a closing time lies in the future."""
    body = _body_meant_valid(case)
    if body is None:
        return case
    method = body.get("method")
    seats = body.get("seats")
    if method == "for_against_abstain":
        body["options"] = []
    elif method is not None:
        seats = seats if method == "ranked" and _is_count(seats) else 1
        wanted = max(2, int(seats) + 1)
        options = body.get("options")
        distinct = isinstance(options, list) and len(
            {str(option).strip().casefold() for option in options}
        ) == len(options)
        if not isinstance(options, list) or not distinct or len(options) < wanted:
            body["options"] = [f"Option {number}" for number in range(1, wanted + 1)]
    if method != "ranked" and "seats" in body:
        body["seats"] = 1
    if method == "ranked" and "secret" in body:
        body["secret"] = True
    body.pop("closes_at", None)
    return case


def structure_test_names_its_kind(ctx: Any, case: Any) -> Any:
    """A test of the group's own kind is named in own_kind, and only such a test."""
    body = _body_meant_valid(case)
    if body is None:
        return case
    if body.get("kind") == "own":
        body["own_kind"] = body.get("own_kind") or "Canteen boycott"
    elif "kind" in body:
        body.pop("own_kind", None)
    # Only a petition keeps its text and demands.
    if "kind" in body and body["kind"] not in {"majority_petition", "photo_petition"}:
        body.pop("petition_text", None)
        body.pop("demands", None)
    return case


def merge_names_another_contact(ctx: Any, case: Any) -> Any:
    """A contact cannot be merged into itself."""
    body = _body_meant_valid(case)
    if body is not None and body.get("merged_id") == (case.path_parameters or {}).get("contact_id"):
        body["merged_id"] = str(uuid.uuid4())
    return case


def upload_is_a_csv_file(ctx: Any, case: Any) -> Any:
    """The upload must be a CSV file with a header and at least one row under it."""
    body = _body_meant_valid(case)
    if body is not None and "file" in body:
        body["file"] = CSV_UPLOAD
    return case


def mapping_names_the_files_columns(headers: dict[str, str]) -> Any:
    """A mapping may name only the columns of the file the import holds, with fields of its
    kind (a name field among them) and its kind's ways of matching. The hook reads the
    import as a client would, with the run's credentials, just before the mapping is sent:
    the import named then is the one that counts."""

    def before_call(ctx: Any, case: Any, kwargs: dict[str, Any]) -> None:
        body = _body_meant_valid(case)
        if body is None:
            return
        get_import = ctx.operation.schema.find_operation_by_id("get_import")
        response = get_import.Case(path_parameters=dict(case.path_parameters or {})).call(
            headers=headers
        )
        if response.status_code != 200:
            return  # gone or never there: refused as such
        held = response.json()
        kind = held["kind"]
        header = held["header"]
        body["columns"] = dict.fromkeys(header) | {header[0]: NAME_FIELD[kind]}
        if isinstance(body.get("match_by"), list):
            allowed = MATCH_KEYS[ImportKind(kind)]
            body["match_by"] = [key for key in body["match_by"] if key in allowed]

    return before_call


# Rules between fields of one body, by operation (also taught to the generator below).
def call_back_time_only_with_a_call_back(ctx: Any, case: Any) -> Any:
    """Only a call back takes a time."""
    body = _body_meant_valid(case)
    if body is not None and body.get("outcome") != "call_back":
        body.pop("call_back_at", None)
    return case


def department_with_its_workplace(ctx: Any, case: Any) -> Any:
    """An office's department is one of its workplace's: none without a workplace, and an
    office taken off its workplace comes off its department too."""
    body = _body_meant_valid(case)
    if body is None or ("workplace_id" not in body and "department_id" not in body):
        return case
    if body.get("workplace_id") is None:
        if "workplace_id" in body:
            body["department_id"] = None
        else:
            body.pop("department_id", None)
    return case


CROSS_FIELD_RULES = {
    "record_call_outcome": call_back_time_only_with_a_call_back,
    "create_vote": vote_options_fit_its_method,
    "update_vote": vote_options_fit_its_method,
    "update_office": department_with_its_workplace,
    "create_structure_test": structure_test_names_its_kind,
}


@contextmanager
def rules_taught(schema: Any, headers: dict[str, str]) -> Iterator[None]:
    for hook, operations in (
        (ballot_figures_add_up, ["create_ballot", "update_ballot"]),
        (action_fits_its_participants, ["create_action", "update_action"]),
        (fund_entry_fits_its_kind, ["create_fund_entry"]),
        (upload_is_a_csv_file, ["upload_import"]),
        (vote_options_fit_its_method, ["create_vote", "update_vote"]),
        (department_with_its_workplace, ["update_office", "create_office"]),
        (structure_test_names_its_kind, ["create_structure_test"]),
        (merge_names_another_contact, ["merge_contacts"]),
    ):
        schema.hook("map_case").apply_to(operation_id=operations)(hook)
    # Schemathesis takes `before_call` hooks only process-wide: this one is removed after
    # the run.
    mapping = mapping_names_the_files_columns(headers)
    GLOBAL_HOOK_DISPATCHER.hook("before_call").apply_to(operation_id="map_import")(mapping)
    try:
        yield
    finally:
        GLOBAL_HOOK_DISPATCHER.unregister(mapping)


def version_sent_in_if_match(case: Any) -> bool:
    """An update's body must hold `version` unless If-Match carries it; JSON Schema cannot
    say "required unless this header is sent", so the document makes it required."""
    headers = {name.lower() for name in (case.headers or {})}
    return "if-match" in headers and "version" not in (case.body or {})


@schemathesis.check
def invalid_data_refused(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' negative_data_rejection, except for an update whose version came in
    If-Match instead of the body."""
    try:
        return negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if isinstance(case.body, dict) and version_sent_in_if_match(case):
            return None
        raise


@schemathesis.check
def field_errors_have_a_known_type(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every field error carries a `type` the web app has a translated message for."""
    if response.status_code != 422:
        return None
    for item in response.json().get("fields") or []:
        if item.get("type") not in FIELD_ERROR_TYPES:
            raise AssertionError(f"field error of unknown type: {item}")
    return True


@dataclass
class RunResult:
    operations: set[str] = field(default_factory=set)
    examples: int = 0
    checks: Counter[str] = field(default_factory=Counter)
    # (operation, check) -> what was sent and answered, once per operation and check.
    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.operations)} operations, {self.examples} requests, "
            f"{sum(self.checks.values())} check runs of {len(self.checks)} checks, "
            f"{self.seconds:.0f} s"
        )


def _config(headers: dict[str, str], parameters: dict[str, str]) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": headers,
            "parameters": parameters,
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
                # Text with NUL or an unpaired surrogate is refused before any route runs
                # (StorableTextMiddleware, tested in test_hostile_input.py), as the API's
                # description says; generating it would only test that one refusal again.
                "allow-x00": False,
                "codec": "utf-8",
            },
            # Every check; the two data checks run as the wrappers above.
            "checks": {
                "enabled": True,
                "positive_data_acceptance": {"enabled": False},
                # Runs as invalid_data_refused above. A stale If-Match is refused with 412, as
                # HTTP says; a refusal all the same.
                "negative_data_rejection": {
                    "enabled": False,
                    "expected-statuses": [
                        "400",
                        "401",
                        "403",
                        "404",
                        "405",
                        "406",
                        "409",
                        "412",
                        "415",
                        "422",
                        "428",
                        "429",
                        "5xx",
                    ],
                },
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_EXAMPLES},
            },
            "warnings": False,
        }
    )


def _describe(label: str, check: str, info: Any, interaction: Any) -> str:
    step = info.steps[-1].curl if info.steps else info.code_sample
    failure = info.failure
    answer = ""
    if interaction is not None and interaction.response is not None:
        response = interaction.response
        answer = f"\n    -> {response.status_code} {response.content[:300]!r}"
    return f"{label} [{check}] {failure.title}: {failure.message}\n    {step}{answer}"


def run_schemathesis(
    app: FastAPI, *, headers: dict[str, str], parameters: dict[str, str], exclude: tuple[str, ...]
) -> RunResult:
    loaded = schemathesis.openapi.from_asgi(OPENAPI_PATH, app, config=_config(headers, parameters))
    schema = loaded.exclude(operation_id=list(exclude)) if exclude else loaded
    result = RunResult()
    started = time.monotonic()
    with rules_taught(loaded, headers):
        _collect(schema, result, started)
    return result


def _collect(schema: Any, result: RunResult, started: float) -> None:
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, ScenarioFinished) and event.is_test_scenario:
            recorder = event.recorder
            result.examples += len(recorder.cases)
            result.operations.update(node.value.operation.label for node in recorder.cases.values())
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    result.checks[check.name] += 1
                    if check.status is Status.FAILURE and check.failure_info is not None:
                        interaction = recorder.interactions.get(case_id)
                        # The operation called, also for a step of a stateful chain.
                        label = recorder.cases[case_id].value.operation.label
                        result.failures.setdefault(
                            (label, check.name),
                            _describe(label, check.name, check.failure_info, interaction),
                        )
        elif isinstance(event, NonFatalError | FatalError):
            result.errors.append(str(getattr(event, "info", event)))
        elif isinstance(event, EngineFinished):
            result.seconds = time.monotonic() - started


@dataclass
class Scene:
    app: FastAPI
    owner_token: str
    group_id: str
    ids: dict[str, str]


async def _populate(app: FastAPI) -> tuple[str, str, dict[str, str]]:
    async with app.router.lifespan_context(app):
        accounts = Accounts(app)
        try:
            group = await accounts.group()
            ids = await populate_group(accounts, group)
        finally:
            await accounts.close()
    return group.owner.access_token, group.id, ids


async def _empty(app: FastAPI) -> None:
    await empty_all_tables(app)
    await app.state.engine.dispose()


@pytest.fixture(scope="module")
def scene(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An app of its own: schemathesis serves it from its own event loop, so its database
    connections must not be shared with the suite's app. The scene is made in a loop of its
    own whose connections are closed before schemathesis starts the app."""
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    app = create_app(make_settings(database_url, tmp))
    token, group_id, ids = asyncio.run(_populate(app))
    yield Scene(app=app, owner_token=token, group_id=group_id, ids=ids)
    shutdown_lifespans()
    asyncio.run(_empty(app))


def _assert_clean(result: RunResult) -> None:
    print(result.summary())  # the numbers belong in the test log (pytest -s or -rP)
    assert result.errors == []
    failures = [text for _, text in sorted(result.failures.items())]
    assert failures == [], "\n".join(failures)


def test_document_matches_behaviour_as_a_group_owner(scene: Scene) -> None:
    result = run_schemathesis(
        scene.app,
        headers={"Authorization": f"Bearer {scene.owner_token}"},
        parameters={"group_id": scene.group_id},
        exclude=ENDS_OWN_SESSION + REFUSES_CREDENTIALS,
    )
    _assert_clean(result)


def test_document_matches_behaviour_without_credentials(scene: Scene) -> None:
    result = run_schemathesis(scene.app, headers={}, parameters={}, exclude=())
    _assert_clean(result)
