"""Errors as JSON with the right status: never a 500 for bad input or an unreachable database."""
from __future__ import annotations

import neo4j
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from foedus.graph.queries import QueryError

__all__ = ["install_error_handlers"]


def install_error_handlers(app: FastAPI) -> None:
    """Map driver and query errors to 400/503/504 JSON responses."""

    @app.exception_handler(QueryError)
    async def bad_query(_: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(neo4j.exceptions.ServiceUnavailable)
    async def unavailable(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "the graph database is unreachable; try again shortly"}, status_code=503)

    @app.exception_handler(neo4j.exceptions.SessionExpired)
    async def expired(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "the graph database connection was lost; try again"}, status_code=503)

    @app.exception_handler(neo4j.exceptions.ClientError)
    async def client_error(_: Request, exc: neo4j.exceptions.ClientError) -> JSONResponse:
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Terminated" in code:
            return JSONResponse({"detail": "the query ran past its time limit"}, status_code=504)
        if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "WriteOnReadOnly" in code:
            return JSONResponse({"detail": "this endpoint is read-only"}, status_code=403)
        return JSONResponse({"detail": f"the query was refused: {exc.message}"}, status_code=400)
