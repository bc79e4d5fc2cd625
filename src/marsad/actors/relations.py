"""Affiliations stated in articles: "X التابعة لـ Y", "X المدعومة من Y", "X الموالية لـ Y".

Each becomes a :class:`~marsad.model.Relation` whose span is the stated phrase (from X to Y),
with the actors' surface forms and, where the actor base knows them, their ids.
"""

from __future__ import annotations

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


def find_relations(article: Article, actors: ActorBase) -> list[Relation]:
    """Affiliation phrases between two actor mentions of the same sentence."""
    text = article.text
    tokens: list[Token] = article.layers.get("tokens", [])
    relations: list[Relation] = []
    for sentence in article.layers.get("sentences", []) or []:
        inside = [t for t in tokens if sentence.start <= t.start and t.end <= sentence.end]
        mentions = actors.matcher.find(text, inside)
        for position, token in enumerate(inside):
            bare = token.norm[1:] if token.norm[:1] == "و" else ""  # "وهي تابعة" / "والتابعة"
            label = RELATION_WORDS.get(token.norm) or RELATION_WORDS.get(bare)
            if label is None:
                continue
            subject = _before(mentions, inside, position)
            obj = _after(mentions, token)
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


def _before(mentions: Sequence[PhraseMatch[str]], tokens: Sequence[Token], position: int) -> PhraseMatch[str] | None:
    start = tokens[position].start
    candidates = [m for m in mentions if m.end <= start]
    if not candidates:
        return None
    mention = candidates[-1]
    gap = [t for t in tokens if mention.end <= t.start and t.end <= start and t.label == "word"]
    return mention if len(gap) <= _MAX_GAP else None


def _after(mentions: Sequence[PhraseMatch[str]], token: Token) -> PhraseMatch[str] | None:
    following = [m for m in mentions if m.start >= token.end]
    if not following:
        return None
    mention = following[0]
    return mention if mention.start - token.end <= 8 else None  # "لـ" / "من" and quotes between


def _coded(actors: ActorBase, mention: PhraseMatch[str]) -> str | None:
    actor = actors.get(mention.values[0])
    return actor.id if actor else None
