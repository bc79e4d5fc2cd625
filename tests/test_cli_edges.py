"""The edges a new user hits first: missing inputs and stores, database URLs, where state files go, foreign
tag sets, local feed files, and the settings each command sees."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES
from marsad.cli import main
from marsad.store import Store
from test_ingest_jsonl_warc import write_warc
from test_store_backends import new_schema, postgres_url  # noqa: F401

LIGHT = '[pipeline]\nstages = ["text.sentences.v1"]\n'


@pytest.fixture
def light(tmp_path: Path) -> Path:
    path = tmp_path / "light.toml"
    path.write_text(LIGHT, encoding="utf-8")
    return path


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder of its own and a user cache folder inside the test's folder."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in list(os.environ):
        if name.startswith("MARSAD_") and name != "MARSAD_TEST_POSTGRES":
            monkeypatch.delenv(name)
    return work


@pytest.mark.parametrize("command", ["ingest", "batch"])
def test_a_missing_input_creates_nothing(command: str, tmp_path: Path, elsewhere: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "m.db"
    assert main([command, str(tmp_path / "nope"), "--db", str(db), "--no-progress"]) == 3
    assert capsys.readouterr().err == (f"marsad: error: {tmp_path / 'nope'}: no such file or folder; nothing was "
                                       "read or created\n")
    assert not db.exists()  # was created, with a progress bar, before exit 1
    assert list(tmp_path.iterdir()) == [elsewhere]
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("command", [["summary"], ["search", "دير"], ["export"]])
def test_commands_that_read_a_store_refuse_a_missing_one(command: list[str], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "missing.db"
    assert main([*command, "--db", str(db)]) == 6
    assert capsys.readouterr().err == f"marsad: error: no store at {db}; run `marsad ingest` first\n"
    assert not db.exists()


def test_a_postgres_url_is_accepted(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    url = "postgres://" + postgres_url.split("://", 1)[1]  # the spelling of Heroku and many hosts
    assert main(["summary", "--db", url]) == 0  # was a SQLAlchemy plugin error
    assert "articles" in json.loads(capsys.readouterr().out)


def test_batch_into_postgresql_keeps_its_state_out_of_the_working_folder(
        new_schema: Callable[[], str], light: Path, tmp_path: Path, elsewhere: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    url = new_schema()
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text((EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["batch", str(pages), "--db", url, "--workers", "1", "--no-progress", "--config", str(light)]) == 0
    assert list(elsewhere.iterdir()) == []  # was marsad-<hash>.checkpoint and .batch-report.json here
    cached = sorted(path.suffix for path in (tmp_path / "cache" / "marsad").iterdir())
    assert cached == [".checkpoint", ".json"]
    state = tmp_path / "state"
    assert main(["batch", str(pages), "--db", url, "--workers", "1", "--no-progress", "--config", str(light),
                 "--state-dir", str(state)]) == 0
    assert sorted(path.name.split(".", 1)[1] for path in state.iterdir()) == ["batch-report.json", "checkpoint"]
    capsys.readouterr()


def test_batch_into_sqlite_keeps_its_state_beside_the_store(light: Path, tmp_path: Path, elsewhere: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text((EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "data" / "m.db"
    store.parent.mkdir()
    assert main(["batch", str(pages), "--db", str(store), "--workers", "1", "--no-progress",
                 "--config", str(light)]) == 0
    assert sorted(path.name for path in store.parent.iterdir() if not path.name.startswith("m.db-")) == [
        "m.db", "m.db.batch-report.json", "m.db.checkpoint"]
    assert list(elsewhere.iterdir()) == []
    capsys.readouterr()


def test_eval_ner_refuses_a_foreign_tag_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "ontonotes-like.conll"
    gold.write_text("محمد\tB-PER\nفي\tO\nبغداد\tB-GPE\n\nوزارة\tB-FAC\nالدفاع\tI-FAC\n", encoding="utf-8")
    assert main(["eval-ner", str(gold)]) == 3  # was F1 0.10 and no word of why
    assert capsys.readouterr().err == (f"marsad: error: {gold}: entity types the model does not tag: FAC, GPE (it "
                                       "tags PER, ORG, LOC, MISC); map the gold tags to these first\n")


def test_watch_names_a_local_feed_file_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - url: file:///srv/feed.xml\n", encoding="utf-8")
    assert main(["watch", str(feeds), "--db", str(tmp_path / "m.db"), "--once"]) == 2
    assert capsys.readouterr().err == (
        "marsad: error: feed 1: file:///srv/feed.xml: not an http:// or https:// URL (the watcher fetches feeds "
        "over HTTP; pages on disk go to `marsad ingest`)\n")  # was "got {'url': 'file:///srv/feed.xml'}"
    assert not (tmp_path / "m.db").exists()


def test_process_reads_a_warc_archive(tmp_path: Path, cnn_html: str, light: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", cnn_html)
    assert main(["process", str(warc), "--format", "jsonl", "--config", str(light)]) == 0
    (article,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert article["url"].startswith("http")
    assert len(article["body"]) > 500


def test_config_show_merges_file_environment_and_flags(tmp_path: Path, elsewhere: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[marsad]\nner_mode = "best"\n[batch]\nworkers = 3\nchunk_size = 9\n[api]\ntoken = "s3cret"\n'
                      '[store]\ndb = "from-file.db"\n', encoding="utf-8")
    monkeypatch.setenv("MARSAD_BATCH__WORKERS", "5")
    monkeypatch.setenv("MARSAD_PIPELINE__STAGES", '["text.sentences.v1"]')
    assert main(["config", "show", "--json", "--config", str(config)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["pipeline"]["ner_mode"] == "best"  # the file
    assert shown["pipeline"]["stages"] == ["text.sentences.v1"]  # the environment
    assert shown["pipeline"]["article_seconds"] == 120.0  # the default
    assert (shown["batch"]["workers"], shown["batch"]["chunk_size"]) == (5, 9)  # environment over file
    assert shown["store"]["db"] == "from-file.db"
    assert shown["api"]["token"] == "********"
    assert main(["config", "show", "--config", str(config)]) == 0
    text = capsys.readouterr().out
    assert '[batch]\nengine = "local"\nworkers = 5\n' in text
    assert "s3cret" not in text


def test_flags_come_last_and_bad_settings_are_one_clear_error(tmp_path: Path, elsewhere: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MARSAD_STORE__DB", "from-environment.db")
    assert main(["config", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["store"]["db"] == "from-environment.db"
    Store.open(tmp_path / "flag.db").close()
    assert main(["summary", "--db", str(tmp_path / "flag.db")]) == 0  # the flag wins over the environment
    capsys.readouterr()
    monkeypatch.setenv("MARSAD_BATCH__ENGINE", "spark")
    assert main(["config", "show"]) == 2
    assert capsys.readouterr().err == ("marsad: error: invalid settings (environment MARSAD_*, options): "
                                       "batch.engine: Input should be 'local' or 'dask'\n")
    monkeypatch.delenv("MARSAD_BATCH__ENGINE")
    bad = tmp_path / "bad.toml"
    bad.write_text("[pipelines]\nner_mode = 1\n", encoding="utf-8")
    assert main(["config", "show", "--config", str(bad)]) == 2
    assert capsys.readouterr().err == (f"marsad: error: {bad}: unknown section(s) pipelines; known: pipeline, "
                                       "store, api, batch, watch\n")


def test_a_named_file_is_read_by_its_content_when_its_suffix_names_no_format(
        tmp_path: Path, cnn_html: str, light: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [{"title": "الأول", "text": "قصفت طائرات حربية مدينة دير الزور صباح اليوم."},
             {"title": "الثاني", "text": "اندلعت اشتباكات عنيفة في ريف حلب الشمالي مساء أمس."}]
    dump = tmp_path / "dump.data"
    dump.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    crawl = tmp_path / "crawl.bin"
    crawl.write_bytes(write_warc(tmp_path / "crawl.warc.gz", cnn_html).read_bytes())
    assert main(["process", str(dump), str(crawl), "--format", "jsonl", "--config", str(light)]) == 0
    titles = [json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()]
    assert titles[:2] == ["الأول", "الثاني"]  # was one page holding both lines
    assert len(titles) == 3


def test_a_registered_format_is_read_by_every_command(tmp_path: Path, light: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from marsad.ingest.ingesters import INGESTERS, Ingester, register_ingester
    from marsad.ingest.records import Record

    def paragraphs(path: Path) -> Iterator[Record]:  # one article per block of lines
        for number, block in enumerate(path.read_text(encoding="utf-8").split("\n\n\n"), 1):
            yield Record("jsonl", str(path), number, json.dumps({"text": block}, ensure_ascii=False).encode())

    register_ingester(Ingester("blocks", (".blocks",), lambda head: False, paragraphs, streamed=True))
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "two.blocks").write_text("قصفت طائرات حربية مدينة دير الزور صباح اليوم.\n\n\n"
                                           "اندلعت اشتباكات عنيفة في ريف حلب الشمالي مساء أمس.\n", encoding="utf-8")
        assert main(["ingest", str(folder), "--db", str(tmp_path / "m.db"), "--no-progress",
                     "--config", str(light)]) == 0
        assert json.loads(capsys.readouterr().out)["added"] == 2
        assert main(["batch", str(folder), "--db", str(tmp_path / "b.db"), "--workers", "1", "--no-progress",
                     "--config", str(light)]) == 0
        assert json.loads(capsys.readouterr().out.splitlines()[-1])["added"] == 2
    finally:
        del INGESTERS["blocks"]


def test_a_pages_metadata_file_gives_its_day_url_and_outlet(tmp_path: Path, light: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    undated = (EXAMPLES / "d-006.txt").read_text(encoding="utf-8")  # no date in its text
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "with.txt").write_text(undated, encoding="utf-8")
    (folder / "with.json").write_text(json.dumps({"published": "2011-03-21T10:00:00Z", "url": "https://x.example/a",
                                                  "outlet": "وكالة"}), encoding="utf-8")
    (folder / "broken.txt").write_text(undated, encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "own.txt").write_text((EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "own.json").write_text('{"published": "1999-01-01"}', encoding="utf-8")
    assert main(["process", str(folder), "--format", "jsonl", "--config", str(light), "--published",
                 "2000-02-02"]) == 0
    articles = {Path(item["url"] or "").name or item["title"]: item
                for item in map(json.loads, capsys.readouterr().out.splitlines())}
    dated = articles["a"]
    assert (dated["published"], dated["outlet"]) == ("2011-03-21", "وكالة")  # was undated
    published = sorted(item["published"] for item in articles.values())
    assert published == ["2000-02-02", "2011-03-21", "2020-07-09"]  # broken file: --published; own date first
