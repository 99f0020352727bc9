"""Sentence alignment across articles: which sentences of different sources state the same claim.

A pair's score is the pair model's probability that the two sentences state one claim
(:mod:`newsweave.compare.pairs`: embedding cosine and IDF-weighted word overlap, with figure and
negation features, fitted on MSRP paraphrases and ECB+ same-event sentences; a pair in two languages goes to its
cosine-only twin). The model is asked with figures and negation left out: grouping asks whether
two sentences make the same claim, and the conflict rules then judge the figures and negations
of the sentences grouped; a model that kept "Three people were injured" apart from "Five people
were injured" would hide every conflict. A sentence that names a person the other article never
mentions loses ``FOREIGN_ENTITY_PENALTY`` (on the seeds, "Kim Dotcom tweeted ... Reconnect
Julian" otherwise paired with a sentence on the #reconnectJulian hashtag in a report that never
names him).

Pairs are kept when the probability reaches ``min_probability``, best first, each sentence at
most once per other article (a greedy one-to-one matching); kept pairs join into claim groups,
best first, never two sentences of one article in a group, and only when the joined group holds
together (see :func:`align_units`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.compare.pairs import load_pair_model
from newsweave.model import Span

__all__ = ["ClaimUnit", "align_units", "alignment_scores"]

# Subtracted from a pair's probability when a sentence names someone the other article never
# mentions: two sources cannot state the same claim about a person only one of them knows.
FOREIGN_ENTITY_PENALTY = 0.25
# The slots the conflict rules judge, left out of the pair model's view when grouping.
SLOT_FEATURES = ("number_conflict", "negation_mismatch")


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """A sentence that can carry a claim: its article (by position), sentence index and text."""

    article: int
    sentence: int
    span: Span
    text: str
    entity_ids: frozenset[str]


def alignment_scores(
    units: Sequence[ClaimUnit],
    vectors: npt.NDArray[np.float32],
    article_entities: Sequence[frozenset[str]],
    languages: Sequence[str] = (),
) -> npt.NDArray[np.float64]:
    """Pairwise same-claim probabilities of ``units``, less the penalty for naming an entity the
    other article lacks (``article_entities`` and ``languages`` by article index); pairs of one
    article's sentences, which no alignment reads, are left unscored."""
    unit_languages = [languages[unit.article] for unit in units] if languages else None
    scores = load_pair_model().score_matrix(
        [unit.text for unit in units],
        vectors,
        languages=unit_languages,
        ignore=SLOT_FEATURES,
        sources=[unit.article for unit in units],
    )
    # Rounded so that a pair's rank never turns on float noise: the embedder's vectors agree only to
    # float32 rounding between one batch of sentences and another (stored vectors, a fresh story).
    return np.round(scores - FOREIGN_ENTITY_PENALTY * _foreign_entities(units, article_entities), 5)


def _foreign_entities(
    units: Sequence[ClaimUnit], article_entities: Sequence[frozenset[str]]
) -> npt.NDArray[np.float64]:
    """1 where one unit of the pair names an entity absent from the other unit's article."""
    if not units:
        return np.zeros((0, 0))
    articles = range(len(article_entities))
    foreign = np.array([[bool(unit.entity_ids - article_entities[a]) for a in articles] for unit in units], dtype=bool)
    article_of = np.array([unit.article for unit in units])
    either = foreign[:, article_of] | foreign[:, article_of].T
    penalties: npt.NDArray[np.float64] = either.astype(np.float64)
    return penalties


def align_units(
    units: Sequence[ClaimUnit], scores: npt.NDArray[np.float64], *, min_probability: float, min_link: float
) -> list[list[int]]:
    """Groups of unit indexes: one-to-one best matches across articles, joined best first.

    Two groups join only if no article is in both, the pairs across them reach ``min_probability``
    on average, and every one of them reaches ``min_link``: so a claim group holds at most one
    sentence of each article, and no member is there only through another. A chain of looser
    matches (A like B, B like C, C unlike A) would otherwise present C as saying what A says; the
    floor below the threshold lets in a member that is a little further from one of the others,
    as a report in another language often is.
    """
    parent = list(range(len(units)))
    group_articles = [{unit.article} for unit in units]
    group_members = [[index] for index in range(len(units))]
    articles = sorted({unit.article for unit in units})
    members = {
        article: np.array([i for i, unit in enumerate(units) if unit.article == article]) for article in articles
    }
    pairs = [
        (float(scores[i, j]), i, j)
        for a_index, a in enumerate(articles)
        for b in articles[a_index + 1 :]
        for i, j in _greedy_matches(scores, members[a], members[b], min_probability)
    ]
    for _, i, j in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
        root_i, root_j = _find(parent, i), _find(parent, j)
        if root_i == root_j or group_articles[root_i] & group_articles[root_j]:
            continue
        across = scores[np.ix_(group_members[root_i], group_members[root_j])]
        if across.min() >= min_link and across.mean() >= min_probability:
            parent[root_i] = root_j
            group_articles[root_j] |= group_articles[root_i]
            group_members[root_j] += group_members[root_i]
    groups: dict[int, list[int]] = {}
    for index in range(len(units)):
        groups.setdefault(_find(parent, index), []).append(index)
    return list(groups.values())


def _greedy_matches(
    scores: npt.NDArray[np.float64], left: npt.NDArray[np.int_], right: npt.NDArray[np.int_], min_probability: float
) -> list[tuple[int, int]]:
    if not len(left) or not len(right):
        return []
    block = scores[np.ix_(left, right)]
    rows, columns = np.nonzero(block >= min_probability)
    order = np.argsort(-block[rows, columns], kind="stable")
    used_rows: set[int] = set()
    used_columns: set[int] = set()
    matches = []
    for row, column in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if row not in used_rows and column not in used_columns:
            used_rows.add(row)
            used_columns.add(column)
            matches.append((int(left[row]), int(right[column])))
    return matches


def _find(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index
