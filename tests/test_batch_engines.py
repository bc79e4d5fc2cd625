"""Engines: the same batch on a Dask LocalCluster (2 workers) and a local process pool gives the same store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.batch import BatchReport, Checkpoint, DaskEngine, LocalEngine, make_engine, run_batch
from marsad.batch.engines import Idle
from marsad.errors import ConfigError
from marsad.store import Store
from test_batch import CORRUPT, LIGHT, RECORDS, inputs  # noqa: F401  (the inputs fixture)


def _ids(db: Path) -> set[str]:
    store = Store.open(db)
    ids = {article.id for article in store.iter_articles()}
    store.close()
    return ids


def _batch(folder: Path, db: Path, engine: LocalEngine | DaskEngine) -> BatchReport:
    store = Store.open(db)
    checkpoint = Checkpoint.open(f"{db}.checkpoint")
    with engine:
        report = run_batch([folder], store, engine=engine, checkpoint=checkpoint, config=LIGHT, chunk_size=2,
                           batch_size=4)
    checkpoint.close()
    store.close()
    return report


def test_dask_local_cluster_matches_the_local_engine(inputs: Path, tmp_path: Path) -> None:  # noqa: F811
    local = _batch(inputs, tmp_path / "local.db", LocalEngine(1))
    dask = _batch(inputs, tmp_path / "dask.db", DaskEngine(workers=2, processes=False, in_flight=3))
    assert (dask.engine, dask.workers) == ("dask", 2)
    assert (dask.records, dask.added, dask.failed) == (RECORDS, RECORDS - CORRUPT, CORRUPT)
    assert dask.errors == local.errors
    assert _ids(tmp_path / "dask.db") == _ids(tmp_path / "local.db")


def test_local_process_pool(inputs: Path, tmp_path: Path) -> None:  # noqa: F811
    report = _batch(inputs, tmp_path / "pool.db", LocalEngine(2, in_flight=3))
    assert (report.records, report.added, report.failed) == (RECORDS, RECORDS - CORRUPT, CORRUPT)


def test_make_engine_validates_options() -> None:
    assert make_engine("local", workers=3).workers == 3
    with pytest.raises(ConfigError, match="--scheduler needs --engine dask"):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="at least 1"):
        LocalEngine(0)


def test_pool_workers_run_at_a_lower_priority_than_the_writer() -> None:
    parent = os.nice(0)
    with LocalEngine(2, niceness=3) as engine:
        seen = {niceness for niceness in engine.map_unordered(os.nice, [0] * 8)  # os.nice(0): the caller's niceness
                if not isinstance(niceness, Idle)}  # (an Idle heartbeat comes while a slow machine starts the pool)
    assert seen == {min(parent + 3, 19)}
    with pytest.raises(ConfigError):
        LocalEngine(2, niceness=-1)
