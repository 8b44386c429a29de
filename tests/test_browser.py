"""The Neo4j Browser, in a real headless Chromium: connect, load the Foedus style and guide, run a canned query.

The Browser is the one the test Neo4j serves (auth off); the style and guide come from the service's
`/browser` routes, served on `localhost` (a host the Browser may fetch from by default). The test clicks the
guide's blocks as a user would, checks that the result frame draws nodes in the style's colours, and writes
the screenshot that `docs/browser.md` shows.

Needs Debian's `chromium` and `chromium-driver` packages and the `selenium` Python package.
"""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import uvicorn
from conftest import SEED
from fastapi import FastAPI

from foedus.api.browser_assets import PALETTE, browser_guide, graph_view, grass_style
from foedus.api.routes import browser as browser_routes
from foedus.graph.queries import catalogue
from foedus.ingest import load_paths
from foedus.ontology.model import ontology
from foedus.settings import PROJECT_ROOT, Settings

try:
    from selenium import webdriver
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # the Browser test skips; the asset tests still run
    webdriver = None  # type: ignore[assignment]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Chromium and its driver: apt-get install chromium chromium-driver",
)

SCREENSHOT = PROJECT_ROOT / "docs" / "browser-screenshot.png"
QUERY = "bilateral_timeline"  # the seed's Morocco-France events: a graph with several classes
WAIT = 60


def test_the_style_has_a_colour_a_caption_and_a_size_per_class() -> None:
    style = grass_style()
    rules = dict(re.findall(r"^node\.(\w+) \{\n(.*?)^\}", style, re.DOTALL | re.MULTILINE))
    assert set(ontology().classes) <= set(rules)
    for name in ontology().classes:
        assert {"color", "diameter", "caption"} <= set(re.findall(r"^  ([\w-]+):", rules[name], re.MULTILINE)), name
    assert "caption: '{name}';" in rules["State"]
    colours = [re.search(r"^  color: (#\w+);", rules[n], re.MULTILINE).group(1) for n in ontology().classes]  # type: ignore[union-attr]
    assert len(set(colours)) == len(colours), "one colour per class"
    assert int(rules["State"].split("diameter: ")[1][:2]) > int(rules["Document"].split("diameter: ")[1][:2])


def test_the_guide_has_one_slide_per_canned_query() -> None:
    guide = browser_guide("http://example.test:8000/")
    queries = [q for q in catalogue().values() if not q.writes]
    assert guide.startswith('<article class="guide">') and '<carousel class="deck container-fluid">' in guide
    assert guide.count('<slide class="row-fluid">') == len(queries) + 1
    assert ":style http://example.test:8000/browser/style.grass" in guide
    assert ":param iso2 =&gt; 'MA';" in guide  # partners_of_state's example, HTML-escaped
    for query in queries:
        assert f"<h3>{query.name}</h3>" in guide


def test_the_routes_answer_cross_origin() -> None:
    from fastapi.testclient import TestClient

    app = FastAPI()
    app.include_router(browser_routes.router)
    client = TestClient(app)
    for path, kind in (("/browser/style.grass", "text/plain"), ("/browser/guide.html", "text/html")):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
        assert response.headers["access-control-allow-origin"] == "*"
        preflight = client.options(path, headers={"Origin": "http://127.0.0.1:7474",
                                                  "Access-Control-Request-Method": "GET",
                                                  "Access-Control-Request-Headers": "x-requested-with"})
        assert preflight.status_code == 204 and preflight.headers["access-control-allow-origin"] == "*"
        assert "x-requested-with" in preflight.headers["access-control-allow-headers"]


def test_every_graph_view_runs_and_draws_the_seed(seeded: Settings, neo4j_driver: neo4j.Driver) -> None:
    drawn = {}
    for query in catalogue().values():
        if query.writes:
            continue
        records = neo4j_driver.execute_query(graph_view(query), query.bind(query.example)).records
        drawn[query.name] = {label for r in records for label in r["n"].labels}
    assert {"State", "Exercise", "Meeting"} <= drawn["bilateral_timeline"]
    assert {"State", "Document"} <= drawn["partners_of_state"]
    assert drawn["entity_card"] >= {"State", "Organization", "Exercise"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def assets_url() -> Iterator[str]:
    """The `/browser` routes served by uvicorn in a thread; `localhost` is in the Browser's default allowlist."""
    app = FastAPI()
    app.include_router(browser_routes.router)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the asset server did not start"
    yield f"http://localhost:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def seeded(neo4j_driver: neo4j.Driver, settings: Settings) -> Settings:
    """The seed article in the graph."""
    if settings.neo4j_password is not None:
        pytest.skip("the Browser test connects without authentication; point it at a server with auth off")
    from foedus.graph.admin import wipe_graph

    wipe_graph(neo4j_driver)
    assert not load_paths(neo4j_driver, [SEED]).failed
    return settings


@pytest.fixture
def chrome() -> Iterator[object]:
    """Headless Chromium, driven through Debian's chromedriver (no browser download)."""
    if webdriver is None:
        pytest.skip("needs the selenium package (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--force-device-scale-factor=1", "--lang=en"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


def _find_frame(driver, command_prefix: str) -> WebElement | None:
    """The newest stream frame whose command starts with this text, if any yet."""
    for frame in driver.find_elements(By.CSS_SELECTOR, "[data-testid=frame]"):
        commands = frame.find_elements(By.CSS_SELECTOR, "[data-testid=frameCommand]")
        if commands and commands[0].text.strip().startswith(command_prefix):
            return frame
    return None


def _newest_frame(driver, command_prefix: str) -> WebElement:
    """The newest stream frame whose command starts with this text (waiting for it to appear)."""
    frame = WebDriverWait(driver, WAIT).until(lambda d: _find_frame(d, command_prefix),
                                              f"no frame for {command_prefix!r}")
    assert frame is not None
    return frame


def _type_and_run(driver, command: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor]").click()
    ActionChains(driver).send_keys(command).perform()
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()


def _editor_text(driver) -> str:
    text = driver.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor]").text
    return " ".join(text.replace("\xa0", " ").split())


def _click_and_run(driver, block: WebElement) -> str:
    """Click a runnable guide block (it fills the editor), then run the editor; return the block's text."""
    text = block.text.strip()
    block.click()
    first = " ".join(text.splitlines()[0].split())[:20]
    WebDriverWait(driver, WAIT).until(lambda d: first in _editor_text(d))
    driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()
    return text


def _guide_slide(driver, number: int) -> WebElement:
    guide = _newest_frame(driver, ":play")
    guide.find_element(By.CSS_SELECTOR, f"[data-testid=carousel] li[aria-label='{number}']").click()
    return guide


def _pixel_stats(driver, png: Path) -> dict:
    """Distinct colours and the share of pixels unlike the top-left one, measured by Chromium itself."""
    import base64

    data = base64.b64encode(png.read_bytes()).decode()
    return driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const img = new Image();
        img.onload = () => {
          const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
          const g = c.getContext('2d'); g.drawImage(img, 0, 0);
          const px = g.getImageData(0, 0, c.width, c.height).data;
          const seen = new Set(); let differ = 0;
          for (let i = 0; i < px.length; i += 4) {
            seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
            if (Math.abs(px[i] - px[0]) + Math.abs(px[i + 1] - px[1]) + Math.abs(px[i + 2] - px[2]) > 30) differ++;
          }
          done({width: c.width, height: c.height, colours: seen.size, differ: differ / (px.length / 4)});
        };
        img.onerror = () => done(null);
        img.src = 'data:image/png;base64,' + arguments[0];
        """,
        data,
    )


@needs_chromium
def test_browser_shows_a_canned_query_as_a_graph(seeded: Settings, assets_url: str, chrome) -> None:
    driver = chrome
    bolt = seeded.neo4j_uri or f"bolt://127.0.0.1:{seeded.local_bolt_port}"
    driver.get(f"http://127.0.0.1:{seeded.local_http_port}/browser/?dbms={bolt}&preselectAuthMethod=NO_AUTH")
    # Connected: the editor's prompt names the database.
    WebDriverWait(driver, WAIT).until(
        lambda d: "neo4j$" in _editor_text(d)
    )

    _type_and_run(driver, f":play {assets_url}/browser/guide.html")
    WebDriverWait(driver, WAIT).until(
        lambda d: _newest_frame(d, ":play").find_elements(By.CSS_SELECTOR, "pre.runnable"),
        "the guide did not load (is the asset server's host allowlisted?)")

    # Slide 1: load the style, from the guide's own block.
    style_block = _guide_slide(driver, 1).find_element(By.CSS_SELECTOR, "pre.runnable")
    assert _click_and_run(driver, style_block).startswith(":style ")
    _newest_frame(driver, ":style")

    # The query's slide: set its parameters, then run its graph view (the slide's last block).
    names = [q.name for q in catalogue().values() if not q.writes]
    slide = names.index(QUERY) + 2
    blocks = _guide_slide(driver, slide).find_elements(By.CSS_SELECTOR, "pre.runnable")
    assert len(blocks) == 3, "parameters, query, graph view"
    assert _click_and_run(driver, blocks[0]).startswith(":param ")
    _newest_frame(driver, ":param")
    blocks = _guide_slide(driver, slide).find_elements(By.CSS_SELECTOR, "pre.runnable")
    assert _click_and_run(driver, blocks[2]).startswith(f"// {QUERY} as a graph")

    # The result frame draws nodes, coloured by the Foedus style.
    def drawn(d) -> list[WebElement]:
        frame = _find_frame(d, f"// {QUERY}")
        return frame.find_elements(By.CSS_SELECTOR, "svg g.node") if frame else []

    WebDriverWait(driver, WAIT).until(drawn, "the result frame drew no nodes")
    time.sleep(3)  # let the force layout settle before the picture
    result = _newest_frame(driver, f"// {QUERY}")
    nodes = result.find_elements(By.CSS_SELECTOR, "svg g.node")
    circles = result.find_elements(By.CSS_SELECTOR, "svg g.node circle")
    fills = {(c.get_attribute("fill") or "").upper() for c in circles}
    captions = " ".join(t.text for t in result.find_elements(By.CSS_SELECTOR, "svg g.node text"))
    state_colour = PALETTE[list(ontology().classes).index("State")]
    assert len(nodes) >= 5, f"the graph view drew {len(nodes)} nodes"
    assert state_colour in fills, f"States are not in the Foedus colour: {sorted(fills)}"
    assert captions.strip(), "nodes carry their names as captions"

    # The result frame alone, full window, for the picture (it also hides the Browser's banners).
    result.find_element(By.CSS_SELECTOR, "button[title=Fullscreen]").click()
    time.sleep(2)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
    stats = _pixel_stats(driver, SCREENSHOT)
    assert stats and stats["colours"] > 200 and stats["differ"] > 0.05, f"the screenshot looks blank: {stats}"
