"""The two extraction metrics of ``bench/extract_eval.py`` and its lede figure, apart so that
the script reads as data, systems and report, and the tests check the metrics on their own.

- AEB (ScrapingHub's article-extraction-benchmark): each text is the multiset of its word
  4-grams; per page TP/FP/FN are normalised by their sum; P and R are means over pages and F1 is
  taken of those means.
- trafilatura's evaluation: each ``with`` string found is a TP, each ``without`` string found a
  FP; P, R and F1 over all strings of all pages.
- The lede: whether a prediction holds the first words of the truth's first paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NGRAM = 4
# The first paragraph is matched on its opening words: enough to be unique on a page, few enough
# that an extractor's different spacing or a cut paragraph still matches.
LEDE_WORDS = 8
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = NGRAM) -> Counter[str]:
    """The multiset of word ``n``-grams of ``text`` (tokens are ``\\w+`` matches, Unicode, case kept).

    A text with at least one but fewer than ``n`` tokens gives one shingle of all its tokens, as the
    benchmark's evaluator does; a text with no token gives none.
    """
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """TP, FP, FN of one page's shared 4-grams, divided by their sum (all 0 when both are empty)."""
    expected, predicted = shingles(truth), shingles(prediction)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision_recall(tp: float, fp: float, fn: float) -> tuple[float, float]:
    """Precision and recall of one page; a page with nothing predicted and nothing expected is 1, 1."""
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores:
    precision: float
    recall: float
    f1: float


def score_pages(pairs: Iterable[tuple[str, str]]) -> Scores:
    """The AEB scores over ``(truth, prediction)`` pairs: P and R are means over pages, F1 is the
    harmonic mean of those two means (not a mean of per-page F1)."""
    per_page = [page_precision_recall(*page_counts(truth, prediction)) for truth, prediction in pairs]
    if not per_page:
        raise ValueError("score_pages needs at least one page, got none")
    precision = sum(p for p, _ in per_page) / len(per_page)
    recall = sum(r for _, r in per_page) / len(per_page)
    return Scores(precision=precision, recall=recall, f1=f1_score(precision, recall))


def string_counts(expected: Sequence[str], unwanted: Sequence[str], prediction: str) -> tuple[int, int, int, int]:
    """TP, FN, FP, TN of one page: each expected string found is a TP, each unwanted one found a FP."""
    found = sum(string in prediction for string in expected)
    leaked = sum(string in prediction for string in unwanted)
    return found, len(expected) - found, leaked, len(unwanted) - leaked


def score_strings(counts: Iterable[tuple[int, int, int, int]]) -> Scores:
    """trafilatura's evaluation scores: P, R and F1 over the strings of all pages."""
    tp = fn = fp = 0
    for page_tp, page_fn, page_fp, _ in counts:
        tp, fn, fp = tp + page_tp, fn + page_fn, fp + page_fp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Scores(precision=precision, recall=recall, f1=f1_score(precision, recall))


def lede_words(truth: str, n: int = LEDE_WORDS) -> str:
    """The first ``n`` tokens of the first non-empty line of ``truth``, lowercased and space-joined."""
    first = next((line for line in truth.splitlines() if line.strip()), "")
    return " ".join(_TOKEN.findall(first.lower())[:n])


def keeps_lede(truth: str, prediction: str) -> bool:
    """Whether ``prediction`` holds the opening words of ``truth``'s first paragraph, token for token."""
    lede = lede_words(truth)
    return bool(lede) and f" {lede} " in f" {' '.join(_TOKEN.findall(prediction.lower()))} "


def lede_share(pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """Pages whose prediction keeps the lede, and pages with a lede, over ``(truth, prediction)`` pairs."""
    checked = [keeps_lede(truth, prediction) for truth, prediction in pairs if lede_words(truth)]
    return sum(checked), len(checked)
