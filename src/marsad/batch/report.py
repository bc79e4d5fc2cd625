"""What a batch run did: counts, and every per-file or per-record error with its reason."""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError

#: Errors kept in full in the report; beyond this only the count grows (bounded memory).
MAX_ERRORS = 10_000


@dataclass(frozen=True, slots=True)
class BatchError:
    """One input that failed: where (``path`` or ``path:record``), at which step, and why."""

    where: str
    step: str
    message: str


@dataclass(slots=True)
class BatchReport:
    """Totals of a batch run and its errors (the run never stops for one bad input)."""

    inputs: int = 0
    units_done: int = 0
    units_skipped: int = 0
    records: int = 0
    added: int = 0
    already_stored: int = 0
    failed: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0
    engine: str = ""
    workers: int = 0
    errors: list[BatchError] = field(default_factory=list)
    errors_dropped: int = 0

    def add_error(self, error: BatchError) -> None:
        """Count a failed input and keep its error (up to MAX_ERRORS)."""
        self.failed += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        else:
            self.errors_dropped += 1

    @property
    def articles_per_second(self) -> float:
        """Articles stored (or found stored already) per second; failed records do not count."""
        return (self.added + self.already_stored) / self.seconds if self.seconds else 0.0

    def top_reasons(self, limit: int = 5) -> list[tuple[str, int]]:
        """The most frequent error messages (first 80 characters) with their counts."""
        return Counter(error.message[:80] for error in self.errors).most_common(limit)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["articles_per_second"] = round(self.articles_per_second, 2)
        data["seconds"] = round(self.seconds, 3)
        data["write_seconds"] = round(self.write_seconds, 3)
        return data

    def write(self, path: str | Path) -> None:
        """Write the report as one JSON file."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"
        try:
            # a file name with bytes that are not UTF-8 (surrogate escapes) becomes a JSON "\\udcNN" escape
            target = Path(path)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(text.encode("utf-8", errors="backslashreplace"))
            os.replace(partial, target)  # whole or not at all, though the run is stopped while writing
        except OSError as error:
            raise StoreError(f"cannot write batch report {path}: {error.strerror or error}") from error
