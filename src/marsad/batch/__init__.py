"""Batch runs: the same pipeline over folders, JSONL corpora and WARC archives, locally or on Dask."""

from .checkpoint import Checkpoint, default_checkpoint_path
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
    "default_checkpoint_path",
    "make_engine",
    "run_batch",
]
