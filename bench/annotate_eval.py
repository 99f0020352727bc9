"""Score newsweave's time tagger on TimeBank and its sentence splitter on hard news sentences.

Time expressions: TimeBank 1.2 as cleaned for TempEval-3 (``shared/data/timebank``): 183 news
documents with a publication date (``<DCT>``) and ``<TIMEX3 type value>`` marks in ``<TEXT>``.
The files are split once, by sorted name: even indexes are for tuning, odd ones for reporting, so
the reported figures come from documents no rule was written against. Scoring follows TempEval-3:

- strict span: a system expression matches a gold one with the same start and end;
- relaxed span: they overlap (each gold and each system expression is matched at most once,
  largest overlap first);
- precision = matched system / system, recall = matched gold / gold, F1 of the two;
- value accuracy: the share of relaxed matches whose normalised value is the gold ``value``
  (``1998-01-08``, ``1998-W02``, ``P6Y``, ``1998-01-08T09:25``) — a reference left unresolved
  counts as wrong. ``type`` is the same share for TimeML's type (DATE, TIME, DURATION).

The tagger runs on each document's ``<TEXT>`` with the DCT (noon UTC) as publication time, the
way the pipeline runs it on an article.

Sentences: ``hard_sentences.txt`` beside this file, sentences written for this benchmark around
what real coverage trips on (party-state tags "R-Ky.", "U.S.", titles, month abbreviations,
initials, "a.m."/"p.m." mid-sentence, quotations and closing marks). Each line is one expected
sentence and a blank line separates paragraphs; a paragraph's text is its sentences joined by a
space. A wrong split is a boundary the splitter made that is not expected, a missed split an
expected boundary it did not make (paragraph starts are given, so they are not counted). They
were written before the splitter's repairs, from the failures seen in coverage, and the repairs
were then made against them: zero errors here is a regression check, not an independent measure.

Speed: the sentence splitter and the time tagger over all TimeBank texts, best of ``--repeat``.

``annotate_floors.json`` beside this file keeps the sha256 of the data (TimeBank and the hard
sentences); the floors ``tests/bench/test_annotate_gate.py`` asserts on the reporting half (a little
under the figures in ``current``; ``split_errors`` is a ceiling); the figures of the code before
the tense, name, clock and repair rules (``baseline``, printed above the current ones: the old code
is not in the tree, so they were measured once, on the same halves); and the splitter's and
tagger's time before and after those rules (``speed``: interleaved runs on one machine, since
figures from different machines do not compare).

    python bench/annotate_eval.py [--data DIR] [--half reporting|tuning|all] [--errors N] [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsweave.annotate.sentences import segment_sentences
from newsweave.annotate.times import find_time_refs
from newsweave.model import Sentence, TimeKind, TimeRef

BENCH = Path(__file__).resolve().parent
DEFAULT_DATA = BENCH.parents[1] / "shared/data/timebank"
HARD_SENTENCES = BENCH / "hard_sentences.txt"
FLOORS = BENCH / "annotate_floors.json"

Tagger = Callable[[str, datetime], Sequence[TimeRef]]
Splitter = Callable[[str], Sequence[Sentence]]


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeDoc:
    name: str
    text: str
    published: datetime
    timexes: tuple[Timex, ...]


@dataclass(frozen=True, slots=True)
class SpanScores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class TimeScores:
    gold: int
    system: int
    strict: SpanScores
    relaxed: SpanScores
    value_accuracy: float
    type_accuracy: float


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold expression the tagger missed or valued wrongly, or a system one matching nothing."""

    doc: str
    gold: str
    gold_value: str
    system: str
    system_value: str


# --- TimeBank ------------------------------------------------------------------------------------


def _walk(element: ET.Element, parts: list[str], timexes: list[Timex]) -> None:
    """Append ``element``'s text to ``parts``; a TIMEX3 is recorded with its offsets."""
    start = sum(map(len, parts))
    parts.append(element.text or "")
    for child in element:
        _walk(child, parts, timexes)
        parts.append(child.tail or "")
    if element.tag == "TIMEX3":
        end = start + len("".join(_inner_text(element)))
        timexes.append(Timex(start, end, element.get("type", ""), element.get("value", "")))


def _inner_text(element: ET.Element) -> list[str]:
    parts = [element.text or ""]
    for child in element:
        parts.extend(_inner_text(child))
        parts.append(child.tail or "")
    return parts


def parse_tml(path: Path) -> TimeDoc:
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct is None or body is None:
        raise ValueError(f"{path.name}: no DCT or TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []
    _walk(body, parts, timexes)
    day = datetime.strptime(dct.get("value", "")[:10], "%Y-%m-%d")
    published = day.replace(hour=12, tzinfo=UTC)
    return TimeDoc(path.stem, "".join(parts), published, tuple(sorted(timexes, key=lambda t: t.start)))


def load_docs(folder: Path) -> list[TimeDoc]:
    return [parse_tml(path) for path in sorted((folder / "TimeBank").glob("*.tml"))]


def halves(docs: Sequence[TimeDoc]) -> tuple[list[TimeDoc], list[TimeDoc]]:
    """(tuning, reporting): even and odd indexes of the documents sorted by name."""
    ordered = sorted(docs, key=lambda doc: doc.name)
    return ordered[0::2], ordered[1::2]


def data_sha256(folder: Path, sentences: Path = HARD_SENTENCES) -> str:
    """sha256 over every TimeBank file (names included, in name order) and the hard sentences."""
    digest = hashlib.sha256()
    for path in [*sorted((folder / "TimeBank").glob("*.tml")), sentences]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- time scoring --------------------------------------------------------------------------------


def timeml_type(ref: TimeRef) -> str:
    if ref.kind is TimeKind.DURATION:
        return "DURATION"
    return "TIME" if ref.granularity == "time" else str(ref.kind).upper()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def relaxed_pairs(gold: Sequence[Timex], system: Sequence[TimeRef]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, largest overlap first."""
    candidates = []
    for i, timex in enumerate(gold):
        for j, ref in enumerate(system):
            shared = _overlap((timex.start, timex.end), (ref.span.start, ref.span.end))
            if shared > 0:
                candidates.append((-shared, i, j))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _scores(matched: int, gold: int, system: int) -> SpanScores:
    precision = matched / system if system else 1.0
    recall = matched / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SpanScores(precision, recall, f1)


def tag(docs: Sequence[TimeDoc], tagger: Tagger) -> list[tuple[TimeRef, ...]]:
    return [tuple(tagger(doc.text, doc.published)) for doc in docs]


def score_times(docs: Sequence[TimeDoc], tagged: Sequence[Sequence[TimeRef]]) -> TimeScores:
    gold = system = strict = relaxed = values = types = 0
    for doc, refs in zip(docs, tagged, strict=True):
        gold += len(doc.timexes)
        system += len(refs)
        spans = {(t.start, t.end) for t in doc.timexes}
        strict += sum((ref.span.start, ref.span.end) in spans for ref in refs)
        for i, j in relaxed_pairs(doc.timexes, refs):
            relaxed += 1
            values += refs[j].value == doc.timexes[i].value
            types += timeml_type(refs[j]) == doc.timexes[i].type
    return TimeScores(
        gold=gold,
        system=system,
        strict=_scores(strict, gold, system),
        relaxed=_scores(relaxed, gold, system),
        value_accuracy=values / relaxed if relaxed else 0.0,
        type_accuracy=types / relaxed if relaxed else 0.0,
    )


def misses(docs: Sequence[TimeDoc], tagged: Sequence[Sequence[TimeRef]]) -> list[Miss]:
    """Every gold expression not matched or valued wrongly, and every unmatched system one."""
    found = []
    for doc, refs in zip(docs, tagged, strict=True):
        pairs = dict(relaxed_pairs(doc.timexes, refs))
        for i, timex in enumerate(doc.timexes):
            words = doc.text[timex.start : timex.end]
            if i not in pairs:
                found.append(Miss(doc.name, words, timex.value, "", ""))
            elif (ref := refs[pairs[i]]).value != timex.value:
                found.append(Miss(doc.name, words, timex.value, doc.text[ref.span.start : ref.span.end], ref.value))
        for j in set(range(len(refs))) - set(pairs.values()):
            ref = refs[j]
            found.append(Miss(doc.name, "", "", doc.text[ref.span.start : ref.span.end], ref.value))
    return found


# --- sentences -----------------------------------------------------------------------------------


def read_paragraphs(path: Path = HARD_SENTENCES) -> list[list[str]]:
    """The expected sentences of each paragraph: one a line, paragraphs apart by blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def paragraph_text(sentences: Sequence[str]) -> tuple[str, set[int]]:
    """The paragraph's text and where its second and later sentences start."""
    starts, position = set(), 0
    for index, sentence in enumerate(sentences):
        if index:
            starts.add(position)
        position += len(sentence) + 1
    return " ".join(sentences), starts


@dataclass(frozen=True, slots=True)
class SplitErrors:
    boundaries: int
    wrong: int
    missed: int
    examples: tuple[str, ...]


def score_sentences(paragraphs: Iterable[Sequence[str]], splitter: Splitter) -> SplitErrors:
    boundaries = wrong = missed = 0
    examples = []
    for sentences in paragraphs:
        text, expected = paragraph_text(sentences)
        made = {s.span.start for s in splitter(text)} - {0}
        boundaries += len(expected)
        wrong += len(made - expected)
        missed += len(expected - made)
        if made != expected:
            pieces = [text[s.span.start : s.span.end] for s in splitter(text)]
            examples.append(" | ".join(pieces))
    return SplitErrors(boundaries, wrong, missed, tuple(examples))


# --- speed ---------------------------------------------------------------------------------------


def seconds(work: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` timings of ``work``."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - began)
    return best


def speed(docs: Sequence[TimeDoc], tagger: Tagger, splitter: Splitter, repeat: int) -> dict[str, float]:
    """Seconds for the splitter and the tagger over ``docs`` (after one warm-up pass each)."""
    splitter(docs[0].text)
    tagger(docs[0].text, docs[0].published)
    return {
        "sentences_s": seconds(lambda: [splitter(doc.text) for doc in docs], repeat),
        "times_s": seconds(lambda: [tagger(doc.text, doc.published) for doc in docs], repeat),
    }


# --- figures, floors -----------------------------------------------------------------------------


def current_tagger(text: str, published: datetime) -> Sequence[TimeRef]:
    return find_time_refs(text, language="en", published=published)


def current_splitter(text: str) -> Sequence[Sentence]:
    return segment_sentences(text, language="en")


def gate_figures(
    docs: Sequence[TimeDoc], tagger: Tagger = current_tagger, splitter: Splitter = current_splitter
) -> dict[str, float]:
    """The gated figures: TimeBank scores on ``docs`` and split errors on the hard sentences."""
    scores = score_times(docs, tag(docs, tagger))
    split = score_sentences(read_paragraphs(), splitter)
    return {
        "strict_f1": scores.strict.f1,
        "relaxed_f1": scores.relaxed.f1,
        "value_accuracy": scores.value_accuracy,
        "split_errors": float(split.wrong + split.missed),
    }


def read_record(path: Path = FLOORS) -> dict[str, Any]:
    """``annotate_floors.json``: ``data_sha256``, ``floors``, ``baseline`` and ``speed``."""
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def below_floors(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """What fails the gate: a score under its floor, or more split errors than its ceiling."""
    failed = []
    for name, floor in floors.items():
        if name.endswith("_errors"):
            if measured[name] > floor:
                failed.append(f"{name} {measured[name]:.0f} above its ceiling {floor:.0f}")
        elif measured[name] < floor:
            failed.append(f"{name} {measured[name]:.4f} below its floor {floor:.3f}")
    return failed


def score_record(scores: TimeScores) -> dict[str, float]:
    """A half's figures as ``annotate_floors.json`` keeps them for the baseline."""
    return {
        "strict_p": scores.strict.precision,
        "strict_r": scores.strict.recall,
        "strict_f1": scores.strict.f1,
        "relaxed_p": scores.relaxed.precision,
        "relaxed_r": scores.relaxed.recall,
        "relaxed_f1": scores.relaxed.f1,
        "value_accuracy": scores.value_accuracy,
        "type_accuracy": scores.type_accuracy,
        "gold": float(scores.gold),
        "system": float(scores.system),
    }


# --- printing ------------------------------------------------------------------------------------

_HEADER = (
    f"{'':<10} {'strict P':>8} {'R':>6} {'F1':>6}   {'relax P':>7} {'R':>6} {'F1':>6}   {'value':>6} {'type':>6}"
    "   gold   sys"
)


def _row(label: str, figures: dict[str, float]) -> str:
    f = figures
    return (
        f"{label:<10} {f['strict_p']:8.3f} {f['strict_r']:6.3f} {f['strict_f1']:6.3f}"
        f"   {f['relaxed_p']:7.3f} {f['relaxed_r']:6.3f} {f['relaxed_f1']:6.3f}"
        f"   {f['value_accuracy']:6.3f} {f['type_accuracy']:6.3f}   {f['gold']:5.0f} {f['system']:5.0f}"
    )


def _print_times(docs: Sequence[TimeDoc], half: str, record: dict[str, Any], errors: int) -> None:
    tagged = tag(docs, current_tagger)
    print(f"TimeBank, {half} half: {len(docs)} documents (TempEval-3 scoring; value accuracy over relaxed matches)")
    print(_HEADER)
    baseline = record.get("baseline", {}).get("times", {})
    if half in baseline:
        print(_row("baseline", baseline[half]))
    print(_row("current", score_record(score_times(docs, tagged))))
    if errors:
        print(f"\nfirst {errors} misses (doc: gold [value] -> system [value]):")
        for miss in misses(docs, tagged)[:errors]:
            print(f"  {miss.doc}: {miss.gold!r} [{miss.gold_value}] -> {miss.system!r} [{miss.system_value}]")


def _print_sentences(record: dict[str, Any]) -> None:
    split = score_sentences(read_paragraphs(), current_splitter)
    before = record.get("baseline", {}).get("sentences")
    print(f"\nhard sentences ({HARD_SENTENCES.name}): {split.boundaries} boundaries")
    if before:
        print(f"  baseline: wrong splits {before['wrong']:.0f}, missed splits {before['missed']:.0f}")
    print(f"  current:  wrong splits {split.wrong}, missed splits {split.missed}")
    for example in split.examples:
        print(f"    {example}")


def _print_speed(docs: Sequence[TimeDoc], repeat: int, record: dict[str, Any]) -> None:
    timings = speed(docs, current_tagger, current_splitter, repeat)
    characters = sum(len(doc.text) for doc in docs)
    print(f"\nspeed over all {len(docs)} TimeBank texts ({characters:,} characters), best of {repeat}, this machine:")
    print(f"  current:  sentences {timings['sentences_s'] * 1000:7.1f} ms   times {timings['times_s'] * 1000:7.1f} ms")
    kept = record.get("speed")
    if kept:
        before, after = kept["before_ms"], kept["after_ms"]
        print(
            f"  pinned ({kept['machine']}): sentences {before['sentences']:.0f} -> {after['sentences']:.0f} ms,"
            f" times {before['times']:.0f} -> {after['times']:.0f} ms ({kept['note']})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=["reporting", "tuning", "all"], default="reporting")
    parser.add_argument("--errors", type=int, default=0, help="print the first N misses")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not (args.data / "TimeBank").is_dir():
        print(f"TimeBank not found under {args.data}", file=sys.stderr)
        return 2
    docs = load_docs(args.data)
    tuning, reporting = halves(docs)
    chosen = {"tuning": tuning, "reporting": reporting, "all": docs}[args.half]
    record = read_record() if FLOORS.is_file() else {}
    if record and record.get("data_sha256") != data_sha256(args.data):
        print("note: the data differ from those the floors and baseline were measured on", file=sys.stderr)
    _print_times(chosen, args.half, record, args.errors)
    _print_sentences(record)
    _print_speed(docs, args.repeat, record)
    _print_quotes()
    return 0


def _print_quotes() -> None:
    """Quotes and speakers on PolNeAR dev, as ``bench/quote_eval.py`` scores them (its options there)."""
    spec = importlib.util.spec_from_file_location("quote_eval", BENCH / "quote_eval.py")
    assert spec is not None
    assert spec.loader is not None
    quote_eval = sys.modules["quote_eval"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(quote_eval)
    print()
    quote_eval.main(["--repeat", "0"])


if __name__ == "__main__":
    sys.exit(main())
