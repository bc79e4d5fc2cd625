"""Arabic normalisation for matching, as a view over the original text.

The article text never changes; :class:`NormalizedView` holds the normalised string
and, for each of its characters, the offset of the original character it came from,
so any match found in the normalised form maps back to exact original offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# One-to-one substitutions (length preserving): letters, digits, punctuation, quotes.
_SUBSTITUTIONS: dict[str, str] = {
    # alef forms and hamza seats
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ۀ": "ه", "ە": "ه",
    # Arabic-Indic and Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    # Arabic punctuation
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "۔": ".",
    # quotes
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "״": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    # dashes and spaces
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
}
_TAA_MARBUTA = {"ة": "ه"}

# Characters dropped from the normalised form: tatweel, diacritics, zero-width and bidi marks.
_DELETIONS = (
    "\u0640"  # tatweel
    + "".join(chr(c) for c in range(0x064B, 0x0660))  # harakat, shadda, sukun, maddah, hamza marks
    + "\u0670"  # superscript alef
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))  # Quranic marks
    + "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"
)
_DELETE_RE = re.compile("[" + re.escape(_DELETIONS) + "]")

_TABLE = str.maketrans({**_SUBSTITUTIONS, **{c: None for c in _DELETIONS}})
_TABLE_TAA = str.maketrans({**_SUBSTITUTIONS, **_TAA_MARBUTA, **{c: None for c in _DELETIONS}})
_SUB_ONLY = str.maketrans(_SUBSTITUTIONS)
_SPACES_RE = re.compile(r"\s+")


def normalize_text(text: str, *, taa_marbuta: bool = False) -> str:
    """Return the normalised form of ``text`` (no offset map; for keys and lookups)."""
    return text.translate(_TABLE_TAA if taa_marbuta else _TABLE)


@lru_cache(maxsize=200_000)
def normalize_key(text: str) -> str:
    """Return the dictionary key of a name: normalised, ة→ه, single spaces, no quotes."""
    key = text.translate(_TABLE_TAA).replace('"', " ").replace("'", " ")
    return _SPACES_RE.sub(" ", key).strip()


def collapse_key(key: str) -> str:
    """Return a key with its spaces removed, so that ``ديرالزور`` and ``دير الزور`` meet."""
    return key.replace(" ", "")


@dataclass(frozen=True, slots=True)
class NormalizedView:
    """A normalised copy of a text with a map back to original character offsets."""

    original: str
    text: str
    # index_map[i] is the original offset of normalised character i; one extra entry
    # (len(original)) closes the map so that end offsets translate too.
    index_map: tuple[int, ...] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text back to the original text."""
        if self.index_map is None:
            return start, end
        # the end maps to the next kept character, so marks after the last letter stay inside
        return self.index_map[start], self.index_map[end]

    def original_offset(self, index: int) -> int:
        """Return the original offset of normalised character ``index`` (or the end)."""
        return index if self.index_map is None else self.index_map[index]


def normalize(text: str, *, taa_marbuta: bool = False) -> NormalizedView:
    """Normalise ``text`` for matching and keep the way back to its original offsets."""
    normalized, index_map = _normalized(text)
    if taa_marbuta:  # nothing else maps to or from ة, so folding it afterwards is the same table
        normalized = normalized.replace("ة", "ه")
    return NormalizedView(text, normalized, index_map)


@lru_cache(maxsize=8)
def _normalized(text: str) -> tuple[str, tuple[int, ...] | None]:
    """The normalised text (ة kept) and its offset map; cached, as several stages view one text."""
    if not _DELETE_RE.search(text):
        return text.translate(_SUB_ONLY), None
    kept: list[int] = []
    previous = 0
    for match in _DELETE_RE.finditer(text):
        kept.extend(range(previous, match.start()))
        previous = match.end()
    kept.extend(range(previous, len(text) + 1))
    return text.translate(_TABLE), tuple(kept)
