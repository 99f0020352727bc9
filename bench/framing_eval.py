"""Score newsweave's framing on a hand-labelled reading of ten ECB+ dev events.

``bench/framing_gold.json`` (see ``framing_gold.md``) marks, for 36 documents of ten real events
reported by three or four outlets each, the words of each outlet's own voice that a careful editor
would flag (judging or dramatising words, intensifiers, hedges, loaded speech verbs) and the
central facts of each event with the sentences of every outlet that carries them; a source omits
a central fact that at least two others carry and it does not. Labelled line by line before
newsweave's framing code existed, by reading ECB+ text only.

Each event's documents are annotated and compared as ``bench/compare_eval.py`` does (one
paragraph a line). Scored, micro-averaged over documents:

- **Marked words**: precision and recall of (line, word) pairs. Baseline: every word the VADER
  lexicon rates at ``|valence| >= 1.5`` anywhere in the text (the lexicon alone, no lists, no
  outlet-voice filter).
- **Omissions**: a source's omitted claims (:class:`newsweave.model.SourceFraming`) are right when
  their member sentences belong to a central fact that source does not carry; recall counts the
  gold (source, fact) omissions some omitted claim hits. Also precision of each source's three
  most central omissions. Baseline: TF-IDF overlap, a sentence of another source being "carried"
  by a document holding a line at cosine >= 0.3, and omitted by a document that carries none of it
  while enough others do (the same threshold as newsweave's).

``framing_floors.json`` pins floors that ``tests/bench/test_framing_gate.py`` holds;
``--update-floors`` raises them and never lowers one.

    python bench/framing_eval.py [--update-floors]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.annotate import Annotator
from newsweave.compare.framing import omission_threshold
from newsweave.compare.lexicon import load_valence
from newsweave.compare.wording import MIN_VALENCE, word_tokens
from newsweave.model import Article, Comparison

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the helpers beside this script, also when a test loads it by path
from compare_eval import ECBPLUS, Compared, compare_documents, load_documents  # noqa: E402
from floors import data_digest, pinned_floors, raise_floors  # noqa: E402

GOLD = HERE / "framing_gold.json"
FLOORS = HERE / "framing_floors.json"
TFIDF_CARRIES = 0.3
TOP = 3
GATED = ("word_precision", "word_recall", "omission_precision", "omission_recall")

Line = tuple[str, int]  # (doc_id, 0-based line of the document's text)
Mark = tuple[str, int, str]  # (doc_id, line, lower-cased word)


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, predictions and gold items of one scored quantity."""

    right: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0  # gold items found (differs from ``right`` when one gold item is hit twice)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.right + other.right,
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.found + other.found,
        )

    @property
    def precision(self) -> float:
        return round(self.right / self.predicted, 4) if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return round(self.found / self.gold, 4) if self.gold else 1.0


def line_of(compared: Compared, article: Article, offset: int) -> int:
    """The document line holding character ``offset`` of ``article``'s text (one line a paragraph)."""
    first = 1 if article.id.endswith("ecbplus.xml") else 0  # an ECB+ document opens with its URL
    return first + article.text.count("\n\n", 0, offset)


# -- marked words --------------------------------------------------------------------------------


def gold_marks(event: dict[str, object]) -> set[Mark]:
    return {
        (str(doc), int(line), str(word).casefold())
        for doc, words in event["words"].items()  # type: ignore[attr-defined]
        for line, word, _ in words
    }


def system_marks(compared: Compared) -> set[Mark]:
    comparison = compared.comparison
    return {
        (source.article_id, line_of(compared, article, word.span.start), article.text_at(word.span).casefold())
        for source in comparison.framing.sources
        for article in [comparison.article(source.article_id)]
        for word in source.words
    }


def lexicon_marks(compared: Compared) -> set[Mark]:
    """The baseline: every word the lexicon rates strongly enough, anywhere in the article."""
    valence = load_valence()
    return {
        (article.id, line_of(compared, article, span.start), word.casefold())
        for article in compared.comparison.articles
        for word, span in word_tokens(article.text)
        if abs(valence.get(word.casefold(), 0.0)) >= MIN_VALENCE
    }


def score_marks(predicted: set[Mark], gold: set[Mark]) -> Counts:
    right = len(predicted & gold)
    return Counts(right=right, predicted=len(predicted), gold=len(gold), found=right)


# -- omissions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facts:
    """The event's central facts as sets of lines, and the (document, fact) omissions."""

    lines: list[set[Line]]
    omitted: set[tuple[str, int]]


def read_facts(event: dict[str, object]) -> Facts:
    lines = [
        {(str(doc), int(line)) for doc, found in fact["carried_by"].items() for line in found}
        for fact in event["central_facts"]  # type: ignore[attr-defined]
    ]
    omitted = {(str(doc), int(i)) for doc, facts in event["omits"].items() for i in facts}  # type: ignore[attr-defined]
    return Facts(lines, omitted)


def score_omissions(predictions: dict[str, list[set[Line]]], facts: Facts, *, top: int | None = None) -> Counts:
    """``predictions``: per document, its predicted omissions (each a set of other documents' lines)."""
    right = predicted = 0
    found: set[tuple[str, int]] = set()
    for doc, omissions in predictions.items():
        for lines in omissions[:top]:
            predicted += 1
            hits = {(doc, i) for i, fact in enumerate(facts.lines) if lines & fact and (doc, i) in facts.omitted}
            right += bool(hits)
            found |= hits
    gold = {item for item in facts.omitted if item[0] in predictions}
    return Counts(right=right, predicted=predicted, gold=len(gold), found=len(found & gold))


def system_omissions(compared: Compared) -> dict[str, list[set[Line]]]:
    comparison: Comparison = compared.comparison
    claims = {claim.id: claim for claim in comparison.claims}
    return {
        source.article_id: [
            {compared.lines[(m.article_id, m.sentence)] for m in claims[item.claim_id].members}
            for item in source.omitted
        ]
        for source in comparison.framing.sources
    }


def overlap_omissions(documents: Sequence[dict[str, object]]) -> dict[str, list[set[Line]]]:
    """The baseline: a line is carried by a document when the document has a line at TF-IDF cosine
    >= ``TFIDF_CARRIES`` with it (its own document always carries it)."""
    lines: list[Line] = []
    texts: list[str] = []
    for document in documents:
        doc = str(document["doc_id"])
        first = 1 if doc.endswith("ecbplus.xml") else 0
        for number, text in enumerate(str(document["text"]).split("\n")):
            if number >= first and text.strip():
                lines.append((doc, number))
                texts.append(text)
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    docs = [str(d["doc_id"]) for d in documents]
    carriers = [
        {
            doc
            for doc in docs
            if doc == line[0]
            or any(similarity[i, j] >= TFIDF_CARRIES for j, other in enumerate(lines) if other[0] == doc)
        }
        for i, line in enumerate(lines)
    ]
    needed = omission_threshold(len(docs))
    return {
        doc: [
            {line}
            for line, carried in zip(lines, carriers, strict=True)
            if doc not in carried and len(carried) >= needed
        ]
        for doc in docs
    }


# -- the run -------------------------------------------------------------------------------------


def score(documents: dict[str, dict[str, object]], annotator: Annotator) -> tuple[dict[str, float], dict[str, Counts]]:
    totals: dict[str, Counts] = defaultdict(Counts)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for event in json.loads(GOLD.read_text(encoding="utf-8"))["events"]:
        chosen = [_plain_quotes(documents[doc]) for doc in event["docs"]]
        compared = compare_documents(chosen, annotator)
        gold = gold_marks(event)
        ours = system_marks(compared)
        totals["words"] += score_marks(ours, gold)
        totals["words_lexicon"] += score_marks(lexicon_marks(compared), gold)
        for doc, words in event["words"].items():
            for line, word, kind in words:
                by_kind[kind][0] += 1
                by_kind[kind][1] += (doc, line, word.casefold()) in ours
        facts = read_facts(event)
        predictions = system_omissions(compared)
        totals["omissions"] += score_omissions(predictions, facts)
        totals["omissions_top"] += score_omissions(predictions, facts, top=TOP)
        totals["omissions_overlap"] += score_omissions(overlap_omissions(chosen), facts)
    figures = {
        "word_precision": totals["words"].precision,
        "word_recall": totals["words"].recall,
        "omission_precision": totals["omissions"].precision,
        "omission_recall": totals["omissions"].recall,
        "omission_top_precision": totals["omissions_top"].precision,
        **{f"recall_{kind}": round(found / n, 4) for kind, (n, found) in sorted(by_kind.items())},
    }
    return figures, dict(totals)


def _plain_quotes(document: dict[str, object]) -> dict[str, object]:
    """The document with ECB's tokenised quote marks (``...'') written as the quote marks of a page,
    so that quotations are read as quotations; lines and words stay where they were."""
    return {**document, "text": str(document["text"]).replace("``", '"').replace("''", '"')}


def data_sha256() -> str:
    return data_digest(ECBPLUS, GOLD)


def read_floors() -> tuple[str, dict[str, float]]:
    return pinned_floors(FLOORS)


def gate_scores() -> dict[str, float]:
    figures, _ = score(load_documents(), Annotator())
    return figures


def _row(name: str, counts: Counts) -> str:
    return f"  {name:<44}{counts.predicted:>6}{counts.precision:>11.3f}{counts.recall:>8.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's figures")
    args = parser.parse_args()
    started = time.perf_counter()
    figures, totals = score(load_documents(), Annotator())
    print(
        f"newsweave framing eval, {time.strftime('%Y-%m-%d')}, {platform.machine()} Python {platform.python_version()}"
    )
    print("bench/framing_gold.json: 10 ECB+ dev events, 36 documents, 3-4 outlets each")
    print(f"\n{'':<46}{'marked':>6}{'precision':>11}{'recall':>8}")
    print(f"loaded words (gold: {totals['words'].gold} (line, word) marks)")
    print(_row("newsweave framing words", totals["words"]))
    print(_row(f"baseline: VADER lexicon, |valence| >= {MIN_VALENCE}", totals["words_lexicon"]))
    recall = ", ".join(
        f"{name.removeprefix('recall_')} {value:.2f}" for name, value in figures.items() if name.startswith("recall_")
    )
    print(f"  newsweave recall by kind: {recall}")
    print(f"omitted central facts (gold: {totals['omissions'].gold} source-fact omissions)")
    print(_row("newsweave omitted claims", totals["omissions"]))
    print(_row(f"newsweave, {TOP} most central per source", totals["omissions_top"]))
    print(_row(f"baseline: TF-IDF overlap >= {TFIDF_CARRIES}, per line", totals["omissions_overlap"]))
    print(f"\nwhole run {time.perf_counter() - started:.0f} s")
    print("rerun: python bench/framing_eval.py")
    if args.update_floors:
        raise_floors(FLOORS, figures, GATED, data="ECB+ dev and bench/framing_gold.json", sha256=data_sha256())


if __name__ == "__main__":
    main()
