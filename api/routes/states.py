"""Convenience endpoints for the main questions about states."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from foedus.api.deps import DriverDep, SettingsDep
from foedus.api.routes.queries import QueryResult, execute, json_response

router = APIRouter(prefix="/states", tags=["states"])
ISO2 = Annotated[str, Path(pattern="^[A-Za-z]{2}$", examples=["MA"], description="ISO 3166 alpha-2 code")]
AS_OF = Annotated[str, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                             description="valid time: only ties that started by this date (from the texts)")]
KNOWN_AS_OF = Annotated[str, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                   description="learned time: the graph as Foedus knew it on this date")]


@router.get("/{iso2}/partners", response_model=QueryResult, summary="Partners of a state")
def partners(iso2: ISO2, driver: DriverDep, settings: SettingsDep, as_of: AS_OF = "9999",
             known_as_of: KNOWN_AS_OF = "9999", limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    """The states it partners with: kinds of ties, domains, first and last dates, number of sources.
    `first` and `last` are valid time, from the texts: null when no text dates the tie."""
    return json_response(execute(
        driver, settings, "partners_of_state",
        {"iso2": iso2.upper(), "as_of": as_of, "known_as_of": known_as_of, "limit": limit}))


@router.get("/{a}/relations/{b}", response_model=QueryResult, summary="Bilateral timeline of two states")
def relations(a: ISO2, b: ISO2, driver: DriverDep, settings: SettingsDep, as_of: AS_OF = "9999",
              known_as_of: KNOWN_AS_OF = "9999") -> Response:
    """Every meeting, visit, exercise and agreement of the two states together, dated, in order
    (valid time; the undated and year-less last)."""
    return json_response(execute(
        driver, settings, "bilateral_timeline",
        {"a": a.upper(), "b": b.upper(), "as_of": as_of, "known_as_of": known_as_of}))


@router.get("/{iso2}/firms", response_model=QueryResult, summary="Firms active with a state")
def firms(iso2: ISO2, driver: DriverDep, settings: SettingsDep,
          limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    """Firms that cooperate with, supply, sign with or host visits of the state."""
    return json_response(execute(
        driver, settings, "firms_active_with_state", {"iso2": iso2.upper(), "limit": limit}))
