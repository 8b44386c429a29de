"""GDELT 2.0 event exports: lines of our own making, in the published 61-column layout."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import neo4j
import pytest
from website import Site

from foedus.ingest import load_paths, read_gdelt
from foedus.loaders.gdelt import COLUMNS, iter_gdelt_export, kept_codes, latest_export_url
from foedus.loaders.model import Extraction
from foedus.loaders.readers import DocumentError
from foedus.settings import Settings


def event(gid: str, code: str, actor1: str, actor2: str, day: str = "20251210",
          url: str = "https://news.example.org/a.html", columns: int = len(COLUMNS)) -> str:
    """One export line: the given fields, the others as GDELT leaves them when unknown (empty)."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(GLOBALEVENTID=gid, SQLDATE=day, MonthYear=day[:6], Year=day[:4], EventCode=code,
               EventBaseCode=code[:3], EventRootCode=code[:2], Actor1Code=actor1, Actor1CountryCode=actor1,
               Actor2Code=actor2, Actor2CountryCode=actor2, DATEADDED="20251211081500", SOURCEURL=url)
    cells = [row[c] for c in COLUMNS]
    return "\t".join(cells[:columns] if columns < len(cells) else cells + [""] * (columns - len(cells)))


EXPORT = "\n".join([
    event("1001", "062", "MAR", "FRA", url="https://news.example.org/navy-talks.html"),   # kept
    event("1002", "0312", "USA", "MAR", day="20251209"),                                 # kept
    event("1003", "061", "MAR", "FRA"),                  # economic cooperation: passed over
    event("1004", "062", "MAR", "AFR"),                  # a region is no state: passed over
    event("1005", "062", "MAR", "MAR"),                  # one state: passed over
    event("1006", "062", "MAR", "FRA", columns=60),      # a column short: an error
    event("1007", "072", "FRA", "SEN", day="20251340"),  # no such day: an error
    event("1008", "072", "FRA", "SEN", columns=62),      # a column too many: an error
    event("1009", "074", "FRA", "SEN", url=""),          # kept, with no source article
]) + "\n"


def _split(items: list) -> tuple[list[Extraction], list[str]]:
    return [i for i in items if isinstance(i, Extraction)], [str(i) for i in items if isinstance(i, DocumentError)]


def test_the_kept_codes_are_the_military_cooperation_codes() -> None:
    assert len(COLUMNS) == 61 and COLUMNS[0] == "GLOBALEVENTID" and COLUMNS[-1] == "SOURCEURL"
    assert kept_codes()["062"] == "Cooperate militarily"
    assert kept_codes()["0312"] == "Express intent to cooperate militarily"
    assert not {"061", "063", "064", "1012", "1212"} & set(kept_codes())


def test_an_export_gives_one_extraction_per_kept_event_and_one_error_per_bad_line() -> None:
    extractions, errors = _split(list(iter_gdelt_export(EXPORT.encode(), "day.export.CSV")))
    assert [x.document.title for x in extractions] == [
        "GDELT event 1001: Cooperate militarily", "GDELT event 1002: Express intent to cooperate militarily",
        "GDELT event 1009: Provide military protection or peacekeeping"]
    assert errors == [
        "day.export.CSV:6: 60 tab-separated columns where a GDELT 2.0 event has 61",
        "day.export.CSV:7: SQLDATE '20251340' is not a date (YYYYMMDD)",
        "day.export.CSV:8: 62 tab-separated columns where a GDELT 2.0 event has 61"]
    first = extractions[0]
    assert (first.document.coded_by, first.document.source, first.document.published) == (
        "gdelt", "https://news.example.org/navy-talks.html", "2025-12-11")
    [fact] = first.relations
    assert (fact.type, fact.source, fact.target, fact.attributes) == (
        "PARTNERS_WITH", "state:MA", "state:FR", {"start": "2025-12-10"})
    assert fact.evidence is not None and "https://news.example.org/navy-talks.html" in fact.evidence.text
    assert "not read by Foedus" in fact.evidence.text
    assert extractions[2].document.source == "gdelt:1009"


def test_a_zipped_export_reads_as_the_plain_one() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("20251211081500.export.CSV", EXPORT)
    zipped = list(iter_gdelt_export(buffer.getvalue(), "20251211081500.export.CSV.zip"))
    plain = list(iter_gdelt_export(EXPORT.encode(), "20251211081500.export.CSV"))
    assert [x.document.content_hash for x in _split(zipped)[0]] == [x.document.content_hash for x in _split(plain)[0]]
    assert _split(list(iter_gdelt_export(b"not a zip", "x.export.CSV.zip")))[1] == [
        "x.export.CSV.zip: not a readable zip archive (File is not a zip file)"]


def test_the_latest_export_is_read_from_lastupdate() -> None:
    listing = (b"150383 297a16b493de7cf6ca809a7cc31d0b93 http://h.example/20251211081500.export.CSV.zip\n"
               b"318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://h.example/20251211081500.mentions.CSV.zip\n")
    assert latest_export_url(listing) == "http://h.example/20251211081500.export.CSV.zip"
    with pytest.raises(DocumentError, match="no event export listed"):
        latest_export_url(b"nothing here\n", "lastupdate.txt")


def _gdelt_facts(driver: neo4j.Driver) -> list[tuple]:
    return [tuple(r) for r in driver.execute_query(
        "MATCH (d:Document {coded_by: 'gdelt'})-[:MENTIONS]->(:State) WITH DISTINCT d "
        "MATCH (a:State)-[r:PARTNERS_WITH]-(b:State) WHERE a.iso2 < b.iso2 AND d.id IN r.sources "
        "RETURN a.iso2, b.iso2, r.start, d.source ORDER BY d.source").records]


def test_loading_an_export_twice_changes_nothing_and_loses_no_good_line(clean_graph: neo4j.Driver,
                                                                        tmp_path: Path) -> None:
    path = tmp_path / "20251211081500.export.CSV"
    path.write_text(EXPORT, encoding="utf-8")
    report = load_paths(clean_graph, [path])  # `foedus load` knows an export by its name
    assert report.read == 3 and len(report.failed) == 3
    assert sorted(source for source, _ in report.failed) == [f"{path}:{n}" for n in (6, 7, 8)]
    facts = _gdelt_facts(clean_graph)
    assert ("FR", "MA", "2025-12-10", "https://news.example.org/navy-talks.html") in facts
    assert ("MA", "US", "2025-12-09", "https://news.example.org/a.html") in facts
    assert len(facts) == 3
    again = load_paths(clean_graph, [path])
    assert (again.read, again.skipped) == (3, 3)
    assert clean_graph.execute_query("MATCH (d:Document {coded_by: 'gdelt'}) RETURN count(d) AS n"
                                     ).records[0]["n"] == 3


def test_the_command_fetches_the_latest_export(clean_graph: neo4j.Driver, site: Site, settings: Settings) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("20251211081500.export.CSV", EXPORT)
    export = site.add("/gdeltv2/20251211081500.export.CSV.zip", buffer.getvalue(), content_type="application/zip")
    lastupdate = site.add("/gdeltv2/lastupdate.txt", f"{len(buffer.getvalue())} 0123 {export}\n".encode(),
                          content_type="text/plain")
    uri = settings.neo4j_uri or f"bolt://127.0.0.1:{settings.local_bolt_port}"
    done = subprocess.run([str(Path(sys.executable).parent / "foedus"), "gdelt", "--fetch", "--lastupdate",
                           lastupdate], env={**os.environ, "NEO4J_URI": uri}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "gdelt: 3 events of military cooperation read" in done.stderr
    assert f"failed {export}:6: 60 tab-separated columns where a GDELT 2.0 event has 61" in done.stderr
    assert len(_gdelt_facts(clean_graph)) == 3


def test_a_missing_export_file_is_one_line(tmp_path: Path) -> None:
    assert [str(i) for i in read_gdelt([tmp_path / "none.export.CSV"])] == [
        f"{tmp_path / 'none.export.CSV'}: No such file or directory"]


def test_the_gdelt_mark_survives_an_rdf_round_trip_and_conforms(clean_graph: neo4j.Driver, settings: Settings,
                                                                tmp_path: Path) -> None:
    from pyshacl import validate
    from rdflib import Dataset

    from foedus.graph.admin import wipe_graph
    from foedus.graph.rdf_export import export_rdf, iter_quads
    from foedus.graph.rdf_import import import_rdf

    def export() -> str:
        buffer = io.StringIO()
        export_rdf(iter_quads(clean_graph, settings.rdf_base), buffer, "nquads")
        return buffer.getvalue()

    path = tmp_path / "20251211081500.export.CSV"
    path.write_text(EXPORT, encoding="utf-8")
    load_paths(clean_graph, [path])
    first = export()
    assert sum("ontology#codedBy> \"gdelt\"" in line for line in first.splitlines()) == 3
    data = Dataset()
    data.parse(data=first, format="nquads")
    conforms, _, report = validate(data, shacl_graph=str(Path(__file__).resolve().parents[1] / "ontology" /
                                                        "shapes.ttl"))
    assert conforms, report
    dump = tmp_path / "graph.nq"
    dump.write_text(first, encoding="utf-8")
    wipe_graph(clean_graph)
    import_rdf(clean_graph, dump)
    assert sorted(export().splitlines()) == sorted(first.splitlines())
    assert clean_graph.execute_query("MATCH (d:Document {coded_by: 'gdelt'}) RETURN count(d) AS n"
                                     ).records[0]["n"] == 3
