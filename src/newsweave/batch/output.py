"""The batch output folder: its manifest, and reading its records back for a store.

Layout of ``out/``::

    manifest.json              inputs (status, counts, failure codes), chunks, grouping, totals
    articles/date=YYYY-MM-DD/  the article rows (Parquet): record JSON, document JSON, embedding,
                               MinHash signature, ``story`` and ``duplicate_group``
    failures.parquet           one row per failed page or input, with stage, code and message
    _inputs/chunk-NNNNN/       per-chunk rows of the page stage; kept so a rerun only processes
                               new inputs and regroups the whole corpus

The manifest is rewritten (atomically) after each chunk, so an interrupted run resumes at the
first chunk not recorded. :func:`read_batch_output` gives a store everything the batch computed
(records with their embeddings and signatures, stories, near-duplicate groups), so that
``newsweave ingest out/`` runs neither the pipeline nor the embedder again.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as pads

from newsweave.batch.rows import Row, failure_of, record_of
from newsweave.errors import Failure, InputError
from newsweave.ingest import ExtractedInput
from newsweave.serde import SCHEMA_VERSION

__all__ = [
    "ARTICLES_DIR",
    "FAILURES_FILE",
    "INPUTS_DIR",
    "MANIFEST_FILE",
    "is_batch_output",
    "new_manifest",
    "read_batch_output",
    "read_manifest",
    "write_manifest",
]

MANIFEST_FILE = "manifest.json"
ARTICLES_DIR = "articles"
FAILURES_FILE = "failures.parquet"
INPUTS_DIR = "_inputs"
FORMAT = "newsweave-batch"
FORMAT_VERSION = 1

Manifest = dict[str, Any]


def new_manifest() -> Manifest:
    return {"format": FORMAT, "version": FORMAT_VERSION, "schema_version": SCHEMA_VERSION, "chunks": [], "inputs": {}}


def is_batch_output(path: Path) -> bool:
    """Whether ``path`` is a folder a ``newsweave batch`` run wrote (it holds a batch manifest)."""
    try:
        return bool(read_manifest(path))
    except InputError:
        return False


def read_manifest(out: Path) -> Manifest:
    """The manifest of ``out``; empty when ``out`` holds none.

    Raises:
        InputError: the manifest is there but is not a newsweave batch manifest of this version.
    """
    path = out / MANIFEST_FILE
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError("batch.bad_manifest", f"{path}: cannot read the batch manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise InputError("batch.bad_manifest", f"{path}: expected a {FORMAT} manifest, version {FORMAT_VERSION}")
    return manifest


def write_manifest(out: Path, manifest: Manifest) -> None:
    """Replace the manifest in one step (a reader never sees half of it)."""
    temporary = out / f".{MANIFEST_FILE}.tmp"
    temporary.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, out / MANIFEST_FILE)


def read_batch_output(out: Path) -> Iterator[ExtractedInput]:
    """The records, failures, stories and near-duplicate groups of each input of a batch output, in input order.

    Raises:
        InputError: ``out`` is not a batch output.
    """
    manifest = read_manifest(out)
    if not manifest:
        raise InputError("batch.not_output", f"{out}: no {MANIFEST_FILE}; not a newsweave batch output")
    rows: dict[str, list[Row]] = defaultdict(list)
    articles = out / ARTICLES_DIR
    if articles.is_dir():
        columns = ["input_key", "document", "article", "embedding", "signature", "story", "duplicate_group"]
        for row in pads.dataset(articles, format="parquet", partitioning="hive").to_table(columns=columns).to_pylist():
            rows[row["input_key"]].append(row)
    failures = _failures_by_input(out / FAILURES_FILE)
    for key, entry in sorted(manifest["inputs"].items(), key=lambda item: str(item[1]["path"])):
        given = rows.pop(key, [])
        records = [record_of(row) for row in given]
        yield ExtractedInput(
            key=key,
            name=Path(entry["path"]).name,
            records=records,
            n_documents=entry["documents"],
            failures=failures.get(key, []),
            stories={record.article.id: row["story"] for record, row in zip(records, given, strict=True)},
            duplicate_groups={
                record.article.id: row["duplicate_group"]
                for record, row in zip(records, given, strict=True)
                if row["duplicate_group"]
            },
        )


def _failures_by_input(path: Path) -> dict[str, list[Failure]]:
    found: dict[str, list[Failure]] = defaultdict(list)
    if path.is_file():
        for row in pads.dataset(path, format="parquet").to_table(columns=["input_key", "failure"]).to_pylist():
            found[row["input_key"]].append(failure_of(row))
    return found
