"""Batch runs: the same pipeline over folders, JSONL corpora and WARC archives, locally or on Dask."""

from .checkpoint import Checkpoint
from .engines import DaskEngine, Engine, LocalEngine, make_engine
from .report import BatchError, BatchReport
from .runner import run_batch

__all__ = [
    "BatchError",
    "BatchReport",
    "Checkpoint",
    "DaskEngine",
    "Engine",
    "LocalEngine",
    "make_engine",
    "run_batch",
]
