"""Facts between the entities found: each with the sentence that states it as evidence."""
from __future__ import annotations

from datetime import timedelta

from foedus.loaders.extract.context import Doc, Mention
from foedus.loaders.extract.entities import ensure_state, org_for_state
from foedus.loaders.extract.events import Agreement, Event, verbs_in
from foedus.loaders.extract.events import opens_sentence as _opens_sentence
from foedus.loaders.extract.lexicon import Lexicon
from foedus.loaders.extract.normalise import fold

__all__ = ["build_relations"]

_JOINT = {"مشتركه", "مشترك", "joint", "conjoint", "conjointe", "combined", "bilateral", "bilaterale", "combine",
          "conjoints", "conjointes", "مشتركا"}
_LOCATIVE = {"في", "الي", "in", "at", "a", "au", "en", "to", "near", "pres", "from", "de", "off", "قباله", "depuis"}
_FORCES_KINDS = {"armed_forces", "unit"}
_AR_PLACE_NOUNS = {"مدينه", "منطقه", "ولايه", "قاعده", "ميناء", "عاصمه", "سواحل", "ساحل"}


def build_relations(doc: Doc, lx: Lexicon, events: list[Event], agreements: list[Agreement]) -> None:
    """Add every fact the document states to doc.facts."""
    _static(doc, lx)
    _persons(doc, lx)
    _committees(doc)
    _agreements(doc, lx, agreements, events)
    _events(doc, lx, events, agreements)
    _led_after(doc, events)
    _covers(doc, events, agreements)
    _industry(doc, lx, agreements)
    _partners(doc, lx)


# ------------------------------------------------------------ helpers

def _used(doc: Doc, eid: str) -> bool:
    return any(m.ent == eid for m in doc.mentions)


def _first_sent(doc: Doc, eid: str) -> int:
    ms = [m.sent for m in doc.mentions if m.ent == eid]
    return min(ms) if ms else 0


def _both_sent(doc: Doc, a: str, b: str) -> int:
    sa = {m.sent for m in doc.mentions if m.ent == a}
    sb = {m.sent for m in doc.mentions if m.ent == b}
    both = sa & sb
    if both:
        return min(both)
    return min(sa) if sa else (min(sb) if sb else 0)


def _is_locative(doc: Doc, m: Mention) -> bool:
    if "ب" in m.prefix:
        return True
    for back in (1, 2):
        if m.i - back >= 0:
            prev = doc.tokens[m.i - back]
            if prev.key in _LOCATIVE or prev.text in ("à",):
                return True
            if prev.arabic and any(v in _AR_PLACE_NOUNS and (p.startswith(("ب", "وب")) or back == 2)
                                   for v, p in prev.variants):
                return True     # "بمدينة أكادير"
            if not prev.soft_gap or prev.upper and back == 1:
                break
    return False


_NEAR = {"near", "pres", "proximite", "قرب", "بالقرب", "وقرب", "outside", "nord", "sud", "ouest",
         "north", "south", "east", "west", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"}


def _near_another(doc: Doc, pm: Mention, s: int) -> bool:
    """"à Mérignac, près de Bordeaux", "in Nanyuki, north of Nairobi": the place named first is where;
    the one it is near only situates it."""
    toks = doc.tokens
    near = False
    for back in range(1, 5):
        k = pm.i - back
        if k < 0 or doc.tok_sent[k] != s:
            return False
        if any(v in _NEAR for v, _ in toks[k].variants) or toks[k].key in _NEAR:
            near = True
            break
        if toks[k].key not in ("de", "d", "of", "from", "du", "من", "la", "l", "the", "a", "km", "kilometres") \
                and not toks[k].text.isdigit():
            return False
    if not near:
        return False
    return any(m.ent != pm.ent and pm.i - 10 <= m.j <= k for m in doc.sent_mentions(s, "Place"))


def _country(doc: Doc, eid: str) -> str | None:
    e = doc.ents.get(eid)
    if e is None:
        return None
    if e.type == "State":
        return e.iso2
    c = e.meta.get("country")
    if c:
        return c
    if e.type == "Organization":
        # "commandement pour l'Afrique (CPA) des armées françaises": the nationality that follows
        for m in doc.mentions:
            if m.ent != eid:
                continue
            for k in range(m.j, min(m.j + 7, len(doc.tokens))):
                if doc.meta_state[k]:
                    e.meta["country"] = doc.meta_state[k]
                    return doc.meta_state[k]
                other = doc.taken[k]
                if other and other != eid and other in doc.ents and doc.ents[other].meta.get("country"):
                    e.meta["country"] = doc.ents[other].meta["country"]
                    return e.meta["country"]
    return None


def _state(doc: Doc, iso: str | None) -> str | None:
    if not iso:
        return None
    eid = f"state:{iso}"
    return eid if eid in doc.ents else None


def _event_mentions(doc: Doc, sent: int) -> list[Mention]:
    return doc.sent_mentions(sent, ("Meeting", "Visit", "Exercise", "Agreement"))


def _two_sides(doc: Doc, sent: int) -> bool:
    return any(m.payload[0] == "two_sides" and doc.tok_sent[m.i] == sent for m in doc.cues)


def _after_attend(doc: Doc, sent: int) -> int:
    pos = verbs_in(doc, sent, "attend")
    return min(pos) if pos else 1 << 30


# ------------------------------------------------------------ static facts

def _static(doc: Doc, lx: Lexicon) -> None:
    for e in list(doc.ents.values()):
        if e.type == "Firm":
            st = _state(doc, e.meta.get("country"))
            if st:
                doc.fact("BASED_IN", e.id, st, _both_sent(doc, e.id, st))
        elif e.type == "Organization" and e.meta.get("kind") != "joint_committee":
            parent = e.meta.get("part_of")
            if parent and f"org:{parent}" in doc.ents and _used(doc, f"org:{parent}"):
                doc.fact("PART_OF", e.id, f"org:{parent}", _both_sent(doc, e.id, f"org:{parent}"))
            st = _state(doc, _country(doc, e.id))
            if st:
                doc.fact("PART_OF", e.id, st, _both_sent(doc, e.id, st))
        elif e.type == "Place":
            st = _state(doc, e.meta.get("country"))
            if st:
                doc.fact("LOCATED_IN", e.id, st, _both_sent(doc, e.id, st))


def _persons(doc: Doc, lx: Lexicon) -> None:
    for p in doc.persons:
        nat = p.nationality or doc.home
        for off in p.offices:
            spec = lx.titles.get(off.title) or {}
            attach = spec.get("attach", "state")
            target = off.target
            if target and target.startswith("state:"):
                target = target if target in doc.ents else None
            if target is None:
                target = _resolve_office(doc, lx, p, off, attach, nat)
            if target:
                doc.fact("HOLDS_POSITION", p.eid, target, off.sent, title=spec.get("name"))


def _resolve_office(doc: Doc, lx: Lexicon, p, off, attach: str, nat: str | None) -> str | None:
    sent = off.sent
    pm = [m for m in doc.mentions if m.ent == p.eid and m.sent == sent]
    ppos = pm[0].i if pm else 0
    if attach == "firm":
        firms = doc.sent_mentions(sent, "Firm")
        if firms:
            return min(firms, key=lambda m: abs(m.i - ppos)).ent
        return None
    if attach.startswith(("ministry:", "forces:")):
        fam, branch = attach.split(":", 1)
        if fam == "forces" and branch != "armed_forces" and nat:
            # "chief of naval staff": the navy of the person's state, when the text names it
            eid = org_for_state(doc, lx, nat, "forces", branch)
            if _used(doc, eid):
                return eid
        for e in doc.ents.values():
            if e.type != "Organization" or _country(doc, e.id) != nat:
                continue
            kind = e.meta.get("kind")
            name = e.name.lower()
            word = {"defence": "defen", "foreign-affairs": "foreign", "interior": "interior"}.get(branch, branch)
            if fam == "ministry" and kind == "ministry" and word in name:
                return e.id
            if fam == "forces" and kind == "armed_forces" and not e.meta.get("part_of"):
                return e.id
        return _state(doc, nat)
    if attach == "org":
        # not a body of another state ("le chef d'état-major espagnol, ..., des armées mauritaniennes")
        orgs = [m for m in doc.sent_mentions(sent, "Organization") if m.i > ppos
                and (not p.nationality or _country(doc, m.ent) in (None, p.nationality))]
        if orgs:
            return orgs[0].ent
        if _its_title(doc, ppos):
            before = [m for m in doc.sent_mentions(sent, ("Organization", "Firm")) if m.j <= ppos]
            if before:
                return before[-1].ent     # BATUK ..., where he was received by its commander, Col. X
        return _state(doc, nat)
    return _state(doc, nat) or (ensure_state(doc, lx, nat) if nat else None)


def _committees(doc: Doc) -> None:
    for e in doc.ents.values():
        if e.type == "Organization" and e.meta.get("kind") == "joint_committee":
            for iso in e.meta.get("members") or []:
                st = _state(doc, iso)
                if st:
                    doc.fact("MEMBER_OF", st, e.id, _first_sent(doc, e.id))


# ------------------------------------------------------------ agreements

def _clause(doc: Doc, a: int, b: int) -> tuple[int, int]:
    lo, hi = min(a, b), max(a, b)
    slo, shi = doc.sent_range(doc.tok_sent[lo])
    while lo > slo and doc.tokens[lo].soft_gap:
        lo -= 1
    while hi + 1 < shi and doc.tokens[hi + 1].soft_gap:
        hi += 1
    return lo, hi + 1


def _agreements(doc: Doc, lx: Lexicon, agreements: list[Agreement], events: list[Event]) -> None:
    all_hits = [(i, a) for a in agreements for i, _ in a.hits]
    for a in agreements:
        sents = sorted(set(a.sign_sents)) or [min(a.sents)]
        parties: list[tuple[str, int]] = []
        for s in sents:
            vpos = [v for v in a.verbs if doc.tok_sent[v] == s]
            mine = [i for i, _ in a.hits if doc.tok_sent[i] == s]
            anchor = mine[0] if mine else (vpos[0] if vpos else doc.sent_range(s)[0])
            clause = _clause(doc, anchor, vpos[0] if vpos else anchor)
            stop = _after_attend(doc, s)
            for m in doc.sent_mentions(s):
                if m.i >= stop:
                    continue
                ent = doc.ents[m.ent]
                if m.cls in ("Organization", "Firm"):
                    if ent.meta.get("kind") == "joint_committee" or \
                            ent.meta.get("kind") in _FORCES_KINDS and not _signs(doc, m, vpos):
                        continue
                    parties.append((m.ent, s))
                    if m.cls == "Organization":
                        st = _state(doc, _country(doc, m.ent))
                        if st:
                            parties.append((st, s))
                elif m.cls == "State" and clause[0] <= m.i < clause[1] and not _is_locative(doc, m):
                    parties.append((m.ent, s))
                elif m.cls == "Person":
                    parties.append((m.ent, s))
                    p = next((q for q in doc.persons if q.eid == m.ent), None)
                    if p is not None:
                        for off in p.offices:
                            if off.target and off.target in doc.ents and not off.target.startswith("state:") \
                                    and doc.ents[off.target].meta.get("kind") not in _FORCES_KINDS:
                                parties.append((off.target, s))
                        st = _state(doc, p.nationality or doc.home)
                        if st:
                            parties.append((st, s))
            if _two_sides(doc, s):
                parties.extend((f"state:{iso}", s) for iso in doc.pair)
            # events named in a signing sentence are where it was agreed
            for m in doc.sent_mentions(s, ("Meeting", "Visit")):
                if m.how == "anaphor" and a.start and doc.ref and a.start[:4] < str(doc.ref.year - 1):
                    continue      # "الزيارة تأتي تتويجاً لاتفاقية ... الموقعة عام 2018": this visit crowns it
                doc.fact("AGREED_AT", a.eid, m.ent, s)
                a.events.append(m.ent)
                doc.agreed_events.append(m.ent)
        for s in a.sign_only:
            for m in doc.sent_mentions(s, ("Meeting", "Visit")):
                doc.fact("AGREED_AT", a.eid, m.ent, s)
                a.events.append(m.ent)
        if not any(doc.ents[x].type == "State" for x, _ in parties if x in doc.ents):
            parties.extend(_fallback_parties(doc, a, parties))
        for x, s in parties:
            if x in doc.ents:
                doc.fact("PARTY_TO", x, a.eid, s)
        # agreed with no event named: the meeting just before ("اتفق الطرفان")
        if not a.events and any(m.payload == ("verb", "agree") and doc.tok_sent[m.i] in a.sents for m in doc.cues):
            prior = [e for e in events if e.cls == "Meeting" and min(e.sents) <= min(a.sents)]
            if prior:
                e = max(prior, key=lambda e: max(x for x in e.sents if x <= min(a.sents)))
                doc.fact("AGREED_AT", a.eid, e.eid, min(a.sents))
                a.events.append(e.eid)
                a.adopted_at = e.eid
        # systems named with it
        for s in a.sents:
            others = [i for i, x in all_hits if doc.tok_sent[i] == s and x is not a]
            for m in doc.sent_mentions(s, "System"):
                mine = [i for i, _ in a.hits if doc.tok_sent[i] == s]
                if others and mine and min(abs(m.i - i) for i in others) < min(abs(m.i - i) for i in mine):
                    continue
                doc.fact("CONCERNS", a.eid, m.ent, s)
        first = min(i for i, _ in a.hits) if a.hits else None
        if first is not None and a.sent > 0 and _opens_sentence(doc, first) and \
                not any(t == "CONCERNS" and x == a.eid for (t, x, _) in doc.facts) and \
                not any(doc.tok_sent[i] == a.sent - 1 for i, x in all_hits if x is not a):
            for m in doc.sent_mentions(a.sent - 1, "System"):     # "Le contrat correspondant" to the Rafale
                doc.fact("CONCERNS", a.eid, m.ent, a.sent - 1)
    # a signing ceremony named after the signature: where it was agreed
    for e in events:
        if e.kind != "ceremony" or any(k[0] == "AGREED_AT" and k[2] == e.eid for k in doc.facts):
            continue
        s0 = min(e.sents)
        cands = [a for a in agreements if a.sign_sents and 0 <= s0 - max(a.sign_sents) <= 3 and not a.events]
        if cands:
            a = cands[-1]
            doc.fact("AGREED_AT", a.eid, e.eid, s0)
            a.events.append(e.eid)
            e.agreement = a.eid
            if e.start is None and a.start:
                e.start = a.start
                doc.ents[e.eid].attributes["start"] = a.start
            for s in a.sign_sents:
                if s not in e.sents:
                    e.inherited.append(s)
    # signed with no event named ("En marge des travaux", "وفي الجلسة الختامية", "on the sidelines"):
    # at the meeting the text was last about, when the dates agree
    for a in agreements:
        if a.events or not a.sign_sents:
            continue
        s = min(a.sign_sents)
        prior = [e for e in events if e.cls == "Meeting" and min(e.sents) <= s and _dates_agree(a, e, doc)]
        if not prior:
            prior = [e for e in events if e.cls == "Visit" and min(e.sents) <= s
                     and s - max(x for x in e.sents if x <= s) <= 2 and _dates_agree(a, e, doc)]
        if prior:
            e = max(prior, key=lambda e: (max(x for x in e.sents if x <= s), e.cls == "Meeting"))
            doc.fact("AGREED_AT", a.eid, e.eid, s)
            a.events.append(e.eid)
    # dates: an agreement signed at an event takes the event's more precise date, and the reverse
    for a in agreements:
        for eid in a.events:
            ev = next((e for e in events if e.eid == eid), None)
            if ev is None:
                continue
            day = ev.end if ev.end and _at_close(doc, lx, a.sign_sents) else ev.start
            if day and (a.start is None or (day.startswith(a.start) and len(day) > len(a.start))):
                a.start = day
                doc.ents[a.eid].attributes["start"] = a.start
            if ev.start is None and a.start:
                ev.start = a.start
                doc.ents[ev.eid].attributes["start"] = a.start


def _at_close(doc: Doc, lx: Lexicon, sents: list[int]) -> bool:
    """Signed "at the closing session", "وفي الجلسة الختامية", "à la clôture": on the meeting's last day."""
    close = lx.words("close_words")
    for s in sents:
        lo, hi = doc.sent_range(s)
        if any(any(v in close for v, _ in doc.tokens[k].variants) for k in range(lo, hi)):
            return True
    return False


def _definite_mention(doc: Doc, m: Mention) -> bool:
    """"الزيارة", "the visit", "cette visite": a mention that refers back rather than tells."""
    if m.how != "anaphor":
        return False
    t = doc.tokens[m.i]
    if t.arabic:
        return doc.text[m.start:m.start + 2] == "ال"
    return m.i > 0 and doc.tokens[m.i - 1].key in ("the", "this", "la", "le", "l", "cette", "ce", "cet")


_UPGRADE = {"تحديث", "لتحديث", "صيانه", "لصيانه", "تطوير", "لتطوير", "modernisation", "modernization", "upgrade",
            "upgrading", "refit", "maintenance", "renovation", "modernise", "modernize", "moderniser", "entretien"}


def _upgraded(doc: Doc, sid: str) -> bool:
    """"لتحديث ثمانية زوارق", "the upgrade of six frigates": the seller works on them, it did not build them."""
    for m in doc.mentions:
        if m.ent == sid and any(doc.tokens[k].key in _UPGRADE or any(v in _UPGRADE for v, _ in doc.tokens[k].variants)
                                for k in range(max(0, m.i - 4), m.i)):
            return True
    return False


def _its_title(doc: Doc, ppos: int) -> bool:
    """A title owned by "its"/"son"/"sa" a few words before the holder's name."""
    lo = doc.sent_range(doc.tok_sent[ppos])[0] if ppos < len(doc.tokens) else 0
    return any(doc.tokens[k].key in ("its", "son", "sa", "leur") for k in range(max(lo, ppos - 8), ppos))


def _signs(doc: Doc, m: Mention, verbs: list[int]) -> bool:
    """A force is a party only as the subject of the signing: "the Royal Navy signed", "وقّعت القوات
    البحرية" (verb first), not when the deal is only for it."""
    return any(0 <= v - m.j <= 1 or (doc.tokens[v].arabic and 1 <= m.i - v <= 1) for v in verbs)


def _fallback_parties(doc: Doc, a: Agreement, parties) -> list[tuple[str, int]]:
    s = min(a.sents)
    firms = [x for x, _ in parties if x in doc.ents and doc.ents[x].type == "Firm"]
    if a.kind == "contract":
        if not firms:
            for m in doc.mentions:
                if m.cls == "System" and m.sent in a.sents:
                    man = doc.ents[m.ent].meta.get("manufacturer")
                    if man and f"firm:{man}" in doc.ents:
                        firms.append(f"firm:{man}")
        out = [(f, s) for f in firms]
        sellers = {_country(doc, f) for f in firms}
        buyers = [iso for iso in doc.pair if iso not in sellers]
        if len(buyers) == 1 or (buyers and sellers):
            out.extend((f"state:{iso}", s) for iso in buyers[:1])
        return out
    if any(doc.ents[x].type in ("Organization", "Firm") for x, _ in parties if x in doc.ents):
        return []
    return [(f"state:{iso}", s) for iso in doc.pair]


# ------------------------------------------------------------ events

def _events(doc: Doc, lx: Lexicon, events: list[Event], agreements: list[Agreement]) -> None:
    lead_verbs = [m for m in doc.cues if m.payload in (("verb", "lead"), ("verb", "led_by"))]
    host_verbs = [m for m in doc.cues if m.payload == ("verb", "host")]
    organise = [m for m in doc.cues if m.payload == ("verb", "organise")]
    office_targets = {off.target for p in doc.persons for off in p.offices if off.target}
    agreed_here: dict[int, set[tuple[str, str]]] = {}
    for (rtype, src, tgt), (s, _) in doc.facts.items():
        if rtype == "AGREED_AT":
            agreed_here.setdefault(s, set()).add((src, tgt))
    for ev in events:
        s0 = min(ev.sents)
        # the signing it hosted: its places and signatories are the event's
        for s in ev.inherited:
            verbs = [v for a in agreements if ev.eid in a.events for v in a.verbs if doc.tok_sent[v] == s]
            for pm in doc.sent_mentions(s, "Place"):
                if _is_locative(doc, pm) and any(_clause(doc, v, v)[0] <= pm.i < _clause(doc, v, v)[1] for v in verbs):
                    doc.fact("HELD_IN", ev.eid, pm.ent, s)
            for m in doc.sent_mentions(s, ("Person", "Organization", "Firm")):
                if doc.ents[m.ent].meta.get("kind") not in _FORCES_KINDS:
                    doc.fact("PARTICIPATED_IN", m.ent, ev.eid, s, role="participant")
        # where
        for s in ev.sents:
            for pm in doc.sent_mentions(s, "Place"):
                hosted = any(h.i in (pm.j, pm.j + 1) and doc.tok_sent[h.i] == s and not doc.tokens[h.i].arabic
                             for h in host_verbs)     # "which Manila hosted": an event, not an agreement
                if not (hosted or _is_locative(doc, pm) or doc.ents[pm.ent].attributes.get("kind") == "base"
                        or any(h.j in (pm.i, pm.i - 1) and doc.tok_sent[h.i] == s for h in host_verbs)
                        or any(j == pm.i for _, j in ev.cue_toks)):     # "visited New Delhi"
                    continue
                owner = _nearest_event(doc, s, pm.i, classes=("Meeting", "Visit", "Exercise") if hosted else
                                       ("Meeting", "Visit", "Exercise", "Agreement"))
                if owner and owner.startswith("agreement:") and (owner, ev.eid) in agreed_here.get(s, set()) \
                        and any(m.ent == ev.eid and m.i > pm.i for m in doc.sent_mentions(s)):
                    owner = ev.eid    # "signé le 10 février 2022 à Jakarta, lors de la visite"
                if owner == ev.eid and not _near_another(doc, pm, s):
                    doc.fact("HELD_IN", ev.eid, pm.ent, s)
        # who led
        led = set()
        for s in ev.sents:
            for v in lead_verbs:
                if doc.tok_sent[v.i] != s or _nearest_event(doc, s, v.i) != ev.eid:
                    continue
                people = [m for m in doc.sent_mentions(s, "Person") if m.i > v.i]
                nxt_ev = [m.i for m in _event_mentions(doc, s) if m.i > v.i and m.ent != ev.eid]
                if nxt_ev:
                    people = [m for m in people if m.i < min(nxt_ev)] or people
                if not people:
                    before = [m for m in doc.sent_mentions(s, "Person") if m.i < v.i]
                    # "X and Y co-chaired": every person of the subject; "X chaired": the last one
                    people = before if _co_verb(doc, v) else before[-1:]
                for m in people:
                    led.add(m.ent)
                    doc.fact("LED", m.ent, ev.eid, s)
        # the headline names no one: the visitor is in the first sentence that does
        named = {m.sent for m in doc.mentions if m.ent == ev.eid and not _definite_mention(doc, m)}
        s_lead = next((x for x in sorted(ev.sents) if x in named and doc.sent_mentions(x, "Person")
                       and any(doc.tok_sent[i] == x for i, _ in ev.cue_toks)), s0) if ev.cls == "Visit" else s0
        if ev.cls == "Visit" and not led:
            cue = next((i for i, _ in ev.cue_toks if doc.tok_sent[i] == s_lead and _cue_class(doc, i) == "Visit"),
                       ev.cue_toks[0][0])
            people = doc.sent_mentions(s_lead, "Person")
            hosts = [h.i for h in host_verbs if doc.tok_sent[h.i] == s0 and h.i > cue]
            # the visitor is not from the state visited ("زيارة عمل إلى روسيا")
            dest = next((doc.meta_state[k] for k in range(cue + 1, min(cue + 6, len(doc.tokens)))
                         if doc.meta_state[k]), None)
            natl = {p.eid: p.nationality for p in doc.persons}
            after = [m for m in people if cue < m.i <= cue + 7 and (not hosts or m.i < min(hosts))]
            before = [m for m in people if m.i < cue and (dest is None or natl.get(m.ent) != dest)]
            leader = after[0] if after else (before[-1] if before else None)
            if leader is not None:
                led.add(leader.ent)
                doc.fact("LED", leader.ent, ev.eid, s_lead)
        # who took part
        if ev.cls == "Exercise":
            _exercise_participants(doc, lx, ev, organise)
            continue
        future = bool(doc.ref and ev.start and ev.start[:4] > doc.ref.isoformat()[:4])
        if ev.committee:
            doc.fact("ORGANIZED_BY", ev.eid, ev.committee, s0)
            for iso in ([] if future else doc.ents[ev.committee].meta.get("members") or []):
                st = _state(doc, iso)
                if st:
                    doc.fact("PARTICIPATED_IN", st, ev.eid, _both_sent(doc, ev.committee, ev.eid),
                             role="participant")
        isos: list[str] = []
        for m in doc.sent_mentions(s_lead, ("Person", "Organization", "Firm")):
            if m.ent in led:
                continue
            if m.cls != "Person" and (m.ent in office_targets and not (m.cls == "Firm" and ev.cls == "Visit")
                                      or doc.ents[m.ent].meta.get("kind") == "joint_committee"):
                continue      # a body named for someone's office is not a party; a firm visited is
            if m.cls == "Person" and ev.kind == "session":
                continue
            role = "host" if _is_host(doc, m, host_verbs, s_lead) else "participant"
            doc.fact("PARTICIPATED_IN", m.ent, ev.eid, s_lead, role=role)
            if m.cls == "Person":
                p = next((q for q in doc.persons if q.eid == m.ent), None)
                if p is not None and (p.nationality or doc.home):
                    isos.append(p.nationality or doc.home)
        for pid in led:
            p = next((q for q in doc.persons if q.eid == pid), None)
            if p is not None and p.nationality:
                isos.append(p.nationality)
        if ev.cls == "Meeting" and ev.kind != "session":
            for m in doc.sent_mentions(s0, "State"):
                isos.append(doc.ents[m.ent].iso2)
            if _two_sides(doc, s0):
                isos.extend(doc.pair)
            for iso in dict.fromkeys(isos):
                st = _state(doc, iso)
                if st:
                    doc.fact("PARTICIPATED_IN", st, ev.eid, s0, role="participant")
        # signatories of an agreement signed here took part
        for a in agreements:
            if ev.eid in a.events:
                for (t, x, y), (s, _) in list(doc.facts.items()):
                    if t == "PARTY_TO" and y == a.eid and doc.ents[x].type == "Person":
                        doc.fact("PARTICIPATED_IN", x, ev.eid, s, role="participant")
                        if ev.cls == "Meeting" and ev.kind != "session":
                            p = next((q for q in doc.persons if q.eid == x), None)
                            st = _state(doc, p.nationality if p else None)
                            if st:
                                doc.fact("PARTICIPATED_IN", st, ev.eid, s, role="participant")
        # "X était représentée", "attended": the first actor of a sentence that names no event
        for s in range(s0 + 1, min(s0 + 3, len(doc.sents))):
            if _event_mentions(doc, s) or not verbs_in(doc, s, "attend"):
                continue
            actors = doc.sent_mentions(s, ("Organization", "Firm")) or doc.sent_mentions(s, "State")
            if actors:
                doc.fact("PARTICIPATED_IN", actors[0].ent, ev.eid, s, role="participant")


def _co_verb(doc: Doc, v) -> bool:
    """"co-chaired", "coprésidé", "ترأس ... مناصفة": a shared chair."""
    words = fold(doc.text[doc.tokens[v.i].start:doc.tokens[v.j - 1].end])
    return words.startswith(("co-", "co ", "copres")) or any(
        t.key in ("مناصفه", "بالتناوب") for t in doc.tokens[v.j:v.j + 4])


def _is_host(doc: Doc, m, host_verbs, s: int) -> bool:
    """The host of a reception: the actor just after the verb in Arabic ("استقبل الفريق X الفريق Y"),
    the subject before it in French and English ("General X, chief of staff, received General Y")."""
    for h in host_verbs:
        if doc.tok_sent[h.i] != s:
            continue
        if doc.tokens[h.i].arabic:
            if h.i < m.i <= h.j + 8:
                return True
            continue
        before = [x for x in doc.sent_mentions(s, "Person") if x.j <= h.i]
        if before and before[0].ent == m.ent:
            return True
    return False


def _led_after(doc: Doc, events: list[Event]) -> None:
    """"The Philippine side was led by X, and the Japanese delegation by Y", "وترأس الجانب المصري ...":
    a sentence that says who led, right after one naming a meeting or visit and naming no event itself,
    is about that event; every person named after a lead verb led it."""
    by_id = {ev.eid: ev for ev in events if ev.cls in ("Meeting", "Visit")}
    lead_verbs = [m for m in doc.cues if m.payload in (("verb", "lead"), ("verb", "led_by"))]
    for s in sorted({doc.tok_sent[v.i] for v in lead_verbs}):
        if doc.sent_mentions(s, ("Meeting", "Visit", "Exercise")):
            continue
        prior = [m for q in (s - 1, s - 2) if q >= 0 for m in doc.sent_mentions(q, ("Meeting", "Visit"))
                 if m.ent in by_id]
        if not prior:
            continue
        target = max(prior, key=lambda m: m.i).ent
        first = min(v.i for v in lead_verbs if doc.tok_sent[v.i] == s)
        for m in doc.sent_mentions(s, "Person"):
            if m.i > first:
                doc.fact("LED", m.ent, target, s)


def _cue_class(doc: Doc, i: int) -> str | None:
    for m in doc.cues:
        if m.i == i and m.payload[0] == "event":
            return "Visit" if m.payload[1] == "visit" else "Meeting"
    return None


def _nearest_event(doc: Doc, s: int, pos: int, classes=("Meeting", "Visit", "Exercise")) -> str | None:
    ms = doc.sent_mentions(s, classes)
    if not ms:
        return None
    before = [m for m in ms if m.i <= pos]
    if before:
        return before[-1].ent
    return min(ms, key=lambda m: m.i - pos).ent


def _exercise_participants(doc: Doc, lx: Lexicon, ev: Event, organise) -> None:
    isos: list[str] = []
    joint = False
    for s in ev.sents:
        for m in doc.sent_mentions(s, "State"):
            if not _is_locative(doc, m) or doc.ents[m.ent].iso2 == doc.home:
                isos.append(doc.ents[m.ent].iso2)
        for k in range(*doc.sent_range(s)):
            if any(v in _JOINT for v, _ in doc.tokens[k].variants):
                joint = True
        if _two_sides(doc, s):
            joint = True
        for m in doc.sent_mentions(s, "Organization"):
            if doc.ents[m.ent].meta.get("kind") in _FORCES_KINDS:
                doc.fact("PARTICIPATED_IN", m.ent, ev.eid, s, role="participant")
                iso = _country(doc, m.ent)
                if iso:
                    isos.append(iso)
        for v in organise:
            if doc.tok_sent[v.i] == s:
                org = next((m for m in doc.sent_mentions(s, ("Organization", "State")) if m.i >= v.j - 1), None)
                if org is not None:
                    doc.fact("ORGANIZED_BY", ev.eid, org.ent, s)
    intro = {doc.list_intro[s] for s in ev.sents if s in doc.list_intro}
    for back in (1, 2):
        intro.add(min(ev.sents) - back)
    for s in intro:
        if s >= 0 and (_two_sides(doc, s)) and any(c.payload == ("event", "exercise") and doc.tok_sent[c.i] == s
                                                   for c in doc.cues):
            joint = True
    gaz = (doc.ents[ev.eid].meta.get("gazetteer") or {}).get("participants") or []
    isos.extend(i for i in gaz if i in doc.pair)
    if joint and len(set(isos)) < 2:
        # a joint exercise whose own sentences name fewer than two sides: the document's two states
        # (when they name both sides, the article's main pair is not drawn into another event)
        isos.extend(doc.pair)
    for iso in dict.fromkeys(isos):
        st = _state(doc, iso)
        if st:
            doc.fact("PARTICIPATED_IN", st, ev.eid, min(ev.sents), role="participant")


def _covers(doc: Doc, events: list[Event], agreements: list[Agreement]) -> None:
    carried: dict[int, list[str]] = {}
    for a in agreements:
        for i, _ in a.hits:
            s = doc.tok_sent[i]
            ms = [m for m in doc.mentions if m.ent == a.eid and m.sent == s and m.how != "anaphor"]
            if ms:
                carried.setdefault(s + 1, []).append(a.eid)
    def session_of(s: int) -> str | None:
        # "the committee had reviewed training", "the commission also discussed": the committee's
        # session reported on, i.e. the last one named before this sentence
        comms = {m.ent for m in doc.sent_mentions(s, "Organization")
                 if doc.ents[m.ent].meta.get("kind") == "joint_committee"}
        cands = [ev for ev in events if ev.committee in comms and min(ev.sents) <= s]
        return max(cands, key=lambda ev: min(ev.sents)).eid if cands else None

    adopted = {a.eid: a.adopted_at for a in agreements if a.adopted_at}

    def recent_gathering(s: int) -> str | None:
        # "The session reviewed training...", "جدول الأعمال تضمن ...", "Les deux armées y ont travaillé ...":
        # topics in a sentence naming no event go to the meeting or exercise named just before it
        for back in (1, 2):
            if s - back < 0:
                break
            ms = [m for m in doc.sent_mentions(s - back, ("Meeting", "Exercise")) if m.how != "anaphor"]
            if ms:
                return max(ms, key=lambda m: m.i).ent
            if _event_mentions(doc, s - back):
                break
        return None

    for s in range(len(doc.sents)):
        domains = doc.sent_mentions(s, "Domain")
        if not domains:
            continue
        items = [m for m in _event_mentions(doc, s)]
        for d in domains:
            if items:
                before = [m for m in items if m.i <= d.i]
                target = before[-1] if before else min(items, key=lambda m: m.i)
                doc.fact("COVERS", target.ent, d.ent, s)
                if target.ent in adopted:
                    # a programme the meeting adopted: its topics are the meeting's topics too
                    doc.fact("COVERS", adopted[target.ent], d.ent, s)
            elif s in carried:
                for aid in carried[s]:
                    doc.fact("COVERS", aid, d.ent, s)
            elif session_of(s):
                doc.fact("COVERS", session_of(s), d.ent, s)
            elif recent_gathering(s):
                doc.fact("COVERS", recent_gathering(s), d.ent, s)


# ------------------------------------------------------------ industry

def _industry(doc: Doc, lx: Lexicon, agreements: list[Agreement]) -> None:
    manu: dict[str, set[str]] = {}
    for e in list(doc.ents.values()):
        if e.type == "System":
            man = e.meta.get("manufacturer")
            parent = (lx.firms.get(man or "") or {}).get("parent")
            if man and f"firm:{man}" not in doc.ents and parent and f"firm:{parent}" in doc.ents:
                man = parent      # a division named by its group ("Airbus Defence and Space" -> "Airbus")
            if man and f"firm:{man}" in doc.ents:
                doc.fact("MANUFACTURES", f"firm:{man}", e.id, _both_sent(doc, f"firm:{man}", e.id))
                manu.setdefault(f"firm:{man}", set()).add(e.id)
    for m in doc.cues:
        if m.payload != ("verb", "manufacture"):
            continue
        s = doc.tok_sent[m.i]
        firms = doc.sent_mentions(s, "Firm")
        for sm in doc.sent_mentions(s, "System"):
            if sm.i < m.i - 12:
                continue
            def gap(f, sm=sm, v=m.i) -> int:
                # "«كينغ إير 350» تصنعها شركة X", "radars built by X": counted from the system's end
                return f.i - sm.j if sm.j <= v < f.i else abs(f.i - sm.i)
            near = [f for f in firms if gap(f) <= 6]
            if near:
                f = min(near, key=gap)
                doc.fact("MANUFACTURES", f.ent, sm.ent, s)
                manu.setdefault(f.ent, set()).add(sm.ent)
    supplies: set[tuple[str, str]] = set()
    buyers_all: list[str] = []
    for a in agreements:
        if a.kind != "contract":
            continue
        parties = [x for (t, x, y) in doc.facts if t == "PARTY_TO" and y == a.eid]
        systems = {y for (t, x, y) in doc.facts if t == "CONCERNS" and x == a.eid}
        sellers = {x for x in parties if doc.ents[x].type == "Firm"}
        kinds = [y for y in systems if doc.ents[y].meta.get("generic") and not any(y in ss for ss in manu.values())
                 and not _upgraded(doc, y)]
        if len(sellers) == 1 and kinds:
            # "un contrat avec Fincantieri portant sur deux patrouilleurs": the one firm selling builds them
            for y in kinds:
                doc.fact("MANUFACTURES", next(iter(sellers)), y, _both_sent(doc, y, a.eid))
                manu.setdefault(next(iter(sellers)), set()).add(y)
        sellers |= {f for f, ss in manu.items() if ss & systems}
        buyers = set()
        for x in parties:
            if doc.ents[x].type == "State":
                buyers.add(doc.ents[x].iso2)
            elif doc.ents[x].type == "Organization" and _country(doc, x):
                buyers.add(_country(doc, x))
        buyers -= {_country(doc, x) for x in parties if doc.ents[x].type == "Firm"}
        for f in sellers:
            for iso in buyers:
                if iso != _country(doc, f) and _state(doc, iso):
                    doc.fact("SUPPLIES", f, f"state:{iso}", _both_sent(doc, f, a.eid))
                    supplies.add((f, iso))
                    buyers_all.append(iso)
    for verb in ("supply", "deliver"):
        for m in doc.cues:
            if m.payload != ("verb", verb):
                continue
            s = doc.tok_sent[m.i]
            firms = [f for f in doc.sent_mentions(s, "Firm") if abs(f.i - m.i) <= 12]
            for f in sorted(firms, key=lambda f: abs(f.i - m.i))[:1]:
                fc = _country(doc, f.ent)
                cands = [doc.ents[x.ent].iso2 for x in doc.sent_mentions(s, "State")
                         if not _is_locative(doc, x) and doc.ents[x.ent].iso2 != fc]
                cands = [c for c in cands if c in doc.pair] or cands
                if not cands:
                    cands = [c for c in dict.fromkeys(buyers_all) if c != fc][:1]
                if not cands:
                    rest = [c for c in doc.pair if c != fc]
                    cands = rest if len(rest) == 1 else []
                for iso in cands[:1]:
                    if _state(doc, iso):
                        doc.fact("SUPPLIES", f.ent, f"state:{iso}", s)
                        supplies.add((f.ent, iso))
    home = doc.home
    if home and _state(doc, home):
        for e in doc.ents.values():
            if e.type != "Firm" or (e.id, home) in supplies or _country(doc, e.id) in (None, home):
                continue
            for s in sorted({m.sent for m in doc.mentions if m.ent == e.id}):
                if any(doc.ents[m.ent].iso2 == home for m in doc.sent_mentions(s, "State")):
                    doc.fact("COOPERATES_WITH", e.id, f"state:{home}", s)
                    break


def _linked_states(doc: Doc) -> dict[str, tuple[set[str], int]]:
    """For each committee, agreement or event: the states on it (directly, or through their
    officials and bodies) and the sentence that says so."""
    natl = {p.eid: p.nationality for p in doc.persons}
    out: dict[str, tuple[set[str], int]] = {}
    for (rtype, src, tgt), (s, _) in doc.facts.items():
        if rtype not in ("PARTY_TO", "PARTICIPATED_IN", "MEMBER_OF", "LED"):
            continue
        e = doc.ents[src]
        iso = e.iso2 if e.type == "State" else natl.get(src) if e.type == "Person" else _country(doc, src)
        if not iso:
            continue
        isos, sent = out.get(tgt, (set(), s))
        isos.add(iso)
        out[tgt] = (isos, min(sent, s))
    return out


def _partners(doc: Doc, lx: Lexicon) -> None:
    if len(doc.pair) == 2:
        # the two main states partner when they stand together on a committee, an agreement or an event
        a, b = (f"state:{x}" for x in doc.pair)
        shared = [s for isos, s in _linked_states(doc).values() if set(doc.pair) <= isos]
        if shared:
            doc.fact("PARTNERS_WITH", a, b, min(shared))
    partner_words = lx.words("partnership")
    with_words = lx.words("with")
    for s in range(len(doc.sents)):
        lo, hi = doc.sent_range(s)
        keys = {v for k in range(lo, hi) for v, _ in doc.tokens[k].variants}
        if not keys & partner_words:
            continue
        for k in range(lo, hi):
            if doc.tokens[k].key not in with_words:
                continue
            for q in range(k + 1, min(k + 6, hi)):
                iso = doc.meta_state[q]
                if iso:
                    others = [doc.ents[m.ent].iso2 for m in doc.sent_mentions(s, "State") if m.i < k
                              and doc.ents[m.ent].iso2 != iso]
                    subj = others[0] if others else doc.home
                    if subj and subj != iso and _state(doc, subj) and _state(doc, iso):
                        doc.fact("PARTNERS_WITH", f"state:{subj}", f"state:{iso}", s)
                    break


def _dates_agree(a: Agreement, e: Event, doc: Doc) -> bool:
    """An agreement dated otherwise than a meeting was not signed there (the 2021 contract recalled in a
    2025 report); a meeting still to come hosted no signing already reported."""
    if e.start and doc.ref and e.start > doc.ref.isoformat():
        return False
    if not a.start:
        return True
    if not e.start:
        # an undated event: only a signing dated around the dateline ("signed yesterday")
        return doc.ref is not None and a.start[:7] >= (doc.ref - timedelta(days=31)).isoformat()[:7]
    n = min(len(a.start), len(e.start))
    if a.start[:n] == e.start[:n]:
        return True
    return bool(e.end) and e.start <= a.start <= e.end
