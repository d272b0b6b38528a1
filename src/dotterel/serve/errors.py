"""The one JSON error shape of the HTTP API, and the handlers that produce it.

Every error the server answers — an unknown route (404), a wrong method (405), a failed
validation (422), a body too large (413), a rate limit (429), a missing or wrong write
token (401/403), a library error (`DotterelError`) or a bug (500) — has the body

    {"error": {"status": 422, "code": "validation_error", "message": "...",
               "details": [...], "request_id": "..."}}

Library errors are translated here, at one place, from their `code` attribute.
"""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DotterelError, InputError, ModelNotTrainedError, ResourceError, StageError, StoreError

log = logging.getLogger("dotterel.serve")


class ErrorDetail(BaseModel):
    """One problem with a request, e.g. one invalid field."""

    model_config = ConfigDict(extra="forbid")
    loc: list[str | int] = Field(default_factory=list, description="Where: e.g. ['query', 'limit'].")
    msg: str
    type: str


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: int = Field(description="The HTTP status code, repeated.")
    code: str = Field(description="Stable machine-readable error code, e.g. not_found, validation_error, bad_input.")
    message: str = Field(description="A sentence for people.")
    details: list[ErrorDetail] = Field(default_factory=list)
    request_id: str | None = Field(default=None, description="Also sent as the X-Request-ID header.")


class ErrorResponse(BaseModel):
    """The body of every error response."""

    model_config = ConfigDict(extra="forbid")
    error: ErrorBody


class ApiError(StarletteHTTPException):
    """An error raised by the API layer itself with a stable code (rate limit, token, not found...)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        self.message = message
        self.details = details or []


# Library error classes -> HTTP status; the most specific class wins (ModelNotTrained before Resource).
LIBRARY_STATUS: list[tuple[type[DotterelError], int]] = [
    (InputError, 422),
    (ModelNotTrainedError, 503),
    (ResourceError, 500),
    (StoreError, 503),
    (StageError, 500),
    (DotterelError, 500),
]

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "validation_error", 429: "rate_limited", 500: "internal_error", 503: "unavailable"}


def status_for(exc: DotterelError) -> int:
    for cls, status in LIBRARY_STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_payload(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None,
                  request_id: str | None = None) -> dict[str, Any]:
    """The error body as plain data (also used by the ASGI middlewares, which answer before routing)."""
    return {"error": {"status": status, "code": code, "message": message, "details": details or [],
                      "request_id": request_id}}


def error_response(request: Request | None, status: int, code: str, message: str,
                   details: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    rid = getattr(request.state, "request_id", None) if request is not None else None
    return JSONResponse(error_payload(status, code, message, details, rid), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [p if isinstance(p, int) else str(p) for p in err.get("loc", ())]
        out.append({"loc": loc, "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return jsonable_encoder(out)


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if isinstance(exc, ApiError):
        return error_response(request, exc.status_code, exc.code, exc.message, exc.details, exc.headers)
    status = exc.status_code
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else phrase
    if status == 404 and message == "Not Found":
        message = f"no such resource: {request.url.path}"
    if status == 405:
        message = f"method {request.method} not allowed on {request.url.path}"
    return error_response(request, status, _HTTP_CODES.get(status, f"http_{status}"), message,
                          headers=getattr(exc, "headers", None))


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = _validation_details(exc)
    first = details[0] if details else None
    where = ".".join(str(p) for p in first["loc"]) if first else "request"
    message = f"invalid request: {where}: {first['msg']}" if first else "invalid request"
    return error_response(request, 422, "validation_error", message, details)


async def _on_library(request: Request, exc: DotterelError) -> JSONResponse:
    """The one place where library errors become HTTP errors."""
    status = status_for(exc)
    if status >= 500:
        log.error("library error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(request, status, exc.code, str(exc))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Never leak a traceback or an exception's text to the client: it goes to the log.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "internal_error", "internal server error (logged on the server)")


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(DotterelError, _on_library)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)

