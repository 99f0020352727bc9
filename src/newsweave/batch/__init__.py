"""Batch: the pipeline's stage functions over archives too large for one machine, on Ray Data.

``run_batch`` reads WARC, JSON Lines, HTML/text and Parquet inputs, runs the same extract,
annotate and feature code as ``newsweave ingest``, groups near-duplicates and stories over the
whole corpus, and writes Parquet partitioned by date with a manifest. ``LocalEngine`` runs it in
this process; ``RayEngine`` (the ``batch`` extra) on a Ray cluster.
"""

from newsweave.batch.engines import Engine, LocalEngine, RayEngine
from newsweave.batch.grouping import WindowOptions
from newsweave.batch.output import is_batch_output, read_batch_output
from newsweave.batch.run import BatchOptions, BatchSummary, run_batch

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "Engine",
    "LocalEngine",
    "RayEngine",
    "WindowOptions",
    "is_batch_output",
    "read_batch_output",
    "run_batch",
]
