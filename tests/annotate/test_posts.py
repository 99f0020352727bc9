"""Pasted social posts: paragraphs scored on their own cues and on the paragraph before them."""

from __future__ import annotations

import pytest
from tests.fakes import FakeLanguageId

from newsweave.annotate.posts import PostOptions, find_pasted_posts
from newsweave.model import EntityMention, SocialPost, Span


def _spanish_or_english(text: str) -> str:
    """Spanish when the text has "el " or "de ", English otherwise (no model)."""
    return "es" if ("el " in text or "de " in text) else "en"


fake_language_id = FakeLanguageId(_spanish_or_english)


def _mention(text: str, surface: str, label: str) -> EntityMention:
    start = text.index(surface)
    return EntityMention(span=Span(start=start, end=start + len(surface)), label=label)


def _posts(
    text: str, *, entities: tuple[EntityMention, ...] = (), taken: tuple[Span, ...] = (), language: str = "en"
) -> tuple[SocialPost, ...]:
    return find_pasted_posts(text, language=language, entities=entities, taken=taken, language_id=fake_language_id)


TWEET_CONTEXT = "The Port Veldt Harbour Authority tweeted:"
TWEET = "All sailings to Ostby are cancelled today. Stay safe https://t.co/Xy12Ab"
AFTER = "The ferry company later confirmed the closure."


def test_find_pasted_posts_tweet_after_tweeted_with_tco_link() -> None:
    text = "\n".join([TWEET_CONTEXT, TWEET, AFTER])
    entities = (_mention(text, "Port Veldt Harbour Authority", "ORG"),)

    (post,) = _posts(text, entities=entities)

    assert post.platform == "twitter"
    assert post.author == "Port Veldt Harbour Authority"
    assert post.text == TWEET
    assert post.span is not None
    assert text[post.span.start : post.span.end] == TWEET
    assert post.links == ("https://t.co/Xy12Ab",)
    assert post.language == "en"


def test_find_pasted_posts_author_from_person_entity() -> None:
    text = "\n".join(["On Tuesday night Mara Lind tweeted this warning:", TWEET, AFTER])
    entities = (_mention(text, "Tuesday", "DATE"), _mention(text, "Mara Lind", "PERSON"))

    (post,) = _posts(text, entities=entities)

    assert post.author == "Mara Lind"


def test_find_pasted_posts_handle_from_previous_paragraph() -> None:
    text = "\n".join(["The harbour office (@VeldtHarbour) tweeted:", TWEET, AFTER])

    (post,) = _posts(text)

    assert post.handle == "@VeldtHarbour"


def test_find_pasted_posts_facebook_post_with_emoji_and_capitals() -> None:
    post_text = "🌊🌊 STAY HOME TONIGHT 🌊🌊 The sea wall is not safe"
    text = "\n".join(
        ["Mayor Ana Ruiz posted on Facebook on Tuesday night.", post_text, "Crews worked through the night."]
    )
    entities = (_mention(text, "Ana Ruiz", "PERSON"),)

    (post,) = _posts(text, entities=entities)

    assert post.platform == "facebook"
    assert post.text == post_text
    assert post.author == "Ana Ruiz"


def test_find_pasted_posts_spanish_line_with_handle_in_english_article() -> None:
    post_text = "El puerto de Ostby sigue cerrado, gracias a todos @PuertoOstby"
    text = "\n".join(["Islanders were stuck at home for a second day on Wednesday.", post_text, AFTER])

    (post,) = _posts(text)

    assert post.text == post_text
    assert post.language == "es"


def test_find_pasted_posts_first_person_after_last_tweets() -> None:
    post_text = "I have never seen waves like this in my life, and my crew is exhausted"
    text = "\n".join(
        ["The captain's account was shared widely, including one of his last tweets.", post_text, "He retired."]
    )

    (post,) = _posts(text)

    assert post.text == post_text
    assert post.platform == "twitter"


def test_find_pasted_posts_story_paragraph_with_prose_hashtag_is_not_a_post() -> None:
    text = "\n".join(
        [
            "Ola Berg tweeted about the storm on Tuesday.",
            "Residents later adopted the hashtag #Foo to share pictures of the flooded quay, the council said.",
            "The quay reopened on Thursday.",
        ]
    )

    assert _posts(text) == ()


@pytest.mark.parametrize(
    "paragraph",
    [
        "The ferry company halted all sailings on Tuesday, citing waves of up to six metres.",
        "About four hundred islanders were left without a link to the mainland, officials said.",
        '"I have never seen waves like this," the captain said.',
    ],
)
def test_find_pasted_posts_ordinary_story_is_not_a_post(paragraph: str) -> None:
    text = "\n".join(["The storm reached Port Veldt on Monday.", paragraph, AFTER])

    assert _posts(text) == ()


def test_find_pasted_posts_skips_taken_spans() -> None:
    text = "\n".join([TWEET_CONTEXT, TWEET, AFTER])
    start = text.index(TWEET)
    taken = (Span(start=start, end=start + len(TWEET)),)

    assert _posts(text, taken=taken) == ()


def test_find_pasted_posts_partly_taken_paragraph_is_skipped() -> None:
    text = "\n".join([TWEET_CONTEXT, TWEET, AFTER])
    start = text.index("https://t.co")
    taken = (Span(start=start, end=start + 5),)

    assert _posts(text, taken=taken) == ()


def test_find_pasted_posts_long_paragraph_is_not_a_post() -> None:
    text = "\n".join([TWEET_CONTEXT, TWEET, AFTER])

    assert _posts(text) != ()
    assert (
        find_pasted_posts(
            text,
            language="en",
            entities=(),
            taken=(),
            language_id=fake_language_id,
            options=PostOptions(max_chars=len(TWEET) - 1),
        )
        == ()
    )


@pytest.mark.parametrize(("min_score", "max_chars"), [(0, 600), (-1, 600), (2.5, 0)])
def test_post_options_rejects_non_positive_values(min_score: float, max_chars: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        PostOptions(min_score=min_score, max_chars=max_chars)


@pytest.mark.model
def test_find_pasted_posts_spanish_line_with_fasttext_language_id() -> None:
    from newsweave.models.language import FastTextLanguageId

    post_text = "El puerto de Ostby sigue cerrado por el temporal, gracias a todos @PuertoOstby"
    text = "\n".join(["Islanders were stuck at home for a second day on Wednesday.", post_text, AFTER])

    posts = find_pasted_posts(text, language="en", entities=(), taken=(), language_id=FastTextLanguageId())

    assert [(post.text, post.language) for post in posts] == [(post_text, "es")]
