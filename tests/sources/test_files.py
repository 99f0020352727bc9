"""Sources: reading HTML, scraped text and JSON Lines files into Documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import write_file

from newsweave.errors import Failure, InputError
from newsweave.model import Document, MediaType
from newsweave.sources import content_id, decode_bytes, expand_paths, read_documents, read_file

STORY = "Harbour crews in Port Veldt cleared the quay.\nThe ferry to Oskel Island resumed on Friday.\n"
PAGE = "<html><body><h1>Quay reopens</h1><p>Harbour crews in Port Veldt cleared the quay.</p></body></html>"


def _documents(items: list[Document | Failure]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def _failures(items: list[Document | Failure]) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


# --- single files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("page.html", PAGE, MediaType.HTML),
        ("page.htm", PAGE, MediaType.HTML),
        ("PAGE.HTML", PAGE, MediaType.HTML),
        ("story.txt", STORY, MediaType.TEXT),
    ],
)
def test_read_file_reads_html_and_text(tmp_path: Path, name: str, content: str, media_type: MediaType) -> None:
    path = write_file(tmp_path / name, content)

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert document.media_type is media_type
    assert document.content == content
    assert document.uri == str(path)
    assert document.encoding == "utf-8"
    assert document.id == content_id(content)


def test_read_file_reads_jsonl_lines_into_documents(tmp_path: Path) -> None:
    lines = [
        {"url": "https://example.test/a", "text": "First story about the Port Veldt quay."},
        {"url": "https://example.test/b", "html": "<p>Second story about the Oskel ferry.</p>"},
    ]
    path = write_file(tmp_path / "batch.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")

    read = list(read_file(path))
    documents = [item for item in read if isinstance(item, Document)]

    assert len(documents) == len(read)
    assert [d.media_type for d in documents] == [MediaType.TEXT, MediaType.HTML]
    assert [d.url for d in documents] == ["https://example.test/a", "https://example.test/b"]
    assert [d.uri for d in documents] == [f"{path}#L1", f"{path}#L2"]


# --- folders and identity -----------------------------------------------------------------------


def test_expand_paths_expands_folder_recursively_and_sorted(tmp_path: Path) -> None:
    write_file(tmp_path / "b.txt", "bee story")
    write_file(tmp_path / "a.html", "<p>a</p>")
    write_file(tmp_path / "sub" / "deeper" / "c.jsonl", '{"text": "c"}')
    write_file(tmp_path / "sub" / "a.txt", "sub story")
    write_file(tmp_path / "notes.pdf", "not read from folders")

    found = list(expand_paths([tmp_path]))

    assert found == sorted(found)
    assert {p.relative_to(tmp_path).as_posix() for p in found} == {
        "a.html",
        "b.txt",
        "sub/a.txt",
        "sub/deeper/c.jsonl",
    }


def test_read_documents_reads_folder_in_sorted_order(tmp_path: Path) -> None:
    write_file(tmp_path / "z" / "late.txt", "Zed story from Lake Ormund.")
    write_file(tmp_path / "a.txt", "Alpha story from Port Veldt.")
    write_file(tmp_path / "m.txt", "Middle story from Oskel.")

    documents = _documents(list(read_documents([tmp_path])))

    assert [Path(d.uri).name for d in documents] == ["a.txt", "m.txt", "late.txt"]


def test_read_documents_same_content_under_two_names_is_one_document(tmp_path: Path) -> None:
    first = write_file(tmp_path / "first.txt", STORY)
    write_file(tmp_path / "second.txt", STORY)

    documents = _documents(list(read_documents([tmp_path])))

    assert len(documents) == 1
    assert documents[0].uri == str(first)


def test_read_documents_crlf_and_lf_content_share_an_id(tmp_path: Path) -> None:
    lf = write_file(tmp_path / "lf.txt", STORY)
    crlf = write_file(tmp_path / "crlf.txt", STORY.replace("\n", "\r\n"))

    (lf_doc,) = read_file(lf)
    (crlf_doc,) = read_file(crlf)
    documents = _documents(list(read_documents([crlf, lf])))

    assert isinstance(lf_doc, Document)
    assert isinstance(crlf_doc, Document)
    assert lf_doc.id == crlf_doc.id
    assert len(documents) == 1


def test_read_documents_named_file_and_its_folder_yield_it_once(tmp_path: Path) -> None:
    path = write_file(tmp_path / "story.txt", STORY)

    documents = _documents(list(read_documents([path, tmp_path])))

    assert len(documents) == 1


# --- decoding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("café — naïve\n", id="bare-phrase"),
        pytest.param(
            "The new café — naïve, some said — opened in Port Veldt on Friday.\n"
            "Owner Mara Lind said the crème brûlée sold out by noon.\n",
            id="english-story",
        ),
        pytest.param("Le café — naïve et très simple — ouvre à Port Veldt.\n", id="french-line"),
    ],
)
def test_read_file_decodes_cp1252_text(tmp_path: Path, text: str) -> None:
    data = text.encode("cp1252")
    assert b"caf\xe9 \x97 na\xefve" in data
    path = write_file(tmp_path / "latin.txt", data)

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert "café — naïve" in document.content
    assert document.content == text


def test_read_file_strips_utf8_bom(tmp_path: Path) -> None:
    path = write_file(tmp_path / "bom.txt", b"\xef\xbb\xbf" + STORY.encode("utf-8"))

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert document.content == STORY
    assert not document.content.startswith("\ufeff")
    assert document.encoding == "utf-8-sig"
    assert document.id == content_id(STORY)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"])
def test_decode_bytes_rejects_empty_input(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, uri="x.txt")

    assert caught.value.code == "sources.empty"


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_decode_bytes_returns_text_or_raises_input_error(data: bytes) -> None:
    outcome: object
    try:
        outcome = decode_bytes(data, uri="fuzz.bin")
    except InputError as error:
        outcome = error

    if isinstance(outcome, InputError):
        assert outcome.code in {"sources.empty", "sources.binary", "sources.undecodable"}
    else:
        assert isinstance(outcome, tuple)
        assert len(outcome) == 2
        text, encoding = outcome
        assert isinstance(text, str)
        assert isinstance(encoding, str)
        assert encoding


# Lines without any character Python treats as a line break.
_LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Zl", "Zp"], blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85"
    ),
    max_size=30,
)
_PADS = st.lists(st.sampled_from([" ", "  ", "\t", ""]), min_size=8, max_size=8)


@given(st.lists(_LINE, max_size=8), _PADS)
def test_content_id_ignores_trailing_spaces_and_line_endings(lines: list[str], pads: list[str]) -> None:
    plain = "\n".join(lines)
    padded_crlf = "\r\n".join(line + pad for line, pad in zip(lines, pads, strict=False))
    padded_cr = "\r".join(line + pad for line, pad in zip(lines, pads, strict=False))

    assert content_id(plain) == content_id(padded_crlf) == content_id(padded_cr)


def test_content_id_differs_for_different_words() -> None:
    assert content_id("The quay reopened.") != content_id("The quay closed.")


# --- failures ------------------------------------------------------------------------------------


def test_read_documents_empty_file_is_failure_and_run_continues(tmp_path: Path) -> None:
    empty = write_file(tmp_path / "a_empty.txt", "")
    write_file(tmp_path / "b_story.txt", STORY)

    items = list(read_documents([tmp_path]))

    (failure,) = _failures(items)
    assert failure.code == "sources.empty"
    assert failure.stage == "sources"
    assert failure.input_id == str(empty)
    assert [Path(d.uri).name for d in _documents(items)] == ["b_story.txt"]


def test_read_documents_unsupported_suffix_is_failure(tmp_path: Path) -> None:
    pdf = write_file(tmp_path / "report.pdf", "%PDF-1.4 not really")
    story = write_file(tmp_path / "story.txt", STORY)

    items = list(read_documents([pdf, story]))

    (failure,) = _failures(items)
    assert failure.code == "sources.unsupported"
    assert failure.input_id == str(pdf)
    assert len(_documents(items)) == 1


def test_read_file_unsupported_suffix_raises_input_error(tmp_path: Path) -> None:
    path = write_file(tmp_path / "notes.docx", "x")

    with pytest.raises(InputError) as caught:
        list(read_file(path))

    assert caught.value.code == "sources.unsupported"


def test_read_documents_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        list(read_documents([tmp_path / "nowhere.txt"]))

    assert caught.value.code == "sources.missing"
    assert "nowhere.txt" in caught.value.message


def test_expand_paths_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        list(expand_paths([tmp_path / "gone"]))

    assert caught.value.code == "sources.missing"


# --- JSON Lines ----------------------------------------------------------------------------------


def test_read_jsonl_reads_metadata(tmp_path: Path) -> None:
    record = {
        "url": " https://fjordpost.test/quay ",
        "outlet": "Fjord Post",
        "title": "Quay reopens",
        "authors": ["Mara Lind", " ", "Ola Berg"],
        "published": "2024-05-02T09:30:00+02:00",
        "language": "en",
        "text": STORY,
    }
    path = write_file(tmp_path / "one.jsonl", json.dumps(record) + "\n")

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert document.url == "https://fjordpost.test/quay"
    assert document.outlet == "Fjord Post"
    assert document.title == "Quay reopens"
    assert document.authors == ("Mara Lind", "Ola Berg")
    assert document.published == datetime(2024, 5, 2, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert document.published is not None
    assert document.published.tzinfo is not None
    assert document.language == "en"
    assert document.media_type is MediaType.TEXT
    assert document.content == STORY
    assert document.id == content_id(STORY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-02T09:30:00Z", datetime(2024, 5, 2, 9, 30, tzinfo=UTC)),
        ("2024-05-02T09:30:00+00:00", datetime(2024, 5, 2, 9, 30, tzinfo=UTC)),
        ("", None),
        (None, None),
    ],
)
def test_read_jsonl_published_is_aware_or_none(tmp_path: Path, raw: str | None, expected: datetime | None) -> None:
    path = write_file(tmp_path / "d.jsonl", json.dumps({"text": "A story.", "published": raw}))

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert document.published == expected


@pytest.mark.parametrize(("authors", "expected"), [("Mara Lind", ("Mara Lind",)), ("  ", ()), (42, ()), (None, ())])
def test_read_jsonl_authors_forms(tmp_path: Path, authors: object, expected: tuple[str, ...]) -> None:
    path = write_file(tmp_path / "d.jsonl", json.dumps({"text": "A story.", "authors": authors}))

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert document.authors == expected


def test_read_jsonl_prefers_html_over_text(tmp_path: Path) -> None:
    path = write_file(tmp_path / "d.jsonl", json.dumps({"html": "<p>markup</p>", "text": "plain"}))

    (document,) = read_file(path)

    assert isinstance(document, Document)
    assert document.media_type is MediaType.HTML
    assert document.content == "<p>markup</p>"


@pytest.mark.parametrize(
    ("bad_line", "code"),
    [
        ("{not json", "sources.bad_json"),
        ("[1, 2, 3]", "sources.bad_json"),
        ('{"url": "https://example.test/x"}', "sources.no_content"),
        ('{"url": "https://example.test/x", "text": "   "}', "sources.no_content"),
        ('{"text": "A story.", "published": "2024-05-02T09:30:00"}', "sources.bad_date"),
        ('{"text": "A story.", "published": "last Tuesday"}', "sources.bad_date"),
    ],
)
def test_read_jsonl_bad_line_is_failure_naming_line(tmp_path: Path, bad_line: str, code: str) -> None:
    good_first = json.dumps({"text": "First story from Port Veldt."})
    good_last = json.dumps({"text": "Last story from Oskel."})
    path = write_file(tmp_path / "mixed.jsonl", f"{good_first}\n{bad_line}\n\n{good_last}\n")

    items = list(read_documents([path]))

    assert len(items) == 3
    first, failure, last = items
    assert isinstance(first, Document)
    assert isinstance(last, Document)
    assert first.content == "First story from Port Veldt."
    assert last.content == "Last story from Oskel."
    assert last.uri.endswith("#L4")
    assert isinstance(failure, Failure)
    assert failure.code == code
    assert failure.stage == "sources"
    assert failure.input_id == f"{path}#L2"
    assert "#L2" in failure.message


def test_read_jsonl_naive_published_is_rejected(tmp_path: Path) -> None:
    path = write_file(tmp_path / "naive.jsonl", json.dumps({"text": "A story.", "published": "2024-05-02 09:30"}))

    (failure,) = read_file(path)

    assert isinstance(failure, Failure)
    assert failure.code == "sources.bad_date"
    assert "time zone" in failure.message


def test_read_jsonl_duplicate_lines_are_one_document(tmp_path: Path) -> None:
    line = json.dumps({"text": "Same story twice."})
    path = write_file(tmp_path / "dup.jsonl", f"{line}\n{line}\n")

    documents = _documents(list(read_documents([path])))

    assert len(documents) == 1
    assert documents[0].uri.endswith("#L1")
