"""Label propagation: a name the tagger labelled labels its other, unlabelled occurrences nearby.

News repeats names: a club, a bank or a person is named several times in an article, and the
sequence labeller often finds only some of the mentions (the ones with the clearest context).
After tagging, every entity span is keyed by its words (the first word without proclitics, so
"للبنك التجاري" and "البنك التجاري" share a key) and the spans of the ``window`` sentences either
side vote on a type; an occurrence of a key whose words are all outside entities gets that type.
Longer names go first; nothing the tagger labelled is changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from marsad.entities.conll import extract_entities

#: Shortest name (letters in all its words) that propagates: shorter ones are too ambiguous.
MIN_LETTERS = 3

Key = tuple[str, ...]


def _names(keys: Sequence[str], stems: Sequence[str], labels: Sequence[str]) -> list[tuple[Key, str]]:
    names = []
    for start, end, kind in sorted(extract_entities(labels)):
        key = (stems[start], *keys[start + 1 : end])
        if sum(map(len, key)) >= MIN_LETTERS:
            names.append((key, kind))
    return names


def propagate_labels(
    keys: Sequence[Sequence[str]], stems: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], window: int
) -> list[list[str]]:
    """Return new labels: ``labels`` plus the propagated names (one list per sentence).

    ``keys`` are the tokens' look-up forms and ``stems`` the same without proclitics, sentence by
    sentence, in document order.
    """
    named = [_names(k, s, lab) for k, s, lab in zip(keys, stems, labels, strict=True)]
    out: list[list[str]] = []
    for index, (sentence_keys, sentence_stems) in enumerate(zip(keys, stems, strict=True)):
        votes: dict[Key, dict[str, int]] = {}
        for names in named[max(0, index - window) : index + window + 1]:
            for key, kind in names:
                counts = votes.setdefault(key, {})
                counts[kind] = counts.get(kind, 0) + 1
        labelled = list(labels[index])
        if votes:
            _apply(sentence_keys, sentence_stems, labelled, votes)
        out.append(labelled)
    return out


def _apply(keys: Sequence[str], stems: Sequence[str], labels: list[str], votes: dict[Key, dict[str, int]]) -> None:
    by_first: dict[str, list[Key]] = {}
    for key in sorted(votes, key=lambda item: (-len(item), item)):
        by_first.setdefault(key[0], []).append(key)
    n = len(keys)
    for length in sorted({len(key) for key in votes}, reverse=True):
        for i in range(n - length + 1):
            candidates = by_first.get(stems[i], []) + (by_first.get(keys[i], []) if keys[i] != stems[i] else [])
            for key in candidates:
                if len(key) != length or tuple(keys[i + 1 : i + length]) != key[1:]:
                    continue
                if any(label != "O" for label in labels[i : i + length]):
                    continue
                if i + length < n and labels[i + length].startswith("I-"):
                    continue
                counts = votes[key]
                kind = min(counts, key=lambda name: (-counts[name], name))
                labels[i] = "B-" + kind
                labels[i + 1 : i + length] = ["I-" + kind] * (length - 1)
                break
