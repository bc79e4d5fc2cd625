"""Label propagation after tagging: names labelled once label their other occurrences nearby."""

from __future__ import annotations

from marsad.entities.conll import extract_entities
from marsad.entities.features import FeatureExtractor
from marsad.entities.propagate import propagate_labels


def _run(sentences: list[str], labels: list[list[str]], window: int = 10) -> list[list[str]]:
    extractor = FeatureExtractor()
    tokens = [sentence.split() for sentence in sentences]
    keys = [extractor.sentence_keys(words) for words in tokens]
    stems = [extractor.sentence_stems(words) for words in tokens]
    return propagate_labels(keys, stems, labels, window)


def test_spans_of_bio_labels() -> None:  # the spans propagation keys names by
    assert sorted(extract_entities(["B-ORG", "I-ORG", "O", "I-PER", "B-PER", "B-LOC", "I-PER"])) == [
        (0, 2, "ORG"), (3, 4, "PER"), (4, 5, "PER"), (5, 6, "LOC"), (6, 7, "PER")]


def test_a_labelled_name_labels_its_unlabelled_occurrences_with_clitics() -> None:
    sentences = ["أعلن البنك التجاري أرباحه", "وقال رئيس للبنك التجاري إن", "ارتفعت أسهم البنك التجاري"]
    labels = [["O", "B-ORG", "I-ORG", "O"], ["O", "O", "O", "O", "O"], ["O", "O", "O", "O"]]
    assert _run(sentences, labels) == [
        ["O", "B-ORG", "I-ORG", "O"], ["O", "O", "B-ORG", "I-ORG", "O"], ["O", "O", "B-ORG", "I-ORG"]]


def test_labels_are_kept_and_the_window_limits_propagation() -> None:
    sentences = ["فاز الأهلي", "وخسر الأهلي", "كلام", "تعادل الأهلي"]
    labels = [["O", "B-ORG"], ["O", "B-LOC"], ["O"], ["O", "O"]]
    out = _run(sentences, labels, window=1)
    assert out[1] == ["O", "B-LOC"]  # already labelled: never changed
    assert out[3] == ["O", "O"]  # two sentences from the nearest label: outside the window
    assert _run(sentences, labels, window=2)[3] == ["O", "B-LOC"]
    assert _run(sentences, labels, window=3)[3] == ["O", "B-LOC"]  # one ORG, one LOC: a tie goes by name


def test_majority_type_wins_and_short_names_do_not_propagate() -> None:
    sentences = ["زار سلام بيروت", "التقى سلام", "قال سلام", "رأى سلام", "أب", "أب"]
    labels = [["O", "B-PER", "B-LOC"], ["O", "B-PER"], ["O", "B-ORG"], ["O", "O"], ["B-PER"], ["O"]]
    out = _run(sentences, labels)
    assert out[3] == ["O", "B-PER"]
    assert out[5] == ["O"]  # "أب": two letters
