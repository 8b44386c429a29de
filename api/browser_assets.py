"""Assets for the Neo4j Browser, generated from the ontology and the canned-query catalogue.

`grass_style()` is a GraSS stylesheet (`:style <url>`): one colour per class, the
`name` as caption, a size that grows with how many relations the class takes
part in. `browser_guide()` is a Browser guide (`:play <url>`): one slide per
canned query with its summary, its parameters as `:param` lines filled with the
query's example, the query itself (unchanged: it returns a table) and a graph
view of the same rows that the Browser draws as nodes and relationships.
"""
from __future__ import annotations

import html
from collections import Counter

from foedus.graph.queries import CannedQuery, catalogue
from foedus.ontology.model import Ontology, ontology

__all__ = ["browser_guide", "cypher_literal", "graph_view", "grass_style"]

# A qualitative palette (Tableau 20, strong tones first): distinct at a glance, in class order.
PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#BAB0AC", "#A0CBE8", "#FFBE7D", "#8CD17D", "#B6992D", "#F1CE63", "#86BCB6",
)
NEUTRAL = "#A5ABB6"
MIN_DIAMETER, MAX_DIAMETER, STEP = 35, 80, 4
# Connector nodes added to a graph view, at most; the Browser stays readable well below its own cap of 300.
MAX_JOINING = 50


def _darker(colour: str, factor: float = 0.8) -> str:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(c * factor):02X}" for c in rgb)


def _text_colour(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def _diameters(onto: Ontology) -> dict[str, int]:
    """A class's size grows with the number of relation ends it may stand at: hubs (states) largest."""
    ends: Counter[str] = Counter()
    for rel in onto.relations.values():
        ends.update(set(rel.source) | set(rel.target))
    return {name: max(MIN_DIAMETER, min(MAX_DIAMETER, MIN_DIAMETER + STEP * ends[name]))
            for name in onto.classes}


def _caption(onto: Ontology, name: str) -> str:
    """Entities show their name (in the language of their source); other nodes their title, else their id."""
    cls = onto.cls(name)
    if cls.is_entity and "name" in onto.common_properties:
        return "{name}"
    return "{title}" if "title" in cls.properties else "{id}"


def _rule(selector: str, props: dict[str, str]) -> str:
    body = "".join(f"  {key}: {value};\n" for key, value in props.items())
    return f"{selector} {{\n{body}}}\n"


def grass_style() -> str:
    """The GraSS stylesheet for the Browser: colour, caption `{name}` and size by ontology class."""
    onto = ontology()
    sizes = _diameters(onto)
    rules = [
        _rule("node", {"diameter": f"{MIN_DIAMETER}px", "color": NEUTRAL, "border-color": _darker(NEUTRAL),
                       "border-width": "2px", "text-color-internal": "#000000", "font-size": "10px",
                       "caption": "'{name}'"}),
        _rule("relationship", {"color": NEUTRAL, "shaft-width": "1px", "font-size": "8px", "padding": "3px",
                               "text-color-external": "#000000", "text-color-internal": "#FFFFFF",
                               "caption": "'<type>'"}),
    ]
    for index, cls in enumerate(onto.classes.values()):
        colour = PALETTE[index % len(PALETTE)]
        rules.append(_rule(f"node.{cls.name}", {
            "color": colour, "border-color": _darker(colour), "text-color-internal": _text_colour(colour),
            "diameter": f"{sizes[cls.name]}px", "caption": f"'{_caption(onto, cls.name)}'",
        }))
    for label in onto.internal_labels:  # bookkeeping nodes: small and grey
        rules.append(_rule(f"node.{label}", {"color": "#DDDDDD", "border-color": "#BBBBBB",
                                             "text-color-internal": "#000000",
                                             "diameter": f"{MIN_DIAMETER}px", "caption": "'<id>'"}))
    # No comment header: the Browser's GraSS parser does not know comments.
    return "\n".join(rules)


def cypher_literal(value: object) -> str:
    """A Python scalar as a Cypher literal, for a `:param` line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def graph_view(query: CannedQuery) -> str:
    """The query wrapped so that the Browser draws it: the nodes its rows name by id, and the entities joining them.

    Canned queries return tables (ids, names, dates), the same in the API and the Browser; this wrapper runs
    the query unchanged, takes every id in its rows (in cells, lists and maps), and returns those nodes, the
    entities linked to two of them or more, and the relationships among all of them.
    """
    onto = ontology()
    base = onto.label(onto.base_label)
    id_labels = [base] + [onto.label(c.name) for c in onto.classes.values() if not c.is_entity]
    lookup = "\n  UNION\n".join(f"  MATCH (n:{label} {{id: key}}) RETURN n" for label in id_labels)
    body = "\n".join("  " + line if line.strip() else "" for line in query.body.rstrip().rstrip(";").splitlines())
    cells = ", ".join(_quote(c) for c in query.columns)
    return (
        f"// {query.name} as a graph: the nodes its rows name, and the entities that join them\n"
        f"CALL () {{\n{body}\n}}\n"
        f"WITH [{cells}] AS cells\n"
        "UNWIND cells AS cell\n"
        "UNWIND CASE WHEN cell IS :: LIST<ANY> THEN cell ELSE [cell] END AS value\n"
        "WITH DISTINCT CASE WHEN value IS :: MAP THEN value.id ELSE value END AS key\n"
        "WHERE key IS :: STRING\n"
        f"CALL (key) {{\n{lookup}\n}}\n"
        "WITH collect(DISTINCT n) AS named\n"
        "CALL (named) {\n"
        "  UNWIND named AS n\n"
        f"  MATCH (n:{base})--(c:{base}) WHERE NOT c IN named\n"
        "  WITH c, count(DISTINCT n) AS links WHERE links >= 2\n"
        "  ORDER BY links DESC\n"
        f"  RETURN collect(c)[..{MAX_JOINING}] AS joining\n"
        "}\n"
        "WITH named + joining AS nodes\n"
        "UNWIND nodes AS n\n"
        "OPTIONAL MATCH (n)-[r]->(m) WHERE m IN nodes\n"
        "RETURN n, collect(r) AS ties"
    )


def _runnable(code: str) -> str:
    return f'<pre class="pre-scrollable code runnable">{html.escape(code, quote=False)}</pre>\n'


def _param_lines(query: CannedQuery) -> str:
    bound = query.bind(query.example)  # defaults filled in, search words folded as the API does
    return "\n".join(f":param {name} => {cypher_literal(value)};" for name, value in bound.items())


def _query_slide(query: CannedQuery) -> str:
    params = "".join(
        f"<li><code>{html.escape(p.name)}</code> ({html.escape(p.type)}"
        + (f", default <code>{html.escape(str(p.default))}</code>" if not p.required else ", required")
        + f") {html.escape(p.description)}</li>\n"
        for p in query.params
    )
    parts = [f"<h3>{html.escape(query.name)}</h3>\n<p class=\"lead\">{html.escape(query.summary)}</p>\n"]
    if query.params:
        parts.append(f"<p>Parameters:</p>\n<ul>\n{params}</ul>\n"
                     "<p>1. Set them (here with the example values; edit them in the editor before running):</p>\n")
        parts.append(_runnable(_param_lines(query)))
    parts.append("<p>2. The query, as in <code>queries/"
                 f"{html.escape(query.name)}.cypher</code>: a table of "
                 f"<code>{html.escape(', '.join(query.columns))}</code>.</p>\n")
    parts.append(_runnable(query.body))
    parts.append("<p>3. The same rows as a graph: the nodes they name and the entities that join them.</p>\n")
    parts.append(_runnable(graph_view(query)))
    return f'<slide class="row-fluid">\n<div class="col-sm-12">\n{"".join(parts)}</div>\n</slide>\n'


def browser_guide(base_url: str = "http://127.0.0.1:8000") -> str:
    """The Browser guide: an opening slide, then one slide per read-only canned query."""
    base = base_url.rstrip("/")
    queries = [q for q in catalogue().values() if not q.writes]
    listing = "".join(f"<li><b>{html.escape(q.name)}</b>: {html.escape(q.summary)}</li>\n" for q in queries)
    intro = (
        '<slide class="row-fluid">\n<div class="col-sm-12">\n'
        "<h3>Foedus: the canned queries</h3>\n"
        "<p class=\"lead\">A knowledge graph of defence partnerships. Each next slide is one canned query: "
        "click a block to copy it into the editor, then run it (Ctrl+Enter).</p>\n"
        "<p>First, the Foedus style (a colour and a size per class, names as captions):</p>\n"
        + _runnable(f":style {base}/browser/style.grass")
        + f"<ol>\n{listing}</ol>\n</div>\n</slide>\n"
    )
    slides = intro + "".join(_query_slide(q) for q in queries)
    return f'<article class="guide">\n<carousel class="deck container-fluid">\n{slides}</carousel>\n</article>\n'
