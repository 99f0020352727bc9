"""Evaluate the same-claim pair model against USE cosine alone and today's alignment score.

Three public sets of news sentence pairs (``../shared/data``, see its README):

- MSRP (Microsoft Research Paraphrase Corpus): paraphrase or not; accuracy and F1 on ``val``.
  Many non-paraphrases are the same story with another figure, the line between "same claim"
  and "conflict".
- STS headlines (SemEval 2013-14): similarity graded 0-5 by people; Pearson r of the model's
  logit (and of its probability) against the grade. Never used for fitting or choosing.
- ECB+ (train/dev): two sentences of different documents of one event that mention the same
  event instance report the same happening (positive); pairs of that event with no shared
  instance, and pairs with the other event of the same type, are negatives. Precision, recall and
  F1 of the positives on ``dev``.

Word weights are counted over the sentences of one MSRP split, of one ECB+ topic (about one
story's worth) or of all STS headlines. Baselines: USE cosine alone, and today's score, the
cosine plus half the IDF-weighted word cosine (without its penalty for a person the other
article never names, which needs entities these sets lack). Each system's threshold is chosen on
train (MSRP: accuracy; ECB+: F1); the pair model is also shown at its shipped threshold.

    python bench/pair_eval.py [--data DIR] [--model FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.compare.pairs import FEATURES, PairModel, pair_features, word_cosine_matrix
from newsweave.models.embedder import UseEmbedder

Floats = npt.NDArray[np.float64]
Vectors = dict[str, npt.NDArray[np.float32]]

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MSRP = Path("pairs/msrp.tsv")
STS = Path("pairs/sts_headlines.tsv")
ECB = Path("ecbplus/train_dev.jsonl")
EVENT_TYPES = ("ACTION_", "NEG_ACTION_")
# The hand-set alignment score newsweave used before the pair model: cosine + 0.5 word cosine,
# a pair kept from 0.58.
TODAY_LEXICAL_WEIGHT = 0.5
TODAY_MIN_SCORE = 0.58


@dataclass(frozen=True, slots=True, kw_only=True)
class PairSet:
    """Sentence pairs whose word weights are counted together: one MSRP split, one ECB+ topic."""

    name: str
    texts: tuple[str, ...]
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    labels: Floats  # 1/0, or the STS grade
    kinds: tuple[str, ...]  # ECB+: "same" (positive), "same-event" or "other-event" (negatives)


def pair_set(name: str, rows: Sequence[tuple[str, str, float, str]]) -> PairSet:
    """A set of ``(text, text, label, kind)`` rows, each text stored once."""
    index: dict[str, int] = {}
    left = [index.setdefault(a, len(index)) for a, _, _, _ in rows]
    right = [index.setdefault(b, len(index)) for _, b, _, _ in rows]
    return PairSet(
        name=name,
        texts=tuple(index),
        left=np.array(left, dtype=np.int64),
        right=np.array(right, dtype=np.int64),
        labels=np.array([label for _, _, label, _ in rows], dtype=np.float64),
        kinds=tuple(kind for _, _, _, kind in rows),
    )


def _tsv_rows(path: Path) -> list[list[str]]:
    # bytes, not text mode: MSRP's second sentences end in a stray "\r" that universal newlines
    # would read as a line end
    lines = path.read_bytes().decode("utf-8").split("\n")
    return [[cell.strip() for cell in line.split("\t")] for line in lines[1:] if line.strip()]


def read_msrp(data: Path, split: str) -> PairSet:
    """MSRP pairs of ``split`` (train or val), labelled 1 for a paraphrase."""
    rows = [(a, b, float(label), "msrp") for label, a, b, row_split in _tsv_rows(data / MSRP) if row_split == split]
    return pair_set(f"msrp-{split}", rows)


def read_sts(data: Path) -> PairSet:
    """STS headline pairs with their 0-5 grade."""
    return pair_set("sts-headlines", [(a, b, float(score), kind) for score, a, b, kind in _tsv_rows(data / STS)])


@dataclass(frozen=True, slots=True)
class _Sentence:
    doc: str
    subtopic: str
    text: str
    events: frozenset[str]


def read_ecb(data: Path, split: str) -> list[PairSet]:
    """ECB+ cross-document sentence pairs of ``split``, one set a topic (two events of a type)."""
    topics: dict[str, list[_Sentence]] = defaultdict(list)
    for line in (data / ECB).read_text(encoding="utf-8").splitlines():
        doc = json.loads(line) if line.strip() else None
        if doc is not None and doc["split"] == split:
            topics[str(doc["topic"])].extend(_annotated_sentences(doc))
    return [pair_set(f"ecb-{topic}", _ecb_pairs(sentences)) for topic, sentences in sorted(topics.items())]


def _annotated_sentences(doc: dict[str, object]) -> list[_Sentence]:
    """The sentences that carry a cross-document mention, with their event instances."""
    lines = str(doc["text"]).split("\n")
    events: dict[int, set[str]] = defaultdict(set)
    mentions = doc["cross_doc_mentions"]
    assert isinstance(mentions, list)
    for mention in mentions:
        found = events[int(mention["line"])]  # a sentence with only entity mentions keeps an empty set
        if str(mention["type"]).startswith(EVENT_TYPES):
            found.add(str(mention["instance"]))
    return [
        _Sentence(str(doc["doc_id"]), str(doc["subtopic"]), detokenise(lines[line]), frozenset(found))
        for line, found in sorted(events.items())
    ]


def _ecb_pairs(sentences: Sequence[_Sentence]) -> list[tuple[str, str, float, str]]:
    rows = []
    for a, b in itertools.combinations(sentences, 2):
        if a.doc == b.doc:
            continue
        if a.subtopic != b.subtopic:
            rows.append((a.text, b.text, 0.0, "other-event"))
        elif a.events & b.events:
            rows.append((a.text, b.text, 1.0, "same"))
        else:
            rows.append((a.text, b.text, 0.0, "same-event"))
    return rows


_DETOKENISE = (
    (re.compile(r"`` ?| ?''"), '"'),
    (re.compile(r"(\d) ([.:]) (\d)"), r"\1\2\3"),  # "3 : 30" -> "3:30", "40 . 3" -> "40.3"
    (re.compile(r"(\d) , (\d{3})(?!\d)"), r"\1,\2"),  # "2 , 000" -> "2,000", not "52-3 , 46"
    (re.compile(r"(\w) - (?=\w)"), r"\1-"),  # "36 - year - old" -> "36-year-old"
    (re.compile(r"\b([A-Za-z]) \. (?=[A-Za-z] \.)"), r"\1."),  # "U . S ." -> "U.S ."
    (re.compile(r"\b([A-Za-z]\.[A-Za-z]) \."), r"\1."),
    (re.compile(r"([(\[$]) "), r"\1"),
    (re.compile(r" ([,.;:!?%)\]]|'s\b|n't\b)"), r"\1"),
)


def detokenise(text: str) -> str:
    """ECB+'s tokenised sentence ("2 , 000 ft , the U . S . team 's") written as news prints it,
    since the model reads figures, names and punctuation as they appear in articles."""
    for pattern, replacement in _DETOKENISE:
        text = pattern.sub(replacement, text)
    return text.strip()


def embed_all(sets: Iterable[PairSet], embed: Callable[[list[str]], npt.NDArray[np.float32]]) -> Vectors:
    """Unit vectors of every text of ``sets``, embedded once each."""
    texts = sorted({text for pairs in sets for text in pairs.texts})
    return dict(zip(texts, embed(texts), strict=True))


@dataclass(frozen=True, slots=True)
class Scored:
    """Features of the pairs of several sets, in order, with their labels and kinds."""

    features: Floats
    labels: Floats
    kinds: tuple[str, ...]

    def column(self, name: str) -> Floats:
        column: Floats = self.features[:, FEATURES.index(name)]
        return column

    @property
    def cosine(self) -> Floats:
        return self.column("embedding_cosine")

    @property
    def today(self) -> Floats:
        """Today's alignment score (its entity penalty aside)."""
        return self.cosine + TODAY_LEXICAL_WEIGHT * self.column("word_cosine")


def score_sets(sets: Sequence[PairSet], vectors: Vectors) -> Scored:
    features = [
        pair_features(pairs.texts, np.stack([vectors[text] for text in pairs.texts]), pairs.left, pairs.right)
        for pairs in sets
    ]
    return Scored(
        features=np.concatenate(features),
        labels=np.concatenate([pairs.labels for pairs in sets]),
        kinds=tuple(kind for pairs in sets for kind in pairs.kinds),
    )


def counts_at(scores: Floats, labels: Floats, threshold: float) -> tuple[int, int, int, int]:
    """True positives, false positives, false negatives, true negatives with ``scores >= threshold``."""
    predicted, gold = scores >= threshold, labels > 0.5
    return (
        int(np.sum(predicted & gold)),
        int(np.sum(predicted & ~gold)),
        int(np.sum(~predicted & gold)),
        int(np.sum(~predicted & ~gold)),
    )


def accuracy(scores: Floats, labels: Floats, threshold: float) -> float:
    tp, _, _, tn = counts_at(scores, labels, threshold)
    return (tp + tn) / max(len(labels), 1)


def precision_recall_f1(scores: Floats, labels: Floats, threshold: float) -> tuple[float, float, float]:
    tp, fp, fn, _ = counts_at(scores, labels, threshold)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * tp / max(2 * tp + fp + fn, 1)


def f1(scores: Floats, labels: Floats, threshold: float) -> float:
    return precision_recall_f1(scores, labels, threshold)[2]


def best_threshold(scores: Floats, labels: Floats, metric: Callable[[Floats, Floats, float], float]) -> float:
    """The threshold, halfway between two neighbouring scores, that maximises ``metric``."""
    values = np.unique(scores)
    candidates = np.concatenate([[values[0] - 1e-9], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-9]])
    if len(candidates) > 2000:  # a grid of quantiles is as good and keeps the search fast
        candidates = np.unique(np.quantile(scores, np.linspace(0, 1, 2001)))
    results = [metric(scores, labels, float(threshold)) for threshold in candidates]
    return float(candidates[int(np.argmax(results))])


def pearson(x: Floats, y: Floats) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_hashes(data: Path) -> dict[str, str]:
    return {str(name): sha256(data / name) for name in (MSRP, STS, ECB)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    system: str
    msrp_accuracy: float
    msrp_f1: float
    sts_r: float | None
    ecb: tuple[float, float, float]

    def line(self) -> str:
        sts = f"{self.sts_r:.4f}" if self.sts_r is not None else "-"
        p, r, f = self.ecb
        return (
            f"| {self.system} | {self.msrp_accuracy:.3f} | {self.msrp_f1:.3f} | {sts} | {p:.3f} | {r:.3f} | {f:.3f} |"
        )


def tuned_row(system: str, score: Callable[[Scored], Floats], scored: dict[str, Scored]) -> Row:
    """A system at thresholds chosen on train: MSRP by accuracy, ECB+ by F1."""
    msrp = best_threshold(score(scored["msrp-train"]), scored["msrp-train"].labels, accuracy)
    ecb = best_threshold(score(scored["ecb-train"]), scored["ecb-train"].labels, f1)
    return fixed_row(system, score, scored, msrp, ecb)


def fixed_row(
    system: str, score: Callable[[Scored], Floats], scored: dict[str, Scored], msrp: float, ecb: float
) -> Row:
    val, dev, sts = scored["msrp-val"], scored["ecb-dev"], scored["sts"]
    return Row(
        system=system,
        msrp_accuracy=accuracy(score(val), val.labels, msrp),
        msrp_f1=f1(score(val), val.labels, msrp),
        sts_r=pearson(score(sts), sts.labels),
        ecb=precision_recall_f1(score(dev), dev.labels, ecb),
    )


def read_all(data: Path) -> dict[str, list[PairSet]]:
    return {
        "msrp-train": [read_msrp(data, "train")],
        "msrp-val": [read_msrp(data, "val")],
        "sts": [read_sts(data)],
        "ecb-train": read_ecb(data, "train"),
        "ecb-dev": read_ecb(data, "dev"),
    }


def gate_figures(data: Path, model: PairModel) -> dict[str, float]:
    """MSRP val accuracy at the model's threshold and STS headlines r of its logit: the figures
    ``tests/compare/test_pairs.py`` holds to floors."""
    sets = {"msrp-val": [read_msrp(data, "val")], "sts": [read_sts(data)]}
    vectors = embed_all([pairs for group in sets.values() for pairs in group], UseEmbedder().embed)
    val, sts = (score_sets(group, vectors) for group in sets.values())
    return {
        "msrp_val_accuracy": accuracy(model.probabilities(val.features), val.labels, model.threshold),
        "sts_pearson": pearson(model.logits(sts.features), sts.labels),
    }


def calibration(probabilities: Floats, labels: Floats) -> str:
    """Mean predicted probability against the share of positives, by fifths of the probability."""
    bins = np.minimum((probabilities * 5).astype(int), 4)
    parts = [
        f"{b / 5:.1f}-{(b + 1) / 5:.1f}: {probabilities[bins == b].mean():.2f} vs {labels[bins == b].mean():.2f} "
        f"({int(np.sum(bins == b))})"
        for b in range(5)
        if np.any(bins == b)
    ]
    return "; ".join(parts)


def story_speed(sets: Sequence[PairSet], vectors: Vectors, model: PairModel) -> str:
    """All pairs of the biggest ECB+ dev topic, as compare scores a story: model against today's."""
    texts = max(sets, key=lambda pairs: len(pairs.texts)).texts
    unit = np.stack([vectors[text] for text in texts])
    runs: dict[str, Callable[[], Floats]] = {
        "model": lambda: model.score_matrix(texts, unit),
        "today": lambda: unit @ unit.T + TODAY_LEXICAL_WEIGHT * word_cosine_matrix(texts),
    }
    timings = {name: best_of_three(run) for name, run in runs.items()}
    pairs = len(texts) * (len(texts) - 1) // 2
    return (
        f"a {len(texts)}-sentence topic ({pairs:,} pairs, all scored): model {timings['model'] * 1000:.1f} ms "
        f"({pairs / timings['model']:,.0f} pairs/s), today's score {timings['today'] * 1000:.1f} ms"
    )


def best_of_three(run: Callable[[], object]) -> float:
    """Seconds of the fastest of three calls, after one to warm up."""
    run()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def cosine(pairs: Scored) -> Floats:
    return pairs.cosine


def today(pairs: Scored) -> Floats:
    return pairs.today


def print_table(model: PairModel, scored: dict[str, Scored]) -> None:
    def logit(pairs: Scored) -> Floats:
        return model.logits(pairs.features)

    def probability(pairs: Scored) -> Floats:
        return model.probabilities(pairs.features)

    at = model.threshold
    rows = [
        tuned_row("USE cosine", cosine, scored),
        tuned_row("today: cosine + 0.5 word cosine", today, scored),
        tuned_row("pair model (logit)", logit, scored),
        fixed_row(f"today at its {TODAY_MIN_SCORE}", today, scored, TODAY_MIN_SCORE, TODAY_MIN_SCORE),
        fixed_row(f"pair model at p >= {at}", probability, scored, at, at),
    ]
    print("| system | MSRP val acc | MSRP val F1 | STS r | ECB+ dev P | ECB+ dev R | ECB+ dev F1 |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(row.line() for row in rows))
    for name in ("msrp-val", "ecb-dev"):
        print(f"calibration {name}: {calibration(probability(scored[name]), scored[name].labels)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--model", type=Path, help="a pair_model.json; default: the shipped one")
    args = parser.parse_args()
    model = PairModel.load(args.model)
    sets = read_all(args.data)
    texts = {text for group in sets.values() for pairs in group for text in pairs.texts}
    start = time.perf_counter()
    vectors = embed_all([pairs for group in sets.values() for pairs in group], UseEmbedder().embed)
    embed_seconds = time.perf_counter() - start
    start = time.perf_counter()
    scored = {name: score_sets(group, vectors) for name, group in sets.items()}
    feature_seconds = time.perf_counter() - start
    n_pairs = sum(len(pairs.labels) for pairs in scored.values())
    print(f"{n_pairs:,} pairs, {len(texts):,} sentences; model {model.features}, threshold {model.threshold}")
    print_table(model, scored)
    print(
        f"speed: embedding {len(texts) / embed_seconds:,.0f} sentences/s; features of the sets' "
        f"{n_pairs:,} pairs {n_pairs / feature_seconds:,.0f} pairs/s ({feature_seconds:.1f} s, words of "
        f"the sentences included); {story_speed(sets['ecb-dev'], vectors, model)}"
    )


if __name__ == "__main__":
    main()
