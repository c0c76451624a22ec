"""The application factory: a FastAPI app over a read-only asyncpg pool, with its routers and error answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.metadata import version

from fastapi import FastAPI

from aqea.api import dashboard, entries, operations
from aqea.api.problems import install_problem_handlers


@dataclass(frozen=True, slots=True)
class ApiConfig:
    pool_size: int = 8
    # entries change only when an extraction or sync writes them: a minute stale is fine, then revalidate
    entry_cache_control: str = "public, max-age=60, must-revalidate"


def create_app(dsn: str, config: ApiConfig | None = None) -> FastAPI:
    """The API for the database at ``dsn`` (never shown: not in responses, logs or the OpenAPI document).
    Every connection's transactions are READ ONLY. The pool opens with the app (lifespan) and closes with it."""
    config = config or ApiConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from aqea.store.db import create_pool

        app.state.pool = await create_pool(dsn, config.pool_size, read_only=True)
        try:
            yield
        finally:
            await app.state.pool.close()

    app = FastAPI(
        title="AQEA API", version=version("aqea-extractor"), lifespan=lifespan, docs_url="/docs", redoc_url=None,
        description="Read-only access to AQEA entries, their links and concepts, extraction status and the "
                    "address space. The same JSON documents as the CLI's `--json`; errors are RFC 9457 problem "
                    "details (application/problem+json). See docs/http-api.md.",
    )
    app.state.config = config
    install_problem_handlers(app)
    app.include_router(entries.router, prefix="/v1")
    app.include_router(operations.router, prefix="/v1")
    app.include_router(dashboard.router)  # / and /v1/dashboard
    return app
