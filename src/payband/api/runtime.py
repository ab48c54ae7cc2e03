"""The API's plumbing: the worker-thread runtime with its time limit, the body-size guard, the key check.

Kept apart from the routes: none of it knows what payband computes, only how a request is let in and
how long core work may run.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from functools import partial
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ValidationError
from starlette.responses import JSONResponse

from payband.api.errors import ERROR_RESPONSES, ApiError, error_response
from payband.api.settings import ApiSettings

__all__ = [
    "BodyLimit",
    "KeyCheck",
    "Runtime",
    "check_batch",
    "json_body",
    "json_response",
    "ok",
    "query_openapi",
    "read_query",
]

T = TypeVar("T")
Q = TypeVar("Q", bound=BaseModel)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Runtime:
    """Per-app state: the settings and the thread limiter core calls share (made inside the loop)."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a core call in a worker thread; past the request time limit, answer 504."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.settings.threads)
        limit = self.settings.request_timeout_s
        try:
            with anyio.fail_after(limit):
                return await anyio.to_thread.run_sync(
                    partial(func, *args, **kwargs), abandon_on_cancel=True, limiter=self._limiter
                )
        except TimeoutError:
            raise ApiError(
                504, f"the request took over {limit:g} s, this server's limit; send less text or fewer items"
            ) from None


class BodyLimit:
    """Refuse request bodies over the limit (413) before the app reads them; chunked ones are counted."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await self._refuse(scope, receive, send, length.decode("latin-1"))
                return
            await self.app(scope, receive, send)
            return
        if headers.get(b"transfer-encoding") is None:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:  # a chunked body: buffer it (bounded) so an oversized one never reaches the app
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(scope, receive, send, f"over {self.max_bytes:,}")
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, got: str) -> None:
        response = error_response(
            413,
            "PayloadTooLarge",
            f"request body is {got} bytes; this server accepts at most {self.max_bytes:,} "
            "(one resume or a batch within the limits)",
        )
        await response(scope, receive, send)


def check_batch(items: list[str], limit: int, field: str = "texts") -> None:
    """Refuse a batch over this server's limit (which may be below the schema's)."""
    if len(items) > limit:
        raise ApiError(
            422,
            f"{field}: {len(items):,} items; this server takes at most {limit:,} per request",
            type="ValidationError",
        )


def json_response(data: Any) -> JSONResponse:
    return JSONResponse(data)


def ok(model: Any, description: str = "Success.") -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses: the success model plus every error in the one error shape."""
    return {200: {"model": model, "description": description}, **ERROR_RESPONSES}


def read_query(model: type[Q], request: Request) -> Q:
    """A route's query string as ``model``, read the way FastAPI reads declared query parameters (the
    last of a repeated name wins, unknown names are ignored, errors are located in "query").

    For the hottest look-ups: FastAPI's per-parameter resolution cost more than a cached answer itself
    (about a fifth of a /pay request's instructions); one model validation does the same checks."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False)
        located = [{**error, "loc": ("query", *error["loc"])} for error in errors]
        raise RequestValidationError(located) from None


def query_openapi(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI ``parameters`` of a query read with ``read_query``, as FastAPI writes declared ones."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parameters = [
        {"name": name, "in": "query", "required": name in required, "schema": field}
        | ({"description": field["description"]} if "description" in field else {})
        for name, field in schema["properties"].items()
    ]
    return {"parameters": parameters}


async def json_body(request: Request) -> None:
    """Refuse a body that is not JSON with 415 (a missing Content-Type is read as JSON)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        raise ApiError(415, f"send a JSON body with Content-Type: application/json, not {media}")


_KEY_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="The server's API key.")


class KeyCheck:
    """A dependency requiring the configured key in X-API-Key (compared in constant time)."""

    def __init__(self, key: str) -> None:
        self.expected = key.encode()

    async def __call__(self, key: Annotated[str | None, Security(_KEY_HEADER)]) -> None:
        if key is None or not hmac.compare_digest(key.encode(), self.expected):
            raise ApiError(401, "missing or wrong X-API-Key header; this server requires its API key")
