"""The Neo4j Browser's style and guide, served for `:style <url>` and `:play <url>`."""
from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from foedus.api.browser_assets import browser_guide, grass_style

router = APIRouter(prefix="/browser", tags=["browser"])

# The Browser fetches these from its own origin (the Neo4j server), so they must be readable cross-origin;
# they are public, generated from the ontology and the catalogue, and carry no data from the graph.
CROSS_ORIGIN = {"Access-Control-Allow-Origin": "*"}


@router.get("/style.grass", response_class=PlainTextResponse, summary="GraSS stylesheet for the Neo4j Browser",
            responses={200: {"content": {"text/plain": {"example": "node.State {\n  color: #4E79A7;\n}\n"}}}})
def style() -> PlainTextResponse:
    """Colour, size and caption (`{name}`) per ontology class; load it with `:style <this url>`."""
    return PlainTextResponse(grass_style(), headers=CROSS_ORIGIN)


@router.get("/guide.html", response_class=HTMLResponse, summary="Neo4j Browser guide of the canned queries",
            responses={200: {"content": {"text/html": {"example": '<article class="guide">...</article>'}}}})
def guide(request: Request) -> HTMLResponse:
    """One slide per canned query, with its parameters and Cypher; open it with `:play <this url>`."""
    base = str(request.base_url)
    return HTMLResponse(browser_guide(base), headers=CROSS_ORIGIN)


@router.options("/style.grass", include_in_schema=False)
@router.options("/guide.html", include_in_schema=False)
def preflight(request: Request) -> Response:
    """Answer the CORS preflight the Browser sends before fetching (its fetch adds non-simple headers)."""
    asked = request.headers.get("access-control-request-headers", "")
    return Response(status_code=204, headers={**CROSS_ORIGIN, "Access-Control-Allow-Methods": "GET, OPTIONS",
                                              "Access-Control-Allow-Headers": asked or "*",
                                              "Access-Control-Max-Age": "600"})
