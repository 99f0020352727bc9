"""Compare: line up the articles of one event claim by claim.

Sentences that can carry a claim (not posts, which are the poster's words, nor correction
notices) are aligned across sources (:mod:`newsweave.compare.align`); each group is ``shared``
when two or more sources carry it, ``unique`` when one does, and ``conflict`` when aligned
sentences differ in a slot (:mod:`newsweave.compare.conflicts`). Dated statements make the
merged timeline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import numpy.typing as npt

from newsweave.annotate.canonical import canonicalise_entities
from newsweave.annotate.speech_verbs import POST_CONTEXT
from newsweave.annotate.time_patterns import EN, ES
from newsweave.compare.align import ClaimUnit, align_units, alignment_scores
from newsweave.compare.conflicts import ConflictOptions, conflicts_between, sentence_slots
from newsweave.compare.framing import frame_comparison, unit_words
from newsweave.compare.wording import ScoredWord, loadedness
from newsweave.model import (
    Article,
    ClaimGroup,
    ClaimMember,
    ClaimStatus,
    Comparison,
    Evidence,
    Span,
    TimeKind,
    TimelineEntry,
)
from newsweave.models.embedder import EMBEDDERS, Embedder

# Only people count as actors for the alignment penalty: places and organisations are often named
# by one source and only implied by another, and social platforms are venues, not actors.
ACTOR_LABELS = frozenset({"PERSON"})
VENUES = frozenset(POST_CONTEXT)
# A claim needs a subject, a verb and what it says of it: "No one was killed." has four words.
MIN_CLAIM_WORDS = 4
# ... and two of them besides figures and the words of a date line: "Saturday, Sep 14, 2013" and
# "16 September 2013 Last updated at 12:42 GMT" say when a page was written, not what happened.
MIN_CLAIM_WORDS_BESIDE_DATES = 2
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")
_CLOCK_WORDS = ("am", "pm", "gmt", "bst", "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "et")
_PAGE_WORDS = ("updated", "published", "posted", "last", "modified", "at", "on", "by", "de", "del")
_DATE_LINE_WORDS = frozenset(
    word.casefold().rstrip(".")
    for word in (*EN.months, *EN.weekdays, *ES.months, *ES.weekdays, *_CLOCK_WORDS, *_PAGE_WORDS)
)
# A speaker named only by one of these cannot be shown out of its article.
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "this", "that", "who"])

__all__ = ["CompareOptions", "ConflictOptions", "claim_units", "compare_articles", "is_fragment"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """Options of the compare stage.

    Args:
        min_probability: the pair model's probability two sentences need to be one claim. At
            0.5 the model holds a pair more likely the same claim than not; lower values pair
            more sentences and more wrongly (the operating points measured are in
            docs/benchmarks.md).
        min_link: the probability every pair of a claim group must reach, a little below
            ``min_probability``, so that a group never holds a sentence only through another.
        brief_min_similarity: the mean pair probability a shared claim's members need for the
            brief to state it in one member's words and cite them all. A brief sentence stands
            for every source it cites, so it takes only the claims whose sources agree firmly;
            the looser shared claims stay in the comparison (docs/benchmarks.md, "Claim
            comparison", measures both).
        embedder: name of the sentence embedder in ``newsweave.models.EMBEDDERS``.
    """

    min_probability: float = 0.5
    min_link: float = 0.3
    brief_min_similarity: float = 0.65
    embedder: str = "use-multilingual"
    conflicts: ConflictOptions = field(default_factory=ConflictOptions)

    def __post_init__(self) -> None:
        if self.embedder not in EMBEDDERS:
            raise ValueError(f"embedder must be one of {sorted(EMBEDDERS)}, got {self.embedder!r}")
        if not 0 <= self.min_link <= self.min_probability <= 1:
            raise ValueError(
                f"need 0 <= min_link <= min_probability <= 1, got {self.min_link} and {self.min_probability}"
            )
        if not 0 <= self.brief_min_similarity <= 1:
            raise ValueError(f"need 0 <= brief_min_similarity <= 1, got {self.brief_min_similarity}")


def compare_articles(
    articles: Sequence[Article], *, options: CompareOptions | None = None, embedder: Embedder | None = None
) -> Comparison:
    """The claim-by-claim comparison of ``articles`` (annotated, about one event)."""
    options = options or CompareOptions()
    resolved, entities = canonicalise_entities(articles)
    units = claim_units(resolved)
    embedder = embedder or EMBEDDERS[options.embedder]()
    article_entities = [frozenset(_entity_ids(article, Span(start=0, end=len(article.text)))) for article in resolved]
    vectors = _unit_vectors(units, embedder, n_articles=len(resolved))
    languages = [article.language for article in resolved]
    scores = alignment_scores(units, vectors, article_entities, languages)
    groups = align_units(units, scores, min_probability=options.min_probability, min_link=options.min_link)
    words = unit_words(resolved, units)
    claims = _claim_groups(resolved, units, groups, scores, options, words)
    return Comparison(
        articles=resolved,
        entities=entities,
        claims=claims,
        timeline=_timeline(resolved, units),
        framing=frame_comparison(
            resolved, entities, units, claims, scores=scores, min_probability=options.min_probability, words=words
        ),
    )


def _unit_vectors(units: Sequence[ClaimUnit], embedder: Embedder, *, n_articles: int) -> npt.NDArray[np.float32]:
    """The units' sentence vectors; zeros for a lone article, whose scores are never read (only
    pairs of sentences from two articles are), so a one-article story needs no embedder."""
    if n_articles < 2:
        return np.zeros((len(units), embedder.dimensions), dtype=np.float32)
    return embedder.embed([unit.text for unit in units])


def claim_units(articles: Sequence[Article]) -> list[ClaimUnit]:
    """The sentences that can carry a claim: outside posts and correction notices."""
    units = []
    for article_index, article in enumerate(articles):
        excluded = [post.span for post in article.posts if post.span is not None]
        excluded += [correction.span for correction in article.corrections]
        for sentence_index, sentence in enumerate(article.sentences):
            text = article.text_at(sentence.span)
            if not any(sentence.span.overlaps(span) for span in excluded) and not is_fragment(text):
                units.append(
                    ClaimUnit(article_index, sentence_index, sentence.span, text, _entity_ids(article, sentence.span))
                )
    return units


def is_fragment(text: str) -> bool:
    """Too few words to state anything: a stray quote mark, "...", "McConnell, R-Ky.", a date line."""
    words = _WORD.findall(text)
    beside_dates = [word for word in words if not word.isdigit() and word.casefold() not in _DATE_LINE_WORDS]
    return len(words) < MIN_CLAIM_WORDS or len(beside_dates) < MIN_CLAIM_WORDS_BESIDE_DATES


def _entity_ids(article: Article, within: Span) -> frozenset[str]:
    return frozenset(
        mention.entity_id
        for mention in article.entities
        if mention.entity_id
        and mention.label in ACTOR_LABELS
        and mention.entity_id not in VENUES
        and within.contains(mention.span)
    )


def _claim_groups(
    articles: Sequence[Article],
    units: Sequence[ClaimUnit],
    groups: list[list[int]],
    scores: npt.NDArray[np.float64],
    options: CompareOptions,
    words: Mapping[tuple[int, int], list[ScoredWord]],
) -> tuple[ClaimGroup, ...]:
    ordered = sorted(
        groups,
        key=lambda group: (
            -len({units[i].article for i in group}),
            min((units[i].article, units[i].sentence) for i in group),
        ),
    )
    claims = []
    for number, group in enumerate(ordered, start=1):
        members = sorted(group, key=lambda i: (units[i].article, units[i].sentence))
        sources = tuple(dict.fromkeys(articles[units[i].article].id for i in members))
        evidence = _group_evidence(articles, units, members, scores, options)
        status = ClaimStatus.UNIQUE if len(sources) == 1 else ClaimStatus.CONFLICT if evidence else ClaimStatus.SHARED
        similarity = _mean_pair_score(members, units, scores)
        in_brief = status is ClaimStatus.SHARED and similarity >= options.brief_min_similarity
        brief_member = _brief_member(articles, units, members, scores, words) if in_brief else None
        claims.append(
            ClaimGroup(
                id=f"c{number:03d}",
                status=status,
                sources=sources,
                members=tuple(
                    ClaimMember(
                        article_id=articles[units[i].article].id, sentence=units[i].sentence, span=units[i].span
                    )
                    for i in members
                ),
                evidence=evidence,
                similarity=similarity,
                brief_member=brief_member,
            )
        )
    return tuple(claims)


def _group_evidence(
    articles: Sequence[Article],
    units: Sequence[ClaimUnit],
    members: list[int],
    scores: npt.NDArray[np.float64],
    options: CompareOptions,
) -> tuple[Evidence, ...]:
    if len(members) < 2:  # one sentence: nothing to disagree with
        return ()
    found: dict[tuple[str, str, int, int], Evidence] = {}
    slots_of = {i: sentence_slots(articles[units[i].article], units[i].span) for i in members}
    for i, j in combinations(members, 2):
        if units[i].article == units[j].article:
            continue
        for item in conflicts_between(slots_of[i], slots_of[j], float(scores[i, j]), options.conflicts):
            found.setdefault((item.kind, item.article_id, item.span.start, item.span.end), item)
    return tuple(found.values())


def _brief_member(
    articles: Sequence[Article],
    units: Sequence[ClaimUnit],
    members: list[int],
    scores: npt.NDArray[np.float64],
    words: Mapping[tuple[int, int], list[ScoredWord]],
) -> int | None:
    """The position in ``members`` of the sentence the brief words a shared claim with: one in the
    language most members are in; of those the most neutrally worded (the least summed score of
    loaded speech verbs, hedges, intensifiers and judging words, :mod:`newsweave.compare.wording`),
    so that one outlet's "smashed" or "claimed" never reads as what every source says; then the one
    closest on average to the others, so that the wording is the group's, not whichever source
    came first; ties go to the shorter sentence, then to the text, never to the input order. A
    sentence quoting someone it names only as "he" or not at all cannot stand alone in a brief."""
    candidates = [
        position
        for position, i in enumerate(members)
        if not _has_unnamed_quote(articles[units[i].article], units[i].span)
    ]
    if not candidates:
        return None

    languages = Counter(articles[units[i].article].language for i in members)

    def closeness(position: int) -> tuple[int, float, float, int, str]:
        i = members[position]
        article = articles[units[i].article]
        others = [float(scores[i, j]) for j in members if units[j].article != units[i].article]
        language = -languages[article.language]
        loaded = loadedness(words[(units[i].article, units[i].sentence)])
        return (language, loaded, -sum(others) / len(others), len(units[i].text), units[i].text)

    return min(candidates, key=closeness)


def _has_unnamed_quote(article: Article, sentence: Span) -> bool:
    for quote in article.quotes:
        if sentence.overlaps(quote.span):
            if quote.speaker is None:
                return True
            if article.text_at(quote.speaker).strip().casefold() in PRONOUNS:
                return True
    return False


def _mean_pair_score(members: list[int], units: Sequence[ClaimUnit], scores: npt.NDArray[np.float64]) -> float:
    pairs = [(i, j) for i, j in combinations(members, 2) if units[i].article != units[j].article]
    return round(float(np.mean([scores[i, j] for i, j in pairs])), 4) if pairs else 0.0


def _timeline(articles: Sequence[Article], units: Sequence[ClaimUnit]) -> tuple[TimelineEntry, ...]:
    entries = []
    for unit in units:
        article = articles[unit.article]
        for ref in article.times:
            if ref.kind is TimeKind.DATE and unit.span.contains(ref.span):
                entries.append(
                    TimelineEntry(
                        value=ref.value,
                        relative=ref.relative,
                        granularity=ref.granularity,
                        article_id=article.id,
                        sentence=unit.sentence,
                        time=Span(start=ref.span.start, end=ref.span.end, label="time"),
                    )
                )
    # Dated entries in time order; undated ones (a weekday with no publication date to read it
    # from) after them in the order the articles tell them: sorted by label, Friday came before
    # Thursday.
    order = {article.id: index for index, article in enumerate(articles)}
    return tuple(
        sorted(
            entries,
            key=lambda entry: (
                entry.value == "",
                entry.value,
                order[entry.article_id] if not entry.value else 0,
                entry.time.start,
                entry.article_id,
            ),
        )
    )
