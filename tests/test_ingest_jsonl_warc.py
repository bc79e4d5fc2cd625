"""JSONL corpora and WARC archives into records and Articles (real ANT lines, a WARC built from a real page)."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import sys
import warnings
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.cli import main
from marsad.errors import InputError
from marsad.ingest import ingest
from marsad.ingest.jsonl import article_from_jsonl, iso_date, iter_jsonl
from marsad.ingest.records import Record, load_record
from marsad.ingest.warc import _warcio_problems, iter_warc

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
ANT_SAMPLE = FIXTURES / "batch" / "ant_sample.jsonl.gz"
CNN_URL = "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"


def write_warc(path: Path, html: str, *, gzip_records: bool = True) -> Path:
    """Write a small WARC: a request, the HTML response, an image and a 404 page."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        request = writer.create_warc_record(CNN_URL, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        for url, status, content_type, body in (
            (CNN_URL, "200 OK", "text/html; charset=utf-8", html.encode("utf-8")),
            ("http://arabic.cnn.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("http://arabic.cnn.com/missing.html", "404 Not Found", "text/html", b"<html>not found</html>"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    return path


def test_iter_jsonl_streams_gzip_lines_with_numbers() -> None:
    records = list(iter_jsonl(ANT_SAMPLE))
    assert [record.index for record in records] == [1, 2, 3, 4, 5, 6]
    assert all(record.kind == "jsonl" and record.source == str(ANT_SAMPLE) for record in records)
    assert records[0].where == f"{ANT_SAMPLE}:1"


def test_ant_line_becomes_an_article_with_its_metadata() -> None:
    line = next(iter_jsonl(ANT_SAMPLE)).payload
    data = json.loads(line)
    article = article_from_jsonl(line, source="ant:1")
    assert article.meta.title == data["title"]
    assert article.meta.published == "2013-10-17"
    assert article.meta.url == data["url"]
    assert article.meta.outlet == "Jawhara FM"
    assert article.meta.input_format == "jsonl"
    assert article.meta.source_path == "ant:1"
    assert article.text.startswith("جاء في بلاغ لوزارة التجارة")
    paragraphs = article.layers["paragraphs"]
    assert len(paragraphs) == data["text"].count("\n") + 1
    assert all(article.span_text(span) == article.span_text(span).strip() for span in paragraphs)


def test_saudinewsnet_style_fields(seed: tuple[str, dict]) -> None:
    page, _gold = seed
    body = "\n\n ".join(line for line in page.splitlines()[8:20] if line.strip())
    line = json.dumps({"source": "aawsat", "url": "http://aawsat.com/home/article/1", "title": "عنوان",
                       "author": "رام الله: كفاح زبون", "content": body, "date_extracted": "2015-07-21 02:51:42"},
                      ensure_ascii=False)
    article = article_from_jsonl(line)
    assert (article.meta.published, article.meta.outlet, article.meta.author) == ("2015-07-21", "aawsat",
                                                                                   "رام الله: كفاح زبون")
    assert "\n\n " not in article.text


def test_serialised_article_line_round_trips(seed: tuple[str, dict]) -> None:
    article = ingest(seed[0], published="2020-07-09")
    restored = article_from_jsonl(article.dumps())
    assert (restored.text, restored.meta.title) == (article.text, article.meta.title)


@pytest.mark.parametrize(
    ("line", "reason"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "not an object"), (b'{"title": "x"}', "no article text"),
     (b"   ", "empty")],
)
def test_bad_jsonl_lines_are_refused_with_a_reason(line: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        article_from_jsonl(line)


def test_iso_date() -> None:
    assert iso_date("2015-07-21 02:51:42") == "2015-07-21"
    assert iso_date("2015-02-31") is None
    assert iso_date("21/07/2015") is None


def test_truncated_gzip_reports_after_the_lines_it_read(tmp_path: Path) -> None:
    data = ANT_SAMPLE.read_bytes()
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(data[: len(data) // 2])
    read: list[Record] = []
    with pytest.raises(InputError, match="corrupt"):
        read.extend(iter_jsonl(broken))
    assert len(gzip.decompress(data).splitlines()) > len(read)


def test_over_long_line_is_yielded_empty_and_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "' + "ا" * 200 + '"}\n{"text": "نص قصير"}\n', encoding="utf-8")
    records = list(iter_jsonl(path, limit=100))
    assert [record.index for record in records] == [1, 2]
    with pytest.raises(InputError, match="empty"):
        load_record(records[0])
    assert load_record(records[1])[0].text == "نص قصير"


@pytest.mark.parametrize("gzip_records", [True, False])
def test_warc_html_responses_go_through_the_html_ingest(tmp_path: Path, cnn_html: str, gzip_records: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip_records else "crawl.warc"), cnn_html,
                      gzip_records=gzip_records)
    records = list(iter_warc(path))
    assert [(record.kind, record.url) for record in records] == [("warc", CNN_URL)]
    article, raw = load_record(records[0])
    assert article.meta.url == CNN_URL
    assert article.meta.published == "2013-08-03"
    assert article.meta.input_format == "html"
    assert article.meta.source_path == f"{path}:{records[0].index}"
    assert "<html" in raw.lower()


def test_corrupt_warc_is_an_input_error(tmp_path: Path, cnn_html: str) -> None:
    good = write_warc(tmp_path / "good.warc.gz", cnn_html).read_bytes()
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(good + b"\x1f\x8b\x08\x00garbage that is not a gzip member")
    read: list[Record] = []
    with pytest.raises(InputError, match="corrupt WARC"):
        read.extend(iter_warc(path))
    assert len(read) == 1


@pytest.fixture
def light_config(tmp_path: Path) -> Path:
    path = tmp_path / "light.toml"
    path.write_text('[marsad]\nstages = ["text.sentences.v1"]\n', encoding="utf-8")
    return path


def test_process_reads_a_jsonl_file_record_by_record(tmp_path: Path, light_config: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [{"title": "الأول", "text": "قصفت طائرات حربية مدينة دير الزور صباح اليوم."}, "{not json",
             {"title": "الثالث", "text": "اندلعت اشتباكات عنيفة في ريف حلب الشمالي مساء أمس."}]
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                              for line in lines) + "\n", encoding="utf-8")
    code = main(["process", str(path), "--format", "jsonl", "--config", str(light_config)])
    captured = capsys.readouterr()
    articles = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 1
    assert [(article["title"], article["body"]) for article in articles] == [
        (line["title"], line["text"]) for line in lines if isinstance(line, dict)]
    (error,) = captured.err.splitlines()
    assert error.startswith(f"marsad: error: {path}:2: not valid JSON")


def test_ingest_stores_each_record_of_jsonl_and_warc_files(tmp_path: Path, cnn_html: str, light_config: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", cnn_html)
    db = tmp_path / "m.db"
    code = main(["ingest", str(ANT_SAMPLE), str(warc), "--db", str(db), "--no-progress", "--config", str(light_config)])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    summary = json.loads(captured.out)
    assert (summary["added"], summary["failed"]) == (7, 0)
    with sqlite3.connect(db) as connection:
        stored = {row[0] for row in connection.execute("SELECT source_path FROM articles")}
    assert stored == {f"{ANT_SAMPLE}:{number}" for number in range(1, 7)} | {f"{warc}:2"}


def test_a_corrupt_jsonl_file_is_reported_after_its_good_records(tmp_path: Path, light_config: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = ANT_SAMPLE.read_bytes()
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(data[: len(data) // 2])
    code = main(["process", str(broken), "--format", "jsonl", "--config", str(light_config)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out.count("\n") >= 1  # the lines read before the damage
    (error,) = captured.err.splitlines()
    assert error.startswith(f"marsad: error: {broken}: corrupt after line ")


@pytest.mark.parametrize(
    ("name", "reason"),
    [("garbage.warc", "corrupt WARC after record 0: malformed or missing record headers"),
     ("not-a-warc.warc.gz", "corrupt WARC after record 0: not a WARC file (it starts with 'this is not a WARC file'"),
     ("wrong-length.warc", "corrupt WARC after record 2: record not followed by newline, perhaps Content-Length")],
)
def test_a_damaged_warc_is_one_clear_input_error(name: str, reason: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as error:
        list(iter_warc(BAD / name))
    message = str(error.value)
    assert message.startswith(reason), message
    assert "\n" not in message
    assert "Error" not in message  # no Python exception names
    assert capsys.readouterr().err == ""  # warcio's own notes are not printed


def test_python_warnings_while_reading_a_warc_become_one_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as warned, _warcio_problems(3):
        warnings.warn("Odd block length\nsecond line", UserWarning, stacklevel=1)
    assert str(warned.value) == "corrupt WARC after record 3: odd block length"
    with pytest.raises(InputError) as noted, _warcio_problems(1):
        sys.stderr.write("    WARNING: A note\n    Offset: 5\n")
    assert str(noted.value) == "corrupt WARC after record 1: a note"
    assert capsys.readouterr().err == ""


def test_an_empty_warc_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(gzip.compress(b""))
    with pytest.raises(InputError, match=r"^empty WARC file"):
        list(iter_warc(path))
