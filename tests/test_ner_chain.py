"""The NER model tagged with its weights in numpy gives CRFsuite's own labels."""

from __future__ import annotations

import logging
import threading
from importlib import resources
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from marsad.entities.chain import ChainTagger, ChainWeights, viterbi
from marsad.entities.features import FeatureExtractor, Resources
from marsad.entities.tagger import NerTagger, model_dump, state_attributes_of
from marsad.text.sentences import split_sentences
from marsad.text.tokenize import tokenize

MODEL_DIR = Path(str(resources.files("marsad").joinpath("data", "ner")))
EXAMPLES = Path(__file__).parent / "fixtures" / "examples"


def _sentences() -> list[list[str]]:
    """The word tokens of every sentence of the example pages (real news)."""
    out = []
    for page in sorted(EXAMPLES.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        tokens = tokenize(text)
        for sentence in split_sentences(text):
            words = [text[t.start : t.end] for t in tokens if sentence.start <= t.start < sentence.end]
            if words:
                out.append(words)
    return out


def _open(name: str) -> tuple[pycrfsuite.Tagger, str]:
    model = pycrfsuite.Tagger()
    model.open(str(MODEL_DIR / name))
    return model, model_dump(model)


@pytest.mark.parametrize("name", ["ner.crfsuite", "ner_stage1.crfsuite"])
def test_chain_gives_crfsuites_labels_on_real_news(name: str) -> None:
    model, dump = _open(name)
    extractor = FeatureExtractor(Resources.load(MODEL_DIR), known=frozenset(state_attributes_of(dump)))
    chain = ChainTagger(ChainWeights.read((MODEL_DIR / name).read_bytes(), dump), extractor, cache_size=1_000)
    sentences = _sentences()
    assert len(sentences) > 150
    expected = [list(model.tag(extractor.sentence_features(sentence))) for sentence in sentences]
    # in runs of sentences as an article is tagged; the small cache is emptied and refilled on the way
    got = [labels for start in range(0, len(sentences), 25) for labels in chain.tag_many(sentences[start : start + 25])]
    assert got == expected
    assert sum(label != "O" for labels in got for label in labels) > 100


def test_weights_are_the_models_own() -> None:
    model, dump = _open("ner_stage1.crfsuite")
    weights = ChainWeights.read((MODEL_DIR / "ner_stage1.crfsuite").read_bytes(), dump)
    info = model.info()
    assert weights.labels == tuple(model.labels())
    label = {name: index for index, name in enumerate(weights.labels)}
    for (attribute, name), value in list(info.state_features.items())[::97]:
        assert weights.state[weights.rows[attribute], label[name]] == pytest.approx(value, abs=1e-6)
    for (before, after), value in info.transitions.items():
        assert weights.transition[label[before], label[after]] == pytest.approx(value, abs=1e-6)
    assert not weights.state[weights.empty_row].any()
    assert set(weights.rows) == {attribute for attribute, _label in info.state_features}


def test_viterbi_keeps_the_first_of_equal_scores_as_crfsuite_does() -> None:
    flat = np.zeros((2, 3, 4))
    assert viterbi(flat, [3, 1], np.zeros((4, 4))) == [[0, 0, 0], [0]]
    scores = np.array([[[1.0, 1.0, 0.0], [0.0, 0.0, 0.0]]])
    transition = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]])
    assert viterbi(scores, [2], transition) == [[1, 2]]  # 1 → 2 earns the transition
    assert viterbi(np.zeros((1, 1, 3)), [0], transition) == [[]]


def test_a_file_of_another_format_is_refused() -> None:
    _model, dump = _open("ner_stage1.crfsuite")
    with pytest.raises(ValueError, match="not a CRFsuite"):
        ChainWeights.read(b"not a model at all, and longer than a header is" * 2, dump)
    with pytest.raises(ValueError, match="too short"):
        ChainWeights.read(b"lCRF", dump)
    cut = (MODEL_DIR / "ner_stage1.crfsuite").read_bytes()[:4096]  # a file broken off: offsets past its end
    with pytest.raises(ValueError, match="not a readable CRFsuite model"):
        ChainWeights.read(cut, dump)


def test_the_tagger_falls_back_on_crfsuite_when_the_weights_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unreadable(model: bytes, dump: str) -> ChainWeights:
        raise ValueError("not a CRFsuite FOMC model of version 100")

    fast = NerTagger.load(fast=True)
    assert fast._chain is not None
    monkeypatch.setattr(ChainWeights, "read", staticmethod(unreadable))
    with caplog.at_level(logging.WARNING, logger="marsad.entities.tagger"):
        plain = NerTagger.load(fast=True)
    assert plain._chain is None
    assert "tagged by CRFsuite itself" in caplog.text
    sentences = _sentences()[:60]
    assert plain.tag_many(sentences) == fast.tag_many(sentences)


def test_empty_sentences_keep_their_place() -> None:
    tagger = NerTagger.load(fast=True)
    labels = tagger.tag_many([[], ["قال", "مسؤول", "في", "دمشق"], []])
    assert labels[0] == []
    assert labels[2] == []
    assert labels[1][3] == "B-LOC"


def test_threads_tagging_at_once_share_the_cache_safely() -> None:
    tagger = NerTagger.load(fast=True)
    assert tagger._chain is not None
    chain = ChainTagger(tagger._chain.weights, tagger._extractor, cache_size=300)  # emptied again and again
    sentences = _sentences()
    halves = [sentences[::2], sentences[1::2]]
    expected = [[tagger._chain.tag_many([sentence])[0] for sentence in half] for half in halves]
    got: list[list[list[str]]] = [[], []]
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            for _round in range(3):
                got[index] = [chain.tag_many([sentence])[0] for sentence in halves[index]]
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert got == expected
