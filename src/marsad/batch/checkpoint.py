"""Finished input units of a batch run, so an interrupted run resumes where it stopped."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from ..errors import StoreError


class Checkpoint:
    """An append-only file of finished unit keys (one JSON string a line, synced after each batch).

    A unit is a page file or a chunk of a JSONL or WARC file; it is marked only after its
    articles are committed to the store. A torn last line (a crash while writing) is ignored.
    """

    def __init__(self, path: Path, done: set[str], *, torn: bool = False) -> None:
        self.path = path
        self.done = done
        self._handle: IO[str] | None = None
        self._torn = torn  # the file ends inside a line: start the next write on a new one

    @classmethod
    def open(cls, path: str | Path) -> Checkpoint:
        """Load the keys recorded at ``path`` (none when the file does not exist yet)."""
        path = Path(path)
        done: set[str] = set()
        line = "\n"
        try:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        key = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    if isinstance(key, str):
                        done.add(key)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"cannot read checkpoint {path}: {error.strerror or error}") from error
        return cls(path, done, torn=not line.endswith("\n"))

    def __contains__(self, key: object) -> bool:
        return key in self.done

    def __len__(self) -> int:
        return len(self.done)

    def mark(self, keys: Iterable[str]) -> None:
        """Record units as finished, durably."""
        fresh = [key for key in keys if key not in self.done]
        if not fresh:
            return
        try:
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            lead, self._torn = "\n" if self._torn else "", False
            # ASCII JSON: a name with bytes that are not UTF-8 (surrogate escapes) is kept exactly
            self._handle.write(lead + "".join(json.dumps(key) + "\n" for key in fresh))
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as error:
            raise StoreError(f"cannot write checkpoint {self.path}: {error.strerror or error}") from error
        self.done.update(fresh)

    def clear(self) -> None:
        """Forget every finished unit (a fresh run)."""
        self.close()
        self.path.unlink(missing_ok=True)
        self.done.clear()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
