"""Batch rows: inputs read into rows, and the page stage that turns document rows into article rows.

A row is one Parquet/Arrow record in :data:`ROW_SCHEMA`; every engine moves the same rows, so a
local run and a Ray run write the same files. An article row is a
:class:`~newsweave.pipeline.PageRecord`: the record JSON of :func:`newsweave.serde.to_dict` (the
same dict the store keeps), the vectors as raw bytes.

Reading is :func:`newsweave.sources.read_input` and the page stage is the pipeline's
:class:`~newsweave.pipeline.PagePipeline`, as in ``newsweave ingest``: extraction, annotation and
canonicalisation in worker processes (a page that kills the parser fails alone), then the
embedding (the model loaded once per stage instance) and the MinHash signature.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyarrow as pa

from newsweave.errors import Failure, InputError
from newsweave.extract import ExtractOptions
from newsweave.group.dedup import Signature
from newsweave.limits import DEFAULT_LIMITS, Limits
from newsweave.model import Article, Document
from newsweave.pipeline import PagePipeline, PageRecord
from newsweave.serde import from_dict, to_dict
from newsweave.sources import expand_paths, read_input

__all__ = [
    "ROW_SCHEMA",
    "PageStage",
    "Row",
    "article_of",
    "document_of",
    "failure_of",
    "list_inputs",
    "read_input_rows",
    "record_of",
    "signature_of",
    "to_table",
]

Row = dict[str, Any]

ROW_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),  # "document", "article" or "failure"
        ("input", pa.string()),
        ("input_key", pa.string()),
        ("id", pa.string()),
        ("published", pa.string()),  # ISO 8601, null when unknown
        ("date", pa.string()),  # YYYY-MM-DD of publication, or "undated": the output partition
        ("document", pa.string()),
        ("article", pa.string()),
        ("embedding", pa.binary()),  # float32 USE vector of the lead, as the story features hold it
        ("signature", pa.binary()),  # MinHash values as uint64
        ("failure", pa.string()),
    ]
)
UNDATED = "undated"


def to_table(rows: Sequence[Row]) -> pa.Table:
    """Rows as an Arrow table of :data:`ROW_SCHEMA` (missing columns are null)."""
    return pa.Table.from_pylist([{name: row.get(name) for name in ROW_SCHEMA.names} for row in rows], ROW_SCHEMA)


def list_inputs(patterns: Iterable[str]) -> list[Path]:
    """The input files named by ``patterns``: files, folders (recursive) and shell globs, sorted, once each.

    Raises:
        InputError: a pattern matches nothing.
    """
    found: dict[Path, None] = {}
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) or ([pattern] if Path(pattern).exists() else [])
        if not matches:
            raise InputError("sources.missing", f"{pattern}: no such file or folder")
        found.update(dict.fromkeys(expand_paths(matches)))
    return list(found)


def read_input_rows(path: Path, key: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[Row]:
    """Document and failure rows of one input file (WARC, JSON Lines, HTML, text, feed or Parquet);
    a page over ``limits`` is a failure row."""
    base = {"input": str(path), "input_key": key}
    for item in read_input(path, limits=limits):
        if isinstance(item, Failure):
            yield {**base, "kind": "failure", "failure": json.dumps(to_dict(item))}
        else:
            yield {**base, "kind": "document", "id": item.id, "document": json.dumps(to_dict(item))}


class PageStage:
    """Document rows in, article or failure rows out; other rows pass through.

    ``__init__`` only stores options (the stage pickles and ships to Ray actors); the pipeline
    starts its worker processes and loads the embedder once, on the first batch.
    """

    def __init__(self, workers: int = 1, extract_options: ExtractOptions | None = None) -> None:
        self.workers = workers
        self.extract_options = extract_options
        self._pipeline: PagePipeline | None = None

    def setup(self) -> PagePipeline:
        if self._pipeline is None:
            self._pipeline = PagePipeline(self.workers, self.extract_options)
        return self._pipeline

    def close(self) -> None:
        if self._pipeline is not None:
            self._pipeline.close()
            self._pipeline = None

    def __call__(self, batch: pa.Table) -> pa.Table:
        """The Ray Data form: an Arrow batch of rows in, an Arrow batch out."""
        return to_table(self.process_rows(batch.to_pylist()))

    def process_rows(self, rows: Sequence[Row]) -> list[Row]:
        documents = [document_of(row) for row in rows if row["kind"] == "document"]
        results = iter(self.setup().records(documents))
        return [row if row["kind"] != "document" else _result_row(row, next(results)) for row in rows]


def _result_row(row: Row, result: PageRecord | Failure) -> Row:
    base = {"input": row["input"], "input_key": row["input_key"]}
    if isinstance(result, Failure):
        return {**base, "kind": "failure", "failure": json.dumps(to_dict(result))}
    article = result.article
    # Widened to uint64 whatever the width of the MinHash values, so stored rows never depend on it.
    signature = result.signature.astype(np.uint64)
    return {
        **base,
        "kind": "article",
        "id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "date": article.published.date().isoformat() if article.published else UNDATED,
        "document": row["document"],
        "article": json.dumps(to_dict(article)),
        "embedding": result.embedding_bytes,
        "signature": signature.tobytes(),
    }


def record_of(row: Row) -> PageRecord:
    """The record an article row holds."""
    return PageRecord(
        document=document_of(row),
        article=article_of(row),
        embedding_bytes=row["embedding"],
        signature_bytes=signature_of(row).astype(np.uint32).tobytes(),
    )


def document_of(row: Row) -> Document:
    return from_dict(Document, json.loads(row["document"]))


def article_of(row: Row) -> Article:
    return from_dict(Article, json.loads(row["article"]))


def failure_of(row: Row) -> Failure:
    return from_dict(Failure, json.loads(row["failure"]))


def signature_of(row: Row) -> Signature:
    """The MinHash values, widened to uint64 when stored; every value fits the signature's own width."""
    return cast("Signature", np.frombuffer(row["signature"], dtype=np.uint64))
