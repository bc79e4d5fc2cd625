"""Clauses: sentences cut at clause openers, with the event lexicon's hits, and views over them.

:func:`find_clauses` runs each dictionary (triggers, cues, actor aliases) once over the article and
files every hit under the clause it starts in; the ``clauses`` layer keeps them. :func:`clause_views`
rebuilds, from the layers, what the later stages read per clause: its tokens, hits (as phrase
matches with token indices counted inside the clause), places, dates and numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..actors.base import ActorBase
from ..model import Article, Clause, DateSpan, LexiconHit, NumberSpan, PlaceMention, Span, Token
from ..text.lexmatch import PhraseMatch
from .lexicon import EventLexicon

_MIN_CLAUSE_CHARS = 15  # no one-word clauses


@dataclass(slots=True)
class ClauseView:
    """One clause as the coder reads it; token indices of its matches count from the clause's first token."""

    index: int
    clause: Clause
    tokens: list[Token]
    triggers: list[PhraseMatch[str]] = field(default_factory=list)
    cues: list[PhraseMatch[str]] = field(default_factory=list)
    actors: list[PhraseMatch[str]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateSpan] = field(default_factory=list)
    numbers: list[NumberSpan] = field(default_factory=list)
    #: what the coder worked out once for this clause (the view lives for one stage call)
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.clause.start

    @property
    def end(self) -> int:
        return self.clause.end

    @property
    def opener(self) -> str:
        """The word that opens the clause ("" for the first clause of a sentence)."""
        return self.clause.label

    @property
    def words(self) -> list[Token]:
        return [token for token in self.tokens if token.label == "word"]

    def cue_kinds(self) -> set[str]:
        return {value for cue in self.cues for value in cue.values}

    def cues_of(self, kind: str) -> list[PhraseMatch[str]]:
        return [cue for cue in self.cues if kind in cue.values]


def find_clauses(article: Article, lexicon: EventLexicon, actors: ActorBase) -> list[Clause]:
    """The clauses of the article's sentences with the lexicon's hits filed under each."""
    text = article.text
    tokens: list[Token] = article.layers.get("tokens", [])
    sentences: list[Span] = article.layers.get("sentences", []) or [Span(0, len(text), "sentence")]
    openers = lexicon.word_set("clause_openers")
    starts = [token.start for token in tokens]
    clauses = [
        Clause(span.start, span.end, span.label, sentence=number)
        for number, sentence in enumerate(sentences)
        for span in split_clauses(text, tokens, sentence, openers, starts=starts)
    ]
    if not clauses:
        return []
    starts = [clause.start for clause in clauses]

    def owner(offset: int) -> Clause:
        return clauses[max(0, bisect.bisect_right(starts, offset) - 1)]

    for trigger in lexicon.triggers.find(text, tokens, overlapping=True):
        owner(trigger.start).triggers.append(_hit(trigger))
    for cue in lexicon.cues.find(text, tokens, overlapping=True):
        owner(cue.start).cues.append(_hit(cue))
    for mention in actors.matcher.find(text, tokens):
        owner(mention.start).actors.append(_hit(mention))
    for clause in clauses:
        clause.triggers = _longest(clause.triggers)
    return clauses


def split_clauses(text: str, tokens: Sequence[Token], sentence: Span, openers: frozenset[str], *,
                  starts: Sequence[int] | None = None) -> list[Span]:
    """Cut a sentence before each clause opener (فيما، بينما، في حين، وذلك، حيث …); labels name the opener.

    ``starts`` (the tokens' start offsets, computed once per article) spares a scan per sentence.
    """
    starts = starts if starts is not None else [t.start for t in tokens]
    first = bisect.bisect_left(starts, sentence.start) if tokens else 0
    inside = []
    for position in range(first, len(tokens)):  # (no slice: a copy of the rest of a long page per sentence)
        token = tokens[position]
        if token.start >= sentence.end:
            break
        if token.label == "word" and token.end <= sentence.end:
            inside.append(token)
    cuts = [sentence.start]
    names = {sentence.start: ""}
    for position, token in enumerate(inside[1:], start=1):
        norm = token.norm[1:] if token.norm.startswith("و") and token.norm[1:] in openers else token.norm
        pair = f"{norm} {inside[position + 1].norm}" if position + 1 < len(inside) else ""
        opener = norm if norm in openers else token.norm if token.norm in openers else pair if pair in openers else ""
        if opener and token.start - cuts[-1] >= _MIN_CLAUSE_CHARS:
            cuts.append(token.start)
            names[token.start] = opener
    cuts.append(sentence.end)
    spans = []
    for start, end in pairwise(cuts):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            spans.append(Span(start + lead, start + trail, names.get(start, "")))
    return spans or [Span(sentence.start, sentence.end, "")]


def clause_views(article: Article) -> list[ClauseView]:
    """Views of the ``clauses`` layer: tokens, matches, places, dates and numbers of each clause."""
    clauses: list[Clause] = article.layers.get("clauses", [])
    tokens: list[Token] = article.layers.get("tokens", [])
    token_starts = [token.start for token in tokens]
    views = []
    for index, clause in enumerate(clauses):
        low = bisect.bisect_left(token_starts, clause.start)
        high = bisect.bisect_left(token_starts, clause.end)
        own = tokens[low:high]
        local_starts = token_starts[low:high]
        view = ClauseView(index, clause, own)
        view.triggers = [_match(hit, local_starts) for hit in clause.triggers]
        view.cues = [_match(hit, local_starts) for hit in clause.cues]
        view.actors = [_match(hit, local_starts) for hit in clause.actors]
        views.append(view)
    if views:
        starts = [clause.start for clause in clauses]

        def owner(offset: int) -> ClauseView:
            return views[max(0, bisect.bisect_right(starts, offset) - 1)]

        for place in article.layers.get("places", []):
            owner(place.start).places.append(place)
        for found in article.layers.get("dates", []):
            owner(found.start).dates.append(found)
        for number in article.layers.get("numbers", []):
            owner(number.start).numbers.append(number)
    return views


def _hit(match: PhraseMatch[str]) -> LexiconHit:
    return (match.start, match.end, match.key, "|".join(match.values))


def _match(hit: LexiconHit, token_starts: list[int]) -> PhraseMatch[str]:
    start, end, key, values = hit
    first = max(0, bisect.bisect_right(token_starts, start) - 1)
    last = max(first, bisect.bisect_left(token_starts, end) - 1)
    return PhraseMatch(start, end, key, tuple(values.split("|")), first, last)


def _longest(hits: list[LexiconHit]) -> list[LexiconHit]:
    """Overlapping trigger hits: the longest wins ("قصف مدفعي" over "قصف")."""
    kept: list[LexiconHit] = []
    for hit in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
        if kept and hit[0] < kept[-1][1]:
            continue
        kept.append(hit)
    return kept
