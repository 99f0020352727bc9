"""A story's denormalised columns: sources counted by the name reports give them."""

from __future__ import annotations

from newsweave.store.summary import StoryMember, summarise_story


def _member(
    article_id: str, *, outlet: str = "", uri: str = "", url: str = "", group_id: str | None = None
) -> StoryMember:
    return StoryMember(
        id=article_id,
        title="",
        outlet=outlet,
        uri=uri or f"in/{article_id}.html",
        url=url,
        language="en",
        published=None,
        group_id=group_id,
        json='{"text": "", "entities": []}',
    )


def test_n_outlets_counts_one_site_once_with_or_without_www() -> None:
    members = [
        _member("a1", url="https://www.bbc.co.uk/news/1"),
        _member("a2", url="https://bbc.co.uk/news/2"),
        _member("a3", url="https://news.bbc.co.uk/3"),
    ]

    assert summarise_story(members).n_outlets == 1


def test_n_outlets_counts_an_outlet_name_in_any_case_once() -> None:
    members = [_member("a1", outlet="Fjord Post"), _member("a2", outlet="FJORD POST"), _member("a3", outlet="Gazette")]

    assert summarise_story(members).n_outlets == 2


def test_n_outlets_counts_unnamed_files_apart_and_near_duplicates_once() -> None:
    members = [
        _member("a1", uri="in/coastline-daily.txt"),
        _member("a2", uri="in/northgate-wire.txt", group_id="g1"),
        _member("a3", outlet="Harbour Relay", group_id="g1"),
    ]

    assert summarise_story(members).n_outlets == 2
