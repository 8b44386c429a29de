"""Events (committee sessions, talks, ceremonies, visits, exercises) and agreements, with their
dates, ordinals and the sentences that mention them; coreference by definiteness and recency."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from foedus.loaders.extract.agreement_status import LIFE, statuses_in
from foedus.loaders.extract.context import Doc
from foedus.loaders.extract.dates import DateMention, has_year, month_of, parse_ordinal
from foedus.loaders.extract.lexicon import Lexicon, _strings
from foedus.loaders.extract.normalise import fold, slug, tokenize
from foedus.loaders.extract.quantities import counted_span, quantity_near

__all__ = ["ORDINAL_EN", "Agreement", "Event", "find_agreements", "find_events", "opens_sentence", "verbs_in"]

ORDINAL_EN = {1: "st", 2: "nd", 3: "rd"}
_DEFINITE_LATIN = {"the", "le", "la", "l", "les", "du", "ce", "cet", "cette", "this", "these", "those", "au", "aux",
                   "their", "his", "her", "its", "leur", "sa", "son"}     # "their meeting": the one told
_NEW_WORDS = {"new", "nouvel", "nouveau", "nouvelle", "جديد", "جديده", "another", "autre"}
_MONEY = re.compile(
    r"(?:(?:US)?\$|€|₹|£|\bUSD|\bEUR)\s?\d[\d,.]*\s*(?:billion|million|crore|lakh|bn|m)?"
    r"|\d[\d,.]*\s*(?:billion|million|milliards?|millions?|مليارات|ملايين|مليار|مليون|crore)"
    r"\s*(?:dollars?|euros?|d'euros|de dollars|دولار|يورو|دولارا)?",
    re.IGNORECASE)


@dataclass
class Event:
    eid: str
    cls: str
    kind: str
    sent: int
    pos: int                        # token index of the introducing cue
    start: str | None = None
    end: str | None = None
    ordinal: int | None = None
    committee: str | None = None
    sents: list[int] = field(default_factory=list)
    cue_toks: list[tuple[int, int]] = field(default_factory=list)
    agreement: str | None = None     # the agreement this event was the signing of
    year: int | None = None
    named_sents: list[int] = field(default_factory=list)   # sentences with a cue of the event's own class
    inherited: list[int] = field(default_factory=list)     # sentences of the signing it hosted


@dataclass
class Agreement:
    eid: str
    kind: str
    sent: int
    pos: int
    sents: list[int] = field(default_factory=list)
    hits: list[tuple[int, int]] = field(default_factory=list)
    sign_sents: list[int] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    value: str | None = None
    status: str | None = None
    ordinal: int | None = None
    events: list[str] = field(default_factory=list)
    provisional: bool = False
    sign_only: list[int] = field(default_factory=list)   # "وجرى التوقيع": signed here, not named here
    adopted_at: str | None = None   # the meeting that adopted it ("les deux parties ont arrêté un programme")
    verbs: list[int] = field(default_factory=list)       # signing verbs that belong to it (token indexes)


@lru_cache(maxsize=1)
def _verb_keys(_: int) -> dict[str, frozenset[str]]:
    from foedus.loaders.extract.lexicon import lexicon
    lx = lexicon()
    out = {}
    for verb, spec in (lx.cues.get("verbs") or {}).items():
        out[verb] = frozenset(t.key for w in _strings(spec) for t in tokenize(w))
    return out


def verbs_in(doc: Doc, sent: int, verb: str) -> list[int]:
    """Token indexes of a cue verb (cues.yaml verbs) in a sentence."""
    out = []
    for m in doc.cues:
        if m.payload == ("verb", verb) and doc.tok_sent[m.i] == sent:
            out.append(m.i)
    return out


def _definite(doc: Doc, i: int, prefix: str) -> bool:
    t = doc.tokens[i]
    if t.arabic:
        raw = fold(t.text)
        return "ال" in prefix or prefix.endswith("لل") or raw.startswith("ال") or \
            (len(raw) > 3 and raw[1:3] == "ال" and raw[0] in "وفبلك")
    return i > 0 and doc.tokens[i - 1].key in _DEFINITE_LATIN


def _dates_by_sentence(doc: Doc) -> dict[int, list[DateMention]]:
    out: dict[int, list[DateMention]] = {}
    for d in doc.dates:
        out.setdefault(doc.tok_sent[d.i], []).append(d)
    return out


def _event_dates(doc: Doc, sent: int, pos: int, stop: int | None = None) -> tuple[str | None, str | None]:
    ds = [d for d in doc.dates_by_sent.get(sent, []) if d.year_known or d.relative or d.precision >= 2]
    ds = [d for d in ds if not _is_name_year(doc, d) and not (d.precision == 1 and d.end_value)
          and not _is_dateline(doc, d)]
    after = [d for d in ds if d.i >= pos and (stop is None or d.i < stop)]
    before = [d for d in ds if d.i < pos]
    pick = after or ([before[-1]] if before else [])
    if not pick:
        return None, None
    pick = [d for d in pick if d.precision == max(x.precision for x in pick)] or pick
    start = min(d.value for d in pick)
    ends = [d.end_value for d in pick if d.end_value] + [d.value for d in pick if d.value != start]
    end = max(ends) if ends else None
    return start, end


def _is_dateline(doc: Doc, d: DateMention) -> bool:
    """The dateline's own date ("NAIROBI, March 14, 2025 — Kenya and ..."): when the story was filed,
    not when what it tells happened."""
    if d.relative or d.precision != 3 or doc.ref is None or d.value != doc.ref.isoformat():
        return False
    line_start = doc.text.rfind("\n", 0, d.start) + 1
    if d.start - line_start > 60:
        return False
    return bool(re.match(r"\s*[—–-]", doc.text[d.end:d.end + 4])) or doc.text[d.end:].startswith("\n")


def _is_name_year(doc: Doc, d: DateMention) -> bool:
    """A year that is part of a name ("Chergui 2025", "رؤية المملكة 2030")."""
    if d.precision != 1 or d.end_value:
        return False
    if d.i <= 0:
        return False
    prev = doc.taken[d.i - 1] or ""
    if prev.startswith(("exercise", "system:", "org:", "firm:")) or (doc.taken[d.i] or "").startswith("exercise"):
        return True
    tail = doc.text[doc.tokens[d.i].end:doc.tokens[d.i].end + 1]
    if tail == "»" and doc.tokens[d.i].soft_gap:
        return True      # «ميدوزا 2025»
    return doc.tokens[d.i - 1].upper and not doc.tokens[d.i - 1].arabic and doc.tokens[d.i].soft_gap


def find_events(doc: Doc, lx: Lexicon) -> list[Event]:
    """Meetings, visits and exercises, in order of first mention."""
    doc.dates_by_sent = _dates_by_sentence(doc)
    events: list[Event] = []
    last_mention: dict[str, int] = {}
    cues = [m for m in doc.cues if m.payload[0] == "event"]
    agreement_at = sorted(h.i for h in lx.agreement_m.find(doc.tokens) if not doc.taken[h.i]
                          and not doc.tokens[h.i].upper and h.payload[1] >= 0)   # not "Committee on the RAA
    spec = lx.cues.get("events") or {}
    exercise_ordinals: dict[int, int] = {}
    sign_keys = _verb_keys(0)["sign"]
    for m in cues:
        kind = m.payload[1]
        cls = (spec.get(kind) or {}).get("class", "Meeting")
        sent = doc.tok_sent[m.i]
        if cls == "Exercise" or any(x.i <= m.i < x.j for x in doc.sent_mentions(sent, "State")):
            continue     # "La Réunion" named the island: its word is not the cue "réunion"
        definite = _definite(doc, m.i, m.prefix)
        ev: Event | None = None
        parts = _session_parts(doc, m) if kind in ("session", "meeting") else None
        if parts is not None and parts[3]:
            if parts[0] is not None:
                exercise_ordinals[parts[2]] = parts[0]
            continue
        if kind == "session" or (parts is not None and parts[0] is not None and parts[1] is not None):
            ordv, committee, k, _ = parts if parts is not None else (None, None, m.j, False)
            if ordv is None:
                ev = _session_anaphor(doc, events, last_mention, m) if definite else None
                if ev is not None:
                    doc.mention(ev.eid, m.i, m.j, how="anaphor")
                    if sent not in ev.sents:
                        ev.sents.append(sent)
                    last_mention[ev.eid] = m.i
                continue
            if committee is None:
                committee = _sole_committee(doc, m)
            if committee is None:
                ev = next((e for e in events if e.kind == "session" and e.ordinal == ordv), None)
                if ev is None:
                    doc.pending_sessions.append((m, ordv))
                    continue
            else:
                ev = next((e for e in events if e.committee == committee and e.ordinal == ordv), None)
                if ev is None:
                    cname = doc.ents[committee].name
                    eid = f"meeting:{committee.split(':', 1)[1]}-{ordv}"
                    ev = Event(eid, "Meeting", "session", sent, m.i, ordinal=ordv, committee=committee)
                    doc.add(eid, "Meeting", f"{_ordinal_en(ordv)} session of the {cname}",
                            attributes={"ordinal": ordv})
                    events.append(ev)
            doc.mention(ev.eid, m.i, max(k, m.j))
            _session_aliases(doc, ev, m, k, committee)
            kind = "session"
        elif cls == "Visit":
            ev = _visit_coref(doc, events, m, sent, definite)
        elif parts is not None and parts[1] is not None and (
                ev := _committee_session(doc, events, last_mention, m, parts[1])) is not None:
            _committee_meeting_aliases(doc, ev, m, parts[1])
        else:
            ev = _meeting_coref(doc, lx, events, m, kind, sent, definite, sign_keys)
        if ev is None:
            eid = f"{'visit' if cls == 'Visit' else 'meeting'}:{doc.short}-{len(events) + 1}"
            ev = Event(eid, cls, kind, sent, m.i, committee=parts[1] if parts is not None else None)
            surface = _event_name(doc, m, kind)
            verb_form = not doc.tokens[m.i].arabic and re.search(r"(é|ée|és|ed|ing)$", doc.tokens[m.j - 1].text)
            name = surface if cls == "Visit" and not verb_form else kind
            proper = _proper_event_name(doc, m)
            doc.add(eid, cls, proper[0] if proper else name)
            for alias in proper[1:] if proper else ():
                doc.ents[eid].alias(alias)
            if cls != "Visit":
                doc.ents[eid].alias(surface)
            events.append(ev)
            doc.mention(eid, m.i, m.j)
        elif kind != "session":
            same_class = (spec.get(kind) or {}).get("class", "Meeting") == ev.cls
            doc.mention(ev.eid, m.i, m.j, how="anaphor")
            if same_class and not definite:
                doc.ents[ev.eid].alias(_event_name(doc, m, kind))
        if sent not in ev.sents:
            ev.sents.append(sent)
        if cls == ev.cls and sent not in ev.named_sents:
            ev.named_sents.append(sent)
        ev.cue_toks.append((m.i, m.j))
        last_mention[ev.eid] = m.i
        if ev.start is None:
            nxt = next((c.i for c in cues if c.i > m.j and doc.tok_sent[c.i] == sent
                        and (spec.get(c.payload[1]) or {}).get("class") != "Exercise"), None)
            # "الزيارة تأتي تتويجاً لاتفاقية ... الموقعة عام 2018": a date after an agreement is the agreement's
            ag = next((x for x in agreement_at if x > m.j and doc.tok_sent[x] == sent), None)
            if ag is not None and (nxt is None or ag < nxt):
                nxt = ag
            ev.start, ev.end = _event_dates(doc, sent, m.j, nxt)
    # sessions named only by their ordinal ("الدورة 23") join the session with that ordinal
    for m, ordv in doc.pending_sessions:
        ev = next((e for e in events if e.kind == "session" and e.ordinal == ordv), None)
        if ev is not None:
            doc.mention(ev.eid, m.i, m.j + 1 if m.j < len(doc.tokens) else m.j, how="name")
            s = doc.tok_sent[m.i]
            if s not in ev.sents:
                ev.sents.append(s)
    # talks held "as part of a visit" introduced in the same sentence are that visit
    for ev in list(events):
        if ev.cls != "Meeting" or ev.kind not in ("talks", "meeting") or ev.committee:
            continue
        host = next((v for v in events if v.cls == "Visit" and v.sent == ev.sent and v.pos > ev.pos), None)
        if host is None:
            continue
        for mm in doc.mentions:
            if mm.ent == ev.eid:
                mm.ent = host.eid
        host.sents = sorted(set(host.sents) | set(ev.sents))
        host.cue_toks = sorted(host.cue_toks + ev.cue_toks)
        host.start = host.start or ev.start
        host.end = host.end or ev.end
        events.remove(ev)
        del doc.ents[ev.eid]
    for ev in events:
        if ev.start is None:
            for other in events:
                if other is not ev and other.start and set(other.sents) & set(ev.named_sents or ev.sents):
                    ev.start, ev.end = other.start, other.end
                    break
    _verb_meetings(doc, events)
    _committee_verb_sessions(doc, events)
    _closing_days(doc, lx, events)
    events.extend(_exercises(doc, lx, exercise_ordinals))
    for ev in events:
        ent = doc.ents[ev.eid]
        if ev.start:
            ent.attributes["start"] = ev.start
        if ev.end and ev.end != ev.start:
            ent.attributes["end"] = ev.end
        if ev.ordinal is not None:
            ent.attributes["ordinal"] = ev.ordinal
    return events


def _verb_meetings(doc: Doc, events: list[Event]) -> None:
    """"General X received General Y", "X called on Y", "استقبل الفريق X الفريق Y": a meeting of two
    persons told by its verb alone, in a sentence that names no event. Both persons must be named in
    the sentence, one of them after the verb (so "X received the first batch" is no meeting)."""
    named = {s for e in events for s in e.sents}
    for m in doc.cues:
        if m.payload not in (("verb", "meet"), ("verb", "host")):
            continue
        sent = doc.tok_sent[m.i]
        if sent in named:
            continue
        persons = doc.sent_mentions(sent, "Person")
        if len({p.ent for p in persons}) < 2 or not any(p.i >= m.j for p in persons):
            continue
        eid = f"meeting:{doc.short}-{len(events) + 1}"
        ev = Event(eid, "Meeting", "talks", sent, m.i, sents=[sent], named_sents=[sent], cue_toks=[(m.i, m.j)])
        doc.add(eid, "Meeting", "meeting")
        doc.mention(eid, m.i, m.j, alias=False)
        ev.start, ev.end = _event_dates(doc, sent, m.j)
        events.append(ev)
        named.add(sent)


def _committee_verb_sessions(doc: Doc, events: list[Event]) -> None:
    """A joint body that meets, told by its verb: "the India-UK Defence Consultative Group met in
    London", "the third Defence Policy Dialogue was held in Hanoi", "انعقدت اللجنة العسكرية المشتركة".
    The sentence names no meeting of its own; an ordinal right before the body numbers the session."""
    vk = _verb_keys(0)
    verbs = vk["hold"] | vk["meet"] | _MET
    toks = doc.tokens
    busy = {s for e in events if e.cls == "Meeting" for s in e.sents}
    for m in [x for x in doc.mentions if doc.ents[x.ent].meta.get("kind") == "joint_committee"]:
        if m.sent in busy:
            continue
        lo, hi = doc.sent_range(m.sent)
        after = []
        for k in range(m.j, min(m.j + 6, hi)):     # "the joint working group of Kenya and Turkey met"
            if not toks[k].soft_gap:
                break
            if toks[k].key in verbs and not doc.taken[k]:
                after.append(k)
                break
            if not (doc.meta_state[k] or toks[k].key in _BODY_LINKS or k < m.j + 2):
                break
        before = [k for k in (m.i - 1, m.i - 2) if lo <= k and toks[k].arabic and toks[k].key in verbs]
        verb = (after or before or [None])[0]
        if verb is None:
            continue
        ord_at = next(((m.i - back, o[0]) for back in (1, 2) if m.i - back >= lo
                       and (o := parse_ordinal(toks, m.i - back)) and o[1] == m.i), None)
        ordv = ord_at[1] if ord_at else None
        cname = doc.ents[m.ent].name
        if ordv is not None:
            eid = f"meeting:{m.ent.split(':', 1)[1]}-{ordv}"
            if eid in doc.ents:
                continue
            ev = Event(eid, "Meeting", "session", m.sent, m.i, ordinal=ordv, committee=m.ent)
            doc.add(eid, "Meeting", f"{_ordinal_en(ordv)} session of the {cname}", attributes={"ordinal": ordv})
        else:
            eid = f"meeting:{doc.short}-{len(events) + 1}"
            ev = Event(eid, "Meeting", "meeting", m.sent, m.i, committee=m.ent)
            doc.add(eid, "Meeting", "meeting")
        ev.sents, ev.named_sents, ev.cue_toks = [m.sent], [m.sent], [(verb, verb + 1)]
        doc.mention(eid, verb, verb + 1, alias=False)
        surface = doc.text[toks[m.i].start:toks[m.j - 1].end]
        if not toks[m.i].arabic:      # the names a reader gives it: "the DCG meeting", "third DCG"
            doc.ents[eid].alias(f"{surface} meeting")
            if ord_at is not None:
                doc.ents[eid].alias(doc.text[toks[ord_at[0]].start:toks[m.j - 1].end])
        ev.start, ev.end = _event_dates(doc, m.sent, max(m.j, verb + 1))
        events.append(ev)
        busy.add(m.sent)


# "se sont réunis", "s'est réunie", "met": the body meeting, beside the cue lists' "held" and "met with"
_MET = frozenset({"met", "reunie", "reuni", "reunis", "reunies", "اجتمعت", "اجتمع"})
_BODY_LINKS = frozenset({"of", "and", "the", "et", "de", "du", "des", "entre", "between"})


def _closing_days(doc: Doc, lx: Lexicon, events: list[Event]) -> None:
    """A meeting "concluded yesterday", "s'est achevée hier", "اختتمت أمس": that day is its end."""
    close = lx.words("close_words")
    for ev in events:
        if ev.cls != "Meeting" or ev.end:
            continue
        for s in sorted(ev.sents):
            lo, hi = doc.sent_range(s)
            closes = [k for k in range(lo, hi) if any(v in close for v, _ in doc.tokens[k].variants)]
            if not closes:
                continue
            days = [d for d in doc.dates_by_sent.get(s, []) if d.relative and d.precision == 3 and not d.end_value]
            # the day named next to the closing word ("اختتمت أمس ..., التي انطلقت يوم الاثنين")
            near = [d for d in days if min(abs(d.i - c) for c in closes) <= 4]
            pick = near[0] if len(near) == 1 else (days[0] if len(days) == 1 else None)
            if pick is not None and (ev.start is None or pick.value > ev.start):
                ev.end = pick.value
                break


_OTHER_SESSION = {"next", "previous", "last", "prochaine", "precedente", "derniere", "future", "upcoming",
                  "مقبله", "قادمه", "سابقه", "ماضيه", "المقبله", "القادمه", "السابقه", "الماضيه"}


def _session_anaphor(doc: Doc, events: list[Event], last_mention: dict[str, int], m) -> Event | None:
    """"the session", "la session", "الدورة" with no ordinal: the numbered session named last before it,
    unless it is another one ("the next session", "الدورة المقبلة")."""
    toks = doc.tokens
    near = [toks[k].key for k in (m.i - 1, m.j) if 0 <= k < len(toks)]
    if any(w in _OTHER_SESSION for w in near):
        return None
    sessions = [e for e in events if e.kind == "session" and e.eid in last_mention and last_mention[e.eid] < m.i]
    if not sessions:
        return None
    return max(sessions, key=lambda e: last_mention[e.eid])


def _committee_session(doc: Doc, events: list[Event], last_mention: dict[str, int], m, committee: str
                       ) -> Event | None:
    """"the JDCC meeting", "la réunion de la commission", "اجتماع اللجنة" with no ordinal: the numbered
    session of that committee named last, unless the words around say it is another one ("the next JDCC
    meeting")."""
    toks = doc.tokens
    lo = m.i
    while lo > 0 and doc.taken[lo - 1] == committee:
        lo -= 1
    near = [toks[k].key for k in (lo - 1, m.i - 1, m.j) if 0 <= k < len(toks)]
    if any(w in _OTHER_SESSION for w in near):
        return None
    sessions = [e for e in events if e.kind == "session" and e.committee == committee]
    if not sessions:
        return None
    before = [e for e in sessions if last_mention.get(e.eid, len(toks)) < m.i]
    current = [e for e in sessions if _is_current(doc, e)]
    pick = current or before
    return max(pick, key=lambda e: last_mention.get(e.eid, -1)) if pick else None


def _committee_meeting_aliases(doc: Doc, ev: Event, m, committee: str) -> None:
    """A session met again as "the JDCC meeting": "JDCC meeting" and "6th JDCC meeting" name it too."""
    toks = doc.tokens
    lo = m.i
    while lo > 0 and doc.taken[lo - 1] == committee:
        lo -= 1
    if lo == m.i or toks[m.i].arabic:
        return
    ent = doc.ents[ev.eid]
    surface = doc.text[toks[lo].start:toks[m.j - 1].end]
    ent.alias(surface)
    if ev.ordinal is not None:
        ent.alias(f"{_ordinal_en(ev.ordinal)} {surface}")


def _session_parts(doc: Doc, m) -> tuple[int | None, str | None, int, bool]:
    """(ordinal, committee id, index after the ordinal, is-an-exercise) around a session cue:
    "الدورة الـ23 للجنة ...", "la 6e réunion de la commission ...", "their second Joint Committee session"."""
    toks = doc.tokens
    n = len(toks)
    ordv = parse_ordinal(toks, m.j)
    k = ordv[1] if ordv else m.j
    if ordv is None:
        for back in (1, 2):
            o = parse_ordinal(toks, m.i - back) if m.i - back >= 0 else None
            if o and o[1] == m.i:
                ordv = o
                break
    committee = None
    exercise_next = False
    for q in range(k, min(k + 5, n)):
        eid = doc.taken[q]
        if eid and (eid == "exercise" or eid.startswith("exercise:")):
            exercise_next = True
            break
        if eid and eid in doc.ents and doc.ents[eid].meta.get("kind") == "joint_committee":
            committee = eid
            break
        if eid or not toks[q].soft_gap and q > k:
            break
    if committee is None and m.i > 0:
        eid = doc.taken[m.i - 1]
        if eid and eid in doc.ents and doc.ents[eid].meta.get("kind") == "joint_committee":
            committee = eid
            lo = m.i - 1
            while lo > 0 and doc.taken[lo - 1] == eid:
                lo -= 1
            if ordv is None:
                for back in (1, 2):
                    o = parse_ordinal(toks, lo - back) if lo - back >= 0 else None
                    if o and o[1] == lo:
                        ordv = o
                        break
    return (ordv[0] if ordv else None), committee, k, exercise_next


def _sole_committee(doc: Doc, m) -> str | None:
    """The committee a numbered session without one beside it belongs to ("its seventh session",
    "دورتها السابعة"): the joint committee named earlier in its sentence, else the document's only one."""
    sent = doc.tok_sent[m.i]
    before = [x for x in doc.mentions if x.sent == sent and x.i < m.i
              and doc.ents[x.ent].meta.get("kind") == "joint_committee"]
    if before:
        return max(before, key=lambda x: x.i).ent
    comms = {x.ent for x in doc.mentions if doc.ents[x.ent].meta.get("kind") == "joint_committee"}
    return next(iter(comms)) if len(comms) == 1 else None


def _session_aliases(doc: Doc, ev: Event, m, k: int, committee: str | None) -> None:
    """The ways a text names a numbered session: its own words with the ordinal ("third meeting",
    "الدورة السابعة", "15e session"), the same with the committee it belongs to, and the ordinal in
    figures ("3rd meeting"), so the node is found whatever the reader calls it."""
    toks = doc.tokens
    ent = doc.ents[ev.eid]
    lo, hi = m.i, max(k, m.j)
    for back in (1, 2):
        if m.i - back >= 0:
            o = parse_ordinal(toks, m.i - back)
            if o and o[1] == m.i and o[0] == ev.ordinal:
                lo = m.i - back
                break
    if committee is not None and lo == m.i and m.i > 0 and doc.taken[m.i - 1] == committee:
        _committee_before_aliases(doc, ev, m, committee)
    if lo == m.i and hi == m.j:
        return
    start = toks[lo].start if not (lo == m.i and m.prefix) else doc._strip_prefix(m.i, m.prefix)
    ent.alias(doc.text[start:toks[hi - 1].end])
    if committee is not None:
        q = next((q for q in range(hi, min(hi + 4, len(toks))) if doc.taken[q] == committee), None)
        if q is not None and all(toks[x].soft_gap for x in range(hi, q + 1)):
            end = q
            while end < len(toks) and doc.taken[end] == committee:
                end += 1
            ent.alias(doc.text[start:toks[end - 1].end])
    if ev.ordinal is not None and not toks[m.i].arabic:
        word = toks[m.j - 1].text.lower()
        if word in ("session", "meeting", "réunion", "round"):
            ent.alias(f"{_ordinal_en(ev.ordinal)} {word}")


def _committee_before_aliases(doc: Doc, ev: Event, m, committee: str) -> None:
    """"the sixth India-Philippines JDCC meeting": the whole phrase from its ordinal, and the ordinal
    in figures with each short name of the committee ("6th JDCC meeting")."""
    toks = doc.tokens
    lo = m.i
    while lo > 0 and doc.taken[lo - 1] == committee:
        lo -= 1
    first = lo
    for back in (1, 2):
        o = parse_ordinal(toks, lo - back) if lo - back >= 0 else None
        if o and o[1] == lo and o[0] == ev.ordinal:
            first = lo - back
            break
    ent = doc.ents[ev.eid]
    start = toks[first].start
    if first == m.i - 1 or toks[m.i].arabic:
        return
    ent.alias(doc.text[start:toks[m.j - 1].end])
    cue = doc.text[toks[m.i].start:toks[m.j - 1].end]
    short = re.sub(r"\s*\([^)]*\)?", "", doc.text[toks[lo].start:toks[m.i - 1].end]).strip()
    if ev.ordinal is not None:
        ent.alias(f"{_ordinal_en(ev.ordinal)} {short} {cue}")
        for name in doc.ents[committee].aliases:
            if name.isupper() and 2 <= len(name) <= 8:
                ent.alias(f"{_ordinal_en(ev.ordinal)} {name} {cue}")


def _ordinal_en(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ORDINAL_EN.get(n % 10, 'th')}"


def _event_name(doc: Doc, m, kind: str) -> str:
    toks = doc.tokens
    if toks[m.i].arabic and any(v in ("زار", "زارت") for v, _ in toks[m.i].variants) and m.j - m.i == 1:
        return "زيارة"      # "وزار الوفد": the visit, not the verb and the word after it
    if toks[m.i].key == "s" or toks[m.i].key in ("travelled", "traveled"):
        return "visite" if toks[m.i].key == "s" else "visit"     # "s'était rendu", "travelled to"
    j = m.j
    # extend over an adjective or complement: "زيارة استطلاعية", "cérémonie de livraison", "official visit"
    end = j
    for k in range(j, min(j + 3, len(toks))):
        if not toks[k].soft_gap or doc.taken[k] or doc.meta_state[k]:
            break
        if toks[k].arabic and fold(toks[k].text).startswith("ال"):
            break
        if not toks[k].arabic and toks[k].key not in ("de", "d", "of") and k == j:
            break
        end = k + 1
        if toks[k].arabic:
            break
    start = doc.tokens[m.i].start
    if m.prefix:
        start = doc._strip_prefix(m.i, m.prefix)
    return doc.text[start:toks[end - 1].end] if end > j else doc.text[start:toks[m.j - 1].end]


def _proper_event_name(doc: Doc, m) -> list[str] | None:
    """A capitalised event cue closing a capitalised name: "the annual Australia-New Zealand Defence
    Ministers' Meeting (ANZDMM)", "ASEAN Defence Ministers' Meeting": the name, then its acronym."""
    toks = doc.tokens
    if toks[m.i].arabic or not toks[m.j - 1].upper or m.i == 0:
        return None
    lo = m.i
    while lo > 0 and toks[lo - 1].upper and toks[lo].soft_gap and not toks[lo - 1].arabic \
            and doc.tok_sent[lo - 1] == doc.tok_sent[m.i] and toks[lo - 1].key not in _DEFINITE_LATIN:
        lo -= 1
    if lo == m.i or lo == doc.sent_range(doc.tok_sent[m.i])[0] and m.i - lo < 2:
        return None
    names = [doc.text[toks[lo].start:toks[m.j - 1].end]]
    if m.j < len(toks) and toks[m.j].allcaps and doc.text[toks[m.j - 1].end:toks[m.j].start].strip() == "(":
        names.append(toks[m.j].text)
    return names


def _visit_coref(doc: Doc, events: list[Event], m, sent: int, definite: bool) -> Event | None:
    visits = [e for e in events if e.cls == "Visit"]
    if not visits:
        return None
    same = [e for e in visits if sent in e.named_sents]
    if same:
        return same[-1]
    if definite:
        return max(visits, key=lambda e: max(i for i, _ in e.cue_toks))
    if len(visits) == 1 and visits[0].sents == [0] and sent > 0:
        return visits[0]      # the headline's visit, told in the body ("une visite officielle en Mauritanie")
    if len(visits) == 1 and _same_visit_again(doc, visits[0], m, sent):
        return visits[0]
    return None


def _same_visit_again(doc: Doc, visit: Event, m, sent: int) -> bool:
    """A visit told again with an indefinite article ("... are in Rwanda for a three-day official visit")
    is the article's one visit, unless the words around it make it another one ("another visit", "a new
    visit"), its sentence recalls the past, its date differs, or it goes to a place the visit did not."""
    toks = doc.tokens
    near = {toks[k].key for k in (m.i - 1, m.i - 2, m.j) if 0 <= k < len(toks)}
    if near & (_NEW_WORDS | _OTHER_SESSION) or _long_ago(doc, sent):
        return False
    start, _ = _event_dates(doc, sent, m.j)
    if start and visit.start and not (start.startswith(visit.start) or visit.start.startswith(start)):
        return False
    places = _place_keys(doc, sent)
    held = set().union(*(_place_keys(doc, s) for s in visit.sents))
    return not places or bool(places & held)


def _meeting_coref(doc: Doc, lx: Lexicon, events: list[Event], m, kind: str, sent: int, definite: bool,
                   sign_keys) -> Event | None:
    pool = [e for e in events if e.cls in ("Meeting", "Visit")]
    if not pool:
        return None
    if kind in ("ceremony", "inauguration", "summit"):
        same = [e for e in pool if e.kind == kind]
        if same:
            return same[-1]
        # "مراسم التوقيع" after an agreement signed at an event: that event
        nxt = doc.tokens[m.j] if m.j < len(doc.tokens) else None
        if nxt is not None and any(v in sign_keys for v, _ in nxt.variants):
            # "مراسم التوقيع", "signing ceremony" after the main event: part of it
            current = [e for e in pool if _is_current(doc, e)]
            if current:
                return current[-1]
        return None
    # talks / meeting: a place in the sentence picks the event held there
    places = _place_keys(doc, sent)
    if places:
        for e in reversed(pool):
            held = set().union(*(_place_keys(doc, s) for s in e.sents))
            if places & held:
                return e
    if definite or kind == "talks":
        current = [e for e in pool if _is_current(doc, e)]
        cand = current or pool
        return max(cand, key=lambda e: max(i for i, _ in e.cue_toks))
    return None


def _place_keys(doc: Doc, sent: int) -> set[str]:
    """Places named in a sentence, capitals used for their state included ("لقاء باريس")."""
    out = set()
    cue_ends = {c.j for c in doc.cues if c.payload[0] == "event"}
    for x in doc.sent_mentions(sent, ("Place", "State")):
        if x.cls == "Place":
            out.add(x.ent)
        elif x.how == "capital" and x.i in cue_ends:
            out.add("capital:" + (doc.ents[x.ent].iso2 or ""))
    for x in doc.sent_mentions(sent, "Place"):
        if doc.ents[x.ent].meta.get("capital"):
            out.add("capital:" + (doc.ents[x.ent].meta.get("country") or ""))
    return out


def _is_current(doc: Doc, e: Event) -> bool:
    if doc.ref is None or not e.start:
        return e.sent <= 3
    return e.start[:7] == doc.ref.isoformat()[:7]


def _exercises(doc: Doc, lx: Lexicon, ordinals: dict[int, int]) -> list[Event]:
    out: list[Event] = []
    seen: dict[str, Event] = {}
    toks = doc.tokens
    n = len(toks)
    hits = []
    for m in doc.exercise_hits:
        x = lx.exercises.get(m.payload[1]) or {}
        hits.append((m.i, m.j, m.payload[1], x.get("name") or m.payload[1], x))
    hits.extend(_pattern_exercises(doc, lx))
    for i, j, key, name, x in sorted(hits, key=lambda h: h[0]):
        year = None
        k = j
        while k < n and k <= j + 1 and not toks[k].key.isdigit():
            if "»" in doc.text[toks[k - 1].end:toks[k].start]:
                break
            k += 1
        for q in (j, j + 1):
            if q < n and re.fullmatch(r"(19|20)\d\d", toks[q].key or ""):
                year = int(toks[q].key)
                k = q + 1
                break
        edition = x.get("edition")
        if year is None and edition is None and j < n and re.fullmatch(r"\d{1,2}", toks[j].key) \
                and toks[j].soft_gap:
            # a series from the gazetteer with its edition's number: "Al-Samsam 4", "Shakti 25"
            label = int(toks[j].key)
            name, key, k = f"{name} {label}", f"{key}-{label}", j + 1
            x = {**x, "edition": label if label < 20 else None, "quoted": True}
            edition = x["edition"]
        if year is None and edition is None:
            # a named exercise without its year: the year of a date in the same sentence
            k = j
            ds = [d for d in doc.dates_by_sent.get(doc.tok_sent[i], [])
                  if (d.year_known or d.relative or doc.ref is not None) and has_year(d.value)]
            if not ds:
                if not x.get("quoted"):
                    continue
            else:
                year = int(min(ds, key=lambda d: abs(d.i - i)).value[:4])
        # an edition named by its number ("Al-Samsam 4", «الصمصام 4») or only by its quoted name
        eid = f"exercise:{slug(key)}-{year}" if year is not None else f"exercise:{slug(key)}"
        sent = doc.tok_sent[i]
        ev = seen.get(eid)
        if ev is None:
            ev = Event(eid, "Exercise", "exercise", sent, i, year=year, ordinal=edition)
            seen[eid] = ev
            out.append(ev)
            doc.add(eid, "Exercise", f"{name} {year}" if year is not None else name,
                    attributes={"kind": x.get("kind")} if x.get("kind") in ("land", "naval", "air", "joint") else {},
                    meta={"gazetteer": x})
        doc.mention(eid, i, k)
        for q in range(i, k):
            doc.taken[q] = eid
        if sent not in ev.sents:
            ev.sents.append(sent)
        ev.cue_toks.append((i, k))
        for pos, val in ordinals.items():
            if 0 <= i - pos <= 4:
                ev.ordinal = val
        if ev.start is None:
            ds = [d for d in doc.dates_by_sent.get(sent, []) if d.precision >= 2 and d.i >= k]
            ds += [d for d in doc.dates_by_sent.get(sent, []) if d.precision >= 2 and d.i < i][-1:]
            if ds:
                d = ds[0]
                month = month_of(d.value)
                ev.start = f"{year}-{month}" if d.precision == 2 or not d.year_known else d.value
                if not d.year_known or d.value[:4] != str(year):
                    ev.start = f"{year}-{month}"
            elif year is not None:
                ev.start = str(year)
    return out


def _edition(doc: Doc, i: int, j: int, quoted: bool) -> dict:
    """What a named exercise's own words tell: quoted, and an edition number closing it ("Swift Sword 3")."""
    last = doc.tokens[j - 1].key
    info: dict = {"quoted": True} if quoted else {}
    if j - i > 1 and re.fullmatch(r"\d{1,2}", last):
        info["edition"] = int(last)
    return info


def _pattern_exercises(doc: Doc, lx: Lexicon) -> list[tuple]:
    """"Name 2025" in a sentence about exercises, or in a list introduced by one ("...شملت:")."""
    toks = doc.tokens
    ex_sents = {doc.tok_sent[m.i] for m in doc.cues if m.payload == ("event", "exercise")}
    lines = doc.text.split("\n")
    # lines after a line that announces a list of exercises
    listed: set[int] = set()
    pos = 0
    announce = False
    announcer = -1
    for line in lines:
        start = pos
        pos += len(line) + 1
        s = line.strip()
        if not s or s in ("-", "–", "•", "*"):
            continue
        at = start + (len(line) - len(line.lstrip()))
        sidx = next((k for k, (a, b) in enumerate(doc.sents) if a <= at < b), None)
        if announce and sidx is not None and len(s) < 80:
            listed.add(sidx)
            doc.list_intro[sidx] = announcer
            continue
        announce = s.endswith(":") and sidx is not None and sidx in ex_sents
        announcer = sidx if sidx is not None else -1
    out: list[tuple] = []
    meta = lx.words("meta")
    quoted: set[int] = set()
    for c in doc.cues:
        if c.payload != ("event", "exercise"):
            continue
        # a quoted name a few words after the cue: l'exercice aérien franco-émirien « Oasis de feu 2025 »
        q = next((q for q in range(c.j, min(c.j + 5, len(toks))) if doc.tok_sent[q] == doc.tok_sent[c.i]
                  and re.search(r"[«\"“]", doc.text[toks[q - 1].end:toks[q].start])), None)
        if q is not None and not doc.taken[q] and \
                all(toks[x].soft_gap for x in range(c.j, q)):
            end = q
            while end < len(toks) and end - q < 6 and not re.fullmatch(r"(19|20)\d\d", toks[end].key) \
                    and (end == q or not re.search(r"[»\"”]", doc.text[toks[end - 1].end:toks[end].start])):
                end += 1
            if end > q and not any(doc.taken[x] for x in range(q, end)):
                out.append((q, end, slug(doc.surface(q, end)), doc.surface(q, end), _edition(doc, q, end, True)))
                quoted.update(range(q, end))
                continue
        k = c.j
        gap = doc.text[toks[k - 1].end:toks[k].start] if k < len(toks) else ""
        if k >= len(toks) or doc.taken[k] or doc.tok_sent[k] != doc.tok_sent[c.i]:
            continue
        if toks[k].arabic and "«" in gap:
            end = k
            while end < len(toks) and end - k < 5 and "»" not in doc.text[toks[end - 1].end:toks[end].start] \
                    and not re.fullmatch(r"(19|20)\d\d", toks[end].key):
                end += 1
            if end > k and not any(doc.taken[x] for x in range(k, end)):
                out.append((k, end, slug(doc.surface(k, end)), doc.surface(k, end), _edition(doc, k, end, True)))
        elif not toks[k].arabic and toks[k].upper and not toks[k].allcaps and toks[k].text not in meta \
                and not doc.meta_state[k]:
            end = k
            while end < len(toks) and end - k < 3 and toks[end].upper and not doc.taken[end] \
                    and (end == k or toks[end].soft_gap) and toks[end].text not in meta:
                end += 1
            if end < len(toks) and re.fullmatch(r"\d{1,2}", toks[end].key) and toks[end].soft_gap:
                end += 1          # "Exercise Al-Samsam 4": the edition's number is part of its name
            out.append((k, end, slug(doc.surface(k, end)), doc.surface(k, end), _edition(doc, k, end, False)))
    # "February 2026" is a date, and "Exercise" in "Exercise Kaagapay 2026" is the cue, not the name
    in_date = {q for d in doc.dates if d.precision >= 2 for q in range(d.i, d.j)}
    cue_starts = {q for c in doc.cues if c.payload == ("event", "exercise") for q in range(c.i, c.j)}
    for k in range(len(toks) - 1):
        t = toks[k]
        if doc.taken[k] or t.arabic or not t.upper or (t.allcaps and len(t.text) < 4):
            continue
        sent = doc.tok_sent[k]
        if sent not in ex_sents and sent not in listed:
            continue
        if not re.fullmatch(r"(19|20)\d\d", toks[k + 1].key) or not toks[k + 1].soft_gap:
            continue
        if doc.meta_state[k] or t.text in lx.words("meta") or k in in_date or k in quoted:
            continue
        lo = k
        while lo - 1 >= 0 and toks[lo - 1].upper and not toks[lo - 1].arabic and toks[lo].soft_gap \
                and not doc.taken[lo - 1] and toks[lo - 1].text not in lx.words("meta") \
                and lo - 1 not in cue_starts and lo - 1 not in in_date:
            lo -= 1
        name = doc.surface(lo, k + 1)
        out.append((lo, k + 1, slug(name), name, {}))
    return out


# ---------------------------------------------------------------- agreements

def find_agreements(doc: Doc, lx: Lexicon, events: list[Event]) -> list[Agreement]:
    """Agreements with kind, dates, value, the sentences that mention and sign them."""
    agreements: list[Agreement] = []
    hits = lx.agreement_m.find(doc.tokens)
    vk = _verb_keys(0)
    sign_sents = {doc.tok_sent[m.i] for m in doc.cues
                  if m.payload[0] == "verb" and m.payload[1] in ("sign", "agree", "order")}
    signing_only = {doc.tok_sent[m.i] for m in doc.cues if m.payload == ("verb", "sign")}
    for m in hits:
        kind_i = m.payload[1]
        sent = doc.tok_sent[m.i]
        if kind_i < 0:
            # "l'accord de coopération": a longer kind phrase inside the anaphor wins
            inner = lx.agreement_m.match_at(doc.tokens, m.j - 1)
            if inner is not None and inner.payload[1] >= 0 and (
                    inner.j - inner.i > 1 or _titled_end(doc, inner) is not None):   # "the Agreement on ..."
                m, kind_i = inner, inner.payload[1]
        if any(doc.taken[k] and doc.taken[k] != "exercise" and not doc.taken[k].startswith("domain:")
               for k in range(m.i, m.j)):
            continue
        if kind_i < 0:
            ag = _recent(doc, agreements, sent) or _latest(agreements, _anaphor_kind(doc, lx, m))
            if ag is not None and _news_headline(ag, sign_sents) and len(ag.sents) == 1 and _long_ago(doc, sent):
                # the headline's deal is news; "le contrat correspondant" signed years ago is another one
                kind = _anaphor_kind(doc, lx, m) or ag.kind
                eid = f"agreement:{doc.short}-{len(agreements) + 1}"
                ag = Agreement(eid, kind, sent, m.i)
                agreements.append(ag)
                name = re.sub(r"^(?:the|le|la|les|l['’]|this|ce|cet|cette)\s*", "", _agreement_name(doc, m),
                              flags=re.IGNORECASE)
                doc.add(eid, "Agreement", name, attributes={"kind": kind})
            if ag is None:
                continue
            _add_hit(doc, ag, m, sent, anaphor=True)
            continue
        spec = lx.agreement_kinds[kind_i]
        kind = spec["kind"]
        if m.j - m.i == 1 and not doc.tokens[m.i].arabic and re.search(r"é(e?s?)$", doc.tokens[m.i].text):
            continue   # "commandé" is the verb, not "commande"
        if spec.get("needs") == "signed":
            has_date = any(not _is_name_year(doc, d) for d in doc.dates_by_sent.get(sent, []))
            if sent not in sign_sents and not has_date:
                continue
        definite = _definite(doc, m.i, m.prefix)
        ordv = _ordinal_before(doc, m.i)
        new_word = m.i > 0 and doc.tokens[m.i - 1].key in _NEW_WORDS or \
            (m.j < len(doc.tokens) and doc.tokens[m.j].key in _NEW_WORDS)
        ag = None
        same_sent = [a for a in agreements if sent in a.sents and a.kind == kind]
        provisional = [a for a in agreements if a.provisional and a.kind == kind]
        resolved = False
        if ordv is not None:
            ag = next((a for a in agreements if a.kind == kind and a.ordinal == ordv), None)
            if ag is None and provisional and provisional[0].ordinal is None:
                ag = provisional[0]
                ag.provisional, ag.ordinal = False, ordv
        elif provisional and sent > 0 and not (_news_headline(provisional[0], sign_sents) and _long_ago(doc, sent)):
            ag = provisional[0]
            ag.provisional = False
        elif new_word:
            ag = None
        elif same_sent and not _another_title(doc, m, same_sent[-1]):
            ag = same_sent[-1]
        elif same_sent:
            ag = None
        elif definite and kind == "agreement" and m.j - m.i == 1 and agreements:
            # "الاتفاق", "the agreement": the last agreement of that kind, else the last one named
            ag = _latest(agreements, kind, strict=True)
            if ag is None:
                ag = _recent(doc, agreements, sent) or _latest(agreements, None)
                resolved = True
        elif definite:
            ag = _latest(agreements, kind, strict=True)
        if ag is None and not new_word and ordv is None:
            ag = _same_name(doc, agreements, m)
        if ag is None:
            resolved = False
            eid = f"agreement:{doc.short}-{len(agreements) + 1}"
            ag = Agreement(eid, kind, sent, m.i, ordinal=ordv, provisional=(sent == 0))
            agreements.append(ag)
            doc.add(eid, "Agreement", _agreement_name(doc, m), attributes={"kind": kind})
        _add_hit(doc, ag, m, sent, anaphor=resolved)
    # each signing verb belongs to the agreement named nearest to it in its sentence
    for v in (c for c in doc.cues if c.payload[0] == "verb" and c.payload[1] in ("sign", "agree", "order")):
        s = doc.tok_sent[v.i]
        cands = [(abs(i - v.i), k, a) for k, a in enumerate(agreements) for i, _ in a.hits if doc.tok_sent[i] == s]
        if cands:
            owner = min(cands, key=lambda c: (c[0], c[1]))[2]
            owner.verbs.append(v.i)
            if s not in owner.sign_sents:
                owner.sign_sents.append(s)
    # a sentence with a signing verb but no agreement named signs the last agreement ("وجرى التوقيع")
    for s in sorted(signing_only):
        if any(s in a.sents for a in agreements):
            continue
        prior = [a for a in agreements if min(a.sents) < s]
        if prior:
            a = max(prior, key=lambda a: max(x for x in a.sents if x < s))
            a.sign_only.append(s)
    for a in agreements:
        _agreement_attrs(doc, a, sign_sents, vk)
        if a.kind == "contract":
            others = [i for b in agreements if b is not a for i, _ in b.hits]
            order = sorted(set(a.sign_sents)) + sorted(set(a.sents) - set(a.sign_sents))
            qty = quantity_near(doc, lx, order, [i for i, _ in a.hits] + a.verbs, others)
            first = min(i for i, _ in a.hits) if a.hits else None
            if qty is None and first is not None and opens_sentence(doc, first) and a.sent > 0 \
                    and not any(doc.tok_sent[i] == a.sent - 1 for i in others):
                # "les 80 appareils commandés. Le contrat correspondant ...": the count just before
                qty = quantity_near(doc, lx, [a.sent - 1], [doc.sent_range(a.sent - 1)[1] - 1], [])
            if qty is not None:
                doc.ents[a.eid].attributes["quantity"] = qty
                span = counted_span(doc, lx, order, [i for i, _ in a.hits] + a.verbs, others)
                if span is not None:
                    name = doc.surface(*span)
                    eid = f"system:{slug(name)}"
                    doc.add(eid, "System", name, meta={"manufacturer": None, "country": None, "generic": True})
                    doc.mention(eid, span[0], span[1], how="pattern")
    return agreements


def _news_headline(ag: Agreement, sign_sents: set[int]) -> bool:
    """An agreement the headline announces (an order, a signing), not one it only talks about."""
    return ag.sent == 0 and (ag.kind == "contract" or 0 in sign_sents)


def opens_sentence(doc: Doc, i: int) -> bool:
    """An agreement named by a definite phrase at the head of its sentence ("Le contrat correspondant",
    "The deal", "وهذا العقد"): it refers back to what the sentence before described."""
    lo = doc.sent_range(doc.tok_sent[i])[0]
    if i - lo > 2:
        return False
    t = doc.tokens[i]
    if t.arabic:
        return doc.text[t.start:t.start + 2] == "ال" or (i > lo and doc.tokens[i - 1].key in ("هذا", "هذه"))
    return t.key in _DEFINITE_LATIN or (i > lo and doc.tokens[i - 1].key in _DEFINITE_LATIN)


def _long_ago(doc: Doc, sent: int) -> bool:
    """A sentence dated a year or more before the dateline recalls the past ("le contrat avait été signé
    le 3 décembre 2021"): its agreement is not the news the headline announces."""
    if doc.ref is None:
        return False
    year = doc.ref.year
    for d in doc.dates_by_sent.get(sent, []):
        if d.relative or _is_name_year(doc, d) or d.end_value:
            continue
        try:
            if int(d.value[:4]) < year - 1 or (int(d.value[:4]) == year - 1 and d.precision >= 2
                                               and d.value[5:7] < doc.ref.isoformat()[5:7]):
                return True
        except ValueError:
            continue
    return False


def _same_name(doc: Doc, agreements: list[Agreement], m) -> Agreement | None:
    """An agreement called again by its proper name ("the Reciprocal Access Agreement") is the same one."""
    if m.i == 0 or doc.tokens[m.i].arabic or not doc.tokens[m.i - 1].upper:
        return None
    name = fold(_agreement_name(doc, m))
    if len(name.split()) < 2:
        return None
    for a in agreements:
        ent = doc.ents[a.eid]
        names = [fold(x) for x in [ent.name, *ent.aliases]]
        if any(x == name or (len(x.split()) >= 2 and name.startswith(x)) for x in names):
            return a
    return None


def _anaphor_kind(doc: Doc, lx: Lexicon, m) -> str | None:
    text = fold(doc.text[m.start:m.end])
    for spec in lx.agreement_kinds:
        for w in _strings([spec.get("en"), spec.get("fr"), spec.get("ar")]):
            if fold(w) in text.split() or fold(w) in text:
                return spec["kind"]
    return None


def _recent(doc: Doc, agreements: list[Agreement], sent: int) -> Agreement | None:
    """The agreement named last, when it was named in this sentence or the one before."""
    best = None
    for a in agreements:
        for i, _ in a.hits:
            s = doc.tok_sent[i]
            if sent - 1 <= s <= sent and (best is None or i > best[0]):
                best = (i, a)
    return best[1] if best else None


def _latest(agreements: list[Agreement], kind: str | None, strict: bool = False) -> Agreement | None:
    if not agreements:
        return None
    same = [a for a in agreements if a.kind == kind]
    if same:
        return max(same, key=lambda a: max(i for i, _ in a.hits))
    if strict:
        return None
    return max(agreements, key=lambda a: max(i for i, _ in a.hits))


def _ordinal_before(doc: Doc, i: int) -> int | None:
    for back in (1, 2, 3):
        if i - back < 0:
            break
        o = parse_ordinal(doc.tokens, i - back)
        if o and o[1] == i and o[0] < 20:
            return o[0]
    # Arabic: the ordinal follows ("العقد الأول")
    o = parse_ordinal(doc.tokens, i + 1) if doc.tokens[i].arabic else None
    if o and o[0] < 20 and not doc.tokens[i + 1].key.isdigit():
        return o[0]
    return None


_NAME_STOPS = {"a", "au", "in", "at", "by", "par", "with", "avec", "entre", "between", "مع", "في", "بين", "that",
               "qui", "que", "الذي", "التي", "which", "on", "le", "the", "from", "de", "des", "du"}


_NAME_VERBS = {"was", "is", "were", "are", "has", "had", "have", "will", "would", "came", "and", "est", "a", "sera",
               "et", "ont", "avait", "centre", "centree", "portant", "covering", "worth"}


_TITLE_LINKS = {"on", "for", "of", "concerning", "regarding", "and", "the"}


def _titled_end(doc: Doc, m) -> int | None:
    """The end of a capitalised title after a capitalised head: "Agreement on Defence Cooperative
    Activities", "Joint Statement on Closer Defence Relations" (its linking words in lower case)."""
    toks = doc.tokens
    n = len(toks)
    if toks[m.i].arabic or not toks[m.j - 1].upper or m.j + 1 >= n or toks[m.j].key not in ("on", "for", "concerning"):
        return None
    end = None
    k = m.j + 1
    while k < n and toks[k].soft_gap and doc.tok_sent[k] == doc.tok_sent[m.i]:
        if toks[k].upper and not toks[k].allcaps or toks[k].allcaps and end is not None:
            end = k + 1
        elif toks[k].key not in _TITLE_LINKS or toks[k].upper:
            break
        k += 1
    return end


def _another_title(doc: Doc, m, ag: Agreement) -> bool:
    """Two agreements of one kind with different proper names in one sentence ("a Joint Statement on
    Defence Cooperation, which follows the 2018 Joint Statement on Closer Defence Relations")."""
    own = _agreement_name(doc, m)
    other = doc.ents[ag.eid].name
    return _proper(own) and _proper(other) and fold(own) != fold(other)


def _proper(name: str) -> bool:
    return " " in name and name[:1].isupper()


def _agreement_name(doc: Doc, m) -> str:
    toks = doc.tokens
    end = m.j
    k = m.j
    titled = _titled_end(doc, m)
    if titled is not None:
        k = len(toks)        # the title is the whole name
        end = titled
    verbs = {c.i for c in doc.cues if c.payload[0] == "verb"}
    while k < len(toks) and k < m.j + 8 and toks[k].soft_gap and doc.tok_sent[k] == doc.tok_sent[m.i]:
        if doc.taken[k] and not doc.taken[k].startswith("domain:"):
            break
        if not toks[k].arabic and (toks[k].key in _NAME_VERBS or re.search(r"(?:ed|é|ée|és|ées)$", toks[k].key)):
            break
        if k in verbs or (toks[k].key in _NAME_STOPS and not (k + 1 < len(toks) and toks[k].key in ("de", "du", "des")
                                                              and not doc.taken[k + 1] and toks[k + 1].soft_gap)):
            break
        end = k + 1
        k += 1
    start = toks[m.i].start if not m.prefix else doc._strip_prefix(m.i, m.prefix)
    if m.i > 0 and not toks[m.i].arabic and _ordinal_before(doc, m.i) is not None:
        start = toks[m.i - 1].start      # "second executive contract"
    elif not toks[m.i].arabic and toks[m.i].upper:
        k = m.i
        while k > 0 and toks[k - 1].upper and toks[k].soft_gap and not doc.taken[k - 1] \
                and doc.tok_sent[k - 1] == doc.tok_sent[m.i] and not toks[k - 1].allcaps:
            k -= 1
        if k < m.i and toks[k].key in _DEFINITE_LATIN:
            k += 1                       # "The Reciprocal Access Agreement was signed"
        if k < m.i and doc.tok_sent[k] == doc.tok_sent[m.i] and \
                (k > doc.sent_range(doc.tok_sent[m.i])[0] or toks[k - 1].key in _DEFINITE_LATIN):
            start = toks[k].start        # "Reciprocal Access Agreement"
    return doc.text[start:toks[end - 1].end]


def _add_hit(doc: Doc, ag: Agreement, m, sent: int, anaphor: bool) -> None:
    ag.hits.append((m.i, m.j))
    if sent not in ag.sents:
        ag.sents.append(sent)
    doc.mention(ag.eid, m.i, m.j, how="anaphor" if anaphor else "name", prefix=m.prefix, alias=not anaphor)
    if not anaphor:
        ent = doc.ents[ag.eid]
        ent.alias(_agreement_name(doc, m))
        _short_names(doc, ent, m)
        if m.i > 0 and not doc.tokens[m.i].arabic and _ordinal_before(doc, m.i) is not None:
            ent.alias(doc.text[doc.tokens[m.i - 1].start:doc.tokens[m.j - 1].end])


_CURRENCY = {"euros", "euro", "dollars", "dollar", "dinars", "dirhams", "يورو", "دولار", "دولارا"}
_MONEY_BEFORE = re.compile(r"(?:(?:US)?\$|€|£)\s?\d[\d,.]*\s*(?:billion|million|bn|m)?[\s-]*$", re.IGNORECASE)


def _short_names(doc: Doc, ent, m) -> None:
    """Shorter names a reader uses for an agreement described at length: the description cut after a
    year, a figure, a currency or a proper name ("programme de coopération pour 2026", "contrat de 310
    millions d'euros", "contract for six F-39E Gripen"), and the value before the kind ("$128 million
    contract")."""
    toks = doc.tokens
    start = toks[m.i].start if not m.prefix else doc._strip_prefix(m.i, m.prefix)
    k = m.j
    while k < len(toks) and k < m.j + 8 and toks[k].soft_gap and doc.tok_sent[k] == doc.tok_sent[m.i]:
        t = toks[k]
        if t.key in _NAME_STOPS and t.key not in ("de", "des", "du") or t.key in ("qui", "which", "that"):
            break
        if t.key.isdigit() or t.key in _CURRENCY or (t.upper and not t.arabic and k > m.j):
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if not (nxt is not None and nxt.soft_gap and (nxt.key in _CURRENCY or nxt.key.isdigit() or nxt.key in
                                                           ("million", "millions", "milliards", "billion"))):
                ent.alias(doc.text[start:t.end])
        k += 1
    if not toks[m.i].arabic:
        mm = _MONEY_BEFORE.search(doc.text[max(0, start - 30):start])
        if mm:
            ent.alias(doc.text[start - len(mm.group(0)):toks[m.j - 1].end])


def _agreement_attrs(doc: Doc, a: Agreement, sign_sents: set[int], vk) -> None:
    best: tuple[float, DateMention] | None = None
    period: DateMention | None = None
    for s in sorted(a.sents):
        ds = [d for d in doc.dates_by_sent.get(s, []) if not _is_name_year(doc, d) and not _is_dateline(doc, d)]
        if not ds:
            continue
        vpos = [i for i in a.verbs if doc.tok_sent[i] == s]
        apos = [i for i, _ in a.hits if doc.tok_sent[i] == s]
        anchors = vpos or apos
        for d in ds:
            if d.end_value and d.precision == 1:
                period = period or d
            dist = min(abs(d.i - x) for x in anchors) if anchors else 50
            if a.verbs and doc.ref and d.value[:4] > str(doc.ref.year) and not (vpos and dist <= 6):
                continue      # "signé ..., dont la livraison est attendue à partir de 2028": not when signed
            score = dist + (8 if d.relative and d.precision == 3 and not vpos else 0) + (0 if vpos else 20)
            score -= d.precision * 2
            if not d.year_known and not d.relative:
                score += 10
            if best is None or score < best[0]:
                best = (score, d)
    if best is not None:
        a.start = best[1].value
        if best[1].end_value and best[1].precision == 1:
            a.end = best[1].end_value
    if period is not None and a.end is None and period.end_value:
        a.end = period.end_value
        if a.start is None:
            a.start = period.value
    # value
    for s in sorted(a.sents):
        lo, hi = doc.sents[s]
        mm = _MONEY.search(doc.text[lo:hi])
        if mm:
            a.value = mm.group(0).strip()
            break
    status_date = _life(doc, a)
    ent = doc.ents[a.eid]
    if status_date:
        ent.attributes["status_date"] = status_date
    if a.start:
        ent.attributes["start"] = a.start
    if a.end:
        ent.attributes["end"] = a.end
    if a.value:
        ent.attributes["value"] = a.value
    if a.status:
        ent.attributes["status"] = a.status


def _life(doc: Doc, a: Agreement) -> str | None:
    """The furthest step of its life the report tells of an agreement (agreement_status.yaml), and that
    step's date. A step past signing, in a report that tells no signing, dates the step, not the start:
    "ratified on 18 June" says nothing of when it was signed."""
    told = {s: [status for status, _ in statuses_in(doc.text[doc.sents[s][0]:doc.sents[s][1]], doc.lang)]
            for s in sorted(set(a.sents) | set(a.sign_sents))}
    # "سيتم التوقيع", "will sign": a signing announced is not a signing
    steps = [("signed", s) for s in a.sign_sents if "announced" not in told[s]]
    steps += [(status, s) for s, statuses in told.items() for status in statuses]
    if not steps:
        return None
    status, sent = max(steps, key=lambda step: LIFE.index(step[0]))
    a.status = status
    if status == "signed":
        return None
    dates = [d for d in doc.dates_by_sent.get(sent, []) if not _is_name_year(doc, d) and not _is_dateline(doc, d)]
    when = max(dates, key=lambda d: (d.precision, d.year_known)).value if dates else None
    if not any(step == "signed" for step, _ in steps) and (status in ("announced", "negotiated") or when == a.start):
        a.start = a.end = None   # a planned date, or the step's own: not when it was signed
    return when
