"""Sources: reading WARC and WARC.gz archives, written by hand here, into Documents."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.errors import Failure, InputError
from newsweave.model import Document, MediaType
from newsweave.sources import content_id, expand_paths, find_reader, read_documents, read_file, read_warc

PAGE = "<html><body><h1>Quay reopens</h1><p>Harbour crews in Port Veldt cleared the quay.</p></body></html>"
NOTE = "Ferry notice: the Oskel Island service resumes on Friday."
CAFE_PAGE = "<html><body><p>The café on Quay Street reopened — at last.</p></body></html>"


def _record(kind: str, record_id: str, block: bytes, *, uri: str = "", content_type: str = "") -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{record_id}>",
        "WARC-Date: 2024-03-05T10:00:00Z",
    ]
    if uri:
        headers.append(f"WARC-Target-URI: {uri}")
    if content_type:
        headers.append(f"Content-Type: {content_type}")
    headers.append(f"Content-Length: {len(block)}")
    return "\r\n".join(headers).encode() + b"\r\n\r\n" + block + b"\r\n\r\n"


def _response(record_id: str, uri: str, body: bytes, *, status: str = "200 OK", content_type: str = "") -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + (f"Content-Type: {content_type}\r\n" if content_type else "")
    block = head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
    return _record("response", record_id, block, uri=uri, content_type="application/http; msgtype=response")


def _request(record_id: str, uri: str) -> bytes:
    block = b"GET /quay HTTP/1.1\r\nHost: harbour.example\r\nUser-Agent: newsweave-test\r\n\r\n"
    return _record("request", record_id, block, uri=uri, content_type="application/http; msgtype=request")


def _crawl_records() -> list[bytes]:
    """A small crawl: the records a crawler writes, in the order it writes them."""
    return [
        _record("warcinfo", "info-1", b"software: fictional-crawler/1.0\r\n", content_type="application/warc-fields"),
        _request("request-1", "https://harbour.example/quay"),
        _response("page-1", "https://harbour.example/quay", PAGE.encode(), content_type="text/html; charset=utf-8"),
        _record("metadata", "meta-1", b"fetchTimeMs: 120\r\n", uri="https://harbour.example/quay"),
        _response("note-1", "https://harbour.example/notice.txt", NOTE.encode(), content_type="text/plain"),
        _response("missing-1", "https://harbour.example/gone", b"<p>Not found</p>", status="404 Not Found",
                  content_type="text/html"),
        _response("image-1", "https://harbour.example/quay.png", b"\x89PNG\r\n\x1a\n\x00",
                  content_type="image/png"),
        _response("cafe-1", "https://harbour.example/cafe", CAFE_PAGE.encode("cp1252"),
                  content_type='text/html; charset="windows-1252"'),
    ]  # fmt: skip


def _write(path: Path, records: list[bytes], *, is_gzip: bool) -> Path:
    data = b"".join(gzip.compress(record) for record in records) if is_gzip else b"".join(records)
    path.write_bytes(data)
    return path


def _split(items: list[Document | Failure]) -> tuple[list[Document], list[Failure]]:
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Failure)]


# --- good archives --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "is_gzip"), [("crawl.warc", False), ("crawl.warc.gz", True), ("CRAWL.WARC.GZ", True)])
def test_read_warc_yields_ok_html_and_text_responses_in_order(tmp_path: Path, name: str, is_gzip: bool) -> None:
    path = _write(tmp_path / name, _crawl_records(), is_gzip=is_gzip)

    documents, failures = _split(list(read_file(path)))

    assert failures == []
    assert [d.url for d in documents] == [
        "https://harbour.example/quay",
        "https://harbour.example/notice.txt",
        "https://harbour.example/cafe",
    ]
    assert [d.media_type for d in documents] == [MediaType.HTML, MediaType.TEXT, MediaType.HTML]
    assert [d.content for d in documents] == [PAGE, NOTE, CAFE_PAGE]
    assert [d.uri for d in documents] == [f"{path}#urn:uuid:{name}-1" for name in ("page", "note", "cafe")]
    assert [d.id for d in documents] == [content_id(PAGE), content_id(NOTE), content_id(CAFE_PAGE)]


def test_read_warc_decodes_with_http_charset(tmp_path: Path) -> None:
    path = _write(tmp_path / "crawl.warc.gz", _crawl_records(), is_gzip=True)

    (cafe,) = [d for d in read_warc(path) if isinstance(d, Document) and d.url.endswith("/cafe")]

    assert cafe.encoding == "cp1252"
    assert "café" in cafe.content
    assert "—" in cafe.content


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html", "<p>Ferry fares rise — by 5%.</p>", "<p>Ferry fares rise — by 5%.</p>"),
        ("TEXT/HTML;Charset=UTF-8", "<p>Ferry fares rise</p>", "<p>Ferry fares rise</p>"),
        ("application/xhtml+xml; charset=unknown-charset", "<p>Fares</p>", "<p>Fares</p>"),
    ],
)
def test_read_warc_decodes_without_usable_charset(tmp_path: Path, content_type: str, body: str, expected: str) -> None:
    records = [_response("r-1", "https://harbour.example/fares", body.encode(), content_type=content_type)]
    path = _write(tmp_path / "one.warc", records, is_gzip=False)

    (document,) = read_warc(path)

    assert isinstance(document, Document)
    assert document.media_type is MediaType.HTML
    assert document.content == expected


@pytest.mark.parametrize(
    ("extra_headers", "encode"),
    [
        ("Content-Encoding: gzip\r\n", gzip.compress),
        ("Transfer-Encoding: chunked\r\n", lambda body: b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"),
        ("Content-Encoding: gzip\r\n", lambda body: body),  # header kept, body stored decoded
    ],
)
def test_read_warc_undoes_http_encodings(tmp_path: Path, extra_headers: str, encode: object) -> None:
    assert callable(encode)
    payload = encode(PAGE.encode())
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra_headers}\r\n".encode() + payload
    record = _record("response", "enc-1", block, uri="https://harbour.example/quay", content_type="application/http")
    path = _write(tmp_path / "encoded.warc", [record], is_gzip=False)

    (document,) = read_warc(path)

    assert isinstance(document, Document)
    assert document.content == PAGE


def test_read_warc_archive_without_responses_yields_nothing(tmp_path: Path) -> None:
    records = [_record("warcinfo", "info-1", b"software: x\r\n"), _request("request-1", "https://harbour.example/")]
    path = _write(tmp_path / "requests.warc.gz", records, is_gzip=True)

    assert list(read_warc(path)) == []


# --- damaged archives -----------------------------------------------------------------------------


@pytest.mark.parametrize("cut", [5, 40, 120])
def test_read_warc_truncated_gzip_keeps_earlier_records(tmp_path: Path, cut: int) -> None:
    path = _write(tmp_path / "crawl.warc.gz", _crawl_records(), is_gzip=True)
    path.write_bytes(path.read_bytes()[:-cut])

    documents, failures = _split(list(read_file(path)))

    assert [d.url for d in documents][:2] == ["https://harbour.example/quay", "https://harbour.example/notice.txt"]
    assert [f.code for f in failures] == ["sources.truncated_warc"]
    assert failures[0].input_id.startswith(f"{path}#")
    assert "ends inside" in failures[0].message


def test_read_warc_truncated_gzip_reports_after_the_good_records(tmp_path: Path) -> None:
    records = _crawl_records()
    members = [gzip.compress(record) for record in records]
    # The last member (the café page) is cut before its headers end: FastWARC alone says nothing.
    (tmp_path / "crawl.warc.gz").write_bytes(b"".join(members[:-1]) + members[-1][:12])

    items = list(read_warc(tmp_path / "crawl.warc.gz"))

    assert [type(item) for item in items] == [Document, Document, Failure]
    assert isinstance(items[-1], Failure)
    assert items[-1].code == "sources.truncated_warc"


@pytest.mark.parametrize("cut", [10, 30])
def test_read_warc_truncated_plain_file_is_named(tmp_path: Path, cut: int) -> None:
    path = _write(tmp_path / "crawl.warc", _crawl_records(), is_gzip=False)
    path.write_bytes(path.read_bytes()[:-cut])

    documents, failures = _split(list(read_warc(path)))

    assert len(documents) == 2
    assert [f.code for f in failures] == ["sources.truncated_warc"]
    assert failures[0].input_id == f"{path}#urn:uuid:cafe-1"


@pytest.mark.parametrize(
    ("is_gzip", "garbage"), [(False, b"not a warc record\r\n\r\n"), (True, b"\x1f\x8b\x08\x00junk"), (True, b"junk")]
)
def test_read_warc_damaged_record_is_failure_and_reading_resumes(tmp_path: Path, is_gzip: bool, garbage: bytes) -> None:
    records = _crawl_records()
    first = b"".join(gzip.compress(r) for r in records[:3]) if is_gzip else b"".join(records[:3])
    rest = b"".join(gzip.compress(r) for r in records[3:]) if is_gzip else b"".join(records[3:])
    path = tmp_path / ("damaged.warc.gz" if is_gzip else "damaged.warc")
    path.write_bytes(first + garbage + rest)

    documents, failures = _split(list(read_warc(path)))

    assert [d.url.rsplit("/", 1)[-1] for d in documents] == ["quay", "notice.txt", "cafe"]
    assert [f.code for f in failures] == ["sources.bad_warc_record"]
    assert failures[0].input_id.startswith(f"{path}#offset=")


def test_read_warc_unreadable_http_status_is_failure(tmp_path: Path) -> None:
    bad = _record("response", "bad-1", b"HTCPCP/1.0 teapot\r\n\r\nbody", uri="https://harbour.example/pot",
                  content_type="application/http; msgtype=response")  # fmt: skip
    path = _write(tmp_path / "crawl.warc", [bad, *_crawl_records()], is_gzip=False)

    documents, failures = _split(list(read_warc(path)))

    assert len(documents) == 3
    assert [(f.code, f.input_id) for f in failures] == [("sources.bad_warc_record", f"{path}#urn:uuid:bad-1")]


@pytest.mark.parametrize(
    ("extra_headers", "payload", "code"),
    [
        ("Content-Encoding: gzip\r\n", b"\x1f\x8b\x08\x00 broken", "sources.bad_warc_record"),
        ("Content-Encoding: compress\r\n", b"whatever", "sources.bad_warc_record"),
        ("", b"   ", "sources.empty"),
    ],
)
def test_read_warc_bad_body_is_failure(tmp_path: Path, extra_headers: str, payload: bytes, code: str) -> None:
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{extra_headers}\r\n".encode() + payload
    bad = _record("response", "bad-1", block, uri="https://harbour.example/x", content_type="application/http")
    path = _write(tmp_path / "crawl.warc.gz", [bad, *_crawl_records()], is_gzip=True)

    documents, failures = _split(list(read_warc(path)))

    assert len(documents) == 3
    assert [(f.code, f.input_id) for f in failures] == [(code, f"{path}#urn:uuid:bad-1")]


def test_read_documents_keeps_records_before_a_truncation(tmp_path: Path) -> None:
    path = _write(tmp_path / "crawl.warc.gz", _crawl_records(), is_gzip=True)
    path.write_bytes(path.read_bytes()[:-40])

    documents, failures = _split(list(read_documents([tmp_path])))

    assert len(documents) == 2
    assert [f.code for f in failures] == ["sources.truncated_warc"]


# --- suffixes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "is_readable"),
    [
        ("crawl.warc", True),
        ("crawl.warc.gz", True),
        ("crawl.2024-03.warc.gz", True),
        ("Crawl.Warc.Gz", True),
        ("crawl.gz", False),
        ("crawl.warc.zst", False),
        ("page.v2.html", True),
        ("notes.pdf", False),
    ],
)
def test_find_reader_matches_longest_registered_suffix(name: str, is_readable: bool) -> None:
    assert (find_reader(Path(name)) is not None) is is_readable


def test_expand_paths_finds_warc_gz_but_not_bare_gz(tmp_path: Path) -> None:
    _write(tmp_path / "crawl.warc.gz", _crawl_records(), is_gzip=True)
    (tmp_path / "backup.gz").write_bytes(gzip.compress(b"not news"))

    assert [p.name for p in expand_paths([tmp_path])] == ["crawl.warc.gz"]


def test_read_file_bare_gz_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "backup.gz"
    path.write_bytes(gzip.compress(b"not news"))

    with pytest.raises(InputError) as caught:
        list(read_file(path))

    assert caught.value.code == "sources.unsupported"


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), is_gzip=st.booleans())
def test_read_warc_never_raises_on_arbitrary_bytes(tmp_path: Path, data: bytes, is_gzip: bool) -> None:
    path = tmp_path / "fuzz.warc.gz"
    path.write_bytes(gzip.compress(data) if is_gzip else data)

    started = time.monotonic()
    items = list(read_warc(path))

    assert all(isinstance(item, Document | Failure) for item in items)
    assert time.monotonic() - started < 5


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), noise=st.binary(max_size=64), is_gzip=st.booleans())
def test_read_warc_never_raises_on_damaged_archives(tmp_path: Path, cut: int, noise: bytes, is_gzip: bool) -> None:
    path = _write(tmp_path / "damaged.warc.gz", _crawl_records(), is_gzip=is_gzip)
    data = path.read_bytes()
    cut = min(cut, len(data))
    path.write_bytes(data[:cut] + noise + data[cut:])

    items = list(read_warc(path))

    assert all(isinstance(item, Document | Failure) for item in items)
