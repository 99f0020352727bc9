"""Hashtags, @mentions and links as spans into the text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsweave.annotate.social import find_hashtags, find_links, find_mentions
from newsweave.model import Span


def _covered(text: str, finder: Callable[[str], tuple[Span, ...]]) -> list[str]:
    return [text[span.start : span.end] for span in finder(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stay safe #StormOskel", ["#StormOskel"]),
        ("Tags #Oskel2024 and #storm_watch, today.", ["#Oskel2024", "#storm_watch"]),
        ("(#Veldt) and #ÅlesundFerry!", ["#Veldt", "#ÅlesundFerry"]),
        ("We are #1 in the region and it is #2024.", []),
        ("Code in C# and the entity &#39; are not tags.", []),
        ("A link https://fjord.test/page#section is not a tag.", []),
        ("Double ##tag is not a tag start.", []),
        ("no#tag inside a word", []),
    ],
)
def test_find_hashtags(text: str, expected: list[str]) -> None:
    assert _covered(text, find_hashtags) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Follow @MaraLind and @ola_berg.", ["@MaraLind", "@ola_berg"]),
        ("Write to mara@fjord.test or a@b.com for tips.", []),
        ("Email mara@fjord.test, or ping @MaraLind.", ["@MaraLind"]),
        ("(@PuertoOskel) said so", ["@PuertoOskel"]),
        ("x.@hidden and @@double", []),
    ],
)
def test_find_mentions(text: str, expected: list[str]) -> None:
    assert _covered(text, find_mentions) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://fjord.test/a?b=1.", ["https://fjord.test/a?b=1"]),
        ("Or (http://fjord.test/path), later", ["http://fjord.test/path"]),
        ('He posted "https://fjord.test/z"; then left', ["https://fjord.test/z"]),
        ("Look: https://fjord.test/end! Wow", ["https://fjord.test/end"]),
        ("Two https://t.co/AbC https://t.co/Def?", ["https://t.co/AbC", "https://t.co/Def"]),
        ("Plain fjord.test and ftp://fjord.test are not links", []),
    ],
)
def test_find_links(text: str, expected: list[str]) -> None:
    assert _covered(text, find_links) == expected


def test_social_spans_are_labelled() -> None:
    text = "#Oskel @MaraLind https://fjord.test/x"

    assert [span.label for span in find_hashtags(text)] == ["hashtag"]
    assert [span.label for span in find_mentions(text)] == ["mention"]
    assert [span.label for span in find_links(text)] == ["link"]
