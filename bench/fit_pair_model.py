"""Fit the same-claim pair model shipped as ``src/newsweave/compare/pair_model.json``.

Training pairs (``../shared/data``, see ``bench/pair_eval.py`` for how they are read):

- MSRP train: 3,576 sentence pairs, paraphrase 1/0.
- ECB+ train: every pair of annotated sentences from two documents of one topic. Positive when
  both are of one event (subtopic) and share an event instance; negative when they share none
  (same event), or are of the topic's other event (the hard "similar event" case).

The two sources weigh half each (``--ecb-share``), whatever their sizes (ECB+ has 18 times more
pairs); within ECB+ pairs keep their natural proportions. Logistic regression (scikit-learn,
L2, ``C=1``) on standardised features; the weights are written back on the raw feature scale, so
newsweave needs only numpy to apply them.

Features: backward elimination from all of ``newsweave.compare.pairs.FEATURES`` by
cross-validated log-loss on train (5 folds; ECB+ folds by topic), dropping a feature while that
costs under ``--tolerance``. ``--features`` skips the search. Only train pairs choose features;
STS headlines are never read here.

Threshold: the probability, on a 0.005 grid, that maximises the mean of the F1 on MSRP val and
the F1 on ECB+ dev (each set has an equal say whatever its size; F1 of "same claim", the one
measure the two sets share). Val and dev chose the threshold, so their figures at it in
``bench/pair_eval.py`` are not a clean test; the figures at thresholds chosen on train are, and
so are STS headlines.

    python bench/fit_pair_model.py [--data DIR] [--output FILE] [--features a,b] [--ecb-share 0.5]
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import sklearn
from sklearn.linear_model import LogisticRegression

from newsweave.compare.pairs import FEATURES
from newsweave.models.embedder import UseEmbedder
from pair_eval import (
    DEFAULT_DATA,
    Floats,
    Scored,
    accuracy,
    data_hashes,
    embed_all,
    f1,
    precision_recall_f1,
    read_ecb,
    read_msrp,
    score_sets,
)

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "compare" / "pair_model.json"
C = 1.0
FOLDS = 5
THRESHOLD_GRID = np.round(np.arange(0.01, 0.9951, 0.005), 3)
THRESHOLD_RULE = "maximises mean(F1 on MSRP val, F1 on ECB+ dev), probability grid of 0.005"


@dataclass(frozen=True, slots=True, kw_only=True)
class Data:
    msrp_train: Scored
    msrp_val: Scored
    ecb_train: Scored
    ecb_dev: Scored
    msrp_folds: npt.NDArray[np.int64]  # cross-validation fold of each train pair
    ecb_folds: npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class Fitted:
    features: tuple[str, ...]
    weights: Floats  # raw feature scale
    bias: float
    standardised: Floats

    def logits(self, scored: Scored) -> Floats:
        logits: Floats = columns(scored, self.features) @ self.weights + self.bias
        return logits


def load(data: Path) -> Data:
    sets = {
        "msrp_train": [read_msrp(data, "train")],
        "msrp_val": [read_msrp(data, "val")],
        "ecb_train": read_ecb(data, "train"),
        "ecb_dev": read_ecb(data, "dev"),
    }
    vectors = embed_all([pairs for group in sets.values() for pairs in group], UseEmbedder().embed)
    n_msrp = len(sets["msrp_train"][0].labels)
    return Data(
        **{name: score_sets(group, vectors) for name, group in sets.items()},
        msrp_folds=np.random.default_rng(0).permutation(n_msrp) % FOLDS,
        ecb_folds=np.concatenate([np.full(len(pairs.labels), i % FOLDS) for i, pairs in enumerate(sets["ecb_train"])]),
    )


def columns(scored: Scored, features: Sequence[str]) -> Floats:
    return np.column_stack([scored.column(name) for name in features])


def fit(data: Data, features: Sequence[str], ecb_share: float, *, leave_out: int | None = None) -> Fitted:
    """Weighted logistic regression on standardised features, given back on the raw scale; on all
    train pairs, or all but cross-validation fold ``leave_out``."""
    msrp, ecb = data.msrp_folds != leave_out, data.ecb_folds != leave_out
    x = np.vstack([columns(data.msrp_train, features)[msrp], columns(data.ecb_train, features)[ecb]])
    y = np.concatenate([data.msrp_train.labels[msrp], data.ecb_train.labels[ecb]])
    n_msrp, n_ecb = int(msrp.sum()), int(ecb.sum())
    weights = np.concatenate([np.full(n_msrp, (1 - ecb_share) / n_msrp), np.full(n_ecb, ecb_share / n_ecb)]) * len(y)
    mean, scale = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-12)
    model = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y, sample_weight=weights)
    standardised = model.coef_[0].astype(np.float64)
    raw = standardised / scale
    bias = float(model.intercept_[0] - raw @ mean)
    return Fitted(features=tuple(features), weights=raw, bias=bias, standardised=standardised)


def cv_loss(data: Data, features: Sequence[str], ecb_share: float) -> float:
    """Mean of the two sources' log-loss over 5 folds of train (ECB+ folds by topic, so a topic's
    pairs are never on both sides)."""
    losses = []
    for fold in range(FOLDS):
        fitted = fit(data, features, ecb_share, leave_out=fold)
        for scored, folds in ((data.msrp_train, data.msrp_folds), (data.ecb_train, data.ecb_folds)):
            held = folds == fold
            probability = 1 / (1 + np.exp(-fitted.logits(scored)[held]))
            labels = scored.labels[held]
            losses.append(float(-np.mean(labels * np.log(probability) + (1 - labels) * np.log1p(-probability))))
    return float(np.mean(losses))


def select_features(data: Data, ecb_share: float, tolerance: float) -> tuple[str, ...]:
    """Backward elimination by cross-validated log-loss (see the module doc); the embedding cosine
    always stays."""
    chosen = list(FEATURES)
    best = cv_loss(data, chosen, ecb_share)
    print(f"all {len(chosen)} features: cross-validated log-loss {best:.4f}")
    while len(chosen) > 1:
        trials = {
            name: cv_loss(data, [f for f in chosen if f != name], ecb_share)
            for name in chosen
            if name != "embedding_cosine"
        }
        name, loss = min(trials.items(), key=lambda item: item[1])
        print("  without " + ", ".join(f"{n} {v:.4f}" for n, v in sorted(trials.items(), key=lambda i: i[1])))
        if loss > best + tolerance:
            break
        chosen.remove(name)
        best = min(best, loss)
        print(f"drop {name}: {loss:.4f}")
    return tuple(chosen)


def choose_threshold(data: Data, fitted: Fitted) -> float:
    msrp = 1 / (1 + np.exp(-fitted.logits(data.msrp_val)))
    ecb = 1 / (1 + np.exp(-fitted.logits(data.ecb_dev)))
    scores = [
        (f1(msrp, data.msrp_val.labels, threshold) + f1(ecb, data.ecb_dev.labels, threshold)) / 2
        for threshold in THRESHOLD_GRID
    ]
    return float(THRESHOLD_GRID[int(np.argmax(scores))])


def held_out_figures(data: Data, fitted: Fitted, threshold: float) -> dict[str, float]:
    msrp = 1 / (1 + np.exp(-fitted.logits(data.msrp_val)))
    ecb = 1 / (1 + np.exp(-fitted.logits(data.ecb_dev)))
    precision, recall, ecb_f1 = precision_recall_f1(ecb, data.ecb_dev.labels, threshold)
    return {
        "msrp_val_accuracy": round(accuracy(msrp, data.msrp_val.labels, threshold), 4),
        "msrp_val_f1": round(f1(msrp, data.msrp_val.labels, threshold), 4),
        "ecb_dev_precision": round(precision, 4),
        "ecb_dev_recall": round(recall, 4),
        "ecb_dev_f1": round(ecb_f1, 4),
    }


def model_json(
    data: Data, fitted: Fitted, threshold: float, ecb_share: float, data_dir: Path, command: str
) -> dict[str, object]:
    return {
        "model": "logistic regression over newsweave.compare.pairs features; P = sigmoid(x . weights + bias)",
        "features": list(fitted.features),
        "weights": {name: round(float(w), 6) for name, w in zip(fitted.features, fitted.weights, strict=True)},
        "bias": round(fitted.bias, 6),
        "threshold": threshold,
        "threshold_rule": THRESHOLD_RULE,
        "standardised_weights": {
            name: round(float(w), 4) for name, w in zip(fitted.features, fitted.standardised, strict=True)
        },
        "held_out_at_threshold": held_out_figures(data, fitted, threshold),
        "training": {
            "msrp_train_pairs": len(data.msrp_train.labels),
            "ecb_train_pairs": len(data.ecb_train.labels),
            "ecb_train_positives": int(data.ecb_train.labels.sum()),
            "ecb_share": ecb_share,
            "C": C,
            "scikit_learn": sklearn.__version__,
        },
        "cross_language": cross_language_json(data, ecb_share),
        "data_sha256": data_hashes(data_dir),
        "command": command,
    }


def cross_language_json(data: Data, ecb_share: float) -> dict[str, object]:
    """The model for a pair in two languages: the same fit on the embedding cosine alone, since
    word overlap cannot be observed across languages (the multilingual embedding carries a
    sentence and its translation to the same place, so the cosine keeps its meaning)."""
    fitted = fit(data, ("embedding_cosine",), ecb_share)
    return {
        "features": list(fitted.features),
        "weights": {name: round(float(w), 6) for name, w in zip(fitted.features, fitted.weights, strict=True)},
        "bias": round(fitted.bias, 6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--features", help="comma-separated features; default: backward elimination")
    parser.add_argument("--ecb-share", type=float, default=0.5, help="ECB+'s share of the training weight")
    parser.add_argument("--tolerance", type=float, default=0.001, help="elimination: largest log-loss rise allowed")
    args = parser.parse_args()
    command = shlex.join(["python", "bench/fit_pair_model.py", *sys.argv[1:]])
    data = load(args.data)
    features = (
        tuple(args.features.split(",")) if args.features else select_features(data, args.ecb_share, args.tolerance)
    )
    fitted = fit(data, features, args.ecb_share)
    threshold = choose_threshold(data, fitted)
    document = model_json(data, fitted, threshold, args.ecb_share, args.data, command)
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({key: document[key] for key in ("weights", "bias", "threshold", "held_out_at_threshold")}))
    print(f"wrote {args.output}\nrerun: {command}")


if __name__ == "__main__":
    main()
