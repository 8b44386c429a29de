"""The extractor's stages, in order: language, sentences, dateline, dates, named entities,
persons, events, agreements, relations; then the Extraction the rest of Foedus consumes."""
from __future__ import annotations

from bisect import bisect_right

from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.dates import find_dates, to_date
from foedus.loaders.extract.entities import find_entities
from foedus.loaders.extract.events import find_agreements, find_events
from foedus.loaders.extract.language import detect_language
from foedus.loaders.extract.lexicon import lexicon
from foedus.loaders.extract.matcher import PhraseMatcher
from foedus.loaders.extract.normalise import fold, slug, tokenize
from foedus.loaders.extract.people import find_persons
from foedus.loaders.extract.published import find_dateline, prefer
from foedus.loaders.extract.relations import build_relations
from foedus.loaders.extract.sentences import split_sentences, unwrap_lines
from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.ontology.model import ontology

__all__ = ["extract_document"]


def extract_document(document: SourceDocument) -> Extraction:
    """Extract the entities and facts of one document: a pure, deterministic function of its text."""
    text = document.text
    lx = lexicon()
    if not document.language:
        document.language = detect_language(text)
    published, place_span = find_dateline(text)
    if published and (not document.published or prefer(document.published_from, "dateline")):
        document.published, document.published_from = published, "dateline"
    doc = _prepare(text, document)
    doc.ref = to_date(document.published)
    doc.dateline_span = place_span
    doc.dates = find_dates(doc.tokens, doc.ref, lx)
    find_entities(doc, lx, place_span)
    _rescan(doc)
    _committee_anaphors(doc, lx)
    find_persons(doc, lx)
    events = find_events(doc, lx)
    agreements = find_agreements(doc, lx, events)
    build_relations(doc, lx, events, agreements)
    _event_aliases(doc)
    _stable_ids(doc)
    return _extraction(document, doc)


def _prepare(text: str, document: SourceDocument) -> Doc:
    flat = unwrap_lines(text)       # the same offsets; the document's own text stays the evidence
    tokens = tokenize(flat)
    sents = split_sentences(flat) or [(0, len(text))]
    starts = [s for s, _ in sents]
    tok_sent = [max(0, bisect_right(starts, t.start) - 1) for t in tokens]
    sent_toks = []
    k = 0
    for idx in range(len(sents)):
        lo = k
        while k < len(tokens) and tok_sent[k] == idx:
            k += 1
        sent_toks.append((lo, k))
    first_line = text.split("\n", 1)[0]
    doc = Doc(text=text, tokens=tokens, sents=sents, sent_toks=sent_toks, tok_sent=tok_sent,
              lang=document.language or "en", title_end=len(first_line))
    doc.short = document.id.split(":", 1)[-1][:8]
    return doc


def _rescan(doc: Doc) -> None:
    """Names learnt from this document (acronyms, dateline city, camps) found again elsewhere in it."""
    if not doc.dynamic_names:
        return
    m = PhraseMatcher()
    for name, eid in doc.dynamic_names:
        m.add(name, eid)
    for hit in m.find(doc.tokens):
        if any(doc.taken[k] for k in range(hit.i, hit.j)):
            continue
        doc.mention(hit.payload, hit.i, hit.j, how="name", prefix=hit.prefix)


_DEFINITE = {"the", "la", "le", "l", "this", "cette", "ce"}


def _committee_anaphors(doc: Doc, lx) -> None:
    """"the committee", "la commission", "اللجنة" alone: the joint committee named last before it."""
    heads = lx.words("committee_heads")
    comms = sorted((m for m in doc.mentions if doc.ents[m.ent].meta.get("kind") == "joint_committee"),
                   key=lambda m: m.i)
    if not comms or not heads:
        return
    toks = doc.tokens
    for k, t in enumerate(toks):
        if doc.taken[k] or t.key not in heads:
            continue
        definite = fold(t.text).startswith(("ال", "وال", "فال")) if t.arabic else \
            k > 0 and toks[k - 1].key in _DEFINITE
        if not definite:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.soft_gap and (nxt.upper or (nxt.arabic and fold(nxt.text).startswith("ال"))):
            continue     # "the Committee on ...", "اللجنة الوطنية": another body, named in full
        before = [m for m in comms if m.i < k]
        ref = before[-1].ent if before else None
        if ref is not None:
            doc.mention(ref, k, k + 1, how="anaphor", alias=False)


def _event_aliases(doc: Doc) -> None:
    """A visit is named by where it went: "visit to Nagasaki", "Nagasaki visit", "visite de Mérignac",
    "زيارة بنزرت". The names come from its place and host firm, so readers' names for it match."""
    for (rtype, src, tgt) in list(doc.facts):
        if rtype == "HELD_IN":
            ev, where = doc.ents.get(src), doc.ents.get(tgt)
            wanted = "Place"
        elif rtype == "PARTICIPATED_IN":
            ev, where = doc.ents.get(tgt), doc.ents.get(src)
            wanted = where.type if where is not None and where.type in ("Firm", "Organization") and \
                where.meta.get("kind") not in ("armed_forces", "joint_committee", "ministry") else "Firm"
        else:
            continue
        if ev is None or where is None or ev.type != "Visit" or where.type != wanted:
            continue
        for form in ("visit to {}", "{} visit", "visite de {}", "visite à {}", "زيارة {}"):
            ev.alias(form.format(where.name))


def _stable_ids(doc: Doc) -> None:
    """Ids of visits, meetings and agreements from what identifies them (who, where, when, kind, parties),
    so that the same event reported by two documents gets the same node."""
    def targets(rtype: str, src: str) -> list[str]:
        return sorted(t for (r, s, t) in doc.facts if r == rtype and s == src)

    def sources(rtype: str, tgt: str) -> list[str]:
        return sorted(s for (r, s, t) in doc.facts if r == rtype and t == tgt)

    rename: dict[str, str] = {}
    taken = set(doc.ents)
    for eid, e in list(doc.ents.items()):
        if not eid.split(":", 1)[1].startswith(doc.short):
            continue
        start = e.attributes.get("start")
        parts: list[str] = []
        if e.type == "Visit":
            leader = sources("LED", eid)
            place = targets("HELD_IN", eid)
            parts = [leader[0].split(":", 1)[1] if leader else "", place[0].split(":", 1)[1] if place else ""]
        elif e.type == "Meeting":
            place = targets("HELD_IN", eid)
            parts = [str(e.name) if e.name.isascii() else "meeting", place[0].split(":", 1)[1] if place else ""]
        elif e.type == "Agreement":
            isos = sorted(doc.ents[s].iso2 or "" for s in sources("PARTY_TO", eid) if doc.ents[s].type == "State")
            firms = [s.split(":", 1)[1] for s in sources("PARTY_TO", eid) if doc.ents[s].type == "Firm"]
            who = "-".join(i.lower() for i in isos) or "-".join(firms[:2])
            parts = [str(e.attributes.get("kind") or "agreement"), who]
        if not start or not any(parts[1:] + parts[:1]):
            continue
        prefix = eid.split(":", 1)[0]
        base = f"{prefix}:" + "-".join(slug(p) for p in parts if p) + f"-{start}"
        new = base
        n = 2
        while new in taken:
            new = f"{base}-{n}"
            n += 1
        taken.add(new)
        rename[eid] = new
    if not rename:
        return
    for old, new in rename.items():
        ent = doc.ents.pop(old)
        ent.id = new
        doc.ents[new] = ent
    for m in doc.mentions:
        m.ent = rename.get(m.ent, m.ent)
    doc.facts = {(r, rename.get(s, s), rename.get(t, t)): v for (r, s, t), v in doc.facts.items()}


def _extraction(document: SourceDocument, doc: Doc) -> Extraction:
    onto = ontology()
    ents = sorted(doc.ents.values(), key=lambda e: (e.first, e.id))
    used = {e.id for e in ents if e.first < (1 << 30)}
    entities = []
    for e in ents:
        if e.id not in used:
            continue
        attrs = {k: v for k, v in e.attributes.items() if v not in (None, "", [])}
        entities.append(Entity(id=e.id, type=e.type, name=e.name, aliases=list(e.aliases), iso2=e.iso2,
                               wikidata=e.wikidata, attributes=attrs))
    facts = []
    for (rtype, src, tgt), (sent, attrs) in sorted(doc.facts.items(), key=lambda kv: (kv[1][0], kv[0])):
        if src not in used or tgt not in used:
            continue
        if not onto.relation(rtype).allows(doc.ents[src].type, doc.ents[tgt].type):
            continue
        lo, hi = doc.sents[sent] if 0 <= sent < len(doc.sents) else (0, 0)
        facts.append(Fact(type=rtype, source=src, target=tgt, attributes=dict(attrs),
                          evidence=Evidence(text=doc.text[lo:hi], start=lo, end=hi)))
    return Extraction(document=document, entities=entities, relations=facts)
