"""Build the word-frequency lexicon used by clitic segmentation and by the place resolver.

Source: ANT Corpus v1.1 (Jawhara FM news, Apache-2.0; cite Chouigui et al. 2017 / antcorpus.github.io),
``shared/data/news/ant-corpus-jawharafm/ant_corpus_v1.1.jsonl.gz``. Every Arabic word of every title and
text is normalised with ``normalize_key`` and counted, and so is how often it stands where a place name
stands: after a word of place (قرب، مدينة، ولاية، منطقة، ريف …) or with a ب before its article (بالقصرين).
The bare prepositions في and إلى are left out: they precede times as often ("في الأشهر الأخيرة"). Place
names are there a fifth to a half of the time (القصرين 0.56, سوسة 0.22); everyday words almost never
(التي، اليوم، الحكومة، الأشهر: 0.05 or less). Words seen at least ``--min-count`` times are written, most
frequent first, to ``src/marsad/data/lexicon/word_freq.tsv.gz`` (``word<TAB>count<TAB>locative count``).

    python scripts/build_lexicon.py [--shared ../shared] [--min-count 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from marsad.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parents[1]
WORD_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3][\u0621-\u065F\u0670-\u06D3]*")
#: Words after which a name is a place (general Arabic usage; the Tunisian units ولاية and معتمدية included).
LOCATIVE = frozenset(normalize_key(word) for word in (
    "قرب", "نحو", "باتجاه", "داخل", "وسط", "ضواحي", "أحواز", "ريف", "محافظة", "مدينة",
    "ولاية", "معتمدية", "بلدة", "قرية", "منطقة", "جهة", "جزيرة", "مدن", "ولايات", "بمدينة", "بولاية",
    "بمعتمدية", "بمنطقة", "بجهة", "ومدينة", "وولاية", "وبمدينة", "وبولاية",
))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--output", type=Path, default=ROOT / "src/marsad/data/lexicon/word_freq.tsv.gz")
    args = parser.parse_args()
    source = args.shared / "data/news/ant-corpus-jawharafm/ant_corpus_v1.1.jsonl.gz"
    counts: Counter[str] = Counter()
    locative: Counter[str] = Counter()
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for field in ("title", "text"):
                previous = ""
                for word in WORD_RE.findall(record.get(field) or ""):
                    key = normalize_key(word)
                    if not key:
                        continue
                    counts[key] += 1
                    if previous in LOCATIVE:
                        locative[key] += 1
                    if key.startswith("بال") and len(key) > 4:  # بالقصرين: ب + القصرين
                        counts[key[1:]] += 1
                        locative[key[1:]] += 1
                    previous = key
    rows = sorted(((w, c) for w, c in counts.items() if c >= args.min_count), key=lambda item: (-item[1], item[0]))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(f"{word}\t{count}\t{locative[word]}\n" for word, count in rows).encode("utf-8")
    args.output.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(f"{len(rows)} words (of {len(counts)}) written to {args.output} ({args.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
