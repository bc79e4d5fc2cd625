"""The rules of an event's fields (``marsad.events.schema``): each field, the ACLED pairs, the messages."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.events.schema import EventFields, check_edit
from marsad.events.taxonomy import SUB_EVENT_TYPES
from marsad.output import EVENT_FIELDS


def test_every_output_field_has_a_rule() -> None:
    assert set(EventFields.model_fields) == set(EVENT_FIELDS)


def test_messages_name_the_field_the_rule_and_the_value() -> None:
    event = {"event_type": "Battles", "sub_event_type": "Armed clash", "latitude": 35.0, "longitude": 39.0}
    with pytest.raises(InputError) as caught:
        check_edit(event, {"fatalities": -5, "geo_precision": 99})
    message = str(caught.value)
    assert "fatalities must be a whole number from 0 to 100,000" in message
    assert "(got -5)" in message
    assert "geo_precision must be 1, 2 or 3" in message
    with pytest.raises(InputError, match="sub-event types of Battles are: Armed clash, "):
        check_edit(event, {"sub_event_type": "Grenade"})
    with pytest.raises(InputError, match="cannot edit unknown event fields: colour, size"):
        check_edit(event, {"size": 1, "colour": "red"})
    with pytest.raises(InputError, match=r"\(got 'xxxxx.*\.\.\.\)"):
        check_edit(event, {"notes": "x" * 5000})


@pytest.mark.parametrize(("event_type", "sub_event_type"), sorted(SUB_EVENT_TYPES))
def test_every_acled_pair_is_allowed(event_type: str, sub_event_type: str) -> None:
    event = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    changes = {"event_type": event_type, "sub_event_type": sub_event_type}
    assert check_edit(event, changes) == changes
