"""Convenience endpoints for the main questions about states."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from foedus.api.deps import DriverDep, SettingsDep
from foedus.api.routes.queries import QueryResult, execute, json_response
from foedus.graph.queries import CURSOR_PATTERN

router = APIRouter(prefix="/states", tags=["states"])
ISO2 = Annotated[str, Path(pattern="^[A-Za-z]{2}$", examples=["MA"], description="ISO 3166 alpha-2 code")]
AS_OF = Annotated[str, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                             description="valid time: only ties that started by this date (from the texts)")]
KNOWN_AS_OF = Annotated[str, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                   description="learned time: the graph as Foedus knew it on this date")]
BEFORE = Annotated[str, Query(pattern=CURSOR_PATTERN, examples=["2025-12-09|meeting:0f3a"],
                              description="the page after this place: the previous answer's `next` (date|id), "
                                          "or a date (only events strictly before it); 9999 for the newest")]


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
              known_as_of: KNOWN_AS_OF = "9999", limit: Annotated[int, Query(ge=1, le=500)] = 50,
              before: BEFORE = "9999") -> Response:
    """The meetings, visits, exercises and agreements of the two states together, newest first, a page
    at a time (valid time; the year-less, then the undated, last; ties by id). `next` is the `before`
    of the next page, null after the last."""
    return json_response(execute(
        driver, settings, "bilateral_timeline",
        {"a": a.upper(), "b": b.upper(), "as_of": as_of, "known_as_of": known_as_of, "limit": limit,
         "before": before}))


@router.get("/{iso2}/firms", response_model=QueryResult, summary="Firms active with a state")
def firms(iso2: ISO2, driver: DriverDep, settings: SettingsDep,
          limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    """Firms that cooperate with, supply, sign with or host visits of the state."""
    return json_response(execute(
        driver, settings, "firms_active_with_state", {"iso2": iso2.upper(), "limit": limit}))
