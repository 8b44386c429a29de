"""Analysts' judgements and the review queue: writes behind the API key, each answering with what changed."""
from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from foedus.api.deps import DriverDep, SettingsDep, require_api_key
from foedus.graph.judgements import (
    JudgementError,
    Outcome,
    judge_fact,
    judge_merge,
    judge_not_same,
    judge_property,
    judge_split,
    judge_unsure,
    list_judgements,
)
from foedus.graph.review import VERDICTS, judge_candidate, review_queue
from foedus.ontology.model import ontology

router = APIRouter(tags=["judgements"])
_KEYED = [Depends(require_api_key)]
_REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong API key"}, 403: {"description": "writes are off"},
    404: {"description": "an unknown entity, fact, merge or pair"},
    409: {"description": "already judged (or already one node)"},
    422: {"description": "not a valid judgement: two classes, an undeclared property, a value of the wrong type"}}
# The relations whose facts an analyst judges, and the answers to a pair of the queue, from their one source.
FactRelation = Enum("FactRelation", {r: r for r, rel in ontology().relations.items() if rel.provenance},  # type: ignore[misc]
                    type=str)
Verdict = Enum("Verdict", {v: v for v in VERDICTS}, type=str)  # type: ignore[misc]
Id = Annotated[str, Field(min_length=1, max_length=300, examples=["person:pierre-martin"])]


class _Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    author: str = Field(min_length=1, max_length=200, description="who judges")
    reason: str | None = Field(default=None, max_length=4000, description="why")


class MergeIn(_Judgement):
    keep: Id = Field(description="the entity that stays, with its id")
    other: Id = Field(description="the same thing, merged into `keep`")


class PairIn(_Judgement):
    a: Id
    b: Id


class SplitIn(_Judgement):
    merge: str = Field(min_length=1, max_length=100, description="a merge id (GET /merges)", examples=["merge:3f2a"])


class FactIn(_Judgement):
    source: Id
    type: FactRelation  # type: ignore[valid-type]
    target: Id
    key: dict[str, str] | None = Field(default=None, description="what tells the fact apart (SUPPLIES: system)")


class PropertyIn(_Judgement):
    entity: Id
    property: str = Field(min_length=1, max_length=100, examples=["name", "title"])
    value: str | int | float | list[str]


class ReviewIn(_Judgement):
    verdict: Verdict  # type: ignore[valid-type]


class JudgementOut(BaseModel):
    judgement: dict[str, Any] = Field(description="the judgement recorded: kind, author, at, reason, ids")
    changed: dict[str, Any] = Field(description="what it changed in the graph")


def _run(call: Callable[[], Outcome]) -> JudgementOut:
    try:
        outcome = call()
    except JudgementError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    return JudgementOut(judgement=outcome.judgement, changed=outcome.changed)


@router.get("/judgements", summary="Every judgement, oldest first")
def judgements(driver: DriverDep, settings: SettingsDep) -> list[dict[str, Any]]:
    """What analysts decided, with author, time, reason and the ids concerned."""
    return list_judgements(driver, settings.neo4j_database)


@router.post("/judgements/merge", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="Two entities are the same thing")
def merge(body: MergeIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """`other` becomes `keep` (whose id stays), now and in every later load."""
    return _run(lambda: judge_merge(driver, body.keep, body.other, body.author, body.reason,
                                    database=settings.neo4j_database))


def _pair(judge: Callable[..., Outcome], body: PairIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    return _run(lambda: judge(driver, body.a, body.b, body.author, body.reason, database=settings.neo4j_database))


@router.post("/judgements/not-same", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="Two entities are not the same")
def not_same(body: PairIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """Never merged, whatever a later document says; a merge resolution made between them is undone."""
    return _pair(judge_not_same, body, driver, settings)


@router.post("/judgements/unsure", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="Looked at, left as they are")
def unsure(body: PairIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """The pair leaves the review queue; nothing else changes."""
    return _pair(judge_unsure, body, driver, settings)


@router.post("/judgements/split", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="Undo a merge, and keep it from being redone")
def split(body: SplitIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """The merged entity becomes a node of its own again (its document is loaded again)."""
    return _run(lambda: judge_split(driver, body.merge, body.author, body.reason, database=settings.neo4j_database))


def _fact(kind: str, body: FactIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    return _run(lambda: judge_fact(driver, kind, body.source, body.type.value, body.target, body.author,
                                   body.reason, key=body.key, database=settings.neo4j_database))


@router.post("/judgements/reject-fact", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="A fact is not true")
def reject_fact(body: FactIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """Kept with its sources, marked rejected; a document restating it later makes it disputed."""
    return _fact("reject_fact", body, driver, settings)


@router.post("/judgements/confirm-fact", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="A fact is true")
def confirm_fact(body: FactIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """Marked confirmed, whatever is loaded later."""
    return _fact("confirm_fact", body, driver, settings)


@router.post("/judgements/set-property", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="Set an entity's display name or a property")
def set_property(body: PropertyIn, driver: DriverDep, settings: SettingsDep) -> JudgementOut:
    """The value stays over what later documents tell (checked against the ontology's type)."""
    return _run(lambda: judge_property(driver, body.entity, body.property, body.value, body.author, body.reason,
                                       database=settings.neo4j_database))


@router.get("/review", summary="The review queue: candidate pairs, best first")
def review(driver: DriverDep, settings: SettingsDep,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """Pairs resolution left apart or merged with low confidence, with a score, the evidence for and
    against, and both names with their romanisation when one is in Arabic script."""
    return [c.as_dict() for c in review_queue(driver, limit, settings.neo4j_database)]


@router.post("/review/{candidate_id}", response_model=JudgementOut, dependencies=_KEYED, responses=_REFUSALS,
             summary="Judge a pair of the review queue")
def review_judge(body: ReviewIn, driver: DriverDep, settings: SettingsDep,
                 candidate_id: Annotated[str, Path(max_length=100, examples=["candidate:3f2a9c1b0d4e"])]
                 ) -> JudgementOut:
    """same (the second merged into the first), not_same, or unsure."""
    return _run(lambda: judge_candidate(driver, candidate_id, body.verdict.value, body.author, body.reason,
                                        database=settings.neo4j_database))
