"""What every coded dataset promises: dated events only, notes written from the fields in English, one
interaction rule, no aggregate tolls as events, no Arabic analysis of pages in other languages, and no
``None`` in any output."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_IDS, FIXTURES, load_example
from marsad import process
from marsad.cli import main
from marsad.events.taxonomy import interaction_code
from marsad.model import Article
from marsad.store import Store
from marsad.store.export import ACLED_COLUMNS

SAUDINEWSNET = (Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "saudinewsnet-syria-conflict"
                / "saudinewsnet_syria_conflict.jsonl")
ENGLISH = FIXTURES / "pages" / "english-report.txt"
PUBLISHED_B015 = "2025-02-01"  # b-015 names its outlet ("المصدر: النهار") but not its date
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@pytest.fixture(scope="module")
def dev_articles() -> list[Article]:
    """The dev pages coded with their gold publication dates."""
    articles = []
    for example_id in EXAMPLE_IDS:
        page, gold = load_example(example_id)
        articles.append(process(page, published=gold["published"]))
    return articles


def test_notes_are_english_and_say_what_the_fields_say(dev_articles: list[Article]) -> None:
    events = [event for article in dev_articles for event in article.layers["events"]]
    assert len(events) > 20
    for event in events:
        notes = event.notes
        assert not ARABIC_LETTER.search(notes), notes
        assert event.event_date
        year, month, day = (int(part) for part in event.event_date.split("-"))
        assert notes.startswith(f"On {day} {MONTHS[month - 1]} {year}, "), notes
        assert event.location
        assert event.location in notes, notes
        for actor in (event.actor1, event.actor2):
            if actor and not actor.startswith(("Unidentified", "Civilians")):
                assert re.sub(r"\s*\([^)]*\)", "", actor) in notes, (actor, notes)  # without "(Syria)"
        toll = event.fatalities or 0
        expected = "No fatalities reported." if not toll else f"{toll} fatalit{'y' if toll == 1 else 'ies'} reported."
        assert notes.endswith(expected), notes
        assert "None" not in notes


def test_one_interaction_rule_and_battles_between_armed_sides(dev_articles: list[Article]) -> None:
    for event in (event for article in dev_articles for event in article.layers["events"]):
        assert event.interaction == interaction_code(event.inter1, event.inter2)
        if event.event_type == "Battles":
            assert 7 not in (event.inter1, event.inter2), event  # 7: civilians
            assert not (event.actor2 or "").startswith("Civilians")


def _saudinewsnet_page(title_start: str) -> tuple[str, str]:
    for line in SAUDINEWSNET.open(encoding="utf-8"):
        record = json.loads(line)
        if record["title"].startswith(title_start):
            return f"{record['title']}\n\n{record['content']}", record["date_extracted"][:10]
    raise AssertionError(f"no SaudiNewsNet article titled {title_start!r}")


@pytest.mark.parametrize("title", [
    "4844 مدنيا ضحايا الأسد خلال 9 أشهر",  # a monitor's nine-month report
    "مقتل 3042 من داعش والنصرة جراء غارات التحالف خلال 10 أشهر",  # ten months of coalition strikes
    "سورية: مقتل 3042 من داعش والنصرة خلال عشرة أشهر",
])
def test_tallies_over_months_are_not_events(title: str) -> None:
    page, published = _saudinewsnet_page(title)
    article = process(page, published=published)
    assert article.layers["events"] == []


def test_an_incident_inside_a_roundup_with_a_tally_is_still_coded() -> None:
    page, published = _saudinewsnet_page("الأسد يواصل مجازره")
    events = process(page, published=published).layers["events"]
    assert events  # the day's shelling and clashes
    assert max(event.fatalities or 0 for event in events) < 100  # not the 3,042 of ten months


def test_a_page_in_english_is_stored_as_such_without_events(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["process", str(ENGLISH), "--format", "json"]) == 0
    captured = capsys.readouterr()
    article = json.loads(captured.out)
    assert article["language"] == "en"
    assert (article["events"], article["entities"], article["places"]) == ([], [], [])
    assert captured.err.strip() == f"marsad: warning: {ENGLISH}: not Arabic (en), no events coded"
    db = tmp_path / "store.db"
    assert main(["ingest", str(ENGLISH), "--db", str(db), "--no-progress"]) == 0
    assert "not Arabic (en)" in capsys.readouterr().err
    store = Store.open(db)
    (stored,) = list(store.iter_articles())
    assert stored.meta.language == "en"
    assert store.count_events() == 0
    store.close()


def test_undated_pages_give_a_warning_and_no_event_without_a_date(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The example pages without their metadata files (which give the publication day of the pages whose
    text has none), then the export: every row dated, no None, undated candidates listed."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for path in (FIXTURES / "examples").glob("*.txt"):
        shutil.copy(path, pages / path.name)
    db = tmp_path / "marsad.db"
    assert main(["ingest", str(pages), "--db", str(db), "--no-progress"]) == 0
    captured = capsys.readouterr()
    warned = [line for line in captured.err.splitlines() if "no publication date" in line]
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert warned
    assert summary["undated"]["articles"] == len(warned)
    assert all(item["candidates"] > 0 for item in summary["undated"]["listed"])
    out = tmp_path / "events.csv"
    assert main(["export", "--format", "acled-csv", "--db", str(db), "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert len(rows) == summary["events"]
    assert all(row["event_date"] and row["year"] == row["event_date"][:4] for row in rows)
    assert "None" not in text
    assert main(["summary", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["undated"] == summary["undated"]


def test_a_page_naming_its_outlet_gives_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text((FIXTURES / "examples" / "b-015.txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "store.db"
    assert main(["ingest", str(page), "--db", str(db), "--published", PUBLISHED_B015, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "acled-csv", "--db", str(db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows
    assert {row["source"] for row in rows} == {"النهار"}


def test_text_output_names_unknowns_instead_of_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["process", str(FIXTURES / "examples" / "b-015.txt"), "--format", "text",
                 "--published", PUBLISHED_B015]) == 0
    out = capsys.readouterr().out
    assert "author: unknown" in out
    assert "None" not in out
