"""Batch rows: inputs read into rows, and the page stage that turns document rows into article rows.

A row is one Parquet/Arrow record in :data:`ROW_SCHEMA`; every engine moves the same rows, so a
local run and a Ray run write the same files. Records travel as the JSON of
:func:`newsweave.serde.to_dict` (the same dict the store keeps), vectors as raw bytes.

The page stage runs what ``newsweave ingest`` runs on a page, in the same order: extraction and
annotation in an :class:`~newsweave.pipeline.ExtractionPool` worker process (a page that kills
the parser fails alone), entity canonicalisation per article, then the story features' embedding
(batched, model loaded once per stage instance) and the MinHash signature.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsweave.annotate import canonicalise_entities
from newsweave.errors import Failure, InputError, NewsweaveError
from newsweave.extract import ExtractOptions
from newsweave.group import FeatureExtractor, load_story_model, minhash_signature
from newsweave.group.dedup import Signature
from newsweave.model import Article, Document
from newsweave.models.embedder import UseEmbedder
from newsweave.pipeline import ExtractionPool
from newsweave.serde import from_dict, to_dict
from newsweave.sources import find_reader, read_file
from newsweave.sources.files import _document_from_json

__all__ = [
    "ROW_SCHEMA",
    "PageStage",
    "Row",
    "article_of",
    "document_of",
    "embedding_of",
    "failure_of",
    "list_inputs",
    "read_input_rows",
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
PARQUET_SUFFIX = ".parquet"


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
        for match in map(Path, matches):
            files = sorted(p for p in match.rglob("*") if p.is_file()) if match.is_dir() else [match]
            found.update((path, None) for path in files if match.is_file() or _is_readable(path))
    return list(found)


def _is_readable(path: Path) -> bool:
    return path.name.lower().endswith(PARQUET_SUFFIX) or find_reader(path) is not None


def read_input_rows(path: Path, key: str) -> Iterator[Row]:
    """Document and failure rows of one input file (WARC, JSON Lines, HTML, text, feed or Parquet)."""
    base = {"input": str(path), "input_key": key}
    try:
        for item in _read(path):
            if isinstance(item, Failure):
                yield {**base, "kind": "failure", "failure": json.dumps(to_dict(item))}
            else:
                yield {**base, "kind": "document", "id": item.id, "document": json.dumps(to_dict(item))}
    except NewsweaveError as error:
        failure = Failure(input_id=str(path), stage="sources", code=error.code, message=error.message)
        yield {**base, "kind": "failure", "failure": json.dumps(to_dict(failure))}


def _read(path: Path) -> Iterator[Document | Failure]:
    if path.name.lower().endswith(PARQUET_SUFFIX):
        return _read_parquet(path)
    return read_file(path)


def _read_parquet(path: Path) -> Iterator[Document | Failure]:
    """One document per row, with the fields of a JSON Lines record (``url``, ``html`` or ``text``, ...)."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as error:
        raise InputError("sources.unreadable", f"{path}: not a readable Parquet file ({error})") from None
    number = 0
    for batch in parquet.iter_batches(batch_size=256):
        for record in batch.to_pylist():
            uri = f"{path}#row={number}"
            number += 1
            try:
                # The JSON Lines reader owns the meaning of these fields; rows go through it unchanged.
                yield _document_from_json(json.dumps(record, default=_json_value), uri=uri)
            except InputError as error:
                yield Failure(input_id=uri, stage="sources", code=error.code, message=error.message)


def _json_value(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


class PageStage:
    """Document rows in, article or failure rows out; other rows pass through.

    ``__init__`` only stores options (the stage pickles and ships to Ray actors); ``setup`` starts
    the extraction worker processes and loads the embedder once, on the first batch.
    """

    def __init__(self, workers: int = 1, extract_options: ExtractOptions | None = None) -> None:
        self.workers = workers
        self.extract_options = extract_options
        self._pool: ExtractionPool | None = None
        self._features: FeatureExtractor | None = None

    def setup(self) -> tuple[ExtractionPool, FeatureExtractor]:
        if self._pool is None or self._features is None:
            self._pool = ExtractionPool(self.workers, self.extract_options, annotate=True)
            self._features, _ = load_story_model(embedder=UseEmbedder(threads=1))
        return self._pool, self._features

    def close(self) -> None:
        if self._pool is not None:
            self._pool.__exit__()
            self._pool = None

    def __call__(self, batch: pa.Table) -> pa.Table:
        """The Ray Data form: an Arrow batch of rows in, an Arrow batch out."""
        return to_table(self.process_rows(batch.to_pylist()))

    def process_rows(self, rows: Sequence[Row]) -> list[Row]:
        pool, features = self.setup()
        documents = [document_of(row) for row in rows if row["kind"] == "document"]
        results = iter(pool.extract(documents))
        done = [row if row["kind"] != "document" else _result_row(row, next(results)) for row in rows]
        articles = [article_of(row) for row in done if row["kind"] == "article"]
        vectors = iter(features.process_batch(articles))
        return [row if row["kind"] != "article" else _with_features(row, next(vectors).semantic_bytes) for row in done]


def _result_row(row: Row, result: Article | Failure) -> Row:
    base = {"input": row["input"], "input_key": row["input_key"]}
    if isinstance(result, Failure):
        return {**base, "kind": "failure", "failure": json.dumps(to_dict(result))}
    article = canonicalise_entities([result])[0][0]
    published = article.published.isoformat() if article.published else None
    return {
        **base,
        "kind": "article",
        "id": article.id,
        "published": published,
        "date": article.published.date().isoformat() if article.published else UNDATED,
        "document": row["document"],
        "article": json.dumps(to_dict(article)),
    }


def _with_features(row: Row, embedding: bytes) -> Row:
    # Widened to uint64 whatever the width of the MinHash values, so stored rows never depend on it.
    signature = np.asarray(minhash_signature(article_of(row).text), dtype=np.uint64)
    return {**row, "embedding": embedding, "signature": signature.tobytes()}


def document_of(row: Row) -> Document:
    return from_dict(Document, json.loads(row["document"]))


def article_of(row: Row) -> Article:
    return from_dict(Article, json.loads(row["article"]))


def failure_of(row: Row) -> Failure:
    return from_dict(Failure, json.loads(row["failure"]))


def embedding_of(row: Row) -> np.ndarray[Any, np.dtype[np.float32]]:
    return np.frombuffer(row["embedding"], dtype=np.float32)


def signature_of(row: Row) -> Signature:
    """The MinHash values, widened to uint64 when stored; every value fits the signature's own width."""
    return cast("Signature", np.frombuffer(row["signature"], dtype=np.uint64))
