"""What changed between two versions of one article, sentence by sentence.

Outlets rewrite a story as it develops: a toll rises, a name is corrected, a notice is appended.
A reader of ``newsweave history`` wants those edits, not a character diff, so the versions are
compared as lists of whitespace-normalised sentences with :class:`difflib.SequenceMatcher`: the
standard library's diff (Ratcliff/Obershelp matching) aligns the unchanged sentences well, and no
dependency is needed. Inside a block of replaced sentences, an old and a new sentence similar
enough in their words are one sentence rewritten (``changed``); the rest were removed or added.
For a rewritten sentence the figures and names that differ are picked out, read the way the
compare stage reads them (:func:`newsweave.compare.slots.quantities`) so both speak alike.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from newsweave.compare.slots import quantities
from newsweave.model import Article, Span

__all__ = ["ChangeKind", "SentenceChange", "VersionDiff", "diff_versions"]

# Word overlap (difflib's ratio over the words) from which two sentences count as one rewritten:
# "Three people were injured" / "Five people were injured" is 0.75; unrelated sentences of one
# story share a few words ("the", "said") and stay well below half.
MIN_SIMILARITY = 0.5
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# quantities() reads counts ("three people", "14 percent") and sums ("$5.7 billion") but not a
# percent sign; "12%" counts as "12 percent", so a change of notation alone is no changed figure.
_PERCENT = re.compile(r"(?<![\w.,])(?P<number>\d+(?:\.\d+)?)\s?%")
# A paragraph is a run of lines without a blank line inside it.
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_WORD = re.compile(r"\w+")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceChange:
    """One sentence added, removed or rewritten.

    ``figures`` and ``names`` (rewritten sentences only) pair what the old sentence said with what
    the new one says, e.g. ``("three", "five")``; a figure or name on one side only pairs with "".
    """

    kind: ChangeKind
    old_sentence: int | None
    new_sentence: int | None
    old_text: str
    new_text: str
    figures: tuple[tuple[str, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionDiff:
    """The changes from one version to the next, in the new version's reading order (a removed
    sentence stands where it stood), with the title change and the notices added."""

    changes: tuple[SentenceChange, ...]
    title_changed: tuple[str, str] | None
    corrections_added: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        return not self.changes and self.title_changed is None and not self.corrections_added


@dataclass(frozen=True, slots=True)
class _Version:
    """An article's units (sentences, or paragraphs) as spans and as normalised text."""

    article: Article
    spans: tuple[Span, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Item:
    """A figure or a name: as ``written``, what makes two the same (``key``) and what kind of thing
    it is (``kind``), since only a figure of the same unit or a name of the same label replaces it."""

    written: str
    key: str
    kind: str


def diff_versions(old: Article, new: Article) -> VersionDiff:
    """Compare two versions of one article.

    Where either version has text but no sentences annotated, both are compared by paragraphs
    (text split on blank lines), so the diff still says something and compares like with like;
    the indices in the changes then count paragraphs.
    """
    use_sentences = all(article.sentences or not article.text.strip() for article in (old, new))
    before, after = _version(old, use_sentences), _version(new, use_sentences)
    # autojunk off: on long articles difflib would otherwise ignore frequent "sentences" as junk.
    matcher = SequenceMatcher(None, before.texts, after.texts, autojunk=False)
    changes = [
        change
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
        for change in _block_changes(before, after, range(i1, i2), range(j1, j2))
    ]
    title_changed = (old.title, new.title) if _normalise(old.title) != _normalise(new.title) else None
    seen = _notices(old)
    added = tuple(text for key, text in _notices(new).items() if key not in seen)
    return VersionDiff(changes=tuple(changes), title_changed=title_changed, corrections_added=added)


def _version(article: Article, use_sentences: bool) -> _Version:
    if use_sentences:
        spans = tuple(sentence.span for sentence in article.sentences)
    else:
        spans = tuple(
            Span(start=match.start(), end=match.end())
            for match in _PARAGRAPH.finditer(article.text)
            if not match.group().isspace()
        )
    return _Version(article, spans, tuple(_normalise(article.text_at(span)) for span in spans))


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _notices(article: Article) -> dict[str, str]:
    """Correction and update notices by case-folded text: a re-rendered page may change case or spacing."""
    texts = (_normalise(article.text_at(correction.span)) for correction in article.corrections)
    return {text.casefold(): text for text in texts}


def _block_changes(old: _Version, new: _Version, olds: range, news: range) -> list[SentenceChange]:
    """The changes of one block that is not equal: rewritten pairs in reading order, with the old
    sentences removed and the new ones added between them."""
    changes: list[SentenceChange] = []
    i, j = olds.start, news.start
    for pair_i, pair_j in [*_similar_pairs(old, new, olds, news), (olds.stop, news.stop)]:
        changes += [_change(old, new, k, None) for k in range(i, pair_i)]
        changes += [_change(old, new, None, k) for k in range(j, pair_j)]
        if pair_i < olds.stop:
            changes.append(_change(old, new, pair_i, pair_j))
        i, j = pair_i + 1, pair_j + 1
    return changes


def _similar_pairs(old: _Version, new: _Version, olds: range, news: range) -> list[tuple[int, int]]:
    """Old and new sentences similar enough to be one rewritten, best first; a pair that would
    cross one already taken is skipped, so the pairs keep both versions' reading order."""
    scored = sorted(
        ((_similarity(old.texts[i], new.texts[j]), i, j) for i in olds for j in news),
        key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
    )
    pairs: list[tuple[int, int]] = []
    for score, i, j in scored:
        if score < MIN_SIMILARITY:
            break
        if all((i - taken_i) * (j - taken_j) > 0 for taken_i, taken_j in pairs):
            pairs.append((i, j))
    return sorted(pairs)


def _similarity(left: str, right: str) -> float:
    return SequenceMatcher(None, _WORD.findall(left.casefold()), _WORD.findall(right.casefold())).ratio()


def _change(old: _Version, new: _Version, i: int | None, j: int | None) -> SentenceChange:
    """Old sentence ``i`` removed (``j`` None), new sentence ``j`` added (``i`` None), or one rewritten."""
    kind = ChangeKind.ADDED if i is None else ChangeKind.REMOVED if j is None else ChangeKind.CHANGED
    figures: tuple[tuple[str, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()
    if i is not None and j is not None:
        figures = _differences(_figures(old.article, old.spans[i]), _figures(new.article, new.spans[j]))
        names = _differences(_names(old.article, old.spans[i]), _names(new.article, new.spans[j]))
    return SentenceChange(
        kind=kind,
        old_sentence=i,
        new_sentence=j,
        old_text="" if i is None else old.texts[i],
        new_text="" if j is None else new.texts[j],
        figures=figures,
        names=names,
    )


def _figures(article: Article, sentence: Span) -> list[_Item]:
    """The sentence's figures by value and unit, so "3 people" and "three people" are one figure.

    A count's span runs on to the word it counts ("Three people"); the figure shown is the number
    alone, as a sum ("$5.7 billion") is all figure.
    """
    found: list[tuple[int, _Item]] = []
    for quantity in quantities(article, sentence):
        written = article.text_at(quantity.span)
        number = written if written[0] in "$€£" else written.rsplit(maxsplit=1)[0]
        found.append((quantity.span.start, _Item(number, f"{quantity.value:g} {quantity.unit}", quantity.unit)))
    for match in _PERCENT.finditer(article.text, sentence.start, sentence.end):
        found.append((match.start(), _Item(match.group(), f"{float(match.group('number')):g} percent", "percent")))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _names(article: Article, sentence: Span) -> list[_Item]:
    """The sentence's distinct names: a name said twice on one side and once on the other is no change."""
    mentions = sorted(
        (mention for mention in article.entities if mention.label in NAME_LABELS and sentence.contains(mention.span)),
        key=lambda mention: mention.span.start,
    )
    items: dict[str, _Item] = {}
    for mention in mentions:
        written = _normalise(article.text_at(mention.span))
        items.setdefault(written.casefold(), _Item(written, written.casefold(), mention.label))
    return list(items.values())


def _differences(old: list[_Item], new: list[_Item]) -> tuple[tuple[str, str], ...]:
    """What only one side holds, paired old with new where they are of one kind, in reading order."""
    gone, came = _unmatched(old, new), _unmatched(new, old)
    pairs: list[tuple[str, str]] = []
    for item in gone:
        replacement = next((other for other in came if other.kind == item.kind), None)
        if replacement is not None:
            came.remove(replacement)
        pairs.append((item.written, "" if replacement is None else replacement.written))
    return (*pairs, *(("", item.written) for item in came))


def _unmatched(items: list[_Item], others: list[_Item]) -> list[_Item]:
    """The items that ``others`` does not hold as many times (counted, so a second "3 people" shows)."""
    left = Counter(other.key for other in others)
    unmatched = []
    for item in items:
        if left[item.key]:
            left[item.key] -= 1
        else:
            unmatched.append(item)
    return unmatched
