"""The command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .errors import AddressInUse, ConfigError, InputError, MarsadError
from .ingest import INPUT_FORMATS
from .ingest.records import Record, iter_records, load_record
from .model import Article
from .output import article_output
from .pipeline import STAGES, get_pipeline
from .runtime import settle_heap
from .settings import Settings

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
STATE_HELP = ("folder of the checkpoint, report and watch state (default: beside a SQLite store, else "
              "~/.cache/marsad; never the working folder)")
INPUTS_HELP = "files or folders: pages (.txt, .html), .jsonl[.gz] (one article a line), .warc[.gz] (HTML responses)"


def _date_arg(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from error


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from error
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"not a probability between 0 and 1: {value!r}")
    return number


DB_HELP = "SQLite file or postgresql:// URL (default: store.db of the settings, marsad.db)"


def _add_config_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="TOML settings file ([pipeline], [store], [api], [batch], [watch]; docs/settings.md)")


def _add_db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help=DB_HELP)


def _settings(args: argparse.Namespace) -> Settings:
    """The merged settings: packaged defaults < ``--config`` file < environment < this command's flags."""
    flag = lambda name: getattr(args, name, None)  # noqa: E731
    cors = flag("cors_origin")
    return Settings.load(
        flag("config"),
        store={"db": flag("db"), "state_dir": flag("state_dir")},
        api={"host": flag("host"), "port": flag("port"), "token": flag("token"), "token_file": flag("token_file"),
             "cors_origins": tuple(cors) if cors else None},
        batch={"engine": flag("engine"), "workers": flag("workers"), "scheduler": flag("scheduler"),
               "chunk_size": flag("chunk_size"), "batch_size": flag("batch_size")},
        watch={"interval": flag("interval")},
    )


def _config(args: argparse.Namespace) -> Config:
    return _settings(args).pipeline


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad", description="Arabic news into ACLED-style conflict events, offline."
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    process = commands.add_parser("process", help="process pages and print one JSON object per article")
    process.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=INPUTS_HELP)
    process.add_argument("--published", type=_date_arg, help="publication date when the page lacks one")
    process.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    process.add_argument("--format", choices=("json", "jsonl", "text"), default="json", dest="output_format")
    _add_config_args(process)

    ingest_cmd = commands.add_parser("ingest", help="process pages and store them in the database (idempotent)")
    ingest_cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=INPUTS_HELP)
    _add_db_arg(ingest_cmd)
    ingest_cmd.add_argument("--published", type=_date_arg, help="publication date when a page lacks one")
    ingest_cmd.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    ingest_cmd.add_argument("--batch-size", type=int, help="articles per transaction (default 200)")
    ingest_cmd.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    _add_config_args(ingest_cmd)

    summary = commands.add_parser("summary", help="print counts of a store")
    _add_db_arg(summary)
    _add_config_args(summary)

    evaluate = commands.add_parser(
        "eval", help="score the pipeline against folders of gold files (--folds K: cross-validate the event coder)"
    )
    evaluate.add_argument("gold_dirs", nargs="+", type=Path, metavar="GOLD_DIR")
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--errors", action="store_true", help="also list missed and spurious events and places")
    evaluate.add_argument("--folds", type=int, metavar="K",
                          help="train the event coder on K-1 folds, score the held-out fold, K times; print the "
                               "mean and each fold")
    evaluate.add_argument("--split", type=Path, metavar="FILE",
                          help="split file pinning each page's fold (default: data/folds.json when it exists)")
    evaluate.add_argument("--keep-threshold", type=_probability, metavar="P",
                          help="with --folds: keep events at this confidence or above instead of each fold's learned "
                               "threshold (to compare two versions of the coder at one threshold)")
    _add_config_args(evaluate)

    stages = commands.add_parser("stages", help="list the registered pipeline stages")
    del stages

    ner_tag = commands.add_parser(
        "ner-tag", help="tag a CoNLL file: each line with the predicted BIO label appended (conlleval input)"
    )
    ner_tag.add_argument("file", type=Path, metavar="FILE", help="one token per line, blank line between sentences")
    ner_tag.add_argument("--model", type=Path, help="model directory (default: the packaged model)")

    eval_ner = commands.add_parser(
        "eval-ner", help="tag a gold CoNLL file and print entity-level precision, recall and F1 (overall, per type)"
    )
    eval_ner.add_argument("file", type=Path, metavar="FILE", help="gold CoNLL: the gold label in the last column")
    eval_ner.add_argument("--model", type=Path, help="model directory (default: the packaged model)")
    eval_ner.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_store_commands(commands)
    _add_batch_commands(commands)
    return parser


def _add_store_commands(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the HTTP API (OpenAPI at /openapi.json, docs at /docs)")
    _add_db_arg(serve)
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    token = serve.add_mutually_exclusive_group()
    token.add_argument("--token", help="bearer token for writes; other users of this machine can see it in the "
                                       "process list, so prefer --token-file or $MARSAD_API_TOKEN")
    token.add_argument("--token-file", type=Path, metavar="PATH",
                       help="read the bearer token from the first line of this file (default: $MARSAD_API_TOKEN; "
                            "no token: read-only)")
    serve.add_argument("--cors-origin", action="append", help="allow this browser origin (repeatable)")
    _add_config_args(serve)
    export = commands.add_parser("export", help="export events as ACLED-style CSV, GeoJSON or JSONL")
    export.add_argument("--format", choices=("acled-csv", "geojson", "jsonl"), default="acled-csv",
                        dest="export_format")
    _add_db_arg(export)
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--layout", choices=("current", "classic"), default="current",
                        help="acled-csv columns: ACLED's today (default) or the older codebook's 31")
    search = commands.add_parser("search", help="full-text search of stored articles (normalised Arabic)")
    search.add_argument("query", metavar="QUERY")
    _add_db_arg(search)
    search.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")
    search.add_argument("--json", action="store_true", help="print the hits as JSON lines")
    _add_config_args(search)
    _add_config_args(export)
    alerts = commands.add_parser("alerts", help="standing alerts: add, list, remove, test a filter, deliver webhooks")
    alerts.add_argument("action", choices=("add", "list", "remove", "test", "deliver"),
                        help="add: store an alert; list: the alerts; remove ID; test: the stored events a filter "
                             "matches now; deliver: send due webhook posts (--once: one round)")
    alerts.add_argument("alert_id", nargs="?", type=int, metavar="ID", help="the alert (remove)")
    alerts.add_argument("--name", help="the alert's name (add)")
    alerts.add_argument("--owner", help="who it is for (add)")
    alerts.add_argument("--filters", metavar="JSON",
                        help='filters as JSON (add, test), e.g. \'{"event_type": ["Explosions/Remote violence"], '
                             '"near": {"lat": 35.93, "lon": 36.63, "km": 20}}\'')
    alerts.add_argument("--webhook", metavar="URL", help="POST each match here (add; needs --secret-file)")
    alerts.add_argument("--secret-file", type=Path, metavar="PATH", help="the webhook's signing secret (first line)")
    alerts.add_argument("--once", action="store_true", help="deliver: one round, then exit")
    alerts.add_argument("--json", action="store_true", help="print JSON")
    _add_db_arg(alerts)
    _add_config_args(alerts)
    config = commands.add_parser("config", help="settings: `marsad config show` prints the merged settings")
    config.add_argument("action", choices=("show",), help="show: the settings after the file, environment and flags")
    config.add_argument("--json", action="store_true", help="print them as JSON")
    _add_config_args(config)


def _add_batch_commands(commands: Any) -> None:
    batch = commands.add_parser(
        "batch", help="process folders, JSONL(.gz) corpora and WARC(.gz) archives into the store (resumable)"
    )
    batch.add_argument("paths", nargs="+", type=Path, metavar="INPUT",
                       help="files or folders: pages (.txt, .html), .jsonl[.gz], .warc[.gz]")
    batch.add_argument("--engine", choices=("local", "dask"),
                       help="local: this machine's cores; dask: a Dask cluster (default local)")
    batch.add_argument("--workers", type=int, help="worker processes (default: one per CPU)")
    batch.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: local cluster)")
    _add_db_arg(batch)
    batch.add_argument("--chunk-size", type=int, help="records per worker task (default 50)")
    batch.add_argument("--batch-size", type=int, help="articles per store transaction (default 200)")
    batch.add_argument("--checkpoint", type=Path,
                       help="finished input units (default: DB.checkpoint in the state folder)")
    batch.add_argument("--fresh", action="store_true", help="forget the checkpoint and read every input again")
    batch.add_argument("--report", type=Path, help="JSON report of the run (default: DB.batch-report.json in the "
                                                   "state folder)")
    batch.add_argument("--state-dir", type=Path, help=STATE_HELP)
    batch.add_argument("--published", type=_date_arg, help="publication date when an article lacks one")
    batch.add_argument("--input-format", choices=INPUT_FORMATS, default="auto", help="format of page files")
    batch.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    _add_config_args(batch)
    watch = commands.add_parser("watch", help="poll RSS/Atom feeds and store their new articles (restart-safe)")
    watch.add_argument("feeds", type=Path, metavar="FEEDS.yaml", help="feeds and politeness settings (docs/scale.md)")
    _add_db_arg(watch)
    watch.add_argument("--state", type=Path, help="seen URLs and feed validators (default: DB.watch-state.jsonl in "
                                                  "the state folder)")
    watch.add_argument("--state-dir", type=Path, help=STATE_HELP)
    watch.add_argument("--once", action="store_true", help="poll every feed once and exit")
    watch.add_argument("--interval", type=float, help="seconds between polls (overrides the feeds file)")
    _add_config_args(watch)


def _error(message: str) -> None:
    """Print one error line (a reason that spans lines, e.g. a parser's, is folded onto one)."""
    print(f"marsad: error: {' '.join(message.split())}", file=sys.stderr)


def _warn(message: str) -> None:
    """Print one warning line."""
    print(f"marsad: warning: {' '.join(message.split())}", file=sys.stderr)


def _process_record(record: Record, args: argparse.Namespace, pipeline: Any) -> tuple[Article, str] | None:
    """Ingest and code one record; print its warnings, or its error and return None (the run goes on)."""
    where = record.where
    try:
        with pipeline.config.budget.running():  # reading the page counts towards its budget too
            article, raw = load_record(record, published=args.published, input_format=args.input_format)
            coded = pipeline(article)
        for warning in article.meta.warnings:
            _warn(f"{where}: {warning}")
        if coded.meta.language != "ar":
            _warn(f"{where}: not Arabic ({coded.meta.language}), no events coded")
        elif undated := len(coded.layers.get("undated", [])):
            _warn(f"{where}: no publication date (give --published): {undated} event(s) told with relative dates "
                  "were not coded")
        return coded, raw
    except MarsadError as error:
        _error(f"{where}: {error}")
    except Exception as error:  # a bug on one hostile page must not stop the batch
        _error(f"{where}: internal error ({type(error).__name__}: {error}); please report it")
    return None


def _processed(args: argparse.Namespace, pipeline: Any) -> Iterator[tuple[Article, str] | None]:
    """Ingest and code every record of the inputs, as ``batch`` reads them (a page file is one record, a
    JSONL line or a WARC page another); yield None for each failure, printed, and go on."""
    from .batch.runner import iter_input_files

    for path, kind in iter_input_files(args.paths):
        try:
            for record in iter_records(path, kind):
                yield _process_record(record, args, pipeline)
        except InputError as error:  # unreadable, or broken off after the records already processed
            _error(f"{path}: {error}")
            yield None


def cmd_process(args: argparse.Namespace) -> int:
    pipeline = get_pipeline(_config(args))
    settle_heap()
    failed = 0
    for loaded in _processed(args, pipeline):
        if loaded is None:
            failed += 1
            continue
        data = article_output(loaded[0])
        if args.output_format == "json":
            print(json.dumps(data, ensure_ascii=False, indent=1))
        elif args.output_format == "jsonl":
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(_as_text(data))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _as_text(data: dict[str, Any]) -> str:
    lines = [f"# {data['title'] or '(no title)'}",
             f"author: {data['author'] or 'unknown'}  published: {data['published'] or 'unknown'}"]
    for event in data["events"]:
        sides = " vs ".join(actor for actor in (event["actor1"], event["actor2"]) if actor) or "unidentified actors"
        lines.append(
            f"- {event['event_date']} {event['event_type']} / {event['sub_event_type']} @ "
            f"{event['location'] or event['admin1'] or 'unknown place'}: {sides} (fatalities {event['fatalities']})"
        )
    lines.append("")
    return "\n".join(lines)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .store import Store

    settings = _settings(args)
    _require_inputs(args.paths)
    batch_size = settings.batch.batch_size
    store = Store.open(settings.store.db)
    pipeline = get_pipeline(settings.pipeline)
    settle_heap()
    batch: list[tuple[Article, str | None]] = []
    added = skipped = failed = 0
    with tqdm(unit="article", disable=args.no_progress, file=sys.stderr) as bar:
        for loaded in _processed(args, pipeline):
            if loaded is None:
                failed += 1
            else:
                batch.append(loaded)
            bar.update(1)
            if len(batch) >= batch_size:
                report = store.add_articles(batch)
                added, skipped, batch = added + report.added, skipped + report.skipped, []
        report = store.add_articles(batch)
        added, skipped = added + report.added, skipped + report.skipped
    print(json.dumps({"added": added, "already_stored": skipped, "failed": failed, **store.summary()},
                     ensure_ascii=False))
    store.close()
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from .store import Store

    store = Store.open(_settings(args).store.db, create=False)
    print(json.dumps(store.summary(), ensure_ascii=False, indent=1))
    store.close()
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import Scoreboard, evaluate

    if args.folds is not None:
        return _cross_validate(args)
    if args.keep_threshold is not None:
        raise InputError("--keep-threshold only applies with --folds (the shipped models keep their threshold)")
    board = Scoreboard()
    for gold_dir in args.gold_dirs:
        board = evaluate(gold_dir, config=_config(args), board=board)
    result = board.as_dict()
    if args.json:
        if args.errors:
            result["errors"] = board.misses
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(_format_scores(result))
    if args.errors:
        for miss in board.misses:
            print(f"  {miss['doc']:<12} {miss['kind']:<9} {miss.get('event') or miss.get('text')}")
    return EXIT_OK


DEFAULT_SPLIT = Path("data") / "folds.json"


def _cross_validate(args: argparse.Namespace) -> int:
    from .evaluate.crossval import cross_validate

    split = args.split if args.split is not None else (DEFAULT_SPLIT if DEFAULT_SPLIT.is_file() else None)
    result = cross_validate(args.gold_dirs, folds=args.folds, split=split, config=_config(args),
                            progress=lambda message: print(f"marsad: {message}", file=sys.stderr),
                            keep_threshold=args.keep_threshold)
    data = result.as_dict()
    if args.json:
        if args.errors:
            data["errors"] = result.pooled.misses
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(_format_folds(data, split))
    print(_format_scores(data["pooled"]))
    if args.errors:
        for miss in result.pooled.misses:
            print(f"  {miss['doc']:<12} {miss['kind']:<9} {miss.get('event') or miss.get('text')}")
    return EXIT_OK


def _format_folds(data: dict[str, Any], split: Path | None) -> str:
    mean = data["mean"]["events"]
    lines = [
        f"Cross-validation: {data['folds']} folds ({'split ' + str(split) if split else 'folds by batch and hash'}),"
        " each scored by models trained on the others",
        f"  mean of folds: precision {mean['precision']:.3f}  recall {mean['recall']:.3f}  F1 {mean['f1']:.3f}",
    ]
    for index, fold in enumerate(data["per_fold"]):
        events = fold["events"]
        lines.append(f"    fold {index}: P {events['precision']:.3f}  R {events['recall']:.3f}  F1 {events['f1']:.3f}"
                     f"  (tp {events['tp']}, fp {events['fp']}, fn {events['fn']})")
    lines.append("  mean of folds per type:")
    for name, counts in data["mean"]["events_per_type"].items():
        lines.append(f"    {name:<28} P {counts['precision']:.3f}  R {counts['recall']:.3f}  F1 {counts['f1']:.3f}")
    lines.append("Pooled over the held-out folds:")
    return "\n".join(lines)


def _ratio(item: dict[str, Any]) -> str:
    value = item["value"]
    return "n/a" if value is None else f"{value:.3f} ({item['hits']}/{item['total']})"


def _format_scores(result: dict[str, Any]) -> str:
    events = result["events"]
    lines = [
        "Events (required gold)",
        f"  precision {events['precision']:.3f}  recall {events['recall']:.3f}  F1 {events['f1']:.3f}"
        f"  (tp {events['tp']}, fp {events['fp']}, fn {events['fn']})",
        "  per type:",
    ]
    for name, counts in result["events_per_type"].items():
        lines.append(
            f"    {name:<28} P {counts['precision']:.3f}  R {counts['recall']:.3f}  F1 {counts['f1']:.3f}"
            f"  (tp {counts['tp']}, fp {counts['fp']}, fn {counts['fn']})"
        )
    lines += [
        f"  sub-event accuracy      {_ratio(result['sub_event_accuracy'])}",
        f"  actor accuracy          {_ratio(result['actor_accuracy'])}",
        f"  fatalities accuracy     {_ratio(result['fatalities_accuracy'])}",
        f"  exact-date rate         {_ratio(result['exact_date_rate'])}",
        f"  median place error km   {result['median_place_error_km']}",
        f"  predicted, no coordinates {_ratio(result['predicted_without_coordinates'])}",
        f"  pages with no required event: {result['empty_pages']['pages']}, false events on them "
        f"{result['empty_pages']['false_events']} ({result['empty_pages']['per_10_pages']} per 10 pages)",
        *(f"    batch {batch or '(none)'}: {row['pages']} pages, {row['false_events']} false events "
          f"({row['per_10_pages']} per 10 pages)" for batch, row in result["empty_pages"]["by_batch"].items()),
        "  reliability (confidence band: events, share right):",
        *(f"    {row['from']:.1f}{'+' if row.get('cumulative') else '-' + format(row['to'], '.1f')}"
          f"  {row['events']:>4}  {'n/a' if row['right'] is None else format(row['right'], '.3f')}"
          for row in result["reliability"]),
        "Places",
        f"  within 10 km            {_ratio(result['places_within_10km'])}",
        "Article",
    ]
    for name, item in result["article"].items():
        lines.append(f"  {name:<23} {_ratio(item)}")
    return "\n".join(lines)


def cmd_stages(args: argparse.Namespace) -> int:
    del args
    from .pipeline import _load_builtin_stages

    _load_builtin_stages()
    for info in STAGES.values():
        print(f"{info.name:<28} requires={','.join(info.requires) or '-'} assigns={','.join(info.assigns)}")
        print(f"    {info.doc.splitlines()[0] if info.doc else ''}")
    return EXIT_OK


def _tag_conll(args: argparse.Namespace) -> tuple[list[list[list[str]]], list[list[str]], str]:
    from .entities.conll import read_conll_lines
    from .entities.tagger import NerTagger

    try:
        first_line = next((line for line in args.file.open(encoding="utf-8") if line.strip()), "")
    except OSError as error:
        raise InputError(f"{args.file}: cannot read ({error.strerror or error})") from error
    sentences = read_conll_lines(args.file)
    tagger = NerTagger.load(args.model)
    predicted = tagger.tag_many([[columns[0] for columns in sentence] for sentence in sentences])
    return sentences, predicted, "\t" if "\t" in first_line else " "


def cmd_ner_tag(args: argparse.Namespace) -> int:
    from .entities.conll import format_tagged

    sentences, predicted, separator = _tag_conll(args)
    sys.stdout.write(format_tagged(sentences, predicted, sep=separator))
    return EXIT_OK


def cmd_eval_ner(args: argparse.Namespace) -> int:
    from .entities.conll import normalize_label, score_entities
    from .entities.tagger import LABELS

    NER_TYPES = tuple(dict.fromkeys(label[2:] for label in LABELS if label != "O"))

    sentences, predicted, _separator = _tag_conll(args)
    gold = [[normalize_label(columns[-1]) for columns in sentence] for sentence in sentences]
    foreign = sorted({label[2:] for sentence in gold for label in sentence} - {"", *NER_TYPES})
    if foreign:  # scoring them would only count misses (F1 near 0 with no word of why)
        raise InputError(f"{args.file}: entity types the model does not tag: {', '.join(foreign)} (it tags "
                         f"{', '.join(NER_TYPES)}); map the gold tags to these first")
    scores = score_entities(gold, predicted)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"entities: precision {scores['precision']:.4f}  recall {scores['recall']:.4f}  F1 {scores['f1']:.4f}")
    per_type = scores["per_type"]
    if isinstance(per_type, dict):
        for name, item in sorted(per_type.items()):
            print(f"  {name:<5} precision {item['precision']:.4f}  recall {item['recall']:.4f}  F1 {item['f1']:.4f}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .alerts.delivery import Deliverer
    from .api import ApiSettings, create_app
    from .store import Store

    settings = _settings(args)
    api = settings.api
    api_settings = ApiSettings(token=settings.api_token(), cors_origins=api.cors_origins,
                               max_page_size=api.max_page_size, max_query_length=api.max_query_length,
                               max_body_bytes=api.max_body_bytes)
    store = Store.open(settings.store.db, create=False)
    deliverer = None
    try:
        listening = _listening_socket(api.host, api.port)  # a port in use is refused here, clearly
        app = create_app(store, api_settings, pipeline=get_pipeline(settings.pipeline))
        deliverer = Deliverer(store).start()  # the alerts' webhook posts, while the server runs
        uvicorn.Server(uvicorn.Config(app, host=api.host, port=api.port)).run(sockets=[listening])
    finally:
        if deliverer is not None:
            deliverer.stop()
        store.close()
    return EXIT_OK


def _listening_socket(host: str, port: int) -> Any:
    """A socket bound to ``host:port`` for the server; :class:`AddressInUse` when another program has it."""
    import errno
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listening = socket.socket(family, socket.SOCK_STREAM)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise AddressInUse(f"cannot listen on {host}:{port}: the address is already in use (another server "
                               "running? choose another --port)") from None
        raise AddressInUse(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    listening.set_inheritable(True)
    return listening


def cmd_export(args: argparse.Namespace) -> int:
    from .store import Filters, Store
    from .store.export import export

    store = Store.open(_settings(args).store.db, create=False)
    out = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        for chunk in export(store.iter_events(Filters()), args.export_format, layout=args.layout):
            out.write(chunk)
    finally:
        if args.output:
            out.close()
        store.close()
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    import html

    from .store import Store

    store = Store.open(_settings(args).store.db, create=False)
    total, hits = store.search(args.query, limit=max(1, args.limit))
    store.close()
    for hit in hits:
        if args.json:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
        else:
            snippet = html.unescape(hit.snippet_html.replace("<mark>", "[").replace("</mark>", "]"))
            print(f"{hit.score:8.3f}  {hit.article_id}  {hit.published or '-'}  {hit.title or ''}\n          {snippet}")
    if not args.json:
        print(f"{total} article(s) match")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .batch import Checkpoint, make_engine, run_batch
    from .store import Store

    settings = _settings(args)
    _require_inputs(args.paths)
    state = settings.store
    checkpoint_path = args.checkpoint or state.state_path(".checkpoint")
    checkpoint_path.parent.mkdir(parents=True, exist_ok=True)
    checkpoint = Checkpoint.open(checkpoint_path)
    if args.fresh:
        checkpoint.clear()
    report_path = args.report or state.state_path(".batch-report.json")
    engine = make_engine(settings.batch.engine, workers=settings.batch.workers, scheduler=settings.batch.scheduler)
    store = Store.open(state.db)
    try:
        with tqdm(unit="article", disable=args.no_progress, file=sys.stderr) as bar:
            report = run_batch(args.paths, store, engine=engine, checkpoint=checkpoint, config=settings.pipeline,
                               chunk_size=settings.batch.chunk_size, batch_size=settings.batch.batch_size,
                               published=args.published,
                               input_format=args.input_format, progress=bar.update, report_path=report_path)
        totals = {key: value for key, value in report.to_dict().items() if key != "errors"}
        print(json.dumps({**totals, **store.summary()}, ensure_ascii=False))
    finally:
        engine.close()
        checkpoint.close()
        store.close()
    print(
        f"marsad batch: {report.records} records from {report.inputs} inputs in {report.seconds:.1f} s "
        f"({report.articles_per_second:.1f}/s, {report.engine} x {report.workers}): {report.added} added, "
        f"{report.already_stored} already stored, {report.failed} failed; "
        f"{report.units_skipped} units done earlier (checkpoint {checkpoint.path})",
        file=sys.stderr,
    )
    for reason, count in report.top_reasons():
        print(f"  {count} x {reason}", file=sys.stderr)
    if report.failed:
        print(f"  errors listed in {report_path}", file=sys.stderr)
    return EXIT_SOME_FAILED if report.failed else EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from .store import Store
    from .watch import Watcher, WatchSettings, WatchState

    settings = _settings(args)
    overrides = {key: value for key, value in settings.watch.model_dump().items() if value is not None}
    feeds = WatchSettings.load(args.feeds).replace(**overrides)
    state_path = args.state or settings.store.state_path(".watch-state.jsonl")
    state_path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.store.db)
    watcher = Watcher(feeds, store, WatchState.open(state_path), config=settings.pipeline)
    failed = 0

    def on_poll(report: Any) -> None:
        nonlocal failed
        failed += report.feeds_failed + report.failed + report.rejected
        totals = {key: value for key, value in report.to_dict().items() if key != "errors"}
        print(json.dumps(totals, ensure_ascii=False), flush=True)
        for error in report.errors:
            _error(f"{error.where}: {error.message}")

    try:
        watcher.run(once=args.once, on_poll=on_poll)
    finally:
        watcher.close()
        store.close()
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    settings = _settings(args)
    print(json.dumps(settings.model_dump(mode="json"), ensure_ascii=False, indent=1) if args.json else settings.show())
    return EXIT_OK


def cmd_alerts(args: argparse.Namespace) -> int:
    from .alerts.service import create_alert, list_alerts, matching_events, parse_spec, remove_alert
    from .api.settings import secret_from_file
    from .store import Store

    settings = _settings(args)
    store = Store.open(settings.store.db, create=False)
    try:
        if args.action == "add":
            secret = secret_from_file(args.secret_file, "secret") if args.secret_file else None
            webhook = {"url": args.webhook, "secret": secret} if args.webhook else None
            spec = parse_spec({"name": args.name, "owner": args.owner, "filters": _json_arg(args.filters),
                               "webhook": webhook})
            print(json.dumps({"id": create_alert(store, spec)}))
        elif args.action == "list":
            for alert in list_alerts(store):
                if args.json:
                    print(json.dumps(alert, ensure_ascii=False))
                else:
                    print(f"{alert['id']:>5}  {alert['name']}  {json.dumps(alert['filters'], ensure_ascii=False)}  "
                          f"matches {alert['matches']}, undelivered {alert['undelivered']}")
        elif args.action == "remove":
            if args.alert_id is None:
                raise ConfigError("alerts remove needs the alert's ID")
            if not remove_alert(store, args.alert_id):
                raise InputError(f"no alert {args.alert_id}")
        elif args.action == "test":
            spec = parse_spec({"name": "test", "filters": _json_arg(args.filters)})
            total, found = matching_events(store, spec)
            for event in found:
                print(json.dumps(event, ensure_ascii=False) if args.json else
                      f"{event['id']}  {event['event_date']}  {event['event_type']} / {event['sub_event_type']}  "
                      f"{event['location'] or event['admin1'] or ''}  fatalities {event['fatalities']}")
            print(f"{total} stored event(s) match", file=sys.stderr)
        else:
            _deliver(store, once=args.once)
    finally:
        store.close()
    return EXIT_OK


def _deliver(store: Any, *, once: bool) -> None:
    import httpx

    from .alerts.delivery import deliver_due

    with httpx.Client(timeout=10.0) as client:
        while True:
            report = deliver_due(store, client)
            if report.delivered or report.failed:
                print(json.dumps({"delivered": report.delivered, "failed": report.failed}), flush=True)
            if once:
                return
            if not (report.delivered or report.failed):
                import time

                time.sleep(1.0)


def _json_arg(value: str | None) -> Any:
    if value is None:
        raise ConfigError("--filters is needed (a JSON object)")
    try:
        return json.loads(value)
    except json.JSONDecodeError as error:
        raise ConfigError(f"--filters is not valid JSON: {error}") from None


def _require_inputs(paths: Sequence[Path]) -> None:
    """Refuse, before anything is created, inputs that do not exist."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise InputError(f"{', '.join(missing)}: no such file or folder; nothing was read or created")


COMMANDS = {
    "alerts": cmd_alerts,
    "config": cmd_config,
    "process": cmd_process,
    "ingest": cmd_ingest,
    "summary": cmd_summary,
    "eval": cmd_eval,
    "stages": cmd_stages,
    "ner-tag": cmd_ner_tag,
    "eval-ner": cmd_eval_ner,
    "serve": cmd_serve,
    "export": cmd_export,
    "search": cmd_search,
    "batch": cmd_batch,
    "watch": cmd_watch,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as error:
        _error(str(error))
        return error.exit_code
    except MarsadError as error:
        _error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): stop quietly
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
