"""The bad-input corpus through the readers, extraction and annotation: nothing crashes or is lost.

Every input of :data:`~tests.robustness.corpus.CORPUS` must give the articles it holds, or be
rejected with one of the failure codes its entry names, each with a reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import Failure
from newsweave.extract import ExtractOptions
from newsweave.limits import Limits
from newsweave.model import Document
from newsweave.pipeline import ExtractionPool
from newsweave.sources import read_documents
from tests.robustness.corpus import CORPUS, BadInput, Outcome, build_corpus, run_corpus

# A short time limit, so that the page of 20k tweets (minutes to annotate) is cut short quickly.
LIMITS = Limits(max_seconds_per_page=8)


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def outcomes(corpus_folder: Path) -> dict[str, Outcome]:
    return {outcome.name: outcome for outcome in run_corpus(corpus_folder, limits=LIMITS, workers=2)}


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.name for bad in CORPUS])
def test_corpus_input_is_handled_or_rejected_with_reason(bad: BadInput, outcomes: dict[str, Outcome]) -> None:
    assert bad.problems(outcomes[bad.name]) == []


def test_corpus_generated_files_are_what_they_claim(corpus_folder: Path) -> None:
    assert (corpus_folder / "page-50mb.html").stat().st_size >= 50 << 20
    assert (corpus_folder / "deep-100k.html").read_text(encoding="utf-8").count("<div>") == 100_000
    assert (corpus_folder / "tweets-20k.html").read_text(encoding="utf-8").count("twitter-tweet") == 20_000
    assert (corpus_folder / "gzip-bomb.warc.gz").stat().st_size < 2 << 20  # expands to 1 GiB


@pytest.mark.parametrize(
    ("name", "encoding", "phrase"),
    [
        ("cp1252-labelled-utf8.html", "cp1252", "The café’s owner said “we are back” – and served crêpes."),
        ("invalid-utf8.html", "utf-8", "Café owners"),
        ("utf16-no-bom.txt", "utf-16-le", "Harbour crews in Port Veldt"),
        ("utf16be-no-bom.html", "utf-16-be", "Harbour crews in Port Veldt"),
        ("shift-jis.txt", "cp932", "港湾局は火曜日"),
    ],
)
def test_corpus_mislabelled_encodings_decode_to_the_real_text(
    corpus_folder: Path, name: str, encoding: str, phrase: str
) -> None:
    (document,) = read_documents([corpus_folder / name])
    assert isinstance(document, Document), document
    assert document.encoding == encoding
    assert phrase in document.content
    assert "\x00" not in document.content


def test_corpus_limits_are_settings(corpus_folder: Path) -> None:
    """Raising a limit lets through the page it stopped; lowering one stops a normal page."""
    roomy = Limits(max_page_bytes=64 << 20)
    (document,) = read_documents([corpus_folder / "page-50mb.html"], limits=roomy)
    assert isinstance(document, Document)
    assert len(document.content) > 50_000_000
    (failure,) = read_documents([corpus_folder / "invalid-utf8.html"], limits=Limits(max_page_bytes=100))
    assert isinstance(failure, Failure)
    assert failure.code == "sources.too_large"
    (page,) = read_documents([corpus_folder / "invalid-utf8.html"])
    assert isinstance(page, Document)
    with ExtractionPool(1, ExtractOptions(limits=Limits(max_html_depth=1))) as pool:
        (result,) = pool.extract([page])
    assert isinstance(result, Failure)
    assert result.code == "extract.too_deep"
