"""The word lists of place resolution (``data/lexicon/place_words.yaml``), validated and normalised."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import ModelError
from ..text.normalize import normalize_key

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Words = list[str]


class PlaceWordsFile(BaseModel):
    """The schema of ``place_words.yaml`` (see the comments there)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    settlement_cues: Words
    plural_cues: Words
    dual_cues: Words
    strong_cues: Words
    unit_cues: Words
    weak_cues: Words
    organisation_heads: Words
    organisation_tails: Words
    facility_cues: Words
    region_cue: str
    governorate_cue: str
    neighbourhood_cues: Words
    city_site_heads: Words
    site_descriptors: Words
    directions: dict[str, str]
    relative_cues: Words
    locative_words: Words
    list_words: Words
    place_qualifiers: Words
    everyday_names: Words
    never_names: Words
    name_heads: Words
    generic_facilities: dict[str, Words]


def _keys(words: Words) -> frozenset[str]:
    return frozenset(normalize_key(word) for word in words)


@dataclass(frozen=True, slots=True)
class PlaceWords:
    """Normalised word sets of place resolution."""

    settlement_cues: frozenset[str]
    plural_cues: frozenset[str]
    dual_cues: frozenset[str]
    strong_cues: frozenset[str]
    unit_cues: frozenset[str]
    weak_cues: frozenset[str]
    organisation_heads: frozenset[str]
    organisation_tails: frozenset[str]
    facility_cues: frozenset[str]
    region_cue: str
    governorate_cue: str
    neighbourhood_cues: frozenset[str]
    city_site_heads: frozenset[str]
    site_descriptors: frozenset[str]
    directions: dict[str, str]  # normalised Arabic → English ("الجنوبي" → "southern")
    relative_cues: frozenset[str]
    locative_words: frozenset[str]
    list_words: frozenset[str]
    place_qualifiers: frozenset[str]
    everyday_names: frozenset[str]
    never_names: frozenset[str]
    name_heads: frozenset[str]
    generic_facilities: dict[str, frozenset[str]]  # phrase as written → feature types

    def place_cue(self, word: str) -> bool:
        """A word of settlement or of facility: a name after it is a place ("بلدة X", "طريق X")."""
        return word in self.settlement_cues or word in self.facility_cues

    @classmethod
    def load(cls, path: Path | None = None) -> PlaceWords:
        """The packaged lists (or ``path``)."""
        if path is None:
            text = (resources.files("marsad") / "data" / "lexicon" / "place_words.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        try:
            data: Any = yaml.load(text, Loader=_LOADER)
            spec = PlaceWordsFile.model_validate(data)
        except (yaml.YAMLError, ValidationError) as error:
            raise ModelError(f"place word lists {path or 'place_words.yaml'} are invalid: {error}") from error
        lists = {name: _keys(value) for name, value in spec.model_dump().items() if isinstance(value, list)}
        return cls(
            **lists,
            region_cue=normalize_key(spec.region_cue),
            governorate_cue=normalize_key(spec.governorate_cue),
            directions={normalize_key(word): english for word, english in spec.directions.items()},
            generic_facilities={phrase: frozenset(kinds) for phrase, kinds in spec.generic_facilities.items()},
        )
