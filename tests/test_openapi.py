"""The OpenAPI document is a product: valid, described, and honest about errors and scopes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from openapi_spec_validator import validate

from api.routes import api_routes

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    app.openapi_schema = None
    return app.openapi()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_document_validates(document: dict[str, Any]) -> None:
    validate(document)


def test_every_operation_is_named_tagged_and_described(document: dict[str, Any]) -> None:
    problems = []
    operation_ids = []
    for path, method, operation in _operations(document):
        operation_ids.append(operation.get("operationId"))
        if not operation.get("tags"):
            problems.append(f"{method} {path}: no tags")
        if not operation.get("description") and not operation.get("summary"):
            problems.append(f"{method} {path}: no description")
    assert problems == []
    assert len(operation_ids) == len(set(operation_ids)), "operation ids must be unique"
    assert all(op and "__" not in op for op in operation_ids), "operation ids must be chosen"


def test_errors_use_the_one_error_shape(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    for path, method, operation in _operations(document):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


def test_group_routes_declare_their_errors_and_scopes(
    document: dict[str, Any], app: FastAPI
) -> None:
    for route in api_routes(app):
        if not route.path.startswith("/api/v1/groups/{group_id}"):
            continue
        for method in route.methods:
            operation = document["paths"][route.path][method.lower()]
            assert {"401", "403", "404"} <= set(operation["responses"]), (method, route.path)
            assert {"session": []} in operation["security"]
            if route.scope is not None:
                assert {"apiToken": [route.scope.value]} in operation["security"]
                assert operation["x-required-scope"] == route.scope.value


def test_shared_errors_are_on_every_operation_that_can_give_them(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        statuses = set(operation["responses"])
        assert "422" in statuses, (method, path)
        if "requestBody" in operation:
            assert {"400", "413"} <= statuses, (method, path)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if "If-Match" in headers:
            assert "412" in statuses, (method, path)
        if "security" in operation and path.startswith("/api/v1/groups/{group_id}"):
            assert "503" in statuses, (method, path)


def test_updates_require_the_version_they_read(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    updates = 0
    for path, method, operation in _operations(document):
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method != "patch" or "If-Match" not in headers:
            continue  # (renaming a group takes an optional version and no If-Match)
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = schemas[ref.rsplit("/", 1)[-1]]
        if "version" in schema.get("properties", {}):
            updates += 1
            assert "version" in schema["required"], path
            assert schema["properties"]["version"]["type"] == "integer", path
    assert updates > 10


def test_parameters_are_never_null(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            assert "null" not in str(parameter["schema"]), (method, path, parameter["name"])


def test_creates_link_to_what_they_created(document: dict[str, Any]) -> None:
    created = document["paths"]["/api/v1/groups/{group_id}/contacts"]["post"]["responses"]["201"]
    links = created["links"]
    # The read audit's view of one person ends in the same `contacts/{contact_id}`.
    assert set(links) == {"get_contact", "update_contact", "delete_contact", "list_contact_reads"}
    assert links["get_contact"]["parameters"] == {
        "group_id": "$request.path.group_id",
        "contact_id": "$response.body#/id",
    }
