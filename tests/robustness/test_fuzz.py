"""Property and fuzz tests for the parsers, the readers and the boilerplate model (hypothesis).

Short in ``make test``; ``make fuzz`` runs the same properties with many more examples
(``NEWSWEAVE_FUZZ_EXAMPLES``). A failing example hypothesis finds becomes a regression test in
``test_regressions.py``.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.errors import ExtractionError, Failure, InputError
from newsweave.extract import extract_article
from newsweave.extract.plaintext import clean_plain_text, split_blocks
from newsweave.model import Document, MediaType
from newsweave.sources import decode_bytes, read_documents, read_file
from tests.robustness.corpus import STORY, warc_record

FUZZ_EXAMPLES = int(os.environ.get("NEWSWEAVE_FUZZ_EXAMPLES", "30"))
fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SOURCE_CODES = {
    "sources.empty",
    "sources.binary",
    "sources.undecodable",
    "sources.bad_json",
    "sources.no_content",
    "sources.bad_date",
    "sources.too_large",
    "sources.bad_warc_record",
    "sources.truncated_warc",
    "sources.unsafe_xml",
    "sources.bad_feed",
    "sources.not_a_feed",
    "sources.bad_opml",
}
EXTRACT_CODES = {"extract.bad_html", "extract.no_text", "extract.no_article", "extract.too_short", "extract.too_deep"}

# Text a page may hold: any character but control characters and lone surrogates.
_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
_LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x17F, blacklist_categories=("Cc", "Cs"))


def _read_all(path: Path) -> list[Document | Failure]:
    """Everything a reader gives for ``path``; an InputError must carry a known code and a reason."""
    try:
        return list(read_file(path))
    except InputError as error:
        rejected = error
    assert rejected.code in SOURCE_CODES, rejected
    assert rejected.message
    return []


@fuzz
@given(
    ascii_text=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=8, max_size=300),
    latin_text=st.text(_LATIN, max_size=8),
    big_endian=st.booleans(),
)
def test_fuzz_utf16_without_bom_round_trips(ascii_text: str, latin_text: str, big_endian: bool) -> None:
    """Mostly-Western text in UTF-16 without a byte-order mark decodes to itself."""
    text = ascii_text + latin_text
    encoding = "utf-16-be" if big_endian else "utf-16-le"
    decoded, used = decode_bytes(text.encode(encoding), uri="page.txt")
    assert (decoded, used) == (text, encoding)


@fuzz
@given(text=st.text(_PRINTABLE, max_size=300).filter(str.strip))
def test_fuzz_utf8_round_trips(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), uri="page.txt") == (text, "utf-8")


@fuzz
@given(
    text=st.text(_PRINTABLE, min_size=1, max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1252", "shift_jis", "latin-1", "koi8-r"]),
    declared=st.sampled_from(["", "utf-8", "cp1252", "shift_jis", "no-such-charset"]),
    damage=st.binary(max_size=8),
)
def test_fuzz_decode_mislabelled_or_damaged_text_never_raises_otherwise(
    text: str, encoding: str, declared: str, damage: bytes
) -> None:
    head = f'<meta charset="{declared}">'.encode("ascii") if declared else b""
    data = head + text.encode(encoding, errors="ignore") + damage
    try:
        decoded, used = decode_bytes(data, uri="page.html")
    except InputError as error:
        decoded, used = "", error.code
    assert isinstance(decoded, str)
    assert used not in {"sources.too_large", "sources.bad_json"}


@fuzz
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".html", ".txt", ".jsonl", ".rss", ".opml", ".warc"]))
def test_fuzz_readers_never_raise_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in _read_all(path):
        assert isinstance(item, Document | Failure)
        if isinstance(item, Failure):
            assert item.code in SOURCE_CODES | {"sources.fetch_disabled", "sources.missing"}, item


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
_JSON_RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=200) | _JSON_VALUES,
        "html": st.text(max_size=200) | _JSON_VALUES,
        "url": st.text(max_size=30) | _JSON_VALUES,
        "authors": _JSON_VALUES,
        "published": st.sampled_from(["2024-03-05T10:00:00Z", "2024-03-05", "yesterday", ""]) | _JSON_VALUES,
        "title": _JSON_VALUES,
    },
)
_JSONL_LINES = st.lists(_JSON_RECORDS.map(json.dumps) | st.text(max_size=40).map(lambda s: s.replace("\n", " ")))


@fuzz
@given(lines=_JSONL_LINES)
def test_fuzz_jsonl_gives_one_result_per_line(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    items = _read_all(path)
    # A blank line is ASCII white space only, as in JSON; any other line is read or named.
    numbers = [n for n, line in enumerate(lines, start=1) if line.encode("utf-8").strip()]
    assert len(items) == len(numbers)
    for number, item in zip(numbers, items, strict=True):
        name = item.uri if isinstance(item, Document) else item.input_id
        assert name.endswith(f"#L{number}")


_TAGS = st.sampled_from(["div", "p", "span", "a", "article", "nav", "footer", "script", "style", "table", "td",
                         "blockquote", "h1", "li", "ul", "br", "img", "iframe", "svg", "template", "main"])  # fmt: skip
_HTML_PIECES = st.one_of(
    _TAGS.map(lambda tag: f"<{tag}>"),
    _TAGS.map(lambda tag: f"</{tag}>"),
    st.sampled_from([
        '<blockquote class="twitter-tweet"><p lang="en">', "&mdash; Port (@port) ", "<!-- -->", "<!DOCTYPE html>",
        "<meta charset='utf-8'>", "<title>", "</title>", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "]]>", "<?xml?>",
        '<a href="javascript:alert(1)">', "<html lang='x-\u00e9'>", '<time datetime="2024-13-45">', STORY, "\x00",
    ]),
    st.text(max_size=30),
)  # fmt: skip


@fuzz
@given(pieces=st.lists(_HTML_PIECES, max_size=80))
def test_fuzz_html_extraction_raises_only_extraction_errors(pieces: list[str]) -> None:
    content = "".join(pieces)
    document = Document(id="fuzz", uri="fuzz.html", media_type=MediaType.HTML, content=content)
    try:
        article = extract_article(document)
    except ExtractionError as error:
        rejected = error
    else:
        assert article.text
        assert all(0 <= span.start <= span.end <= len(article.source_text) for span in article.removed)
        return
    assert rejected.code in EXTRACT_CODES, rejected


_FURNITURE = st.sampled_from([
    "Skip to footer", "Skip to content", "Menu", "Share on Facebook", "Share on Twitter", "Sign up for our newsletter",
    "By Mara Lind", "By MARA LIND and OLE VIK, Associated Press", "Photo: Ole Vik/Reuters", "Advertisement",
    "Mara Lind is a reporter covering ports. She has won two awards.", "Read more:", "Related stories", "© 2024",
    "Updated 5 March 2024, 10:00", "(Getty Images)", "Comments (12)", "",
])  # fmt: skip
_SENTENCES = st.sampled_from(STORY.split(". ")).map(lambda s: s.rstrip(".") + ".")
_PLAIN_PAGES = st.lists(st.one_of(_FURNITURE, _SENTENCES, st.text(max_size=60)), max_size=30).map("\n".join)


@fuzz
@given(text=_PLAIN_PAGES)
def test_fuzz_boilerplate_model_drops_nothing_silently(text: str) -> None:
    """Each line of the page is in the body or is a removed, labelled span: none vanishes."""
    result = clean_plain_text(text)
    removed = {(span.start, span.end) for span in result.removed}
    body = set(result.text.split("\n\n")) if result.text else set()
    for block in split_blocks(text):
        assert (block.start, block.end) in removed or block.text in body, block


def _archive(n_records: int) -> tuple[bytes, list[int]]:
    """A gzip WARC of ``n_records`` pages and the offset where each record's member ends."""
    data, ends = b"", []
    for n in range(n_records):
        page = f"<html><body><h1>Quay {n}</h1><p>{STORY}</p></body></html>"
        data += gzip.compress(warc_record(f"https://harbour.example/{n}", page))
        ends.append(len(data))
    return data, ends


@fuzz
@given(
    n_records=st.integers(min_value=1, max_value=5),
    at=st.floats(min_value=0, max_value=1),
    damage=st.sampled_from(["cut", "garbage", "flip"]),
    noise=st.binary(min_size=1, max_size=64),
)
def test_fuzz_damaged_warc_keeps_the_records_before_the_damage(
    tmp_path: Path, n_records: int, at: float, damage: str, noise: bytes
) -> None:
    data, ends = _archive(n_records)
    offset = int(at * (len(data) - 1))
    if damage == "cut":
        damaged = data[:offset]
    elif damage == "garbage":
        damaged = data[:offset] + noise + data[offset:]
    else:
        damaged = data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(damaged)
    items = _read_all(path)
    urls = {item.url for item in items if isinstance(item, Document)}
    intact = [n for n, end in enumerate(ends) if end <= offset]
    assert {f"https://harbour.example/{n}" for n in intact} <= urls
    for item in items:
        if isinstance(item, Failure):
            assert item.code in SOURCE_CODES, item


@pytest.mark.parametrize("limit", [1, 100, 1000])
def test_limits_fuzzed_page_sizes_around_the_limit(tmp_path: Path, limit: int) -> None:
    """A page of exactly ``max_page_bytes`` is read, one byte more is refused."""
    from newsweave.limits import Limits

    for size, is_read in ((limit, True), (limit + 1, False)):
        path = tmp_path / f"page-{size}.txt"
        path.write_bytes(b"a" * size)
        (item,) = read_documents([path], limits=Limits(max_page_bytes=limit))
        assert isinstance(item, Document) is is_read
