"""Tests that keep the docs honest: every command, stage, setting and exit code is documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from marsad import errors
from marsad.cli import COMMANDS, build_parser
from marsad.config import Config
from marsad.pipeline import STAGES, _load_builtin_stages

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


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


def test_every_exit_code_is_in_the_readme() -> None:
    codes = {cls.exit_code for cls in vars(errors).values() if isinstance(cls, type) and hasattr(cls, "exit_code")}
    missing = [code for code in codes if f"{code} " not in README]
    assert not missing, f"exit codes missing from README.md: {missing}"
