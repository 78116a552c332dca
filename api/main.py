"""The application factory."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.auth.passwords import Passwords
from api.auth.router import router as auth_router
from api.bulletins import router as bulletins_router
from api.bulletins.stories.schemas.tips import MAX_TIP_BODY_BYTES
from api.bulletins.stories.services.tips import QUIET_TIP_PATHS, TIP_PATH_PATTERN
from api.campaigns.call_lists.router import router as call_lists_router
from api.campaigns.router import router as campaigns_router
from api.changes.router import router as changes_router
from api.contacts.router import router as contacts_router
from api.conversations.router import router as conversations_router
from api.core.config import Environment, Settings, get_settings
from api.core.db import (
    create_engine,
    create_read_sessionmaker,
    create_sessionmaker,
    schema_revision,
)
from api.core.errors import (
    ERROR_DESCRIPTIONS,
    ErrorBody,
    declared_statuses,
    register_error_handlers,
)
from api.core.fields import refuse_null
from api.core.mail import Mailer
from api.core.messages import load_catalogues
from api.core.permissions import SCOPE_DESCRIPTIONS
from api.democracy.meetings.router import router as meetings_router
from api.democracy.notices_router import router as vote_notices_router
from api.democracy.offices.router import router as offices_router
from api.democracy.router import ballot_router as ballots_router
from api.democracy.router import router as democracy_router
from api.democracy.unlogged import keep_ballots_out_of_access_logs
from api.disputes.router import router as disputes_router
from api.docs import mount_docs
from api.exports.router import router as exports_router
from api.followups.router import router as followups_router
from api.groups.router import router as groups_router
from api.health.router import router as health_router
from api.imports.router import UPLOAD_PATH_PATTERN, UploadForm
from api.imports.router import router as imports_router
from api.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware, StorableTextMiddleware
from api.migrations import alembic_config
from api.models_registry import __all__ as _tables  # noqa: F401  (every table registered)
from api.privacy.router import router as privacy_router
from api.reads.router import router as reads_router
from api.routes import RouteInfo, api_routes, install_method_answers
from api.solidarity.router import router as solidarity_router
from api.spa import mount_spa
from api.tokens.router import router as tokens_router
from api.webhooks.router import router as webhooks_router
from api.webhooks.service import url_pattern
from api.webhooks.worker import start_in_app, stop_in_app
from api.wiring import wire
from api.workplaces.router import router as workplaces_router

logger = logging.getLogger("shopfloor")

GROUP_ROUTE_PREFIX = "/api/v1/groups/{group_id}"
ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}

API_ROUTERS = (
    health_router,
    auth_router,
    groups_router,
    disputes_router,
    campaigns_router,
    call_lists_router,
    solidarity_router,
    bulletins_router,
    democracy_router,
    meetings_router,
    ballots_router,
    offices_router,
    vote_notices_router,
    workplaces_router,
    contacts_router,
    conversations_router,
    followups_router,
    tokens_router,
    changes_router,
    webhooks_router,
    imports_router,
    exports_router,
    reads_router,
    privacy_router,
)


class SchemaBehind(RuntimeError):
    pass


def head_revision(config: Config) -> str | None:
    return ScriptDirectory.from_config(config).get_current_head()


async def check_schema(app: FastAPI) -> None:
    async with app.state.engine.connect() as connection:
        current = await connection.run_sync(schema_revision)
    head = head_revision(alembic_config(app.state.settings.database_url))
    if current != head:
        raise SchemaBehind(
            f"The database schema is at {current or 'nothing'} but this version of Shopfloor "
            f"needs {head}. Run `shopfloor migrate` to upgrade it, then start again."
        )


def settle_heap() -> None:
    """Takes the objects made at startup (models, routes, schemas, catalogues: most of the
    heap) out of the garbage collector's reach. They live as long as the app, yet every full
    collection walked them all: about 0.27 s on the benchmark's machine, every second or so
    under load, which was the p99 of every read. Collections then walk only what requests
    made."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await check_schema(app)
    load_catalogues()
    worker = start_in_app(app.state)  # webhook deliveries and change-log compaction
    settle_heap()
    try:
        yield
    finally:
        # What startup froze is collectable again once the app stops (a process that starts
        # several apps, like the test suite, would otherwise keep every one of them).
        gc.unfreeze()
        await stop_in_app(worker)
        await app.state.engine.dispose()


def _declare_security(app: FastAPI, document: dict[str, Any]) -> None:
    """Says, per operation, how to authenticate and which API token scope it needs."""
    scopes = "\n".join(f"- `{scope}`: {text}" for scope, text in SCOPE_DESCRIPTIONS.items())
    document["components"]["securitySchemes"] = {
        "session": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A person's 15-minute access token from /api/v1/auth/login.",
        },
        "apiToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "A group's API token (`sft_…`), limited to its scopes and to its "
            "creator's current role. Scopes:\n" + scopes,
        },
    }
    for route in api_routes(app):
        if not route.authenticated:
            continue
        requirement: list[dict[str, list[str]]] = [{"session": []}]
        if route.scope is not None:
            requirement.append({"apiToken": [route.scope.value]})
        for method in route.methods:
            operation = document["paths"].get(route.path, {}).get(method.lower())
            if operation is None:
                continue
            operation["security"] = requirement
            if route.scope is not None:
                operation["x-required-scope"] = route.scope.value
            if route.permission is not None:
                operation["x-required-permission"] = route.permission.value


def _error_entry(status: int) -> dict[str, Any]:
    return {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {"application/json": {"schema": ERROR_REF}},
    }


def shared_error_statuses(route: RouteInfo, operation: dict[str, Any]) -> set[int]:
    """The errors an operation can answer because of what it shares with others rather than
    its own logic: the middleware, the request parser and the dependencies it uses."""
    # StorableTextMiddleware and FastAPI's parser refuse bad query strings on any route.
    statuses = {422}
    if "requestBody" in operation:
        # A body that is not UTF-8 (400), larger than the limit (413), or not the media type
        # the operation reads (415 for uploads; JSON bodies answer 422).
        statuses |= {400, 413}
    if route.authenticated:
        statuses |= {401, 403}
        if route.path.startswith(GROUP_ROUTE_PREFIX):
            statuses.add(404)
    for call in route.calls:
        statuses.update(declared_statuses(call))
    headers = {param.alias.lower() for param in route.dependant.header_params}
    if "if-match" in headers:
        statuses.add(412)
    return statuses


def _declare_shared_errors(app: FastAPI, document: dict[str, Any]) -> None:
    for route in api_routes(app):
        for method in route.methods:
            operation = document["paths"].get(route.path, {}).get(method.lower())
            if operation is None:
                continue
            for status in sorted(shared_error_statuses(route, operation)):
                operation["responses"].setdefault(str(status), _error_entry(status))


def _parameters_without_null(document: dict[str, Any]) -> None:
    """A query, header or path parameter is left out to mean "none"; it cannot be JSON null,
    so `Optional` parameters are documented as their type alone (not "or null")."""
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                variants = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
                if len(variants) == 1 and len(schema["anyOf"]) == 2:
                    schema.pop("anyOf")
                    schema.update(variants[0])


def _null_refused(model: Any) -> set[str]:
    """The fields of a body model whose validators refuse null (`refuse_null`)."""
    decorators = getattr(model, "__pydantic_decorators__", None)
    if decorators is None:
        return set()
    return {
        field
        for validator in decorators.field_validators.values()
        if validator.func is refuse_null
        for field in validator.info.fields
    }


def _bodies_without_refused_null(app: FastAPI, document: dict[str, Any]) -> None:
    """A PATCH field may be left out but not cleared when its model refuses null; Python
    types it `X | None` only so that leaving it out is possible. The document says `X`."""
    schemas = document["components"]["schemas"]
    for route in api_routes(app):
        for body in route.dependant.body_params:
            model = body.field_info.annotation
            refused = _null_refused(model)
            name = getattr(model, "__name__", "")
            for schema in (schemas.get(name), schemas.get(f"{name}-Input")):
                for field in refused:
                    prop = (schema or {}).get("properties", {}).get(field)
                    variants = [v for v in (prop or {}).get("anyOf", []) if v.get("type") != "null"]
                    if prop is not None and variants and len(variants) < len(prop["anyOf"]):
                        prop.pop("anyOf")
                        prop.pop("default", None)
                        if len(variants) == 1:
                            prop.update(variants[0])
                        else:
                            prop["anyOf"] = variants


def _webhook_addresses(settings: Settings, document: dict[str, Any]) -> None:
    """The webhook addresses this server takes depend on its settings (ports, localhost)."""
    pattern = url_pattern(settings)
    schemas = document["components"]["schemas"]
    for name in ("WebhookCreate", "WebhookUpdate"):
        url = schemas[name]["properties"]["url"]
        for variant in url.get("anyOf", [url]):
            if variant.get("type") == "string":
                variant["pattern"] = pattern


def _require_version_in_updates(document: dict[str, Any]) -> None:
    """An update is refused (428) without the version the client read. The body's `version`
    is optional to Python only because If-Match may carry it instead; the document says the
    body needs it, which is what the web app and most clients send."""
    schemas = document["components"]["schemas"]
    for item in document["paths"].values():
        for operation in item.values():
            headers = {
                parameter["name"].lower()
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "header"
            }
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            schema = schemas.get(ref.rsplit("/", 1)[-1], {})
            version = schema.get("properties", {}).get("version")
            if "if-match" not in headers or version is None:
                continue
            integer = next(s for s in version.pop("anyOf", [version]) if s.get("type") != "null")
            version.pop("default", None)
            version.update(integer)
            required = schema.setdefault("required", [])
            if "version" not in required:
                required.append("version")


_PATH_PARAMETER = re.compile(r"\{(\w+)\}")


def _last_word(path: str) -> str:
    return next((part for part in reversed(path.split("/")) if not part.startswith("{")), "")


def _declare_links(document: dict[str, Any]) -> None:
    """Links from each create to the operations on what it created (`POST …/contacts` to
    `GET/PATCH/DELETE …/contacts/{contact_id}`), found by the route layout every domain
    follows, so clients and the stateful tests can walk from one to the other."""
    schemas = document["components"]["schemas"]
    paths = document["paths"]
    for create_path, item in paths.items():
        create = item.get("post")
        created = (create or {}).get("responses", {}).get("201")
        if created is None:
            continue
        ref = created["content"]["application/json"]["schema"].get("$ref", "")
        fields = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
        if "id" not in fields:
            continue
        known = set(_PATH_PARAMETER.findall(create_path))
        links: dict[str, Any] = {}
        for target_path, target in paths.items():
            names = _PATH_PARAMETER.findall(target_path)
            if not (
                target_path.endswith("}")
                and _last_word(target_path) == _last_word(create_path)
                and set(names[:-1]) <= known
                and names[-1] not in known
            ):
                continue
            new_id = names[-1] if names[-1] in fields else "id"
            parameters = {name: f"$request.path.{name}" for name in names[:-1]}
            parameters[names[-1]] = f"$response.body#/{new_id}"
            for operation in target.values():
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": parameters,
                }
        if links:
            created["links"] = links


# What FastAPI calls the 422 it adds to every operation that reads a request; a route's own
# 422 (`error_responses`, `refusing`) keeps its description.
FASTAPI_VALIDATION_ERROR = "Validation Error"


def _openapi_with_one_error_shape(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI documents its own 422 body; ours is ErrorBody for every error, 422 included."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        # The upload route reads its form itself (after its checks); the document states it.
        for model in (ErrorBody, UploadForm):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))
            schemas[schema["title"]] = schema
        error_ref = ERROR_REF
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                validation = operation.get("responses", {}).get("422")
                if validation is not None:
                    if validation.get("description") == FASTAPI_VALIDATION_ERROR:
                        validation["description"] = ERROR_DESCRIPTIONS[422]
                    validation["content"] = {"application/json": {"schema": error_ref}}
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        _declare_security(app, document)
        _declare_shared_errors(app, document)
        _require_version_in_updates(document)
        _bodies_without_refused_null(app, document)
        _parameters_without_null(document)
        _declare_links(document)
        _webhook_addresses(app.state.settings, document)
        app.openapi_schema = document
        return document

    return openapi


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    wire()
    keep_ballots_out_of_access_logs()
    app = FastAPI(
        title="Shopfloor",
        version="0.1.0",
        summary="A private organising tool for workers' rank-and-file groups",
        description=(
            "Every group-scoped route lives under `/api/v1/groups/{group_id}/`. A caller who is "
            "not a member gets 404 with the same body as a group that does not exist. Errors "
            'share one shape: `{"error": code, "detail": message, "fields"?: [...]}`. Text '
            "anywhere in a request (JSON body or query string) may not hold NUL or an unpaired "
            "surrogate: such a request gets 422 naming each field. A well-formed id the group "
            "has no record of gets 422 with the code `not_in_group`."
        ),
        lifespan=lifespan,
        # Served by api/docs.py from the app's own copy of Swagger UI, with its own policy.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    app.state.sessionmaker = create_sessionmaker(app.state.engine)
    app.state.read_sessionmaker = create_read_sessionmaker(app.state.engine)
    app.state.passwords = Passwords(settings)
    app.state.mailer = Mailer(settings)

    register_error_handlers(app, retry_after_seconds=settings.db_retry_after_seconds)
    install_method_answers(app)
    app.add_middleware(StorableTextMiddleware)
    app.add_middleware(
        SecurityHeadersMiddleware,
        strict_transport=settings.environment is Environment.production,
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        # A CSV upload may be larger; the allowance leaves room for the multipart framing.
        allowances={
            UPLOAD_PATH_PATTERN: settings.max_import_bytes + 65_536,
            TIP_PATH_PATTERN: MAX_TIP_BODY_BYTES,
        },
    )
    # uvicorn's access log would keep an anonymous tip's sender address.
    logging.getLogger("uvicorn.access").addFilter(QUIET_TIP_PATHS)
    for router in API_ROUTERS:
        app.include_router(router)
    mount_docs(app)
    mount_spa(app, settings.frontend_dist)
    app.openapi = _openapi_with_one_error_shape(app)  # type: ignore[method-assign]
    return app
