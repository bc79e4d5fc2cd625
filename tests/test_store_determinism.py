"""The same inputs give the same dataset, byte for byte, whatever the order, batch size, engine or worker count
(both backends). The corpus is the example pages and the seed page retold by two other outlets with other
death tolls, so that events really merge and their reports disagree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import EXAMPLES
from marsad import process
from marsad.batch import Checkpoint, DaskEngine, LocalEngine, run_batch
from marsad.model import Article
from marsad.store import Filters, Store
from marsad.store.export import export
from test_store_backends import BACKENDS, make_url, new_schema, postgres_url  # noqa: F401  (fixtures)

SEED = (EXAMPLES / "seed-0001.txt").read_text(encoding="utf-8")
#: (outlet, [(told, retold)]): the same incidents, other outlets, other tolls.
RETELLINGS = (
    ("موقع الخابور", [("قتل على إثرها عناصر من الطرفين", "قتل على إثرها سبعة عناصر من الطرفين"),
                      ("ومقتل وجرح عشرة", "ومقتل أربعة")]),
    ("شبكة الشرق", [("قتل على إثرها عناصر من الطرفين", "قتل على إثرها خمسة عناصر من الطرفين"),
                    ("ومقتل وجرح عشرة", "ومقتل ستة")]),
)


def _retold(outlet: str, changes: list[tuple[str, str]]) -> str:
    text = SEED.replace("العربي الجديد", outlet)
    for told, retold in changes:
        assert told in text
        text = text.replace(told, retold)
    return text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for page in sorted(EXAMPLES.glob("*.txt")):
        (folder / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    for number, (outlet, changes) in enumerate(RETELLINGS, 1):
        (folder / f"retold-{number}.txt").write_text(_retold(outlet, changes), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def coded(corpus: Path) -> list[tuple[Article, str]]:
    items = []
    for path in sorted(corpus.glob("*.txt")):
        page = path.read_text(encoding="utf-8")
        items.append((process(page), page))
    return items


def _dataset(store: Store) -> str:
    """Every stored event as ACLED rows and as JSON lines without the write time."""
    records = list(store.iter_events(Filters()))
    for record in records:
        record.pop("updated_at", None)
    return "".join(export(records, "acled-csv")) + "".join(export(records, "jsonl"))


def _stored(url: str, items: list[tuple[Article, str]], batch_size: int) -> str:
    store = Store.open(url)
    try:
        for start in range(0, len(items), batch_size):
            store.add_articles(items[start : start + batch_size])
        return _dataset(store)
    finally:
        store.close()


def _batched(url: str, corpus: Path, engine: LocalEngine | DaskEngine, checkpoint: Path, chunk_size: int) -> str:
    store = Store.open(url)
    marks = Checkpoint.open(checkpoint)
    try:
        with engine:
            report = run_batch([corpus], store, engine=engine, checkpoint=marks, chunk_size=chunk_size, batch_size=3)
        assert report.failed == 0, report.errors
        return _dataset(store)
    finally:
        marks.close()
        store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_orders_batch_sizes_and_engines_give_one_dataset(backend: str, corpus: Path, coded: list[tuple[Article, str]],
                                                         request: pytest.FixtureRequest, tmp_path: Path) -> None:
    shuffled = coded[:]
    random.Random(7).shuffle(shuffled)
    datasets = {
        "in order, one batch": _stored(make_url(backend, request, tmp_path), coded, 100),
        "reversed, one by one": _stored(make_url(backend, request, tmp_path), coded[::-1], 1),
        "shuffled, threes": _stored(make_url(backend, request, tmp_path), shuffled, 3),
        "local engine, 2 workers": _batched(make_url(backend, request, tmp_path), corpus, LocalEngine(2, in_flight=2),
                                            tmp_path / "local.checkpoint", 2),
        "dask, 2 workers": _batched(make_url(backend, request, tmp_path), corpus, DaskEngine(
            workers=2, processes=False, in_flight=3), tmp_path / "dask.checkpoint", 5),
    }
    first = datasets["in order, one batch"]
    assert first.count("\n") > 20
    for name, dataset in datasets.items():
        assert dataset == first, name


def test_a_merged_event_keeps_the_lowest_toll_and_every_source(tmp_path: Path,
                                                                coded: list[tuple[Article, str]]) -> None:
    store = Store.open(tmp_path / "store.db")
    store.add_articles(coded)
    told = {article.id: article for article, _page in coded}
    merged = [record for record in store.iter_events(Filters()) if len(record["sources"]) > 1]
    assert merged
    for record in merged:
        tolls = {event.fatalities or 0 for source in record["sources"]
                 for event in told[source["article_id"]].layers["events"] if event.event_type == record["event_type"]
                 and event.location == record["location"]}
        assert record["fatalities"] == min(tolls - {0}, default=0)
    store.close()
