"""The lede figure in bench/extract_eval.py: is the first paragraph of the truth in the body?"""

from __future__ import annotations

import pytest
from tests.conftest import load_bench

from newsweave.model import Document, MediaType

ev = load_bench("extract_eval")
metrics = load_bench("extract_metrics")

TRUTH = "\n\nThe ferry to Oskel Island stopped on Tuesday, leaving 400 islanders cut off.\nCrews inspected the ramp."


def test_lede_words_are_the_first_paragraphs_opening_tokens_lowercased() -> None:
    assert metrics.lede_words(TRUTH) == "the ferry to oskel island stopped on tuesday"
    assert metrics.lede_words("Short one.") == "short one"
    assert metrics.lede_words(" \n ") == ""


@pytest.mark.parametrize(
    ("prediction", "kept"),
    [
        ("Title\n\nThe ferry to Oskel Island stopped on Tuesday, leaving 400 islanders cut off.", True),
        # spacing, case and punctuation do not matter; only the opening words are compared
        ("THE FERRY to Oskel-Island stopped on  Tuesday!", True),
        ("Crews inspected the ramp.", False),
        # tokens are compared whole: "islanders" is not "island"
        ("The ferry to Oskel Islanders stopped on Tuesday", False),
        ("", False),
    ],
)
def test_keeps_lede_compares_whole_tokens(prediction: str, kept: bool) -> None:
    assert metrics.keeps_lede(TRUTH, prediction) is kept


def test_lede_share_counts_only_pages_with_a_lede() -> None:
    pairs = [(TRUTH, TRUTH), (TRUTH, "Crews inspected the ramp."), ("", "anything")]

    assert metrics.lede_share(pairs) == (1, 2)


def test_scraped_text_is_the_title_then_the_truths_paragraphs() -> None:
    html = "<html><head><title>Ferry stops</title></head><body><p>x</p></body></html>"
    document = Document(id="d", uri="page.html", media_type=MediaType.HTML, content=html)
    page = ev.Page(id="p", url="", truth=TRUTH, html=html, document=document)

    assert ev.scraped_text(page).split("\n\n") == [
        "Ferry stops",
        "The ferry to Oskel Island stopped on Tuesday, leaving 400 islanders cut off.",
        "Crews inspected the ramp.",
    ]
