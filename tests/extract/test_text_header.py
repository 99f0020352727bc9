"""The header of a scraped text page: its byline and date lines are removed from the body and read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fakes import FakeLanguageId

from newsweave.extract import extract_article
from newsweave.extract.plaintext import clean_plain_text
from newsweave.extract.text_header import BODY, byline_names, label_author_box
from newsweave.model import Article, Document, MediaType
from newsweave.sources import content_id

TITLE = "Council shuts the Halvard Bridge after divers find cracked piers"
LEDE = (
    "The Port Alder council shut the Halvard Bridge to all traffic on Tuesday after divers found deep "
    "cracks in two of its piers, officials said."
)
STORY = [
    LEDE,
    "The bridge carried about 60,000 vehicles a day, and drivers were sent onto the ring road and the "
    "smaller crossings upriver, the transport office said.",
    "Engineers will decide within a month whether the piers can be braced or must be rebuilt, a process "
    "that could keep the crossing closed until next spring.",
]


def _page(*header: str) -> str:
    return "\n\n".join([TITLE, *header, *STORY]) + "\n"


def _extract(text: str) -> Article:
    document = Document(id=content_id(text), uri="page.txt", media_type=MediaType.TEXT, content=text)
    return extract_article(document, language_id=FakeLanguageId(lambda _: "en"))


def _removed(text: str) -> dict[str, str]:
    cleaned = clean_plain_text(text)
    return {text[span.start : span.end]: span.label for span in cleaned.removed}


@pytest.mark.parametrize(
    ("header", "authors"),
    [
        (["By Jane Doe"], ("Jane Doe",)),
        (["By Jane Doe and John Roe, Reuters"], ("Jane Doe", "John Roe")),
        (["Jane Doe | AP"], ("Jane Doe",)),
        (["Jane Doe, Reuters"], ("Jane Doe",)),
        (["Jane Doe and John Roe | The Associated Press"], ("Jane Doe", "John Roe")),
        (["By Jane Doe, Associated Press"], ("Jane Doe",)),
        (["Story by Jane Doe"], ("Jane Doe",)),
        (["Author: Jane Doe"], ("Jane Doe",)),
        (["Written by: Jane Doe"], ("Jane Doe",)),
        (["By Jane Doe · 5 min read"], ("Jane Doe",)),
        (["Jane Doe", "Staff Writer"], ("Jane Doe",)),
        (["Jane Doe | March 3, 2019"], ("Jane Doe",)),
        (["Posted on March 3, 2019 by Jane Doe"], ("Jane Doe",)),
        (["By Meg JamesStaff Writer"], ("Meg James",)),
        (["By Michael HiltzikBusiness Columnist"], ("Michael Hiltzik",)),
        (["Analysis", "Jane Doe | Fjord Post"], ("Jane Doe",)),
        (["Crews expect the crossing to stay shut for weeks.", "Jane Doe | AP"], ("Jane Doe",)),
    ],
)
def test_text_header_byline_gives_authors_and_keeps_the_lede(header: list[str], authors: tuple[str, ...]) -> None:
    text = _page(*header)

    cleaned = clean_plain_text(text)

    assert cleaned.authors == authors
    assert cleaned.title == TITLE
    assert cleaned.text.split("\n\n") == STORY
    assert _removed(text)[header[-1]] == "byline"


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("Published March 3, 2019", datetime(2019, 3, 3, tzinfo=UTC), None),
        ("Updated 5:02 PM ET, Sun March 3, 2019", None, datetime(2019, 3, 3, tzinfo=UTC)),
        ("2019-03-03", datetime(2019, 3, 3, tzinfo=UTC), None),
        ("Sun 3 Mar 2019 17.02 GMT", datetime(2019, 3, 3, tzinfo=UTC), None),
        ("By Jane Doe | March 3, 2019", datetime(2019, 3, 3, tzinfo=UTC), None),
    ],
)
def test_text_header_date_line_gives_the_date_and_keeps_the_lede(
    line: str, published: datetime | None, updated: datetime | None
) -> None:
    text = _page(line)

    article = _extract(text)

    assert (article.published, article.updated) == (published, updated)
    assert article.published_from == ("text" if published else "")
    assert article.text.split("\n\n") == STORY
    assert _removed(text)[line] in {"metadata", "byline"}


def test_text_header_byline_and_date_line_both_read() -> None:
    article = _extract(_page("By Jane Doe and John Roe, Reuters", "Published March 3, 2019"))

    assert article.authors == ("Jane Doe", "John Roe")
    assert article.authors_from == "text"
    assert article.published == datetime(2019, 3, 3, tzinfo=UTC)
    assert article.text.split("\n\n") == STORY


def test_text_header_story_dateline_stays_in_the_lede_and_invents_no_date() -> None:
    lede = "WASHINGTON (AP) — " + LEDE
    text = "\n\n".join([TITLE, lede, *STORY[1:]])

    article = _extract(text)

    assert article.text.split("\n\n") == [lede, *STORY[1:]]
    assert article.published is None
    assert article.authors == ()


@pytest.mark.parametrize(
    "line",
    [
        "Willkommen Gast | RSS",  # a greeting and a feed link in a page's menu
        "Termine Whisky Tastings Januar – Mai 2020 Halle/Saale und Dessau",  # a month is no date line
        "Take C.A.R.E. - comwrap auf der DMEXCO 2018",
        "Climate Change, Extreme Weather",  # two topics, no credit
        "Local News | AP",  # a section, not a person
    ],
)
def test_text_header_line_that_only_looks_like_a_byline_names_no_author(line: str) -> None:
    assert clean_plain_text(_page(line)).authors == ()


def test_text_header_name_and_agency_under_a_caption_is_a_photo_credit() -> None:
    caption = "A diver stands on the pier of the Halvard Bridge on Tuesday."
    text = _page(caption, "Ola Berg | AP")

    cleaned = clean_plain_text(text)

    assert cleaned.authors == ()
    assert _removed(text)["Ola Berg | AP"] == "credit"
    assert cleaned.text.split("\n\n") == STORY


@pytest.mark.parametrize("credit", ["A0/A0", "Ola Berg / Fjord Images", "Jane Doe | Getty Images"])
def test_text_header_credit_line_under_the_title_leaves_title_and_lede(credit: str) -> None:
    text = _page(credit)

    cleaned = clean_plain_text(text)

    assert cleaned.title == TITLE
    assert cleaned.text.split("\n\n") == STORY
    assert _removed(text)[credit] == "credit"


def test_text_header_first_line_over_a_credit_and_no_sentence_is_still_a_caption() -> None:
    caption = "Harbour cranes at dusk in Port Alder"
    text = "\n\n".join([caption, "Ola Berg / Fjord Images", TITLE, *STORY])

    cleaned = clean_plain_text(text)

    assert cleaned.title == TITLE
    assert _removed(text)[caption] == "caption"


def test_text_header_name_and_agency_below_the_header_is_no_byline() -> None:
    text = "\n\n".join([TITLE, *STORY[:2], "Jane Doe | AP", STORY[2]])

    assert clean_plain_text(text).authors == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Jane Doe and John Roe, the founders, said they would sell the ferry.",
        "Jane Doe, Reuters.",
    ],
)
def test_text_header_line_ending_a_sentence_is_no_header_byline(sentence: str) -> None:
    lines = [TITLE, sentence, *STORY]
    labels = [BODY] * len(lines)

    assert label_author_box(lines, labels) == ()
    assert labels == [BODY] * len(lines)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Mara Lind", ("Mara Lind",)),
        ("By Mara Lind, Associated Press", ("Mara Lind", "Associated Press")),
        ("Mara Lind | AP", ()),  # a byline only in the header
        ("The ferry sailed on Tuesday.", ()),
    ],
)
def test_byline_names_are_the_names_written_anywhere_on_a_page(line: str, names: tuple[str, ...]) -> None:
    assert byline_names(line) == names


# --- properties ---------------------------------------------------------------------------------

_NAME = st.sampled_from(["Jane Doe", "John Roe", "Ines Marlow", "Ola Berg", "Ana Ruiz", "Mara Lind"])
_CREDIT = st.sampled_from(["AP", "Reuters", "The Associated Press", "Fjord Post", "March 3, 2019", "5 min read"])
_HEADER_LINE = st.one_of(
    st.builds("By {}".format, _NAME),
    st.builds("{} | {}".format, _NAME, _CREDIT),
    st.builds("{}, {}".format, _NAME, _CREDIT),
    st.builds("By {} and {}, {}".format, _NAME, _NAME, _CREDIT),
    st.builds("Posted on {} by {}".format, st.sampled_from(["March 3, 2019", "2019-03-03"]), _NAME),
    st.sampled_from(
        [
            "Published March 3, 2019",
            "Updated 5:02 PM ET, Sun March 3, 2019",
            "2019-03-03",
            "Analysis",
            "Staff Writer",
            "Crews expect the crossing to stay shut for weeks.",
        ]
    ),
    # any short line that ends no sentence: a label, a menu item, a stray credit
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40).filter(
        lambda line: not line.rstrip().endswith((".", "!", "?", "…"))
    ),
)
_WORDS = st.lists(
    st.sampled_from(["the", "harbour", "council", "ferry", "closed", "bridge", "on", "Tuesday", "after", "storm"]),
    min_size=6,
    max_size=30,
)


@given(st.lists(_HEADER_LINE, max_size=4), _WORDS)
def test_reading_the_header_never_raises_and_keeps_the_first_full_sentence(header: list[str], words: list[str]) -> None:
    lede = f"Divers said {' '.join(words)}, officials said."
    text = "\n\n".join([TITLE, *header, lede, *STORY[1:]])

    cleaned = clean_plain_text(text)

    assert lede in cleaned.text.split("\n\n")
    assert cleaned.text.split("\n\n")[-2:] == STORY[1:]


@given(st.lists(st.text(max_size=60), max_size=12))
def test_label_author_box_never_raises_and_never_takes_a_sentence_as_a_header_byline(lines: list[str]) -> None:
    lines = [line.strip() for line in lines if line.strip() and "\n" not in line]
    labels = [BODY] * len(lines)

    authors = label_author_box(lines, labels)

    assert len(labels) == len(lines)
    assert all(isinstance(author, str) and author for author in authors)
    for line, label in zip(lines, labels, strict=True):
        if label == "byline" and not byline_names(line):
            assert not line.endswith((".", "!", "?"))
