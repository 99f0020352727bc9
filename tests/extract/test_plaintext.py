"""The plain-text boilerplate model: title, dek, author box, photo block and page furniture."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.extract import patterns, plaintext
from newsweave.extract.plaintext import clean_plain_text, is_prose, split_blocks

TITLE = "Storm closes the ferry route to Oskel Island"
DEK = "Crews in Port Veldt expect the crossing to reopen by Thursday after two days of gales."
STORY = [
    "The ferry company halted all sailings to Oskel Island on Tuesday morning, citing waves of up to six metres.",
    "About 400 islanders were left without a link to the mainland, the harbour office said.",
    "What happens next",
    "Engineers will inspect the ramp at Oskel before the first crossing. "
    "The company hopes to run an extra sailing on Friday.",
    "Shop owner Petra Holm said bread deliveries had already been cut to one van a day.",
]
FURNITURE = [
    ("Mara Lind Staff Writer", "byline"),
    ("Mara covers ports and shipping for the Fjord Post. She is based in Port Veldt.", "bio"),
    ("Expertise Ports | Shipping | Weather", "bio"),
    ("  • 2023 Regional Press Award for features", "bio"),
    ("Mara Lind", "byline"),
    ("A harbour worker stands on the flooded quay at Port Veldt.", "alt_text"),
    ("Waves broke over the harbour wall on Tuesday evening.", "caption"),
    ("Ola Berg / Fjord Images", "credit"),
]
TRAILER = [("Advertisement", "advertisement"), ("Share this article", "share"), ("Skip to footer", "navigation")]
PAGE = "\n".join([TITLE, "", DEK, "", *(line for line, _ in FURNITURE), *STORY, *(line for line, _ in TRAILER), ""])


@pytest.fixture
def page() -> str:
    return PAGE


def test_clean_plain_text_finds_title_dek_and_author(page: str) -> None:
    result = clean_plain_text(page)

    assert result.title == TITLE
    assert result.dek == DEK
    assert result.authors == ("Mara Lind",)


def test_clean_plain_text_labels_removed_lines_in_order(page: str) -> None:
    result = clean_plain_text(page)

    expected = ["title", "dek", *(label for _, label in FURNITURE), *(label for _, label in TRAILER)]
    assert [span.label for span in result.removed] == expected
    assert [page[span.start : span.end] for span in result.removed] == [
        TITLE,
        DEK,
        *(line.strip() for line, _ in FURNITURE),
        *(line for line, _ in TRAILER),
    ]


def test_clean_plain_text_body_keeps_every_story_paragraph(page: str) -> None:
    result = clean_plain_text(page)

    assert result.text.split("\n\n") == STORY
    for line, _ in [*FURNITURE, *TRAILER]:
        assert line.strip() not in result.text
    assert TITLE not in result.text
    assert DEK not in result.text


def test_clean_plain_text_removed_spans_are_whole_stripped_lines(page: str) -> None:
    result = clean_plain_text(page)
    lines = {line.strip() for line in page.split("\n")}

    for span in result.removed:
        assert page[span.start : span.end] in lines


def test_clean_plain_text_without_byline_keeps_all_story_paragraphs() -> None:
    page = "\n".join([TITLE, DEK, *STORY])

    result = clean_plain_text(page)

    assert result.authors == ()
    assert result.title == TITLE
    assert result.dek == DEK
    assert result.text.split("\n\n") == STORY


def test_clean_plain_text_uses_known_title() -> None:
    page = "\n".join(["Fjord Post", TITLE, *STORY])

    result = clean_plain_text(page, known_title=TITLE)

    assert result.title == TITLE
    assert "Fjord Post" not in [page[s.start : s.end] for s in result.removed if s.label == "title"]


def test_clean_plain_text_empty_input_gives_empty_result() -> None:
    result = clean_plain_text("")

    assert (result.text, result.title, result.dek, result.authors, result.removed) == ("", "", "", (), ())


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("Publicidad", "advertisement"),
        ("Share this article", "share"),
        ("Share on Facebook", "share"),
        ("Copy link", "share"),
        ("Comments", "share"),
        ("Skip to main content", "navigation"),
        ("Skip to footer", "navigation"),
        ("Back to top", "navigation"),
        ("Sign in", "navigation"),
        ("Menu", "navigation"),
        ("Ir al contenido", "navigation"),
        ("News | Sport | Weather | Culture", "navigation"),
        ("Sign up for our morning newsletter", "newsletter"),
        ("Suscríbete al boletín", "newsletter"),
        ("Thanks for signing up!", "newsletter"),
        ("There was an error processing your subscription.", "newsletter"),
        ("Related stories", "related"),
        ("Read more:", "related"),
        ("More from Fjord Post", "related"),
        ("Noticias relacionadas", "related"),
        ("© 2024 Fjord Post Media. All rights reserved.", "legal"),
        ("Copyright 2023 Oskel Gazette", "legal"),
        ("Follow Mara on Mastodon", "bio"),
        ("Expertise Ports | Shipping", "bio"),
    ],
)
def test_clean_plain_text_labels_furniture_line(line: str, label: str) -> None:
    page = "\n".join([TITLE, DEK, STORY[0], line, STORY[1], STORY[3]])

    result = clean_plain_text(page)

    labelled = {page[span.start : span.end]: span.label for span in result.removed}
    assert labelled.get(line) == label
    assert line not in result.text.split("\n\n")


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Mara Lind", ("Mara Lind",)),
        ("By Mara Lind and Ola Berg", ("Mara Lind", "Ola Berg")),
        ("By Mara Lind | Fjord Post", ("Mara Lind",)),
        ("By Mara Lind, Ola Berg", ("Mara Lind", "Ola Berg")),
        ("Por Ana Ruiz y Luis Soto", ("Ana Ruiz", "Luis Soto")),
        ("Ola Berg Senior Correspondent", ("Ola Berg",)),
        ("By Mara Lind on Monday, March 4th, 2024 at 11:04 a.m.", ("Mara Lind",)),
        ("Written by Mara Lind, MS on March 4, 2024", ("Mara Lind",)),
    ],
)
def test_clean_plain_text_reads_byline_authors(byline: str, authors: tuple[str, ...]) -> None:
    page = "\n".join([TITLE, DEK, byline, *STORY])

    result = clean_plain_text(page)

    assert result.authors == authors
    assert [span.label for span in result.removed] == ["title", "dek", "byline"]
    assert result.text.split("\n\n") == STORY


@pytest.mark.parametrize(
    "line",
    [
        "The harbour office said the quay would stay shut.",
        "Petra Holm / the shop owner said the vans were late.",
        "Search teams found the missing kayak near Oskel.",
        "The council said Ola Berg is a reporter it trusts with the harbour records.",
    ],
)
def test_clean_plain_text_keeps_story_line_that_resembles_furniture(line: str) -> None:
    page = "\n".join([TITLE, DEK, STORY[0], line, STORY[1]])

    result = clean_plain_text(page)

    assert line in result.text.split("\n\n")


def test_split_blocks_offsets_point_at_stripped_lines() -> None:
    text = "  first line  \n\n\tsecond\n   \nthird"

    blocks = split_blocks(text)

    assert [block.text for block in blocks] == ["first line", "second", "third"]
    assert all(text[block.start : block.end] == block.text for block in blocks)


_LINES = st.sampled_from(
    [
        *(line for line, _ in FURNITURE),
        *(line for line, _ in TRAILER),
        *STORY,
        TITLE,
        DEK,
        "",
        "   ",
        "By Mara Lind",
        "Menu",
    ]
)
_PAGES = st.one_of(st.text(), st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=25).map("\n".join))


@given(_PAGES)
def test_clean_plain_text_never_raises_and_spans_are_sound(text: str) -> None:
    result = clean_plain_text(text)

    previous_end = 0
    for span in result.removed:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        assert span.label
        previous_end = span.end
    lines = {line.strip() for line in text.split("\n")}
    for span in result.removed:
        assert text[span.start : span.end] in lines
    if result.text:
        for paragraph in result.text.split("\n\n"):
            assert paragraph
            assert paragraph in lines


MENU_AND_LINKS = """Fjord Post
Home
World
Sport
Weather
Ferry service resumes after storm damage is repaired at the pier

The ferry between Oskel and Vard resumed service on Thursday after engineers repaired the storm damage at the pier.
Subheading about the repairs
Crews worked through the night to replace the broken mooring posts, the harbour office said in a statement.
Passengers said they were relieved that the crossing was open again before the weekend market in Vard began.
More from Fjord Post
Council approves new cycle lanes
Library reopens after renovation
Weather: snow expected inland
"""


@pytest.mark.issue(4)
def test_clean_plain_text_keeps_the_main_run_of_prose() -> None:
    cleaned = clean_plain_text(MENU_AND_LINKS)
    assert cleaned.title == "Fjord Post"
    assert "Subheading about the repairs" in cleaned.text
    assert "The ferry between Oskel and Vard resumed service" in cleaned.text
    assert "before the weekend market in Vard began." in cleaned.text
    for furniture in ("Council approves new cycle lanes", "Library reopens after renovation", "Weather: snow"):
        assert furniture not in cleaned.text
    removed = {MENU_AND_LINKS[span.start : span.end]: span.label for span in cleaned.removed}
    assert removed["Library reopens after renovation"] == "related"


@pytest.mark.issue(4)
def test_clean_plain_text_without_prose_keeps_every_block() -> None:
    text = "Harbour notes\n\nferry times change\nnew berth open\nsnow on the pass"
    cleaned = clean_plain_text(text)
    # three words are a label, not a dek: every line after the title is kept
    assert cleaned.text == "ferry times change\n\nnew berth open\n\nsnow on the pass"
    assert "boilerplate" not in {span.label for span in cleaned.removed}


ARTICLE_PARAGRAPHS = [
    "The ferry between Oskel and Vard resumed service on Monday after a week of repairs to the ramp at Vard harbour.",
    "Harbour master Ida Strand said the new hinge had passed its load test and crossings would run every hour.",
    "Islanders who had waited for days to reach the mainland filled the first departure within minutes of opening.",
]
COMMENTS = [
    "3 responses to “Oskel ferry resumes”",
    "harbourfan says:",
    "About time too, the week without a ferry was a long one for everybody who lives on the island here.",
    "Ole on March 12, 2024 at 6:34 pm said:",
    "I waited four days for this crossing and my shop lost most of its bread and milk deliveries in that time too.",
]


@pytest.mark.issue(4)
def test_clean_plain_text_article_ends_where_comments_begin() -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *COMMENTS, ARTICLE_PARAGRAPHS[0]])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS
    labels = {text[span.start : span.end]: span.label for span in cleaned.removed}
    assert labels["harbourfan says:"] == labels[COMMENTS[0]] == "comments"
    assert COMMENTS[2] not in cleaned.text


@pytest.mark.issue(4)
@pytest.mark.parametrize(
    "line", ["September 10, 2018 | by Catherine", "Updated 6:34 am EST", "Posted in Open thread | Permalink"]
)
def test_clean_plain_text_labels_metadata_line(line: str) -> None:
    cleaned = clean_plain_text("\n".join([TITLE, DEK, ARTICLE_PARAGRAPHS[0], line, *ARTICLE_PARAGRAPHS[1:]]))

    assert line not in cleaned.text
    assert "metadata" in {span.label for span in cleaned.removed}
    assert cleaned.text.count("\n\n") == 2


@pytest.mark.issue(4)
def test_clean_plain_text_long_body_split_by_related_box_is_kept_whole() -> None:
    related = ["Related stories", "Council approves new cycle lanes", "Library reopens after renovation"]
    longer = [paragraph + " " + paragraph for paragraph in ARTICLE_PARAGRAPHS]
    more = "The harbour office thanked the crews who worked through the night to finish the repairs on time."
    text = "\n".join([TITLE, DEK, *longer[:2], *related, longer[2], more])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == [*longer, more]
    removed = {text[span.start : span.end]: span.label for span in cleaned.removed}
    assert removed["Council approves new cycle lanes"] == "related"


def test_clean_plain_text_lone_paragraph_after_related_box_is_boilerplate() -> None:
    related = ["Related stories", "Council approves new cycle lanes", "Library reopens after renovation"]
    longer = [paragraph + " " + paragraph for paragraph in ARTICLE_PARAGRAPHS]
    text = "\n".join([TITLE, DEK, *longer[:2], *related, longer[2]])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == longer[:2]


def test_clean_plain_text_labels_a_repeated_block_as_duplicate() -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, "Share", ARTICLE_PARAGRAPHS[0]])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS
    assert "duplicate" in {span.label for span in cleaned.removed}


def test_clean_plain_text_run_stops_at_a_long_list_of_links() -> None:
    links = [f"Harbour story number {n} from the archive" for n in range(6)]
    teaser = "Another town is also repairing its ferry ramp this winter, and its council expects delays into spring."
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *links, teaser])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_body_split_by_links_keeps_both_dense_parts() -> None:
    links = [f"Harbour story number {n} from the archive" for n in range(10)]
    second_part = [
        "The ferry company said it would add a late crossing on Fridays until the end of the month for the weekend.",
        "Shop owners on the island said deliveries of bread and milk had already started to arrive on the first boats.",
        "The council will decide next month whether the old ramp at Oskel should be replaced before next winter.",
    ]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *links, *second_part])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == [*ARTICLE_PARAGRAPHS, *second_part]
    assert not any(link in cleaned.text for link in links)


def test_clean_plain_text_isolated_teasers_beside_the_run_are_boilerplate() -> None:
    links = [f"Harbour story number {n} from the archive" for n in range(6)]
    teasers = [
        "Other headline about the mainland bus timetable",
        "The bus company changed its winter timetable this week, and riders say the early service is now gone.",
        "Other headline about the bakery",
        "The bakery on the square closes for a month while the owners fit a new oven and repair the old roof.",
    ]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *links, *teasers])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_teaser_cut_off_mid_word_is_not_prose() -> None:
    cut = "Islanders who had waited for days to reach the mainland filled the first departure within minu..."
    text = "\n".join([TITLE, DEK, "Menu", "Latest", cut, "Home", "World", "Sport", *ARTICLE_PARAGRAPHS])

    cleaned = clean_plain_text(text)

    assert cut not in cleaned.text
    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_reads_japanese_prose() -> None:
    paragraphs = [
        "フェリーは火曜日の朝、高波のため全便を欠航しました。島の住民約四百人が本土との連絡手段を失ったと港湾事務所は発表しました。",
        "技術者が週末までに桟橋を点検し、会社は金曜日に臨時便を運航したいとしています。パン屋の店主は配達が減ったと話しました。",
    ]
    menu = ["ホーム", "ニュース", "天気", "スポーツ", "お問い合わせ"]
    text = "\n".join(["島のフェリー欠航", *menu, *paragraphs, *menu])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == paragraphs


@pytest.mark.parametrize(
    "line",
    [
        "Related stories",
        "Read these next",
        "Lea también",
        "Leia também",
        "À lire aussi",
        "Baca juga:",
        "Вам также может быть интересно",
        "Mehr zum Thema",
        "Related coverage from Fjord Post:",
        "More on Harbour News",
    ],
)
def test_clean_plain_text_section_break_cue_ends_a_short_run(line: str) -> None:
    teaser = "Another town is also repairing its ferry ramp this winter, and its council expects delays into spring."
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, line, teaser])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Crews work on the quay at dawn (Image: Fjord Images)", "caption"),
        ("The ramp at Vard was rebuilt in two days.Credit: Ola Berg", "caption"),
        ("Photo: Ola Berg, Fjord Images", "caption"),
        ("Image caption The new ramp at Vard harbour", "caption"),
        ("A tug holds the ferry beside the pier at Vard (AP)", "caption"),
        ("The old ramp at Vard before the storm (Ola Berg / Fjord Images)", "caption"),
        ("Photo illustration by Fjord Post. Photo by Ola Berg.", "caption"),
        ("The mayor speaks at the pier on July 25, 2024.Ola Berg / Fjord Images file", "caption"),
        ("The new ramp at Vard harbour (Image credit: Fjord Images)", "caption"),
        ("Image 2 of 5", "caption"),
        ("[ 34 comments ]", "comments"),
        ("Ida Strand is a freelance writer based in Vard. Her work has appeared in the Fjord Post.", "bio"),
        ("Top Rated Comments", "comments"),
        ("Related: Storm closes the ferry route for a second week", "related"),
        ("SEE MORE: Islanders queue for the first crossing", "related"),
        ("Name *", "form"),
        ("Your email (never shown)", "form"),
        ("We use cookies to improve your experience on our website. By continuing you accept them.", "consent"),
        (
            "Copyright © 2024 Fjord Post Media Group, Harbour Street 4, Port Veldt. All content is protected and may "
            "not be reproduced without written permission of the publisher.",
            "legal",
        ),
        ("Get the day's top harbour stories delivered to your inbox every morning.", "newsletter"),
        ("Share this:", "share"),
        ("Click to share on Facebook (Opens in new window)", "share"),
    ],
)
def test_clean_plain_text_labels_boilerplate_cue_line(line: str, label: str) -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS[:2], line, ARTICLE_PARAGRAPHS[2]])

    cleaned = clean_plain_text(text)

    removed = {text[span.start : span.end]: span.label for span in cleaned.removed}
    assert removed[line] == label


def test_clean_plain_text_article_ends_at_a_form() -> None:
    form = ["Leave your thoughts", "Name *", "Email *"]
    note = "Thank you for your message, the editors read every note and will reply as soon as they can."
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *form, note])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_block_holding_other_paragraphs_is_a_copy() -> None:
    flattened = " ".join(ARTICLE_PARAGRAPHS)
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, "Share", flattened])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS
    removed = {text[span.start : span.end]: span.label for span in cleaned.removed}
    assert removed[flattened] == "duplicate"


def test_clean_plain_text_run_ends_before_a_tail_of_teasers() -> None:
    teasers = [
        "Bus timetable changes on the mainland this winter",
        "The bus company changed its winter timetable this week, and riders say the early service is now gone.",
        "Bakery on the square closes for a month",
        "Ann Holm",
        "The bakery on the square closes for a month while the owners fit a new oven and repair the old roof.",
    ]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *teasers])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_section_with_one_paragraph_inside_the_article_is_kept() -> None:
    section = ["What happens next", "Engineers will inspect the ramp again in spring, before the summer timetable."]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *section])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == [*ARTICLE_PARAGRAPHS, *section]


def test_clean_plain_text_keeps_a_closing_one_line_sentence() -> None:
    closing = "The ferry company declined to comment."
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, closing, "Home", "World", "Sport"])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == [*ARTICLE_PARAGRAPHS, closing]


def test_clean_plain_text_author_box_after_the_article_is_boilerplate() -> None:
    bio = (
        "Mara Lind has covered ports and shipping for the Fjord Post since 2015 and lives in Port Veldt with two cats."
    )
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, "About the author", bio])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


# A reader's comment under the article: long lines of prose, like the article's.
READER_COMMENTS = [
    "I grew up on Oskel and I remember the winter of 1998 when the ferry stopped for three weeks in a row.",
    "Back then the shop ran out of flour first, then of candles, and the school sent everyone home early.",
    "It is good to see the council finally paying for a proper ramp instead of patching the old one again.",
]


def test_clean_plain_text_long_comment_after_the_article_is_not_rejoined() -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, "2 comments", "harbourfan says:", *READER_COMMENTS])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_keeps_the_list_the_article_introduces() -> None:
    dates = [
        "Crossings this winter:",
        "Oskel to Vard twice a day",
        "Vard to Holm once a day",
        "Holm to Oskel on Fridays",
    ]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *dates, "Share this article", "Home", "World"])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == [*ARTICLE_PARAGRAPHS, *dates]


def test_clean_plain_text_list_of_other_stories_after_a_colon_cue_is_not_kept() -> None:
    links = ["You might also like:", "Council approves new cycle lanes", "Library reopens after renovation"]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *links])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


STANDINGS = [
    "Pos.\tDriver\tPoints",
    "1\tIda Strand\t5040",
    "2\tOla Berg\t5035",
    "3\tPetra Holm\t5033",
    "4\tMara Lind\t4980",
]


def test_clean_plain_text_keeps_a_data_table_after_the_article() -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *STANDINGS, "Share this article", "Home", "World"])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == [*ARTICLE_PARAGRAPHS, *STANDINGS]


def test_clean_plain_text_grid_of_numbers_is_no_data_table() -> None:
    calendar = ["1\t2\t3\t4\t5\t6\t7", "8\t9\t10\t11\t12\t13\t14", "15\t16\t17\t18\t19\t20\t21"]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *calendar, "Home"])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_two_rows_are_no_data_table() -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, *STANDINGS[:2], "Home"])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_paragraph_ending_in_a_signature_is_prose() -> None:
    signed = (
        "Nobody on Oskel remembers a winter this long. The ferry stopped twice and the shop ran out of flour. "
        "Still the school stayed open every day. Ida Strand, harbour master"
    )
    text = "\n".join(["Home", "World", "Sport", "Weather", signed, "Share this article", "Contact", "Jobs"])

    cleaned = clean_plain_text(text)

    assert cleaned.text == signed


def test_clean_plain_text_line_above_an_agency_credit_is_a_caption() -> None:
    credit = "Ola Berg | Fjord Post | Getty Images"
    caption = "A harbour crew ties up the first ferry at the rebuilt ramp in Vard."
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS[:2], caption, credit, ARTICLE_PARAGRAPHS[2]])

    cleaned = clean_plain_text(text)

    removed = {text[span.start : span.end]: span.label for span in cleaned.removed}
    assert (removed[caption], removed[credit]) == ("caption", "credit")


def test_clean_plain_text_times_apart_by_a_slash_are_no_credit() -> None:
    line = "Crossings leave at 9.30 A.M. / 7.00 P.M."
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS[:2], line, ARTICLE_PARAGRAPHS[2]])

    assert line in clean_plain_text(text).text


def test_clean_plain_text_article_before_longer_comments_is_kept() -> None:
    replies = [
        *READER_COMMENTS,
        "My grandmother still talks about the year the harbour froze and the mail came across on a tractor.",
    ]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, "Comments", "harbourfan says:", *replies])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_story_cards_glued_to_their_summaries_are_not_the_article() -> None:
    cards = [
        "Council Approves New Cycle Lanes Along The HarbourThe council voted on Monday to paint lanes on both "
        "sides of the harbour road, and work starts in the spring.",
        "Library Reopens After A Long Renovation In Vard2 new reading rooms opened on Saturday, and the "
        "librarians said more than 300 people came through the doors.",
        "Is The Old Lighthouse Worth Saving?Islanders are split over the cost of repairing the tower, which "
        "has not guided a ship since the harbour got its radar.",
    ]
    text = "\n".join(["Home", "News", *cards, "Weather", "Sport", TITLE, *ARTICLE_PARAGRAPHS, "Share this article"])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "Thanks to new GaN charging bricks you can find fast and reliable MacBook Pro and iPad Pro chargers "
        "that are half the size of the old ones.",
        "In October, Rep. David McKinley visited the harbour at Vard and argued that the ramp needed a new deck.",
    ],
)
def test_clean_plain_text_names_in_camel_case_do_not_make_a_story_card(line: str) -> None:
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS[:2], line, ARTICLE_PARAGRAPHS[2]])

    assert line in clean_plain_text(text).text


def test_clean_plain_text_body_part_past_links_joins_though_teasers_follow_it() -> None:
    links = [f"Harbour story number {n} from the archive" for n in range(10)]
    second_part = [
        "The ferry company said it would add a late crossing on Fridays until the end of the month for the weekend.",
        "Shop owners on the island said deliveries of bread and milk had already started to arrive on the first boats.",
        "The council will decide next month whether the old ramp at Oskel should be replaced before next winter.",
    ]
    teasers = [
        (topic, f"The latest {topic.lower()} story, summed up in one short line.")
        for topic in ("Island life", "Harbour news", "Vard schools", "Fjord weather", "Local sport", "Council watch")
    ]
    article = [*ARTICLE_PARAGRAPHS, "The harbour office thanked the crews, who had worked through two nights of gales."]
    text = "\n".join([TITLE, DEK, *article, *links, *second_part, *(line for teaser in teasers for line in teaser)])

    kept = clean_plain_text(text).text.split("\n\n")

    # the part past the links joins as far as its prose stays dense: its paragraphs and no more
    # lone summaries than it has paired paragraphs
    assert kept[: len(article) + len(second_part)] == [*article, *second_part]
    assert not any(summary in kept for _, summary in teasers[len(second_part) :])


def test_clean_plain_text_promotion_in_capitals_inside_the_article_heads_no_teaser() -> None:
    closing = [
        "Ferry tickets for the new winter timetable go on sale at the harbour office from Monday morning.",
        "The company expects the first weekend of the timetable to sell out, so islanders should book early.",
    ]
    text = "\n".join(
        [
            TITLE,
            *ARTICLE_PARAGRAPHS,
            "GET THE FJORD POST APP ON YOUR PHONE BY CLICKING HERE",
            closing[0],
            "READ THE FJORD POST ON THE GO BY CLICKING HERE",
            closing[1],
            "Share this article",
        ]
    )

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n")[-1] == closing[1]


def test_clean_plain_text_article_before_longer_other_stories_is_kept() -> None:
    others = [
        "Another island has opened a ferry route of its own this winter, and its council says the boats are full "
        "every morning, with commuters and school children taking the first crossing of the day.",
        "A fishing village further north has rebuilt its harbour wall after the autumn storms, and the work came "
        "in under budget, which the mayor said was a first for any building project in the valley.",
        "The mountain railway above Vard reopened after a rock fall closed the line for a week, and the operator "
        "says the timetable will be back to normal by the end of the month for the skiing season.",
    ]
    other_stories = [line for other in others for line in (other, "Share")]
    text = "\n".join([TITLE, DEK, *ARTICLE_PARAGRAPHS, "Você pode gostar...", *other_stories])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == ARTICLE_PARAGRAPHS


def test_clean_plain_text_dense_prose_far_below_the_article_is_not_joined() -> None:
    article = [*ARTICLE_PARAGRAPHS, "The harbour office thanked the crews, who had worked through two nights of gales."]
    site_menu = [f"Section {n}" for n in range(25)]
    about_the_site = [
        "The Fjord Post has covered the islands since 1921 and is owned by a trust that is run by its own readers.",
        "Our newsroom in Port Veldt has twelve reporters and four photographers, and we publish every weekday.",
        "We welcome letters from our readers and print a selection of them in the Saturday edition every week.",
    ]
    text = "\n".join([TITLE, DEK, *article, *site_menu, *about_the_site])

    cleaned = clean_plain_text(text)

    assert cleaned.text.split("\n\n") == article


# --- dek or lede: the first paragraph after the title --------------------------------------------

LEDE = (
    "PORT VELDT (Fjord Wire) — The ferry company halted all sailings to Oskel Island on Tuesday morning, "
    "the harbour office said."
)
LONG_LEDE = (
    "The ferry company halted all sailings to Oskel Island on Tuesday morning after waves of up to six metres "
    "broke over the ramp at Vard, leaving about 400 islanders without a link to the mainland for the day."
)


def _page(*lines: str) -> str:
    return "\n\n".join([TITLE, *lines, *STORY[1:]])


def test_clean_plain_text_keeps_a_dek_that_reads_like_one() -> None:
    page = _page(DEK, STORY[0])

    result = clean_plain_text(page)

    assert result.dek == DEK
    assert result.text.split("\n\n")[0] == STORY[0]


@pytest.mark.parametrize(
    "lede",
    [
        LEDE,
        "OSKEL, Norway — Sailings to the island stopped on Tuesday.",
        "Sailings to Oskel Island stopped on Tuesday, the ferry company said.",
        "Sailings to Oskel Island stopped on Tuesday, according to the ferry company.",
    ],
)
def test_clean_plain_text_keeps_a_datelined_or_attributed_lede_in_the_body(lede: str) -> None:
    result = clean_plain_text(_page(lede))

    assert result.dek == ""
    assert result.text.split("\n\n")[0] == lede


def test_clean_plain_text_keeps_a_long_first_paragraph_in_the_body() -> None:
    result = clean_plain_text(_page(LONG_LEDE))

    assert result.dek == ""
    assert result.text.split("\n\n")[0] == LONG_LEDE


@pytest.mark.parametrize("label", ["Analysis", "Updated 5:30 p.m."])
def test_clean_plain_text_label_line_after_the_title_is_neither_dek_nor_lede(label: str) -> None:
    page = _page(label, LONG_LEDE)

    result = clean_plain_text(page)

    assert result.text.split("\n\n")[0] == LONG_LEDE
    assert label not in result.text.split("\n\n")
    assert result.dek == ""


def test_clean_plain_text_dek_after_a_label_line_is_found() -> None:
    result = clean_plain_text(_page("Analysis", DEK, STORY[0]))

    assert result.dek == DEK
    assert [span.label for span in result.removed][:3] == ["title", "kicker", "dek"]
    assert result.text.split("\n\n")[0] == STORY[0]


@pytest.mark.parametrize(
    "after",
    [
        "By Mara Lind",  # the header's order: title, dek, byline
        "PORT VELDT - The ferry company halted all sailings to Oskel Island on Tuesday morning.",  # story's dateline
    ],
)
def test_clean_plain_text_dek_the_page_marks_may_be_long_or_attributed(after: str) -> None:
    dek = "Officials said the crossing, the island's only link to the mainland, could stay shut for most of the week."

    result = clean_plain_text(_page(dek, after))

    assert result.dek == dek


def test_clean_plain_text_first_paragraph_repeated_by_the_next_is_a_dek() -> None:
    teaser = "The ferry company halted all sailings to Oskel Island on Tuesday morning after waves of up…"

    result = clean_plain_text(_page(teaser, LONG_LEDE))

    assert result.dek == teaser
    assert result.text.split("\n\n")[0] == LONG_LEDE


@pytest.mark.parametrize(
    "following",
    [
        "Holm said bread deliveries had already been cut to one van a day.",  # the surname, second reference
        "She said bread deliveries had already been cut to one van a day.",
    ],
)
def test_clean_plain_text_short_lede_the_next_paragraph_goes_on_with_is_kept(following: str) -> None:
    lede = "Shop owner Petra Holm has run out of bread on Oskel Island for the first time in 30 years."

    result = clean_plain_text(_page(lede, following))

    assert result.dek == ""
    assert result.text.split("\n\n")[:2] == [lede, following]


def test_clean_plain_text_lede_that_ends_no_sentence_opens_the_body() -> None:
    lede = "PORT VELDT (Fjord Wire) — The latest on the storm that closed the ferry route to Oskel (all times local):"

    result = clean_plain_text(_page(lede, "10 p.m.", LONG_LEDE))

    assert result.text.split("\n\n")[0] == lede


# --- cue prefilters: the same labels, fewer regular expressions ----------------------------------

NEWSLETTER_LINES = [
    "Sign up for our morning newsletter",
    "Suscríbete al boletín",
    "Get the day's top harbour stories delivered to your inbox every morning.",
    "Thanks for signing up!",
    "Thank you for subscribing",
    "There was an error processing your subscription.",
    "Keep an eye on your inbox for the latest sports news.",
]


@pytest.mark.parametrize("line", NEWSLETTER_LINES)
def test_every_newsletter_line_holds_a_newsletter_word(line: str) -> None:
    """Lines without NEWSLETTER_WORDS are matched without the newsletter cues; a cue that matched
    a line without one would be skipped there."""
    assert patterns.FURNITURE.fullmatch(line).lastgroup == "newsletter"  # type: ignore[union-attr]
    assert any(word in line.lower() for word in patterns.NEWSLETTER_WORDS)


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Ola Berg/AP",
        "Ola Berg / Fjord Post",
        "Mara Lind | Getty Images",
        "Reuters",
        "(Photo by Ida Strand)",
        "Image credit: Petra Holm",
        "EPA",
    ],
)
def test_every_credit_line_holds_a_credit_word(line: str) -> None:
    assert patterns.CREDIT.match(line)
    assert any(word in line.lower() for word in patterns.CREDIT_WORDS)
    assert plaintext._is_credit(line)


@pytest.mark.issue(19)
def test_a_sentence_about_unsubscribing_is_no_newsletter_box() -> None:
    line = "If at any time you would like to unsubscribe from receiving future emails, you can email us."

    assert patterns.FURNITURE.fullmatch(line) is None


def test_is_prose_tells_a_paragraph_from_a_label() -> None:
    assert is_prose(ARTICLE_PARAGRAPHS[0])
    assert not is_prose("Regional News")
