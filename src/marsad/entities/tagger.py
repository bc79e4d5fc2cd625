"""The Arabic named-entity tagger: a CRF (python-crfsuite) over cached token features.

``NerTagger.load()`` opens the packaged model (``marsad/data/ner/``); ``tag(tokens)`` returns one
BIO label per token (types PER, ORG, LOC, MISC). One CRF (the default ``fast`` mode) is tagged with its
own weights in numpy (:mod:`marsad.entities.chain`, the same labels); the two-pass ``best`` mode by CRFsuite.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.entities.chain import ChainTagger, ChainWeights
from marsad.errors import ModelError

if TYPE_CHECKING:
    import pycrfsuite

    from marsad.entities.features import FeatureExtractor

MODEL_FILE = "ner.crfsuite"
STAGE1_FILE = "ner_stage1.crfsuite"
CONFIG_FILE = "ner.json"
log = logging.getLogger(__name__)
CONTEXT_WINDOW = 10
LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")


class NerTagger:
    """A loaded NER model: feature extractor + CRF tagger."""

    def __init__(
        self,
        tagger: pycrfsuite.Tagger,
        extractor: FeatureExtractor,
        directory: Path,
        stage1: pycrfsuite.Tagger | None = None,
        stack: ExitStack | None = None,
        context_window: int = CONTEXT_WINDOW,
        propagate: bool = False,
        chain: ChainTagger | None = None,
    ) -> None:
        self._tagger = tagger
        self._chain = chain
        self._stage1 = stage1
        self._extractor = extractor
        self.directory = directory
        self._stack = stack
        self.context_window = context_window
        # label propagation after tagging (``propagate``), within the same window
        self.propagate = propagate

    @classmethod
    def load(cls, path: Path | None = None, *, fast: bool = False) -> NerTagger:
        """Load the model directory ``path`` (or its ``ner.crfsuite`` file); default: the packaged model.

        ``fast=True`` uses the first-pass CRF only (about twice the speed, about 1 point of F1 less).
        """
        import pycrfsuite

        from marsad.entities.features import FeatureExtractor, Resources

        stack: ExitStack | None = None
        if path is None:
            stack = ExitStack()
            try:
                ref = importlib_resources.files("marsad").joinpath("data", "ner")
                directory = Path(stack.enter_context(importlib_resources.as_file(ref)))
            except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
                stack.close()
                raise ModelError(f"the packaged NER model is missing ({exc}); reinstall marsad") from exc
        else:
            path = Path(path)
            directory = path.parent if path.is_file() else path
        model_path = Path(path) if path is not None and Path(path).is_file() else directory / MODEL_FILE
        if not model_path.is_file():
            if stack is not None:
                stack.close()
            raise ModelError(
                f"NER model not found: {model_path} (train it with scripts/train_ner.py or reinstall marsad)"
            )
        try:
            resources = Resources.load(directory)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            if stack is not None:
                stack.close()
            raise ModelError(f"NER resources in {directory} are corrupt: {exc}") from exc
        stage1_path = model_path.with_name(STAGE1_FILE)
        taggers: list[pycrfsuite.Tagger] = []
        for file in (model_path, stage1_path) if stage1_path.is_file() else (model_path,):
            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(file))
                labels = set(tagger.labels())
            except (OSError, ValueError, RuntimeError) as exc:
                if stack is not None:
                    stack.close()
                raise ModelError(f"NER model {file} is corrupt or unreadable: {exc}") from exc
            if not labels or not labels <= set(LABELS):
                if stack is not None:
                    stack.close()
                raise ModelError(f"NER model {file} has unexpected labels {sorted(labels)}")
            taggers.append(tagger)
        stage1 = taggers[1] if len(taggers) > 1 else None
        if fast and stage1 is not None:
            taggers[0].close()
            taggers[0], stage1 = stage1, None
        window, propagate = CONTEXT_WINDOW, False
        config_path = directory / CONFIG_FILE
        if config_path.is_file():
            try:
                config = json.loads(config_path.read_text(encoding="utf-8"))
                window, propagate = int(config["context_window"]), bool(config.get("propagate", False))
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                if stack is not None:
                    stack.close()
                raise ModelError(f"NER config {config_path} is corrupt: {exc}") from exc
        dumps = [model_dump(model) for model in (taggers[0], stage1) if model is not None]
        weights = None
        if stage1 is None:  # one CRF: tag with its weights in numpy (the same labels, faster)
            model_file = stage1_path if fast and stage1_path.is_file() else model_path
            try:
                weights = ChainWeights.read(model_file.read_bytes(), dumps[0])
            except (OSError, ValueError) as exc:
                log.warning("NER model %s is tagged by CRFsuite itself: %s", model_file, exc)
        # the attributes the models weight: the chain's rows are exactly those of its one model
        known = frozenset(weights.rows) if weights is not None else frozenset(
            attribute for dump in dumps for attribute in state_attributes_of(dump))
        extractor = FeatureExtractor(resources, known=known)
        chain = ChainTagger(weights, extractor) if weights is not None else None
        return cls(taggers[0], extractor, directory, stage1, stack, window, propagate, chain)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """Return one BIO label per token of one sentence (no cross-sentence context)."""
        if not tokens:
            return []
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """Tag the sentences of a document (or a run of documents), in order.

        The second pass looks at how the same words were labelled by the first pass in the
        ``context_window`` sentences either side, and label propagation (when the model's config
        asks for it) at the names labelled there, so pass whole documents in their order.
        """
        batch = [list(tokens) for tokens in sentences]
        labels = self._tag_batch(batch)
        if not self.propagate:
            return labels
        from marsad.entities.propagate import propagate_labels

        extractor = self._extractor
        keys = [extractor.sentence_keys(tokens) for tokens in batch]
        stems = [extractor.sentence_stems(tokens) for tokens in batch]
        return propagate_labels(keys, stems, labels, self.context_window)

    def _tag_batch(self, batch: list[list[str]]) -> list[list[str]]:
        if self._chain is not None:
            return self._chain.tag_many(batch)
        from marsad.entities.features import context_features

        extractor = self._extractor
        features = [extractor.sentence_features(tokens) for tokens in batch]
        if self._stage1 is None:
            return [list(self._tagger.tag(f)) if f else [] for f in features]
        stage1 = self._stage1
        first = [list(stage1.tag(f)) if f else [] for f in features]
        stems = [extractor.sentence_stems(tokens) for tokens in batch]
        context = context_features(stems, first, self.context_window)
        tagger = self._tagger
        out: list[list[str]] = []
        for own, extra in zip(features, context, strict=True):
            if not own:
                out.append([])
                continue
            out.append(list(tagger.tag([a + b for a, b in zip(own, extra, strict=True)])))
        return out

    def close(self) -> None:
        """Release the model (and any temporary copy of the packaged files)."""
        self._tagger.close()
        if self._stage1 is not None:
            self._stage1.close()
        if self._stack is not None:
            self._stack.close()
            self._stack = None


_STATE_FEATURE_RE = re.compile(r"^  \(\d+\) (.+) --> .+: [+-]?\d+\.\d+$", re.MULTILINE)


def model_dump(tagger: pycrfsuite.Tagger) -> str:
    """A model's text dump (CRFsuite writes it only to a file)."""
    with tempfile.TemporaryDirectory(prefix="marsad-crf-") as scratch:
        dump = Path(scratch) / "model.txt"
        tagger.dump(str(dump))
        return dump.read_text(encoding="utf-8")


def state_attributes(tagger: pycrfsuite.Tagger) -> set[str]:
    """The attributes of a model's state features (what ``tagger.info().state_features`` holds)."""
    return state_attributes_of(model_dump(tagger))


def state_attributes_of(text: str) -> set[str]:
    """The attributes of the state features of a model's text dump, read with one expression (without
    parsing the dump line by line in Python)."""
    start = text.find("STATE_FEATURES = {")
    if start < 0:
        return set()
    end = text.find("\n}", start)
    return set(_STATE_FEATURE_RE.findall(text, start, end if end >= 0 else len(text)))
