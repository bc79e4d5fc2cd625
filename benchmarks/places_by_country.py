"""Places within 10 km by the page's gold country, and events placed outside the page's country.

Places: every scored gold place mention (not a region, located) of the gold pages, resolved within 10 km
by a place of the same name, as ``marsad eval`` scores it, broken down by the page's country (the gold's
``country``, else Syria). Events (``--events``): the event models are trained on four folds of
``data/folds.json`` and the held-out fold is coded, five times, as ``marsad eval --folds 5`` does; an
event of a page outside Syria whose country differs from the page's is counted.

    python benchmarks/places_by_country.py [GOLD_DIR ...] [--events]
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from marsad import resources
from marsad.config import EVENT_STAGES, Config
from marsad.evaluate.crossval import before_layers
from marsad.evaluate.folds import split_pages
from marsad.evaluate.runner import GoldFile, load_gold, prepare_articles
from marsad.evaluate.scoring import Ratio, Scoreboard
from marsad.events.training import GoldPage, train_event_models
from marsad.model import Article
from marsad.output import article_output, every_place
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def page_country(gold: GoldFile) -> str:
    """The page's country: the gold's, else the one most of its events carry, else Syria."""
    events = Counter(e["country"] for e in gold.data.get("events") or [] if e.get("country"))
    return gold.data.get("country") or (events.most_common(1)[0][0] if events else "Syria")


def place_hits(gold: GoldFile, article: Article) -> Ratio:
    """The page's scored gold places resolved within 10 km, as ``marsad eval`` counts them."""
    board = Scoreboard()
    board.add_places(gold.id, gold.data.get("places") or [], every_place(article_output(article, include_layers=False)))
    return board.places


def events_abroad(golds: list[GoldFile], articles: list[Article], config: Config) -> tuple[int, int]:
    """Held-out events of pages outside Syria, and those placed in another country than the page's."""
    assignment = split_pages([g.id for g in golds], 5, ROOT / "data" / "folds.json")
    lexicon, actors = resources.event_lexicon(), resources.actor_base(config.actors_extra)
    total = wrong = 0
    with tempfile.TemporaryDirectory(prefix="marsad-places-") as scratch:
        for fold in range(5):
            train = [GoldPage(g.id, Article.from_json(a.to_json()), g.data)
                     for g, a in zip(golds, articles, strict=True) if assignment[g.id] != fold]
            path = Path(scratch) / f"fold-{fold}.json.gz"
            train_event_models(train, lexicon, actors, default_country=config.default_country).save(path)
            coder = Pipeline.build(config.replace(stages=EVENT_STAGES, event_models=str(path)),
                                   layers=before_layers())
            for gold, article in zip(golds, articles, strict=True):
                country = page_country(gold)
                if assignment[gold.id] != fold or country == "Syria":
                    continue
                coded = coder(Article.from_json(article.to_json())).layers.get("events", [])
                total += len(coded)
                for event in coded:
                    if event.country != country:
                        wrong += 1
                        print(f"  {gold.id}: an event of a page in {country} placed in {event.country} "
                              f"({event.location})")
    return total, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[ROOT.parent / "shared" / "train"])
    parser.add_argument("--events", action="store_true", help="also code held-out folds (5-fold split)")
    args = parser.parse_args()
    config = Config()
    golds = [gold for directory in args.gold for gold in load_gold(directory)]
    articles = prepare_articles(golds, config.replace(stages=tuple(s for s in config.stages
                                                                   if s not in EVENT_STAGES)))
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for gold, article in zip(golds, articles, strict=True):
        country = page_country(gold)
        places = place_hits(gold, article)
        totals[country] += places.total
        hits[country] += places.hits
    inside, outside = totals["Syria"], sum(totals.values()) - totals["Syria"]
    found, scored = sum(hits.values()), sum(totals.values())
    print(f"all pages      {found / scored:.3f} ({found}/{scored})")
    print(f"in Syria       {hits['Syria'] / inside:.3f} ({hits['Syria']}/{inside})" if inside else "in Syria: none")
    if outside:
        abroad = found - hits["Syria"]
        print(f"outside Syria  {abroad / outside:.3f} ({abroad}/{outside})")
    print("per country: " + ", ".join(f"{c} {hits[c]}/{totals[c]}" for c in sorted(totals, key=lambda c: -totals[c])))
    if args.events:
        total, wrong = events_abroad(golds, articles, config)
        print(f"held-out events of pages outside Syria: {total}, placed in another country: {wrong}")


if __name__ == "__main__":
    main()
