"""A deterministic synthetic world of defence partnerships, for speed and memory benchmarks.

The world is built from a seed: the real sovereign states of `loaders/refdata/states.yaml`,
a few hundred firms, thousands of officials, joint committees (one per pair of partner
states) with yearly sessions, exercise series and agreements. From it come

- short articles in Arabic, French and English, written from templates (for extraction and
  end-to-end loads): `World.article(i)`;
- graph rows written directly, as `Extraction` objects of 50-200 facts with evidence, one per
  "document": `World.extraction(i)`.

Nothing here is meant to be true or to score the extractor: only to have the shape and the
sizes of real input. The same seed and index always give the same output.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from foedus.loaders.model import Entity, Evidence, Extraction, Fact, SourceDocument
from foedus.textnorm import skeleton

__all__ = ["Committee", "Official", "World"]

REFDATA = Path(__file__).resolve().parents[1] / "loaders" / "refdata"
LANGUAGES = ("ar", "fr", "en")

_GIVEN = [("Mohammed", "محمد"), ("Ahmed", "أحمد"), ("Youssef", "يوسف"), ("Karim", "كريم"), ("Omar", "عمر"),
          ("Hassan", "حسن"), ("Rachid", "رشيد"), ("Nabil", "نبيل"), ("Tarek", "طارق"), ("Samir", "سمير"),
          ("Jamal", "جمال"), ("Khalid", "خالد"), ("Faisal", "فيصل"), ("Walid", "وليد"), ("Bilal", "بلال"),
          ("Zakaria", "زكريا"), ("Mourad", "مراد"), ("Driss", "إدريس"), ("Fouad", "فؤاد"), ("Adel", "عادل"),
          ("Pierre", "بيير"), ("Jean", "جان"), ("Michel", "ميشيل"), ("Laurent", "لوران"), ("Thomas", "توماس"),
          ("Robert", "روبرت"), ("George", "جورج"), ("Daniel", "دانيال"), ("Victor", "فيكتور"), ("Martin", "مارتن"),
          ("Anna", "آنا"), ("Sophie", "صوفي"), ("Maria", "ماريا"), ("Claire", "كلير"), ("Helen", "هيلين"),
          ("Yasmin", "ياسمين"), ("Leila", "ليلى"), ("Salma", "سلمى"), ("Nadia", "نادية"), ("Amina", "أمينة")]
_FAMILY_A = ["B", "D", "F", "G", "H", "K", "L", "M", "N", "R", "S", "T", "Z", "Q", "J"]
_FAMILY_B = ["arrak", "elmir", "oussef", "ennani", "amdouni", "erbaki", "ilali", "ordani", "akkari", "oufdil",
             "ensaid", "ahmani", "ellouk", "arkati", "imouni", "ezzaz", "ouridi", "alfani", "adrani", "eqqali"]
_AR_CONS = {"B": "ب", "D": "د", "F": "ف", "G": "غ", "H": "ح", "K": "ك", "L": "ل", "M": "م", "N": "ن", "R": "ر",
            "S": "س", "T": "ت", "Z": "ز", "Q": "ق", "J": "ج"}
_RANKS = ["General", "Lieutenant General", "Major General", "Brigadier General", "Colonel", "Admiral", "Minister"]
_TITLES = ["Chief of Staff", "Inspector General", "Commander", "Director of Cooperation", "Defence Attaché",
           "Minister of Defence", "Head of Delegation", "Director of Armaments"]
_FIRM_WORDS = ["Aero", "Naval", "Defence", "Systems", "Dynamics", "Electronics", "Industries", "Arms", "Space",
               "Optronics", "Land", "Munitions", "Cyber", "Avionics", "Shipyards", "Motors"]
_SYSTEM_KINDS = [("tank", "MBT"), ("howitzer", "SPH"), ("frigate", "FF"), ("drone", "UAV"), ("radar", "R"),
                 ("missile", "SAM"), ("helicopter", "H"), ("patrol boat", "PB"), ("armoured vehicle", "AV")]
_DOMAINS = ["artificial-intelligence", "cybersecurity", "space", "defence-industry", "training", "maritime-security",
            "counter-terrorism", "military-health", "intelligence", "logistics", "air-defence", "border-security"]
_EX_KINDS = ["land", "naval", "air", "joint"]
_AG_KINDS = ["treaty", "mou", "contract", "programme", "roadmap", "minutes", "agreement"]


@dataclass(frozen=True)
class Official:
    id: str
    name: str
    name_ar: str
    rank: str
    title: str
    iso2: str


@dataclass(frozen=True)
class Committee:
    id: str
    a: str
    b: str


class World:
    """A seeded synthetic world; `extraction(i)` and `article(i)` are pure functions of (seed, i)."""

    def __init__(self, seed: int = 7, firms: int = 300, officials: int = 5000, committees: int = 400,
                 exercise_series: int = 120) -> None:
        self.seed = seed
        rng = random.Random(seed)
        raw = yaml.safe_load((REFDATA / "states.yaml").read_text(encoding="utf-8"))["states"]
        self.states: dict[str, dict[str, Any]] = {s["iso2"]: s for s in raw if s.get("sovereign")}
        isos = sorted(self.states)
        self.isos = isos
        # A few hubs partner with many states, as in real defence news.
        hubs = [i for i in ("FR", "US", "MA", "GB", "TR", "SA", "AE", "IN", "EG", "DE", "KR", "CN") if i in self.states]
        pairs: set[tuple[str, str]] = set()
        while len(pairs) < committees:
            a = rng.choice(hubs) if rng.random() < 0.6 else rng.choice(isos)
            b = rng.choice(isos)
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        self.committees = [Committee(f"org:jmc-{a.lower()}-{b.lower()}", a, b) for a, b in sorted(pairs)]
        self.firms: list[tuple[str, str, str]] = []
        for k in range(firms):
            name = f"{rng.choice(_FIRM_WORDS)} {rng.choice(_FIRM_WORDS)} {k:03d}"
            home = rng.choice(hubs) if rng.random() < 0.7 else rng.choice(isos)
            self.firms.append((f"firm:f{k:03d}", name, home))
        self.systems: list[tuple[str, str, str, str]] = []  # id, name, category, firm id
        for k in range(firms * 2):
            kind, code = rng.choice(_SYSTEM_KINDS)
            firm = self.firms[k % firms][0]
            self.systems.append((f"system:s{k:04d}", f"{code}-{k:04d}", kind, firm))
        self.officials_by_state: dict[str, list[Official]] = {i: [] for i in isos}
        seen_keys: set[str] = set()
        count = 0
        while count < officials:
            (g, g_ar) = rng.choice(_GIVEN)
            fam = rng.choice(_FAMILY_A) + rng.choice(_FAMILY_B) + rng.choice(["", "i", "ane", "ouni", "ari"])
            fam = fam + rng.choice(["", "-" + rng.choice(_FAMILY_A) + rng.choice(_FAMILY_B)])
            name = f"{g} {fam}"
            key = skeleton(name)
            if key in seen_keys:  # one skeleton per official, so resolution never merges two of them
                continue
            seen_keys.add(key)
            iso = rng.choice(hubs) if rng.random() < 0.4 else rng.choice(isos)
            name_ar = f"{g_ar} {_AR_CONS[fam[0]]}{fam[1:]}"
            self.officials_by_state[iso].append(Official(
                f"person:p{count:05d}", name, name_ar, rng.choice(_RANKS), rng.choice(_TITLES), iso))
            count += 1
        self.exercise_series = []
        for k in range(exercise_series):
            c = self.committees[k % len(self.committees)]
            word = rng.choice(["Atlas", "Chergui", "Sea", "Desert", "Eagle", "Shield", "Falcon", "Storm"])
            self.exercise_series.append((f"ex{k:03d}", f"{word} {k:03d}",
                                         rng.choice(_EX_KINDS), c))

    # -- names ----------------------------------------------------------------------------------

    def state_name(self, iso: str, lang: str = "en") -> str:
        return self.states[iso]["names"][lang][0]

    def capital(self, iso: str, lang: str = "en") -> str:
        cap = self.states[iso].get("capital") or {}
        names = (cap.get("names") or {}).get(lang) or [f"{self.state_name(iso, lang)} City"]
        return names[0]

    def officials(self, iso: str) -> list[Official]:
        return self.officials_by_state[iso] or self.officials_by_state["FR"]

    @cached_property
    def sample_params(self) -> dict[str, str]:
        """Realistic parameters for the canned queries: the busiest committee, state, firm, official."""
        hub = "FR"  # a hub: the state with the most ties, the worst case for a state's queries
        ties = [c for c in self.committees if hub in (c.a, c.b)]
        c = next((t for t in ties if {t.a, t.b} == {"FR", "MA"}), ties[0] if ties else self.committees[0])
        other = c.b if c.a == hub else c.a
        person = self.officials(hub)[0]
        return {"a": hub, "b": other, "committee": c.id, "firm": self.firms[0][0], "person": person.id,
                "state": hub, "year": "2021", "search": self.state_name(other, "fr")}

    # -- graph rows -----------------------------------------------------------------------------

    def extraction(self, index: int, salt: str = "", year: int | None = None) -> Extraction:
        """One document's entities and facts (about 50-200 facts), as Foedus's writer takes them.

        `salt` renames the events (meeting, visit, exercises, agreements) and changes the text, so
        the same rows can be written again as new facts about the same states, firms and people;
        `year` overrides the session's year (bench samples use years no fill document uses, so
        Foedus's resolution never merges their meetings into existing ones).
        """
        rng = random.Random(self.seed * 1_000_003 + index)
        c = self.committees[rng.randrange(len(self.committees))]
        y = year if year is not None else 2000 + rng.randrange(26)
        lang = LANGUAGES[index % 3]
        host, guest = (c.a, c.b) if rng.random() < 0.5 else (c.b, c.a)
        month, day = 1 + rng.randrange(12), 1 + rng.randrange(27)
        start, end = f"{y}-{month:02d}-{day:02d}", f"{y}-{month:02d}-{day + 1:02d}"
        sfx = f"-{salt}" if salt else ""
        entities: dict[str, Entity] = {}
        facts: list[Fact] = []
        sentences: list[str] = []
        offset = 0

        def ent(eid: str, etype: str, name: str, **kw: Any) -> str:
            if eid not in entities:
                entities[eid] = Entity(id=eid, type=etype, name=name, **kw)
            return eid

        def fact(ftype: str, src: str, tgt: str, **attrs: Any) -> None:
            nonlocal offset
            text = f"{entities[src].name} {ftype.lower().replace('_', ' ')} {entities[tgt].name} ({start})."
            sentences.append(text)
            facts.append(Fact(type=ftype, source=src, target=tgt, attributes=attrs,
                              evidence=Evidence(text=text, start=offset, end=offset + len(text))))
            offset += len(text) + 1

        def state(iso: str) -> str:
            s = self.states[iso]
            return ent(f"state:{iso}", "State", s["names"]["en"][0], iso2=iso, wikidata=s.get("wikidata"),
                       aliases=[s["names"]["fr"][0], s["names"]["ar"][0]])

        def forces(iso: str) -> str:
            oid = ent(f"org:af-{iso.lower()}", "Organization", f"Armed Forces of {self.state_name(iso)}",
                      attributes={"kind": "armed_forces"})
            fact("PART_OF", oid, state(iso))
            return oid

        sa, sb = state(host), state(guest)
        committee = ent(c.id, "Organization", f"Joint Military Committee {c.a}-{c.b}",
                        attributes={"kind": "joint_committee"})
        ordinal = y - 1999
        meeting = ent(f"meeting:{c.id[4:]}-{y}{sfx}", "Meeting", f"Session {ordinal} of the {c.a}-{c.b} committee",
                      attributes={"start": start, "end": end, "ordinal": ordinal})
        place = ent(f"place:cap-{host.lower()}", "Place", self.capital(host),
                    aliases=[self.capital(host, "fr"), self.capital(host, "ar")], attributes={"kind": "city"})
        fact("MEMBER_OF", sa, committee)
        fact("MEMBER_OF", sb, committee)
        fact("PARTICIPATED_IN", sa, meeting, role="host")
        fact("PARTICIPATED_IN", sb, meeting, role="guest")
        fact("ORGANIZED_BY", meeting, committee)
        fact("HELD_IN", meeting, place)
        fact("LOCATED_IN", place, sa)
        domains = rng.sample(_DOMAINS, 1 + rng.randrange(4))
        fact("PARTNERS_WITH", sa, sb, domains=domains, start=start)
        for d in domains:
            fact("COVERS", meeting, ent(f"domain:{d}", "Domain", d.replace("-", " ")))
        fa, fb = forces(host), forces(guest)
        people = 8 + rng.randrange(45)
        for k in range(people):
            iso, body = (host, fa) if k % 2 == 0 else (guest, fb)
            o = rng.choice(self.officials(iso))
            pid = ent(o.id, "Person", o.name, aliases=[o.name_ar], attributes={"rank": o.rank, "title": o.title})
            fact("HOLDS_POSITION", pid, body, title=o.title)
            fact("PARTICIPATED_IN", pid, meeting, role="host" if iso == host else "guest")
            if k < 2:
                fact("LED", pid, meeting)
        for k in range(1 + rng.randrange(4)):
            kind = rng.choice(_AG_KINDS)
            ag = ent(f"agreement:{c.id[4:]}-{y}-{k}{sfx}", "Agreement", f"{kind.title()} {c.a}-{c.b} {y}/{k}",
                     attributes={"kind": kind, "status": "signed", "start": start})
            fact("PARTY_TO", sa, ag)
            fact("PARTY_TO", sb, ag)
            fact("AGREED_AT", ag, meeting)
            fact("COVERS", ag, ent(f"domain:{domains[0]}", "Domain", domains[0].replace("-", " ")))
            sid, sname, cat, _ = self.systems[rng.randrange(len(self.systems))]
            fact("CONCERNS", ag, ent(sid, "System", sname, attributes={"category": cat}))
        visit = None
        for _ in range(1 + rng.randrange(5)):
            fid, fname, home = self.firms[rng.randrange(len(self.firms))]
            firm = ent(fid, "Firm", fname)
            fact("BASED_IN", firm, state(home))
            fact("COOPERATES_WITH", firm, sa, status="active")
            sid, sname, cat, _ = self.systems[rng.randrange(len(self.systems))]
            system = ent(sid, "System", sname, attributes={"category": cat})
            fact("MANUFACTURES", firm, system)
            fact("SUPPLIES", firm, sa, system=sname, ordered_in=str(y))
            if visit is None:
                visit = ent(f"visit:{c.id[4:]}-{y}-{fid[5:]}{sfx}", "Visit", f"Visit to {fname}",
                            attributes={"start": start})
                fact("PARTICIPATED_IN", sb, visit, role="guest")
                fact("HELD_IN", visit, place)
            fact("PARTICIPATED_IN", firm, visit, role="host")
        for _ in range(rng.randrange(3)):
            sid_, ename, ekind, _ = self.exercise_series[rng.randrange(len(self.exercise_series))]
            ex = ent(f"exercise:{sid_}-{y}{sfx}", "Exercise", f"{ename} {y}",
                     attributes={"kind": ekind, "start": start})
            fact("PARTICIPATED_IN", sa, ex, role="host")
            fact("PARTICIPATED_IN", sb, ex, role="participant")
            fact("HELD_IN", ex, place)
            fact("COVERS", ex, ent(f"domain:{domains[-1]}", "Domain", domains[-1].replace("-", " ")))
        text = f"[{index}{sfx}] " + " ".join(sentences)
        # The evidence offsets count from the sentences; the prefix shifts them all alike.
        shift = len(f"[{index}{sfx}] ")
        for f in facts:
            assert f.evidence is not None
            f.evidence.start += shift
            f.evidence.end += shift
        doc = SourceDocument(text=text, title=f"Session {ordinal} {c.a}-{c.b} ({index}{sfx})", published=start,
                             language=lang, source=f"bench://doc/{index}{sfx}")
        return Extraction(document=doc, entities=list(entities.values()), relations=facts)

    # -- articles -------------------------------------------------------------------------------

    def article(self, index: int) -> dict[str, str]:
        """A short article (a JSON Lines record: text, title, published, language, url)."""
        rng = random.Random(self.seed * 2_000_003 + index)
        lang = LANGUAGES[index % 3]
        c = self.committees[rng.randrange(len(self.committees))]
        y = 2000 + rng.randrange(26)
        month, day = 1 + rng.randrange(12), 1 + rng.randrange(27)
        a, b = self.state_name(c.a, lang), self.state_name(c.b, lang)
        cap = self.capital(c.a, lang)
        o1, o2 = rng.choice(self.officials(c.a)), rng.choice(self.officials(c.b))
        _, fname, _ = self.firms[rng.randrange(len(self.firms))]
        sysname = self.systems[rng.randrange(len(self.systems))][1]
        ex = self.exercise_series[rng.randrange(len(self.exercise_series))][1]
        n = y - 1999
        if lang == "en":
            title = f"{a} and {b} hold the {n}th session of their joint military committee"
            body = (f"{cap}, {day} {_EN_MONTHS[month - 1]} {y} - {a} and {b} held the {n}th session of their joint "
                    f"military committee in {cap} on {day} and {day + 1} {_EN_MONTHS[month - 1]} {y}. "
                    f"{o1.rank} {o1.name}, {o1.title}, and {o2.rank} {o2.name} co-chaired the meeting. "
                    f"The two sides signed a cooperation programme for {y + 1} covering cybersecurity, training "
                    f"and the defence industry. The delegation visited {fname}, which supplies the {sysname}. "
                    f"The armed forces of both countries will take part in exercise {ex} {y}.")
        elif lang == "fr":
            title = f"{a} et {b} tiennent la {n}e session de leur commission militaire mixte"
            body = (f"{cap}, le {day} {_FR_MONTHS[month - 1]} {y} - La {n}e session de la commission militaire mixte "
                    f"entre {a} et {b} s'est tenue à {cap} les {day} et {day + 1} {_FR_MONTHS[month - 1]} {y}. "
                    f"Le {o1.rank.lower()} {o1.name} et le {o2.rank.lower()} {o2.name} ont coprésidé la réunion. "
                    f"Les deux parties ont signé un programme de coopération pour {y + 1} portant sur la "
                    f"cybersécurité, la formation et l'industrie de défense. La délégation a visité {fname}, "
                    f"qui fournit le {sysname}. Les forces armées des deux pays participeront à l'exercice {ex} {y}.")
        else:
            title = f"{a} و{b} يعقدان الدورة {n} للجنة العسكرية المشتركة"
            body = (f"{cap} - عقدت {a} و{b} الدورة {n} للجنة العسكرية المشتركة في {cap} يومي {day} و{day + 1} "
                    f"{_AR_MONTHS[month - 1]} {y}. وترأس الاجتماع {o1.name_ar} و{o2.name_ar}. "
                    f"ووقع الطرفان برنامج تعاون لسنة {y + 1} يشمل الأمن السيبراني والتكوين والصناعة الدفاعية. "
                    f"وزار الوفد شركة {fname} التي تزود منظومة {sysname}. "
                    f"وستشارك القوات المسلحة للبلدين في تمرين {ex} {y}.")
        return {"text": f"{title}\n{body}\n[{index}]", "title": title, "published": f"{y}-{month:02d}-{day:02d}",
                "language": lang, "url": f"bench://article/{index}"}


_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
_FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
_AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
