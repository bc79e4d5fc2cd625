"""Where the held-out folds' missed events are lost: each missed gold event traced through the coder's steps.

The event models are trained on four folds of ``data/folds.json`` and the fifth is coded step by step, as
``marsad eval --folds 5`` does. A missed required gold event is put in one class:

- no draft: no draft event of the page matches it (type, date, place as EVENTS.md scores them);
- below threshold: a draft matches it, but its merged event's calibrated confidence is under the keep threshold;
- merged away: the draft's merged event no longer matches it (another place or type won the merge);
- matched elsewhere: its merged event is kept and would match it, but matched another gold event (one-to-one).

    python benchmarks/trace_misses.py [GOLD_DIR] [--list]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from marsad import resources
from marsad.config import EVENT_STAGES, Config
from marsad.evaluate.folds import split_pages
from marsad.evaluate.runner import load_gold, prepare_articles
from marsad.evaluate.scoring import match_events, pair_cost
from marsad.events.actors import ActorReader
from marsad.events.coding import argue_candidates, decide_candidates, describe_candidates, find_candidates
from marsad.events.features import ArticleContext
from marsad.events.merge import confidence_features, corefer, fold_reports, merge_drafts, reports_of
from marsad.events.training import GoldPage, train_event_models
from marsad.model import Article
from marsad.output import event_output

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT.parent / "shared" / "train")
    parser.add_argument("--list", action="store_true", help="print each missed event and its class")
    args = parser.parse_args()
    config = Config()
    golds = load_gold(args.gold)
    assignment = split_pages([g.id for g in golds], 5, ROOT / "data" / "folds.json")
    articles = prepare_articles(golds, config.replace(stages=tuple(s for s in config.stages
                                                                   if s not in EVENT_STAGES)))
    lexicon, actors = resources.event_lexicon(), resources.actor_base(config.actors_extra)
    reader = ActorReader(lexicon, actors)
    classes: Counter[str] = Counter()
    for fold in range(5):
        train = [GoldPage(g.id, Article.from_json(a.to_json()), g.data)
                 for g, a in zip(golds, articles, strict=True) if assignment[g.id] != fold]
        models = train_event_models(train, lexicon, actors, default_country=config.default_country)
        for gold, original in zip(golds, articles, strict=True):
            if assignment[gold.id] != fold:
                continue
            article = Article.from_json(original.to_json())
            clauses, candidates = find_candidates(article, lexicon, actors)
            article.set_layer("clauses", clauses)
            article.set_layer("event_candidates", candidates)
            context = ArticleContext.build(article, lexicon, actors, default_country=config.default_country)
            candidates = decide_candidates(context, describe_candidates(context, candidates), models)
            drafts = argue_candidates(context, candidates, models, reader).events
            final = [event_output(e) for e in merge_drafts(context, candidates, drafts, models)]
            required = [e for e in gold.data.get("events") or [] if e.get("required", True)]
            matched = dict(match_events(required, final))
            reports = reports_of(context, candidates, drafts)
            groups = corefer(context, reports, models)
            group_of = {member: group for group in groups for member in group}
            drafted = [event_output(d) for d in drafts]
            for index, event in enumerate(required):
                if index in matched:
                    continue
                fitting = [i for i, d in enumerate(drafted) if pair_cost(event, d) is not None]
                if not fitting:
                    kind = "no draft"
                else:
                    members = [reports[i] for i in group_of.get(fitting[0], [fitting[0]])]
                    merged = fold_reports(members)
                    confidence = models.confidence.probability(confidence_features(context, members, merged))
                    if confidence < models.threshold:
                        kind = "below threshold"
                    elif pair_cost(event, event_output(merged)) is None:
                        kind = "merged away"
                    else:
                        kind = "matched elsewhere"
                classes[kind] += 1
                if args.list:
                    print(f"{gold.id}\t{event['event_type']}\t{event.get('location')}\t{kind}")
    print(f"missed required events: {sum(classes.values())}")
    for kind, count in classes.most_common():
        print(f"  {kind}: {count}")


if __name__ == "__main__":
    main()
