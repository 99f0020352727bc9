"""Evaluate newsweave's online story clusterer on ECB+ against a TF-IDF + agglomerative baseline.

ECB+ (Cybulska & Vossen 2015) groups news documents by event type (``topic``) and, inside each
type, by one of two real events (``subtopic``): telling those two apart is the hard part. Each
document becomes an Article (tokenised text, one sentence a line; the URL line of ``*ecbplus.xml``
documents is dropped; no dates), tagged by spaCy and canonicalised one article at a time, as the
pipeline would. The gold cross-document mentions are never used.

Everything is fitted on the train split of ``--fit-on`` (the feature IDF, the clusterer's pair
model, ``C`` and threshold, the baseline's distance threshold): the clusterer picks ``C`` and its
threshold by 5-fold cross-validation over train topics (pair model fitted on four folds of
topics, the fifth replayed as a stream), printed as "held-out-topic B3 F1 on train"; the two
feature variants are then compared on dev (tune on train, choose on dev).
The clusterer sees documents one at a time in ``doc_id`` order. Scores: B-cubed P/R/F1, ARI
and V-measure at event (``subtopic``) and type (``topic``) level, for train and every other split.

    python bench/cluster_eval.py [--data FILE] [--fit-on FILE]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.annotate.canonical import canonicalise_entities
from newsweave.group import (
    PAIR_FEATURES,
    ArticleFeatures,
    EventOptions,
    FeatureExtractor,
    StoryClusterer,
    bcubed,
    save_story_model,
    score_clustering,
)
from newsweave.model import Article, Sentence, Span
from newsweave.models.embedder import UseEmbedder
from newsweave.models.entities import SpacyEntityTagger

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/ecbplus/train_dev.jsonl"
BASELINE_THRESHOLDS = tuple(round(0.40 + 0.02 * step, 2) for step in range(30))
LEVELS = ("subtopic", "topic")


@dataclass(frozen=True, slots=True, kw_only=True)
class Doc:
    article: Article
    topic: str
    subtopic: str
    split: str


def load_docs(path: Path) -> list[Doc]:
    """Documents of an ECB+ JSON Lines file, sorted by ``doc_id``."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            docs.append(
                Doc(
                    article=_article(row["doc_id"], row["text"]),
                    topic=str(row["topic"]),
                    subtopic=str(row["subtopic"]),
                    split=str(row.get("split", "dev")),
                )
            )
    return sorted(docs, key=lambda doc: doc.article.id)


def _article(doc_id: str, text: str) -> Article:
    lines = [line.strip() for line in text.split("\n")]
    if doc_id.endswith("ecbplus.xml") and lines and lines[0].startswith(("http://", "https://")):
        lines = lines[1:]
    lines = [line for line in lines if line]
    sentences, start = [], 0
    for line in lines:
        sentences.append(Sentence(span=Span(start=start, end=start + len(line))))
        start += len(line) + 1
    return Article(id=doc_id, uri=doc_id, text="\n".join(lines), sentences=tuple(sentences))


def annotate(docs: list[Doc]) -> list[Doc]:
    """Entities from spaCy, canonicalised within each article (as an online pipeline would)."""
    mentions = SpacyEntityTagger().tag([doc.article.text for doc in docs])
    annotated = []
    for doc, entities in zip(docs, mentions, strict=True):
        (article,), _ = canonicalise_entities([replace(doc.article, entities=entities)])
        annotated.append(replace(doc, article=article))
    return annotated


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    system: str
    split: str
    labels: list[str]
    docs: list[Doc]


def run_clusterer(
    name: str, extractor: FeatureExtractor, train: list[Doc], splits: dict[str, list[Doc]]
) -> tuple[list[Run], dict[str, float], StoryClusterer]:
    """Fit features and clusterer on ``train``; cluster each split from empty, in doc_id order."""
    extractor.fit(doc.article for doc in train)
    timings: dict[str, float] = {}
    features: dict[str, list[ArticleFeatures]] = {}
    for split, docs in splits.items():
        start = time.perf_counter()
        features[split] = extractor.process_batch([doc.article for doc in docs])
        timings[f"features {split}"] = len(docs) / (time.perf_counter() - start)
    train_features = features.get("train") or extractor.process_batch([doc.article for doc in train])
    fitted = StoryClusterer(EventOptions()).fit(
        train_features, [doc.subtopic for doc in train], groups=[doc.topic for doc in train]
    )
    runs = []
    for split, docs in splits.items():
        clusterer = copy.deepcopy(fitted)  # the learned model with no stories yet
        start = time.perf_counter()
        labels = [clusterer.assign(item) for item in features[split]]
        timings[f"assign {split}"] = len(docs) / (time.perf_counter() - start)
        runs.append(Run(system=name, split=split, labels=labels, docs=docs))
    return runs, timings, fitted


def run_baseline(train: list[Doc], splits: dict[str, list[Doc]]) -> tuple[list[Run], float]:
    """TF-IDF (fitted on train) + average-linkage cosine clustering, distance threshold tuned on train."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit([doc.article.text for doc in train])

    def cluster(docs: list[Doc], threshold: float) -> list[str]:
        if len(docs) < 2:
            return ["0"] * len(docs)
        matrix = vectorizer.transform([doc.article.text for doc in docs]).toarray()
        model = AgglomerativeClustering(
            n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
        )
        return [str(label) for label in model.fit_predict(matrix)]

    gold = [doc.subtopic for doc in train]
    threshold = max(BASELINE_THRESHOLDS, key=lambda t: (bcubed(gold, cluster(train, t)).f1, -t))
    runs = [
        Run(system="baseline", split=split, labels=cluster(docs, threshold), docs=docs)
        for split, docs in splits.items()
    ]
    return runs, threshold


def print_table(runs: Sequence[Run]) -> None:
    header = f"{'system':<22}{'split':<7}{'level':<10}" + "".join(
        f"{name:>7}" for name in ("B3 P", "B3 R", "B3 F1", "ARI", "V")
    )
    header += f"{'gold':>6}{'pred':>6}"
    print(header)
    print("-" * len(header))
    for run in runs:
        for level in LEVELS:
            gold = [getattr(doc, level) for doc in run.docs]
            scores = score_clustering(gold, run.labels)
            b3 = scores.bcubed
            print(
                f"{run.system:<22}{run.split:<7}{level:<10}{b3.precision:>7.3f}{b3.recall:>7.3f}{b3.f1:>7.3f}"
                f"{scores.ari:>7.3f}{scores.v_measure:>7.3f}{scores.n_gold:>6}{scores.n_predicted:>6}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ECB+-format JSON Lines to evaluate on")
    parser.add_argument("--fit-on", type=Path, default=None, help="file whose train split fits (default: --data)")
    parser.add_argument(
        "--save-model", type=Path, default=None, help="write the lexical+USE model fitted on train (.npz)"
    )
    args = parser.parse_args(argv)
    fit_on: Path = args.fit_on or args.data
    for path in {args.data, fit_on}:
        if not path.is_file():
            print(f"error: data file not found: {path} (see shared/data/README.md)", file=sys.stderr)
            return 2
    start = time.perf_counter()
    data = annotate(load_docs(args.data))
    fit_docs = data if fit_on == args.data else annotate(load_docs(fit_on))
    train = [doc for doc in fit_docs if doc.split == "train"]
    if not train:
        print(f"error: no split == 'train' documents in {fit_on}", file=sys.stderr)
        return 2
    splits: dict[str, list[Doc]] = {}
    for doc in data:
        splits.setdefault(doc.split, []).append(doc)
    print(f"data {args.data} ({len(data)} docs; " + ", ".join(f"{s} {len(d)}" for s, d in splits.items()) + ")")
    print(f"fit on train split of {fit_on} ({len(train)} docs); spaCy annotation {time.perf_counter() - start:.1f} s\n")

    variants = {"online lexical": FeatureExtractor(), "online lexical+USE": FeatureExtractor(embedder=UseEmbedder())}
    all_runs: list[Run] = []
    for name, extractor in variants.items():
        runs, timings, clusterer = run_clusterer(name, extractor, train, splits)
        if args.save_model and extractor.embedder is not None:
            save_story_model(args.save_model, extractor, clusterer)
            print(f"saved {name} model to {args.save_model}")
        all_runs.extend(runs)
        cv_f1 = clusterer.cv_scores_[clusterer.regularisation_, clusterer.threshold_]
        print(
            f"{name}: C {clusterer.regularisation_:g}, threshold_ {clusterer.threshold_:.2f} "
            f"(held-out-topic B3 F1 on train {cv_f1:.3f}), intercept_ {clusterer.intercept_:+.2f}"
        )
        print(
            "  coef_ "
            + ", ".join(
                f"{feature} {value:+.2f}" for feature, value in zip(PAIR_FEATURES, clusterer.coef_, strict=True)
            )
        )
        print("  " + ", ".join(f"{key} {value:,.0f} articles/s" for key, value in timings.items()))
    baseline_runs, threshold = run_baseline(train, splits)
    all_runs.extend(baseline_runs)
    print(f"baseline: TF-IDF + average-linkage cosine agglomerative, distance threshold {threshold:.2f} (train)\n")
    print_table(all_runs)
    print(f"\nrerun: python bench/cluster_eval.py --data {args.data} --fit-on {fit_on}")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
