"""Affiliations stated in articles: "X التابعة لـ Y", "X المدعومة من Y", "X الموالية لـ Y".

Each becomes a :class:`~marsad.model.Relation` whose span is the stated phrase (from X to Y),
with the actors' surface forms and, where the actor base knows them, their ids.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..model import Article, Relation, Token
from ..text.lexmatch import PhraseMatch
from ..text.normalize import normalize_key
from .base import ActorBase

#: Normalised relation words → relation label.
RELATION_WORDS: dict[str, str] = {
    **{normalize_key(w): "part_of" for w in ("التابعة", "التابع", "التابعين", "التابعون", "تابعة", "تابع", "تتبع",
                                             "يتبع", "المنضوية", "المنضوي", "المنضوين")},
    **{normalize_key(w): "supported_by" for w in ("المدعومة", "المدعوم", "المدعومين", "المدعومون", "مدعومة",
                                                  "مدعوم")},
    **{normalize_key(w): "allied_with" for w in ("الموالية", "الموالي", "الموالين", "الموالون", "موالية", "موال",
                                                 "الحليفة", "الحليف", "المتحالفة")},
}
_MAX_GAP = 3  # words between the first actor and the relation word ("ميليشيا X" ، "وهي")
_MAX_TOKENS_BACK = 4 * _MAX_GAP + 8  # tokens (words and punctuation) looked back through


def find_relations(article: Article, actors: ActorBase) -> list[Relation]:
    """Affiliation phrases between two actor mentions of the same sentence."""
    text = article.text
    tokens: list[Token] = article.layers.get("tokens", [])
    token_starts = [token.start for token in tokens]
    relations: list[Relation] = []
    for sentence in article.layers.get("sentences", []) or []:
        first = bisect.bisect_left(token_starts, sentence.start)
        last = bisect.bisect_left(token_starts, sentence.end, lo=first)
        inside = [t for t in tokens[first:last] if t.end <= sentence.end]
        mentions = actors.matcher.find(text, inside)
        ends = [mention.end for mention in mentions]
        starts = [mention.start for mention in mentions]
        for position, token in enumerate(inside):
            bare = token.norm[1:] if token.norm[:1] == "و" else ""  # "وهي تابعة" / "والتابعة"
            label = RELATION_WORDS.get(token.norm) or RELATION_WORDS.get(bare)
            if label is None:
                continue
            subject = _before(mentions, ends, inside, position)
            obj = _after(mentions, starts, token)
            if subject is None or obj is None or subject.values == obj.values:
                continue
            relations.append(
                Relation(
                    subject.start, obj.end, label,
                    subject=text[subject.start : subject.end], object=text[obj.start : obj.end],
                    subject_id=_coded(actors, subject), object_id=_coded(actors, obj),
                )
            )
    return relations


def _before(mentions: Sequence[PhraseMatch[str]], ends: Sequence[int], tokens: Sequence[Token],
            position: int) -> PhraseMatch[str] | None:
    """The last mention ending before the relation word, with at most ``_MAX_GAP`` words between."""
    index = bisect.bisect_right(ends, tokens[position].start) - 1
    if index < 0:
        return None
    mention = mentions[index]
    words = 0
    for token in reversed(tokens[max(0, position - _MAX_TOKENS_BACK) : position]):
        if token.start < mention.end:
            return mention
        words += token.label == "word"
        if words > _MAX_GAP:
            return None
    return None  # punctuation beyond reason between them


def _after(mentions: Sequence[PhraseMatch[str]], starts: Sequence[int], token: Token) -> PhraseMatch[str] | None:
    index = bisect.bisect_left(starts, token.end)
    if index >= len(mentions):
        return None
    mention = mentions[index]
    return mention if mention.start - token.end <= 8 else None  # "لـ" / "من" and quotes between


def _coded(actors: ActorBase, mention: PhraseMatch[str]) -> str | None:
    actor = actors.get(mention.values[0])
    return actor.id if actor else None
