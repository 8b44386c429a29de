"""Entities: multilingual search and the entity card."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Response

from foedus.api.deps import DriverDep, SettingsDep
from foedus.api.routes.queries import QueryResult, execute, json_response
from foedus.ontology.model import ontology

router = APIRouter(tags=["entities"])
# The classes a search may be restricted to, from the ontology (never re-typed here).
EntityType = Enum("EntityType", {name: name for name in [*ontology().entity_classes, "any"]}, type=str)  # type: ignore[misc]


@router.get("/entities", response_model=QueryResult, summary="Search entities by name")
def search_entities(
    driver: DriverDep, settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="name in any language", examples=["Morocco"])],
    type: Annotated[EntityType, Query(description="a class of the ontology, or any")] = EntityType("any"),
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> Response:
    """Entities whose names or aliases match, best first, with the documents that mention them."""
    return json_response(execute(
        driver, settings, "search_entities", {"q": q, "type": type.value, "limit": limit}))


@router.get("/search", response_model=QueryResult, summary="Search entities by name (alias of /entities)")
def search(driver: DriverDep, settings: SettingsDep,
           q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=500)] = 20) -> Response:
    """Same as `GET /entities?q=`."""
    return json_response(execute(
        driver, settings, "search_entities", {"q": q, "limit": limit}))


@router.get("/entities/{entity_id}", summary="An entity card", response_model=dict[str, Any],
            responses={404: {"description": "unknown entity"}})
def entity_card(driver: DriverDep, settings: SettingsDep,
                entity_id: Annotated[str, Path(max_length=300, examples=["state:MA"])]) -> Response:
    """The entity, its neighbours with the facts' sources, and the documents that mention it."""
    result = execute(driver, settings, "entity_card", {"id": entity_id})
    if not result.rows:
        from foedus.graph.judgements import merged_into

        kept = merged_into(driver, entity_id, settings.neo4j_database)
        raise HTTPException(404, f"no entity {entity_id!r}" + (f": it was merged into {kept!r}" if kept else ""))
    return json_response(result.rows[0])
