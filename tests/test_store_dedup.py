"""Cross-article deduplication in the store: one event, several sources (both backends)."""

from __future__ import annotations

from sqlalchemy import func, select

from marsad import process
from marsad.store import Store
from marsad.store.schema import event_sources, events
from test_store_backends import new_schema, postgres_url, store, store_url  # noqa: F401  (both backends)

FIRST = "وصلت الأربعاء مزيد من التعزيزات الروسية إلى مدينة ديرالزور."
RETOLD = "واستقدمت القوات الروسية يوم الأربعاء تعزيزات عسكرية إلى مدينة دير الزور."
OTHER = "وتعرّضت مدينة القامشلي يوم أمس الخميس، لقصف مدفعي تركي."


def _counts(store: Store) -> tuple[int, int]:
    with store.engine.connect() as connection:
        n_events = connection.execute(select(func.count()).select_from(events)).scalar_one()
        n_sources = connection.execute(select(func.count()).select_from(event_sources)).scalar_one()
    return int(n_events), int(n_sources)


def test_same_event_from_two_articles_is_one_event(store: Store) -> None:
    first = process(FIRST, published="2020-07-09", input_format="page-text")
    retold = process(RETOLD, published="2020-07-09", input_format="page-text")
    other = process(OTHER, published="2019-10-11", input_format="page-text")
    assert len(first.layers["events"]) == len(retold.layers["events"]) == 1
    store.add_articles([(first, None)])
    store.add_articles([(retold, None), (other, None)])
    n_events, n_sources = _counts(store)
    assert n_events == 2  # the reinforcements once, the shelling once
    assert n_sources == 3  # the reinforcements have two source articles
    with store.engine.connect() as connection:
        per_event = dict(connection.execute(
            select(event_sources.c.event_id, func.count()).group_by(event_sources.c.event_id)
        ).all())
    assert sorted(per_event.values()) == [1, 2]
