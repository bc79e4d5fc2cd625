"""CoNLL reading and writing, and conlleval-style entity scoring.

File format: one token per line, the gold label in the last column (columns separated by tabs or
spaces), a blank line between sentences.  Labels are BIO (``B-PER``, ``I-LOC``, ``O``); the old
ANERcorp spelling ``PERS`` is read as ``PER``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from marsad.errors import InputError

Sentence = list[tuple[str, str]]

_TYPE_ALIASES = {"PERS": "PER", "MIS": "MISC"}


def normalize_label(label: str) -> str:
    """Return ``label`` in the canonical BIO spelling (``B-PERS`` → ``B-PER``, blanks → ``O``)."""
    label = label.strip()
    if not label or label == "O":
        return "O"
    if len(label) > 2 and label[1] == "-" and label[0] in "BIEbie":
        prefix, etype = label[0].upper(), label[2:].upper()
    else:
        prefix, etype = "I", label.upper()
    etype = _TYPE_ALIASES.get(etype, etype)
    return f"{prefix}-{etype}"


def _split_line(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


def read_conll_lines(path: str | Path) -> list[list[list[str]]]:
    """Read a CoNLL file as sentences of raw column lists (labels untouched)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read CoNLL file {path}: {exc}") from exc
    sentences: list[list[list[str]]] = []
    current: list[list[str]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        columns = [c.strip() for c in _split_line(line)]
        columns = [c for c in columns if c]
        if not columns:
            continue
        if len(columns) < 2:
            raise InputError(f"{path}:{lineno}: expected 'token ... label', got {line!r}")
        current.append(columns)
    if current:
        sentences.append(current)
    return sentences


def read_conll(path: str | Path) -> list[Sentence]:
    """Read ``path`` as sentences of ``(token, gold_label)`` pairs (label from the last column)."""
    return [[(columns[0], normalize_label(columns[-1])) for columns in sentence] for sentence in read_conll_lines(path)]


def format_tagged(
    sentences: Sequence[Sequence[Sequence[str]]], predicted: Sequence[Sequence[str]], sep: str = " "
) -> str:
    """Return conlleval input: each input line (its columns) with the predicted label appended.

    ``sentences`` holds, for each sentence, the column lists of its lines (as returned by
    :func:`read_conll_lines`) or ``(token, gold)`` pairs; sentences are separated by a blank line.
    """
    if len(sentences) != len(predicted):
        raise ValueError("sentences and predictions differ in number")
    out: list[str] = []
    for sentence, labels in zip(sentences, predicted, strict=True):
        if len(sentence) != len(labels):
            raise ValueError("a sentence and its predictions differ in length")
        for columns, label in zip(sentence, labels, strict=True):
            out.append(sep.join([*columns, label]))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def extract_entities(labels: Sequence[str]) -> set[tuple[int, int, str]]:
    """Return the ``(start, end, type)`` spans of a BIO sequence, conlleval style.

    An ``I-X`` that does not continue an open ``X`` chunk (after ``O`` or another type) starts a
    new chunk; ``E-``/``S-`` prefixes are read as ``I-``/``B-``.
    """
    spans: set[tuple[int, int, str]] = set()
    start = -1
    current = ""
    for index, raw in enumerate(labels):
        label = normalize_label(raw)
        if label == "O":
            prefix, etype = "O", ""
        else:
            prefix, etype = label[0], label[2:]
            if prefix == "S":
                prefix = "B"
            elif prefix == "E":
                prefix = "I"
        if current and (prefix in ("O", "B") or etype != current):
            spans.add((start, index, current))
            current = ""
        if prefix == "B" or (prefix == "I" and not current):
            start, current = index, etype
    if current:
        spans.add((start, len(labels), current))
    return spans


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": tp,
        "predicted": n_pred,
        "gold": n_gold,
    }


def score_entities(
    gold_sequences: Iterable[Sequence[str]], predicted_sequences: Iterable[Sequence[str]]
) -> dict[str, object]:
    """Score predicted BIO sequences against gold ones: entity-level micro P/R/F1, exact span + type.

    Returns ``{"precision", "recall", "f1", "true_positives", "predicted", "gold", "tokens",
    "accuracy", "per_type": {TYPE: {...same keys...}}}``.
    """
    tp: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    tokens = correct = 0
    golds = list(gold_sequences)
    preds = list(predicted_sequences)
    if len(golds) != len(preds):
        raise ValueError("gold and predicted differ in number of sentences")
    for gold, pred in zip(golds, preds, strict=True):
        if len(gold) != len(pred):
            raise ValueError("a gold and a predicted sentence differ in length")
        tokens += len(gold)
        correct += sum(normalize_label(g) == normalize_label(p) for g, p in zip(gold, pred, strict=True))
        gold_spans = extract_entities(gold)
        pred_spans = extract_entities(pred)
        for span in gold_spans:
            n_gold[span[2]] = n_gold.get(span[2], 0) + 1
        for span in pred_spans:
            n_pred[span[2]] = n_pred.get(span[2], 0) + 1
        for span in gold_spans & pred_spans:
            tp[span[2]] = tp.get(span[2], 0) + 1
    types = sorted(set(n_gold) | set(n_pred))
    result: dict[str, object] = dict(_prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())))
    result["tokens"] = tokens
    result["accuracy"] = correct / tokens if tokens else 0.0
    result["per_type"] = {t: _prf(tp.get(t, 0), n_pred.get(t, 0), n_gold.get(t, 0)) for t in types}
    return result
