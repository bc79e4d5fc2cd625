"""Search terms over normalised Arabic forms, query parsing and highlighted snippets.

Each word of a title or body is indexed under its normalised forms (``token_forms``: whole,
without و/ف/ب/ل/ك, bare stem without ال); a word followed by one that starts with the article ال
also gives their collapsed bigram (the first without proclitics), so ``دير الزور``, ``بدير الزور``
and ``ديرالزور`` share the term ``ديرالزور``. Other pairs need no bigram in the index: a query of
two words matches a document's collapsed word through the query's own pair term. Both backends
index the same term strings; highlighting is computed here from character offsets, so both give
the same snippets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, pairwise
from operator import add, and_, attrgetter

from ..errors import InputError
from ..text.normalize import normalize_key
from ..text.tokenize import TOKEN_RE, Segmenter, cached_analysis, default_segmenter

#: Most words a query may have.
MAX_QUERY_WORDS = 16
_NOT_TERM_RE = re.compile(r"[\W_]+")
_PROCLITICS = ("conj", "prep")
_MAX_CHUNKS = 1_000_000  # cached whitespace-separated chunks (words with their punctuation)
#: A bigram is indexed where the second word starts with this (the definite article): the
#: compounds that writers run together (دير الزور، عبد الله، رأس العين، أبو الظهور).
BIGRAM_SECOND = "ال"


@dataclass(frozen=True, slots=True)
class WordForms:
    """Index forms of one surface word; ``heads`` start bigrams, ``key`` is its query term."""

    forms: tuple[str, ...]
    heads: tuple[str, ...]
    whole: str = ""  # the first form ('' for punctuation): the second half of a bigram
    head: str = ""  # first head ('' for punctuation)
    head2: str = ""  # second head: the form without proclitics, when the word has some

    @property
    def key(self) -> str:
        return self.heads[-1]


_EMPTY = WordForms((), ())


_FORMS, _LEAD, _TAIL = attrgetter("forms"), attrgetter("lead"), attrgetter("tail")


@dataclass(frozen=True, slots=True, eq=False)
class ChunkTerms:
    """The index terms a whitespace-free chunk gives alone, and what pairs it with its neighbours."""

    forms: tuple[str, ...]  # forms of its words and the bigrams inside it
    lead: str  # whole of its first token, when that is a word starting with ``BIGRAM_SECOND``
    tail: str  # bigram head of its last token, when that is a word

    @classmethod
    def of(cls, items: tuple[WordForms, ...]) -> ChunkTerms:
        forms = [form for item in items for form in item.forms]
        forms += [bigram for a, b in pairwise(items) if (bigram := _bigram(a, b))]
        first, last = (items[0], items[-1]) if items else (_EMPTY, _EMPTY)
        lead = first.whole if first.whole.startswith(BIGRAM_SECOND) else ""
        return cls(tuple(dict.fromkeys(forms)), lead, last.head2 or last.head)


def _bigram(first: WordForms, second: WordForms) -> str:
    """The collapsed bigram of two adjacent tokens ('' unless both are words and the second takes ال)."""
    head = first.head2 or first.head
    return head + second.whole if head and second.whole.startswith(BIGRAM_SECOND) else ""


@dataclass(slots=True)
class TermIndexer:
    """Turns text into index terms, caching the forms of each surface word."""

    segmenter: Segmenter
    _cache: dict[str, WordForms] = field(default_factory=dict)
    _chunks: dict[str, ChunkTerms] = field(default_factory=dict)
    wholes: dict[str, str] = field(default_factory=dict)  # surface → normalised whole (highlighting)

    def word(self, surface: str) -> WordForms:
        cached = self._cache.get(surface)
        if cached is None:
            cached = self._analyse(surface)
            self._cache[surface] = cached  # bounded by the vocabulary of the corpus
        return cached

    def _analyse(self, surface: str) -> WordForms:
        label, norm, parts, lookup = cached_analysis(surface, self.segmenter)  # shared with the pipeline
        if label == "punct":
            return _EMPTY
        forms = tuple(dict.fromkeys(term for term in map(_term, lookup or ((norm,) if norm else ())) if term))
        if not forms:
            return _EMPTY
        has_proclitic = bool(parts) and parts[0][2] in _PROCLITICS and len(forms) > 1
        heads = forms[:2] if has_proclitic else forms[:1]
        return WordForms(forms, heads, forms[0], heads[0], heads[1] if len(heads) > 1 else "")

    def words(self, text: str) -> Iterator[tuple[int, int, WordForms]]:
        """Yield (start, end, forms) of each word of ``text``; punctuation yields empty forms."""
        word = self.word
        for match in TOKEN_RE.finditer(text):
            yield match.start(), match.end(), word(match.group())

    def chunk(self, chunk: str) -> ChunkTerms:
        """The terms of a whitespace-free chunk (cached: tokens never span whitespace)."""
        cached = self._chunks.get(chunk)
        if cached is None:
            cached = ChunkTerms.of(tuple(self.word(surface) for surface in TOKEN_RE.findall(chunk)))
            if len(self._chunks) < _MAX_CHUNKS:
                self._chunks[chunk] = cached
        return cached

    def terms(self, text: str) -> str:
        """The index terms of a text, each once: forms and collapsed bigrams, space-separated.

        The index keeps no positions or counts (see ``search``), so repeats are dropped here.
        """
        get = self._chunks.get
        # the hot path of ingest: ``TOKEN_RE`` never matches whitespace, so the tokens of a text are
        # those of its whitespace-separated chunks, whose terms are cached; what remains per chunk
        # is C-level iteration (``map``, ``chain``, ``compress``), no Python code per word
        chunks = text.split()
        infos = list(map(get, chunks))
        if None in infos:
            infos = [info or self.chunk(part) for part, info in zip(chunks, infos, strict=True)]
        # one entry per distinct chunk (``ChunkTerms`` hash by identity, and a chunk has one)
        terms = dict.fromkeys(chain.from_iterable(map(_FORMS, dict.fromkeys(infos))))
        leads = list(map(_LEAD, infos))
        del leads[:1]
        # a pair is kept where the second chunk has a lead and the first a tail
        keep = map(and_, map(bool, leads), map(bool, map(_TAIL, infos)))
        terms.update(dict.fromkeys(compress(map(add, map(_TAIL, infos), leads), keep)))
        return " ".join(terms)


@lru_cache(maxsize=1)
def default_indexer() -> TermIndexer:
    """The indexer over the packaged lexicon (loaded on first use)."""
    return TermIndexer(default_segmenter())


def _term(form: str) -> str:
    return _NOT_TERM_RE.sub("", form).lower()


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: per word, the terms any of which may match it."""

    text: str
    groups: tuple[tuple[str, ...], ...]
    bigrams: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        return frozenset(group[0] for group in self.groups)

    def fts5(self) -> str:
        """The FTS5 MATCH expression."""
        return " AND ".join("(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in self.groups)

    def tsquery(self) -> str:
        """The PostgreSQL ``to_tsquery('simple', …)`` expression."""
        return " & ".join("(" + " | ".join(f"'{term}'" for term in group) + ")" for group in self.groups)


def parse_query(text: str, indexer: TermIndexer | None = None) -> Query:
    """Parse a query: each word matches its form without proclitics or a bigram with a neighbour."""
    indexer = indexer or default_indexer()
    words = [item for _s, _e, item in indexer.words(text) if item.forms]
    if not words:
        raise InputError(f"the query {text!r} has no searchable words")
    if len(words) > MAX_QUERY_WORDS:
        raise InputError(f"the query has {len(words)} words; at most {MAX_QUERY_WORDS} are allowed")
    pairs = [words[i].key + words[i + 1].forms[0] for i in range(len(words) - 1)]
    groups = []
    for i, item in enumerate(words):
        around = ([pairs[i - 1]] if i > 0 else []) + ([pairs[i]] if i < len(pairs) else [])
        groups.append(tuple(dict.fromkeys([item.key, *around])))
    return Query(text, tuple(groups), frozenset(pairs))


def match_spans(text: str, query: Query, indexer: TermIndexer | None = None) -> list[tuple[int, int]]:
    """Character spans of ``text`` that the query matches (merged, in order)."""
    indexer = indexer or default_indexer()
    word = indexer.word
    targets = query.words | query.bigrams
    prefixes = {term[:k] for term in targets for k in range(2, len(term))}
    suffixes = {term[k:] for term in targets for k in range(2, len(term))}
    cores = {term[2:] if term.startswith("ال") and len(term) > 3 else term for term in targets}
    # decide per distinct surface once; the scan below then only does set lookups. Every form of a
    # word is a suffix of its normalised whole (or ا + one), so most words are rejected cheaply: a
    # word can match only if its whole is a suffix of a target or ends with a core, a prefix of a
    # target (at least two letters) or such a prefix without its leading ا (one C-level endswith)
    ends = tuple(cores | prefixes | {p[1:] for p in prefixes if p.startswith("ا") and len(p) > 2})
    wholes = indexer.wholes
    alone, firsts, seconds = set(), set(), set()
    for surface in dict.fromkeys(TOKEN_RE.findall(text)):
        whole = wholes.get(surface)
        if whole is None:
            whole = _term(normalize_key(surface))
            if len(wholes) < _MAX_CHUNKS:
                wholes[surface] = whole
        if not whole or not (whole in suffixes or whole.endswith(ends)):
            continue
        item = word(surface)
        if not item.forms:
            continue
        if not targets.isdisjoint(item.forms):
            alone.add(surface)
        if item.head in prefixes or item.head2 in prefixes:
            firsts.add(surface)
        if item.whole in suffixes:
            seconds.add(surface)
    if not alone and not (firsts and seconds):
        return []
    found = _spans_by_search(text, indexer, targets, alone, firsts, seconds)
    return _merge(found if found is not None else _spans_by_scan(text, indexer, targets, alone, firsts, seconds))


def _pair_matches(indexer: TermIndexer, first_surface: str, second_surface: str, targets: AbstractSet[str]) -> bool:
    first, whole = indexer.word(first_surface), indexer.word(second_surface).whole
    return first.head + whole in targets or bool(first.head2 and first.head2 + whole in targets)


def _spans_by_scan(text: str, indexer: TermIndexer, targets: AbstractSet[str], alone: set[str], firsts: set[str],
                   seconds: set[str]) -> list[tuple[int, int]]:
    """Matching spans from one pass over every token of the text."""
    spans: list[tuple[int, int]] = []
    previous: tuple[int, int, str] | None = None
    for match in TOKEN_RE.finditer(text):
        surface = match.group()
        if surface in alone:
            spans.append(match.span())
        if (previous is not None and surface in seconds and previous[2] in firsts
                and _pair_matches(indexer, previous[2], surface, targets)):
            spans.extend([(previous[0], previous[1]), match.span()])
        previous = (match.start(), match.end(), surface)
    return spans


_MAX_CANDIDATES = 4096  # occurrences looked at one by one before a whole scan is cheaper
_MAX_CHUNK = 256  # longest whitespace-free run tokenised around an occurrence


def _chunk_tokens(text: str, position: int) -> list[tuple[int, int]] | None:
    """Token spans of the whitespace-free chunk around ``position`` (None if it is very long)."""
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
        if position - start > _MAX_CHUNK:
            return None
    end = position
    while end < len(text) and not text[end].isspace():
        end += 1
        if end - position > _MAX_CHUNK:
            return None
    return [match.span() for match in TOKEN_RE.finditer(text, start, end)]


def _previous_token(text: str, chunk: list[tuple[int, int]], index: int) -> tuple[int, int] | None:
    """The token before ``chunk[index]``: in the same chunk, or the last of the chunk before."""
    if index > 0:
        return chunk[index - 1]
    position = chunk[index][0] - 1
    while position >= 0 and text[position].isspace():
        position -= 1
    if position < 0:
        return None
    before = _chunk_tokens(text, position)
    return before[-1] if before else None


def _spans_by_search(text: str, indexer: TermIndexer, targets: AbstractSet[str], alone: set[str], firsts: set[str],
                     seconds: set[str]) -> list[tuple[int, int]] | None:
    """Matching spans found by searching for the matching words only (C-level ``str.find``).

    Each occurrence is kept when tokenising its whitespace-free chunk (tokens never span
    whitespace) gives exactly that token, so the spans equal those of a whole scan. ``None`` when
    the occurrences are too many or a chunk too long: the caller scans instead.
    """
    spans: list[tuple[int, int]] = []
    candidates = 0
    for surface in alone | (seconds if firsts else set()):
        position = text.find(surface)
        while position >= 0:
            candidates += 1
            if candidates > _MAX_CANDIDATES:
                return None
            chunk = _chunk_tokens(text, position)
            if chunk is None:
                return None
            span = (position, position + len(surface))
            if span in chunk:
                if surface in alone:
                    spans.append(span)
                if surface in seconds:
                    previous = _previous_token(text, chunk, chunk.index(span))
                    if previous is not None:
                        first = text[previous[0] : previous[1]]
                        if first in firsts and _pair_matches(indexer, first, surface, targets):
                            spans.extend([previous, span])
            position = text.find(surface, position + 1)
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """HTML-escape ``text[start:end]`` and wrap the given spans in ``<mark>``."""
    end = len(text) if end is None else end
    out: list[str] = []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(html.escape(text[position:span_start]))
        out.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(html.escape(text[position:end]))
    return "".join(out)


def snippet(text: str, spans: list[tuple[int, int]], *, width: int = 240) -> str:
    """A window of about ``width`` characters around the densest run of matches, highlighted."""
    if len(text) <= width:
        return highlight(text, spans)
    best, best_count = 0, -1
    for index, (span_start, _end) in enumerate(spans):
        count = sum(1 for other in spans[index:] if other[1] <= span_start + width)
        if count > best_count:
            best, best_count = span_start, count
    start = max(0, best - width // 4)
    space = text.rfind(" ", 0, start)
    start = 0 if start == 0 or space < 0 or start - space > 30 else space + 1
    end = min(len(text), start + width)
    space = text.find(" ", end)
    end = len(text) if space < 0 or space - end > 30 else space
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + highlight(text, spans, start, end).replace("\n", " ") + suffix
