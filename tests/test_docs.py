"""Tests that keep the docs honest: every command, stage, setting and exit code is documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from marsad import errors
from marsad.cli import COMMANDS, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, build_parser
from marsad.config import Config
from marsad.pipeline import STAGES, _load_builtin_stages
from marsad.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
RELIABILITY = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(COMMANDS)
    missing = [name for name in COMMANDS if f"marsad {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_stage_is_documented() -> None:
    _load_builtin_stages()
    missing = [name for name in STAGES if name not in ARCHITECTURE]
    assert not missing, f"stages missing from docs/architecture.md: {missing}"
    assert all(info.doc for info in STAGES.values())


def test_every_setting_is_documented() -> None:
    doc = Config.__doc__ or ""
    missing = [f.name for f in dataclasses.fields(Config) if f"``{f.name}``" not in doc]
    assert not missing, f"settings missing from the Config docstring: {missing}"
    settings_doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    sections = {"pipeline": [f.name for f in dataclasses.fields(Config)],
                **{name: list(field.annotation.model_fields) for name, field in Settings.model_fields.items()
                   if name != "pipeline" and field.annotation is not None}}
    for section, keys in sections.items():
        part = settings_doc.split(f"## `[{section}]`", 1)[1].split("\n## ", 1)[0]
        undocumented = [key for key in keys if f"| `{key}` |" not in part]
        assert not undocumented, f"docs/settings.md [{section}] lacks {undocumented}"


def _exit_code_table(text: str, heading: str) -> dict[int, str]:
    """The rows ``| code | meaning |`` of the table under ``heading``."""
    section = text.split(heading, 1)[1]
    rows: dict[int, str] = {}
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].isdigit():
            rows[int(cells[0])] = cells[1]
    return rows


def test_the_exit_code_tables_list_every_code() -> None:
    raised = {cls.exit_code for cls in vars(errors).values() if isinstance(cls, type) and hasattr(cls, "exit_code")}
    codes = raised | {EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, 130}
    for name, text, heading in (("README.md", README, "### Exit codes"),
                                ("docs/reliability.md", RELIABILITY, "## Exit codes")):
        table = _exit_code_table(text, heading)
        assert set(table) == codes, f"{name}: the exit-code table lists {sorted(table)}, the code uses {sorted(codes)}"
        assert all(len(meaning) > 5 for meaning in table.values()), name
