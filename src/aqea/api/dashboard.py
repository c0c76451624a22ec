"""The dashboard: `GET /` (the page, docs/http-api.md "Dashboard"), `GET /v1/dashboard` (the document it
shows, as JSON) and `GET /static/dashboard.js` (its in-place refresh). Read-only like every route."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from aqea.api.caching import document_response
from aqea.api.limits import MAX_KEY_LENGTH
from aqea.api.problems import PROBLEM_RESPONSES, ProblemError
from aqea.errors import ConfigError

router = APIRouter(tags=["dashboard"], responses=PROBLEM_RESPONSES)
RunQuery = Annotated[str | None, Query(min_length=1, max_length=MAX_KEY_LENGTH,
                                       description="Run whose units and rate to show (default: the latest)")]


async def _document(request: Request, run: str | None) -> dict[str, Any]:
    from aqea.dashboard import dashboard_document
    from aqea.status import add_workers
    from aqea.taxonomy.registry import registry

    async with request.app.state.pool.acquire() as conn:
        try:
            doc = await dashboard_document(conn, registry(), run)
        except ConfigError as exc:  # no such run
            raise ProblemError(404, "no-run", "No extraction run", str(exc)) from None
    await add_workers(doc)  # the Prefect API, with no database connection held
    _name_providers(doc["workers"])
    doc["prefect_ui"] = prefect_ui_url()
    return doc


def _name_providers(workers: dict[str, Any]) -> None:
    """Each worker's provider, from its pool (deployments/providers.toml; the control pool is "control")."""
    if not workers.get("available"):
        return
    from aqea.providers import load_providers

    config = load_providers()
    by_pool = {p.pool: name for name, p in config.providers.items()} | {config.control_pool: "control"}
    for w in workers["details"]:
        w["provider"] = by_pool.get(w["pool"], w["pool"])


def prefect_ui_url() -> str | None:
    """PREFECT_UI_URL, else Prefect's derivation from PREFECT_API_URL (``…/api`` → ``…``); None if neither."""
    from prefect.settings import PREFECT_UI_URL

    url = PREFECT_UI_URL.value()
    return url.rstrip("/") if url else None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request, run: RunQuery = None) -> HTMLResponse:
    from aqea.api.dashboard_page import render_page

    doc = await _document(request, run)
    return HTMLResponse(render_page(doc, prefect_ui=doc["prefect_ui"]), headers={"Cache-Control": "no-cache"})


@router.get("/v1/dashboard", summary="What the dashboard at / shows: runs, one run's units and rate, workers, "
                                     "entries per language and category, the address space cell by cell")
async def dashboard_json(request: Request, run: RunQuery = None) -> Response:
    return document_response(request, await _document(request, run), cache_control="no-cache")


@router.get("/static/dashboard.js", include_in_schema=False)
async def script() -> Response:
    text = resources.files("aqea.api").joinpath("static/dashboard.js").read_text(encoding="utf-8")
    return Response(text, media_type="text/javascript", headers={"Cache-Control": "public, max-age=300"})
