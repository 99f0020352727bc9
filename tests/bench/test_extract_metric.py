"""The AEB metric in bench/extract_eval.py, checked on examples computed by hand."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from tests.conftest import load_bench

ev = load_bench("extract_eval")
metrics = load_bench("extract_metrics")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b c d e", {"a b c d": 1, "b c d e": 1}),
        ("Hello, world! It's  new-ish.", {"Hello world It s": 1, "world It s new": 1, "It s new ish": 1}),
        ("a b c d a b c d", {"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}),
        ("Ça va, très bien", {"Ça va très bien": 1}),
        ("x_1 2023 – y", {"x_1 2023 y": 1}),  # under 4 tokens: one shingle of them all
        ("", {}),
        (" ,.;– ", {}),
    ],
)
def test_shingles_word_4grams(text: str, expected: dict[str, int]) -> None:
    assert dict(metrics.shingles(text)) == expected


@pytest.mark.parametrize(
    ("truth", "prediction", "counts", "precision", "recall"),
    [
        ("a b c d e", "a b c d e", (1.0, 0.0, 0.0), 1.0, 1.0),
        # shared "1 2 3 4"; one extra, one missed: 1/3 each, P = R = 1/2
        ("1 2 3 4 5", "1 2 3 4 6", (1 / 3, 1 / 3, 1 / 3), 0.5, 0.5),
        # multiset: "a b c d" twice in truth, once predicted; 4 truth shingles missed
        ("a b c d a b c d", "a b c d", (0.2, 0.0, 0.8), 1.0, 0.2),
        # predicted 3 shingles, 1 right, truth has only it: TP 1, FP 2 -> P 1/3, R 1
        ("a b c d", "z a b c d y", (1 / 3, 2 / 3, 0.0), 1 / 3, 1.0),
        ("", "", (0.0, 0.0, 0.0), 1.0, 1.0),  # no truth, no prediction: counts as right
        ("a b c d", "", (0.0, 0.0, 1.0), 0.0, 0.0),
        ("", "a b c d", (0.0, 1.0, 0.0), 0.0, 0.0),
        ("The cat sat down", "the cat sat down", (0.0, 0.5, 0.5), 0.0, 0.0),  # case is kept
    ],
)
def test_page_counts_normalised(
    truth: str, prediction: str, counts: tuple[float, float, float], precision: float, recall: float
) -> None:
    got = metrics.page_counts(truth, prediction)
    assert got == pytest.approx(counts)
    assert metrics.page_precision_recall(*got) == pytest.approx((precision, recall))


def test_score_pages_f1_of_means() -> None:
    # page 1: P 1, R 0.2; page 2: empty/empty, P 1, R 1 -> means P 1, R 0.6 -> F1 2*0.6/1.6 = 0.75
    # (the mean of per-page F1 would be (1/3 + 1) / 2 = 0.667: the benchmark does not use it)
    scores = metrics.score_pages([("a b c d a b c d", "a b c d"), ("", "")])
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(0.6)
    assert scores.f1 == pytest.approx(0.75)


def test_score_pages_every_page_weighs_the_same() -> None:
    long_truth = " ".join(f"w{i}" for i in range(1000))
    # a long perfect page and a short missed page: P (1 + 0) / 2, R (1 + 0) / 2
    scores = metrics.score_pages([(long_truth, long_truth), ("a b c d", "e f g h")])
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_score_pages_rejects_no_pages() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        metrics.score_pages([])


def test_load_pages_reads_the_aeb_layout(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    html = "<html><body><p>Grüße aus Köln</p></body></html>"
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    truth = {"p1": {"articleBody": "Grüße aus Köln", "url": "https://example.com/a"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    [page] = ev.load_pages(tmp_path)
    assert (page.id, page.url, page.truth, page.html) == ("p1", "https://example.com/a", "Grüße aus Köln", html)
    assert page.document.url == "https://example.com/a"
    assert page.document.media_type == "html"


def test_main_exits_2_without_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["extract_eval.py", "--data", str(tmp_path / "absent")])
    with pytest.raises(SystemExit) as exit_info:
        ev.main()
    assert exit_info.value.code == 2
    assert "data absent" in capsys.readouterr().err


# --- the trafilatura evaluation metric (string sets) ---------------------------------------------


def test_string_counts_finds_expected_and_unwanted_strings() -> None:
    prediction = "Die Fähre fährt wieder.\n\nAb Montag gilt der Sommerfahrplan."

    counts = metrics.string_counts(
        ("Die Fähre fährt", "Sommerfahrplan", "Winterfahrplan"), ("Teilen", "Montag gilt"), prediction
    )

    assert counts == (2, 1, 1, 1)  # TP, FN, FP, TN


def test_score_strings_pools_strings_over_all_pages() -> None:
    # TP 2 + 1, FN 1 + 0, FP 1 + 0: P 3/4, R 3/4 (pooled, not a mean of per-page figures)
    scores = metrics.score_strings([(2, 1, 1, 1), (1, 0, 0, 2)])

    assert (scores.precision, scores.recall, scores.f1) == pytest.approx((0.75, 0.75, 0.75))


def test_score_strings_with_nothing_found_is_zero() -> None:
    scores = metrics.score_strings([(0, 3, 0, 2)])

    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)


def _string_set(folder: Path) -> None:
    (folder / "pages").mkdir(parents=True)
    html = "<html><body><p>Grüße aus Köln</p></body></html>"
    for name in ("a.html", "b.html"):
        (folder / "pages" / f"{name}.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    items = {
        "https://example.com/b": {"file": "b.html", "with": ["Grüße"], "without": ["Menü"], "title": "Gruß"},
        "hard::a.html": {"file": "a.html", "with": ["Köln"], "without": []},
    }
    (folder / "evaldata.json").write_text(json.dumps(items), encoding="utf-8")


def test_load_set_reads_the_trafilatura_layout(tmp_path: Path) -> None:
    _string_set(tmp_path / "strings")

    data = ev.load_set(tmp_path / "strings")

    assert (data.name, data.strings) == ("strings", True)
    first, second = data.pages
    assert (first.id, first.url, first.expected, first.unwanted) == ("a.html", "", ("Köln",), ())
    assert (second.id, second.url, second.expected, second.unwanted) == (
        "b.html",
        "https://example.com/b",
        ("Grüße",),
        ("Menü",),
    )
    assert second.gold == {"title": "Gruß", "date": "", "author": ""}
    assert data.score(["Köln", "Grüße aus dem Menü"]).precision == pytest.approx(2 / 3)


def test_layout_tells_the_two_layouts_apart(tmp_path: Path) -> None:
    _string_set(tmp_path / "strings")
    (tmp_path / "aeb" / "html").mkdir(parents=True)
    (tmp_path / "aeb" / "ground-truth.json").write_text("{}", encoding="utf-8")

    assert [ev.layout(tmp_path / name) for name in ("strings", "aeb", "absent")] == ["strings", "aeb", ""]


def test_data_sha256_covers_the_index_and_every_page(tmp_path: Path) -> None:
    _string_set(tmp_path / "strings")
    before = ev.data_sha256(tmp_path / "strings")

    (tmp_path / "strings" / "pages" / "a.html.gz").write_bytes(gzip.compress(b"<p>changed</p>"))

    assert ev.data_sha256(tmp_path / "strings") != before


def test_run_in_turns_runs_every_system_on_every_input_in_order() -> None:
    runs = ev.run_in_turns({"upper": str.upper, "same": lambda text: text}, ["a", "b"])

    assert [(run.system, run.predictions) for run in runs] == [("upper", ("A", "B")), ("same", ("a", "b"))]
    assert all(run.seconds >= 0 for run in runs)
