"""Batch inputs: the files a pattern names, and their rows, read by the one reader every driver uses."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import EXAMPLES

from newsweave.batch.rows import list_inputs, read_input_rows
from newsweave.errors import InputError
from newsweave.sources import read_documents

TEXT = (EXAMPLES / "northgate-wire.txt").read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "page.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    rows = [
        {"url": "https://northgate.example/a", "text": TEXT, "outlet": "Northgate Wire"},
        {"url": "https://northgate.example/b", "text": ""},  # no content: a failure of its own
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "crawl.parquet")
    return tmp_path


def test_list_inputs_takes_the_readable_files_of_folders_and_globs(folder: Path) -> None:
    assert list_inputs([str(folder)]) == [folder / "crawl.parquet", folder / "nested" / "page.txt"]
    assert list_inputs([str(folder / "**" / "*.txt"), str(folder / "nested")]) == [folder / "nested" / "page.txt"]
    with pytest.raises(InputError, match="no such file"):
        list_inputs([str(folder / "missing-*.warc")])


def test_parquet_rows_are_read_as_json_lines_records_by_every_driver(folder: Path) -> None:
    rows = list(read_input_rows(folder / "crawl.parquet", "key"))
    assert [row["kind"] for row in rows] == ["document", "failure"]
    assert json.loads(rows[0]["document"])["outlet"] == "Northgate Wire"
    assert json.loads(rows[1]["failure"])["code"] == "sources.no_content"
    # ingest and compare read it through the same reader
    items = list(read_documents([folder / "crawl.parquet"]))
    assert [type(item).__name__ for item in items] == ["Document", "Failure"]


def test_an_unreadable_input_is_one_failure_row(folder: Path) -> None:
    (failure,) = read_input_rows(folder / "notes.pdf", "key")
    assert failure["kind"] == "failure"
    assert json.loads(failure["failure"])["code"] == "sources.unsupported"
