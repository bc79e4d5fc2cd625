"""Validate Marsad actor files (the packaged ``actors.yaml`` and any user extension files).

Usage: ``python scripts/check_actors.py [FILE ...]``. With no argument the packaged file is checked;
with several, they are merged in order (a user file extends the packaged one) and checked together.

Checks: required fields and types, unique ids and names, ``code_as`` and affiliation targets exist
(and ``code_as`` does not chain), inter code matches type, dates parse and are ordered, every actor
has Arabic aliases, no alias is repeated inside an actor, and no Arabic alias (after matcher
normalisation) is shared by two actors whose active periods overlap unless ``ambiguous_aliases``
lists both. Prints a summary; exits 1 when there are errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO / "src" / "marsad" / "data" / "actors.yaml"

TYPE_INTER: dict[str, int] = {
    "state": 1,
    "rebel": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}
RELATIONS = frozenset({"part_of", "supported_by", "allied_with", "successor_of", "splinter_of"})
REQUIRED = (
    "id",
    "name",
    "inter",
    "type",
    "country",
    "active_from",
    "active_to",
    "aliases_ar",
    "aliases_en",
    "code_as",
    "affiliations",
    "source",
)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARABIC_RE = re.compile(r"[\u0621-\u064A]")
LATIN_RE = re.compile(r"[A-Za-z]")
# An alias must not carry a proclitic in front of the article: the matcher strips و/ب/ل/ف itself.
PROCLITIC_ARTICLE_RE = re.compile(r"^(?:وال|بال|فال|لل|وبال|وفال)")
EARLIEST = "0001-01-01"
LATEST = "9999-12-31"

_FALLBACK_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "«": " ",
        "»": " ",
        '"': " ",
        "'": " ",
        "\u0640": None,
        **{chr(c): None for c in range(0x064B, 0x0660)},
        "\u0670": None,
    }
)


def _fallback_key(text: str) -> str:
    return " ".join(text.translate(_FALLBACK_TABLE).split())


def _normaliser() -> Callable[[str], str]:
    """Use the matcher's own key function when the package is importable, else an equivalent one."""
    sys.path.insert(0, str(REPO / "src"))
    try:
        from marsad.text.normalize import normalize_key
    except Exception:  # the package or its dependencies are not installed: fall back
        return _fallback_key
    return normalize_key


def parse_date(value: Any) -> str | None:
    """Return an ISO date string for a YAML date, ``YYYY-MM-DD`` string or null; raise ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return dt.date.fromisoformat(value).isoformat()
    raise ValueError(f"not a date: {value!r}")


def parse_loose_date(value: Any) -> str | None:
    """Affiliation bounds may also be a year (``2014``) or a month (``"2017-08"``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int) and 1000 <= value <= 2100:
        return f"{value:04d}-01-01"
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return dt.date.fromisoformat(value + "-01").isoformat()
    return parse_date(value)


def load(paths: list[Path]) -> tuple[list[dict[str, Any]], dict[str, list[str]], list[str]]:
    """Read and merge actor files; return actors, ambiguous aliases and load errors."""
    actors: list[dict[str, Any]] = []
    ambiguous: dict[str, list[str]] = {}
    errors: list[str] = []
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, yaml.YAMLError) as error:
            errors.append(f"{path}: cannot read: {error}")
            continue
        if isinstance(data, list):
            items, amb = data, {}
        elif isinstance(data, dict):
            items, amb = data.get("actors") or [], data.get("ambiguous_aliases") or {}
        else:
            errors.append(f"{path}: expected a list of actors or a mapping with 'actors'")
            continue
        if not isinstance(items, list) or not isinstance(amb, dict):
            errors.append(f"{path}: 'actors' must be a list and 'ambiguous_aliases' a mapping")
            continue
        for item in items:
            if isinstance(item, dict):
                actors.append({**item, "_file": path.name})
            else:
                errors.append(f"{path}: actor entry is not a mapping: {item!r}")
        for alias, ids in amb.items():
            if not isinstance(ids, list):
                errors.append(f"{path}: ambiguous_aliases[{alias!r}] must be a list of ids")
                continue
            ambiguous.setdefault(str(alias), [])
            ambiguous[str(alias)].extend(str(i) for i in ids if str(i) not in ambiguous[str(alias)])
    return actors, ambiguous, errors


def check_actor(actor: dict[str, Any], key: Callable[[str], str], errors: list[str]) -> None:
    """Field-level checks of one actor."""
    where = f"{actor.get('_file')}: {actor.get('id', '?')}"
    for field in REQUIRED:
        if field not in actor:
            errors.append(f"{where}: missing field {field!r}")
    if not isinstance(actor.get("id"), str) or not ID_RE.match(actor["id"]):
        errors.append(f"{where}: id must be a lowercase slug")
    if not isinstance(actor.get("name"), str) or not actor["name"].strip():
        errors.append(f"{where}: empty name")
    if not isinstance(actor.get("country"), str) or not actor["country"].strip():
        errors.append(f"{where}: empty country")
    if not isinstance(actor.get("source"), str) or not actor["source"].strip():
        errors.append(f"{where}: empty source")
    kind, inter = actor.get("type"), actor.get("inter")
    if kind not in TYPE_INTER:
        errors.append(f"{where}: unknown type {kind!r}")
    elif inter != TYPE_INTER[kind]:
        errors.append(f"{where}: inter {inter!r} does not match type {kind} (expected {TYPE_INTER[kind]})")
    try:
        start, end = parse_date(actor.get("active_from")), parse_date(actor.get("active_to"))
        if start and end and start >= end:
            errors.append(f"{where}: active_from {start} is not before active_to {end}")
    except ValueError as error:
        errors.append(f"{where}: bad active date: {error}")
    aliases_ar = actor.get("aliases_ar")
    if not isinstance(aliases_ar, list) or not aliases_ar:
        errors.append(f"{where}: aliases_ar must be a non-empty list")
        aliases_ar = []
    if not isinstance(actor.get("aliases_en"), list):
        errors.append(f"{where}: aliases_en must be a list")
    seen: dict[str, str] = {}
    for alias in aliases_ar:
        if not isinstance(alias, str) or not alias.strip():
            errors.append(f"{where}: empty Arabic alias")
            continue
        if not ARABIC_RE.search(alias) or LATIN_RE.search(alias):
            errors.append(f"{where}: Arabic alias {alias!r} is not Arabic")
        if PROCLITIC_ARTICLE_RE.match(alias):
            errors.append(f"{where}: alias {alias!r} starts with a proclitic before the article")
        normal = key(alias)
        if normal in seen:
            errors.append(f"{where}: alias {alias!r} repeats {seen[normal]!r} after normalisation")
        seen[normal] = alias
    for alias in actor.get("aliases_en") or []:
        if not isinstance(alias, str) or not alias.strip():
            errors.append(f"{where}: empty English alias")
    if not isinstance(actor.get("affiliations"), list):
        errors.append(f"{where}: affiliations must be a list")


def _bound(value: Any, default: str) -> str:
    """An active bound for overlap tests; a bad date (reported elsewhere) counts as open."""
    try:
        return parse_date(value) or default
    except ValueError:
        return default


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Half-open active periods [from, to) overlap; null bounds are open."""
    a_from, a_to = _bound(a.get("active_from"), EARLIEST), _bound(a.get("active_to"), LATEST)
    b_from, b_to = _bound(b.get("active_from"), EARLIEST), _bound(b.get("active_to"), LATEST)
    return a_from < b_to and b_from < a_to


def check_links(by_id: dict[str, dict[str, Any]], errors: list[str]) -> None:
    """code_as and affiliation targets."""
    for actor_id, actor in by_id.items():
        target = actor.get("code_as")
        if target is not None:
            if target == actor_id:
                errors.append(f"{actor_id}: code_as points to itself")
            elif target not in by_id:
                errors.append(f"{actor_id}: code_as target {target!r} does not exist")
            elif by_id[target].get("code_as"):
                errors.append(f"{actor_id}: code_as target {target!r} is itself coded as another actor")
        for link in actor.get("affiliations") or []:
            if not isinstance(link, dict):
                errors.append(f"{actor_id}: affiliation is not a mapping: {link!r}")
                continue
            if link.get("actor") not in by_id:
                errors.append(f"{actor_id}: affiliation target {link.get('actor')!r} does not exist")
            if link.get("relation") not in RELATIONS:
                errors.append(f"{actor_id}: unknown relation {link.get('relation')!r}")
            if not str(link.get("source") or "").strip():
                errors.append(f"{actor_id}: affiliation with {link.get('actor')!r} has no source")
            try:
                start, end = parse_loose_date(link.get("from")), parse_loose_date(link.get("to"))
                if start and end and start > end:
                    errors.append(f"{actor_id}: affiliation with {link.get('actor')!r} ends before it starts")
            except ValueError as error:
                errors.append(f"{actor_id}: bad affiliation date: {error}")


def check_ambiguity(
    by_id: dict[str, dict[str, Any]], ambiguous: dict[str, list[str]], key: Callable[[str], str], errors: list[str]
) -> int:
    """Shared aliases between actors active at the same time must be declared; return the shared count."""
    carriers: dict[str, list[str]] = defaultdict(list)
    for actor_id, actor in by_id.items():
        for alias in actor.get("aliases_ar") or []:
            if isinstance(alias, str) and actor_id not in carriers[key(alias)]:
                carriers[key(alias)].append(actor_id)
    declared: dict[str, set[str]] = {}
    for alias, ids in ambiguous.items():
        normal = key(alias)
        declared.setdefault(normal, set()).update(ids)
        for actor_id in ids:
            if actor_id not in by_id:
                errors.append(f"ambiguous_aliases[{alias!r}]: unknown id {actor_id!r}")
            elif actor_id not in carriers.get(normal, []):
                errors.append(f"ambiguous_aliases[{alias!r}]: {actor_id} does not carry this alias")
    shared = 0
    for normal, ids in carriers.items():
        if len(ids) < 2:
            continue
        clash = False
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if not overlaps(by_id[first], by_id[second]):
                    continue
                clash = True
                allowed = declared.get(normal, set())
                if first not in allowed or second not in allowed:
                    errors.append(
                        f"alias {normal!r} is shared by {first} and {second} (overlapping periods) "
                        "but not declared in ambiguous_aliases"
                    )
        shared += clash
    return shared


def summary(actors: list[dict[str, Any]], shared: int) -> None:
    """Print counts by type, inter code and country."""
    n_ar = sum(len(a.get("aliases_ar") or []) for a in actors)
    n_en = sum(len(a.get("aliases_en") or []) for a in actors)
    n_code_as = sum(1 for a in actors if a.get("code_as"))
    n_links = sum(len(a.get("affiliations") or []) for a in actors)
    print(
        f"actors: {len(actors)}  arabic aliases: {n_ar}  english aliases: {n_en}  "
        f"coded under a parent: {n_code_as}  affiliations: {n_links}  declared ambiguous aliases: {shared}"
    )
    print("by type:    " + ", ".join(f"{k} {v}" for k, v in Counter(a.get("type") for a in actors).most_common()))
    print("by inter:   " + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(a.get("inter") for a in actors).items())))
    print("by country: " + ", ".join(f"{k} {v}" for k, v in Counter(a.get("country") for a in actors).most_common()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help=f"actor files (default: {DEFAULT_FILE})")
    args = parser.parse_args(argv)
    paths: list[Path] = args.files or [DEFAULT_FILE]
    key = _normaliser()
    actors, ambiguous, errors = load(paths)
    by_id: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for actor in actors:
        check_actor(actor, key, errors)
        actor_id = str(actor.get("id"))
        if actor_id in by_id:
            errors.append(f"duplicate id {actor_id!r}")
        by_id[actor_id] = actor
        name = str(actor.get("name"))
        if name in names and names[name] != actor_id:
            errors.append(f"name {name!r} is used by {names[name]} and {actor_id}")
        names[name] = actor_id
    check_links(by_id, errors)
    shared = check_ambiguity(by_id, ambiguous, key, errors)
    summary(actors, shared)
    for error in errors:
        print(f"ERROR {error}")
    print(f"{'FAILED' if errors else 'OK'}: {len(errors)} error(s) in {', '.join(str(p) for p in paths)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
