"""The scorer of EVENTS.md on invented gold and predictions: what each figure counts."""

from __future__ import annotations

from marsad.evaluate.scoring import Scoreboard

_STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
           "event_date": "2021-07-25", "time_precision": 1, "latitude": 35.93, "longitude": 36.63,
           "geo_precision": 1, "fatalities": 2, "actor1": "Military Forces of Syria (2000-2024)"}
_ELSEWHERE = {**_STRIKE, "latitude": 33.51, "longitude": 36.29}  # 300 km away: no match


def test_false_events_of_pages_without_a_required_event_are_counted_per_batch() -> None:
    board = Scoreboard()
    board.add_events("t5-001", [], [_STRIKE, _ELSEWHERE])  # two false events on a page with no event
    board.add_events("t5-002", [{**_STRIKE, "required": False}], [_STRIKE])  # an optional event matched
    board.add_events("t1-001", [], [])
    board.add_events("t1-002", [_STRIKE], [_STRIKE, _ELSEWHERE])  # a page with an event: not counted
    empty = board.as_dict()["empty_pages"]
    assert (empty["pages"], empty["false_events"], empty["per_10_pages"]) == (3, 2, 6.67)
    assert empty["by_batch"] == {"t1": {"pages": 1, "false_events": 0, "per_10_pages": 0.0},
                                 "t5": {"pages": 2, "false_events": 2, "per_10_pages": 10.0}}
