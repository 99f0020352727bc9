"""newsweave's boilerplate model for pages scraped as plain text.

HTML extractors need markup; a page copied out of a browser or scraped to text has none, only one
block per line. No maintained library cleans that shape of input, so newsweave labels each block
with rules kept as data in :mod:`newsweave.extract.patterns`: page furniture (navigation, share,
newsletter, ads), the byline and the author box that follows it (bio, expertise, awards), and the
photo block (alt text and caption just before a credit line). The top of the page, its title, dek,
byline and date lines, is read by :mod:`newsweave.extract.text_header` (the dek only where the page
marks it or it reads like one: docs/pipeline.md, "Dek or lede"). This module finds the article's
main run of prose among what is left. Everything not kept is returned as labelled spans, never
dropped.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from newsweave.extract import patterns
from newsweave.extract.text_header import (
    BODY,
    LINE_CACHE_SIZE,
    SENTENCE_BREAK,
    is_byline,
    is_metadata_line,
    label_author_box,
    lede_index,
    take_dek,
    take_title,
)
from newsweave.model import Span

__all__ = [
    "BODY",
    "LINE_LABELS",
    "Block",
    "TextExtraction",
    "clean_plain_text",
    "is_byline",
    "is_metadata_line",
    "is_prose",
    "label_blocks",
    "split_blocks",
]

MAX_CAPTION_CHARS = 350
MIN_PROSE_CHARS = 80
# What a block that is not prose costs the run that crosses it: half its length, at least this.
MIN_BLOCK_COST = 15.0
# Inside a gap of non-prose blocks, the blocks after the first GAP_GRACE each cost one more
# multiple of their own cost, up to MAX_GAP_FACTOR: a subheading or a caption is a short gap,
# a menu, tag list or list of other stories a long one.
GAP_GRACE = 2
MAX_GAP_FACTOR = 11
# A run of prose beside the main one, past a gap, joins the article when it has this many
# characters of prose and at least this share of its prose blocks next to another prose block
# (a body split by a box of links); teasers of other stories stand one paragraph at a time.
MIN_BESIDE_PROSE_CHARS = 300
MIN_PAIRED_PROSE_SHARE = 0.5
MAX_RUNS_BESIDE = 8
# ... and when at most this many blocks stand between it and the article: a box of links that
# splits a body is short, the other stories at the foot of a page are far from the article.
MAX_BLOCKS_TO_RUN_BESIDE = 20
# A long line with this many sentence breaks inside is prose even where it ends no sentence.
MIN_INNER_SENTENCES = 2
# A one-line sentence of at least this many words scores this share of its length.
MIN_SENTENCE_WORDS = 6
SHORT_SENTENCE_WEIGHT = 0.5
# A block this long holding two of the page's paragraphs is a copy of the article; only the
# page's MAX_COPY_CANDIDATES longest blocks are checked.
MIN_COPY_CHARS = 3 * MIN_PROSE_CHARS
MAX_COPY_CANDIDATES = 8
# A line of a list the article introduces with a colon is at most this long.
MAX_LIST_ITEM_CHARS = 150
# Labels of lines after which nothing is the article: a comment thread, a form.
ARTICLE_ENDS = frozenset({"comments", "form"})
# A line after a "Related stories" line is one of its links if no longer than this.
MAX_LINK_CHARS = 100
# A data table has at least this many rows (tab-separated lines with the same number of cells).
MIN_TABLE_ROWS = 3
# A run whose tail after its last two adjacent prose blocks holds this many teasers ends there.
MIN_TEASERS = 2

# The labels label_blocks gives a line: page furniture, the author box, the photo block.
LINE_LABELS = (*patterns.FURNITURE_LINES, "bio", "byline", "credit", "alt_text")


# A line's content without the white space around it: its first to its last non-space character.
_LINE = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)")


@dataclass(frozen=True, slots=True)
class Block:
    """One non-empty line of the page, stripped, with its offsets in the page text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TextExtraction:
    text: str
    title: str
    dek: str
    authors: tuple[str, ...]
    removed: tuple[Span, ...]


def split_blocks(text: str) -> list[Block]:
    """The non-empty lines of ``text`` with the offsets of their stripped content."""
    return [Block(match.start(1), match.end(1), match.group(1)) for match in _LINE.finditer(text)]


def clean_plain_text(text: str, *, known_title: str = "") -> TextExtraction:
    """Split a scraped page into body, title, dek, authors and labelled removed spans."""
    blocks = split_blocks(text)
    labels, authors = label_blocks(blocks)
    lines = [block.text for block in blocks]
    title = take_title(lines, labels, known_title)
    dek = take_dek(lines, labels) if title else ""
    _label_outside_main_run(blocks, labels, lede=lede_index(lines, labels))
    body = "\n\n".join(block.text for block, label in zip(blocks, labels, strict=True) if label == BODY)
    removed = tuple(
        Span(start=block.start, end=block.end, label=label)
        for block, label in zip(blocks, labels, strict=True)
        if label != BODY
    )
    return TextExtraction(text=body, title=title, dek=dek, authors=authors, removed=removed)


def label_blocks(blocks: list[Block]) -> tuple[list[str], tuple[str, ...]]:
    """Label every block (``""`` for body) and return the author names the bylines gave."""
    labels = [_furniture_label(block.text) for block in blocks]
    authors = label_author_box([block.text for block in blocks], labels)
    _label_photo_blocks(blocks, labels)
    return labels, authors


def is_prose(line: str) -> bool:
    """Whether ``line`` reads as a paragraph of the article's prose (see _prose_score)."""
    return _prose_score(line) > 0


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def _furniture_label(line: str) -> str:
    if patterns.BIO_PREFIX.match(line) or patterns.AUTHOR_BIO.match(line):
        return "bio"
    lowered = line.lower()
    newsletter = any(word in lowered for word in patterns.NEWSLETTER_WORDS)
    furniture = (patterns.FURNITURE if newsletter else patterns.FURNITURE_BUT_NEWSLETTER).fullmatch(line)
    if furniture and furniture.lastgroup:
        return furniture.lastgroup
    if len(patterns.MENU_SEPARATORS.findall(line)) >= 3 and not patterns.SENTENCE_END.search(line):
        return "navigation"
    return BODY


def _label_photo_blocks(blocks: list[Block], labels: list[str]) -> None:
    """Label captions (a line that ends in its credit), credit lines, and the caption and alt text
    just above a credit line. One pass: a line's own label is settled before the lines above it
    are looked at, and a credit only relabels lines above it."""
    title = next((index for index, label in enumerate(labels) if label == BODY), -1)
    for index, block in enumerate(blocks):
        if labels[index] != BODY:
            continue
        if len(block.text) <= MAX_CAPTION_CHARS and _ends_in_credit(block.text):
            labels[index] = "caption"
        elif _is_credit(block.text):
            labels[index] = "credit"
            # the page's first body line is the title (text_header.take_title), not a caption, where
            # a sentence follows the credit under it ("A0/A0", a byline no rule reads): as a
            # caption it would make that sentence, the lede, the title
            keep = title if index + 1 < len(blocks) and patterns.SENTENCE_END.search(blocks[index + 1].text) else -1
            _label_above_credit(blocks, labels, index, keep=keep)


def _label_above_credit(blocks: list[Block], labels: list[str], credit: int, *, keep: int) -> None:
    before = credit - 1
    if before >= 0 and before != keep and labels[before] == BODY and _is_caption_sized(blocks[before].text):
        labels[before] = "caption"
        earlier = before - 1
        if (
            earlier >= 0
            and earlier != keep
            and labels[earlier] == BODY
            and _is_caption_sized(blocks[earlier].text)
            and patterns.PHOTO_CUES.search(blocks[earlier].text)
        ):
            labels[earlier] = "alt_text"


def _label_outside_main_run(blocks: list[Block], labels: list[str], *, lede: int = -1) -> None:
    """Label body blocks outside the page's main run of prose as boilerplate.

    A rendered page keeps menus and link lists that no cue names. Prose blocks (long, ending like
    a sentence or holding sentences) score their length, one-line sentences and rows of a data
    table half of it, other blocks lose half of theirs (at least 15), more the longer the gap they
    stand in, and the highest-scoring contiguous run of blocks is the article (the
    maximum-subarray rule; blocks already labelled count zero, subheadings zero in a short gap;
    comments, forms and "Related stories" lines end a run, and a good run above the comments
    beats a better one among them). The run ends before a tail of teasers and after a list it
    introduces with a colon; dense runs of prose near it, past a box of links but never past
    comments or a form, join it; a block repeating others is a copy. A good run above the first
    line that opens other stories beats a better one below it, as with comments. On the AEB pages
    rendered to text this took the plain-text path from F1 0.685 to 0.855, then to 0.915, 0.930
    and 0.941 (bench/extract_eval.py). Where no run scores above zero, every block is kept.
    """
    rows = _table_rows(blocks, labels)
    for index, block in enumerate(blocks):
        if labels[index] != BODY:
            continue
        if patterns.COMMENT_LINE.fullmatch(block.text):
            labels[index] = "comments"
        elif patterns.FORM_FIELD.fullmatch(block.text):
            labels[index] = "form"
        elif index not in rows and is_metadata_line(block.text):
            labels[index] = "metadata"
    _label_copies(blocks, labels)
    _label_related_boxes(blocks, labels)
    scores = [_run_score(block.text, label) for block, label in zip(blocks, labels, strict=True)]
    if 0 <= lede < len(blocks) and labels[lede] == BODY and _opens_run(blocks[lede].text):
        # the paragraph after the header opens the story even where it ends no sentence ("The latest
        # on the storm (all times local):", a lede that lost its full stop): a run must not start past it
        scores[lede] = max(scores[lede], float(len(blocks[lede].text)))
    for index in rows:
        if labels[index] == BODY:
            scores[index] = SHORT_SENTENCE_WEIGHT * len(blocks[index].text)
    _charge_long_gaps(scores, labels)
    start, end = _best_run_before_comments(scores, labels)
    if start < 0:
        return
    end = _end_before_teasers(blocks, scores, labels, start, end)
    end = _end_after_list(blocks, scores, labels, end)
    # the article ends where comments or a form begin: nothing after them joins it
    ceiling = next((index for index in range(end, len(labels)) if labels[index] in ARTICLE_ENDS), len(labels))
    runs = [(start, end), *_dense_runs_beside(scores[:ceiling], start, end)]
    for index, label in enumerate(labels):
        if label == BODY and not any(run_start <= index < run_end for run_start, run_end in runs):
            labels[index] = "boilerplate"


def _table_rows(blocks: list[Block], labels: list[str]) -> set[int]:
    """The body blocks that are rows of a data table: MIN_TABLE_ROWS or more lines in a row with
    the same number (two or more) of tab-separated cells, words among them. A browser copies a
    table so; its rows end no sentence, yet a table in the article is the article (results,
    standings, schedules). A grid of bare numbers is a calendar widget, not data."""
    rows: set[int] = set()
    run: list[int] = []
    for index, block in enumerate(blocks):
        cells = block.text.count("\t") + 1 if labels[index] == BODY else 0
        if run and cells == blocks[run[-1]].text.count("\t") + 1:
            run.append(index)
            continue
        if _is_data_table(blocks, run):
            rows.update(run)
        run = [index] if cells >= 2 else []
    if _is_data_table(blocks, run):
        rows.update(run)
    return rows


def _is_data_table(blocks: list[Block], run: list[int]) -> bool:
    return len(run) >= MIN_TABLE_ROWS and any(char.isalpha() for index in run for char in blocks[index].text)


def _best_run_before_comments(scores: list[float], labels: list[str]) -> tuple[int, int]:
    """The best run above the first comment or form line when one there has MIN_BESIDE_PROSE_CHARS
    of score, else the page's best run: an article comes before its comments, which may be longer.
    The same holds for the first line that opens other stories ("You may like"): a run past it
    gives way to one above it that has MIN_BESIDE_PROSE_CHARS."""
    first_end = next((index for index, label in enumerate(labels) if label in ARTICLE_ENDS), len(labels))
    start, end = _substantial_run(scores[:first_end])
    if start < 0:
        start, end = _best_run(scores)
    # the first line no run crosses: a section break, or a comment line with no substantial run above
    first_break = next((index for index, score in enumerate(scores) if score == -math.inf), len(scores))
    if start > first_break and (above := _substantial_run(scores[:first_break]))[0] >= 0:
        return above
    return start, end


def _substantial_run(scores: list[float]) -> tuple[int, int]:
    """The best run when it has MIN_BESIDE_PROSE_CHARS of score, else ``(-1, -1)``."""
    start, end = _best_run(scores)
    return (start, end) if start >= 0 and sum(scores[start:end]) >= MIN_BESIDE_PROSE_CHARS else (-1, -1)


def _label_copies(blocks: list[Block], labels: list[str]) -> None:
    """Label ``duplicate`` a body block that repeats an earlier one word for word, or that holds two
    or more of the page's paragraphs whole: a hidden or mobile copy of the article, flattened."""
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        if labels[index] != BODY:
            continue
        if block.text in seen:
            labels[index] = "duplicate"
        seen.add(block.text)
    body = [index for index, label in enumerate(labels) if label == BODY]
    paragraphs = [blocks[index].text for index in body if len(blocks[index].text) >= MIN_PROSE_CHARS]
    # a copy is among the page's longest blocks; checking only those keeps a page of many
    # paragraphs linear
    longest = sorted(body, key=lambda index: len(blocks[index].text), reverse=True)[:MAX_COPY_CANDIDATES]
    for index in longest:
        text = blocks[index].text
        if (
            len(text) >= MIN_COPY_CHARS
            and sum(1 for paragraph in paragraphs if paragraph != text and paragraph in text) >= 2
        ):
            labels[index] = "duplicate"


def _label_related_boxes(blocks: list[Block], labels: list[str]) -> None:
    """Label ``related`` the short lines after a "Related stories" line up to the next prose block
    or long line: the box's links, which a run starting after the box would otherwise take in as
    subheadings."""
    in_box = False
    for index, block in enumerate(blocks):
        if patterns.SECTION_BREAK.fullmatch(block.text):
            in_box = True
        elif labels[index] != BODY:
            continue
        elif in_box and len(block.text) <= MAX_LINK_CHARS and _prose_score(block.text) <= 0:
            labels[index] = "related"
        else:
            in_box = False


def _charge_long_gaps(scores: list[float], labels: list[str]) -> None:
    """Raise the cost of non-prose body blocks by their place in a gap; labelled blocks are skipped
    over (a removed caption does not end a gap)."""
    in_gap = 0
    for index, score in enumerate(scores):
        if labels[index] != BODY:
            continue
        in_gap = 0 if score > 0 else in_gap + 1
        if in_gap > GAP_GRACE:
            factor = 1 + min(in_gap - GAP_GRACE, MAX_GAP_FACTOR - 1)
            scores[index] = min(score, -MIN_BLOCK_COST) * factor


def _end_before_teasers(blocks: list[Block], scores: list[float], labels: list[str], start: int, end: int) -> int:
    """The run's end, moved back to its last two adjacent prose blocks when MIN_TEASERS or more
    teasers follow them: a list of other stories, each a headline (and maybe a byline) over one
    paragraph, that the run took in because every summary outweighs its headline."""
    body = [index for index in range(start, end) if labels[index] == BODY]
    is_prose = [scores[index] > 0 for index in body]
    pairs = [position + 1 for position in range(len(body) - 1) if is_prose[position] and is_prose[position + 1]]
    if not pairs:
        return end
    teasers = sum(1 for position in range(pairs[-1] + 1, len(body)) if _is_teaser(blocks, body, is_prose, position))
    return body[pairs[-1]] + 1 if teasers >= MIN_TEASERS else end


def _is_teaser(blocks: list[Block], body: list[int], is_prose: list[bool], position: int) -> bool:
    """A prose block standing alone, after a heading or a heading and one more short line. A line in
    capitals heads no teaser: it is a promotion inside the article ("GET OUR APP BY CLICKING HERE")."""
    if not is_prose[position] or is_prose[position - 1] or (position + 1 < len(body) and is_prose[position + 1]):
        return False
    leads = [blocks[body[lead]].text for lead in (position - 1, position - 2) if lead >= 0]
    return any(_is_heading(lead) and not lead.isupper() for lead in leads)


def _end_after_list(blocks: list[Block], scores: list[float], labels: list[str], end: int) -> int:
    """The run's end, moved past a list that the article introduces right after it ("Tour dates:"):
    the short lines that follow a line ending in a colon, up to the first prose, long or
    labelled line."""
    intro = next((index for index in range(end, len(labels)) if labels[index] == BODY), len(labels))
    if intro == len(labels) or scores[intro] == -math.inf or not blocks[intro].text.endswith(":"):
        return end  # "You might also like:" opens other stories, not a list of the article
    end = intro + 1
    while (
        end < len(labels)
        and labels[end] == BODY
        and -math.inf < scores[end] <= 0
        and len(blocks[end].text) <= MAX_LIST_ITEM_CHARS
    ):
        end += 1
    return end


def _dense_runs_beside(scores: list[float], start: int, end: int) -> list[tuple[int, int]]:
    """The best runs after and before ``[start, end)``, one by one outwards, while each holds dense
    prose (see MIN_BESIDE_PROSE_CHARS) near the last one joined, at most MAX_RUNS_BESIDE on each
    side: each one found rescans the rest of the page."""
    runs: list[tuple[int, int]] = []
    low, high = start, end
    while (
        len(runs) < MAX_RUNS_BESIDE
        and (after := _best_run(scores[high:])) != (-1, -1)
        and (dense := _dense_part(scores, high + after[0], high + after[1], from_start=True))
        and dense[0] - high <= MAX_BLOCKS_TO_RUN_BESIDE
    ):
        runs.append(dense)
        high = dense[1]
    while (
        len(runs) < 2 * MAX_RUNS_BESIDE
        and (before := _best_run(scores[:low])) != (-1, -1)
        and (dense := _dense_part(scores, *before, from_start=False))
        and low - dense[1] <= MAX_BLOCKS_TO_RUN_BESIDE
    ):
        runs.append(dense)
        low = dense[0]
    return runs


def _dense_part(scores: list[float], start: int, end: int, *, from_start: bool) -> tuple[int, int] | None:
    """The longest part of ``[start, end)`` that is dense prose, kept from the end nearer the
    article and cut at a prose block, or None: the best run past a box of links can go on into a
    list of teasers (a headline or a label over one short summary each), whose lone summaries would
    leave the whole run too sparse to join."""
    prose = [index for index in range(start, end) if scores[index] > 0]
    outwards = prose if from_start else prose[::-1]
    for last in reversed(outwards):
        part = (start, last + 1) if from_start else (last, end)
        if _is_dense_prose(scores, *part):
            return part
    return None


def _is_dense_prose(scores: list[float], start: int, end: int) -> bool:
    prose = {index for index in range(start, end) if scores[index] > 0}
    paired = sum(1 for index in prose if index - 1 in prose or index + 1 in prose)
    prose_chars = sum(scores[index] for index in prose)
    return prose_chars >= MIN_BESIDE_PROSE_CHARS and paired >= MIN_PAIRED_PROSE_SHARE * len(prose)


def _run_score(line: str, label: str) -> float:
    if label in ARTICLE_ENDS:
        return -math.inf  # the article ends where comments begin; a run never spans them
    if patterns.SECTION_BREAK.fullmatch(line):
        return -math.inf  # other stories begin; a body that goes on after them joins as a dense run
    return _prose_score(line) if label == BODY else 0.0


def _opens_run(line: str) -> bool:
    """A line of words that may be the lede; a teaser (cut off, or a story card) never is."""
    return (
        len(line.split()) >= MIN_SENTENCE_WORDS
        and not patterns.TRUNCATED.search(line)
        and not _is_glued_story_card(line)
    )


def _prose_score(line: str) -> float:
    if patterns.TRUNCATED.search(line) or _is_glued_story_card(line):
        return _non_prose_cost(line)  # a teaser is never the article's prose
    length = len(line) + (patterns.DENSE_SCRIPT_WEIGHT - 1) * len(patterns.DENSE_SCRIPT.findall(line))
    if length >= MIN_PROSE_CHARS and (patterns.SENTENCE_END.search(line) or _holds_sentences(line)):
        return float(length)
    if line[:1].isupper() and len(line.split()) >= MIN_SENTENCE_WORDS and patterns.SENTENCE_END.search(line):
        return SHORT_SENTENCE_WEIGHT * length  # "Police declined to comment.": prose, if short
    if _is_heading(line):
        return 0.0  # a subheading opens a section: neutral, so a run may start on it
    return _non_prose_cost(line)


def _is_glued_story_card(line: str) -> bool:
    """A headline in title case run into its summary on one line ("Customers Leave Without Paying
    At Troy SteakhouseA party of six left ..."): a menu of story cards that a page renders without
    a break between a card's two parts. Each card outweighs its headline and the menu would
    outweigh the article."""
    for glue in patterns.GLUED_HEADLINE_END.finditer(line, 0, patterns.MAX_GLUED_HEADLINE_CHARS):
        words = patterns.HEADLINE_WORD.findall(line[: glue.end()])
        # short words ("of", "in", "to") are lower case in a title-case headline too
        title_case = all(word[0].isupper() for word in words if len(word) > 3)
        if title_case and len(words) >= patterns.MIN_GLUED_HEADLINE_WORDS:
            return True
    return False


def _holds_sentences(line: str) -> bool:
    """A paragraph that ends on a signature or a title ("... in every place. Lívia Barros") ends no
    sentence, yet sentences run through it; a menu or a tag list has none."""
    return len(SENTENCE_BREAK.findall(line)) >= MIN_INNER_SENTENCES


def _non_prose_cost(line: str) -> float:
    return -max(MIN_BLOCK_COST, 0.5 * len(line))


def _is_heading(line: str) -> bool:
    return line[:1].isupper() and 4 <= len(line.split()) <= 25 and not patterns.SENTENCE_END.search(line)


def _best_run(scores: list[float]) -> tuple[int, int]:
    """``[start, end)`` of the contiguous run with the highest positive sum, or ``(-1, -1)``."""
    best, best_range = 0.0, (-1, -1)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total < 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_range = total, (start, index + 1)
    return best_range


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def _ends_in_credit(line: str) -> bool:
    """CAPTION_CREDIT, searched only in lines that can match it (see CAPTION_CREDIT_WORDS)."""
    lowered = line.lower()
    if not (line.endswith(")") or any(word in lowered for word in patterns.CAPTION_CREDIT_WORDS)):
        return False
    return bool(patterns.CAPTION_CREDIT.search(line))


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def _is_credit(line: str) -> bool:
    if len(line) > 100:
        return False
    lowered = line.lower()
    return (
        any(word in lowered for word in patterns.CREDIT_WORDS)
        and not patterns.SENTENCE_END.search(line)
        and bool(patterns.CREDIT.match(line))
    )


def _is_caption_sized(line: str) -> bool:
    return len(line) <= MAX_CAPTION_CHARS and len(SENTENCE_BREAK.findall(line)) <= 1
