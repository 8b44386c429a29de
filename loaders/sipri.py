"""Arms-transfer tables in the layout of SIPRI's trade register, mapped to SUPPLIES,
Agreement (contract) and System facts.

Each row says: supplier, recipient, designation, description, number ordered, order
year, delivery years, number delivered, comments. Values SIPRI is unsure of stand in
round brackets, "(24)"; they are kept exactly so, and never turned into certain numbers.
The table is one document; each fact's evidence is the row that states it.
"""
from __future__ import annotations

import csv
import io
import re

from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.loaders.readers import DocumentError, _decode
from foedus.loaders.state_names import state_by_name
from foedus.loaders.version import table_loader_version
from foedus.textnorm import fold

__all__ = ["COLUMNS", "read_trade_register"]

COLUMNS = {
    "supplier": ("supplier", "seller", "exporter"),
    "recipient": ("recipient", "buyer", "importer"),
    "designation": ("designation", "weapon designation", "system"),
    "description": ("description", "weapon description"),
    "ordered": ("number ordered", "no ordered", "ordered"),
    "order_year": ("order year", "year of order", "year(s) of order"),
    "delivery_years": ("delivery years", "year(s) of delivery", "years of delivery"),
    "delivered": ("number delivered", "no delivered", "delivered"),
    "comments": ("comments", "comment", "status"),
}
REQUIRED = ("supplier", "recipient", "designation", "order_year")
_CERTAIN_INT = re.compile(r"^\d+$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _columns(header: list[str], source: str) -> dict[str, int]:
    folded = [h.strip().lower() for h in header]
    found = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(folded):
            if h in names:
                found[key] = i
                break
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise DocumentError(f"{source}: not a trade register: missing columns {', '.join(missing)} "
                            f"(found {', '.join(header)})")
    return found


def read_trade_register(data: bytes, source: str = "trade-register.csv") -> tuple[Extraction, list[str]]:
    """The extraction of a trade-register table, and the rows it skipped with their reasons."""
    text = _decode(data, source)
    document = SourceDocument(text=text, title=f"Arms transfers: {source.rsplit('/', 1)[-1]}", source=source,
                              language="en")
    text = document.text
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise DocumentError(f"{source}: empty table")
    cols = _columns(rows[0], source)
    entities: dict[str, Entity] = {}
    facts: list[Fact] = []
    skipped: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in cols.items()}
        line_no = number - 1  # rows map to lines when no cell spans lines
        evidence = Evidence(text=lines[line_no], start=offsets[line_no], end=offsets[line_no] + len(lines[line_no])) \
            if line_no < len(lines) else None
        supplier, recipient = state_by_name(cell["supplier"]), state_by_name(cell["recipient"])
        if supplier is None or recipient is None:
            unknown = cell["supplier"] if supplier is None else cell["recipient"]
            skipped.append(f"{source}:{number}: {unknown!r} is not a known state")
            continue
        if not cell["designation"]:
            skipped.append(f"{source}:{number}: no designation")
            continue
        for ref in (supplier, recipient):
            entities.setdefault(f"state:{ref.iso2}", Entity(id=f"state:{ref.iso2}", type="State", name=ref.name,
                                                              iso2=ref.iso2, wikidata=ref.wikidata))
        system_id = f"system:{_slug(cell['designation'])}"
        entities.setdefault(system_id, Entity(id=system_id, type="System", name=cell["designation"],
                                              attributes={"category": cell.get("description") or None}))
        year = cell["order_year"]
        designation = cell["designation"]
        agreement_id = "agreement:" + _slug(f"{supplier.iso2}-{recipient.iso2}-{designation}-{year}")
        contract: dict[str, str | int] = {"kind": "contract", "status": "signed"}
        if re.fullmatch(r"\d{4}", year):
            contract["start"] = year
        if _CERTAIN_INT.match(cell.get("ordered", "")):
            contract["quantity"] = int(cell["ordered"])
        entities.setdefault(agreement_id, Entity(
            id=agreement_id, type="Agreement", attributes=contract,
            name=f"{supplier.name}-{recipient.name} contract for {cell.get('ordered') or ''} {cell['designation']} "
                 f"({year})".replace("  ", " ")))
        supply = {"system": cell["designation"], "quantity": cell.get("ordered") or None,
                  "delivered": cell.get("delivered") or None, "years": cell.get("delivery_years") or None,
                  "ordered_in": year or None}
        facts += [
            Fact("SUPPLIES", f"state:{supplier.iso2}", f"state:{recipient.iso2}",
                 attributes={k: v for k, v in supply.items() if v}, evidence=evidence),
            Fact("PARTY_TO", f"state:{supplier.iso2}", agreement_id, attributes={"role": "supplier"},
                 evidence=evidence),
            Fact("PARTY_TO", f"state:{recipient.iso2}", agreement_id, attributes={"role": "recipient"},
                 evidence=evidence),
            Fact("CONCERNS", agreement_id, system_id, evidence=evidence),
        ]
    for entity in entities.values():
        entity.attributes = {k: v for k, v in entity.attributes.items() if v is not None}
    extraction = Extraction(document=document, entities=list(entities.values()), relations=facts,
                            extractor=table_loader_version())
    return extraction, skipped
