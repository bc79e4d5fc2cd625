"""Tagging with a CRFsuite model's weights in numpy: the same labels as ``pycrfsuite.Tagger.tag``, faster.

A linear-chain CRF scores a label at a token as the sum of the weights of the token's attributes for that
label; Viterbi then adds the transition weights. Most of a token's attributes belong to its form (its own
and those it lends each neighbour), so each form's five score vectors are summed once and cached; a
sentence's scores are those vectors shifted into place plus the few attributes of the occurrence (bigrams,
sentence edges, gazetteer phrases). Viterbi runs over all the sentences of a call at once, with
CRFsuite's tie-breaking (the first label of equal score).

The weights are read from the model file itself (CRFsuite's ``FOMC`` format, little-endian, version 100):
its text dump rounds them to six decimals. A file of another format is refused (``ValueError``) and the
tagger falls back on CRFsuite.
"""

from __future__ import annotations

import re
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from marsad.entities.features import FeatureExtractor, FormFeatures

_HEADER = struct.Struct("<4sI4sI8I")  # magic, size, type, version, features, labels, attributes, five offsets
_FEATURE = np.dtype([("kind", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
_CHUNK = 12  # a chunk's tag, size and count before its items
_STATE, _TRANSITION = 0, 1
_BLOCK_RE = r"^{name} = \{{\n(.*?)\n\}}"
_ENTRY_RE = re.compile(r"^\s*(\d+): (.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ChainWeights:
    """A CRF's labels, its state weights per attribute and its transition weights."""

    labels: tuple[str, ...]
    rows: dict[str, int]  # attribute → row of ``state``
    state: np.ndarray  # (attributes + 1, labels); the last row is zeros (an empty list of attributes)
    transition: np.ndarray  # (labels, labels): from one label to the next

    @classmethod
    def read(cls, model: bytes, dump: str) -> ChainWeights:
        """The weights of a model file, the names of its labels and attributes from its text dump
        (``ValueError`` when the file is not what it should be)."""
        try:
            return cls._read(model, dump)
        except (struct.error, IndexError) as exc:  # offsets or numbers past the file's end: a broken file
            raise ValueError(f"not a readable CRFsuite model ({exc})") from exc

    @classmethod
    def _read(cls, model: bytes, dump: str) -> ChainWeights:
        if len(model) < _HEADER.size:
            raise ValueError("not a CRFsuite model: too short")
        magic, _size, kind, version, _features, n_labels, n_attributes, offset, *_ = _HEADER.unpack_from(model)
        if magic != b"lCRF" or kind != b"FOMC" or version != 100:
            raise ValueError(f"not a CRFsuite FOMC model of version 100 ({magic!r}, {kind!r}, {version})")
        tag, _chunk_size, count = struct.unpack_from("<4sII", model, offset)
        if tag != b"FEAT":
            raise ValueError("CRFsuite model without its feature chunk")
        if offset + _CHUNK + count * _FEATURE.itemsize > len(model):
            raise ValueError("not a readable CRFsuite model (its features run past the end of the file)")
        features = np.frombuffer(model, dtype=_FEATURE, count=count, offset=offset + _CHUNK)
        labels = _names(dump, "LABELS", n_labels)
        attributes = _names(dump, "ATTRIBUTES", n_attributes)
        state_features = features[features["kind"] == _STATE]
        used = np.unique(state_features["source"])
        row_of = np.full(n_attributes, -1, dtype=np.int64)
        row_of[used] = np.arange(len(used))
        state = np.zeros((len(used) + 1, n_labels))
        np.add.at(state, (row_of[state_features["source"]], state_features["target"].astype(np.int64)),
                  state_features["weight"])
        transition = np.zeros((n_labels, n_labels))
        moves = features[features["kind"] == _TRANSITION]
        np.add.at(transition, (moves["source"].astype(np.int64), moves["target"].astype(np.int64)), moves["weight"])
        rows = {attributes[int(attribute)]: int(row) for attribute, row in zip(used, range(len(used)), strict=True)}
        return cls(tuple(labels), rows, state, transition)

    @property
    def empty_row(self) -> int:
        return len(self.state) - 1


def _names(dump: str, block: str, count: int) -> list[str]:
    match = re.search(_BLOCK_RE.format(name=block), dump, re.DOTALL | re.MULTILINE)
    if match is None:
        raise ValueError(f"CRFsuite dump without its {block} block")
    names = [""] * count
    for number, name in _ENTRY_RE.findall(match.group(1)):
        names[int(number)] = name
    return names


def viterbi(scores: np.ndarray, lengths: Sequence[int], transition: np.ndarray) -> list[list[int]]:
    """The best label path of each sentence, all sentences stepped together.

    ``scores`` is (sentences, longest, labels), zeros past a sentence's end; ``lengths`` the sentences' lengths.
    """
    count, longest, labels = scores.shape
    by_position = np.ascontiguousarray(scores.transpose(1, 0, 2))
    alpha = np.empty((longest, count, labels))
    back = np.empty((longest, count, labels), dtype=np.intp)
    alpha[0] = by_position[0]
    paths = np.empty((count, labels, labels))  # (sentence, from, to)
    best = np.empty((count, labels))
    moves = transition[None]
    for position in range(1, longest):
        np.add(alpha[position - 1][:, :, None], moves, out=paths)
        paths.argmax(axis=1, out=back[position])  # the first of equal scores, as CRFsuite keeps it
        paths.max(axis=1, out=best)
        np.add(best, by_position[position], out=alpha[position])
    out: list[list[int]] = []
    for index, length in enumerate(lengths):
        if not length:
            out.append([])
            continue
        label = int(alpha[length - 1, index].argmax())
        path = [label]
        for row in reversed(back[1:length, index].tolist()):
            label = row[label]
            path.append(label)
        path.reverse()
        out.append(path)
    return out


class ChainTagger:
    """Tags sentences with :class:`ChainWeights` and a feature extractor's cached form features."""

    def __init__(self, weights: ChainWeights, extractor: FeatureExtractor, cache_size: int = 100_000) -> None:
        self.weights = weights
        self.extractor = extractor
        self._cache_size = cache_size
        self._row_of: dict[str, int] = {}  # form → row of ``_vectors``
        self._vectors = np.zeros((1024, 5, len(weights.labels)))  # own, then as the neighbour at -2, -1, +1, +2
        self._lock = threading.Lock()  # the cache is shared by the threads that tag at once (the API's)

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """One label per token of each sentence, as the CRF's own tagger gives them."""
        lengths = [len(sentence) for sentence in sentences]
        total = sum(lengths)
        if total == 0:
            return [[] for _ in sentences]
        tokens: list[str] = []
        forms: list[FormFeatures] = []
        extra_tokens: list[int] = []
        extra_attributes: list[str] = []
        for sentence in sentences:
            data, keys, stems, marks = self.extractor.sentence_parts(sentence)
            for token, attribute in self.extractor.sentence_extras(keys, stems, marks):
                extra_tokens.append(len(tokens) + token)
                extra_attributes.append(attribute)
            tokens.extend(sentence)
            forms.extend(data)
        with self._lock:  # another call may empty or grow the cache between the rows and the read
            rows = self._rows(tokens, forms)  # first: adding forms may grow the matrix
            vectors = self._vectors[rows]  # (tokens, 5, labels), a copy
        starts = np.repeat(np.cumsum([0, *lengths[:-1]]), lengths)
        position = np.arange(total) - starts
        remaining = np.repeat(lengths, lengths) - 1 - position  # tokens after this one in its sentence
        scores = vectors[:, 0].copy()
        scores[2:] += vectors[:-2, 1] * (position[2:] >= 2)[:, None]
        scores[1:] += vectors[:-1, 2] * (position[1:] >= 1)[:, None]
        scores[:-1] += vectors[1:, 3] * (remaining[:-1] >= 1)[:, None]
        scores[:-2] += vectors[2:, 4] * (remaining[:-2] >= 2)[:, None]
        state_rows = self.weights.rows
        known = [(token, row) for token, attribute in zip(extra_tokens, extra_attributes, strict=True)
                 if (row := state_rows.get(attribute)) is not None]
        if known:
            at, which = zip(*known, strict=True)
            np.add.at(scores, np.asarray(at), self.weights.state[list(which)])
        sentence_of = np.repeat(np.arange(len(lengths)), lengths)
        padded = np.zeros((len(lengths), max(lengths), scores.shape[1]))
        padded[sentence_of, position] = scores
        names = self.weights.labels
        return [[names[label] for label in path] for path in viterbi(padded, lengths, self.weights.transition)]

    def _rows(self, tokens: Sequence[str], data: Sequence[FormFeatures]) -> list[int]:
        """Each token's row of cached score vectors, the vectors of new forms summed in one step."""
        row_of = self._row_of
        new = {token: features for token, features in zip(tokens, data, strict=True) if token not in row_of}
        if new:
            if len(row_of) + len(new) > self._cache_size:
                row_of.clear()
                new = dict(zip(tokens, data, strict=True))
            self._add(new)
        return [row_of[token] for token in tokens]

    def _add(self, forms: dict[str, FormFeatures]) -> None:
        rows, empty = self.weights.rows, self.weights.empty_row
        flat: list[int] = []
        starts: list[int] = []
        for own, windowed, _key, _stem in forms.values():
            for attributes in (own, *windowed):
                starts.append(len(flat))
                flat.extend(row for attribute in attributes if (row := rows.get(attribute)) is not None)
                flat.append(empty)  # every slot has at least one row: reduceat never sees an empty run
        sums = np.add.reduceat(self.weights.state[flat], starts, axis=0).reshape(len(forms), 5, -1)
        first = len(self._row_of)
        if first + len(forms) > len(self._vectors):
            grown = np.zeros((max(2 * len(self._vectors), first + len(forms)), *self._vectors.shape[1:]))
            grown[:first] = self._vectors[:first]
            self._vectors = grown
        self._vectors[first : first + len(forms)] = sums
        for offset, token in enumerate(forms):
            self._row_of[token] = first + offset
