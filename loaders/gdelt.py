"""GDELT 2.0 event exports: the events of military cooperation between two states, as extractions.

An export is tab-separated, one event a line, 61 columns (`COLUMNS`, the published layout).
Only the CAMEO codes listed in `loaders/gdelt.yaml` are kept, and only between two different
states (the actors' CAMEO country codes); every other event is passed over, not an error.
A line with another number of columns, or with an id or a date that is not one, is one
`DocumentError` naming the file and line, and the other lines still load.

Each kept event is one document of its own (its text made from GLOBALEVENTID and the coded
fields, so loading an event twice changes nothing), marked `coded_by="gdelt"`: Foedus did not
read the article, GDELT's machine coded it. Its source is the event's SOURCEURL, its date the day
GDELT added it, and its one fact a PARTNERS_WITH between the two states, starting on the event's
day, with the document's text (naming the code and the SOURCEURL) as evidence.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.loaders.readers import DocumentError
from foedus.loaders.state_names import StateRef, state_by_code

__all__ = ["COLUMNS", "LASTUPDATE_URL", "kept_codes", "iter_gdelt_export", "is_gdelt_export", "latest_export_url",
           "gdelt_loader_version"]

REFDATA = Path(__file__).with_name("gdelt.yaml")
# The list of the latest 15-minute files (export, mentions, GKG), each as "size md5 URL".
LASTUPDATE_URL = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt"

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61
_EXPORT_NAME = re.compile(r"\.export\.csv(\.zip)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _refdata() -> dict:
    return yaml.safe_load(REFDATA.read_text(encoding="utf-8"))


def kept_codes() -> dict[str, str]:
    """The CAMEO codes kept, with their meanings."""
    return {str(k): str(v) for k, v in _refdata()["cameo"].items()}


def _state(cameo_country: str) -> StateRef | None:
    iso2 = _refdata()["countries"].get(cameo_country.strip().upper())
    return state_by_code(iso2) if iso2 else None


@lru_cache(maxsize=1)
def gdelt_loader_version() -> str:
    """A digest of this loader and its reference data: events made by an older one are made again."""
    import hashlib

    sha = hashlib.sha256()
    for path in (Path(__file__), REFDATA):
        sha.update(path.read_bytes())
    return "gdelt:" + sha.hexdigest()[:12]


def is_gdelt_export(name: str) -> bool:
    """True for a GDELT 2.0 event export's file name (…export.CSV, or zipped)."""
    return bool(_EXPORT_NAME.search(name))


def _day(value: str, digits: int) -> str | None:
    if not (len(value) >= digits and value[:digits].isdigit()):
        return None
    y, m, d = int(value[:4]), int(value[4:6]), int(value[6:8])
    try:
        return date(y, m, d).isoformat() if 1979 <= y <= 2199 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Event:
    id: str
    day: str
    added: str | None
    code: str
    actor1: StateRef
    actor2: StateRef
    codes: tuple[str, str]
    url: str


def _extraction(event: _Event) -> Extraction:
    meaning = kept_codes()[event.code]
    a, b = event.actor1, event.actor2
    text = (f"GDELT event {event.id}, coded by GDELT and not read by Foedus: {a.name} ({event.codes[0]}) and "
            f"{b.name} ({event.codes[1]}), CAMEO {event.code} ({meaning}), on {event.day}. "
            f"Source article: {event.url or 'none given'}.")
    document = SourceDocument(text=text, title=f"GDELT event {event.id}: {meaning}", published=event.added,
                              language="en", source=event.url or f"gdelt:{event.id}", coded_by="gdelt")
    entities = [Entity(id=f"state:{s.iso2}", type="State", name=s.name, iso2=s.iso2, wikidata=s.wikidata)
                for s in (a, b)]
    fact = Fact("PARTNERS_WITH", f"state:{a.iso2}", f"state:{b.iso2}", attributes={"start": event.day},
                evidence=Evidence(text=document.text, start=0, end=len(document.text)))
    return Extraction(document=document, entities=entities, relations=[fact], extractor=gdelt_loader_version())


def _event(cells: list[str], where: str) -> _Event | DocumentError | None:
    row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
    code = row["EventCode"]
    if code not in kept_codes():
        return None
    a, b = _state(row["Actor1CountryCode"]), _state(row["Actor2CountryCode"])
    if a is None or b is None or a.iso2 == b.iso2:
        return None  # not between two states
    if not row["GLOBALEVENTID"].isdigit():
        return DocumentError(f"{where}: GLOBALEVENTID {row['GLOBALEVENTID'][:40]!r} is not a number")
    day = _day(row["SQLDATE"], 8)
    if day is None or len(row["SQLDATE"]) != 8:
        return DocumentError(f"{where}: SQLDATE {row['SQLDATE'][:40]!r} is not a date (YYYYMMDD)")
    url = row["SOURCEURL"] if row["SOURCEURL"].lower().startswith(("http://", "https://")) else ""
    return _Event(id=row["GLOBALEVENTID"], day=day, added=_day(row["DATEADDED"], 8), code=code, actor1=a,
                  actor2=b, codes=(row["Actor1CountryCode"], row["Actor2CountryCode"]), url=url)


def _lines(data: bytes, source: str) -> Iterator[tuple[int, str] | DocumentError]:
    if source.lower().endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = [i for i in archive.infolist() if not i.is_dir()]
            if len(names) != 1:
                raise DocumentError(f"{source}: a GDELT archive holds one export file, this one {len(names)}")
            data = archive.read(names[0])
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            yield DocumentError(f"{source}: not a readable zip archive ({exc})")
            return
        except DocumentError as exc:
            yield exc
            return
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip():
            yield number, line


def iter_gdelt_export(data: bytes, source: str) -> Iterator[Extraction | DocumentError]:
    """The kept events of a GDELT 2.0 export (plain or zipped), each an extraction of its own,
    and one error per line that is not an event line."""
    for found in _lines(data, source):
        if isinstance(found, DocumentError):
            yield found
            continue
        number, line = found
        cells = line.split("\t")
        where = f"{source}:{number}"
        if len(cells) != len(COLUMNS):
            yield DocumentError(f"{where}: {len(cells)} tab-separated columns where a GDELT 2.0 event has "
                                f"{len(COLUMNS)}")
            continue
        event = _event(cells, where)
        if isinstance(event, _Event):
            yield _extraction(event)
        elif event is not None:
            yield event


def latest_export_url(lastupdate: bytes, source: str = LASTUPDATE_URL) -> str:
    """The URL of the latest event export in a lastupdate.txt ("size md5 URL" lines)."""
    for line in lastupdate.decode("utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and is_gdelt_export(parts[2]):
            return parts[2]
    raise DocumentError(f"{source}: no event export listed")
