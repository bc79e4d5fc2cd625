"""One regression test for each crash or silent corruption found by the bad-input corpus and the fuzzers
(benchmarks/fuzz_*.py; the list is in benchmarks/RESULTS.md, "Reliability")."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES
from marsad import cli
from marsad.config import Config
from marsad.errors import InputError
from marsad.ingest import ingest, read_path
from marsad.ingest.decode import decode_bytes
from marsad.ingest.jsonl import article_from_jsonl
from marsad.ingest.safety import clean_text
from marsad.ingest.warc import iter_warc
from marsad.pipeline import get_pipeline
from marsad.store import Store
from marsad.text.numbers import numbers_in, words_value
from test_store_backends import new_schema, postgres_url, store, store_url  # noqa: F401

BODY = "قصفت طائرات حربية مدينة دير الزور صباح اليوم، ما أدى إلى مقتل خمسة مدنيين وإصابة آخرين بجروح."


@pytest.mark.parametrize("content", ['{"a":' * 100_000, '{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_deeply_nested_json_is_refused_not_a_recursion_error(content: str) -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        ingest(content)
    with pytest.raises(InputError, match="nested too deeply"):
        article_from_jsonl(("[" * 100_000 + "]" * 100_000).encode())


@pytest.mark.parametrize(("data", "reason"), [
    ({"text": 5, "meta": {}}, "'text' is not a string"),  # was AttributeError: 'int' object has no attribute 'strip'
    ({"text": "نص", "meta": {"title": ["x"]}}, "meta.title has the wrong type"),  # was stored as a list
    ({"text": "نص", "meta": {"published": "2020-02-31"}}, "not a real date"),
    ({"text": "نص", "meta": {}, "layers": {"sentences": [{"start": 0, "end": 99}]}}, "offsets outside the text"),
    ({"text": "نص", "meta": {}, "layers": {"numbers": [{"start": 0, "end": 1, "value": "x"}]}}, "wrong type"),
    ({"text": "نص", "meta": {"related": [1]}}, "wrong type"),
])
def test_serialised_articles_are_checked_field_by_field(data: dict, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        ingest(json.dumps(data), input_format="json")


def test_ten_thousand_digit_number_is_no_quantity() -> None:
    # was OverflowError('cannot convert float infinity to integer') in text.numbers.v1
    assert words_value("9" * 10_000) is None
    assert numbers_in("قتل " + "٩" * 10_000 + " مدنيا") == []
    pipeline = get_pipeline(Config(stages=("text.sentences.v1", "text.tokens.v1", "text.numbers.v1")))
    article = pipeline(ingest(BODY + " وقتل " + "٣" * 10_000 + " شخصا.", input_format="page-text"))
    assert all(number.value is None or number.value < 10**15 for number in article.layers["numbers"])


def test_impossible_date_prefix_is_not_stored_as_published() -> None:
    assert ingest("date 2020-02-31 " + BODY).meta.published is None  # was "2020-02-31"


def test_nul_and_surrogates_reach_neither_backend(store: Store) -> None:  # noqa: F811
    # was DataError (PostgreSQL text cannot hold NUL) and UnicodeEncodeError (lone surrogate) at write time
    page = BODY + "\n\n" + "ق" * 5000 + "\x00 " + BODY + " \ud800"
    article = ingest(page)
    raw = decode_bytes(page.replace("\ud800", "").encode())  # what the CLI keeps: NUL dropped
    jsonl = article_from_jsonl(json.dumps({"text": BODY, "title": "t\u0000\ud800"}).encode())
    report = store.add_articles([(article, raw), (jsonl, clean_text(page))])
    assert report.added == 2
    assert store.get_article(jsonl.id).meta.title == "t\ufffd"


def test_warc_response_without_uri_is_an_input_error(tmp_path: Path) -> None:
    # was AttributeError inside warcio, which stopped the whole `marsad batch` run
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>" + b"x" * 200)
    with pytest.raises(InputError, match="corrupt WARC"):
        list(iter_warc(path))


def test_warc_errors_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "not.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a WARC file\n" * 10))
    with pytest.raises(InputError) as error:
        list(iter_warc(path))
    assert "\n" not in str(error.value)


def test_truncated_gzip_is_refused() -> None:
    with pytest.raises(InputError, match="truncated gzip"):
        ingest(gzip.compress(BODY.encode() * 50)[:-40])  # was accepted, cut short, without a word


def test_utf16_without_bom_is_decoded() -> None:
    assert ingest(("خبر عاجل\n\n" + BODY).encode("utf-16-le")).text == BODY  # was "binary input"


def test_read_path_reads_no_more_than_the_limit() -> None:
    with pytest.raises(InputError, match="larger than 20 MB"):
        read_path(Path("/dev/zero"))  # was an endless read


def test_ingest_stores_the_decoded_page_not_gzip_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = (EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8")
    (tmp_path / "seed.txt.gz").write_bytes(gzip.compress(page.encode()))
    config = tmp_path / "text.toml"
    config.write_text('[marsad]\nstages = ["text.sentences.v1"]\n', encoding="utf-8")
    db = tmp_path / "s.db"
    assert cli.main(["ingest", str(tmp_path / "seed.txt.gz"), "--db", str(db), "--no-progress",
                     "--config", str(config)]) == 0
    capsys.readouterr()
    with sqlite3.connect(db) as connection:
        (raw,) = connection.execute("SELECT raw FROM articles").fetchone()
    assert raw == page  # was the gzip stream decoded as UTF-8 with replacement characters


def test_a_long_line_that_names_an_editor_is_text_not_a_masthead() -> None:
    line = ("اعتقلت قوات الأمن رئيس التحرير في صحيفة محلية صباح اليوم بعد مداهمة مقر الصحيفة في وسط المدينة "
            "وصادرت أجهزة الحاسوب والوثائق، وقال زملاؤه إن الاعتقال جاء بعد نشر تحقيق عن الفساد في البلدية "
            "وإن السلطات لم تبلغ العائلة بمكان احتجازه حتى مساء اليوم")
    assert len(line.split()) > 30
    assert ingest(line).text == line  # was dropped as a masthead line: "no article body found"
