"""Merging what several documents say of one entity's dates, ordinal and status.

The last document read does not simply win:
- a more precise or better-anchored date wins over a vaguer one that it refines
  ("2025-12-09" over "2025-12", over "2025", over the year-less "--12-09");
- values that really disagree ("2025-12-09" and "2025-11-20"; ordinal 3 and 4) are both kept:
  the first told stays the value, unless the other gives a year it lacks, and every
  disagreement is listed in `value_conflicts` as "property|value|document", for the entity card;
- an agreement's status moves along its life (announced, negotiated, signed, ratified, in force,
  delivered, ended): each step told is kept in `status_history` as "status|date|document",
  and the status is the furthest step any document told.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from foedus.loaders.extract.dates import has_year, precision
from foedus.ontology.model import Ontology

__all__ = ["CONTESTED", "ContestedValues", "contested_properties", "merge_date", "refines", "status_rank"]

CONTESTED = ("start", "end", "ordinal", "status", "status_date")  # the properties merged here, not overwritten
_TOLD = ("start", "end", "ordinal")   # kept per document in value_sources; status steps go to status_history


def contested_properties(onto: Ontology, cls: str) -> tuple[str, ...]:
    """The contested properties a class declares."""
    declared = onto.cls(cls).properties
    return tuple(p for p in CONTESTED if p in declared)


def status_rank(onto: Ontology, status: str) -> int:
    """Where a status stands in an agreement's life: its place in the ontology's enum."""
    values = onto.cls("Agreement").properties["status"].values
    return values.index(status) if status in values else -1


def _body(value: str) -> str:
    """The month-day part of a date ("2025-12-09" and "--12-09" both give "12-09")."""
    return value[2:] if value.startswith("--") else value[5:]


def refines(better: str, worse: str) -> bool:
    """True when `better` says all `worse` says and more: "2025-12-09" refines "2025-12", "2025" and "--12-09"."""
    if better == worse:
        return True
    if has_year(worse):
        return has_year(better) and better.startswith(worse) and precision(better) >= precision(worse)
    # year-less "--12-09" or "--12": refined by any value with the same month (and day)
    return _body(better).startswith(_body(worse)) and (has_year(better) or precision(better) >= precision(worse))


def merge_date(old: str | None, new: str | None) -> tuple[str | None, bool]:
    """The value to keep of two dates told for one property, and whether they conflict."""
    if not old or not new or old == new:
        return old or new, False
    if refines(new, old):
        return new, False
    if refines(old, new):
        return old, False
    # a real disagreement: a value with its year beats a year-less one, else the first told stays
    if has_year(new) and not has_year(old):
        return new, True
    return old, True


def _parse(entry: str) -> tuple[str, str, str]:
    key, value, doc = (entry.split("|", 2) + ["", ""])[:3]
    return key, value, doc


@dataclass
class ContestedValues:
    """One entity's contested values, folded from every value any document told (`value_sources`:
    "property|value|document"), so that the result does not depend on the order of reading."""

    told: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    @classmethod
    def from_node(cls, props: dict[str, Any]) -> ContestedValues:
        told = list(props.get("value_sources") or [])
        have = {_parse(e)[0] for e in told}
        told += [f"{key}|{props[key]}|" for key in _TOLD   # a value written before sources were kept
                 if props.get(key) is not None and key not in have]
        history = list(props.get("status_history") or [])
        if props.get("status") and not history:
            history.append(f"{props['status']}|{props.get('status_date') or props.get('start') or ''}|")
        return cls(told, history)

    def add(self, props: dict[str, Any], doc: str) -> None:
        """Fold one document's values in."""
        for key in _TOLD:
            if props.get(key) is not None:
                entry = f"{key}|{props[key]}|{doc}"
                if entry not in self.told:
                    self.told.append(entry)
        if props.get("status"):
            step = f"{props['status']}|{props.get('status_date') or props.get('start') or ''}|{doc}"
            if step not in self.history:
                self.history.append(step)

    def props(self, onto: Ontology) -> dict[str, Any]:
        """The properties to set on the node: the merged values, the sources, the conflicts, the life."""
        out: dict[str, Any] = {}
        conflicts: list[str] = []
        for key in _TOLD:
            entries = [e for e in self.told if _parse(e)[0] == key]
            if not entries:
                continue
            kept: Any = None
            clash = False
            for entry in entries:
                value = _parse(entry)[1]
                if key == "ordinal":
                    clash = clash or (kept is not None and str(kept) != value)
                    kept = value if kept is None else kept
                else:
                    kept, conflict = merge_date(kept, value)
                    clash = clash or conflict
            out[key] = int(kept) if key == "ordinal" and str(kept).lstrip("-").isdigit() else kept
            if clash:
                conflicts.extend(entries)
        if self.history:
            last = max(self.history, key=lambda step: status_rank(onto, _parse(step)[0]))
            status, when, _ = _parse(last)
            out["status"] = status
            if when:
                out["status_date"] = when
            out["status_history"] = self.history
        if self.told:
            out["value_sources"] = self.told
        if conflicts:
            out["value_conflicts"] = conflicts
        return out
