"""Fixed folds for cross-validation: pages split by batch (``t1-001`` is in batch ``t1``), then by a hash.

A committed split file pins the folds (``data/folds.json``); pages it does not list are placed by
:func:`assign_folds`, which gives the same answer on every machine.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError


def batch_of(page_id: str) -> str:
    """The batch a page belongs to: its id up to the last ``-`` (``t3-012`` → ``t3``)."""
    return page_id.rsplit("-", 1)[0] if "-" in page_id else ""


def assign_folds(page_ids: Iterable[str], folds: int) -> dict[str, int]:
    """Folds stratified by batch: within a batch, pages in hash order are dealt out in turn."""
    if folds < 2:
        raise InputError(f"cross-validation needs at least 2 folds, not {folds}")
    by_batch: dict[str, list[str]] = defaultdict(list)
    for page_id in sorted(set(page_ids)):
        by_batch[batch_of(page_id)].append(page_id)
    assigned: dict[str, int] = {}
    offset = 0
    for batch in sorted(by_batch):
        ordered = sorted(by_batch[batch], key=lambda page: hashlib.sha256(page.encode("utf-8")).hexdigest())
        for position, page_id in enumerate(ordered):
            assigned[page_id] = (offset + position) % folds
        offset += len(ordered)  # the next batch starts where this one stopped: fold sizes stay even
    return assigned


def load_split(path: Path) -> tuple[int, dict[str, int]]:
    """A split file: ``{"folds": K, "pages": {"t1-001": 0, ...}}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        folds, pages = int(data["folds"]), {str(k): int(v) for k, v in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a split file ({error})") from error
    if any(not 0 <= fold < folds for fold in pages.values()):
        raise InputError(f"{path}: a page is in a fold outside 0..{folds - 1}")
    return folds, pages


def write_split(path: Path, folds: int, pages: Mapping[str, int]) -> None:
    """Write a split file (sorted, one page a line)."""
    body = ",\n".join(f'  "{page}": {fold}' for page, fold in sorted(pages.items()))
    path.write_text(f'{{"folds": {folds}, "pages": {{\n{body}\n}}}}\n', encoding="utf-8")


def split_pages(page_ids: Iterable[str], folds: int, split: Path | None) -> dict[str, int]:
    """Each page's fold: from the split file where it lists the page, else :func:`assign_folds`."""
    ids = list(page_ids)
    assigned = assign_folds(ids, folds)
    if split is None:
        return assigned
    pinned_folds, pinned = load_split(split)
    if pinned_folds != folds:
        raise InputError(f"{split} splits pages into {pinned_folds} folds, not {folds}")
    return {page: pinned.get(page, assigned[page]) for page in ids}
