"""The header of a page scraped as plain text: title, label and date lines, dek, byline, lede.

Split from :mod:`newsweave.extract.plaintext` (which finds the article's run of prose among the
page's furniture) because the top of a page follows an order of its own: the title, maybe a label
line ("Analysis", "Updated 5:30 p.m."), a dek, a byline and a date line, then the lede. A byline or
date line is removed from the body as boilerplate, but what it says is kept: the byline's names
become the article's authors here; the date a date line gives is read by
:func:`newsweave.extract.metadata.dateline` (one date parser for HTML and text). A wire agency a
byline credits ("By Jane Doe, Reuters", "Jane Doe | AP") is no author; the names pass
:func:`newsweave.extract.metadata.clean_authors`, as the HTML path's do.

The bylines that need the header's place to be told from other lines (a photo credit "Jane Doe |
AP" under a caption, a line of two names in a list) are read only there: among the HEADER_REACH
lines after the first line of the page that is not furniture (the line :func:`take_title` takes as
the title), up to the second that ends a sentence. The lede, the first paragraph after the header,
is never taken as such a byline: a line that ends a sentence is none. Their cues are data at the
top of this module, apart from the logic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from newsweave.extract import patterns
from newsweave.extract.metadata import clean_authors

__all__ = [
    "BODY",
    "HEADER_LABELS",
    "LINE_CACHE_SIZE",
    "SENTENCE_BREAK",
    "byline_names",
    "is_byline",
    "is_metadata_line",
    "label_author_box",
    "lede_index",
    "take_dek",
    "take_title",
]

# The label of a line that is the article's body.
BODY = ""
MAX_TITLE_CHARS = 200
# A dek the page marks as one (a byline or a date line follows it, the story's dateline or a copy
# of it opens the next paragraph) is at most this long; one it does not mark must read like a
# dek: at least MIN_DEK_WORDS, at most MAX_PLAIN_DEK_WORDS and MAX_PLAIN_DEK_CHARS, no dateline and
# no attribution. Anything else after the title is the article's first paragraph, its lede.
MAX_DEK_CHARS = 320
MAX_PLAIN_DEK_WORDS = 25
MAX_PLAIN_DEK_CHARS = 160
MIN_DEK_WORDS = 4
DEK_MARKERS = frozenset({"byline", "bio"})
HEADER_LABELS = frozenset({"dek", "kicker", "metadata", *DEK_MARKERS})
# Label lines between title and dek ("Analysis", "Updated 5:30 p.m."): at most this many, this short.
MAX_KICKERS = 2
MAX_KICKER_WORDS = 3
AUTHOR_BOX_REACH = 6
# The header: at most this many body lines after the title (a label line, a dek, a byline, a date
# line), and none past the second that ends a sentence (the first may be the dek).
HEADER_REACH = 4
# Lines recur: a page's menus twice (desktop and mobile), the same share bars and menus on every
# page of a site, and half the lines a page leaves out are lines seen on another page of the
# AEB set. The labels of a line alone are remembered (at most this many lines).
LINE_CACHE_SIZE = 1 << 14

SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"“A-ZÁÉÍÓÚÑ])")
_WORD = re.compile(r"\w+")

# Cues of the header's bylines. One or more names: "Jane Doe", "Jane Doe and John Roe".
_NAMES = rf"{patterns.PERSON_NAME}(?:\s*(?:,|\band\b|&)\s*{patterns.PERSON_NAME})*"
# What a byline may end with after its names: ", Reuters", " · 5 min read", " on March 3, 2019".
_BYLINE_TAIL = r"(?:\s*(?:[,|·•–—-]|\b(?i:on|at|for|in)\b)\s*.{0,60})?"
# A byline with a label: "Story by Jane Doe", "Author: Jane Doe", "By: Jane Doe", "By Jane Doe · 5 min
# read" (a tail patterns.BYLINE does not take).
_LABELLED_BYLINE = re.compile(
    r"^(?i:(?:(?:story|words|text|reporting|report|written|posted|compiled)\s+)?by:?|authors?:|byline:)\s*"
    rf"(?P<names>{_NAMES}){_BYLINE_TAIL}$"
)
# A date line that ends on its byline: "Posted on March 3, 2019 by Jane Doe".
_DATED_BYLINE = re.compile(rf"^(?P<dated>.{{3,60}}?)\s+(?i:by)\s+(?P<names>{_NAMES})$")
# Names, then what credits them: "Jane Doe | AP", "Jane Doe and John Roe, Reuters", "Jane Doe |
# March 3, 2019". The credit must be an organisation, a date line or a reading time (see below).
_CREDITED_NAMES = re.compile(rf"^(?P<names>{_NAMES})\s*(?:[|,·•–—]|\s-)\s*(?P<credit>[^|·•]{{2,60}})$")
# An organisation a byline credits: a wire agency or network ("AP", "Reuters", "CNN"), a name that
# ends in a word outlets use ("Fjord Post", "The Associated Press", "Reuters staff").
_ORGANISATION = re.compile(
    r"(?i:(?:the\s+)?(?:reuters|afp|ap|efe|dpa|ansa|upi|xinhua|kyodo|tass|bloomberg|agence france-presse"
    r"|pa media|associated press|cnn|bbc|npr|abc|cbs|nbc))"
    r"|(?i:(?:the\s+)?(?:[\w.&'’-]+\s+){0,4}(?:press|news|media|agency|wire|times|post|journal|herald|tribune"
    r"|gazette|courier|daily|magazine|radio|tv|television|network|newsroom|staff|bureau))"
)
# A date or a time of day in a date line a byline ends with ("| March 3, 2019", ", 5:02 PM ET").
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_READING_TIME = re.compile(r"(?i)\d+\s*min(?:ute)?s?\.?\s+read")
# A line of a role alone, under a name alone: "Jane Doe" then "Staff Writer" or "Senior Correspondent, AP".
_ROLE_LINE = re.compile(rf"^{patterns.ROLE_WORDS}(?:\s*[,|·•–—-]\s*.{{2,40}})?$")
# A role after a name, apart from it or glued to it by a page that lost the break between them
# ("Meg JamesStaff Writer", "Michael HiltzikBusiness Columnist"): cut off, the name is kept.
_SPACED_ROLE = re.compile(rf"\s+{patterns.ROLE_WORDS}$")
_GLUED_ROLE = re.compile(rf"(?<=[a-z])(?=[A-Z]\S*(?:\s+\S+)?$)(?:[A-Z][a-z]+\s+)?{patterns.ROLE_WORDS}$")


def is_metadata_line(line: str) -> bool:
    """A short line that only dates or files the page ("Updated 6:34 am EST", "Posted in News")."""
    return (
        len(line.split()) <= patterns.MAX_METADATA_WORDS
        and not patterns.SENTENCE_END.search(line)
        and bool(patterns.METADATA_LINE.fullmatch(line))
    )


def is_byline(line: str) -> bool:
    """A byline anywhere on a page: "By Name", "Name Senior Writer"."""
    return bool(byline_names(line))


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def byline_names(line: str) -> tuple[str, ...]:
    """The names a byline gives as written, agencies among them (``()`` for a line that is none)."""
    match = patterns.BYLINE.match(line) if len(line) <= 120 else None
    if match is None:
        return ()
    if match.group("name"):
        return (match.group("name").strip(),)
    return _split_names(match.group("names"))


def label_author_box(lines: Sequence[str], labels: list[str]) -> tuple[str, ...]:
    """Label bylines and the author box after one (bio, expertise, awards) among the body lines;
    return the authors the bylines name, agencies left out."""
    authors: list[str] = []
    header = _header_lines(lines, labels)
    last_byline = -AUTHOR_BOX_REACH - 1
    for index, line in enumerate(lines):
        if labels[index] != BODY:
            continue
        names, n_lines = byline_names(line), 1
        if not names and index in header:
            names, n_lines = _header_byline(lines, labels, index)
        if names:
            labels[index : index + n_lines] = ["byline"] * n_lines
            authors.extend(name for name in _authors(names) if name not in authors)
            last_byline = index + n_lines - 1
        elif index - last_byline <= AUTHOR_BOX_REACH and authors:
            label = _author_box_label(line, authors)
            if label:
                labels[index] = label
                last_byline = index
    return tuple(authors)


def _authors(names: tuple[str, ...]) -> tuple[str, ...]:
    """The persons among a byline's names, without a role written after one; agencies, staff
    labels and what else is no person are left out by metadata.clean_authors."""
    persons = [_GLUED_ROLE.sub("", name) if _GLUED_ROLE.search(name) else _SPACED_ROLE.sub("", name) for name in names]
    return clean_authors(persons, outlet="")


def _split_names(names: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in re.split(r"\s*(?:,|\band\b|\by\b|&)\s*", names) if name.strip())


def _header_lines(lines: Sequence[str], labels: list[str]) -> set[int]:
    """The body lines after the first one (the title), at most HEADER_REACH, up to the second that
    ends a sentence: the first may be the dek, the second is the story's."""
    body = [index for index, label in enumerate(labels) if label == BODY][1 : 1 + HEADER_REACH]
    sentences = [index for index in body if patterns.SENTENCE_END.search(lines[index])]
    return {index for index in body if len(sentences) < 2 or index < sentences[1]}


def _header_byline(lines: Sequence[str], labels: list[str], index: int) -> tuple[tuple[str, ...], int]:
    """The names of a byline that only the header holds, and how many lines it takes (1, or 2 for
    a name over its role); ``((), 1)`` for a line that is none. A line that ends a sentence is
    never one: it may be the lede."""
    line = lines[index]
    if len(line) > 120 or patterns.SENTENCE_END.search(line):
        return (), 1
    if match := _LABELLED_BYLINE.match(line):
        return _split_names(match.group("names")), 1
    if (match := _DATED_BYLINE.match(line)) and _is_date_line(match.group("dated")):
        return _split_names(match.group("names")), 1
    if (match := _CREDITED_NAMES.match(line)) and _is_credit(match.group("credit")):
        names = _split_names(match.group("names"))
        # under a caption, "Name | Agency" credits the photo, not the story
        if all(not _ORGANISATION.fullmatch(name) for name in names) and not _follows_caption(labels, lines, index):
            return names, 1
    following = index + 1
    if (
        patterns.NAME_ONLY.match(line)
        and following < len(lines)
        and labels[following] == BODY
        and _ROLE_LINE.match(lines[following])
    ):
        return (line,), 2
    return (), 1


def _is_credit(text: str) -> bool:
    """What may follow a byline's names: an organisation, a date line or a reading time."""
    text = text.strip()
    return bool(_ORGANISATION.fullmatch(text) or _is_date_line(text) or _READING_TIME.fullmatch(text))


def _is_date_line(text: str) -> bool:
    """A metadata line with a day or a time of day in it ("Mai 2020 und Dessau" is none)."""
    return is_metadata_line(text) and bool(patterns.DATELINE.search(text) or _TIME_OF_DAY.search(text))


def _follows_caption(labels: list[str], lines: Sequence[str], index: int) -> bool:
    """Whether the body line above ``index`` reads like a photo caption (the title never does)."""
    body = [above for above in range(index) if labels[above] == BODY]
    return len(body) >= 2 and bool(patterns.PHOTO_CUES.search(lines[body[-1]]))


def _author_box_label(line: str, authors: list[str]) -> str:
    if line in authors:
        return "byline"
    if patterns.BIO_PREFIX.match(line) or patterns.AWARD.match(line):
        return "bio"
    first_names = {author.split()[0] for author in authors}
    first_word = line.split(maxsplit=1)[0]
    if patterns.BIO_CUES.search(line) and (first_word in first_names or first_word in {"She", "He", "They"}):
        return "bio"
    return BODY


def take_title(lines: Sequence[str], labels: list[str], known_title: str) -> str:
    """Label the title: the first body line (or the one equal to ``known_title``); return it."""
    for index, label in enumerate(labels):
        if label != BODY:
            continue
        text = lines[index]
        if (known_title and text == known_title) or (not known_title and len(text) <= MAX_TITLE_CHARS):
            labels[index] = "title"
            return text
        return known_title
    return known_title


def take_dek(lines: Sequence[str], labels: list[str]) -> str:
    """Label the dek after the title (and the label lines before it); return it, or ``""``."""
    if "title" not in labels:
        return ""
    start = labels.index("title") + 1
    index = _after_kickers(lines, labels, start)
    if (
        index < len(lines)
        and labels[index] == BODY
        and labels[index + 1 :].count(BODY) >= 2
        and _is_dek(lines, labels, index)
    ):
        for kicker in range(start, index):
            labels[kicker] = "metadata" if is_metadata_line(lines[kicker]) else "kicker"
        labels[index] = "dek"
        return lines[index]
    return ""


def lede_index(lines: Sequence[str], labels: list[str]) -> int:
    """The first body line after the title when only header lines (dek, byline, label lines such as
    "Analysis") stand between them, else -1 (also where no line of the page is the title)."""
    if "title" not in labels:
        return -1
    index = _after_kickers(lines, labels, labels.index("title") + 1)
    while index < len(labels) and labels[index] in HEADER_LABELS:
        index = _after_kickers(lines, labels, index + 1)
    return index if index < len(labels) and labels[index] == BODY else -1


def _after_kickers(lines: Sequence[str], labels: list[str], index: int) -> int:
    """The index after up to MAX_KICKERS label lines from ``index`` on: a section name or a time
    after the title ("Analysis", "Updated 5:30 p.m.") is neither dek nor lede; the dek may follow."""
    stop = min(index + MAX_KICKERS, len(lines))
    while index < stop and labels[index] == BODY and _is_kicker(lines[index]):
        index += 1
    return index


def _is_kicker(line: str) -> bool:
    if patterns.SENTENCE_END.search(line):
        return False
    return len(line.split()) <= MAX_KICKER_WORDS or is_metadata_line(line)


def _is_dek(lines: Sequence[str], labels: list[str], index: int) -> bool:
    """Whether the first paragraph after the title is a dek. Losing a lede costs more than keeping a
    dek in the body, so a paragraph is a dek only when the page marks it as one or it reads like one."""
    text = lines[index]
    if _opens_story(text, lines[index + 1] if labels[index + 1] == BODY else ""):
        return False
    if _marked_as_dek(lines, labels, index):
        return len(text) <= MAX_DEK_CHARS
    return _reads_like_dek(text)


def _opens_story(line: str, following: str) -> bool:
    """A dateline, a paragraph of sentences, a colon that leads into what follows, or a next
    paragraph that goes on with the line's story (it opens on the surname of a person the line
    names in full, or on a pronoun): each says the line is the story's first paragraph."""
    return (
        bool(patterns.STORY_DATELINE.match(line))
        or len(SENTENCE_BREAK.findall(line)) > 1
        or line.endswith(":")
        or _continues(following, line)
    )


def _continues(paragraph: str, line: str) -> bool:
    first = _WORD.match(paragraph)
    if first is None:
        return False
    surnames = {name.split()[-1] for name in patterns.FULL_NAME.findall(line)}
    return first.group() in surnames or first.group() in patterns.BACK_REFERENCES


def _marked_as_dek(lines: Sequence[str], labels: list[str], index: int) -> bool:
    """A byline, the author box or a date line follows the paragraph (the header's order: title, dek,
    byline), or the next paragraph opens with the story's dateline or repeats the paragraph."""
    following = lines[index + 1]  # take_dek saw body lines after this one
    return labels[index + 1] in DEK_MARKERS or (
        labels[index + 1] == BODY
        and (
            is_metadata_line(following)
            or bool(patterns.STORY_DATELINE.match(following))
            or _repeats(following, lines[index])
        )
    )


def _repeats(paragraph: str, line: str) -> bool:
    """Whether ``paragraph`` holds ``line``'s words in order; a teaser cut off with an ellipsis ("The
    ferry stopped on Tuesday after waves of up…") is matched without its cut word."""
    words = _WORD.findall(line.lower())
    if patterns.TRUNCATED.search(line):
        words = words[:-1]
    return len(words) >= MIN_DEK_WORDS and f" {' '.join(words)} " in f" {' '.join(_WORD.findall(paragraph.lower()))} "


def _reads_like_dek(line: str) -> bool:
    """Short (a weighted length, so a line of CJK script is not taken as short), with enough words
    to say something, without the attribution ("..., officials said.") that opens a news story."""
    length = len(line) + (patterns.DENSE_SCRIPT_WEIGHT - 1) * len(patterns.DENSE_SCRIPT.findall(line))
    words = len(line.split())
    return (
        length <= MAX_PLAIN_DEK_CHARS
        and words <= MAX_PLAIN_DEK_WORDS
        and (words >= MIN_DEK_WORDS or bool(patterns.DENSE_SCRIPT.search(line)))
        and not patterns.REPORTED.search(line)
    )
