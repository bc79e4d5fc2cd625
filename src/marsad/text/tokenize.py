"""Tokens with offsets and clitic segmentation into sub-token spans.

A token's ``parts`` are (start, end, kind) spans in original offsets, kind one of
``conj`` (و ف), ``prep`` (ب ل ك), ``det`` (ال), ``stem`` and ``pron`` (attached pronoun).
A prefix is split only when what remains is a known word at least as frequent as the
whole token, so stems that begin with these letters (بلدة، لواء، فرع، كباجب) stay whole.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import Token
from .normalize import normalize_key

_ARABIC = r"\u0621-\u063A\u0641-\u064A\u066E-\u066F\u0671-\u06D3\u06FA-\u06FF"
_MARKS = r"\u0640\u064B-\u065F\u0670\u06D6-\u06ED"
TOKEN_RE = re.compile(
    rf"[{_ARABIC}][{_ARABIC}{_MARKS}]*"  # Arabic word (with tatweel and diacritics)
    r"|[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,\u066B\u066C][0-9\u0660-\u0669\u06F0-\u06F9]+)*"  # number
    r"|[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*"  # Latin word
    r"|[^\s]"  # any other single character (punctuation, symbols)
)

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ك", "ي")
# Function words that begin with ال but are not ال + stem.
_NOT_DET = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي", "الله", "الا", "الي", "الان"})
_MIN_STEM = 2
_MIN_KNOWN = 3
# Words that introduce place names; a proclitic before them is always split ("بريف" → ب + ريف).
_PLACE_WORDS = frozenset(normalize_key(w) for w in (
    "ريف", "مدينة", "بلدة", "قرية", "حي", "محافظة", "منطقة", "ناحية", "مخيم", "مطار", "معبر", "بلدات", "قرى",
))
_CLITIC_ARTICLE_RE = re.compile(r"^(?:[وف]?[بلك]ال|[وف]?لل|[وف]ال)")
_NAME_FREQUENCY = 50  # weight of a knowledge-base name that prose rarely uses (درعا، كباجب)


@dataclass(slots=True)
class Lexicon:
    """Word frequencies of normalised forms (from unlabelled news), plus names known to the KBs."""

    counts: dict[str, int] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    #: how often each word stands where a place name stands (after في، مدينة، ولاية …; see build_lexicon.py)
    locative: dict[str, int] = field(default_factory=dict)

    def frequency(self, word: str) -> int:
        count = self.counts.get(word, 0)
        return max(count, _NAME_FREQUENCY) if word in self.names else count

    def known(self, word: str) -> bool:
        return word in self.names or self.counts.get(word, 0) >= _MIN_KNOWN

    def add_names(self, names: Iterable[str]) -> None:
        """Add knowledge-base names (every word of each name) as known words.

        Words that carry a proclitic before the article (للنظام، بالمدينة) are left out: they are
        phrases of an alias, not names, and must still be split.
        """
        self.add_keys(normalize_key(name) for name in names)

    def add_keys(self, keys: Iterable[str]) -> None:
        """:meth:`add_names` for names already in their ``normalize_key`` form (gazetteer keys)."""
        words = self.names
        match = _CLITIC_ARTICLE_RE.match
        for key in keys:
            for word in key.split():
                maybe_clitic = "ال" in word[:4] or word.startswith(("لل", "ولل", "فلل"))  # a cheap look first
                if word not in words and not (maybe_clitic and match(word)):
                    words.add(word)

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        """Load the packaged word-frequency list (``word<TAB>count<TAB>locative count`` lines, gzip)."""
        if path is None:
            source = resources.files("marsad") / "data" / "lexicon" / "word_freq.tsv.gz"
            data = source.read_bytes()
        else:
            data = path.read_bytes()
        counts: dict[str, int] = {}
        locative: dict[str, int] = {}
        for line in gzip.decompress(data).decode("utf-8").splitlines():
            word, _, rest = line.partition("\t")
            count, _, places = rest.partition("\t")
            if count:
                counts[word] = int(count)
                if places and places != "0":
                    locative[word] = int(places)
        return cls(counts, locative=locative)

    def everyday(self, word: str, *, frequent: int, place_share: float) -> bool:
        """A word seen at least ``frequent`` times, less than ``place_share`` of them where a place name stands."""
        count = self.counts.get(word, 0)
        return count >= frequent and self.locative.get(word, 0) < place_share * count


@dataclass(slots=True)
class Segmenter:
    """Clitic segmentation of normalised words, cached per word."""

    lexicon: Lexicon
    _cache: dict[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)
    analyses: dict[str, tuple[str, str, tuple[tuple[int, int, str], ...], tuple[str, ...]]] = field(
        default_factory=dict
    )

    def segment(self, word: str) -> tuple[tuple[int, int, str], ...]:
        """Split a normalised word into (start, end, kind) parts over the normalised form."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._segment(word)
            if len(self._cache) < 500_000:
                self._cache[word] = cached
        return cached

    def _accept_prefix(self, word: str, rest: str) -> bool:
        if len(rest) < _MIN_STEM:
            return False
        if self.lexicon.known(rest) and self.lexicon.frequency(rest) >= self.lexicon.frequency(word):
            return True
        if not self.lexicon.known(word) and self._pronoun(rest):
            return True  # وقواته: the rest is a known word with an attached pronoun
        # the rest may itself carry a determiner: وبالمدينة → بالمدينة is rarer than المدينة
        if rest.startswith("ال") and len(rest) > 3:
            stem = rest[2:]
            return self.lexicon.known(stem) and not self.lexicon.known(word)
        return False

    def _known_any(self, *words: str) -> bool:
        return any(self.lexicon.known(word) for word in words)

    def _segment(self, word: str) -> tuple[tuple[int, int, str], ...]:
        parts: list[tuple[int, int, str]] = []
        position = 0
        rest = word
        names = self.lexicon.names  # a knowledge-base name is never split further (لبين، بداما) …
        if rest[:1] in _CONJ and rest not in names and self._accept_prefix(rest, rest[1:]):
            parts.append((0, 1, "conj"))
            position, rest = 1, rest[1:]
        if rest in names and rest[1:] not in _PLACE_WORDS:  # … unless it is ب + ريف ("بريف" is a village too)
            pass
        elif rest[:2] == "لل" and len(rest) > 3 and self._known_any(rest[2:], "ال" + rest[2:]):
            parts.append((position, position + 1, "prep"))
            parts.append((position + 1, position + 2, "det"))
            position, rest = position + 2, rest[2:]
        elif rest[:1] in _PREP and self._accept_prefix(rest, rest[1:]):
            parts.append((position, position + 1, "prep"))
            position, rest = position + 1, rest[1:]
        if (
            rest.startswith("ال")
            and rest not in _NOT_DET
            and len(rest) - 2 >= _MIN_STEM
            and (self.lexicon.known(rest[2:]) or not self.lexicon.known(rest))
        ):
            parts.append((position, position + 2, "det"))
            position, rest = position + 2, rest[2:]
        suffix = self._pronoun(rest) if not parts or parts[-1][2] != "det" else ""
        stem_end = len(word) - len(suffix)
        parts.append((position, stem_end, "stem"))
        if suffix:
            parts.append((stem_end, len(word), "pron"))
        return tuple(parts)

    def _pronoun(self, rest: str) -> str:
        frequency = self.lexicon.frequency(rest)
        for suffix in _PRONOUNS:
            stem = rest[: -len(suffix)]
            if len(stem) < 3 or not rest.endswith(suffix):
                continue
            for candidate in (stem, stem[:-1] + "ه" if stem.endswith("ت") else ""):
                if candidate and self.lexicon.known(candidate) and self.lexicon.frequency(candidate) > 4 * frequency:
                    return suffix
        return ""


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """The segmenter over the packaged lexicon (loaded once)."""
    return Segmenter(Lexicon.load())


_TATWEEL_CLITIC = re.compile(r"^[وفبلك]ـ+$")
_Analysis = tuple[str, str, tuple[tuple[int, int, str], ...], tuple[str, ...]]


def analyse(surface: str, segmenter: Segmenter) -> _Analysis:
    """Label, normalised form, clitic parts (offsets within ``surface``) and lookup forms of one token."""
    first = surface[0]
    norm = normalize_key(surface)
    if not ("\u0621" <= first <= "\u06ff"):
        return ("word" if first.isalnum() else "punct"), norm, (), ((norm,) if norm else ())
    if _TATWEEL_CLITIC.match(surface):  # لـ"العربي الجديد": a detached proclitic
        return "clitic", norm, ((0, len(surface), "prep"),), (norm,)
    pieces = segmenter.segment(norm)
    if len(pieces) == 1:
        return "word", norm, ((0, len(surface), "stem"),), (norm,)
    offsets = _original_offsets(surface)
    parts = tuple((offsets[a], offsets[b], kind) for a, b, kind in pieces)
    return "word", norm, parts, _forms(surface, Token(0, len(surface), "word", norm, list(parts)))


def cached_analysis(surface: str, segmenter: Segmenter) -> _Analysis:
    """:func:`analyse` of one token's surface, cached on the segmenter (shared with :func:`tokenize`)."""
    info = segmenter.analyses.get(surface)
    if info is None:
        info = analyse(surface, segmenter)
        if len(segmenter.analyses) < 500_000:
            segmenter.analyses[surface] = info
    return info


def tokenize(text: str, segmenter: Segmenter | None = None) -> list[Token]:
    """Return tokens with their normalised form and clitic parts in original offsets."""
    segmenter = segmenter or default_segmenter()
    cache = segmenter.analyses
    tokens: list[Token] = []
    append = tokens.append
    for match in TOKEN_RE.finditer(text):
        surface = match.group()
        info = cache.get(surface) or cached_analysis(surface, segmenter)  # (a hit costs no call)
        start, end = match.span()
        label, norm, parts, forms = info
        if len(parts) == 1:
            append(Token(start, end, label, norm, [(start, end, parts[0][2])], forms))
        else:
            append(Token(start, end, label, norm, [(start + a, start + b, kind) for a, b, kind in parts], forms))
    return tokens


def _original_offsets(surface: str) -> list[int]:
    """Map each normalised character index of a word (and its end) to its offset in ``surface``."""
    kept = [i for i, char in enumerate(surface) if normalize_key(char)]
    kept.append(len(surface))
    return kept


def token_forms(text: str, token: Token) -> tuple[str, ...]:
    """Normalised lookup forms of a token: whole, without و/ف/ب/ل/ك (keeping ال), and bare stem."""
    if token.forms:
        return token.forms
    if len(token.parts) <= 1:
        return (token.norm,) if token.norm else ()
    offset = token.start
    return _surface_forms(
        text[token.start : token.end], token.norm, tuple((a - offset, b - offset, kind) for a, b, kind in token.parts)
    )


@lru_cache(maxsize=200_000)
def _surface_forms(surface: str, norm: str, parts: tuple[tuple[int, int, str], ...]) -> tuple[str, ...]:
    token = Token(0, len(surface), "word", norm, list(parts))
    return _forms(surface, token)


def _forms(text: str, token: Token) -> tuple[str, ...]:
    forms = [token.norm]
    proclitics_end = det_end = token.start
    elided_alef = False  # للنظام: ل + (ا)ل + نظام
    for start, end, kind in token.parts:
        if kind in ("conj", "prep"):
            proclitics_end = det_end = end
        elif kind == "det":
            det_end = end
            elided_alef = end - start == 1
        else:
            break
    if proclitics_end > token.start:
        form = normalize_key(text[proclitics_end : token.end])
        forms.append("ا" + form if elided_alef else form)
    if det_end > proclitics_end or (elided_alef and det_end > token.start):
        forms.append(normalize_key(text[det_end : token.end]))
    return tuple(dict.fromkeys(form for form in forms if form))
