"""Errors as RFC 9457 problem details (``application/problem+json``): type, title, status, detail, instance."""

from __future__ import annotations

import logging
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from aqea.documents import BadCursor
from aqea.errors import AddressError, StoreError

PROBLEM_JSON = "application/problem+json"
# uvicorn's error logger: its handler is the server's console, and the secrets filter sits on it (server.py)
log = logging.getLogger("uvicorn.error")


class Problem(BaseModel):
    """An RFC 9457 problem document (OpenAPI schema of every error answer)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str


class ProblemError(Exception):
    """Raised by a route: answered as a problem document. ``slug`` names the type: ``/problems/<slug>``."""

    def __init__(self, status: int, slug: str, title: str, detail: str, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.headers, self.extra = headers or {}, extra


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": what}
    for code, what in ((400, "Bad address, parameter or cursor"), (404, "Nothing there"),
                       (503, "Database unavailable"))
}


def problem_response(request: Request, status: int, type_: str, title: str, detail: str,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    instance = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = {"type": type_, "title": title, "status": status, "detail": detail, "instance": instance, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Every error the app can answer, as a problem document; an unexpected one is logged, never explained."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(request, exc.status, f"/problems/{exc.slug}", exc.title, exc.detail, exc.headers,
                                **exc.extra)

    @app.exception_handler(AddressError)
    async def _address(request: Request, exc: AddressError) -> JSONResponse:
        return problem_response(request, 400, "/problems/bad-address", "Not an AQEA address", str(exc))

    @app.exception_handler(BadCursor)
    async def _cursor(request: Request, exc: BadCursor) -> JSONResponse:
        return problem_response(request, 400, "/problems/bad-cursor", "Not a links cursor", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"parameter": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]), "in": str(e["loc"][0]),
                   "message": e["msg"]} for e in exc.errors()]
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        return problem_response(request, 400, "/problems/invalid-parameter", "Invalid request parameter", detail,
                                errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = str(exc.detail) if exc.status_code != 404 else f"no resource at {request.url.path}"
        return problem_response(request, exc.status_code, "about:blank", _reason(exc.status_code), detail,
                                getattr(exc, "headers", None))

    @app.exception_handler(StoreError)
    @app.exception_handler(asyncpg.PostgresConnectionError)
    @app.exception_handler(asyncpg.CannotConnectNowError)
    @app.exception_handler(OSError)
    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable for %s: %s", request.url.path, type(exc).__name__)
        return problem_response(request, 503, "/problems/database-unavailable", "Database unavailable",
                                "the database cannot be reached just now; try again shortly",
                                {"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error answering %s", request.url.path)
        return problem_response(request, 500, "about:blank", "Internal Server Error",
                                "an unexpected error; the server's log has the details")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
