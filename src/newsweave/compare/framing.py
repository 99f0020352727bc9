"""Framing: how each source told the same story, read off the aligned claims.

Four readings, each a question an editor asks of two reports side by side:

- **Lead.** Which claim each source opens with (its first claim sentence), and where every source
  places the claims the others open with: rank 1 is its own lead, ``None`` that it leaves it out.
- **Emphasis and omission.** A claim's centrality is how many sources carry it plus how early they
  place it on average (earliness 1 for a lead, falling to near 0 at the end). For each source: the
  claims most of the *other* sources carry that it leaves out (at least two sources, and more than
  half of the others) and that none of its sentences comes near (a sentence the pair model holds
  more likely the same claim as a member than not, left out of the group only by the one-to-one
  matching, says the source carries it after all), and the claims only it carries, most central
  first.
- **Voices.** Whom each source quotes, what kind of voice it makes them and how many words they
  get (:mod:`newsweave.compare.voices`).
- **Words.** The loaded speech verbs, hedges, intensifiers and judging words in each source's own
  voice (:mod:`newsweave.compare.wording`); within a claim several sources carry, a word differs
  when no other source's member uses it. Each such claim's members are scored, so that the brief
  can word it with the most neutral one.

Claim groups with one member from each of several sources are what makes this possible: the
alignment decides what counts as "the same claim", and its misses become false omissions (a
source that words a fact too differently to be aligned seems to leave it out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from newsweave.compare.align import ClaimUnit
from newsweave.compare.lexicon import lexicon_name, load_valence
from newsweave.compare.voices import article_voices, speaker_name
from newsweave.compare.wording import ScoredWord, is_scored_language, sentence_words, word_tokens
from newsweave.model import (
    Article,
    CentralClaim,
    ClaimGroup,
    ClaimWording,
    Entity,
    Framing,
    LeadRank,
    SourceFraming,
    Span,
    WordMark,
)

__all__ = ["claim_order", "frame_comparison", "omission_threshold", "unit_words"]


def unit_words(
    articles: Sequence[Article], units: Sequence[ClaimUnit], *, valence: Mapping[str, float] | None = None
) -> dict[tuple[int, int], list[ScoredWord]]:
    """Each unit's framing words, by (article, sentence): found once for the framing and the brief."""
    valence = load_valence() if valence is None else valence
    return {
        (unit.article, unit.sentence): sentence_words(articles[unit.article], unit.span, valence=valence)
        for unit in units
    }


def frame_comparison(
    articles: Sequence[Article],
    entities: Sequence[Entity],
    units: Sequence[ClaimUnit],
    claims: Sequence[ClaimGroup],
    *,
    scores: npt.NDArray[np.float64] | None = None,
    min_probability: float = 0.5,
    words: Mapping[tuple[int, int], list[ScoredWord]] | None = None,
) -> Framing:
    """The framing of ``articles`` given their claim groups (``units`` are the claim sentences the
    groups were built from, in article then sentence order; ``scores`` their pairwise same-claim
    probabilities, when known, and ``min_probability`` the probability that makes a sentence near a claim;
    ``words`` the units' framing words by (article, sentence), when found already: :func:`unit_words`)."""
    valence = load_valence()
    orders = {article.id: claim_order(article.id, claims) for article in articles}
    centrality = _centrality(claims, orders)
    words = unit_words(articles, units, valence=valence) if words is None else words
    claim_of = {(m.article_id, m.sentence): claim for claim in claims for m in claim.members}
    index_of = {article.id: index for index, article in enumerate(articles)}
    positions = {(unit.article, unit.sentence): i for i, unit in enumerate(units)}
    differing = _differing_words(articles, claims, words, index_of)
    leads = _leads(articles, units, claim_of)
    lead_claims = list(dict.fromkeys(claim for claim in leads.values() if claim))
    names = {entity.id: entity.name for entity in entities}
    quoted_by = Counter(
        name for article in articles for name in {speaker_name(article, quote, names) for quote in article.quotes}
    )
    n_articles = len(articles)
    sources = []
    for index, article in enumerate(articles):
        own = Counter({speaker_name(article, quote, names) for quote in article.quotes})
        sources.append(
            SourceFraming(
                article_id=article.id,
                lead_sentence=_lead_sentence(units, index),
                lead_claim=leads[article.id],
                lead_ranks=tuple(LeadRank(claim_id=c, rank=orders[article.id].get(c)) for c in lead_claims),
                omitted=tuple(
                    _ranked(
                        (
                            c
                            for c in claims
                            if article.id not in c.sources
                            and _most_others_carry(c, n_articles)
                            and not _near(index, c, positions, index_of, scores, min_probability)
                        ),
                        centrality,
                    )
                ),
                exclusive=tuple(_ranked((c for c in claims if c.sources == (article.id,)), centrality)),
                voices=article_voices(article, names, quoted_by - own),
                words=tuple(
                    WordMark(
                        article_id=article.id,
                        span=word.span,
                        kind=word.kind,
                        score=round(word.score, 4),
                        claim_id=claim_of[(article.id, unit.sentence)].id
                        if (article.id, unit.sentence) in claim_of
                        else "",
                        differs=(article.id, word.span.start) in differing,
                    )
                    for unit in units
                    if unit.article == index
                    for word in words[(unit.article, unit.sentence)]
                ),
            )
        )
    wordings = tuple(
        _wording(articles, claim, words, index_of, differing) for claim in claims if len(claim.sources) > 1
    )
    return Framing(sources=tuple(sources), wordings=wordings, lexicon=lexicon_name())


def claim_order(article_id: str, claims: Sequence[ClaimGroup]) -> dict[str, int]:
    """Claim id -> 1-based rank of the claim in ``article_id``: claims ordered by the article's first
    sentence in each."""
    first = {
        claim.id: min(m.sentence for m in claim.members if m.article_id == article_id)
        for claim in claims
        if article_id in claim.sources
    }
    return {claim_id: rank for rank, claim_id in enumerate(sorted(first, key=lambda c: (first[c], c)), start=1)}


def omission_threshold(n_articles: int) -> int:
    """How many sources must carry a claim for the others to be said to leave it out: at least two,
    and more than half of the sources besides the one leaving it out."""
    return max(2, (n_articles - 1) // 2 + 1)


def _most_others_carry(claim: ClaimGroup, n_articles: int) -> bool:
    return len(claim.sources) >= omission_threshold(n_articles)


def _near(
    article: int,
    claim: ClaimGroup,
    positions: Mapping[tuple[int, int], int],
    index_of: Mapping[str, int],
    scores: npt.NDArray[np.float64] | None,
    min_probability: float,
) -> bool:
    """Whether a sentence of ``article`` reaches ``min_probability`` with a member of ``claim``
    (``positions``: unit index by (article index, sentence index))."""
    if scores is None:
        return False
    own = [i for (a, _), i in positions.items() if a == article]
    members = [positions[(index_of[m.article_id], m.sentence)] for m in claim.members]
    return bool(own and members and float(scores[np.ix_(own, members)].max()) >= min_probability)


def _centrality(claims: Sequence[ClaimGroup], orders: Mapping[str, dict[str, int]]) -> dict[str, float]:
    scores = {}
    for claim in claims:
        earliness = [
            1 - (orders[source][claim.id] - 1) / len(orders[source]) for source in claim.sources if orders[source]
        ]
        mean = sum(earliness) / len(earliness) if earliness else 0.0
        scores[claim.id] = round(len(claim.sources) + mean, 4)
    return scores


def _ranked(claims: Iterable[ClaimGroup], centrality: Mapping[str, float]) -> list[CentralClaim]:
    ranked = sorted(claims, key=lambda claim: (-centrality[claim.id], claim.id))
    return [CentralClaim(claim_id=c.id, n_sources=len(c.sources), centrality=centrality[c.id]) for c in ranked]


def _lead_sentence(units: Sequence[ClaimUnit], article: int) -> int | None:
    return min((unit.sentence for unit in units if unit.article == article), default=None)


def _leads(
    articles: Sequence[Article], units: Sequence[ClaimUnit], claim_of: Mapping[tuple[str, int], ClaimGroup]
) -> dict[str, str]:
    leads = {}
    for index, article in enumerate(articles):
        sentence = _lead_sentence(units, index)
        claim = claim_of.get((article.id, sentence)) if sentence is not None else None
        leads[article.id] = claim.id if claim is not None else ""
    return leads


def _differing_words(
    articles: Sequence[Article],
    claims: Sequence[ClaimGroup],
    words: Mapping[tuple[int, int], list[ScoredWord]],
    index_of: Mapping[str, int],
) -> set[tuple[str, int]]:
    """(article id, word start) of each marked word that no other source's member of its claim uses."""
    differing = set()
    for claim in claims:
        if len(claim.sources) < 2:
            continue
        vocabulary = {m.article_id: _vocabulary(articles[index_of[m.article_id]], m.span) for m in claim.members}
        for member in claim.members:
            others = set().union(*(v for a, v in vocabulary.items() if a != member.article_id))
            for word in words.get((index_of[member.article_id], member.sentence), []):
                if word.word not in others:
                    differing.add((member.article_id, word.span.start))
    return differing


def _vocabulary(article: Article, span: Span) -> set[str]:
    return {word.casefold() for word, _ in word_tokens(article.text_at(span))}


def _wording(
    articles: Sequence[Article],
    claim: ClaimGroup,
    words: Mapping[tuple[int, int], list[ScoredWord]],
    index_of: Mapping[str, int],
    differing: set[tuple[str, int]],
) -> ClaimWording:
    member_words = [words.get((index_of[m.article_id], m.sentence), []) for m in claim.members]
    loadedness = tuple(round(sum(w.score for w in found), 4) for found in member_words)
    scored = [i for i, m in enumerate(claim.members) if is_scored_language(articles[index_of[m.article_id]].language)]
    neutral = min(scored or range(len(claim.members)), key=lambda i: (loadedness[i], i))
    differs = any(
        (member.article_id, word.span.start) in differing
        for member, found in zip(claim.members, member_words, strict=True)
        for word in found
    )
    return ClaimWording(claim_id=claim.id, loadedness=loadedness, neutral_member=neutral, differs=differs)
