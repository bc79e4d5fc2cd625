"""Bad input: every hostile or broken file gives one clear error line naming it, the batch goes on,
and nothing half-written reaches the store. Small files live in fixtures/bad/; huge ones are made here."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES
from marsad.batch.runner import input_kind
from marsad.cli import main
from marsad.errors import InputError
from marsad.ingest import ingest
from marsad.ingest.decode import decode_bytes
from marsad.text.numbers import numbers_in
from marsad.watch.feeds import parse_feed

BAD = FIXTURES / "bad"
TEXT_STAGES = '[marsad]\nstages = ["text.sentences.v1", "text.tokens.v1", "text.numbers.v1", "text.dates.v1"]\n'

#: Each file of fixtures/bad/ that gives one article or one error, and what `marsad process` must do
#: with it: None = process it, else the reason its one error line gives.
PAGES: dict[str, str | None] = {
    "empty.txt": "empty input",
    "whitespace-only.txt": "empty input",
    "binary.html": "binary input",
    "png-named-txt.txt": "binary input",
    "latin-text.txt": "undecodable input",
    "not-a-warc.warc.gz": "corrupt WARC after record",  # read as a WARC, as its name says: not one
    "truncated.jsonl.gz": "corrupt after line",  # read as JSONL, record by record: cut short
    "not-news.html": "the HTML page holds only boilerplate, no article text",  # a home link, nothing else
    "boilerplate-only.txt": "holds only boilerplate, no article text",
    "serialised-bad-types.json": "meta.title has the wrong type",
    "serialised-bad-offsets.json": "offsets outside the text",
    "cp1256.txt": None,
    "utf16le-bom.txt": None,
    "utf16le-no-bom.txt": None,
    "utf16be-no-bom.txt": None,
    "mojibake-latin1.txt": None,
    "mojibake-cp1256.txt": None,
    "mixed-utf8-cp1256.txt": None,
    "truncated.html": None,
    "scripts-and-handlers.html": None,
    "impossible-dates.txt": None,
    "date-prefix-feb31.txt": None,
    "giant-number.txt": None,
    "nul-after-head.txt": None,
    "utf8-invalid-bytes.txt": None,
}
#: The one warning a processed page gives, where it gives one.
WARNINGS = {"utf8-invalid-bytes.txt": "3 invalid bytes replaced with U+FFFD"}
#: Files of fixtures/bad/ with several records: (articles, error lines) that `marsad process` gives.
RECORD_FILES: dict[str, tuple[int, int]] = {
    "invalid-feed.jsonl": (4, 6),  # lines 2, 3, 4, 7, 8 and 9 are bad
    "garbage.warc": (0, 1),  # a response record without a WARC-Target-URI
    "wrong-length.warc": (1, 2),  # record 2's Content-Length is short: no text in it, then the archive is out of step
}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "text.toml"
    path.write_text(TEXT_STAGES, encoding="utf-8")
    return path


def _process(paths: list[Path], config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], list[str]]:
    code = main(["process", *map(str, paths), "--format", "jsonl", "--config", str(config)])
    captured = capsys.readouterr()
    articles = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, articles, [line for line in captured.err.splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_bad_page(name: str, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, articles, errors = _process([BAD / name], config, capsys)
    reason = PAGES[name]
    if reason is None:
        warning = WARNINGS.get(name)
        expected = [f"marsad: warning: {BAD / name}: {warning}"] if warning else []
        assert (code, errors) == (0, expected), errors
        (article,) = articles
        assert article["body"].strip()
        assert "\x00" not in json.dumps(article)
    else:
        assert code == 1
        assert not articles
        (line,) = errors
        assert line.startswith(f"marsad: error: {BAD / name}: ")
        assert reason in line


@pytest.mark.parametrize("name", sorted(RECORD_FILES))
def test_each_file_of_records(name: str, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, articles, lines = _process([BAD / name], config, capsys)
    expected_articles, expected_errors = RECORD_FILES[name]
    assert (code, len(articles), len(lines)) == (1, expected_articles, expected_errors)
    assert all(line.startswith(f"marsad: error: {BAD / name}") for line in lines), lines  # nothing else on stderr
    assert not any("Error:" in line or "Traceback" in line for line in lines), lines


def test_damaged_utf8_stays_utf8_and_is_flagged(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = BAD / "utf8-invalid-bytes.txt"
    code, (article,), lines = _process([page], config, capsys)
    assert (code, lines) == (0, [f"marsad: warning: {page}: 3 invalid bytes replaced with U+FFFD"])
    assert article["title"] == "قصف مدفعي على أحياء حلب الشرقية"
    assert article["body"].startswith("قصفت قوات \ufffdالنظام مدينة حلب صباح اليوم")
    assert "وقال الدفاع المدني إ\ufffdن فرقه عملت" in article["body"]
    assert "ولم ت\ufffdعلق قوات النظام" in article["body"]
    assert article["warnings"] == ["3 invalid bytes replaced with U+FFFD"]


def test_recovered_encodings_read_the_arabic(capsys: pytest.CaptureFixture[str], config: Path) -> None:
    names = ["cp1256.txt", "utf16le-no-bom.txt", "utf16be-no-bom.txt", "mojibake-latin1.txt", "mojibake-cp1256.txt"]
    _code, articles, _errors = _process([BAD / name for name in names], config, capsys)
    assert all("دير الزور" in article["body"] for article in articles)
    assert len(articles) == len(names)
    _code, (mixed,), _errors = _process([BAD / "mixed-utf8-cp1256.txt"], config, capsys)
    assert mixed["title"] == "خبر عاجل من دير الزور"
    assert "دير الزور" in mixed["body"]


def test_impossible_dates_and_giant_numbers_are_ignored(capsys: pytest.CaptureFixture[str], config: Path) -> None:
    _code, articles, _errors = _process([BAD / "date-prefix-feb31.txt", BAD / "impossible-dates.txt",
                                         BAD / "giant-number.txt"], config, capsys)
    assert articles[0]["published"] is None  # "date 2020-02-31" names no day
    assert all(date["date"] is None or date["date"] < "2100" for article in articles for date in article["dates"])
    assert all(number["value"] is None or number["value"] < 10**15 for number in articles[2]["numbers"])
    assert numbers_in("قتل " + "٩" * 10000 + " مدنيا") == []


def test_scripts_and_handlers_never_reach_the_text(capsys: pytest.CaptureFixture[str], config: Path) -> None:
    _code, (article,), _errors = _process([BAD / "scripts-and-handlers.html"], config, capsys)
    stored = json.dumps(article, ensure_ascii=False)
    for needle in ("alert(", "document.cookie", "onerror", "onclick", "javascript:", "<script", "<iframe"):
        assert needle not in stored


def _huge_files(folder: Path) -> list[Path]:
    """The big bad inputs, made here rather than committed."""
    huge = folder / "huge-50mb.txt"
    with huge.open("wb") as handle:
        line = ("قصف على دير الزور " * 50 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    bomb = folder / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"\x00" * (64 * 1024 * 1024), compresslevel=9))
    nested = folder / "nested-100000-divs.html"
    nested.write_text("<html><body>" + "<div>" * 100_000 + "<p>قصف على دير الزور أمس.</p>" + "</div>" * 100_000
                      + "</body></html>", encoding="utf-8")
    deep = folder / "deep.json"
    deep.write_text('{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    return [huge, bomb, nested, deep]


def test_huge_inputs_are_refused_quickly(tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge, bomb, nested, deep = _huge_files(tmp_path)
    code, articles, errors = _process([huge, bomb, nested, deep], config, capsys)
    assert code == 1
    assert not articles
    assert len(errors) == 4
    assert f"{huge}: input larger than 20 MB" in errors[0]
    assert f"{bomb}: gzip data expands beyond 20 MB (possible gzip bomb)" in errors[1]
    assert f"{nested}: no article text found in the HTML page" in errors[2]
    assert f"{deep}: JSON nested too deeply" in errors[3]


def _mixed_folder(tmp_path: Path) -> tuple[Path, int, int]:
    """A folder of the bad fixtures, the huge generated files and three good pages; with the articles
    and the error lines that processing it gives (its files are read as `batch` reads them)."""
    folder = tmp_path / "mixed"
    shutil.copytree(BAD, folder)
    _huge_files(folder)
    for name in ("seed-0001.txt", "a-002.txt", "b-015.txt"):
        shutil.copy(EXAMPLES / name, folder / f"good-{name}")
    good = errors = 0
    for path in folder.iterdir():
        if input_kind(path) is None:
            continue
        if path.name in RECORD_FILES:
            articles, failures = RECORD_FILES[path.name]
        elif path.name.startswith("good-") or PAGES.get(path.name, "generated") is None:
            articles, failures = 1, 0
        else:
            articles, failures = 0, 1
        good, errors = good + articles, errors + failures
    return folder, good, errors


def test_process_a_mixed_folder_goes_on(tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, good, failures = _mixed_folder(tmp_path)
    code, articles, lines = _process([folder], config, capsys)
    errors = [line for line in lines if line.startswith("marsad: error:")]
    warnings = [line for line in lines if line.startswith("marsad: warning:")]
    assert code == 1
    assert len(articles) == good
    assert len(errors) == failures
    assert all(line.startswith(f"marsad: error: {folder}/") for line in errors)
    assert len(warnings) == len(WARNINGS) == len(lines) - len(errors)


def test_ingest_a_mixed_folder_stores_only_the_good(tmp_path: Path, config: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder, good, failures = _mixed_folder(tmp_path)
    db = tmp_path / "store.db"
    code = main(["ingest", str(folder), "--db", str(db), "--no-progress", "--config", str(config)])
    captured = capsys.readouterr()
    assert code == 1
    summary = json.loads(captured.out.strip().splitlines()[-1])
    errors = [line for line in captured.err.splitlines() if line.startswith("marsad: error:")]
    assert summary["added"] + summary["already_stored"] == good
    assert summary["failed"] == failures == len(errors)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        raw = connection.execute("SELECT group_concat(raw, '') FROM articles").fetchone()[0]
    assert "\x00" not in raw
    assert raw.count("\ufffd") == 3  # the three invalid bytes of utf8-invalid-bytes.txt, in place


def test_batch_over_bad_corpora_goes_on(tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _good, _failures = _mixed_folder(tmp_path)
    db = tmp_path / "batch.db"
    code = main(["batch", str(folder), "--db", str(db), "--workers", "1", "--no-progress", "--config", str(config)])
    captured = capsys.readouterr()
    assert code == 1
    report = json.loads((tmp_path / "batch.db.batch-report.json").read_text(encoding="utf-8"))
    where = {error["where"] for error in report["errors"]}
    jsonl = folder / "invalid-feed.jsonl"
    # the good JSONL lines are stored; each bad line is reported with its line number
    assert {f"{jsonl}:{number}" for number in (2, 3, 4, 7, 8, 9)} <= where
    assert f"{folder / 'garbage.warc'}:0" in where or any(str(folder / "garbage.warc") in item for item in where)
    assert any(str(folder / "truncated.jsonl.gz") in item for item in where)
    assert all("\n" not in error["message"] for error in report["errors"])
    assert "errors listed in" in captured.err
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = {row[0] for row in connection.execute("SELECT title FROM articles")}
    assert {"سطر سليم", "NUL and lone \ufffd surrogate"} <= titles


def test_decoding_units() -> None:
    text = "خبر عاجل من دير الزور"
    assert decode_bytes(text.encode("utf-16-le")) == text
    assert decode_bytes(text.encode("utf-16-be")) == text
    assert decode_bytes(text.encode("utf-8").decode("latin-1").encode("utf-8")) == text
    assert ingest(text + "\x00\ud800 " * 3 + "\n\n" + text).text.count("\x00") == 0
    with pytest.raises(InputError, match="binary input"):
        decode_bytes(bytes(range(256)) * 4)


@pytest.mark.parametrize("name", ["invalid-rss.xml", "billion-laughs.xml"])
def test_invalid_feeds(name: str) -> None:
    content = (BAD / name).read_bytes()
    entries = parse_feed(content, base_url="http://example.org/feed")  # what could be read, nothing expanded
    assert [entry.url for entry in entries] == ["http://a/1"]
    assert all(len(entry.title or "") < 100 for entry in entries)


def test_reliability_doc_lists_every_exit_code_and_reason() -> None:
    doc = (FIXTURES.parent.parent / "docs" / "reliability.md").read_text(encoding="utf-8")
    from marsad import errors

    codes = {cls.exit_code for cls in vars(errors).values() if isinstance(cls, type) and hasattr(cls, "exit_code")}
    assert all(f"| {code} |" in doc for code in {0, 1, *codes})
    reasons = {reason for reason in PAGES.values() if reason} - {"meta.title has the wrong type",
                                                                 "offsets outside the text"}
    missing = [reason for reason in reasons if reason not in doc]
    assert not missing, f"reasons missing from docs/reliability.md: {missing}"
