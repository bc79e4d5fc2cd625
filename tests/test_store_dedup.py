"""Cross-article deduplication in the store: one event, several sources (both backends)."""

from __future__ import annotations

from sqlalchemy import func, select

from conftest import load_example
from marsad import process
from marsad.model import Article, Event, Meta
from marsad.store import Store
from marsad.store.schema import event_sources, events
from test_store_backends import new_schema, postgres_url, store, store_url  # noqa: F401  (both backends)

SEED = load_example("seed-0001")[0]
# The same page told again by another outlet (another text, so another article): its events are the same.
RETOLD = SEED.replace("العربي الجديد", "موقع آخر") + "\nوأكدت مصادر أخرى هذه الأنباء."
OTHER = load_example("c-005")[0]


def _counts(store: Store) -> tuple[int, int]:
    with store.engine.connect() as connection:
        n_events = connection.execute(select(func.count()).select_from(events)).scalar_one()
        n_sources = connection.execute(select(func.count()).select_from(event_sources)).scalar_one()
    return int(n_events), int(n_sources)


def test_same_event_from_two_articles_is_one_event(store: Store) -> None:
    first = process(SEED, published="2020-07-09")
    retold = process(RETOLD, published="2020-07-09")
    other = process(OTHER)
    told = len(first.layers["events"])
    assert told
    assert len(retold.layers["events"]) == told
    assert other.layers["events"]
    assert first.id != retold.id
    store.add_articles([(first, None)])
    store.add_articles([(retold, None), (other, None)])
    n_events, n_sources = _counts(store)
    assert n_events == told + len(other.layers["events"])  # the retold page adds no event
    assert n_sources == 2 * told + len(other.layers["events"])  # each of its events has two sources
    with store.engine.connect() as connection:
        per_event = dict(connection.execute(
            select(event_sources.c.event_id, func.count()).group_by(event_sources.c.event_id)
        ).all())
    assert sorted(per_event.values()).count(2) == told


def _told(text: str) -> Article:
    """An article of two clashes in two neighbourhoods that the gazetteer puts at their city's point."""
    article = Article(text=text, meta=Meta(published="2020-07-09", title=text[:20]))
    place = {"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2020-07-08",
             "actor1": "Liwa al Quds", "country": "Syria", "admin1": "Deir-ez-Zor", "latitude": 35.3359,
             "longitude": 40.1408, "geo_precision": 1}
    article.set_layer("events", [Event(0, 10, "event", location="Al-Qusour (Deir ez-Zor)", **place),
                                 Event(11, 20, "event", location="Al-Hamidiya (Deir ez-Zor)", **place)])
    return article


def test_two_events_at_one_point_stay_two_when_the_page_is_told_again(store: Store) -> None:
    store.add_articles([(_told("اشتباكات في حي القصور. واشتباكات في حي الحميدية."), None)])
    store.add_articles([(_told("اشتباكات في حي القصور. واشتباكات أخرى في حي الحميدية."), None)])
    assert _counts(store) == (2, 4)  # each neighbourhood's event, with both articles as its sources
