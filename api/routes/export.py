"""RDF and graph-file exports, streamed."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from foedus.api.deps import DriverDep, SettingsDep
from foedus.graph.rdf_export import FORMATS, iter_quads, neighbourhood, render_rdf

router = APIRouter(prefix="/export", tags=["export"])


def _chunks(pieces: Iterator[str], size: int = 65536) -> Iterator[bytes]:
    """Pieces of text joined into chunks of about `size` characters."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


@router.get("/rdf", summary="The graph as RDF", response_class=StreamingResponse,
            responses={200: {"content": {m: {} for m in FORMATS.values()}}})
def rdf(driver: DriverDep, settings: SettingsDep,
        format: Annotated[Literal["turtle", "nt", "nquads", "trig", "jsonld"], Query()] = "turtle",
        entity: Annotated[str | None, Query(max_length=300, description="only this entity's neighbourhood")] = None,
        depth: Annotated[int, Query(ge=0, le=4)] = 2) -> StreamingResponse:
    """Stream the whole graph, or the neighbourhood of one entity, with stable IRIs and provenance."""
    ids = neighbourhood(driver, entity, depth, database=settings.neo4j_database) if entity else None
    quads = iter_quads(driver, settings.rdf_base, ids, database=settings.neo4j_database)
    return StreamingResponse(_chunks(render_rdf(quads, format)), media_type=FORMATS[format])
