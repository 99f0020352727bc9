"""The same-claim pair model: features of sentence pairs, the shipped weights, and a gate on MSRP
val and STS headlines (``bench/pair_eval.py``)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import SHARED, load_bench

from newsweave.compare import pairs
from newsweave.compare.pairs import FEATURES, PairModel, load_pair_model, pair_features, word_cosine_matrix
from newsweave.models.embedder import UseEmbedder

# Measured 2026-12-06 with the shipped model: MSRP val accuracy 0.696 at its threshold, STS
# headlines r 0.7566 (logit). Floors sit a little below, for BLAS rounding and nothing more.
GATE_FLOORS = {"msrp_val_accuracy": 0.69, "sts_pearson": 0.79}

STOCK = "Shares of Acme rose 5 percent to $21.40 on Tuesday after the merger was approved."
STOCK_REWORDED = "On Tuesday, after the merger was approved, Acme shares rose 5 percent to $21.40."
STOCK_OTHER_PRICE = "Shares of Acme rose 5 percent to $21.90 on Tuesday after the merger was approved."
DEAL = "The takeover is worth $5.7 billion, the company said."
DEAL_OTHER_FIGURE = "The takeover is worth $5.6 billion, the company said."


def _column(features: np.ndarray, name: str) -> np.ndarray:
    return features[:, FEATURES.index(name)]


def _fake_vectors(n: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, 16))
    unit: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return unit


def _features(texts: list[str], left: list[int], right: list[int]) -> np.ndarray:
    return pair_features(texts, _fake_vectors(len(texts)), left, right)


@pytest.fixture(scope="module")
def embedder() -> UseEmbedder:
    return UseEmbedder(threads=1)


@pytest.mark.model
def test_a_rewording_scores_above_a_changed_figure(embedder: UseEmbedder) -> None:
    texts = [STOCK, STOCK_REWORDED, STOCK_OTHER_PRICE]
    scores = load_pair_model().score_pairs(texts, embedder.embed(texts), [0, 0], [1, 2])
    assert scores[0] > scores[1]


@pytest.mark.model
def test_a_changed_figure_scores_below_the_same_sentence(embedder: UseEmbedder) -> None:
    texts = [DEAL, DEAL, DEAL_OTHER_FIGURE]
    scores = load_pair_model().score_pairs(texts, embedder.embed(texts), [0, 0], [1, 2])
    assert scores[1] < scores[0]
    assert scores[0] >= load_pair_model().threshold


def test_features_shape_and_determinism() -> None:
    texts = [STOCK, STOCK_REWORDED, STOCK_OTHER_PRICE, DEAL, DEAL_OTHER_FIGURE]
    left, right = [0, 0, 3, 1, 4], [1, 2, 4, 3, 0]
    first = _features(texts, left, right)
    assert first.shape == (5, len(FEATURES))
    assert np.array_equal(first, _features(texts, left, right))
    assert np.allclose(first, _features(texts, right, left))  # every feature is symmetric


def test_sparse_and_dense_dot_products_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [STOCK, STOCK_REWORDED, STOCK_OTHER_PRICE, DEAL, DEAL_OTHER_FIGURE]
    left, right = np.triu_indices(len(texts), k=1)
    dense = _features(texts, left.tolist(), right.tolist())
    monkeypatch.setattr(pairs, "_DENSE_LIMIT", 0)
    assert np.allclose(dense, _features(texts, left.tolist(), right.tolist()))


def test_no_pairs_and_no_texts() -> None:
    assert pair_features([], np.zeros((0, 16)), [], []).shape == (0, len(FEATURES))
    assert _features([STOCK], [], []).shape == (0, len(FEATURES))
    assert load_pair_model().score_matrix([], np.zeros((0, 16))).shape == (0, 0)


def test_mismatched_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        _features([STOCK, DEAL], [0, 1], [1])
    with pytest.raises(ValueError, match="vectors"):
        pair_features([STOCK, DEAL], _fake_vectors(3), [0], [1])


@pytest.mark.parametrize(
    ("other", "conflict"),
    [
        ("About 2400 people were evacuated on Monday.", 0.0),  # the same figure, written without a comma
        ("About 2,500 people were evacuated on Monday.", 1.0),
        ("About 2,400 people were evacuated on Monday, 300 of them children.", 0.0),  # one figure more
        ("People were evacuated on Monday.", 0.0),
        ("About 2.400 people were evacuated on Monday.", 0.0),  # a dot for thousands
    ],
)
def test_number_conflict_needs_a_different_figure_on_each_side(other: str, conflict: float) -> None:
    features = _features(["About 2,400 people were evacuated on Monday.", other], [0], [1])
    assert _column(features, "number_conflict")[0] == conflict


def test_negation_mismatch() -> None:
    texts = ["The bridge was closed.", "The bridge wasn't closed.", "The bridge was never closed."]
    features = _features(texts, [0, 1], [1, 2])
    assert _column(features, "negation_mismatch").tolist() == [1.0, 0.0]


def test_names_are_capitalised_words_never_written_in_lower_case() -> None:
    # "Bridge" is a common word here ("the bridge"), so only "Halvard" is a name
    texts = ["Halvard Bridge was closed.", "The bridge at Halvard was closed.", "Officials closed the bridge."]
    features = _features(texts, [0, 0], [1, 2])
    assert _column(features, "name_overlap").tolist() == [1.0, 0.0]


def test_length_ratio_and_unshared_weight() -> None:
    texts = ["Rain flooded the harbour road.", "Rain flooded the harbour road.", "Rain flooded roads near the port."]
    features = _features(texts, [0, 0], [1, 2])
    assert _column(features, "length_ratio").tolist() == [1.0, 5 / 6]
    unshared = _column(features, "unshared_weight")
    assert unshared[0] == 0.0
    assert 0.0 < unshared[1] < 1.0


def test_word_cosine_matrix_is_the_word_cosine_feature() -> None:
    texts = [STOCK, STOCK_REWORDED, DEAL, "Protesters gathered; the protest grew.", "Sin palabras en común aquí."]
    matrix = word_cosine_matrix(texts)
    assert np.allclose(np.diag(matrix), 1.0)
    assert np.allclose(matrix, matrix.T)
    assert np.allclose(_column(_features(texts, [0, 2], [1, 3]), "word_cosine"), [matrix[0, 1], matrix[2, 3]])


def test_score_matrix_is_symmetric_and_matches_score_pairs() -> None:
    texts = [STOCK, STOCK_REWORDED, STOCK_OTHER_PRICE, DEAL]
    vectors = _fake_vectors(len(texts))
    model = load_pair_model()
    matrix = model.score_matrix(texts, vectors)
    assert np.allclose(matrix, matrix.T)
    assert np.allclose(np.diag(matrix), 1.0)
    assert np.allclose(matrix[0, [1, 3]], model.score_pairs(texts, vectors, [0, 0], [1, 3]))
    assert np.all((matrix >= 0) & (matrix <= 1))


def test_shipped_model_loads_with_its_provenance() -> None:
    document = json.loads(resources.files("newsweave.compare").joinpath("pair_model.json").read_text("utf-8"))
    model = load_pair_model()
    assert set(model.features) <= set(FEATURES)
    assert model.features == tuple(document["features"])
    assert np.all(np.isfinite(model.same_language.weights))
    assert np.all(np.isfinite(model.cross_language.weights))
    assert 0.0 < model.threshold < 1.0
    assert document["command"].startswith("python bench/fit_pair_model.py")
    assert set(document["data_sha256"]) == {"pairs/msrp.tsv", "pairs/sts_headlines.tsv", "ecbplus/train_dev.jsonl"}


def test_a_model_needing_unknown_features_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["psychic"], "weights": {"psychic": 1.0}, "bias": 0, "threshold": 0.5}))
    with pytest.raises(ValueError, match="psychic"):
        PairModel.load(path)


def test_probabilities_do_not_overflow() -> None:
    model = load_pair_model()
    extreme = np.full((2, len(FEATURES)), 1e6)
    extreme[1] *= -1
    probabilities = model.probabilities(extreme)
    assert np.all(np.isfinite(probabilities))
    assert np.all((probabilities >= 0) & (probabilities <= 1))


@pytest.fixture(scope="module")
def pair_data() -> Path:
    data = SHARED / "data"
    if not (data / "pairs").is_dir():
        pytest.fail(f"shared data absent: {data / 'pairs'} not found (put ../shared beside the checkout)")
    return data


def test_gate_data_is_the_data_the_model_was_fitted_on(pair_data: Path) -> None:
    ev = load_bench("pair_eval")
    pinned = json.loads(resources.files("newsweave.compare").joinpath("pair_model.json").read_text("utf-8"))
    assert ev.data_hashes(pair_data) == pinned["data_sha256"], "data changed: refit with bench/fit_pair_model.py"


@pytest.mark.model
def test_gate_msrp_val_and_sts_at_or_above_floors(pair_data: Path) -> None:
    measured = load_bench("pair_eval").gate_figures(pair_data, load_pair_model())

    for name, floor in GATE_FLOORS.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.4f} fell below its floor {floor}"


def test_score_matrix_scores_only_pairs_of_two_sources_when_told_them() -> None:
    texts = [STOCK, STOCK_REWORDED, STOCK_OTHER_PRICE, DEAL]
    vectors = _fake_vectors(len(texts))
    model = load_pair_model()
    full = model.score_matrix(texts, vectors)
    across = model.score_matrix(texts, vectors, sources=[0, 0, 1, 1])
    assert across[0, 1] == across[2, 3] == 0.0
    assert np.allclose(across[np.ix_([0, 1], [2, 3])], full[np.ix_([0, 1], [2, 3])])
    assert np.allclose(np.diag(across), 1.0)
