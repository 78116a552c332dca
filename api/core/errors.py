"""One error shape for every failure: `{"error": code, "detail": message, "fields"?: [...]}`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("shopfloor.errors")


# Every `type` a field error can carry: pydantic's own error types for what a schema states,
# and ours for the rules validators and services add. The web app shows its own translated
# message for each (frontend/src/api/error-types.json lists them; a test holds the two equal),
# so `message`, in English, is for API users only. A pydantic type not listed is sent as
# `invalid`.
FIELD_ERROR_TYPES: tuple[str, ...] = (
    "invalid",
    "missing",
    "extra_forbidden",
    "not_null",
    "not_blank",
    "string_type",
    "string_too_short",
    "string_too_long",
    "string_pattern_mismatch",
    "int_type",
    "int_parsing",
    "int_from_float",
    "float_type",
    "float_parsing",
    "decimal_type",
    "decimal_parsing",
    "decimal_max_digits",
    "decimal_max_places",
    "decimal_whole_digits",
    "bool_type",
    "bool_parsing",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "multiple_of",
    "literal_error",
    "enum",
    "uuid_type",
    "uuid_parsing",
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "datetime_type",
    "datetime_parsing",
    "datetime_from_date_parsing",
    "timezone_aware",
    "list_type",
    "too_short",
    "too_long",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "json_invalid",
    "json_type",
    "email",
    "url",
    "year_range",
    "in_the_future",
    "not_in_the_future",
    "date_order",
    "exactly_one",
    "not_in_group",
    "unstorable_text",
    "phone_number",
    "unknown_event_type",
    "unknown_language",
    "repeated_item",
    "file_empty",
    "too_many_rows",
    "too_many_columns",
    "row_too_long",
    "cell_too_long",
    "csv_row_unreadable",
    "not_csv",
    "not_csv_or_workbook",
    "workbook_unreadable",
    "wrong_encoding",
    "unknown_encoding",
    "unknown_column",
    "not_importable",
    "mapped_twice",
    "name_mapped_twice",
    "name_not_mapped",
    "unknown_match_key",
)
_KNOWN_TYPES = frozenset(FIELD_ERROR_TYPES)
FieldParams = dict[str, str | int | float | bool]


class FieldError(BaseModel):
    field: str
    loc: list[str | int]
    message: str = Field(description="In English, for API users; people see `type`'s message")
    type: str = Field(
        default="invalid",
        description="What is wrong, one of a fixed list (pydantic's error types and ours)",
        examples=["string_too_long"],
    )
    ctx: FieldParams | None = Field(
        default=None,
        description='The rule\'s numbers or names, e.g. `{"max_length": 200}`',
    )


class ErrorBody(BaseModel):
    error: str
    detail: str
    fields: list[FieldError] | None = None


class AppError(Exception):
    status_code = 400
    code = "bad_request"
    detail = "The request could not be processed"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.detail = detail or self.detail
        self.code = code or self.code
        self.headers = headers
        self.extra = extra
        super().__init__(self.detail)


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status_code = 401
    code = "not_authenticated"
    detail = "Log in to continue"

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        super().__init__(detail, code=code, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"
    detail = "You do not have permission to do that"


class NotFound(AppError):
    status_code = 404
    code = "not_found"
    detail = "Not found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"
    detail = "The request conflicts with the current state"


class Gone(AppError):
    status_code = 410
    code = "gone"
    detail = "This no longer exists"


class PreconditionFailed(AppError):
    status_code = 412
    code = "precondition_failed"
    detail = "The record changed since you read it"


class Unprocessable(AppError):
    status_code = 422
    code = "validation_error"
    detail = "Some fields are not valid"

    def __init__(
        self,
        field: str,
        message: str,
        *,
        code: str | None = None,
        type: str = "invalid",
        ctx: FieldParams | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.fields = [
            FieldError(field=field, loc=["body", field], message=message, type=type, ctx=ctx)
        ]


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_attempts"
    detail = "Too many attempts; try again later"

    def __init__(self, retry_after_seconds: int, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_seconds))})


class ServiceUnavailable(AppError):
    status_code = 503
    code = "service_unavailable"
    detail = "The database is unavailable; try again shortly"


class TwoFactorRequired(Forbidden):
    """The group (or an admin route) needs two-factor login, which the caller lacks: an account
    without a second factor, its API tokens, or a session that signed in with a password alone."""

    code = "two_factor_required"
    detail = (
        "This needs two-factor login: set up an authenticator app or a passkey on your account "
        "page (or, if you have, sign in again with it)"
    )


GROUP_NOT_FOUND_DETAIL = "Group not found"


class GroupNotFound(NotFound):
    """Also what a non-member sees, so membership of a group is never revealed."""

    code = "group_not_found"
    detail = GROUP_NOT_FOUND_DETAIL


def error_response(
    status_code: int,
    code: str,
    detail: str,
    *,
    fields: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": code, "detail": detail}
    if fields is not None:
        body["fields"] = [f.model_dump() for f in fields]
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status_code, headers=headers)


def field_name(loc: tuple[str | int, ...]) -> str:
    parts = (
        [str(p) for p in loc[1:]]
        if loc and loc[0] in {"body", "query", "path", "header"}
        else [str(p) for p in loc]
    )
    return ".".join(parts) or str(loc[0] if loc else "request")


def _validation_message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value"))
    # pydantic prefixes custom validator messages; the user needs only the reason.
    return message.removeprefix("Value error, ")


def _validation_type(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", "invalid"))
    if kind == "value_error" and str(error.get("msg", "")).startswith(
        "value is not a valid email address"
    ):
        return "email"
    if kind.startswith("url_"):
        return "url"
    return kind if kind in _KNOWN_TYPES else "invalid"


def _validation_params(error: Mapping[str, Any]) -> FieldParams | None:
    """The rule's plain values (limits, the choices); never an exception or an object."""
    ctx = error.get("ctx") or {}
    params = {
        key: value
        for key, value in ctx.items()
        if isinstance(value, str | int | float | bool) and key != "error"
    }
    return params or None


def validation_field_error(error: Mapping[str, Any]) -> FieldError:
    """One of pydantic's errors as the API's field error."""
    loc = tuple(error.get("loc", ()))
    return FieldError(
        field=field_name(loc),
        loc=list(loc),
        message=_validation_message(error),
        type=_validation_type(error),
        ctx=_validation_params(error),
    )


def register_error_handlers(app: FastAPI, *, retry_after_seconds: int) -> None:
    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        return error_response(
            exc.status_code,
            exc.code,
            exc.detail,
            fields=getattr(exc, "fields", None),
            headers=exc.headers,
            extra=exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [validation_field_error(err) for err in exc.errors()]
        summary = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
        return error_response(422, "validation_error", summary, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
        code = codes.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed"
        return error_response(exc.status_code, code, detail, headers=exc.headers)

    async def database_unavailable(_: Request, exc: Exception) -> JSONResponse:
        logger.warning("database unavailable: %s", type(exc).__name__)
        return error_response(
            503,
            ServiceUnavailable.code,
            ServiceUnavailable.detail,
            headers={"Retry-After": str(retry_after_seconds)},
        )

    @app.exception_handler(DBAPIError)
    async def dbapi_error(request: Request, exc: DBAPIError) -> JSONResponse:
        if exc.connection_invalidated or isinstance(exc, OperationalError):
            return await database_unavailable(request, exc)
        logger.exception("database error", exc_info=exc)
        return error_response(500, "internal_error", "Something went wrong on our side")

    app.add_exception_handler(PoolTimeoutError, database_unavailable)
    app.add_exception_handler(ConnectionError, database_unavailable)
    # A connection that stopped answering mid-statement (the driver's command timeout).
    app.add_exception_handler(TimeoutError, database_unavailable)

    @app.exception_handler(Exception)
    async def unhandled(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "Something went wrong on our side")


RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "Seconds to wait before asking again",
        "schema": {"type": "integer", "minimum": 1},
    }
}


ERROR_STATUSES_ATTRIBUTE = "__error_statuses__"
CallableT = TypeVar("CallableT", bound=Callable[..., Any])


def answers(*statuses: int) -> Callable[[CallableT], CallableT]:
    """Marks a dependency with the errors it can answer. The OpenAPI document adds them to
    every operation that depends on it, so routes list only the errors of their own logic."""

    def mark(dependency: CallableT) -> CallableT:
        setattr(dependency, ERROR_STATUSES_ATTRIBUTE, statuses)
        return dependency

    return mark


def declared_statuses(dependency: Callable[..., Any]) -> tuple[int, ...]:
    return tuple(getattr(dependency, ERROR_STATUSES_ATTRIBUTE, ()))


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries so clients know every error a route can return (and,
    for 429 and 503, the Retry-After header that comes with them)."""
    return {
        s: {
            "model": ErrorBody,
            "description": ERROR_DESCRIPTIONS.get(s, "Error"),
            **({"headers": RETRY_AFTER_HEADER} if s in {429, 503} else {}),
        }
        for s in statuses
    }


def refusing(
    responses: dict[int | str, dict[str, Any]], rules: str
) -> dict[int | str, dict[str, Any]]:
    """`responses` with the 422 answer naming the rules no schema can state (between two
    fields, or with what is stored), so a client reads them where it reads the error."""
    return {
        **responses,
        422: {**responses[422], "description": f"{ERROR_DESCRIPTIONS[422]}; also when {rules}"},
    }


ERROR_DESCRIPTIONS = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Not permitted",
    404: "Not found",
    409: "Conflict with the current state",
    410: "Gone",
    412: "Version precondition failed",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Validation error with field paths",
    428: "Version required (send `version` or If-Match)",
    429: "Too many attempts",
    503: "Database unavailable",
}
