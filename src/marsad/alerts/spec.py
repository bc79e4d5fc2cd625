"""What an alert is: a name, an owner label, a saved filter over coded events and an optional webhook."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from ..events.taxonomy import SUB_EVENT_TYPES

EVENT_TYPES = frozenset(event_type for event_type, _sub in SUB_EVENT_TYPES)
SUB_TYPES = frozenset(sub for _type, sub in SUB_EVENT_TYPES)
#: Most values one list filter may hold (a filter is not a database).
MAX_VALUES = 50
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Near(_Strict):
    """Within ``km`` of a point."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    km: float = Field(gt=0, le=2000)


class AlertFilters(_Strict):
    """Every filter that is set must hold (lists: any of their values)."""

    event_type: list[str] = Field(default_factory=list, max_length=MAX_VALUES)
    sub_event_type: list[str] = Field(default_factory=list, max_length=MAX_VALUES)
    country: list[Name] = Field(default_factory=list, max_length=MAX_VALUES)
    admin1: list[Name] = Field(default_factory=list, max_length=MAX_VALUES)
    actor: Name | None = Field(default=None, description="canonical name or alias, either side of the event")
    near: Near | None = None
    bbox: tuple[float, float, float, float] | None = Field(default=None, description="west, south, east, north")
    min_fatalities: int | None = Field(default=None, ge=0, le=100_000)
    min_confidence: float | None = Field(default=None, ge=0, le=1)
    q: Name | None = Field(default=None, description="full-text query over the article (as /search reads it)")

    @field_validator("event_type", "sub_event_type")
    @classmethod
    def _acled_names(cls, values: list[str], info: ValidationInfo) -> list[str]:
        event_types = info.field_name == "event_type"
        unknown = sorted(set(values) - (EVENT_TYPES if event_types else SUB_TYPES))
        if unknown:
            raise ValueError(f"unknown event type(s) {unknown}; ACLED's are {sorted(EVENT_TYPES)}" if event_types
                             else f"unknown sub-event type(s) {unknown}")
        return values

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
        if value is None:
            return None
        west, south, east, north = value
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError("bbox is [west, south, east, north] with west < east and south < north, in degrees")
        return value

    @model_validator(mode="after")
    def _something(self) -> AlertFilters:
        if not self.model_dump(exclude_defaults=True):
            raise ValueError("an alert needs at least one filter (it would match every event)")
        return self


class Webhook(_Strict):
    """Where each match is POSTed, signed with ``secret`` (HMAC-SHA256 of the body)."""

    url: str = Field(max_length=2000, pattern=r"^https?://[^\s/]+")
    secret: str = Field(min_length=8, max_length=200)


class AlertSpec(_Strict):
    """A standing alert as created (``POST /alerts``, ``marsad alerts add``)."""

    name: Name
    owner: Name | None = None
    filters: AlertFilters
    webhook: Webhook | None = None
