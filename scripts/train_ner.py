"""Train the Marsad Arabic NER model (CRF) from ANERcorp train, reproducibly.

Steps: read and clean the raw ANERcorp train file (see its SOURCE.md), split it into sentences,
carve the dev split (the last 10% of sentences, sequentially), learn word clusters from the
unlabelled ANT corpus (word2vec + k-means, fixed seeds), write the gazetteer, train a CRF
(python-crfsuite, L-BFGS), score it on dev and write model + resources + metrics.json to
``src/marsad/data/ner/``.

Usage::

    .venv/bin/python scripts/train_ner.py            # full run
    .venv/bin/python scripts/train_ner.py --quick    # fast smoke run (small data, few iterations)

Training needs the optional "train" dependencies (gensim, numpy): ``pip install -e .[train]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from marsad.entities.conll import format_tagged, normalize_label, score_entities  # noqa: E402
from marsad.entities.features import (  # noqa: E402
    FeatureExtractor,
    Resources,
    context_features,
    feature_key,
    frequency_bucket,
)
from marsad.entities.propagate import propagate_labels  # noqa: E402
from marsad.text.normalize import normalize_text  # noqa: E402

DATA = Path(os.environ.get("MARSAD_SHARED_DATA", "/work/shared/data"))
ANER_RAW = DATA / "ner/anercorp-train/anercorp_train_raw.txt"
ANER_GAZET = DATA / "ner/anercorp-train/ANERGazet"
ANT = DATA / "news/ant-corpus-jawharafm/ant_corpus_v1.1.jsonl.gz"
AQMAR = DATA / "ner/aqmar"
WOJOOD = DATA / "ner/wojood-sample"
NAMES = ROOT / "data/ner/names.tsv"
OUT_DIR = ROOT / "src/marsad/data/ner"
CACHE_DIR = ROOT / "artifacts/ner"
FIXTURE = ROOT / "tests/fixtures/ner_sample.conll"

SEED = 13
DEV_FRACTION = 0.10
MODEL_NAME = "ner.crfsuite"
STAGE1_NAME = "ner_stage1.crfsuite"

_TAG_RE = re.compile(r"^(O|[BI]-[A-Z]+)$")
_GLUED_RE = re.compile(r"^(O|[BI]-[A-Z]+)(\S+)$")
_VALID_TYPES = {"PER", "LOC", "ORG", "MISC"}
_TAG_FIXES = {"PRS": "PER", "PERS": "PER", "PERSON": "PER", "MIS": "MISC", "MISC1": "MISC", "ORGANIZATION": "ORG"}


# ------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------
def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fix_tag(tag: str) -> str:
    """Canonical BIO tag (fixes spellings such as ``B-PERS``, lower case, stray marks)."""
    tag = tag.replace("\u200f", "").strip().upper().replace("_", "-")
    if tag in ("", "O", "0"):
        return "O"
    if "-" not in tag:
        tag = "I-" + tag
    prefix, _, etype = tag.partition("-")
    etype = _TAG_FIXES.get(etype.strip("-"), etype.strip("-"))
    if prefix not in ("B", "I") or etype not in _VALID_TYPES:
        raise ValueError(f"unknown tag {tag!r}")
    return f"{prefix}-{etype}"


def read_anercorp_raw(path: Path) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Read the raw ``token TAG`` file and clean it as SOURCE.md describes."""
    pairs: list[tuple[str, str]] = []
    stats: Counter[str] = Counter()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.replace("\u200f", "")
        fields = line.split()
        if len(fields) < 2:
            stats["dropped_empty_token"] += 1
            continue
        if len(fields) == 3 and _GLUED_RE.match(fields[1]) and _TAG_RE.match(fields[2]):
            # "tok TAGnexttok TAG": two lines glued together
            glued = _GLUED_RE.match(fields[1])
            assert glued is not None
            pairs.append((fields[0], fix_tag(glued.group(1))))
            pairs.append((glued.group(2), fix_tag(fields[2])))
            stats["split_glued_line"] += 1
            continue
        token, tag = "".join(fields[:-1]), fields[-1]
        if len(fields) > 2:
            stats["joined_token_parts"] += 1
        fixed = fix_tag(tag)
        if fixed != tag:
            stats["fixed_tag"] += 1
        if token in ("·", "•"):
            token = "."
            stats["bullet_to_period"] += 1
        pairs.append((token, fixed))
    return pairs, dict(stats)


def split_sentences(pairs: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Sentence boundary after each run of period tokens."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for index, (token, tag) in enumerate(pairs):
        current.append((token, tag))
        is_period = token != "" and set(token) == {"."}
        next_is_period = index + 1 < len(pairs) and set(pairs[index + 1][0]) == {"."}
        if is_period and not next_is_period:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def read_tagged(path: Path, label: Callable[[list[str]], str | None]) -> list[list[tuple[str, str]]]:
    """Sentences of a ``token TAG …`` file (blank lines between sentences); ``label`` gives each line's
    tag from its fields, or None to leave the line out."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        fields = line.split()
        if not fields:
            if current:
                sentences.append(current)
                current = []
            continue
        tag = label(fields)
        if tag is not None:
            current.append((fields[0], tag))
    return sentences


def _aqmar_label(fields: list[str]) -> str:
    tag = normalize_label(fields[-1])
    return "O" if tag != "O" and tag[2:] not in _VALID_TYPES else tag


def read_aqmar(directory: Path) -> list[list[tuple[str, str]]]:
    """AQMAR Arabic Wikipedia NER (token TAG, blank lines; types PER LOC ORG MIS)."""
    return [s for name in ("train.txt", "dev.txt") for s in read_tagged(directory / name, _aqmar_label)]


#: Wojood types read as this corpus's (outermost tag of each token; the other types are left out).
WOJOOD_TYPES = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "EVENT": "MISC",
                "PRODUCT": "MISC"}


def _wojood_label(fields: list[str]) -> str | None:
    if fields[0] == "$#$":  # a segment marker of the corpus, not text
        return None
    tag = fields[1] if len(fields) > 1 else "O"
    kind = WOJOOD_TYPES.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
    return f"{tag[:2]}{kind}" if kind else "O"


def read_wojood(directory: Path) -> list[list[tuple[str, str]]]:
    """Wojood sample (nested, 21 types; train and val): outermost tag per token, mapped by WOJOOD_TYPES."""
    return [s for name in ("train.txt", "val.txt") for s in read_tagged(directory / name, _wojood_label)]


def read_names(path: Path) -> list[tuple[str, str]]:
    """The project's curated names (``data/ner/names.tsv``: type, name), normalised as the gazetteer."""
    entries: set[tuple[str, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in _VALID_TYPES:
            raise ValueError(f"{path}:{number}: expected TYPE<TAB>name with TYPE one of {sorted(_VALID_TYPES)}")
        phrase = " ".join(normalize_text(parts[1], taa_marbuta=True).split())
        if len(phrase) >= 2:
            entries.add((parts[0], phrase))
    return sorted(entries)


def read_gazetteers(directory: Path) -> list[tuple[str, str]]:
    files = {"LOC": "AlignedLocGazetteer.txt", "ORG": "AlignedOrgGazetteer.txt", "PER": "AlignedPersGazetteer.txt"}
    entries: set[tuple[str, str]] = set()
    for etype, name in files.items():
        for line in (directory / name).read_text(encoding="utf-8").splitlines():
            phrase = " ".join(normalize_text(line, taa_marbuta=True).split())
            if not phrase or set(phrase) <= set("=-_*#"):
                continue
            if len(phrase) < 2:
                continue
            entries.add((etype, phrase))
    return sorted(entries)


# ------------------------------------------------------------------------------------------------
# word clusters
# ------------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def tokenize_for_clusters(text: str) -> list[str]:
    return [feature_key(t) for t in _TOKEN_RE.findall(normalize_text(text))]


def unlabelled_sentences(extra: Iterable[Sequence[str]], limit_docs: int | None) -> list[list[str]]:
    sentences: list[list[str]] = []
    with gzip.open(ANT, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit_docs is not None and number >= limit_docs:
                break
            record = json.loads(line)
            for part in (record.get("title") or "", record.get("text") or ""):
                for paragraph in part.split("\n"):
                    tokens = tokenize_for_clusters(paragraph)
                    if tokens:
                        sentences.append(tokens)
    for tokens in extra:
        sentences.append([feature_key(t) for t in tokens])
    return sentences


def kmeans(vectors, k: int, seed: int, iterations: int = 25):  # type: ignore[no-untyped-def]
    """Plain Lloyd k-means (cosine, on unit vectors), k-means++ seeding, deterministic."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = vectors.shape[0]
    k = min(k, n)
    centres = np.empty((k, vectors.shape[1]), dtype=vectors.dtype)
    centres[0] = vectors[rng.integers(n)]
    closest = 1.0 - vectors @ centres[0]
    for c in range(1, k):
        probs = np.maximum(closest, 0.0) ** 2
        total = probs.sum()
        index = int(rng.choice(n, p=probs / total)) if total > 0 else int(rng.integers(n))
        centres[c] = vectors[index]
        closest = np.minimum(closest, 1.0 - vectors @ centres[c])
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        new_assign = np.empty(n, dtype=np.int64)
        for start in range(0, n, 8192):
            new_assign[start : start + 8192] = np.argmax(vectors[start : start + 8192] @ centres.T, axis=1)
        if np.array_equal(new_assign, assign):
            break
        assign = new_assign
        for c in range(k):
            members = vectors[assign == c]
            if len(members):
                mean = members.mean(axis=0)
                norm = np.linalg.norm(mean)
                centres[c] = mean / norm if norm > 0 else mean
    return assign


def build_clusters(
    sentences: list[list[str]], sizes: Sequence[int], dim: int, min_count: int, epochs: int, path: Path
) -> dict[str, object]:
    import numpy as np
    from gensim.models import Word2Vec

    started = time.time()
    model = Word2Vec(
        sentences=sentences,
        vector_size=dim,
        window=5,
        min_count=min_count,
        sg=1,
        negative=10,
        sample=1e-4,
        epochs=epochs,
        workers=1,
        seed=SEED,
    )
    words = list(model.wv.index_to_key)
    vectors = np.asarray(model.wv.vectors, dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-8)
    assignments = [kmeans(vectors, k, SEED + i) for i, k in enumerate(sizes)]
    counts = Counter(t for s in sentences for t in s)
    with path.open("w", encoding="utf-8") as handle:
        for index, word in enumerate(words):
            if "\t" in word or "\n" in word:
                continue
            ids = "\t".join(str(int(a[index])) for a in assignments)
            handle.write(f"{word}\t{frequency_bucket(counts[word])}\t{ids}\n")
    return {
        "method": "word2vec skip-gram + k-means (cosine)",
        "sizes": list(sizes),
        "dim": dim,
        "min_count": min_count,
        "epochs": epochs,
        "vocabulary": len(words),
        "corpus_tokens": sum(len(s) for s in sentences),
        "seconds": round(time.time() - started, 1),
    }


# ------------------------------------------------------------------------------------------------
# CRF
# ------------------------------------------------------------------------------------------------
def train_crf(
    xseqs: Sequence[list[list[str]]],
    yseqs: Sequence[Sequence[str]],
    model_path: Path,
    c1: float,
    c2: float,
    iterations: int,
) -> float:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for xseq, yseq in zip(xseqs, yseqs, strict=True):
        trainer.append(xseq, list(yseq))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 0,
        }
    )
    started = time.time()
    trainer.train(str(model_path))
    return time.time() - started


_JOB_DATA: tuple[Sequence[list[list[str]]], Sequence[Sequence[str]], tuple[float, float, int]] | None = None


def _train_job(job: tuple[str, Path, int, int]) -> tuple[str, float]:
    """Train one first-pass model on every fitted sentence outside ``[lo, hi)`` (a forked worker)."""
    assert _JOB_DATA is not None
    xseqs, yseqs, (c1, c2, iterations) = _JOB_DATA
    name, path, lo, hi = job
    keep = [i for i in range(len(xseqs)) if not lo <= i < hi]
    return name, train_crf([xseqs[i] for i in keep], [yseqs[i] for i in keep], path, c1, c2, iterations)


def _job_process(job: tuple[str, Path, int, int], results: Any) -> None:
    """Body of a forked worker: train one model and report (name, seconds, error)."""
    try:
        name, seconds = _train_job(job)
        results.put((name, seconds, None))
    except BaseException as error:  # reported to the parent, which raises it
        results.put((job[0], 0.0, f"{type(error).__name__}: {error}"))


def run_jobs(
    jobs: Sequence[tuple[str, Path, int, int]],
    xseqs: Sequence[list[list[str]]],
    yseqs: Sequence[Sequence[str]],
    params: tuple[float, float, int],
    processes: int,
) -> list[tuple[str, float]]:
    """Train the jobs' models, ``processes`` at a time, in forked workers that share the features.

    Each model sees exactly the same sentences in the same order however the jobs are spread, so
    the models (and every figure) do not depend on ``processes``.
    """
    global _JOB_DATA
    _JOB_DATA = (xseqs, yseqs, params)
    try:
        if processes <= 1 or len(jobs) == 1:
            return [_train_job(job) for job in jobs]
        context = multiprocessing.get_context("fork")  # the workers inherit the features, nothing is pickled
        results = context.SimpleQueue()
        pending, running, seconds = list(jobs), {}, {}
        while pending or running:
            while pending and len(running) < processes:
                job = pending.pop(0)
                running[job[0]] = context.Process(target=_job_process, args=(job, results), name=job[0])
                running[job[0]].start()
            name, took, error = results.get()
            running.pop(name).join()
            if error is not None:
                for worker in running.values():
                    worker.terminate()
                raise RuntimeError(f"training {name} failed: {error}")
            seconds[name] = took
        return [(job[0], seconds[job[0]]) for job in jobs]
    finally:
        _JOB_DATA = None


def predict(model_path: Path, xseqs: Sequence[list[list[str]]]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    out = [list(tagger.tag(x)) for x in xseqs]
    tagger.close()
    return out


def with_context(
    xseqs: Sequence[list[list[str]]], stems: Sequence[list[str]], first: Sequence[list[str]], window: int
) -> list[list[list[str]]]:
    context = context_features(stems, first, window)
    return [[a + b for a, b in zip(x, c, strict=True)] for x, c in zip(xseqs, context, strict=True)]


def rounded(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: rounded(v) for k, v in obj.items()}
    return obj


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fast smoke run (small data, few iterations)")
    parser.add_argument(
        "--out", type=Path, default=None, help="model directory (default: the packaged one; --quick: artifacts/)"
    )
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--no-clusters", action="store_true")
    parser.add_argument("--no-gazetteer", action="store_true")
    parser.add_argument("--no-names", action="store_true", help="leave out the curated names (data/ner/names.tsv)")
    parser.add_argument("--cluster-sizes", default="64,256,1024")
    parser.add_argument("--aqmar", action="store_true", help="add AQMAR (Wikipedia) sentences to training")
    parser.add_argument("--wojood", action="store_true", help="add the Wojood sample (train, val) to training")
    parser.add_argument("--folds", type=int, default=4, help="jackknife folds for the 2-pass model (1: one pass)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="models trained at once (first pass and folds; default: 2 or fewer cores)")
    parser.add_argument("--no-propagate", action="store_true",
                        help="no label propagation after tagging (see marsad.entities.propagate)")
    parser.add_argument("--window", type=int, default=10, help="context window (sentences either side)")
    parser.add_argument("--errors", type=Path, help="write dev predictions (conlleval input) here")
    parser.add_argument("--no-fixture", action="store_true", help="do not rewrite the test fixture")
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = CACHE_DIR / "quick" if args.quick else OUT_DIR
    random.seed(SEED)

    started = time.time()
    pairs, clean_stats = read_anercorp_raw(ANER_RAW)
    sentences = split_sentences(pairs)
    n_dev = round(len(sentences) * DEV_FRACTION)
    train, dev = sentences[:-n_dev], sentences[-n_dev:]
    print(f"ANERcorp: {len(pairs)} tokens, {len(sentences)} sentences; train {len(train)}, dev {len(dev)}")
    print(f"cleaning: {clean_stats}")
    extra_train: list[list[tuple[str, str]]] = []
    if args.aqmar:
        extra_train = read_aqmar(AQMAR)
        print(f"AQMAR: {len(extra_train)} sentences")
    if args.wojood:
        wojood = read_wojood(WOJOOD)
        extra_train += wojood
        print(f"Wojood sample: {len(wojood)} sentences")

    iterations = args.iterations
    limit_docs: int | None = None
    if args.quick:
        train = train[:800]
        dev = dev[:200]
        iterations = min(iterations, 30)
        limit_docs = 500

    args.out.mkdir(parents=True, exist_ok=True)
    settings: dict[str, object] = {
        "algorithm": "lbfgs",
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": iterations,
        "seed": SEED,
        "dev_fraction": DEV_FRACTION,
        "quick": args.quick,
        "aqmar": args.aqmar,
        "wojood": args.wojood,
    }

    # gazetteer
    resources = Resources()
    gazetteer_path = args.out / "gazetteer.tsv"
    if not args.no_gazetteer:
        entries = read_gazetteers(ANER_GAZET)
        if not args.no_names:
            names = read_names(NAMES)
            entries = sorted(set(entries) | set(names))
            settings["names_entries"] = len(names)
        gazetteer_path.write_text("".join(f"{t}\t{p}\n" for t, p in entries), encoding="utf-8")
        resources.add_gazetteer(entries)
        settings["gazetteer_entries"] = len(entries)
    elif gazetteer_path.exists():
        gazetteer_path.unlink()

    # clusters
    cluster_path = args.out / "clusters.tsv"
    if not args.no_clusters:
        sizes = [int(s) for s in args.cluster_sizes.split(",")]
        cluster_settings = {"sizes": sizes, "dim": 100, "min_count": 3, "epochs": 8 if not args.quick else 1}
        key = hashlib.sha256(
            json.dumps([cluster_settings, limit_docs, len(train), sha256(ANT), sha256(ANER_RAW)]).encode()
        ).hexdigest()[:16]
        cached = CACHE_DIR / f"clusters-{key}.tsv"
        cached_meta = cached.with_suffix(".json")
        if cached.exists() and cached_meta.exists():
            info = json.loads(cached_meta.read_text(encoding="utf-8"))
            print(f"clusters: reusing {cached.name}")
        else:
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            corpus = unlabelled_sentences(([t for t, _ in s] for s in train), limit_docs)
            info = build_clusters(corpus, sizes, 100, 3, int(cluster_settings["epochs"]), cached)  # type: ignore[arg-type]
            cached_meta.write_text(json.dumps(info), encoding="utf-8")
            print(f"clusters: built in {info['seconds']} s, vocabulary {info['vocabulary']}")
        shutil.copyfile(cached, cluster_path)
        settings["clusters"] = info
    elif cluster_path.exists():
        cluster_path.unlink()
    resources = Resources.load(args.out)
    extractor = FeatureExtractor(resources)

    # features (computed once)
    fit = train + extra_train
    x_fit = [extractor.sentence_features([t for t, _ in s]) for s in fit]
    y_fit = [[tag for _, tag in s] for s in fit]
    x_dev = [extractor.sentence_features([t for t, _ in s]) for s in dev]
    stems_dev = [extractor.sentence_stems([t for t, _ in s]) for s in dev]  # second pass and propagation
    y_dev = [[tag for _, tag in s] for s in dev]
    final_model = args.out / MODEL_NAME
    stage1_model = args.out / STAGE1_NAME
    for stale in (final_model, stage1_model):
        if stale.exists():
            stale.unlink()
    timings: dict[str, float] = {}
    stage_scores: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # the first-pass model and the jackknife folds are independent: trained side by side
        n_train = len(train)
        bounds = [round(n_train * k / args.folds) for k in range(args.folds + 1)] if args.folds > 1 else []
        jobs: list[tuple[str, Path, int, int]] = [("stage1", stage1_model, 0, 0)]
        jobs += [(f"fold{k}", Path(tmp) / f"fold{k}.crfsuite", lo, hi) for k, (lo, hi) in enumerate(pairwise(bounds))]
        for name, seconds in run_jobs(jobs, x_fit, y_fit, (args.c1, args.c2, iterations), args.jobs):
            timings[name] = round(seconds, 1)
            print(f"{name}: trained in {seconds:.0f} s")
        first_dev = predict(stage1_model, x_dev)
        stage_scores["stage1"] = rounded(score_entities(y_dev, first_dev))
        predicted = first_dev
        if args.folds > 1:
            # jackknife: first-pass labels for the training sentences from models that did not see them
            first_train: list[list[str]] = []
            for _name, fold_model, lo, hi in jobs[1:]:
                first_train.extend(predict(fold_model, x_fit[lo:hi]))
            first_extra = predict(stage1_model, x_fit[n_train:]) if extra_train else []
            stems_fit = [extractor.sentence_stems([t for t, _ in s]) for s in fit]
            x2_fit = with_context(x_fit, stems_fit, first_train + first_extra, args.window)
            seconds = train_crf(x2_fit, y_fit, final_model, args.c1, args.c2, iterations)
            timings["stage2"] = round(seconds, 1)
            print(f"stage-2 CRF trained in {seconds:.0f} s")
            predicted = predict(final_model, with_context(x_dev, stems_dev, first_dev, args.window))
        else:
            shutil.move(str(stage1_model), str(final_model))
        stage_scores["unpropagated"] = rounded(score_entities(y_dev, predicted))
        if not args.no_propagate:
            keys_dev = [extractor.sentence_keys([t for t, _ in s]) for s in dev]
            predicted = propagate_labels(keys_dev, stems_dev, predicted, args.window)
        scores = score_entities(y_dev, predicted)
    config = {"context_window": args.window, "stages": 2 if args.folds > 1 else 1, "propagate": not args.no_propagate}
    (args.out / "ner.json").write_text(json.dumps(config) + "\n", encoding="utf-8")
    settings["stacking"] = {**config, "folds": args.folds}
    settings["jobs"] = args.jobs  # models trained at once (no effect on the models)
    settings["timings_seconds"] = timings
    print(f"stage-1 dev F1 {stage_scores['stage1']['f1']:.4f}")  # type: ignore[index]
    print(f"dev F1 without propagation {stage_scores['unpropagated']['f1']:.4f}")  # type: ignore[index]

    print(
        f"dev: P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}"  # type: ignore[str-format]
    )
    for etype, s in scores["per_type"].items():  # type: ignore[attr-defined]
        print(f"  {etype:5s} P {s['precision']:.4f} R {s['recall']:.4f} F1 {s['f1']:.4f} (gold {s['gold']})")
    if args.errors:
        args.errors.write_text(format_tagged(dev, predicted), encoding="utf-8")

    metrics = {
        "model": MODEL_NAME,
        "shipped_model_trained_on": "train (without dev)",
        "dev": rounded(scores),
        "dev_stage1": stage_scores["stage1"],
        "dev_without_propagation": stage_scores["unpropagated"],
        "split": {
            "sentences": len(sentences),
            "train_sentences": len(train),
            "dev_sentences": len(dev),
            "dev_tokens": sum(len(s) for s in dev),
            "dev": "last 10% of sentences of the cleaned ANERcorp train file, sequential",
            "extra_train_sentences": len(extra_train),
        },
        "cleaning": clean_stats,
        "settings": settings,
        "data_sha256": {
            "anercorp_train_raw.txt": sha256(ANER_RAW),
            **(
                {
                    "ANERGazet": hashlib.sha256(
                        b"".join(sha256(p).encode() for p in sorted(ANER_GAZET.glob("*.txt")))
                    ).hexdigest()
                }
                if not args.no_gazetteer
                else {}
            ),
            **({"ant_corpus_v1.1.jsonl.gz": sha256(ANT)} if not args.no_clusters else {}),
            **({"data/ner/names.tsv": sha256(NAMES)} if not args.no_gazetteer and not args.no_names else {}),
            **(
                {
                    "aqmar": hashlib.sha256(
                        b"".join(sha256(AQMAR / n).encode() for n in ("train.txt", "dev.txt"))
                    ).hexdigest()
                }
                if args.aqmar
                else {}
            ),
        },
        "model_sha256": sha256(args.out / MODEL_NAME),
        "python": platform.python_version(),
        "crfsuite": getattr(pycrfsuite, "__version__", "unknown"),
        "total_seconds": round(time.time() - started, 1),
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not args.quick and not args.no_fixture:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        tail = dev[-20:]
        FIXTURE.write_text(
            format_tagged([[(t,) for t, _ in s] for s in tail], [[g for _, g in s] for s in tail]), encoding="utf-8"
        )
    print(f"wrote {args.out} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
