"""Alerts in the web UI, in Debian's Chromium (Playwright) against the app over a store filled by the real
pipeline: "Save as alert" in the events view, the alerts page and an alert's page with its matches and its
webhook delivery log (delivered by `deliver_due` to a loopback receiver), in Arabic and English."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from conftest import EXAMPLES
from marsad.store import Store
from test_web import (
    ARABIC_DIGITS,
    BIDI_CONTROLS,
    CHROMIUM,
    TOKEN,
    Page,
    _assert_arabic_only,
    _assert_dates_drawn_in_order,
    _assert_latin_digits,
    _expect,
    _label,
    _latin,
    _set_token,
    _switch_language,
    _undated_article,
    launched_chromium,
    running_server,
)

#: Stored through `POST /articles` after the alerts exist, so that their events are matched.
HELD_OUT = "a-027"  # battles in As-Sweida, 2025


@dataclass
class Served:
    base: str
    store: Store
    pipeline: Any


def _fill(store: Store) -> Any:
    """Every example page but the held-out one, through the real pipeline (as tests/test_web.py fills its;
    its undated event is stored later, when the alerts exist)."""
    from marsad import Config, get_pipeline, ingest

    pipeline = get_pipeline(Config())
    items = []
    for page_path in sorted(EXAMPLES.glob("*.txt")):
        if page_path.stem == HELD_OUT:
            continue
        gold = json.loads(page_path.with_suffix(".json").read_text(encoding="utf-8"))
        page = page_path.read_text(encoding="utf-8")
        items.append((pipeline(ingest(page, published=gold["published"], url=gold.get("url"))), page))
    store.add_articles(items)
    return pipeline


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The API and the UI under uvicorn on a free port, with a write token (no deliverer thread: the tests
    deliver themselves)."""
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's Chromium at /usr/bin/chromium")
    import playwright.sync_api  # noqa: F401  (a dev dependency: its absence is an error, not a skip)

    store = Store.open(tmp_path_factory.mktemp("web-alerts") / "alerts.db")
    pipeline = _fill(store)
    with running_server(store, pipeline) as base:
        yield Served(base, store, pipeline)
    store.close()


class _Receiver(BaseHTTPRequestHandler):
    """A webhook receiver: 200 on /ok, 500 on anything else."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200 if self.path == "/ok" else 500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(served: Served) -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Page]:
    opened = Page(browser, served.base)
    yield opened
    opened.close()


def _get(served: Served, path: str) -> Any:
    response = httpx.get(served.base + path, timeout=30)
    assert response.status_code == 200, (path, response.text)
    return response.json()


def _post(served: Served, path: str, body: dict[str, Any]) -> Any:
    response = httpx.post(served.base + path, json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert response.status_code == 201, (path, response.text)
    return response.json()


def _alert(served: Served, alert_id: int) -> dict[str, Any]:
    return _get(served, f"/alerts/{alert_id}")


def _digits(text: str) -> str:
    return BIDI_CONTROLS.sub("", text).strip()


@dataclass
class Matched:
    ok: int  # a webhook answering 200
    failing: int  # a webhook answering 500
    feed_only: int  # no webhook; matches the undated event


@pytest.fixture(scope="module")
def matched(served: Served, receiver: str) -> Matched:
    """Three alerts created through the API, then a page stored through `POST /articles` and an undated event
    stored as `ingest` stores it, whose events match them; then one delivery round (`deliver_due`, as
    `marsad serve` runs each second)."""
    from marsad.alerts.delivery import deliver_due

    ok = _post(served, "/alerts", {"name": "Sweida watch", "owner": "Desk A", "filters": {"admin1": ["As-Sweida"]},
                                   "webhook": {"url": f"{receiver}/ok", "secret": "s3cret-ok"}})["id"]
    failing = _post(served, "/alerts", {
        "name": "معارك السويداء", "filters": {"event_type": ["Battles"], "admin1": ["As-Sweida"]},
        "webhook": {"url": f"{receiver}/fail", "secret": "s3cret-fail"}})["id"]
    feed_only = _post(served, "/alerts", {"name": "Idlib air strikes", "filters": {
        "admin1": ["Idleb"], "sub_event_type": ["Air/drone strike"], "min_fatalities": 1}})["id"]
    gold = json.loads((EXAMPLES / f"{HELD_OUT}.json").read_text(encoding="utf-8"))
    _post(served, "/articles", {"content": (EXAMPLES / f"{HELD_OUT}.txt").read_text(encoding="utf-8"),
                                "published": gold["published"], "input_format": "page-text"})
    served.store.add_articles([_undated_article(served.pipeline)])  # the pipeline codes no event without a date
    for alert_id in (ok, failing, feed_only):
        assert _alert(served, alert_id)["matches"] > 0, (
            f"alert {alert_id} matched nothing: are events matched against alerts when they are stored "
            "(src/marsad/store/database.py)?")
    with httpx.Client(timeout=10) as client:
        report = deliver_due(served.store, client)
    assert report.delivered == _alert(served, ok)["matches"]
    assert report.failed == _alert(served, failing)["matches"]
    return Matched(ok, failing, feed_only)


# -- save the events view's filters as an alert ------------------------------------------------------------


def test_save_the_view_filters_as_an_alert(page: Page, served: Served, receiver: str) -> None:
    actor = next(item["name"] for item in _get(served, "/actors?limit=200")["items"] if item["events"] > 0)
    hash_query = (f"event_type=Battles&sub_event_type={quote('Armed clash')}&actor={quote(actor)}&admin1=Hama"
                  f"&q={quote('اشتباكات')}&bbox=35.5,34.5,37.5,35.8&date_from=2019-01-01&date_to=2019-12-31")
    view = page.open(f"/ui/#/?{hash_query}")
    view.wait_for_selector("#save-alert")
    assert view.locator("#filter-sub_event_type").input_value() == "Armed clash"
    assert view.locator("#filter-area").is_visible()  # the map area of the address is shown, and clearable
    before = {alert["id"] for alert in _get(served, "/alerts")["items"]}

    view.click("#save-alert")
    form = view.locator("#alert-form")
    form.wait_for()
    # the filters to be saved, with translated names; the dates are said to be left out
    summary = view.locator("#alert-form-summary")
    assert summary.locator("div").evaluate_all("rows => rows.map(row => row.dataset.filter)") == [
        "event_type", "sub_event_type", "actor", "admin1", "bbox", "q"]
    assert summary.locator("[data-filter=event_type] dt").inner_text() == _label("ar", "event_type")
    assert summary.locator("[data-filter=event_type] dd").inner_text() == "معارك"
    assert summary.locator("[data-filter=admin1] dd").inner_text() == "حماة"
    assert _label("ar", "alert_dates_note") in view.locator("#alert-dates-note").inner_text()
    assert _latin(view.locator("#alert-dates-left bdi.date").first.inner_text()) == "2019-01-01"
    _assert_dates_drawn_in_order(view, "#alert-dates-left bdi.date")
    _assert_arabic_only(view, "the save-as-alert form")

    # each rule is checked before anything is sent, with a translated message
    view.click("#alert-save")
    _expect(view.locator("#alert-message")).to_have_text(_label("ar", "alert_name_required"))
    view.fill("#alert-name", "معارك حماة")
    view.fill("#alert-owner", "Desk B")
    view.fill("#alert-webhook", f"{receiver}/ok")
    view.fill("#alert-secret", "short")
    view.click("#alert-save")
    message = view.locator("#alert-message")
    assert "٨" in message.inner_text()
    assert _label("ar", "alert_secret_short").split("{n}")[1].strip() in _digits(message.inner_text())
    assert view.locator("#alert-secret").get_attribute("aria-invalid") == "true"
    view.fill("#alert-secret", "a-long-secret")
    view.click("#alert-save")  # no token yet
    _expect(message).to_have_text(_label("ar", "alert_token_needed"))
    assert {alert["id"] for alert in _get(served, "/alerts")["items"]} == before

    _set_token(view, TOKEN)
    _expect(view.locator("#alert-token")).to_contain_text(_label("ar", "alert_token_ready"))
    view.click("#alert-save")
    view.wait_for_url(re.compile(r".*/ui/#/alert/\d+$"))
    new_id = int(view.evaluate("location.hash").rsplit("/", 1)[1])
    created = next(alert for alert in _get(served, "/alerts")["items"] if alert["id"] == new_id)
    assert new_id not in before
    assert created["name"] == "معارك حماة"
    assert created["owner"] == "Desk B"
    assert created["webhook"] == {"url": f"{receiver}/ok"}
    assert created["filters"] == {"event_type": ["Battles"], "sub_event_type": ["Armed clash"], "actor": actor,
                                  "admin1": ["Hama"], "q": "اشتباكات", "bbox": [35.5, 34.5, 37.5, 35.8]}
    # the new alert's page, with its filters and the empty states
    view.wait_for_selector("#alert-filters")
    assert view.locator("#alert-filters [data-filter=sub_event_type] dd").inner_text() == "اشتباك مسلح"
    assert view.locator("#matches-empty").inner_text() == _label("ar", "alert_matches_empty")
    assert view.locator("#deliveries-empty").inner_text() == _label("ar", "alert_deliveries_empty")
    _assert_arabic_only(view, "a new alert's page")


def test_the_api_refusal_is_translated_with_its_detail(page: Page, served: Served) -> None:
    """A filter the events view takes but an alert refuses (a box of no width): the API's 422, translated,
    with its field message as the detail."""
    view = page.open("/ui/#/?admin1=Homs&bbox=36,34,36,35")
    view.wait_for_selector("#save-alert")
    _set_token(view, TOKEN)
    before = _get(served, "/alerts")["total"]
    for language in ("ar", "en"):
        _switch_language(view, language)
        view.wait_for_selector("#save-alert")
        view.click("#save-alert")
        view.fill("#alert-name", "Homs box")
        view.click("#alert-save")
        error = view.locator("#alert-message.error .error-text")
        _expect(error).to_have_text(_label(language, "err_invalid_request"))
        assert "bbox" in view.locator("#alert-message details.error-detail p").text_content()
    assert _get(served, "/alerts")["total"] == before
    _switch_language(view, "ar")
    page.errors[:] = [error for error in page.errors if "422" not in error]  # the browser logs the answer


# -- the alerts page ----------------------------------------------------------------------------------------


def _card(view: Any, alert_id: int) -> Any:
    return view.locator(f'.alert-card[data-id="{alert_id}"]')


def test_alerts_page_lists_each_alert_with_its_counts(page: Page, served: Served, matched: Matched) -> None:
    alerts = {alert["id"]: alert for alert in _get(served, "/alerts")["items"]}
    ok, failing, feed_only = alerts[matched.ok], alerts[matched.failing], alerts[matched.feed_only]
    assert ok["undelivered"] == 0 < ok["matches"]
    assert failing["undelivered"] == failing["matches"] > 0
    view = page.open("/")
    view.wait_for_selector("#save-alert")
    view.click('.top .nav-link[href="#/alerts"]')
    view.wait_for_selector("#alert-list")
    assert view.locator('.top .nav-link[href="#/alerts"]').get_attribute("aria-current") == "page"
    for language, digits in (("ar", ARABIC_DIGITS), ("en", "0123456789")):
        _switch_language(view, language)
        view.wait_for_selector("#alert-list")
        assert view.locator(".alert-card").count() == len(alerts)
        assert _latin(view.locator("#alerts-count").inner_text()) == f"({len(alerts)})"
        for alert in (ok, failing, feed_only):
            card = _card(view, alert["id"])
            assert card.locator(".alert-name").inner_text() == alert["name"]
            matches = _digits(card.locator("[data-stat=matches] .num").inner_text())
            assert matches == str(alert["matches"]).translate(str.maketrans("0123456789", digits))
            last = card.locator("[data-stat=last_match] bdi.date").inner_text()
            assert _latin(last) == alert["last_match"][:10]
            assert re.fullmatch(f"[{digits}]{{4}}-[{digits}]{{2}}-[{digits}]{{2}}", last)
            assert card.locator(".feed-link").get_attribute("href") == f"/alerts/{alert['id']}/feed.atom"
            assert card.locator("[data-stat=matches]").inner_text().startswith(_label(language, "alert_matches"))
        undelivered = _card(view, failing["id"]).locator("[data-stat=undelivered] .num")
        assert _digits(undelivered.inner_text()) == str(failing["undelivered"]).translate(
            str.maketrans("0123456789", digits))
        assert _digits(_card(view, ok["id"]).locator("[data-stat=undelivered] .num").inner_text()) == digits[0]
        assert _card(view, feed_only["id"]).locator("[data-stat=undelivered]").count() == 0
        assert _card(view, feed_only["id"]).locator("[data-stat=webhook]").inner_text() == _label(
            language, "alert_no_webhook")
        assert _card(view, failing["id"]).locator("[data-filter=event_type] dt").inner_text() == _label(
            language, "event_type")
        assert _card(view, failing["id"]).locator("[data-filter=admin1] dd").inner_text() == (
            "السويداء" if language == "ar" else "As-Sweida")
        _assert_dates_drawn_in_order(view, "#alert-list bdi.date")
        (_assert_arabic_only if language == "ar" else _assert_latin_digits)(view, f"alerts page ({language})")
    feed = view.request.get(page.base + f"/alerts/{failing['id']}/feed.atom")
    assert feed.ok
    assert "<feed" in feed.text()
    _switch_language(view, "ar")


def test_an_alert_is_removed_after_confirmation(page: Page, served: Served) -> None:
    doomed = _post(served, "/alerts", {"name": "to be removed", "filters": {"admin1": ["Tartous"]}})["id"]
    view = page.open("/ui/#/alerts")
    card = _card(view, doomed)
    card.wait_for()
    card.locator(".remove-alert").click()
    card.locator(".confirm-remove").click()  # no token: nothing is removed
    _expect(card.locator(".message")).to_have_text(_label("ar", "alert_token_needed"))
    assert doomed in {alert["id"] for alert in _get(served, "/alerts")["items"]}
    _set_token(view, TOKEN)
    card.locator(".confirm button:not(.confirm-remove)").click()  # cancelled
    assert card.locator(".confirm").is_hidden()
    card.locator(".remove-alert").click()
    assert card.locator(".confirm").is_visible()
    card.locator(".confirm-remove").click()
    _expect(card).to_have_count(0)
    assert view.locator("#alerts-notice").inner_text() == _label("ar", "alert_removed")
    assert doomed not in {alert["id"] for alert in _get(served, "/alerts")["items"]}


# -- an alert's page ----------------------------------------------------------------------------------------


def test_alert_page_shows_matches_and_delivery_log(page: Page, served: Served, matched: Matched) -> None:
    failing = _alert(served, matched.failing)
    view = page.open(f"/ui/#/alert/{matched.failing}")
    view.wait_for_selector("#alert-matches")
    for language, digits in (("ar", ARABIC_DIGITS), ("en", "0123456789")):
        _switch_language(view, language)
        view.wait_for_selector("#alert-matches")
        rows = view.locator("#alert-matches tbody tr")
        assert rows.count() == len(failing["latest"]) > 0
        for row, match in zip(rows.all(), failing["latest"], strict=True):
            event = match["event"]
            assert row.get_attribute("data-id") == event["id"]
            assert row.locator(".badge.kind-new").inner_text() == _label(language, "kind_new")
            assert row.locator("a.event-link").get_attribute("href") == f"#/event/{event['id']}"
            assert _latin(row.locator(".cell-date bdi.date").inner_text()) == event["event_date"]
            assert ("معارك" if language == "ar" else "Battles") in row.locator(".cell-type").inner_text()
            assert _digits(row.locator(".cell-fatalities").inner_text()) == str(event["fatalities"] or 0).translate(
                str.maketrans("0123456789", digits))
            assert _digits(row.locator(".cell-sent").inner_text()) == _label(language, "sent_pending").replace(
                "{n}", str(match["attempts"]).translate(str.maketrans("0123456789", digits)))
        # the delivery log: one failed attempt per match, HTTP 500, in the language's digits
        log = view.locator("#alert-deliveries tbody tr")
        assert log.count() == len(failing["deliveries"]) == len(failing["latest"])
        for row in log.all():
            assert row.get_attribute("data-status") == "failed"
            assert row.locator(".badge").inner_text() == _label(language, "delivery_failed")
            assert _digits(row.locator(".cell-http").inner_text()) == "500".translate(
                str.maketrans("0123456789", digits))
            assert row.locator(".cell-error").inner_text() == "HTTP 500"
        _assert_dates_drawn_in_order(view, "#alert-matches bdi.date, #alert-deliveries bdi.date")
        (_assert_arabic_only if language == "ar" else _assert_latin_digits)(view, f"alert page ({language})")
    _switch_language(view, "ar")

    # delivered: the log says so; a match opens its event's page
    ok = _alert(served, matched.ok)
    view.goto(f"{page.base}/ui/#/alert/{matched.ok}")
    view.wait_for_selector("#alert-deliveries")
    statuses = view.locator("#alert-deliveries tbody tr").evaluate_all("rows => rows.map(row => row.dataset.status)")
    assert statuses == ["delivered"] * len(ok["latest"])
    assert {_digits(text) for text in view.locator("#alert-deliveries .cell-http").all_inner_texts()} == {"٢٠٠"}
    assert view.locator("#alert-matches .cell-sent bdi.date").count() == len(ok["latest"])
    first = ok["latest"][0]["event"]
    view.locator(f'#alert-matches tr[data-id="{first["id"]}"] a.event-link').click()
    view.wait_for_selector("#event-fields")
    assert view.evaluate("location.hash") == f"#/event/{first['id']}"

    # no webhook: the log says the matches are read from the feed; an undated event has its badge
    view.goto(f"{page.base}/ui/#/alert/{matched.feed_only}")
    view.wait_for_selector("#alert-matches")
    assert view.locator("#deliveries-empty").inner_text() == _label("ar", "alert_deliveries_none")
    assert view.locator("#alert-matches .cell-sent").count() == 0
    undated = [match for match in _alert(served, matched.feed_only)["latest"] if not match["event"]["event_date"]]
    assert undated, "the undated page's event should match the Idleb alert"
    assert view.locator(f'#alert-matches tr[data-id="{undated[0]["event"]["id"]}"] .badge.undated').inner_text() == (
        _label("ar", "undated"))
    page.shot("alert-page-ar")


def test_alerts_pages_fit_a_phone(browser: Any, served: Served, matched: Matched) -> None:
    phone = Page(browser, served.base, width=390, height=844)
    view = phone.open("/ui/#/alerts")
    view.wait_for_selector("#alert-list")
    assert view.evaluate("document.documentElement.scrollWidth") <= 390
    view.goto(f"{served.base}/ui/#/alert/{matched.failing}")
    view.wait_for_selector("#alert-deliveries")
    assert view.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
