"""Score newsweave's direct quotes and their speakers on PolNeAR (attributions in political news).

PolNeAR (``shared/data/polnear``) marks the attributions of US political news articles as brat
spans: ``Source`` (who), ``Cue`` (said, told, according to) and ``Content`` (what), tied by an
``Attribution`` event line. Where an article has several annotators' files, the file of the
annotator whose id sorts first is read, so every run scores the same gold.

Gold direct quotes are the passages inside double quotation marks (straight or curly) in a Content
span: the outermost quoted stretch of each paragraph of the Content, without the marks (a Content
running over paragraphs gives one quote per paragraph, as newsweave does; a partial quote inside
an indirect Content counts). Their speaker is the Source of the Content's attribution.

Each text is annotated as the pipeline does it (an ``Article`` with the text, ``Annotator``, no
canonicalisation across articles), and scored:

- detection P/R/F1: a predicted quote matches a gold quote when they overlap by at least half of
  the shorter of the two;
- speaker accuracy over the matched gold quotes that have a Source (each judged on the predicted
  quote that overlaps it most): right when the predicted speaker span overlaps the gold Source,
  or when the name the prediction gives (``Quote.speaker_entity``, else the speaker's words)
  shares a name word (a capitalised word, case-folded, titles and pronouns left out) with what the
  Source names. A pronoun Source ("he") names the nearest gold Source before it that holds a
  name, does not contradict the pronoun (no "and", no title of the other sex) and, where one
  does, holds a person the tagger marks; any other Source names its own words. ``span only``
  counts the first test alone;
- pronoun resolution: of the pronoun Sources the predicted speaker overlaps, the share whose
  ``speaker_entity`` names what the pronoun stands for (by the rule above, a heuristic: PolNeAR
  has no coreference);
- the ``no speaker`` and ``wrong speaker`` shares of the judged quotes;
- ms per article for the whole annotate stage (models warm, best of ``--repeat`` runs) and for
  the quote finder alone.

``quote_floors.json`` beside this file pins dev floors and the sha256 of the dev data;
``tests/bench/test_quote_gate.py`` recomputes the dev figures and fails below a floor.

    python bench/quote_eval.py [--split dev|train] [--data DIR] [--worst N] [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.annotate import Annotator
from newsweave.annotate.quotes import find_quotes
from newsweave.model import Article, EntityMention, Quote

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
FLOORS = Path(__file__).resolve().parent / "quote_floors.json"

Range = tuple[int, int]

PRONOUNS = frozenset(
    "i me we us you he him she her it they them his hers its their theirs one who which".split()  # noqa: SIM905
)
# Words that do not tell two names apart: titles, determiners, pronouns.
NOT_NAME_WORDS = PRONOUNS | frozenset(
    "the a an of and for to in on at mr mrs ms dr sen rep gov president senator governor former".split()  # noqa: SIM905
)
GENDERS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
OTHER_SEX_TITLES = {"m": frozenset({"ms", "mrs", "miss"}), "f": frozenset({"mr"})}
_NAME_WORD = re.compile(r"[\w.’'-]+")
_QUOTE_MARKS = '"“”'


@dataclass(frozen=True, slots=True)
class GoldQuote:
    span: Range
    sources: tuple[Range, ...]
    pronoun: str  # the Source when it is a pronoun ("he"), else ""


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    text: str
    gold: tuple[GoldQuote, ...]
    sources: tuple[tuple[Range, ...], ...]  # every gold Source, in text order


# --- gold ----------------------------------------------------------------------------------------


def annotation_file(split_dir: Path, stem: str) -> Path:
    """The annotation of ``stem``: the file of the annotator whose id sorts first."""
    files = sorted((split_dir / "attributions").glob(f"{stem}_*.ann"))
    if not files:
        raise FileNotFoundError(f"no annotation for {stem} in {split_dir}")
    return files[0]


def parse_ann(path: Path) -> tuple[dict[str, tuple[str, tuple[Range, ...]]], list[dict[str, str]]]:
    """Text-bound spans (id -> label, fragments) and attribution events (role -> span id)."""
    spans: dict[str, tuple[str, tuple[Range, ...]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue  # a few stray lines in the data
        if fields[0].startswith("T"):
            label, _, ranges = fields[1].partition(" ")
            try:
                fragments = tuple((int(a), int(b)) for a, b in (r.split() for r in ranges.split(";")))
            except ValueError:
                continue
            spans[fields[0]] = (label, fragments)
        elif fields[0].startswith("E") and fields[1].startswith("Attribution"):
            roles = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            events.append({role.rstrip("0123456789"): ref for role, ref in roles.items()})
    return spans, events


def quoted_passages(text: str, start: int, end: int) -> list[Range]:
    """Outermost double-quoted stretches in ``text[start:end]`` per paragraph, without the marks
    (a mark just outside the span counts: some Contents leave their marks out)."""
    start = start - 1 if start > 0 and text[start - 1] in _QUOTE_MARKS else start
    end = end + 1 if end < len(text) and text[end] in _QUOTE_MARKS else end
    passages: list[Range] = []
    stack: list[str] = []
    opened = start
    for position in range(start, end):
        char = text[position]
        if char == "\n" and stack:
            passages.append(_trimmed(text, opened, position))  # the next paragraph reopens the quote
            stack = []
        elif char == "“" or (char == '"' and (not stack or stack[-1] != '"')):
            if not stack:
                opened = position + 1
            stack.append(char)
        elif char in '”"' and stack:
            stack.pop()
            if not stack:
                passages.append((opened, position))
    if stack:
        passages.append(_trimmed(text, opened, end))
    return [(a, b) for a, b in passages if b - a > 1]


def _trimmed(text: str, start: int, end: int) -> Range:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def gold_quotes(text: str, ann: Path) -> tuple[tuple[GoldQuote, ...], tuple[tuple[Range, ...], ...]]:
    """The gold direct quotes of one text, and all its gold Sources in text order."""
    spans, events = parse_ann(ann)
    source_ids = {event["Source"] for event in events if event.get("Source") in spans}
    sources = tuple(sorted(spans[ref][1] for ref in source_ids))
    found: dict[Range, GoldQuote] = {}
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans[event["Source"]][1] if event.get("Source") in spans else ()
        words = _words(text, source).strip().casefold()
        pronoun = words if words in PRONOUNS else ""
        for fragment in content[1]:
            for passage in quoted_passages(text, *fragment):
                if passage not in found or (source and not found[passage].sources):
                    found[passage] = GoldQuote(passage, source, pronoun)
    return tuple(sorted(found.values(), key=lambda quote: quote.span)), sources


def referent(doc: Doc, gold: GoldQuote, entities: Sequence[EntityMention]) -> str:
    """What the gold Source of ``gold`` names (see the module docstring)."""
    if not gold.pronoun:
        return _words(doc.text, gold.sources)
    gender = GENDERS.get(gold.pronoun, "")
    before = [s for s in doc.sources if s[0][0] < gold.sources[0][0]]
    named = [(s, _words(doc.text, s)) for s in reversed(before) if name_words(_words(doc.text, s))]
    if gender:
        named = [(s, words) for s, words in named if _may_be(words, gender)]
        people = [words for s, words in named if _tags_person(s, entities)]
        if people:
            return people[0]
    return named[0][1] if named else ""


def _may_be(source: str, gender: str) -> bool:
    """Whether a Source can be one man or one woman: not "X and Y", no title of the other sex."""
    words = {w.strip(",.").casefold() for w in source.split()}
    return "and" not in words and not words & OTHER_SEX_TITLES[gender]


def _tags_person(source: tuple[Range, ...], entities: Sequence[EntityMention]) -> bool:
    return any(e.label == "PERSON" and any(_overlap((e.span.start, e.span.end), r) for r in source) for e in entities)


def _words(text: str, ranges: Iterable[Range]) -> str:
    return " ".join(text[a:b] for a, b in ranges)


def name_words(phrase: str) -> set[str]:
    """Capitalised words of ``phrase`` that can tell a name apart, case-folded."""
    words = (word.strip(".’'") for word in _NAME_WORD.findall(phrase))
    return {w.casefold() for w in words if w[:1].isupper() and w.casefold() not in NOT_NAME_WORDS}


def load_split(folder: Path) -> list[Doc]:
    docs = []
    for path in sorted((folder / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold, sources = gold_quotes(text, annotation_file(folder, path.stem))
        docs.append(Doc(path.stem, text, gold, sources))
    return docs


def data_sha256(folder: Path) -> str:
    """sha256 over the texts and the annotation files read, in name order (names included)."""
    digest = hashlib.sha256()
    for path in sorted((folder / "text").glob("*.txt")):
        for part in (path, annotation_file(folder, path.stem)):
            digest.update(part.name.encode())
            digest.update(part.read_bytes())
    return digest.hexdigest()


# --- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    speaker_span_accuracy: float
    pronoun_resolution: float
    no_speaker: float
    wrong_speaker: float
    n_predicted: int
    n_gold: int
    n_judged: int
    n_pronouns: int


@dataclass(slots=True)
class Tally:
    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    judged: int = 0
    right: int = 0
    right_span: int = 0
    none: int = 0
    pronouns: int = 0  # gold pronoun Sources the predicted speaker overlaps
    resolved: int = 0  # of those, resolved to what the pronoun stands for

    def scores(self) -> Scores:
        precision = self.predicted_matched / self.predicted if self.predicted else 0.0
        recall = self.gold_matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        judged = self.judged or 1
        return Scores(
            precision=precision,
            recall=recall,
            f1=f1,
            speaker_accuracy=self.right / judged,
            speaker_span_accuracy=self.right_span / judged,
            pronoun_resolution=self.resolved / (self.pronouns or 1),
            no_speaker=self.none / judged,
            wrong_speaker=(self.judged - self.right - self.none) / judged,
            n_predicted=self.predicted,
            n_gold=self.gold,
            n_judged=self.judged,
            n_pronouns=self.pronouns,
        )


def matches(a: Range, b: Range) -> bool:
    overlap = _overlap(a, b)
    return overlap > 0 and overlap * 2 >= min(a[1] - a[0], b[1] - b[0])


def _overlap(a: Range, b: Range) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def judge(text: str, gold: GoldQuote, named: str, quote: Quote) -> tuple[bool, bool]:
    """(the speaker span overlaps the gold Source, the speaker names what the Source names)."""
    if quote.speaker is None:
        return False, False
    speaker = (quote.speaker.start, quote.speaker.end)
    by_span = any(_overlap(speaker, source) for source in gold.sources)
    # An entity key is lower case ("hillary clinton"): capitalise it to read it as a name.
    predicted = quote.speaker_entity.title() if quote.speaker_entity else text[speaker[0] : speaker[1]]
    return by_span, bool(name_words(predicted) & name_words(named))


def score_doc(
    doc: Doc,
    quotes: Sequence[Quote],
    entities: Sequence[EntityMention],
    tally: Tally,
    mistakes: list[str] | None = None,
) -> None:
    spans = [(q.span.start, q.span.end) for q in quotes]
    tally.predicted += len(quotes)
    tally.predicted_matched += sum(any(matches(span, g.span) for g in doc.gold) for span in spans)
    tally.gold += len(doc.gold)
    for gold in doc.gold:
        candidates = [q for q, span in zip(quotes, spans, strict=True) if matches(span, gold.span)]
        if not candidates:
            _note(mistakes, doc, "missed", gold.span)
            continue
        tally.gold_matched += 1
        if gold.sources:
            best = max(candidates, key=lambda q: _overlap((q.span.start, q.span.end), gold.span))
            _score_speaker(doc, gold, best, referent(doc, gold, entities), tally, mistakes)
    for span in spans:
        if not any(matches(span, g.span) for g in doc.gold):
            _note(mistakes, doc, "extra", span)


def _score_speaker(
    doc: Doc, gold: GoldQuote, quote: Quote, named: str, tally: Tally, mistakes: list[str] | None
) -> None:
    by_span, by_name = judge(doc.text, gold, named, quote)
    tally.judged += 1
    tally.right_span += by_span
    tally.right += by_span or by_name
    tally.none += quote.speaker is None
    if gold.pronoun and by_span:
        tally.pronouns += 1
        tally.resolved += by_name
    if mistakes is not None and not (by_span or by_name):
        said = doc.text[quote.speaker.start : quote.speaker.end] if quote.speaker else None
        mistakes.append(
            f"speaker{doc.name[:40]:<41}gold {_words(doc.text, gold.sources)!r} ({named!r}) got {said!r}"
            f" [{quote.speaker_entity}] for {doc.text[gold.span[0] : gold.span[1]][:50]!r}"
        )


def _note(mistakes: list[str] | None, doc: Doc, kind: str, span: Range) -> None:
    if mistakes is not None:
        mistakes.append(f"{kind:<7}{doc.name[:40]:<41}{doc.text[span[0] : span[1]][:90]!r}")


# --- running -------------------------------------------------------------------------------------


def annotate(docs: Sequence[Doc], annotator: Annotator) -> list[Article]:
    articles = [Article(id=doc.name, uri=doc.name, text=doc.text, language="en") for doc in docs]
    return annotator.process_batch(articles)


def evaluate(docs: Sequence[Doc], articles: Iterable[Article], mistakes: list[str] | None = None) -> Scores:
    tally = Tally()
    for doc, article in zip(docs, articles, strict=True):
        score_doc(doc, article.quotes, article.entities, tally, mistakes)
    return tally.scores()


def gate_scores(folder: Path) -> dict[str, float]:
    """The dev figures the gate pins."""
    docs = load_split(folder)
    scores = evaluate(docs, annotate(docs, Annotator()))
    return {"f1": scores.f1, "speaker_accuracy": scores.speaker_accuracy}


def timings(docs: Sequence[Doc], annotator: Annotator, repeat: int) -> tuple[float, float]:
    """ms per article: the whole annotate stage, and the quote finder alone (best of ``repeat``)."""
    stage, finder = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        articles = annotate(docs, annotator)
        stage.append(time.perf_counter() - started)
        started = time.perf_counter()
        for article in articles:
            find_quotes(article.text, article.sentences, article.entities)
        finder.append(time.perf_counter() - started)
    return min(stage) * 1000 / len(docs), min(finder) * 1000 / len(docs)


def read_floors(path: Path = FLOORS) -> tuple[str, dict[str, float]]:
    """The pinned data sha256 and floors."""
    pinned = json.loads(path.read_text(encoding="utf-8"))
    return str(pinned["data_sha256"]), {name: float(value) for name, value in pinned["floors"].items()}


def _print_scores(split: str, scores: Scores) -> None:
    print(f"\nPolNeAR {split}: {scores.n_gold} gold direct quotes, {scores.n_predicted} predicted")
    print(f"  detection   P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}")
    print(f"  speaker, over {scores.n_judged} matched quotes with a gold Source:")
    print(f"    accuracy                        {scores.speaker_accuracy:.3f}")
    print(f"    accuracy, span overlap only     {scores.speaker_span_accuracy:.3f}")
    print(f"    no speaker                      {scores.no_speaker:.3f}")
    print(f"    wrong speaker                   {scores.wrong_speaker:.3f}")
    print(f"  pronoun Sources resolved          {scores.pronoun_resolution:.3f} of {scores.n_pronouns}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=POLNEAR, help="the polnear folder")
    parser.add_argument("--worst", type=int, default=0, help="print this many mistakes")
    parser.add_argument("--repeat", type=int, default=3, help="annotation runs timed (best is printed)")
    args = parser.parse_args(argv)
    folder = args.data / args.split
    if not folder.is_dir():
        print(f"data absent: {folder}", file=sys.stderr)
        return 1
    docs = load_split(folder)
    annotator = Annotator()
    annotator.process_batch([Article(id="warm", uri="warm", text="Models load once here.", language="en")])
    print(f"newsweave quote eval, {time.strftime('%Y-%m-%d')}, {platform.machine()} Python {platform.python_version()}")
    print(f"data {folder} ({len(docs)} articles) sha256 {data_sha256(folder)}")
    mistakes: list[str] = []
    _print_scores(args.split, evaluate(docs, annotate(docs, annotator), mistakes))
    if args.repeat:
        stage_ms, finder_ms = timings(docs, annotator, args.repeat)
        print(f"\nannotate stage {stage_ms:.1f} ms/article (quote finder {finder_ms:.2f}), best of {args.repeat} runs")
    for line in mistakes[: args.worst]:
        print(line)
    print(f"\nrerun: python bench/quote_eval.py --split {args.split}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
