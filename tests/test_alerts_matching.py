"""Alert filters and the alert index: the index finds exactly the alerts a check of every alert finds."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from marsad.alerts import AlertFilters, AlertIndex, AlertSpec, CompiledAlert, EventView
from marsad.alerts.engine import actor_names, compile_alert
from marsad.alerts.spec import EVENT_TYPES, SUB_TYPES

ADMIN1 = ["Deir-ez-Zor", "Aleppo", "Idleb", "Damascus", "Dar'a", "Al-Hasakeh", "Homs", "Hama"]
COUNTRIES = ["Syria", "Iraq", "Lebanon", "Yemen"]
ACTORS = ["military forces of syria (2000-)", "islamic state (syria)", "civilians (syria)", "sdf"]


def _event(rng: random.Random, number: int) -> EventView:
    event_type, sub = rng.choice(sorted(EVENT_TYPES)), rng.choice(sorted(SUB_TYPES))
    located = rng.random() < 0.85
    return EventView(str(number), event_type, sub, rng.choice(COUNTRIES), rng.choice(ADMIN1),
                     rng.uniform(32, 37.5) if located else None, rng.uniform(35.5, 42) if located else None,
                     rng.choice([0, 0, 1, 3, 12]), rng.random(), frozenset(rng.sample(ACTORS, 2)))


def _filters(rng: random.Random) -> AlertFilters:
    values: dict[str, object] = {}
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["event_type", "sub_event_type", "country", "admin1", "near", "bbox", "min_fatalities",
                           "min_confidence", "big_near"])
        if kind == "event_type":
            values["event_type"] = rng.sample(sorted(EVENT_TYPES), rng.randint(1, 2))
        elif kind == "sub_event_type":
            values["sub_event_type"] = rng.sample(sorted(SUB_TYPES), rng.randint(1, 3))
        elif kind == "country":
            values["country"] = [rng.choice(COUNTRIES).upper()]  # names compare without case
        elif kind == "admin1":
            values["admin1"] = rng.sample(ADMIN1, rng.randint(1, 2))
        elif kind in ("near", "big_near"):
            values["near"] = {"lat": rng.uniform(32, 37.5), "lon": rng.uniform(35.5, 42),
                              "km": rng.uniform(5, 80) if kind == "near" else 1900}
        elif kind == "bbox":
            west, south = rng.uniform(35.5, 41), rng.uniform(32, 37)
            values["bbox"] = [west, south, west + rng.uniform(0.1, 2), south + rng.uniform(0.1, 1.5)]
        elif kind == "min_fatalities":
            values["min_fatalities"] = rng.choice([1, 5])
        else:
            values["min_confidence"] = rng.random()
    return AlertFilters.model_validate(values)


def test_the_index_finds_what_checking_every_alert_finds() -> None:
    rng = random.Random(7)
    alerts = [CompiledAlert(number, _filters(rng), frozenset(rng.sample(ACTORS, 1)) if rng.random() < 0.2
                            else frozenset()) for number in range(1, 3001)]
    index = AlertIndex.build(alerts)
    assert index.everywhere  # some alerts (large areas, numbers only) are checked for every event
    matched = 0
    for number in range(2000):
        event = _event(rng, number)
        expected = sorted(alert.id for alert in alerts if alert.matches(event))
        assert index.match(event) == expected
        matched += len(expected)
    assert matched > 500  # the test exercises matches, not only misses


def test_filters_keep_their_rules() -> None:
    with pytest.raises(ValidationError, match="unknown event type"):
        AlertFilters(event_type=["Airstrikes"])
    with pytest.raises(ValidationError, match="at least one filter"):
        AlertFilters()
    with pytest.raises(ValidationError, match="bbox"):
        AlertFilters(bbox=(40.0, 36.0, 39.0, 37.0))
    with pytest.raises(ValidationError, match="less than or equal to 2000"):
        AlertFilters.model_validate({"near": {"lat": 35, "lon": 40, "km": 5000}})
    with pytest.raises(ValidationError, match="Extra inputs"):
        AlertSpec.model_validate({"name": "x", "filters": {"admin1": ["Aleppo"]}, "colour": "red"})
    with pytest.raises(ValidationError, match="at least 8 characters"):
        AlertSpec.model_validate({"name": "x", "filters": {"admin1": ["Aleppo"]},
                                  "webhook": {"url": "https://example.org/hook", "secret": "short"}})


def test_an_actor_filter_stands_for_the_actors_names_and_aliases() -> None:
    names = {name.lower() for name in actor_names("داعش")}
    assert any("islamic state" in name for name in names)
    alert = compile_alert(1, AlertFilters(actor="داعش"))
    event = EventView("e", "Battles", "Armed clash", "Syria", "Deir-ez-Zor", 35.3, 40.1, 0, 0.9,
                      frozenset(name for name in alert.actor_names if "islamic state" in name))
    assert alert.matches(event)
    assert not alert.matches(EventView("f", "Battles", "Armed clash", "Syria", "Deir-ez-Zor", 35.3, 40.1, 0, 0.9,
                                       frozenset({"civilians (syria)"})))


def test_a_query_filter_reads_the_articles_search_terms() -> None:
    alert = compile_alert(1, AlertFilters(q="الطائرات المسيرة"))
    from marsad.store.search import index_row

    row = index_row("a", "قصف", "استهدفت الطائرات المسيّرة مواقع في ريف دير الزور")
    terms = frozenset(row.title.split()) | frozenset(row.body.split())
    event = EventView("e", "Explosions/Remote violence", "Air/drone strike", "Syria", "Deir-ez-Zor", 35.3, 40.1,
                      0, 0.9, frozenset())
    assert alert.matches(event, lambda: terms)
    assert not alert.matches(event, lambda: frozenset(index_row("b", "", "اشتباكات في حلب").body.split()))
