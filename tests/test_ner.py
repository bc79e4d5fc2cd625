"""Tests for the NER model, its CoNLL helpers and its recorded figures."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from marsad.entities.conll import (
    extract_entities,
    format_tagged,
    read_conll,
    read_conll_lines,
    score_entities,
)
from marsad.entities.features import FeatureExtractor, strip_clitics
from marsad.entities.tagger import LABELS, NerTagger
from marsad.errors import ModelError

FIXTURE = Path(__file__).parent / "fixtures" / "ner_sample.conll"
MODEL_DIR = Path(str(resources.files("marsad").joinpath("data", "ner")))


@pytest.fixture(scope="module")
def tagger() -> NerTagger:
    return NerTagger.load()


# -- CoNLL helpers -------------------------------------------------------------------------------
def test_read_conll_tab_space_and_pers(tmp_path: Path) -> None:
    path = tmp_path / "a.conll"
    path.write_text("قال\tO\nمحمد B-PERS\nعلي\tx\tI-PERS\n\n\nفي O\nعمان B-LOC\n", encoding="utf-8")
    assert read_conll(path) == [
        [("قال", "O"), ("محمد", "B-PER"), ("علي", "I-PER")],
        [("في", "O"), ("عمان", "B-LOC")],
    ]
    lines = read_conll_lines(path)
    text = format_tagged(lines, [["O", "B-PER", "I-PER"], ["O", "B-LOC"]])
    assert text.splitlines()[2] == "علي x I-PERS I-PER"
    assert text.splitlines()[3] == ""


def test_extract_entities_conlleval_rules() -> None:
    # I- after O starts an entity; a type change inside a chunk starts a new one; B- always starts one.
    labels = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-ORG", "B-ORG", "I-ORG"]
    assert extract_entities(labels) == {(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"), (6, 8, "ORG")}


def test_score_entities_known_values() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "B-MISC"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O", "O", "B-MISC"]]
    # gold: PER(0-2) LOC(3) | ORG(0-2) MISC(3); predicted: PER(0-2) ORG(3) | ORG(0-1) MISC(3)
    scores = score_entities(gold, pred)
    assert scores["true_positives"] == 2
    assert scores["predicted"] == 4
    assert scores["gold"] == 4
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["f1"] == pytest.approx(0.5)
    per_type = scores["per_type"]
    assert per_type["PER"]["f1"] == pytest.approx(1.0)
    assert per_type["LOC"]["recall"] == 0.0
    assert per_type["ORG"]["precision"] == 0.0
    assert per_type["MISC"]["f1"] == pytest.approx(1.0)
    assert scores["accuracy"] == pytest.approx(6 / 8)


def test_score_entities_unequal_precision_recall() -> None:
    gold = [["B-PER", "O", "B-LOC", "I-LOC", "O", "B-ORG"]]
    pred = [["B-PER", "B-PER", "B-LOC", "I-LOC", "O", "O"]]
    scores = score_entities(gold, pred)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    pred2 = [["B-PER", "O", "B-LOC", "I-LOC", "O", "O"]]
    scores2 = score_entities(gold, pred2)
    assert scores2["precision"] == pytest.approx(1.0)
    assert scores2["recall"] == pytest.approx(2 / 3)
    assert scores2["f1"] == pytest.approx(0.8)


# -- features ------------------------------------------------------------------------------------
def test_strip_clitics() -> None:
    assert strip_clitics("والمدينه")[0] == "مدينه"
    assert strip_clitics("للامم")[0] == "امم"
    assert strip_clitics("بالعراق")[0] == "عراق"
    assert strip_clitics("عمان")[0] == "عمان"


def test_features_are_stable_and_cached() -> None:
    extractor = FeatureExtractor()
    first = extractor.sentence_features(["قال", "الرئيس", "محمد", "."])
    second = extractor.sentence_features(["قال", "الرئيس", "محمد", "."])
    assert first == second
    assert len(first) == 4
    assert "-1:t=PER" in first[2]


# -- shipped model -------------------------------------------------------------------------------
def test_model_missing_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        NerTagger.load(tmp_path)


def test_model_corrupt_raises_model_error(tmp_path: Path) -> None:
    (tmp_path / "ner.crfsuite").write_bytes(b"not a model")
    with pytest.raises(ModelError):
        NerTagger.load(tmp_path)


def test_shipped_model_tags_fixture(tagger: NerTagger) -> None:
    sentences = read_conll(FIXTURE)
    assert len(sentences) >= 5
    tokens = [[t for t, _ in s] for s in sentences]
    predicted = tagger.tag_many(tokens)
    assert [len(p) for p in predicted] == [len(t) for t in tokens]
    assert all(label in LABELS for labels in predicted for label in labels)
    scores = score_entities([[g for _, g in s] for s in sentences], predicted)
    assert scores["gold"] > 10
    # a sanity floor on real text, far below the dev figures
    assert scores["f1"] > 0.4
    assert tagger.tag([]) == []
    assert tagger.tag(["قال", "الرئيس", "الأمريكي", "جورج", "بوش", "في", "واشنطن", "."])[6] == "B-LOC"


def test_unknown_attributes_are_left_out_without_changing_labels(tagger: NerTagger) -> None:
    tokens = [[t for t, _ in s] for s in read_conll(FIXTURE)]
    extractor = tagger._extractor
    assert extractor.known  # the attributes of the loaded models
    every = FeatureExtractor(extractor.resources)  # as in training: every attribute
    plain = NerTagger(tagger._tagger, every, tagger.directory, tagger._stage1, None, tagger.context_window)
    assert tagger.tag_many(tokens) == plain.tag_many(tokens)
    kept = [f for sentence in tokens for features in extractor.sentence_features(sentence) for f in features]
    full = [f for sentence in tokens for features in every.sentence_features(sentence) for f in features]
    assert set(kept) <= extractor.known
    assert set(kept) == set(full) & extractor.known
    assert len(kept) < len(full)
    for sentence in tokens:  # token by token, in the same order: the faster path for a model's attributes
        assert extractor.sentence_features(sentence) == [
            [f for f in features if f in extractor.known] for features in every.sentence_features(sentence)]


def _load_trainer() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "scripts" / "train_ner.py"
    spec = importlib.util.spec_from_file_location("train_ner", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wojood_sample_reads_outermost_tags_in_this_corpus_types(tmp_path: Path) -> None:
    trainer = _load_trainer()
    (tmp_path / "train.txt").write_text(
        "قالت O\nوزارة B-ORG\nالصحة I-ORG\nفي O\nفلسطين B-GPE\nأمس B-DATE\n$#$ O\n\n"
        "السوري B-NORP\nمحمد B-PERS\n", encoding="utf-8")
    (tmp_path / "val.txt").write_text("جامعة B-ORG\nبيرزيت I-ORG B-GPE\n", encoding="utf-8")
    assert trainer.read_wojood(tmp_path) == [
        [("قالت", "O"), ("وزارة", "B-ORG"), ("الصحة", "I-ORG"), ("في", "O"), ("فلسطين", "B-LOC"), ("أمس", "O")],
        [("السوري", "O"), ("محمد", "B-PER")],
        [("جامعة", "B-ORG"), ("بيرزيت", "I-ORG")],
    ]


def test_curated_names_are_read_normalised_and_checked(tmp_path: Path) -> None:
    trainer = _load_trainer()
    entries = trainer.read_names(trainer.NAMES)
    assert len(entries) > 1000
    assert {kind for kind, _ in entries} == {"ORG", "MISC"}
    assert ("ORG", "ريال مدريد") in entries
    assert ("ORG", "الجامعه العربيه") in entries  # normalised as the gazetteer keys are (ة → ه)
    bad = tmp_path / "names.tsv"
    bad.write_text("ORG\tالأهلي\nCLUB\tالزمالك\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":2:"):
        trainer.read_names(bad)


def test_shipped_gazetteer_holds_the_curated_names() -> None:
    trainer = _load_trainer()
    lines = (MODEL_DIR / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
    shipped = {tuple(line.split("\t")) for line in lines}
    assert set(trainer.read_names(trainer.NAMES)) <= shipped


def test_metrics_match_rescoring_of_dev(tagger: NerTagger) -> None:
    trainer = _load_trainer()
    if not trainer.ANER_RAW.exists():
        pytest.fail(f"the ANERcorp train file is needed at {trainer.ANER_RAW} (../shared beside the checkout)")
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    if metrics["data_sha256"]["anercorp_train_raw.txt"] != trainer.sha256(trainer.ANER_RAW):
        pytest.fail(f"{trainer.ANER_RAW} is not the ANERcorp file the shipped model was trained on")
    pairs, _ = trainer.read_anercorp_raw(trainer.ANER_RAW)
    sentences = trainer.split_sentences(pairs)
    dev = sentences[-metrics["split"]["dev_sentences"] :]
    assert sum(len(s) for s in dev) == metrics["split"]["dev_tokens"]
    predicted = tagger.tag_many([[t for t, _ in s] for s in dev])
    scores = score_entities([[g for _, g in s] for s in dev], predicted)
    assert scores["f1"] == pytest.approx(metrics["dev"]["f1"], abs=1e-4)
    assert scores["precision"] == pytest.approx(metrics["dev"]["precision"], abs=1e-4)
    assert scores["recall"] == pytest.approx(metrics["dev"]["recall"], abs=1e-4)


def test_metrics_recorded() -> None:
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    dev = metrics["dev"]
    # The project target is 0.75 entity F1; the shipped model records below it on dev (see README/report).
    assert dev["f1"] >= 0.70
    assert set(dev["per_type"]) == {"PER", "ORG", "LOC", "MISC"}
    for key in ("precision", "recall", "f1"):
        assert 0.0 <= dev[key] <= 1.0
    assert metrics["data_sha256"]["anercorp_train_raw.txt"]
    assert not metrics["settings"]["quick"]


def test_shipped_model_small() -> None:
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert total <= 50 * 1024 * 1024


def test_training_jobs_give_the_same_models_side_by_side_or_one_by_one(tmp_path: Path) -> None:
    trainer = _load_trainer()
    words = [["قال", "الرئيس", "محمد"], ["في", "دمشق"], ["زار", "حلب", "اليوم"], ["نادي", "الهلال"]] * 3
    tags = [["O", "O", "B-PER"], ["O", "B-LOC"], ["O", "B-LOC", "O"], ["B-ORG", "I-ORG"]] * 3
    xseqs = [[[f"w={w}", "b"] for w in sentence] for sentence in words]
    hashes = []
    for processes in (1, 2):
        folder = tmp_path / str(processes)
        folder.mkdir()
        jobs = [("stage1", folder / "a.crfsuite", 0, 0), ("fold0", folder / "b.crfsuite", 0, 6),
                ("fold1", folder / "c.crfsuite", 6, 12)]
        done = trainer.run_jobs(jobs, xseqs, tags, (0.05, 0.05, 20), processes)
        assert [name for name, _seconds in done] == ["stage1", "fold0", "fold1"]
        hashes.append([trainer.sha256(path) for _name, path, _lo, _hi in jobs])
    assert hashes[0] == hashes[1]
    assert len(set(hashes[0])) == 3  # each fold left different sentences out


@pytest.mark.parametrize("name", ["ner.crfsuite", "ner_stage1.crfsuite"])
def test_state_attributes_read_from_the_dump_are_those_the_model_reports(name: str) -> None:
    import pycrfsuite

    from marsad.entities.tagger import state_attributes

    model = pycrfsuite.Tagger()
    model.open(str(resources.files("marsad") / "data" / "ner" / name))
    expected = {attribute for attribute, _label in model.info().state_features}
    assert expected
    assert state_attributes(model) == expected
