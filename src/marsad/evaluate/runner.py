"""Run the pipeline over a gold directory and score it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import resources
from ..config import Config
from ..errors import InputError
from ..ingest import ingest, read_path
from ..model import Article
from ..output import article_output, every_place
from ..pipeline import get_pipeline
from .scoring import ActorAliases, Scoreboard


@dataclass(frozen=True, slots=True)
class GoldFile:
    """One gold JSON file and the input it describes."""

    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data.get("id") or self.path.stem)

    @property
    def input_path(self) -> Path:
        return self.path.parent / str(self.data.get("input") or (self.path.stem + ".txt"))


def load_gold(directory: Path) -> list[GoldFile]:
    """Load every ``*.json`` gold file of a directory (sorted by name)."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of gold files")
    files = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: invalid gold JSON ({error})") from error
        if isinstance(data, dict) and "events" in data:
            files.append(GoldFile(path, data))
    if not files:
        raise InputError(f"{directory}: no gold files (*.json with an 'events' list)")
    return files


def read_gold_input(gold: GoldFile) -> Article:
    """The article of a gold file's input page, ingested as the gold file says (format, date, URL)."""
    return ingest(
        read_path(gold.input_path),
        published=gold.data.get("published"),
        input_format=str(gold.data.get("input_format") or "auto"),
        url=gold.data.get("url"),
        source_path=str(gold.input_path),
    )


def prepare_articles(gold_files: Sequence[GoldFile], config: Config) -> list[Article]:
    """Each gold file's article after the configured stages."""
    pipeline = get_pipeline(config)
    return [pipeline(read_gold_input(gold)) for gold in gold_files]


def iter_predictions(gold_files: list[GoldFile], config: Config) -> Iterator[tuple[GoldFile, dict[str, Any]]]:
    """Run the pipeline on each gold file's input and yield the output contract."""
    pipeline = get_pipeline(config)
    for gold in gold_files:
        yield gold, article_output(pipeline(read_gold_input(gold)), include_layers=False)


def evaluate(
    directory: Path,
    *,
    config: Config | None = None,
    aliases: ActorAliases | None = None,
    progress: Callable[[str], None] | None = None,
    board: Scoreboard | None = None,
) -> Scoreboard:
    """Score the pipeline against every gold file of ``directory`` (added to ``board`` when given)."""
    config = config or Config()
    if aliases is None:  # a gold actor also counts as found through the aliases of the predicted actor
        aliases = resources.actor_base(config.actors_extra).aliases_of
    board = board if board is not None else Scoreboard()
    for gold, predicted in iter_predictions(load_gold(directory), config):
        if progress:
            progress(gold.id)
        board.add_article(gold.data.get("article") or {}, predicted)
        board.add_events(gold.id, gold.data.get("events") or [], predicted["events"], aliases=aliases)
        board.add_places(gold.id, gold.data.get("places") or [], every_place(predicted))
    return board
