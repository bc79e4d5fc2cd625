"""Fuzz the CLI entry points: `marsad process` on a page file and `marsad batch` on JSONL / WARC files.

    .venv/bin/python benchmarks/fuzz_cli.py --seconds 180

The fuzzed bytes are written to a file (the first byte picks the kind); the command must return
0 or 1, print every error as one `marsad: error: FILE: reason` line (batch: list it in its report),
and never raise.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_common import main

try:
    import atheris

    with atheris.instrument_imports(include=["marsad"]):
        from marsad import cli
except ImportError:
    from marsad import cli

SCRATCH = Path(tempfile.mkdtemp(prefix="fuzz-cli-"))
CONFIG = SCRATCH / "text-stages.toml"
CONFIG.write_text('[marsad]\nstages = ["text.sentences.v1", "text.tokens.v1", "text.numbers.v1", "text.dates.v1"]\n',
                  encoding="utf-8")
KINDS = ((".txt", "process"), (".html", "process"), (".txt.gz", "process"), (".jsonl", "batch"),
         (".warc", "batch"), (".json", "process"))
FORMATS = ("auto", "html", "page-text", "json")
_count = 0


def target(data: bytes) -> None:
    global _count
    if not data:
        return
    _count += 1
    suffix, command = KINDS[data[0] % len(KINDS)]
    path = SCRATCH / f"input-{_count % 50}{suffix}"
    path.write_bytes(data[1:])
    if command == "process":
        argv = ["process", str(path), "--format", "jsonl", "--input-format", FORMATS[(data[0] >> 3) % 4],
                "--config", str(CONFIG)]
    else:
        argv = ["batch", str(path), "--db", str(SCRATCH / "fuzz.db"), "--workers", "1", "--no-progress",
                "--fresh", "--config", str(CONFIG)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    if code not in (0, 1):
        raise AssertionError(f"exit code {code}: {err.getvalue()[:300]}")
    if command == "process":
        lines = [line for line in err.getvalue().splitlines() if line.strip()]
        if code == 1 and (len(lines) != 1 or not lines[0].startswith(f"marsad: error: {path}: ")):
            raise AssertionError(f"not one error line naming the file: {lines[:3]}")
        if "internal error" in err.getvalue():
            raise AssertionError(err.getvalue()[:300])


if __name__ == "__main__":
    main("cli", target)
