"""The API's one error shape, {"error": {"type", "message", "suggestions"}}, and the handlers that make it.

PaybandError subclasses map to statuses (NotFound 404, InputError 422, DataError 500); the API's own
limits raise ApiError (413, 415, 401, 504); request validation and unknown routes use the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from payband.errors import DataError, InputError, NotFound, PaybandError

__all__ = [
    "ERROR_RESPONSES",
    "ERROR_RESPONSES_JSON",
    "ApiError",
    "ErrorBody",
    "ErrorDetail",
    "error_response",
    "install_error_handlers",
    "status_for",
]

log = logging.getLogger("payband.api")

MAX_MESSAGE = 500
_STATUS_TYPES = {
    400: "BadRequest",
    401: "Unauthorized",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "ValidationError",
    500: "InternalError",
    504: "Timeout",
}


class ErrorDetail(BaseModel):
    """What went wrong, in one line, with the closest valid values when there are some."""

    type: str = Field(description="NotFound, InputError, DataError, ValidationError, PayloadTooLarge, …")
    message: str = Field(description="One line: what was received, what is allowed, the fix.")
    suggestions: list[str] = Field(default_factory=list, description="Closest valid values, best first.")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx response of the API has this body."""

    error: ErrorDetail


class ApiError(Exception):
    """A refusal by the API itself (size, media type, key, time), rendered in the error shape."""

    def __init__(self, status: int, message: str, *, type: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.type = type or _STATUS_TYPES.get(status, "Error")


def _one_line(message: str) -> str:
    line = " ".join(message.split())
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…"


def error_response(
    status: int,
    type: str,
    message: str,
    suggestions: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A JSON response in the API's error shape."""
    body = {"error": {"type": type, "message": _one_line(message), "suggestions": list(suggestions)}}
    return JSONResponse(body, status_code=status, headers=headers)


def status_for(exc: PaybandError) -> int:
    """The HTTP status of a core error: 404 not found, 422 bad input, 500 broken data."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, DataError):
        return 500
    return 400


def _type_of(exc: PaybandError) -> str:
    for cls in (NotFound, InputError, DataError):
        if isinstance(exc, cls):
            return cls.__name__
    return "PaybandError"


def _validation_message(errors: Sequence[Any]) -> str:
    parts = []
    for err in errors[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "; ".join(parts) + more


async def _payband_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PaybandError)
    if isinstance(exc, DataError):
        log.error("data error on %s: %s", request.url.path, exc)
    return error_response(status_for(exc), _type_of(exc), str(exc), getattr(exc, "suggestions", ()))


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "X-API-Key"} if exc.status == 401 else None
    return error_response(exc.status, exc.type, str(exc), headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "ValidationError", _validation_message(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else _STATUS_TYPES.get(exc.status_code, "error")
    if exc.status_code == 404 and message == "Not Found":
        message = f"no route {request.url.path}; see /docs for the routes"
    elif exc.status_code == 400 and "parsing the body" in message:
        message = "cannot read the request body; send UTF-8 JSON with Content-Type: application/json"
    return error_response(
        exc.status_code, _STATUS_TYPES.get(exc.status_code, "HTTPError"), message, headers=exc.headers
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return error_response(500, "InternalError", "the server failed on this request; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Render every error the app can meet in the one JSON error shape."""
    app.add_exception_handler(PaybandError, _payband_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _doc("The body cannot be read at all (e.g. not UTF-8 JSON)."),
    401: _doc("Missing or wrong X-API-Key (only when the server has a key configured)."),
    404: _doc("A named role, occupation, area or skill does not exist; suggestions name the closest."),
    413: _doc("The request body or upload is over the size limit."),
    415: _doc("The body or upload is not a supported media type."),
    422: _doc("Bad input: the message names the field, what was received and what is allowed."),
    500: _doc("Bundled reference data is missing or corrupt, or an unexpected failure."),
    504: _doc("The request took longer than the server's time limit."),
}
"""Error responses every API route documents in the OpenAPI schema."""

ERROR_RESPONSES_JSON: dict[int | str, dict[str, Any]] = {
    status: {
        "description": doc["description"],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }
    for status, doc in ERROR_RESPONSES.items()
}
"""The same, spelled out as JSON, for routes whose success is not JSON (the HTML report)."""
