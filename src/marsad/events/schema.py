"""The rules of an event's fields, for events that people write (review edits).

:class:`EventFields` holds every field of the output contract with its rule; :func:`check_edit` checks an
edit field by field and against the event it changes (the sub-event type belongs to the event type;
latitude and longitude come together) and raises InputError naming each field and its rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ..errors import InputError
from .taxonomy import SUB_EVENT_TYPES, TYPE_PRECEDENCE, interaction_code

MAX_FATALITIES = 100_000
INTER_CODES = range(9)  # ACLED's actor types: 0 (none) to 8 (external/other forces)
INTERACTIONS = frozenset(
    code for first in INTER_CODES for second in (None, *INTER_CODES)
    if (code := interaction_code(first, second)) is not None
)
EARLIEST_DATE = date(1900, 1, 1)
NAME_LENGTH = 200  # an actor, a place, an administrative unit, a country
NAMES_LENGTH = 1_000  # associated actors: several names
NOTES_LENGTH = 4_000
EVIDENCE_LENGTH = 10_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: neither backend can hold them
_FIRST_DAY_ZONE = timezone(timedelta(hours=14))  # where each day begins first: its date is the latest "today"


def _name(length: int = NAME_LENGTH) -> Any:
    return Field(None, max_length=length, description=f"must be text of at most {length:,} characters (or null)")


class EventFields(BaseModel):
    """Every field of an event with its rule; the description of a field is the rule its messages state."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    event_type: str = Field("", description=f"must be one of ACLED's event types: {', '.join(TYPE_PRECEDENCE)}")
    sub_event_type: str = Field("", description="must be one of ACLED's 25 sub-event types")
    event_date: str = Field("", description=f"must be a real date as yyyy-mm-dd, from {EARLIEST_DATE} to today")
    time_precision: int = Field(1, ge=1, le=3, description="must be 1, 2 or 3")
    actor1: str | None = _name()
    actor1_ar: str | None = _name()
    assoc_actor_1: str | None = _name(NAMES_LENGTH)
    inter1: int | None = Field(None, ge=0, le=8, description="must be an ACLED actor-type code, 0 to 8 (or null)")
    actor2: str | None = _name()
    actor2_ar: str | None = _name()
    assoc_actor_2: str | None = _name(NAMES_LENGTH)
    inter2: int | None = Field(None, ge=0, le=8, description="must be an ACLED actor-type code, 0 to 8 (or null)")
    interaction: int | None = Field(
        None, description="must be an ACLED interaction code: two actor-type codes, smaller first (or null)")
    country: str | None = _name()
    admin1: str | None = _name()
    admin2: str | None = _name()
    admin3: str | None = _name()
    location: str | None = _name()
    location_ar: str | None = _name()
    latitude: float | None = Field(None, ge=-90, le=90, description="must be a number from -90 to 90 (or null)")
    longitude: float | None = Field(None, ge=-180, le=180, description="must be a number from -180 to 180 (or null)")
    geo_precision: int | None = Field(None, ge=1, le=3, description="must be 1, 2 or 3 (or null)")
    fatalities: int | None = Field(
        None, ge=0, le=MAX_FATALITIES, description=f"must be a whole number from 0 to {MAX_FATALITIES:,} (or null)")
    evidence: str | None = _name(EVIDENCE_LENGTH)
    notes: str | None = _name(NOTES_LENGTH)
    confidence: float = Field(0.0, ge=0, le=1, description="must be a number from 0 to 1")

    @field_validator("event_type")
    @classmethod
    def _event_type(cls, value: str) -> str:
        if value not in TYPE_PRECEDENCE:
            raise ValueError("unknown event type")
        return value

    @field_validator("sub_event_type")
    @classmethod
    def _sub_event_type(cls, value: str) -> str:
        if value not in {sub_type for _, sub_type in SUB_EVENT_TYPES}:
            raise ValueError("unknown sub-event type")
        return value

    @field_validator("event_date")
    @classmethod
    def _event_date(cls, value: str) -> str:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("not yyyy-mm-dd")
        day = date.fromisoformat(value)  # a ValueError for a day that does not exist
        if not EARLIEST_DATE <= day <= datetime.now(_FIRST_DAY_ZONE).date():
            raise ValueError("out of range")
        return value

    @field_validator("interaction")
    @classmethod
    def _interaction(cls, value: int | None) -> int | None:
        if value is not None and value not in INTERACTIONS:
            raise ValueError("unknown interaction code")
        return value

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if isinstance(value, str) and _UNSTORABLE.search(value):
            raise PydanticCustomError("unstorable", "must not hold NUL characters or lone surrogates")
        return value


def check_edit(event: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The checked ``changes`` to ``event`` (its fields as stored), in their order; InputError names every
    field that breaks its rule."""
    unknown = sorted(str(name) for name in changes if name not in EventFields.model_fields)
    if unknown:
        raise InputError(f"cannot edit unknown event fields: {', '.join(unknown)}; "
                         f"the fields are {', '.join(EventFields.model_fields)}")
    try:
        fields = EventFields.model_validate(dict(changes))
    except ValidationError as error:
        raise InputError("invalid edit: " + "; ".join(_problem(item) for item in error.errors())) from None
    values = {name: getattr(fields, name) for name in changes}
    merged = {**event, **values}
    if values.keys() & {"event_type", "sub_event_type"}:
        event_type, sub_event_type = merged.get("event_type"), merged.get("sub_event_type")
        if (event_type, sub_event_type) not in SUB_EVENT_TYPES:
            allowed = sorted(sub_type for kind, sub_type in SUB_EVENT_TYPES if kind == event_type)
            raise InputError(f"invalid edit: sub_event_type {sub_event_type!r} is not a sub-event type of "
                             f"{event_type!r}; the sub-event types of {event_type} are: {', '.join(allowed)}")
    if values.keys() & {"latitude", "longitude"} and (merged.get("latitude") is None) != (
            merged.get("longitude") is None):
        raise InputError("invalid edit: latitude and longitude go together: give both or neither")
    return values


def _problem(item: Any) -> str:
    """One field's problem: the field, its rule (the field's description) and the value given."""
    name = str(item["loc"][0]) if item["loc"] else "changes"
    field = EventFields.model_fields.get(name)
    rule = item["msg"] if item["type"] == "unstorable" or field is None else field.description
    return f"{name} {rule} (got {_shown(item.get('input'))})"


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
