"""Token features for the Arabic NER sequence labeller (the hot path: everything is cached).

Each token is turned once into a list of *own* features (word form, clitic-stripped form, affixes,
shape, gazetteer flags, distributional clusters) and, for each window offset, a list of prefixed
*neighbour* features.  Both are cached per surface form, so tagging a sentence costs a few dictionary
look-ups and list concatenations per token.  Sentence-level features (multi-word gazetteer matches,
bigrams, sentence position) are added on top.

The same :class:`FeatureExtractor` (and the same resource files) must be used for training and for
tagging; the tagger loads it from the model directory.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from marsad.text.normalize import normalize_text

# Proclitics: conjunctions first, then prepositions / future marker, then the article.
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_MIN_STEM = 2

_ARABIC_RANGE = (0x0600, 0x06FF)
_PUNCT = set(".,;:!?\"'()[]{}-_/\\|*&%$#@+=<>~`^…")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Trigger words (keyed with feature_key at load) that often stand just before an entity.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "PER": _words(
        "رئيس الرئيس الملك الامير الاميره الشيخ السيد السيده الدكتور د وزير الوزير وزيره نائب الزعيم "
        "المستشار الجنرال العقيد اللواء العميد الرائد النقيب المدرب اللاعب النجم الفنان الفنانه الكاتب "
        "الشاعر المطرب المطربه الممثل الممثله المخرج الامين المتحدث الناطق المبعوث السفير قائد القائد "
        "البابا الاب الامام الحاج المهندس الاستاذ الصحفي المراسل مساعد المدير مدير رئيسه زعيم الرئيسه "
        "الملكه ولي شقيق نجل ابن بن بنت ابو ام عائله قال قالت اكد اكدت اضاف اضافت اعلن اعلنت صرح اوضح "
        "المسيو مستر المستر "
    ),
    "ORG": _words(
        "شركه الشركه منظمه حزب جامعه وكاله مجلس اتحاد بنك البنك نادي النادي فريق صحيفه جريده مجله قناه "
        "هيئه الهيئه مؤسسه مجموعه حركه جبهه لجنه جمعيه وزاره اداره مركز معهد محكمه مصرف مجمع تلفزيون "
        "اذاعه كليه مستشفي منتخب برلمان تنظيم جيش الجيش اتحادات "
    ),
    "LOC": _words(
        "مدينه المدينه محافظه ولايه بلده قريه عاصمه العاصمه جزيره جزر نهر بحر جبل جبال منطقه اقليم مقاطعه "
        "حي شارع ميناء مطار دوله مخيم بحيره صحراء خليج شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط الي من "
        "في بلاد مدن سواحل ساحل قرب ضواحي "
    ),
}


def feature_key(token: str) -> str:
    """Return the look-up form of a token: normalised (alef, ya, ة→ه, no diacritics), Latin lowercased."""
    return normalize_text(token, taa_marbuta=True).lower()


def strip_clitics(key: str) -> tuple[str, str]:
    """Strip proclitics (و ف, then ب ل ك, then ال / لل) from a normalised key.

    Returns ``(stem, clitics)`` where ``clitics`` names what was removed (e.g. ``"و+ب+ال"``).
    """
    stem = key
    parts: list[str] = []
    if len(stem) > _MIN_STEM + 1 and stem[0] in _CONJ:
        parts.append(stem[0])
        stem = stem[1:]
    if len(stem) > _MIN_STEM + 2 and stem.startswith("لل"):
        # ل + ال with the alef dropped
        parts.append("ل+ال")
        stem = stem[2:]
    else:
        if len(stem) > _MIN_STEM + 1 and stem[0] in _PREP and stem[1:3] == "ال":
            parts.append(stem[0])
            stem = stem[1:]
        if len(stem) > _MIN_STEM + 1 and stem.startswith("ال"):
            parts.append("ال")
            stem = stem[2:]
        elif len(stem) > _MIN_STEM + 2 and stem[0] in "بل" and not parts:
            # bare preposition on a non-definite word: only when the rest is long enough
            parts.append(stem[0] + "?")
            stem = stem[1:]
    return stem, "+".join(parts)


def word_shape(token: str) -> str:
    """Coarse shape: A(rabic), L(atin) with case, D(igit), P(unct), or a mix."""
    kinds: list[str] = []
    for char in token:
        code = ord(char)
        if _ARABIC_RANGE[0] <= code <= _ARABIC_RANGE[1] and not ("٠" <= char <= "٩"):
            kind = "A"
        elif char.isdigit():
            kind = "D"
        elif char.isalpha():
            kind = "U" if char.isupper() else "l"
        elif char in _PUNCT or not char.isalnum():
            kind = "P"
        else:
            kind = "O"
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    return "".join(kinds[:4]) or "E"


@dataclass
class Resources:
    """Look-up tables the features need: clusters, gazetteers, word frequencies."""

    # key → cluster ids at each granularity (as short strings)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # key → log2 frequency bucket in the unlabelled corpus
    freq: dict[str, int] = field(default_factory=dict)
    # single-word gazetteer: key → set of types
    gazetteer_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # multi-word gazetteer: first key → list of (tuple of keys, type), longest first
    gazetteer_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> Resources:
        """Load ``clusters.tsv`` and ``gazetteer.tsv`` from ``directory`` (both optional)."""
        resources = cls()
        cluster_path = directory / "clusters.tsv"
        if cluster_path.exists():
            with cluster_path.open(encoding="utf-8") as handle:
                for line in handle:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) < 3:
                        continue
                    resources.freq[parts[0]] = int(parts[1])
                    resources.clusters[parts[0]] = tuple(parts[2:])
        gazetteer_path = directory / "gazetteer.tsv"
        if gazetteer_path.exists():
            entries: list[tuple[str, str]] = []
            with gazetteer_path.open(encoding="utf-8") as handle:
                for line in handle:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) == 2:
                        entries.append((parts[0], parts[1]))
            resources.add_gazetteer(entries)
        return resources

    def add_gazetteer(self, entries: Iterable[tuple[str, str]]) -> None:
        """Add ``(type, phrase)`` entries (phrases are keyed with :func:`feature_key`)."""
        words: dict[str, set[str]] = {k: set(v) for k, v in self.gazetteer_words.items()}
        phrases: dict[str, set[tuple[tuple[str, ...], str]]] = {k: set(v) for k, v in self.gazetteer_phrases.items()}
        for etype, phrase in entries:
            keys = tuple(feature_key(part) for part in phrase.split())
            if not keys:
                continue
            if len(keys) == 1:
                words.setdefault(keys[0], set()).add(etype)
            else:
                phrases.setdefault(keys[0], set()).add((keys, etype))
        self.gazetteer_words = {k: frozenset(v) for k, v in words.items()}
        self.gazetteer_phrases = {k: sorted(v, key=lambda item: (-len(item[0]), item)) for k, v in phrases.items()}


_WINDOW = (-2, -1, 1, 2)
#: A form's features: its own attributes, its attributes as each neighbour of :data:`_WINDOW`, its look-up form, stem.
FormFeatures = tuple[list[str], tuple[list[str], ...], str, str]
_PAIR_PREFIXES = ("w-1|w=", "s-1|s=", "w|w+1=")  # the bigram attributes: before, stems before, after


class FeatureExtractor:
    """Turns token sequences into crfsuite feature lists, with per-form caches."""

    def __init__(self, resources: Resources | None = None, cache_size: int = 100_000, *,
                 known: frozenset[str] | None = None) -> None:
        self.resources = resources or Resources()
        # the attributes a trained model has weights for: the others change no label, so a tagger
        # leaves them out (crfsuite would look each one up and drop it, the main cost of tagging)
        self.known = known
        self._cache_size = cache_size
        self._cache: dict[str, FormFeatures] = {}
        self._triggers = {feature_key(word): etype for etype, words in TRIGGERS.items() for word in words}
        # the word pairs of the bigram attributes the model knows: a pair is looked up before its string is built
        self._pairs: dict[str, set[tuple[str, str]]] = {prefix: set() for prefix in _PAIR_PREFIXES}
        for attribute in known or ():
            for prefix, pairs in self._pairs.items():
                if attribute.startswith(prefix):
                    first, _, second = attribute[len(prefix) :].partition("|")
                    pairs.add((first, second))
        # for each window offset, a neighbour's attribute → its known prefixed attribute ("w=x" → "-1:w=x")
        self._known_windowed: tuple[dict[str, str], ...] = tuple({} for _ in _WINDOW)
        prefixes = [(f"{offset}:", slot) for offset, slot in zip(_WINDOW, self._known_windowed, strict=True)]
        for attribute in known or ():
            for prefix, slot in prefixes:
                if attribute.startswith(prefix):
                    slot[attribute[len(prefix) :]] = attribute

    # -- per form --------------------------------------------------------------------------------
    def _token_features(self, token: str) -> FormFeatures:
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        res = self.resources
        key = feature_key(token)
        stem, clitics = strip_clitics(key)
        shape = word_shape(token)
        own: list[str] = ["b", "w=" + key, "sh=" + shape]
        neigh: list[str] = ["w=" + key, "sh=" + shape]
        if stem != key:
            own.append("s=" + stem)
            own.append("cl=" + clitics)
            neigh.append("s=" + stem)
        else:
            own.append("s=" + key)
            neigh.append("s=" + key)
        n = len(key)
        own.append("len=" + str(min(n, 10)))
        for i in (1, 2, 3):
            if n > i:
                own.append(f"p{i}=" + key[:i])
                own.append(f"x{i}=" + key[-i:])
        if len(stem) > 3:
            own.append("sx2=" + stem[-2:])
            own.append("sp2=" + stem[:2])
        if shape in ("U", "Ul"):
            own.append("cap")
        if any(c.isdigit() for c in key):
            digits = "".join("0" if c.isdigit() else c for c in key)
            own.append("dg=" + digits)
        # clusters of the form and of its stem
        cluster = res.clusters.get(key)
        if cluster is not None:
            for i, cid in enumerate(cluster):
                own.append(f"c{i}=" + cid)
            neigh.append("c1=" + cluster[1] if len(cluster) > 1 else "c0=" + cluster[0])
            own.append("fq=" + str(res.freq.get(key, 0)))
        else:
            own.append("oov")
            neigh.append("oov")
        if stem != key:
            scluster = res.clusters.get(stem)
            if scluster is not None:
                for i, cid in enumerate(scluster):
                    own.append(f"sc{i}=" + cid)
                neigh.append("sc1=" + scluster[1] if len(scluster) > 1 else "sc0=" + scluster[0])
            else:
                own.append("soov")
        # gazetteers (form or stem)
        types = res.gazetteer_words.get(key)
        stypes = res.gazetteer_words.get(stem) if stem != key else None
        for etype in sorted((types or frozenset()) | (stypes or frozenset())):
            own.append("g=" + etype)
            neigh.append("g=" + etype)
        trig = self._triggers.get(key) or self._triggers.get(stem)
        if trig is not None:
            neigh.append("t=" + trig)
        if self.known is None:
            windowed = tuple([f"{off}:{f}" for f in neigh] for off in _WINDOW)
        else:
            known = self.known
            own = [f for f in own if f in known]
            windowed = tuple([slot[f] for f in neigh if f in slot] for slot in self._known_windowed)
        result = (own, windowed, key, stem)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[token] = result
        return result

    # -- per sentence ----------------------------------------------------------------------------
    def _gazetteer_spans(self, keys: Sequence[str], stems: Sequence[str]) -> list[str | None]:
        phrases = self.resources.gazetteer_phrases
        marks: list[str | None] = [None] * len(keys)
        if not phrases:
            return marks
        n = len(keys)
        covered = 0  # the first token after the last phrase marked: phrases never overlap
        # only the tokens whose form or stem opens a phrase are tried, left to right
        openers = [i for i, (key, stem) in enumerate(zip(keys, stems, strict=True))
                   if key in phrases or stem in phrases]
        for i in openers:
            if i < covered:
                continue
            for first in (keys[i], stems[i]):
                matched = 0
                for words, etype in phrases.get(first) or ():
                    length = len(words)
                    if i + length <= n and all(keys[i + j] == words[j] for j in range(1, length)):
                        marks[i] = "B-" + etype
                        for j in range(1, length):
                            marks[i + j] = "I-" + etype
                        matched = length
                        break
                if matched:
                    covered = i + matched
                    break
        return marks

    def sentence_features(self, tokens: Sequence[str]) -> list[list[str]]:
        """Return one feature list per token of ``tokens``."""
        n = len(tokens)
        if n == 0:
            return []
        data, keys, stems, marks = self.sentence_parts(tokens)
        known = self.known
        if known is not None:
            return self._known_features(data, keys, stems, marks)
        out: list[list[str]] = []
        for i in range(n):
            feats = list(data[i][0])
            for slot, off in enumerate(_WINDOW):
                j = i + off
                if 0 <= j < n:
                    feats.extend(data[j][1][slot])
            # per occurrence: sentence edges, bigrams of forms and stems around the token, gazetteer phrases
            extra = ["BOS"] if i == 0 else ["EOS"] if i == n - 1 else []
            if i > 0:
                extra.append("w-1|w=" + keys[i - 1] + "|" + keys[i])
                extra.append("s-1|s=" + stems[i - 1] + "|" + stems[i])
            else:
                extra.append("w-1|w=BOS|" + keys[i])
            if i < n - 1:
                extra.append("w|w+1=" + keys[i] + "|" + keys[i + 1])
            mark = marks[i]
            if mark is not None:
                extra.append("gz=" + mark)
            for off in (-1, 1):
                j = i + off
                if 0 <= j < n and marks[j] is not None:
                    extra.append(f"{off}:gz=" + marks[j])  # type: ignore[operator]
            feats.extend(extra if known is None else [f for f in extra if f in known])
            out.append(feats)
        return out

    def sentence_parts(self, tokens: Sequence[str]
                       ) -> tuple[list[FormFeatures], list[str], list[str], list[str | None]]:
        """Each token's cached form features, look-up forms and stems, and its gazetteer-phrase mark."""
        data = [self._token_features(t) for t in tokens]
        keys = [d[2] for d in data]
        stems = [d[3] for d in data]
        return data, keys, stems, self._gazetteer_spans(keys, stems)

    def _known_features(self, data: list[FormFeatures], keys: list[str], stems: list[str], marks: list[str | None]
                        ) -> list[list[str]]:
        """:meth:`sentence_features` with only the attributes a model knows, in the same order, built faster:
        the neighbours' lists joined in one step, a bigram's string made only when its pair is known."""
        n = len(keys)
        extras: list[list[str]] = [[] for _ in range(n)]
        for i, attribute in self.sentence_extras(keys, stems, marks):
            extras[i].append(attribute)
        empty: list[str] = []
        return [
            [*data[i][0], *(data[i - 2][1][0] if i >= 2 else empty), *(data[i - 1][1][1] if i >= 1 else empty),
             *(data[i + 1][1][2] if i + 1 < n else empty), *(data[i + 2][1][3] if i + 2 < n else empty), *extras[i]]
            for i in range(n)
        ]

    def sentence_extras(self, keys: Sequence[str], stems: Sequence[str], marks: Sequence[str | None]
                        ) -> list[tuple[int, str]]:
        """``(token, attribute)`` for the per-occurrence attributes the model knows (sentence edges, bigrams,
        gazetteer phrases); a token's come in :meth:`sentence_features`' order. A bigram's string is made only
        when its pair is known."""
        known = self.known or frozenset()
        before, stem_before, after = (self._pairs[prefix] for prefix in _PAIR_PREFIXES)
        n = len(keys)
        if n == 0:
            return []
        extras: list[tuple[int, str]] = []
        if "BOS" in known:
            extras.append((0, "BOS"))
        if ("BOS", keys[0]) in before:
            extras.append((0, "w-1|w=BOS|" + keys[0]))
        if n > 1 and "EOS" in known:
            extras.append((n - 1, "EOS"))
        extras.extend((i, f"w-1|w={pair[0]}|{pair[1]}") for i, pair in enumerate(pairwise(keys), 1)
                      if pair in before)
        extras.extend((i, f"s-1|s={pair[0]}|{pair[1]}") for i, pair in enumerate(pairwise(stems), 1)
                      if pair in stem_before)
        extras.extend((i, f"w|w+1={pair[0]}|{pair[1]}") for i, pair in enumerate(pairwise(keys))
                      if pair in after)
        marked = [at for at, mark in enumerate(marks) if mark is not None]
        for i in sorted({token for at in marked for token in (at - 1, at, at + 1) if 0 <= token < n}):
            for attribute in (
                "gz=" + mark if (mark := marks[i]) is not None else None,
                "-1:gz=" + mark if i > 0 and (mark := marks[i - 1]) is not None else None,
                "1:gz=" + mark if i < n - 1 and (mark := marks[i + 1]) is not None else None,
            ):
                if attribute is not None and attribute in known:
                    extras.append((i, attribute))
        extras.sort(key=lambda item: item[0])  # stable: each token's attributes keep their order
        return extras

    def sentence_stems(self, tokens: Sequence[str]) -> list[str]:
        """Return the clitic-stripped look-up form of each token (cached)."""
        return [self._token_features(t)[3] for t in tokens]

    def sentence_keys(self, tokens: Sequence[str]) -> list[str]:
        """Return the look-up form (:func:`feature_key`) of each token (cached)."""
        return [self._token_features(t)[2] for t in tokens]


def context_features(
    stems: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], window: int
) -> list[list[list[str]]]:
    """Second-pass features from first-pass labels of the surrounding sentences.

    For each token: its own first-pass label and its neighbours', and how the other occurrences of
    its stem within ``window`` sentences either side (the token itself excluded) were labelled.
    """
    n_sent = len(stems)
    # per sentence: stem -> counts of entity types / O (first-pass labels)
    per_sentence: list[dict[str, dict[str, int]]] = []
    for sent_stems, sent_labels in zip(stems, labels, strict=True):
        table: dict[str, dict[str, int]] = {}
        for stem, label in zip(sent_stems, sent_labels, strict=True):
            if len(stem) < 2 or not stem[0].isalpha():
                continue
            kind = "O" if label == "O" else label[2:]
            counts = table.setdefault(stem, {})
            counts[kind] = counts.get(kind, 0) + 1
        per_sentence.append(table)
    totals: dict[str, dict[str, int]] = {}

    def add(table: dict[str, dict[str, int]], sign: int) -> None:
        for stem, counts in table.items():
            total = totals.setdefault(stem, {})
            for kind, count in counts.items():
                total[kind] = total.get(kind, 0) + sign * count

    for s in range(min(window, n_sent - 1) + 1):
        add(per_sentence[s], 1)
    out: list[list[list[str]]] = []
    for s in range(n_sent):
        if s > 0:
            if s + window < n_sent:
                add(per_sentence[s + window], 1)
            if s - window - 1 >= 0:
                add(per_sentence[s - window - 1], -1)
        sent_stems, sent_labels = stems[s], labels[s]
        n = len(sent_stems)
        rows: list[list[str]] = []
        for i in range(n):
            label = sent_labels[i]
            feats = ["L1=" + label]
            feats.append("L1-1=" + (sent_labels[i - 1] if i > 0 else "BOS"))
            feats.append("L1+1=" + (sent_labels[i + 1] if i + 1 < n else "EOS"))
            stem = sent_stems[i]
            window_counts = totals.get(stem) if len(stem) >= 2 and stem[0].isalpha() else None
            if window_counts is not None:
                own = "O" if label == "O" else label[2:]
                seen = False
                for kind, count in window_counts.items():
                    if count - (kind == own) > 0:
                        feats.append("dc=" + kind)
                        seen = True
                if not seen:
                    feats.append("dc-none")
            rows.append(feats)
        out.append(rows)
    return out


def frequency_bucket(count: int) -> int:
    """Log2 bucket of a corpus count (used for the ``fq=`` feature)."""
    return int(math.log2(count)) if count > 0 else 0
