"""Analytics on the partnership network, and graph files for Gephi."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from foedus.api.deps import DriverDep, SettingsDep
from foedus.graph.analytics import centrality, communities, ego_network, partnership_network, to_graph_file

router = APIRouter(tags=["analytics"])


@router.get("/analytics/centrality", summary="Centrality of states and firms")
def get_centrality(driver: DriverDep, settings: SettingsDep,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    """Degree, betweenness and PageRank in the partnership network, best first."""
    return centrality(partnership_network(driver, settings.neo4j_database), limit)


@router.get("/analytics/communities", summary="Communities of the partnership network")
def get_communities(driver: DriverDep, settings: SettingsDep) -> list[list[dict[str, Any]]]:
    """Groups of actors more tied to each other than to the rest (greedy modularity)."""
    return communities(partnership_network(driver, settings.neo4j_database))


@router.get("/analytics/ego/{entity_id}", summary="Ego network of an entity")
def get_ego(entity_id: str, driver: DriverDep, settings: SettingsDep,
            radius: Annotated[int, Query(ge=1, le=3)] = 1) -> dict[str, Any]:
    """The actors within `radius` ties of the entity."""
    result = ego_network(partnership_network(driver, settings.neo4j_database), entity_id, radius)
    if not result["nodes"]:
        raise HTTPException(404, f"{entity_id!r} is not in the partnership network")
    return result


@router.get("/export/graph", summary="The partnership network as GraphML or GEXF",
            responses={200: {"content": {"application/xml": {}}}})
def export_graph(driver: DriverDep, settings: SettingsDep,
                 format: Annotated[Literal["graphml", "gexf"], Query()] = "graphml") -> Response:
    """A file for Gephi and other network tools."""
    data = to_graph_file(partnership_network(driver, settings.neo4j_database), format)
    return Response(data, media_type="application/xml",
                    headers={"Content-Disposition": f'attachment; filename="foedus.{format}"'})
