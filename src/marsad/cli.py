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
from .errors import InputError, MarsadError
from .ingest import INPUT_FORMATS, ingest, read_path
from .model import Article
from .output import article_output
from .pipeline import STAGES, get_pipeline

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
#: Files taken from folders; a serialised article (.json) must be named explicitly.
PAGE_SUFFIXES = {".txt", ".html", ".htm", ".gz", ".xhtml"}


def _date_arg(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from error


def _add_config_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="TOML file whose [marsad] table overrides default settings")


def _config(args: argparse.Namespace) -> Config:
    return Config.from_file(args.config) if getattr(args, "config", None) else Config()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad", description="Arabic news into ACLED-style conflict events, offline."
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    process = commands.add_parser("process", help="process pages and print one JSON object per article")
    process.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of pages")
    process.add_argument("--published", type=_date_arg, help="publication date when the page lacks one")
    process.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    process.add_argument("--format", choices=("json", "jsonl", "text"), default="json", dest="output_format")
    _add_config_args(process)

    ingest_cmd = commands.add_parser("ingest", help="process pages and store them in the database (idempotent)")
    ingest_cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of pages")
    ingest_cmd.add_argument("--db", default="marsad.db", help="SQLite file or postgresql:// URL (default marsad.db)")
    ingest_cmd.add_argument("--published", type=_date_arg, help="publication date when a page lacks one")
    ingest_cmd.add_argument("--input-format", choices=INPUT_FORMATS, default="auto")
    ingest_cmd.add_argument("--batch-size", type=int, default=200, help="articles per transaction")
    ingest_cmd.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    _add_config_args(ingest_cmd)

    summary = commands.add_parser("summary", help="print counts of a store")
    summary.add_argument("--db", default="marsad.db", help="SQLite file or postgresql:// URL")

    evaluate = commands.add_parser("eval", help="score the pipeline against a folder of gold files")
    evaluate.add_argument("gold_dir", type=Path, metavar="GOLD_DIR")
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--errors", action="store_true", help="also list missed and spurious events and places")
    _add_config_args(evaluate)

    stages = commands.add_parser("stages", help="list the registered pipeline stages")
    del stages
    return parser


def iter_input_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Expand folders into the page files they hold (sorted), keep files as given."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in PAGE_SUFFIXES:
                    yield child
        else:
            yield path


def _load(path: Path, args: argparse.Namespace) -> tuple[Article, str]:
    raw = read_path(path)
    article = ingest(raw, published=args.published, input_format=args.input_format, source_path=str(path))
    return article, raw.decode("utf-8", errors="replace")


def _error(message: str) -> None:
    print(f"marsad: error: {message}", file=sys.stderr)


def cmd_process(args: argparse.Namespace) -> int:
    pipeline = get_pipeline(_config(args))
    failed = 0
    for path in iter_input_files(args.paths):
        try:
            article = pipeline(_load(path, args)[0])
        except MarsadError as error:
            _error(f"{path}: {error}")
            failed += 1
            continue
        data = article_output(article)
        if args.output_format == "json":
            print(json.dumps(data, ensure_ascii=False, indent=1))
        elif args.output_format == "jsonl":
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(_as_text(data))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _as_text(data: dict[str, Any]) -> str:
    lines = [f"# {data['title'] or '(no title)'}", f"author: {data['author']}  published: {data['published']}"]
    for event in data["events"]:
        lines.append(
            f"- {event['event_date']} {event['event_type']} / {event['sub_event_type']} @ {event['location']}: "
            f"{event['actor1']} vs {event['actor2']} (fatalities {event['fatalities']})"
        )
    lines.append("")
    return "\n".join(lines)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .store import Store

    if args.batch_size < 1:
        _error("--batch-size must be at least 1")
        return EXIT_USAGE
    store = Store.open(args.db)
    pipeline = get_pipeline(_config(args))
    files = list(iter_input_files(args.paths))
    batch: list[tuple[Article, str | None]] = []
    added = skipped = failed = 0
    with tqdm(total=len(files), unit="article", disable=args.no_progress, file=sys.stderr) as bar:
        for path in files:
            try:
                article, raw = _load(path, args)
                batch.append((pipeline(article), raw))
            except MarsadError as error:
                _error(f"{path}: {error}")
                failed += 1
            bar.update(1)
            if len(batch) >= args.batch_size:
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

    store = Store.open(args.db, create=False)
    print(json.dumps(store.summary(), ensure_ascii=False, indent=1))
    store.close()
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    board = evaluate(args.gold_dir, config=_config(args), aliases=_actor_aliases())
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


def _actor_aliases() -> Any:
    """Return an alias lookup by canonical actor name, or None without an actor base."""
    try:
        from .actors.base import ActorBase
    except ImportError:
        return None
    base = ActorBase.load()
    return base.aliases_of


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


COMMANDS = {
    "process": cmd_process,
    "ingest": cmd_ingest,
    "summary": cmd_summary,
    "eval": cmd_eval,
    "stages": cmd_stages,
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
