"""The web UI: static checks without a browser, then Debian's Chromium (Playwright) against `marsad serve`
over a store filled by the real pipeline from the example pages. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import contextlib
import dataclasses
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
from marsad.api.errors import CODES
from marsad.events.taxonomy import SUB_EVENT_TYPES
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


def _label_block(language: str) -> str:
    text = (STATIC / "js" / "i18n.js").read_text(encoding="utf-8")
    block = re.search(rf"\n  {language}: \{{\n(.*?)\n  \}},", text, re.S)
    assert block, language
    return block.group(1)


def _labels(language: str) -> set[str]:
    return set(re.findall(r"^    (\w+):", _label_block(language), re.M))


def _label(language: str, key: str) -> str:
    """One label as the UI shows it (placeholders left in)."""
    found = re.search(rf"^    {key}: (\".*\"),$", _label_block(language), re.M)
    assert found, (language, key)
    return str(json.loads(found.group(1)))


# Every error code the API answers with (docs/store.md), and "network" when no answer comes.
ERROR_CODES = {*CODES.values(), "read_only", "query_too_long", "network", "unknown"}


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
    used |= {f"err_{code}" for code in ERROR_CODES} | {"digits_to_latn", "digits_to_arab"}
    assert used <= arabic, sorted(used - arabic)
    # the Arabic labels are Arabic: no Latin word (format names and licences are marked up in the page)
    latin = {key for key in arabic if re.search(r"[A-Za-z]", re.sub(r"\{\w+\}", "", _label("ar", key)))}
    assert latin == {"lang_toggle", "lang_toggle_label"}, sorted(latin)
    # one arrow per direction: ← reads forwards in Arabic, → in English
    assert (_label("ar", "arrow"), _label("en", "arrow")) == ("←", "→")


def test_sub_event_types_are_the_servers() -> None:
    """The edit form's sub-event types by event type are exactly the pairs the server accepts."""
    text = (STATIC / "js" / "i18n.js").read_text(encoding="utf-8")
    block = re.search(r"export const SUB_EVENT_TYPES = \{\n(.*?)\n\};", text, re.S)
    assert block
    pairs: set[tuple[str, str]] = set()
    event_type = ""
    for line in block.group(1).splitlines():
        if opened := re.match(r'  "([^"]+)": \{$', line):
            event_type = opened.group(1)
        elif entry := re.match(r'    "([^"]+)": "[^"]+",$', line):
            pairs.add((event_type, entry.group(1)))
    assert pairs == set(SUB_EVENT_TYPES)
    assert len(pairs) == 25


def test_no_browser_date_inputs() -> None:
    """Date fields are text in YYYY-MM-DD (an <input type=date> shows the browser locale's format)."""
    for path in [*JS_FILES, STATIC / "index.html"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""type\s*[:=]\s*["']?date\b""", text), path.name


def test_boundaries_are_built_by_the_script() -> None:
    shipped = json.loads((STATIC / "data" / "syria-adm1.json").read_text(encoding="utf-8"))
    assert len(shipped["features"]) == 14
    assert all(feature["properties"]["name_ar"] for feature in shipped["features"])
    assert "geoBoundaries" in shipped["attribution"]
    if not (SHARED / "data" / "places" / "adm1-polygons").is_dir():
        pytest.fail(f"the boundary sources are needed at {SHARED / 'data' / 'places' / 'adm1-polygons'} "
                    "(../shared beside the checkout)")
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
    items.append(_undated_article(pipeline))
    store.add_articles(items)
    return pipeline


UNDATED_PAGE = ("قُتل خمسة مدنيين، اليوم الثلاثاء، بغارة جوية للطيران الحربي على مدينة معرة النعمان في ريف إدلب "
                "الجنوبي.")


def _undated_article(pipeline: Any) -> tuple[Any, str]:
    """An article without a publication date whose event has no date (as stored data may have)."""
    from marsad import ingest

    article = pipeline(ingest(UNDATED_PAGE, published="2024-03-12"))
    article.meta.published = None
    article.meta.title = "غارة جوية على معرة النعمان"
    article.layers["events"] = [dataclasses.replace(event, event_date=None) for event in article.layer("events")]
    assert article.layers["events"]
    return article, UNDATED_PAGE


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`marsad serve`'s app under uvicorn on a free port, with a write token, over the filled store."""
    if not CHROMIUM.exists():  # a browser test that cannot run fails (CI installs Chromium in .ci/run)
        pytest.fail("the browser tests need Debian's Chromium at /usr/bin/chromium and Arabic fonts: "
                    "apt-get install chromium fonts-noto-core fonts-hosny-amiri")
    import playwright.sync_api  # noqa: F401  (a dev dependency: its absence is an error, not a skip)

    store = Store.open(tmp_path_factory.mktemp("web") / "web.db")
    with running_server(store, _fill(store)) as base:
        yield base
    store.close()


@contextlib.contextmanager
def running_server(store: Store, pipeline: Any) -> Iterator[str]:
    """The app over ``store`` under uvicorn on a free port, with the write token; its base URL."""
    import uvicorn

    port = _free_port()
    app = create_app(store, ApiSettings(token=TOKEN), pipeline=pipeline)
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                  timeout_graceful_shutdown=1))
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (screenshots go to SHOTS)."""
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


def _expect(locator: Any) -> Any:
    """Playwright's retrying assertions (the UI's CSP forbids the eval that a polled wait_for_function uses)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    return expect(locator)


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

    battles = _api(page, "/events?limit=1&event_type=Battles")["total"]
    view.select_option("#filter-event_type", "Battles")
    view.wait_for_function("location.hash.includes('event_type=Battles')")
    rows = view.locator("#events-table tbody tr")
    _expect(rows).to_have_count(battles)  # the table of the new filter (the hash changes first)
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
    dates = [_latin(date) for date in view.locator("#events-table tbody tr td:first-child").all_inner_texts()]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) and date >= "2016" for date in dates), dates
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


# -- language, digits, bidi, errors, map labels, undated events, the edit form ---------------------------

ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN = str.maketrans(ARABIC_DIGITS, "0123456789")
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _latin(text: str) -> str:
    """Text with Arabic-Indic digits made Latin and bidi controls dropped."""
    return BIDI_CONTROLS.sub("", text).translate(LATIN).strip()


# The text the UI writes itself (skipping data from the API: `.data`, identifiers in `code`, words marked as
# Latin with `lang`, and the two header toggles that name the other language and digits), and the tooltips
# and accessible names of its elements.
UI_TEXTS = """() => {
  const skip = 'code, .data, [lang]:not([lang="ar"]):not([lang="en"]), #lang-button, #digits-button';
  const foreign = document.documentElement.lang === 'ar' ? '[lang="en"]' : '[lang="ar"]';
  const skipped = (element) => !element || element.closest(skip) || element.closest(foreign);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skipped(node.parentElement) && node.data.trim()) texts.push(node.data);
  }
  for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (skipped(element)) continue;
    for (const name of ['aria-label', 'title', 'placeholder']) {
      if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
    }
  }
  return texts;
}"""

# The digits of an element from left to right as drawn (each character's box), to compare with their order
# in the text: a date drawn right to left (٢٠٢٦-١٢-٠٦ shown as ٠٦-١٢-٢٠٢٦) gives them reversed.
DRAWN_DIGITS = """(element) => {
  const drawn = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let index = 0; index < node.data.length; index++) {
      if (!/[0-9\u0660-\u0669]/.test(node.data[index])) continue;
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      drawn.push([range.getBoundingClientRect().left, node.data[index]]);
    }
  }
  return drawn.sort((a, b) => a[0] - b[0]).map((item) => item[1]).join('');
}"""


def _ui_texts(view: Any) -> list[str]:
    return [BIDI_CONTROLS.sub("", text) for text in view.evaluate(UI_TEXTS)]


def _assert_arabic_only(view: Any, where: str, *, numbers: bool = True) -> None:
    """No Latin letter and no Latin digit in what the Arabic UI writes itself (and its numbers in Arabic-Indic)."""
    texts = _ui_texts(view)
    assert texts, where
    bad = [text for text in texts if re.search(r"[A-Za-z0-9]", text)]
    assert bad == [], (where, bad)
    assert not numbers or any(re.search(f"[{ARABIC_DIGITS}]", text) for text in texts), where


def _assert_latin_digits(view: Any, where: str, *, numbers: bool = True) -> None:
    texts = _ui_texts(view)
    bad = [text for text in texts if re.search(f"[{ARABIC_DIGITS}]", text)]
    assert bad == [], (where, bad)
    assert not numbers or any(re.search(r"[0-9]", text) for text in texts), where


def _assert_dates_drawn_in_order(view: Any, selector: str) -> int:
    """Every date matched is left to right as drawn, year first; returns how many were checked."""
    dates = view.locator(selector)
    assert dates.count() > 0, selector
    for date in dates.all():
        assert date.get_attribute("dir") == "ltr"
        text = date.inner_text()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?", _latin(text)), text
        assert date.evaluate(DRAWN_DIGITS) == re.sub(f"[^0-9{ARABIC_DIGITS}]", "", text), text
    return dates.count()


def _switch_language(view: Any, language: str) -> None:
    if view.evaluate("document.documentElement.lang") != language:
        view.click("#lang-button")
        view.wait_for_function(f"document.documentElement.lang === '{language}'")


def _set_token(view: Any, token: str, reviewer: str = "Analyst B") -> None:
    view.click("#token-button")
    view.fill("#reviewer-input", reviewer)
    view.fill("#token-input", token)
    view.click("#token-form button[value=save]")


def _event_page_as_reviewer(page: Page, event: dict[str, Any], token: str = TOKEN) -> Any:
    """The event's page, loaded, with a reviewer's token set."""
    view = page.open(f"/ui/#/event/{event['id']}")
    view.wait_for_selector("#event-fields")
    _set_token(view, token)
    return view


def _machine_event(page: Page, admin1: str) -> dict[str, Any]:
    events = _api(page, f"/events?limit=200&admin1={admin1}")["items"]
    return next(event for event in events if event["status"] == "machine" and event["event_date"])


def test_digits_follow_the_language_and_the_choice(page: Page) -> None:
    view = page.open("/")
    view.wait_for_selector("#events-table")
    _assert_arabic_only(view, "overview")
    first_date = view.locator("#events-table tbody tr:first-child .cell-date")
    digit = f"[{ARABIC_DIGITS}]"
    assert re.fullmatch(f"{digit}{{4}}-{digit}{{2}}-{digit}{{2}}", first_date.inner_text())
    for selector in ("#event-count", ".axis .tick text", ".legend li", ".marker-count", ".summary-totals"):
        assert re.search(f"[{ARABIC_DIGITS}]", view.locator(selector).first.text_content()), selector
    # links and the address keep Latin ISO values
    assert not re.search(f"[{ARABIC_DIGITS}]", view.locator("#export-csv").get_attribute("href"))

    # Latin digits in Arabic, by choice, remembered like the language
    assert view.locator("#digits-button").is_visible()
    view.click("#digits-button")
    view.wait_for_function("document.querySelector('#digits-button').dataset.digits === 'latn'")
    view.wait_for_selector("#events-table")
    assert view.evaluate("localStorage.getItem('marsad.digits')") == "latn"
    view.reload()
    view.wait_for_selector("#events-table")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first_date.inner_text())
    _assert_latin_digits(view, "overview, Latin digits chosen")
    assert view.locator("html").get_attribute("lang") == "ar"
    view.click("#digits-button")
    view.wait_for_function("document.querySelector('#digits-button').dataset.digits === 'arab'")
    view.wait_for_selector("#events-table")
    assert re.search(f"[{ARABIC_DIGITS}]", view.locator("#event-count").inner_text())

    # English: Latin digits only, no digits choice
    _switch_language(view, "en")
    view.wait_for_selector("#events-table")
    assert view.locator("#digits-button").is_hidden()
    _assert_latin_digits(view, "overview in English")
    _switch_language(view, "ar")


def test_every_view_speaks_one_language(page: Page) -> None:
    """Event page (reviewed, with versions), article and error pages in Arabic then English: no English word and
    no Latin digit in the Arabic UI, no Arabic-Indic digit in the English one."""
    event = _machine_event(page, "Hama")
    view = _event_page_as_reviewer(page, event)
    view.click("#review-accept")
    view.wait_for_selector("#audit tr[data-action=accept]")
    view.click("#review-edit")
    # numbers and dates in the form are in Arabic-Indic digits (with the Arabic decimal separator) and go back
    # to the API unchanged; Arabic-Indic digits typed are taken
    assert view.locator("#edit-latitude").input_value() == str(event["latitude"]).translate(
        str.maketrans("0123456789.", ARABIC_DIGITS + "٫"))
    assert view.locator("#edit-event_date").input_value() == event["event_date"].translate(
        str.maketrans("0123456789", ARABIC_DIGITS))
    view.fill("#edit-fatalities", "٧")
    view.click("#review-save")
    view.wait_for_selector("#audit tr[data-action=edit]")
    stored = _api(page, f"/events/{event['id']}")
    assert stored["fatalities"] == 7
    assert [name for name in event if name not in ("fatalities", "status", "version", "updated_at", "notes")
            and stored[name] != event[name]] == []
    pages = [(f"/ui/#/event/{event['id']}", "#event-fields"), (f"/ui/#/article/{event['article_id']}", "#article-body"),
             ("/ui/#/event/00000000deadbeef", "#page-error")]
    for language, check in (("ar", _assert_arabic_only), ("en", _assert_latin_digits)):
        _switch_language(view, language)
        for path, ready in pages:
            view.goto(page.base + path)
            view.wait_for_selector(ready)
            view.evaluate("document.querySelector('#versions')?.setAttribute('open', '')")
            check(view, f"{path} ({language})", numbers="deadbeef" not in path)
            if view.locator("#versions").count():  # list numbers too
                assert view.locator("#versions ol").evaluate("node => getComputedStyle(node).listStyleType") == (
                    "arabic-indic" if language == "ar" else "decimal")
    _switch_language(view, "ar")
    page.errors[:] = [error for error in page.errors if "404" not in error]  # the unknown event's answer


def test_date_filters_take_iso_dates_in_either_digits(page: Page) -> None:
    view = page.open("/")
    view.wait_for_selector("#events-table")
    assert view.locator("#filter-date_from").get_attribute("type") == "text"
    # a year and a month, in either digits, stand for their first and last days; the address keeps ISO dates
    expected = _api(page, "/events?limit=1&date_from=2019-01-01&date_to=2019-05-31")["total"]
    assert 0 < expected < _api(page, "/events?limit=1")["total"]
    view.fill("#filter-date_from", "٢٠١٩")
    view.fill("#filter-date_to", "2019-05")
    view.press("#filter-date_to", "Enter")
    view.wait_for_function("location.hash.includes('date_from=2019-01-01&date_to=2019-05-31')")
    _expect(view.locator("#events-table tbody tr")).to_have_count(expected)
    assert view.locator("#filter-date_from").input_value() == "٢٠١٩-٠١-٠١"
    assert "date_from=2019-01-01" in view.locator("#export-csv").get_attribute("href")
    # a bad date is refused with a translated message, in each language
    for language, value in (("ar", "٢٠١٩-١٣-٠١"), ("en", "2019-02-30")):
        _switch_language(view, language)
        view.wait_for_selector("#events-table")
        before = view.evaluate("location.hash")
        view.fill("#filter-date_from", value)
        view.press("#filter-date_from", "Enter")
        message = view.locator("#filter-date-message")
        expected_text = _label(language, "date_invalid").split("{value}")[1].split("{example}")[0]
        assert expected_text in BIDI_CONTROLS.sub("", message.inner_text())
        assert view.locator("#filter-date_from").get_attribute("aria-invalid") == "true"
        assert view.evaluate("location.hash") == before
    view.fill("#filter-date_from", "2019-06-01")
    view.fill("#filter-date_to", "2019-01-01")
    view.press("#filter-date_to", "Enter")
    assert view.locator("#filter-date-message").inner_text() == _label("en", "date_order")
    _switch_language(view, "ar")


def test_dates_keep_their_order_in_arabic(page: Page) -> None:
    """Dates are isolated and drawn left to right, year first (never ٠٦-١٢-٢٠٢٦ for ٢٠٢٦-١٢-٠٦), in either digits."""
    event = _machine_event(page, "Idleb")
    view = page.open("/")
    view.wait_for_selector("#events-table")
    for digits in ("arab", "latn"):
        assert _assert_dates_drawn_in_order(view, "#events-table bdi.date") > 10
        view.goto(f"{page.base}/ui/#/event/{event['id']}")
        view.wait_for_selector("#event-fields")
        _assert_dates_drawn_in_order(view, "#event-meta bdi.date, #event-fields bdi.date, .evidence-panel bdi.date")
        # a date beside Latin data (the reviewer's name) in the versions list
        view.goto(f"{page.base}/ui/#/article/{event['article_id']}")
        view.wait_for_selector("#article-body")
        _assert_dates_drawn_in_order(view, "#article-meta bdi.date, .article-events bdi.date")
        view.goto(f"{page.base}/ui/#/")
        view.wait_for_selector("#events-table")
        if digits == "arab":
            view.click("#digits-button")
            view.wait_for_function("document.querySelector('#digits-button').dataset.digits === 'latn'")
            view.wait_for_selector("#events-table")
    view.click("#digits-button")
    view.wait_for_function("document.querySelector('#digits-button').dataset.digits === 'arab'")


def test_api_errors_are_translated(page: Page) -> None:
    event = _machine_event(page, "Deir-ez-Zor")
    view = _event_page_as_reviewer(page, event, "not-the-token")
    for language in ("ar", "en"):
        _switch_language(view, language)
        view.wait_for_selector("#review-accept")
        view.click("#review-accept")
        message = view.locator("#review-message.error .error-text")
        message.wait_for()
        assert message.inner_text() == _label(language, "err_unauthorized")
        assert "token is not valid" not in view.locator("body").inner_text()
        if language == "ar":
            assert not re.search(r"[A-Za-z]", view.locator("#review-message").inner_text())
    assert _api(page, f"/events/{event['id']}")["status"] == "machine"
    _switch_language(view, "ar")
    # an unknown event: the page says so in Arabic
    view.goto(f"{page.base}/ui/#/event/00000000deadbeef")
    view.wait_for_selector("#page-error")
    assert view.locator("#page-error .error-text").inner_text() == _label("ar", "err_not_found")
    # no answer at all (the server unreachable)
    view.route("**/events?**", lambda route: route.abort())
    view.goto(f"{page.base}/ui/#/")
    _expect(view.locator("#page-error .error-text")).to_have_text(_label("ar", "err_network"))
    page.errors.clear()  # the browser logs the refused request


def test_version_changes_read_in_the_language_direction(page: Page) -> None:
    event = _machine_event(page, "Dar'a")
    view = _event_page_as_reviewer(page, event)
    view.click("#review-edit")
    view.fill("#edit-fatalities", str((event["fatalities"] or 0) + 2))
    view.click("#review-save")
    for language, arrow in (("ar", "←"), ("en", "→")):
        _switch_language(view, language)
        view.wait_for_selector("#audit tr[data-action=edit]")
        view.evaluate("document.querySelector('#versions').setAttribute('open', '')")
        for change in (view.locator("#audit tr[data-action=edit] .change"),
                       view.locator("#versions li[data-field=fatalities] .change")):
            start = change.locator(".change-from").bounding_box()
            end = change.locator(".change-to").bounding_box()
            pointer = change.locator(".arrow").bounding_box()
            assert change.locator(".arrow").inner_text() == arrow
            # the arrow stands between the two values and points from the old one to the new one
            if arrow == "←":
                assert end["x"] + end["width"] <= pointer["x"] <= pointer["x"] + pointer["width"] <= start["x"]
            else:
                assert start["x"] + start["width"] <= pointer["x"] <= pointer["x"] + pointer["width"] <= end["x"]
        cells = view.locator("#audit tr[data-action=edit] .change").locator(".change-from, .change-to")
        assert [_latin(text) for text in cells.all_inner_texts()] == ["1", "2"]
    _switch_language(view, "ar")


def test_edit_form_offers_the_sub_types_of_the_chosen_type(page: Page) -> None:
    event = _machine_event(page, "As-Sweida")
    view = _event_page_as_reviewer(page, event)
    view.click("#review-edit")
    sub_type = view.locator("#edit-sub_event_type")
    assert sub_type.evaluate("node => node.tagName") == "SELECT"
    assert sub_type.input_value() == event["sub_event_type"]

    def offered() -> set[str]:
        return set(sub_type.locator("option:not([disabled])").evaluate_all("nodes => nodes.map(node => node.value)"))

    for event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                       "Strategic developments"):
        view.select_option("#edit-event_type", event_type)
        assert offered() == {sub for kind, sub in SUB_EVENT_TYPES if kind == event_type}, event_type
    # the old sub-type is not one of the new type's: one must be chosen
    view.select_option("#edit-event_type", "Protests")
    assert sub_type.input_value() == ""
    view.click("#review-save")
    assert view.locator("#review-message.error").is_visible()
    assert _api(page, f"/events/{event['id']}")["version"] == 1
    assert "«" in view.locator("#review-message").inner_text()
    view.select_option("#edit-sub_event_type", "Peaceful protest")
    view.click("#review-save")
    view.wait_for_selector("#audit tr[data-action=edit]")
    stored = _api(page, f"/events/{event['id']}")
    assert (stored["event_type"], stored["sub_event_type"]) == ("Protests", "Peaceful protest")


# For each governorate name on the map: how many markers (circle against the name's box, on screen) and zoom
# buttons cover it, and whether it lies inside the map.
LABELS_COVERED = """() => {
  const circles = [...document.querySelectorAll('g.marker circle')].map((circle) => {
    const box = circle.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2, r: box.width / 2 };
  });
  const frame = document.querySelector('.map-svg').getBoundingClientRect();
  const controls = document.querySelector('.map-controls').getBoundingClientRect();
  return [...document.querySelectorAll('text.governorate-label')].map((label) => {
    const box = label.getBoundingClientRect();
    const covered = circles.filter((circle) => {
      const dx = Math.max(box.left - circle.x, 0, circle.x - box.right);
      const dy = Math.max(box.top - circle.y, 0, circle.y - box.bottom);
      return Math.hypot(dx, dy) < circle.r;
    }).length + (box.right > controls.left && box.left < controls.right && box.bottom > controls.top
      && box.top < controls.bottom ? 1 : 0);
    const inside = box.left >= frame.left && box.right <= frame.right && box.top >= frame.top
      && box.bottom <= frame.bottom;
    return { name: label.dataset.name, covered, inside, height: box.height };
  });
}"""


@pytest.mark.parametrize(("language", "width"), [("ar", 1366), ("en", 1366), ("ar", 390), ("en", 390)])
def test_map_labels_are_not_covered_by_markers(browser: Any, server: str, language: str, width: int) -> None:
    opened = Page(browser, server, width=width, height=844)
    view = opened.open("/")
    view.evaluate(f"localStorage.setItem('marsad.lang', '{language}')")
    view.reload()
    view.wait_for_selector("g.marker")
    # names are drawn after (above) the markers
    layers = view.evaluate("[...document.querySelector('.map-svg').children].map(node => node.getAttribute('class'))")
    assert layers.index("governorate-labels") > layers.index("markers")
    labels = view.evaluate(LABELS_COVERED)
    assert len(labels) == 14
    assert {"Dar'a", "Quneitra", "As-Sweida"} <= {label["name"] for label in labels}
    assert [label for label in labels if label["covered"] or not label["inside"]] == []
    assert min(label["height"] for label in labels) >= 12  # readable at phone width too
    opened.close()


def test_undated_events_are_marked(page: Page) -> None:
    undated = [event for event in _api(page, "/events?limit=200")["items"] if not event["event_date"]]
    assert len(undated) == 1
    event = undated[0]
    view = page.open("/")
    view.wait_for_selector("#events-table")
    for language in ("ar", "en"):
        _switch_language(view, language)
        view.goto(f"{page.base}/ui/#/")
        view.wait_for_selector("#events-table")
        badge = _label(language, "undated")
        cell = view.locator(f'#events-table tr[data-id="{event["id"]}"] .cell-date')
        assert cell.locator("a.event-link .badge.undated").inner_text() == badge
        assert "—" not in cell.inner_text()
        assert view.locator("#timeline-undated").is_visible()
        cell.locator("a.event-link").click()
        view.wait_for_selector("#event-fields")
        assert view.locator("#event-date .badge.undated").inner_text() == badge
        assert view.locator("#event-fields [data-field=event_date] .badge.undated").inner_text() == badge
        view.goto(f"{page.base}/ui/#/article/{event['article_id']}")
        view.wait_for_selector("#article-body")
        assert view.locator(f'.article-events li[data-id="{event["id"]}"] .badge.undated').inner_text() == badge
        assert view.locator("#article-meta .badge.undated").inner_text() == badge  # no publication date
    _switch_language(view, "ar")
