"""The web UI: static checks without a browser, then Debian's Chromium (Playwright) against `marsad serve`
over a store filled by the real pipeline from the example pages. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES
from marsad.api import ApiSettings, create_app
from marsad.store import Store
from marsad.web import STATIC

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
SHARED = ROOT.parent / "shared"
TOKEN = "web-test-token-7c1d"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
JS_FILES = sorted((STATIC / "js").glob("*.js"))


# -- without a browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = Store.open(tmp_path_factory.mktemp("web-static") / "empty.db")
    with TestClient(create_app(store)) as test_client:
        yield test_client
    store.close()


def test_ui_is_served_with_its_own_csp(client: TestClient) -> None:
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 307
    assert home.headers["location"] == "/ui/"
    page = client.get("/ui/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    for asset in re.findall(r'(?:src|href)="([^"#]+)"', page.text):
        assert client.get(f"/ui/{asset}").status_code == 200, asset
    assert client.get("/ui/data/syria-adm1.json").json()["type"] == "FeatureCollection"
    # the API keeps its strict policy and its schema knows nothing of the UI
    assert client.get("/health").headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert not any(path.startswith("/ui") for path in client.get("/openapi.json").json()["paths"])


def test_every_asset_ships_in_the_package() -> None:
    """No CDN, tile server or web font: nothing in the UI points outside the server."""
    external = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|"""
                          r"""(?:import|from)\s*\(?\s*["'](?:https?:)?//|fetch\(\s*["'](?:https?:)?//""")
    files = [path for path in STATIC.rglob("*") if path.suffix in {".html", ".js", ".css"}]
    assert len(files) >= 8
    for path in files:
        assert not external.search(path.read_text(encoding="utf-8")), path


def test_text_is_never_inserted_as_html() -> None:
    for path in JS_FILES:
        text = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, f"{path.name} uses {sink}"


def _labels(language: str) -> set[str]:
    text = (STATIC / "js" / "i18n.js").read_text(encoding="utf-8")
    block = re.search(rf"\n  {language}: \{{\n(.*?)\n  \}},", text, re.S)
    assert block, language
    return set(re.findall(r"^    (\w+):", block.group(1), re.M))


def test_every_label_exists_in_both_languages() -> None:
    arabic, english = _labels("ar"), _labels("en")
    assert arabic == english
    used: set[str] = set()
    for path in [*JS_FILES, STATIC / "index.html"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["'](\w+)["']""", text))
        used |= set(re.findall(r"""data-i18n(?:-label|-title|-placeholder)?="(\w+)\"""", text))
    used |= {f"status_{status}" for status in ("machine", "accepted", "edited", "rejected")}
    used |= {"accept", "edit", "reject", "per_day", "per_week", "hl_place", "hl_person", "hl_org", "hl_entity"}
    assert used <= arabic, sorted(used - arabic)


def test_boundaries_are_built_by_the_script() -> None:
    shipped = json.loads((STATIC / "data" / "syria-adm1.json").read_text(encoding="utf-8"))
    assert len(shipped["features"]) == 14
    assert all(feature["properties"]["name_ar"] for feature in shipped["features"])
    assert "geoBoundaries" in shipped["attribution"]
    if not (SHARED / "data" / "places" / "adm1-polygons").is_dir():
        pytest.skip("../shared data not available")
    spec = importlib.util.spec_from_file_location("build_web_boundaries", ROOT / "scripts" / "build_web_boundaries.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(SHARED, 0.01) == shipped


# -- in the browser ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fill(store: Store) -> Any:
    """The example pages through ingest and the real pipeline, published dates from their gold files."""
    from marsad import Config, get_pipeline, ingest

    pipeline = get_pipeline(Config())
    items = []
    for page_path in sorted(EXAMPLES.glob("*.txt")):
        gold = json.loads(page_path.with_suffix(".json").read_text(encoding="utf-8"))
        page = page_path.read_text(encoding="utf-8")
        article = pipeline(ingest(page, published=gold["published"], url=gold.get("url")))
        article.meta.outlet = gold.get("outlet")
        items.append((article, page))
    store.add_articles(items)
    return pipeline


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`marsad serve`'s app under uvicorn on a free port, with a write token, over the filled store."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    import uvicorn

    store = Store.open(tmp_path_factory.mktemp("web") / "web.db")
    pipeline = _fill(store)
    port = _free_port()
    app = create_app(store, ApiSettings(token=TOKEN), pipeline=pipeline)
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                  timeout_graceful_shutdown=1))
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Page:
    """A browser page that refuses every request leaving the server and records script errors."""

    def __init__(self, browser: Any, base: str, *, width: int = 1366, height: int = 900) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="ar")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._guard)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def _guard(self, route: Any) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name: str, *, full_page: bool = False) -> None:
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)

    def close(self) -> None:
        assert self.outside == [], self.outside
        assert self.errors == [], self.errors
        self.context.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Page]:
    opened = Page(browser, server)
    yield opened
    opened.close()


def _api(page: Page, path: str) -> Any:
    response = page.page.request.get(page.base + path)
    assert response.ok, path
    return response.json()


def test_overview_map_timeline_table_and_filters(page: Page) -> None:
    view = page.open("/")
    view.wait_for_selector("#events-table")
    total = _api(page, "/events?limit=1")["total"]
    assert total > 20
    assert view.locator("html").get_attribute("dir") == "rtl"
    assert view.locator("path.governorate").count() == 14
    assert view.locator("g.marker").count() > 5
    assert view.locator("rect.bar").count() > 5
    assert view.locator("#events-table tbody tr").count() == total
    page.shot("01-overview")

    view.select_option("#filter-event_type", "Battles")
    view.wait_for_function("location.hash.includes('event_type=Battles')")
    view.wait_for_selector("#events-table")
    battles = _api(page, "/events?limit=1&event_type=Battles")["total"]
    rows = view.locator("#events-table tbody tr")
    assert rows.count() == battles < total
    assert set(rows.evaluate_all("rows => rows.map(row => row.dataset.type)")) == {"Battles"}
    assert {marker.get_attribute("data-type") for marker in view.locator("g.marker").all()} == {"Battles"}
    csv_link = view.locator("#export-csv").get_attribute("href")
    assert csv_link.startswith("/export?")
    assert "event_type=Battles" in csv_link
    assert "format=acled-csv" in csv_link
    exported = view.request.get(page.base + csv_link).text().strip().splitlines()
    assert len(exported) == battles + 1
    assert "format=geojson" in view.locator("#export-geojson").get_attribute("href")
    page.shot("02-filtered-battles")

    # brushing a range on the timeline narrows the map and the table, not the timeline
    box = view.locator(".brush-overlay").bounding_box()
    view.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] / 2)
    view.mouse.down()
    view.mouse.move(box["x"] + box["width"] * 0.99, box["y"] + box["height"] / 2, steps=4)
    view.mouse.up()
    view.wait_for_selector("#brush-clear")
    brushed = view.locator("#events-table tbody tr").count() if view.locator("#events-table").count() else 0
    assert brushed < battles
    dates = view.locator("#events-table tbody tr td:first-child").all_inner_texts()
    assert all(date >= "2016" for date in dates)
    assert "date_from=" in view.locator("#export-csv").get_attribute("href")
    page.shot("03-brushed")
    view.click("#brush-clear")
    assert view.locator("#events-table tbody tr").count() == battles


def test_text_search_uses_the_api(page: Page) -> None:
    view = page.open("/")
    view.wait_for_selector("#events-table")
    view.fill("#filter-q", "دير الزور")
    view.press("#filter-q", "Enter")
    view.wait_for_selector(".hits mark")
    hits = _api(page, "/search?q=%D8%AF%D9%8A%D8%B1%20%D8%A7%D9%84%D8%B2%D9%88%D8%B1&limit=200")
    assert view.locator(".hits li").count() == min(8, hits["total"])
    assert 0 < view.locator("#events-table tbody tr").count() < _api(page, "/events?limit=1")["total"]


def _event_with_evidence(page: Page) -> dict[str, Any]:
    events = _api(page, "/events?limit=200&admin1=Deir-ez-Zor")["items"]
    return next(event for event in events if event["evidence_start"] is not None and event["status"] == "machine")


def test_event_page_evidence_review_and_audit(page: Page) -> None:
    event = _event_with_evidence(page)
    view = page.open("/")
    view.wait_for_selector("#events-table")
    view.click(f'#events-table tr[data-id="{event["id"]}"] a.event-link')
    view.wait_for_selector("#evidence-text mark.evidence")
    assert view.url.endswith(f"#/event/{event['id']}")
    article = _api(page, f"/articles/{event['article_id']}")
    assert view.locator("mark.evidence").all_inner_texts() == [
        article["body"][event["evidence_start"]:event["evidence_end"]]]
    assert view.locator("#event-fields [data-field='evidence'] dd").inner_text() == event["evidence"]
    assert view.locator("#audit-empty").is_visible()
    page.shot("04-event", full_page=True)

    # a rejection needs a reason; writes need the token, entered once and kept for the session
    view.click("#review-accept")
    assert view.locator("#review-message.error").is_visible()
    view.click("#token-button")
    view.fill("#reviewer-input", "Analyst A")
    view.fill("#token-input", TOKEN)
    view.click("#token-form button[value=save]")
    assert view.evaluate("sessionStorage.getItem('marsad.token')") == TOKEN
    view.click("#review-reject")
    assert view.locator("#review-message.error").is_visible()
    view.fill("#review-reason", "checked against the source")
    view.click("#review-accept")
    view.wait_for_selector("#audit tr[data-action=accept]")
    assert "Analyst A" in view.locator("#audit tr[data-action=accept]").inner_text()
    assert "checked against the source" in view.locator("#audit tr[data-action=accept]").inner_text()
    assert view.locator("#event-status").get_attribute("class") == "badge status-accepted"
    stored = _api(page, f"/events/{event['id']}")
    assert stored["status"] == "accepted"
    assert stored["reviews"][-1]["reviewer"] == "Analyst A"
    page.shot("05-event-accepted", full_page=True)

    # an edit adds a version; the machine version stays
    view.click("#review-edit")
    view.fill("#edit-fatalities", str((event["fatalities"] or 0) + 2))
    view.click("#review-save")
    view.wait_for_selector("#audit tr[data-action=edit]")
    stored = _api(page, f"/events/{event['id']}")
    assert stored["status"] == "edited"
    assert [version["version"] for version in stored["versions"]] == [1, 2]
    assert stored["versions"][0]["event"]["fatalities"] == event["fatalities"]
    assert stored["fatalities"] == (event["fatalities"] or 0) + 2


def test_article_reader_highlights_and_font_size(page: Page) -> None:
    event = _event_with_evidence(page)
    article = _api(page, f"/articles/{event['article_id']}")
    view = page.open(f"/ui/#/event/{event['id']}")
    view.click(".source-title a")
    view.wait_for_selector("#article-body")
    assert view.locator("#article-title").inner_text() == article["title"]
    assert view.locator("#article-body .hl-place").count() > 0
    place = article["places"][0]
    assert place["text"] in view.locator("#article-body .hl-place").all_inner_texts()
    assert view.locator(".article-events li").count() == len(article["events"])
    size = view.locator("#article-body").evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    view.click("#font-bigger")
    view.click("#font-bigger")
    bigger = view.locator("#article-body").evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    assert bigger > size
    view.click("#font-smaller")
    view.click("#font-smaller")
    page.shot("06-article", full_page=True)


def test_english_toggle(page: Page) -> None:
    view = page.open("/")
    view.wait_for_selector("#events-table")
    view.click("#lang-button")
    view.wait_for_function("document.documentElement.lang === 'en'")
    view.wait_for_selector("#events-table")
    assert view.locator("html").get_attribute("dir") == "ltr"
    assert view.locator("#map-title").inner_text() == "Map"
    assert view.locator("#table-title").inner_text() == "Events"
    assert view.locator("label[for], .field span").first.inner_text() == "From"
    page.shot("07-english")
    view.click("#lang-button")
    view.wait_for_function("document.documentElement.lang === 'ar'")


def test_keyboard_reaches_and_opens_events(page: Page) -> None:
    view = page.open("/")
    view.wait_for_selector("g.marker")
    view.keyboard.press("Tab")
    assert view.evaluate("document.activeElement.className") == "skip"
    view.keyboard.press("Tab")
    outline = view.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    marker = view.locator("g.marker:not(.cluster)").first
    marker.focus()
    assert marker.get_attribute("tabindex") == "0"
    view.keyboard.press("Enter")
    view.wait_for_selector("#event-title")
    assert "#/event/" in view.url
    view.go_back()
    view.wait_for_selector("g.marker.cluster")
    view.locator("g.marker.cluster").first.focus()
    view.keyboard.press(" ")
    view.wait_for_selector(".map-popup a")
    assert view.evaluate("document.activeElement.closest('.map-popup') !== null")
    view.keyboard.press("Escape")
    assert view.locator(".map-popup").is_hidden()


def test_phone_width(browser: Any, server: str) -> None:
    phone = Page(browser, server, width=390, height=844)
    view = phone.open("/")
    view.wait_for_selector("#events-table")
    assert view.evaluate("document.documentElement.scrollWidth") <= 390
    map_box = view.locator(".map-svg").bounding_box()
    assert map_box["width"] <= 390
    phone.shot("08-phone-overview")
    event = _event_with_evidence(phone)
    view.goto(f"{server}/ui/#/event/{event['id']}")
    view.wait_for_selector("mark.evidence")
    assert view.evaluate("document.documentElement.scrollWidth") <= 390
    phone.shot("09-phone-event", full_page=True)
    phone.close()


def test_article_text_is_inserted_as_text(page: Page) -> None:
    from marsad.model import Article, Meta

    title = '<img src=x onerror="window.__pwned=1"> هجوم على حلب'
    body = "قتل ثلاثة مدنيين في قصف على مدينة حلب <b>أمس</b> <script>window.__pwned=2</script>."
    article = Article(body, Meta(title=title, published="2024-03-12", caption="<i>صورة</i>", tags=["<u>وسم</u>"]))
    response = page.page.request.post(page.base + "/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                                      data={"content": article.dumps(), "input_format": "json"})
    assert response.status == 201, response.text()
    view = page.open(f"/ui/#/article/{response.json()['id']}")
    view.wait_for_selector("#article-body")
    assert view.locator("#reader img, #reader b, #reader script, #reader i, #reader u").count() == 0
    assert view.locator("#article-title").inner_text() == title
    assert view.locator("#article-body").inner_text() == body
    assert view.locator("#article-caption").inner_text() == "<i>صورة</i>"
    assert view.evaluate("window.__pwned") is None
