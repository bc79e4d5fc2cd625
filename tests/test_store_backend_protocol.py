"""The store backend protocol: every backend implements all of it, the right one is picked, and only
``marsad.store.backends`` knows which database the store runs on."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.store import Store, database_url
from marsad.store.backends import BACKENDS, Backend, backend_for
from test_store_backends import new_schema, postgres_url  # noqa: F401

STORE = Path(__file__).resolve().parents[1] / "src" / "marsad" / "store"
BACKEND_FOLDER = STORE / "backends"
#: Dialect names and URL schemes (lower case, as SQLAlchemy spells them; prose says "PostgreSQL").
_DIALECT_TEXT = re.compile(r"(?:sqlite|postgresql|postgres)(?:$|[+:])")


def _parameters(function: Callable[..., object]) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_the_builtin_backends_are_registered() -> None:
    assert {"sqlite", "postgresql"} <= set(BACKENDS)
    for name, backend in BACKENDS.items():
        assert backend.name == name


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_each_backend_implements_the_whole_protocol(name: str) -> None:
    backend = BACKENDS[name]
    kind = type(backend)
    assert isinstance(backend, Backend)
    assert not getattr(kind, "__abstractmethods__", None)
    methods = sorted(Backend.__abstractmethods__)
    assert len(methods) >= 10
    for method in methods:
        implementation = getattr(kind, method)
        assert implementation is not getattr(Backend, method), f"{kind.__name__}.{method} is not implemented"
        assert _parameters(implementation) == _parameters(getattr(Backend, method)), f"{kind.__name__}.{method}"


def test_backend_for_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    assert database_url(path) == f"sqlite:///{path}"
    assert backend_for(database_url(path)) is BACKENDS["sqlite"]
    _assert_store_backend(Store.open(path), "sqlite")


def test_backend_for_a_postgresql_url(postgres_url: str, new_schema: Callable[[], str]) -> None:
    url = new_schema()
    assert database_url(url).startswith("postgresql+psycopg://")
    assert database_url("postgres://" + url.split("://", 1)[1]) == database_url(url)
    assert backend_for(database_url(url)) is BACKENDS["postgresql"]
    _assert_store_backend(Store.open(url), "postgresql")


def _assert_store_backend(store: Store, name: str) -> None:
    """The store, its engine and a connection of it all name the backend ``name``; the store is closed."""
    try:
        assert store.backend is backend_for(store.engine) is BACKENDS[name]
        with store.engine.connect() as connection:
            assert backend_for(connection) is BACKENDS[name]
        assert store.dialect == name
    finally:
        store.close()


def test_other_urls_are_taken_as_they_are() -> None:
    assert database_url("sqlite:///:memory:") == "sqlite:///:memory:"
    assert database_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"


def test_an_unknown_dialect_is_a_clear_store_error() -> None:
    with pytest.raises(StoreError, match=r"the store runs on postgresql or sqlite, not on 'mysql' databases"):
        backend_for("mysql+pymysql://nobody@127.0.0.1:1/none")
    # found before any driver is loaded or any connection tried
    with pytest.raises(StoreError, match=r"not on 'mysql' databases"):
        Store.open("mysql://nobody@127.0.0.1:1/none")


def _dialect_branches(path: Path) -> list[str]:
    """Where a module looks at the dialect: ``….dialect``, a dialect name or URL scheme as a string,
    or an import of ``sqlalchemy.dialects`` (column types in schema.py excepted)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "dialect":
            found.append(f"{path.name}:{node.lineno}: .dialect")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _DIALECT_TEXT.match(node.value):
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy.dialects"):
            if path.name != "schema.py":
                found.append(f"{path.name}:{node.lineno}: import from {node.module}")
        elif isinstance(node, ast.Import) and any(alias.name.startswith("sqlalchemy.dialects") for alias in node.names):
            found.append(f"{path.name}:{node.lineno}: import sqlalchemy.dialects")
    return found


def test_no_store_module_outside_backends_branches_on_the_dialect() -> None:
    modules = [path for path in sorted(STORE.rglob("*.py")) if BACKEND_FOLDER not in path.parents]
    assert {"database.py", "migrations.py", "search.py", "schema.py"} <= {path.name for path in modules}
    assert [found for path in modules for found in _dialect_branches(path)] == []


def test_the_dialect_check_sees_the_backends() -> None:
    for name in ("sqlite.py", "postgresql.py"):
        assert _dialect_branches(BACKEND_FOLDER / name), name
