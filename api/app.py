"""The Foedus web service (FastAPI)."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import neo4j
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from foedus import __version__
from foedus.api.errors import install_error_handlers
from foedus.api.routes import analytics, browser, documents, entities, export, judgements, queries, states
from foedus.graph.connection import open_driver
from foedus.settings import Settings, get_settings

__all__ = ["create_app"]

log = logging.getLogger("foedus.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service; one driver per process, opened in the lifespan and closed at shutdown."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = open_driver(settings)
        try:
            driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            log.warning("Neo4j is not reachable yet (%s); requests get 503 until it is", type(exc).__name__)
        app.state.driver = driver
        app.state.settings = settings
        yield
        driver.close()

    app = FastAPI(
        title="Foedus", version=__version__, lifespan=lifespan,
        description="A knowledge graph of defence partnerships: canned queries, search, ingest, analytics, RDF.",
    )
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    install_error_handlers(app)
    for module in (entities, states, queries, documents, judgements, analytics, export, browser):
        app.include_router(module.router)

    @app.get("/health", tags=["service"], summary="Liveness and database reachability")
    def health() -> dict[str, str]:
        """`ok` with the Neo4j server reachable, `degraded` without."""
        try:
            app.state.driver.verify_connectivity()
            return {"status": "ok", "neo4j": "reachable"}
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
            return {"status": "degraded", "neo4j": "unreachable"}

    return app
