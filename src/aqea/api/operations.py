"""Operations: `GET /v1/status` (as `aqea status --json`) and `GET /v1/capacity` (as `aqea capacity --json`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from aqea.api.caching import document_response
from aqea.api.limits import MAX_KEY_LENGTH
from aqea.api.problems import PROBLEM_RESPONSES, ProblemError
from aqea.errors import ConfigError

router = APIRouter(tags=["operations"], responses=PROBLEM_RESPONSES)

LIVE = "no-cache"  # may be stored, but revalidated every time (the ETag makes that a 304 while nothing changed)


@router.get("/status", summary="Status of an extraction run (default: the latest), as `aqea status --json`")
async def get_status(
    request: Request,
    run: Annotated[str | None, Query(min_length=1, max_length=MAX_KEY_LENGTH, description="Run id")] = None,
) -> Response:
    from aqea.status import add_workers, read_status

    async with request.app.state.pool.acquire() as conn:
        try:
            doc = await read_status(conn, run)
        except ConfigError as exc:  # no such run, or none yet
            raise ProblemError(404, "no-run", "No extraction run", str(exc)) from None
    await add_workers(doc)  # the Prefect API, with no database connection held
    return document_response(request, doc, cache_control=LIVE)


@router.get("/capacity", summary="The address space: registry, fullness, projection (as `aqea capacity --json`)")
async def get_capacity(request: Request) -> Response:
    from aqea.store.capacity import capacity_report
    from aqea.taxonomy.registry import registry

    async with request.app.state.pool.acquire() as conn:
        report = await capacity_report(conn, registry())
    return document_response(request, report, cache_control=LIVE)
