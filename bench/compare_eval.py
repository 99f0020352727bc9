"""Score newsweave's comparison on public gold: ECB+ event lines and a hand-labelled reading.

Two gold sets, both over ECB+ dev documents (``shared/data/ecbplus``), which newsweave's claim
model is never fitted on:

- **ECB+ event lines.** Two sentences of different documents of one subtopic that mention the
  same event instance (``ACTION_*``/``NEG_ACTION_*``) report the same happening. Only sentences
  carrying a mention are scored. newsweave's claim groups give the predicted pairs; the baseline
  is plain TF-IDF cosine, taking per subtopic as many top-scoring cross-document pairs as
  newsweave predicted there, so the two are compared at the same number of pairs.
- **The hand-labelled reading** (``bench/compare_gold.json``, see ``compare_gold.md``): ten
  events, three or four outlets each, every sentence read and every same-fact group, real
  conflict and lede marked by hand, without looking at newsweave's output. Scored: shared groups
  whose every member pair is the same fact, conflicts that are real, recall of the same-fact pairs
  and of the ledes another outlet shares, and brief sentences supported by every source they cite.

Each document becomes an article as the pipeline would annotate it (one paragraph a line), and
its sentences map back to lines by offset. ``compare_floors.json`` pins floors that
``tests/bench/test_compare_gate.py`` holds; ``--update-floors`` raises them, never lowers one.

    python bench/compare_eval.py [--update-floors]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.annotate import Annotator
from newsweave.compare import compare_articles
from newsweave.model import Article, ClaimStatus, Comparison
from newsweave.report.views import brief_items

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the floors helper beside this script, also when a test loads it by path
from floors import data_digest, pinned_floors, raise_floors  # noqa: E402

ECBPLUS = HERE.parent.parent / "shared" / "data" / "ecbplus" / "train_dev.jsonl"
GOLD = HERE / "compare_gold.json"
FLOORS = HERE / "compare_floors.json"
EVENT_TYPES = ("ACTION", "NEG_ACTION")

Line = tuple[str, int]  # (doc_id, 0-based line of the document's text)
Pair = frozenset[Line]


@dataclass(frozen=True, slots=True)
class Compared:
    """One event compared: the comparison, and each article's sentences as document lines."""

    comparison: Comparison
    lines: dict[tuple[str, int], Line]  # (article id, sentence index) -> line
    seconds: float


def load_documents(path: Path = ECBPLUS, split: str = "dev") -> dict[str, dict[str, object]]:
    documents = {}
    with path.open(encoding="utf-8") as lines:
        for raw in lines:
            document = json.loads(raw)
            if document["split"] == split:
                documents[document["doc_id"]] = document
    return documents


def compare_documents(documents: Sequence[dict[str, object]], annotator: Annotator) -> Compared:
    """The documents as annotated articles, compared; sentence -> line map kept."""
    articles, spans = [], {}
    for document in documents:
        doc_id = str(document["doc_id"])
        lines = str(document["text"]).split("\n")
        first = 1 if doc_id.endswith("ecbplus.xml") else 0  # an ECB+ document opens with its URL
        text, offsets = "", []
        for index in range(first, len(lines)):
            offsets.append((len(text), index))
            text += lines[index] + "\n\n"
        spans[doc_id] = offsets
        articles.append(Article(id=doc_id, uri=doc_id, outlet=doc_id, language="en", text=text.rstrip("\n")))
    annotated = annotator.process_batch(articles)
    started = time.perf_counter()
    comparison = compare_articles(annotated)
    seconds = time.perf_counter() - started
    mapping = {}
    for article in comparison.articles:
        for number, sentence in enumerate(article.sentences):
            line = max(index for start, index in spans[article.id] if start <= sentence.span.start)
            mapping[(article.id, number)] = (article.id, line)
    return Compared(comparison, mapping, seconds)


def predicted_pairs(compared: Compared, statuses: Iterable[ClaimStatus]) -> set[Pair]:
    wanted = set(statuses)
    pairs = set()
    for claim in compared.comparison.claims:
        if claim.status in wanted:
            pairs.update(_member_pairs(compared, claim.members))
    return pairs


def _member_pairs(compared: Compared, members: Iterable[object]) -> set[Pair]:
    lines = [compared.lines[(member.article_id, member.sentence)] for member in members]  # type: ignore[attr-defined]
    return {frozenset((a, b)) for a, b in combinations(lines, 2) if a[0] != b[0]}


# -- ECB+ event lines ----------------------------------------------------------------------------


def event_gold(documents: Sequence[dict[str, object]]) -> tuple[set[Line], set[Pair]]:
    """Lines carrying any mention, and cross-document line pairs sharing an event instance."""
    annotated: set[Line] = set()
    by_instance: dict[str, set[Line]] = defaultdict(set)
    for document in documents:
        for mention in document["cross_doc_mentions"]:  # type: ignore[attr-defined]
            line = (str(document["doc_id"]), int(mention["line"]))
            annotated.add(line)
            if str(mention["type"]).startswith(EVENT_TYPES):
                by_instance[mention["instance"]].add(line)
    pairs = {frozenset((a, b)) for lines in by_instance.values() for a, b in combinations(lines, 2) if a[0] != b[0]}
    return annotated, pairs


def tfidf_pairs(documents: Sequence[dict[str, object]], candidates: set[Line], k: int) -> set[Pair]:
    """The ``k`` cross-document pairs of ``candidates`` with the highest TF-IDF cosine."""
    lines = sorted(candidates)
    texts = {str(d["doc_id"]): str(d["text"]).split("\n") for d in documents}
    if k == 0 or len(lines) < 2:
        return set()
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([texts[doc][line] for doc, line in lines])
    similarity = (matrix @ matrix.T).toarray()
    scored = [
        (similarity[i, j], frozenset((lines[i], lines[j])))
        for i, j in combinations(range(len(lines)), 2)
        if lines[i][0] != lines[j][0]
    ]
    scored.sort(key=lambda item: (-item[0], sorted(item[1])))
    return {pair for _, pair in scored[:k]}


def score_event_lines(documents: dict[str, dict[str, object]], annotator: Annotator) -> dict[str, float]:
    by_subtopic: dict[str, list[dict[str, object]]] = defaultdict(list)
    for document in documents.values():
        by_subtopic[str(document["subtopic"])].append(document)
    totals = defaultdict(int)
    for subtopic in sorted(by_subtopic):
        docs = sorted(by_subtopic[subtopic], key=lambda d: str(d["doc_id"]))
        if len(docs) < 2:
            continue
        annotated, gold = event_gold(docs)
        compared = compare_documents(docs, annotator)
        ours = {pair for pair in predicted_pairs(compared, ClaimStatus) if pair <= annotated}
        baseline = tfidf_pairs(docs, annotated, len(ours))
        totals["gold"] += len(gold)
        totals["ours"] += len(ours)
        totals["ours_right"] += len(ours & gold)
        totals["baseline"] += len(baseline)
        totals["baseline_right"] += len(baseline & gold)
    return {
        "ecb_pairs": totals["ours"],
        "ecb_precision": _ratio(totals["ours_right"], totals["ours"]),
        "ecb_recall": _ratio(totals["ours_right"], totals["gold"]),
        "ecb_tfidf_precision": _ratio(totals["baseline_right"], totals["baseline"]),
        "ecb_tfidf_recall": _ratio(totals["baseline_right"], totals["gold"]),
    }


# -- the hand-labelled reading ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventGold:
    strict: set[Pair]  # pairs of group members
    lenient: set[Pair]  # and of sentences that restate a member ("also")
    conflicts: set[Pair]
    ledes: set[Line]  # central lines another outlet shares


def read_gold(event: dict[str, object]) -> EventGold:
    strict: set[Pair] = set()
    lenient: set[Pair] = set()
    for group in event["same_fact"]:  # type: ignore[attr-defined]
        members = [(str(doc), int(line)) for doc, line in group["members"]]
        also = [(str(doc), int(line)) for doc, line in group.get("also", [])]
        strict |= {frozenset(p) for p in combinations(members, 2) if p[0][0] != p[1][0]}
        lenient |= {frozenset(p) for p in combinations(members + also, 2) if p[0][0] != p[1][0]}
    conflicts = {frozenset((tuple(a), tuple(b))) for a, b in (c["members"] for c in event["conflicts"])}  # type: ignore[attr-defined, misc]
    in_groups = {line for pair in lenient | conflicts for line in pair}
    central = {(str(doc), int(line)) for doc, lines in event["central"].items() for line in lines}  # type: ignore[attr-defined]
    return EventGold(strict, lenient | conflicts, conflicts, central & in_groups)  # type: ignore[arg-type]


def score_reading(documents: dict[str, dict[str, object]], annotator: Annotator) -> tuple[dict[str, float], float]:
    counts = defaultdict(int)
    seconds = []
    for event in json.loads(GOLD.read_text(encoding="utf-8"))["events"]:
        gold = read_gold(event)
        compared = compare_documents([documents[doc] for doc in event["docs"]], annotator)
        seconds.append(compared.seconds)
        found: set[Pair] = set()
        for claim in compared.comparison.claims:
            pairs = _member_pairs(compared, claim.members)
            found |= pairs
            if claim.status is ClaimStatus.SHARED:
                counts["shared"] += 1
                counts["shared_right"] += pairs <= gold.lenient
            elif claim.status is ClaimStatus.CONFLICT:
                counts["conflicts"] += 1
                counts["conflicts_real"] += bool(pairs & gold.conflicts)
        for claim, _ in brief_items(compared.comparison):
            counts["brief"] += 1
            counts["brief_supported"] += _member_pairs(compared, claim.members) <= gold.lenient
        counts["gold_pairs"] += len(gold.strict)
        counts["gold_pairs_found"] += len(gold.strict & found)
        counts["gold_conflicts"] += len(gold.conflicts)
        counts["gold_conflicts_found"] += len(gold.conflicts & found)
        paired = {line for pair in found for line in pair}
        counts["ledes"] += len(gold.ledes)
        counts["ledes_paired"] += len(gold.ledes & paired)
    figures = {
        "shared_groups": counts["shared"],
        "shared_precision": _ratio(counts["shared_right"], counts["shared"]),
        "conflicts": counts["conflicts"],
        "conflict_precision": _ratio(counts["conflicts_real"], counts["conflicts"], empty=1.0),
        "conflict_recall": _ratio(counts["gold_conflicts_found"], counts["gold_conflicts"]),
        "pair_recall": _ratio(counts["gold_pairs_found"], counts["gold_pairs"]),
        "lede_recall": _ratio(counts["ledes_paired"], counts["ledes"]),
        "brief_sentences": counts["brief"],
        "brief_supported": _ratio(counts["brief_supported"], counts["brief"], empty=1.0),
    }
    return figures, statistics.median(seconds)


def _ratio(part: int, whole: int, *, empty: float = 0.0) -> float:
    return round(part / whole, 4) if whole else empty


# -- floors -------------------------------------------------------------------------------------


def data_sha256() -> str:
    return data_digest(ECBPLUS, GOLD)


def read_floors() -> tuple[str, dict[str, float]]:
    return pinned_floors(FLOORS)


def update_floors(measured: dict[str, float]) -> None:
    raise_floors(FLOORS, measured, GATED, data="ECB+ dev and bench/compare_gold.json", sha256=data_sha256())


GATED = (
    "ecb_precision",
    "ecb_recall",
    "shared_precision",
    "conflict_precision",
    "pair_recall",
    "lede_recall",
    "brief_supported",
)


def gate_scores() -> dict[str, float]:
    documents = load_documents()
    annotator = Annotator()
    reading, _ = score_reading(documents, annotator)
    return {**score_event_lines(documents, annotator), **reading}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update-floors", action="store_true", help="raise the floors to today's figures")
    args = parser.parse_args()
    documents = load_documents()
    annotator = Annotator()
    annotator.process_batch([Article(id="warm", uri="warm", text="Models load once here. They stay loaded.")])
    started = time.perf_counter()
    events = score_event_lines(documents, annotator)
    reading, median_seconds = score_reading(documents, annotator)
    print(
        f"newsweave compare eval, {time.strftime('%Y-%m-%d')}, {platform.machine()} Python {platform.python_version()}"
    )
    print("\nECB+ dev, sentences of different outlets mentioning one event (pairs among annotated lines)")
    print(f"{'system':<34}{'pairs':>7}{'precision':>11}{'recall':>8}")
    print(
        f"{'newsweave claim groups':<34}{events['ecb_pairs']:>7}{events['ecb_precision']:>11.3f}"
        f"{events['ecb_recall']:>8.3f}"
    )
    print(
        f"{'TF-IDF cosine, same number':<34}{events['ecb_pairs']:>7}{events['ecb_tfidf_precision']:>11.3f}"
        f"{events['ecb_tfidf_recall']:>8.3f}"
    )
    print("\nHand-labelled reading (bench/compare_gold.json: 10 ECB+ dev events, 3-4 outlets each)")
    for name, value in reading.items():
        print(f"  {name:<22}{value}")
    print(f"\ncompare, one event (3-4 articles, models warm): median {median_seconds * 1000:.0f} ms")
    print(f"whole run {time.perf_counter() - started:.0f} s")
    print("rerun: python bench/compare_eval.py")
    if args.update_floors:
        update_floors({**events, **reading})


if __name__ == "__main__":
    main()
