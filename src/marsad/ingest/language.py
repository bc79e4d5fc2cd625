"""The language of a page: Arabic when most of its words are Arabic, else a guess from function words.

Marsad reads Arabic only; a page in another language is stored with that language and no Arabic
analysis (no NER, places or events). The guess among other languages is a count of frequent function
words (ISO 639-1 code, ``und`` when none stands out).
"""

from __future__ import annotations

import re

ARABIC = "ar"
UNDETERMINED = "und"
ARABIC_SHARE = 0.5  # of the words of a page (words, not letters: one long run of junk letters is one word)
_SAMPLE = 20_000  # characters read: enough to tell, cheap on a huge page
_ARABIC = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
_ARABIC_LETTER_RE = re.compile(f"[{_ARABIC}]")
_ANY_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_WORD_RE = re.compile(r"[a-zà-öø-ÿ']+")
# Frequent function words of the languages news reaching Marsad is most often written in besides Arabic.
_WORDS = {
    "en": "the of and to in is that for on with was as by at from his are were has have this which",
    "fr": "le la les des de du et est une un dans pour que qui sur par au aux avec ont été",
    "tr": "ve bir bu da de ile için olarak olan gibi daha çok kadar sonra",
    "de": "der die das und ist nicht mit den von zu im ein eine auf für sich dem des",
    "es": "el la los las de del y en que por con para una un se su al",
}
_FUNCTION_WORDS = {code: frozenset(words.split()) for code, words in _WORDS.items()}


def detect_language(text: str) -> str:
    """``ar`` for an Arabic page; otherwise the language whose function words are most frequent."""
    sample = text[:_SAMPLE]
    words = _ANY_WORD_RE.findall(sample)
    if not words:
        return UNDETERMINED
    if sum(1 for word in words if _ARABIC_LETTER_RE.match(word)) >= ARABIC_SHARE * len(words):
        return ARABIC
    latin = _WORD_RE.findall(sample.lower())
    scores = {code: sum(1 for word in latin if word in vocabulary) for code, vocabulary in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 3 else UNDETERMINED
