"""Metadata the user supplies for inputs that do not state it: sidecar rows, flags, precedence."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsweave.errors import InputError
from newsweave.model import Article
from newsweave.sources.supplied import Supplied, read_sidecar, supply_metadata, unused_rows


def test_read_sidecar_csv_paths_are_relative_to_its_folder_or_absolute(tmp_path: Path) -> None:
    folder = tmp_path / "meta"
    folder.mkdir()
    sidecar = folder / "sources.csv"
    absolute = tmp_path / "b.txt"
    sidecar.write_text(
        f"path, outlet ,published,url,title\n../a.txt,Fjord Post,2019-03-03,,\n\n{absolute},,,https://b.example/x,B\n",
        encoding="utf-8",
    )

    rows = read_sidecar(sidecar).rows

    assert [(row.number, row.path) for row in rows] == [(2, tmp_path / "a.txt"), (4, absolute)]
    assert rows[0].supplied == Supplied(outlet="Fjord Post", published=datetime(2019, 3, 3, tzinfo=UTC))
    assert rows[1].supplied == Supplied(url="https://b.example/x", title="B")


def test_read_sidecar_error_is_an_input_error_with_a_code(tmp_path: Path) -> None:
    sidecar = tmp_path / "meta.json"
    sidecar.write_text("[]garbage", encoding="utf-8")

    with pytest.raises(InputError) as caught:
        read_sidecar(sidecar)

    assert caught.value.code == "sources.bad_metadata"
    assert str(sidecar) in caught.value.message


def test_supply_metadata_row_wins_over_flags_and_article_own_wins_over_both(tmp_path: Path) -> None:
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("path,outlet,published\na.jsonl,Row Outlet,2019-03-03\n", encoding="utf-8")
    flags = Supplied(outlet="Flag Outlet", published=datetime(2020, 1, 1, tzinfo=UTC))
    own_date = datetime(2018, 5, 5, tzinfo=UTC)
    articles = [
        Article(id="1", uri=f"{tmp_path / 'a.jsonl'}#L1", text="x"),
        Article(id="2", uri=f"{tmp_path / 'a.jsonl'}#L2", text="x", outlet="Own", published=own_date),
        Article(id="3", uri=str(tmp_path / "b#1.txt"), text="x"),
    ]
    files = [tmp_path / "a.jsonl", tmp_path / "b#1.txt"]

    supplied = supply_metadata(articles, supplied=flags, sidecar=read_sidecar(sidecar), files=files)

    assert [(article.outlet, article.published) for article in supplied] == [
        ("Row Outlet", datetime(2019, 3, 3, tzinfo=UTC)),
        ("Own", own_date),
        ("Flag Outlet", datetime(2020, 1, 1, tzinfo=UTC)),
    ]
    assert [article.published_from for article in supplied] == ["supplied", "", "supplied"]
    assert unused_rows(read_sidecar(sidecar), files[1:])[0].number == 2
