"""A hostile corpus of 60 files mixed with good pages, through the whole pipeline, by `ingest`, `batch` (both
engines) and the API: every good page stored, every bad one reported by name with a reason, no traceback,
no page past the per-article budget."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES, FIXTURES
from marsad.api import ApiSettings, create_app
from marsad.batch import Checkpoint, DaskEngine, LocalEngine, run_batch
from marsad.batch.runner import input_kind
from marsad.cli import main
from marsad.config import Config
from marsad.pipeline import get_pipeline
from marsad.store import Store
from test_bad_input import BAD, PAGES, RECORD_FILES

#: A budget every good page fits many times over, even two at once on the threads of one process (each good page
#: takes about a second alone), and that the slow page overruns many times over.
BUDGET = Config(article_seconds=5.0, article_bytes=2 * 1024 * 1024)
CONFIG_TOML = "[marsad]\narticle_seconds = 5.0\narticle_bytes = 2097152\n"
SENTENCE = "قصفت قوات النظام مدينة دير الزور أمس ما أدى إلى مقتل خمسة مدنيين وإصابة آخرين. "
TOKEN = "hostile-token-1"
#: The budget's timer may interrupt a garbage-collector callback (hypothesis installs one), where Python only
#: prints the exception; the interrupt then comes again (test_batch_reliability tests that), so the print is noise.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
#: Generated files of several records: (articles, errors).
RECORDS: dict[str, tuple[int, int]] = {}


def _generated(folder: Path) -> dict[str, str | None]:
    """Hostile pages made here, with what must happen to each (None: stored; else the reason given)."""
    made: dict[str, str | None] = {}

    def page(name: str, content: str | bytes, outcome: str | None) -> None:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        made[name] = outcome

    seed = (EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8")
    attributes = " ".join(f'a{number}="v"' for number in range(200_000))
    page("many-attributes.html", f"<html><body><div {attributes}>x</div><p>{SENTENCE * 20}</p></body></html>", None)
    page("run-on-numbers.txt", "عنوان\n\n" + " ".join(f"بلغ {n * 7919 % 1000003} شخصا" for n in range(200_000)),
         "larger than the per-article budget")
    page("repeated-events.txt", "قصف على دير الزور\n2020-07-09\n\n" + SENTENCE * 13_000, "per-article budget")
    page("billion-dead.txt", "عنوان\n\n" + "قتل 1000000000 شخص في دير الزور أمس. " * 800, None)
    page("one-sentence-85kb.txt", "عنوان\n\n" + "مسلحون يطرقون أبواب المنازل ويطلقون الرصاص على المواطنين في ريف حماة "
         * 1_200, None)
    page("one-line-5k-words.txt", "عنوان\n\n" + " ".join(["دير الزور"] * 5_000), None)
    page("deep-nesting.html", "<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000
         + "</body></html>", "no article text found in the HTML page")
    page("nul-everywhere.txt", seed.replace(" ", "\x00 "), "binary input")
    page("bidi-controls.txt", seed.replace("دير الزور", "\u202eدير الزور\u202c"), None)
    page("zero-width.txt", seed.replace("ا", "ا\u200b"), None)
    page("crlf-bom.txt", "\ufeff" + seed.replace("\n", "\r\n"), None)
    page("only-numbers.txt", " ".join(str(n) for n in range(20_000)), None)  # stored, not Arabic: no events
    page("huge-20mb.txt", b"x" * (21 * 1024 * 1024), "input larger than 20 MB")
    page("gzip-bomb.txt.gz", gzip.compress(b"\x00" * (64 * 1024 * 1024), compresslevel=9), "possible gzip bomb")
    page("bad-gzip.txt.gz", gzip.compress(seed.encode())[:200], "truncated gzip data")
    page("lone-surrogates.jsonl", json.dumps({"text": seed, "meta": {"title": "\ud800"}}), None)
    page(os.fsdecode(b"\xff\xfe-name-not-utf8.txt"), seed.replace("جلال بكور", "مراسل"), None)
    page("new\nline-in-name.txt", seed.replace("جلال بكور", "محرر"), None)
    page("scripts-only.html", "<html><body><script>alert(1)</script><style>p{}</style></body></html>",
         "no article text found in the HTML page")
    page("svg-script.html", f"<svg onload='alert(1)'><script>alert(2)</script></svg><p>{SENTENCE * 5}</p>", None)
    page("comment-2mb.html", f"<html><body><!-- {'x' * 2_000_000} --><p>{SENTENCE * 5}</p></body></html>", None)
    page("long-word.txt", "عنوان\n\n" + "ق" * 200_000 + " " + SENTENCE, None)
    page("emoji-only.txt", "\U0001f600 " * 5_000, None)  # stored, not Arabic: no events
    page("punctuation-only.txt", "!?.،؛ " * 5_000, None)
    page("ten-thousand-lines.txt", "عنوان\n\n" + "ق\n" * 10_000, None)
    page("title-of-a-megabyte.txt", "ع" * 500_000 + "\n\n" + SENTENCE, None)
    page("many-paragraphs.html", "<html><body>" + "<p>دير</p>" * 10_000 + "</body></html>", None)
    page("huge-table.html", "<html><body><table>" + "<tr><td>حلب</td><td>1</td></tr>" * 20_000
         + f"</table><p>{SENTENCE * 10}</p></body></html>", None)
    page("entities-latin1.html", ("<html><body><p>" + "&#1602;&#1589;&#1601; &#1581;&#1604;&#1576; " * 200
                                  + "</p></body></html>").encode("latin-1"), None)
    page("impossible-header-date.txt", "date 9999-99-99\n\n" + SENTENCE * 20, None)
    page("odd-utf16.txt", (SENTENCE * 20).encode("utf-16-le") + b"\x00", None)
    page("truncated-warc.warc.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
                                                  b"HTTP/1.1 200 OK\r\n\r\n<p>x")[:60], "WARC")
    page("jsonl-one-huge-line.jsonl", json.dumps({"title": "t", "content": SENTENCE * 40_000}, ensure_ascii=False),
         "per-article budget")
    page("jsonl-not-objects.jsonl", "[1, 2]\n\"text\"\n42\nnull\n", "not an object")
    RECORDS["jsonl-not-objects.jsonl"] = (0, 4)
    return made


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, set[str], int]:
    """The folder; how many articles it holds; the names of the files that must fail; how many failures."""
    folder = tmp_path_factory.mktemp("hostile")
    expected: dict[str, str | None] = {}
    for path in BAD.iterdir():
        if input_kind(path) is not None and path.name not in ("billion-laughs.xml", "invalid-rss.xml"):
            shutil.copy(path, folder / path.name)
            expected[path.name] = PAGES.get(path.name)
    expected.update(_generated(folder))
    for path in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(path, folder / f"good-{path.name}")
        expected[f"good-{path.name}"] = None
    (folder / "budget.toml").write_text(CONFIG_TOML, encoding="utf-8")
    articles = failures = 0
    failing: set[str] = set()
    for name, outcome in expected.items():
        if name in RECORD_FILES or name in RECORDS:
            good, bad = RECORD_FILES.get(name) or RECORDS[name]
            articles, failures = articles + good, failures + bad
            failing.add(name)
        elif outcome is None:
            articles += 1
        else:
            failures += 1
            failing.add(name)
    assert len(expected) - len(list(EXAMPLES.glob("*.txt"))) >= 60  # hostile files
    return folder, articles, failing, failures


def _failed_names(lines: list[str], folder: Path) -> set[str]:
    names = set()
    for line in lines:
        where = line.split(": ", 2)[1] if line.startswith("marsad: error: ") else line
        names.add(Path(where.split(":")[0]).name if str(folder) in where else where)
    return names


def test_ingest_stores_the_good_and_names_each_bad_one(corpus: tuple[Path, int, set[str], int], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder, articles, failing, failures = corpus
    db = tmp_path / "store.db"
    code = main(["ingest", str(folder), "--db", str(db), "--no-progress", "--config", str(folder / "budget.toml")])
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("marsad: error:")]
    assert code == 1
    assert "Traceback" not in captured.err
    assert len(errors) == failures
    assert {Path(line.split(": ", 3)[2].rsplit(":", 1)[0]).name for line in errors} | {
        Path(line.split(": ", 3)[2]).name for line in errors} >= failing
    assert all("internal error" not in line for line in errors)
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert summary["added"] + summary["already_stored"] == articles  # pages that decode alike are one article
    store = Store.open(db, create=False)
    assert store.count_articles() == summary["added"]
    store.close()


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_batch_stores_the_good_and_reports_each_bad_one(engine: str, corpus: tuple[Path, int, set[str], int],
                                                       tmp_path: Path) -> None:
    folder, articles, failing, failures = corpus
    store = Store.open(tmp_path / "store.db")
    checkpoint = Checkpoint.open(tmp_path / "checkpoint")
    runner = LocalEngine(2) if engine == "local" else DaskEngine(workers=2, processes=False)
    with runner:
        report = run_batch([folder], store, engine=runner, checkpoint=checkpoint, config=BUDGET, chunk_size=4,
                           report_path=tmp_path / "report.json")
    checkpoint.close()
    assert report.added + report.already_stored == articles
    assert report.failed == failures
    reported = {Path(error.where.rsplit(":", 1)[0]).name for error in report.errors} | {
        Path(error.where).name for error in report.errors}
    assert reported >= failing
    assert all("Error(" not in error.message and "internal error" not in error.message for error in report.errors)
    assert store.count_articles() == report.added
    store.close()


def test_the_api_answers_each_page_with_a_status_and_a_reason(corpus: tuple[Path, int, set[str], int],
                                                              tmp_path: Path) -> None:
    folder, _articles, failing, _failures = corpus
    store = Store.open(tmp_path / "store.db")
    pipeline = get_pipeline(BUDGET)
    with TestClient(create_app(store, ApiSettings(token=TOKEN), pipeline=pipeline)) as client:
        for path in sorted(folder.iterdir()):
            kind = input_kind(path)
            if kind != "page" or path.suffix == ".gz" or path.stat().st_size > 4 * 1024 * 1024:
                continue  # the API takes one page of text (the request limit refuses the rest)
            content = path.read_bytes().decode("utf-8", errors="replace")
            if not content.strip():
                continue  # refused by the request schema itself (min length)
            response = client.post("/articles", json={"content": content},
                                   headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code in (201, 413, 422), (path.name, response.status_code, response.text)
            if path.name in failing and response.status_code != 201:
                assert response.json()["error"]["message"], path.name
    store.close()
    assert FIXTURES.is_dir()
