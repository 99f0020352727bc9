"""Extract: ``Document -> Article``, the article body and its metadata, boilerplate kept aside."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from newsweave.errors import ExtractionError
from newsweave.extract.html import extract_html
from newsweave.extract.metadata import Dated, dated, dateline
from newsweave.extract.patterns import AUTHOR_CONFIDENCE
from newsweave.extract.plaintext import clean_plain_text
from newsweave.limits import DEFAULT_LIMITS, Limits
from newsweave.model import Article, Document, MediaType
from newsweave.models.language import FastTextLanguageId, LanguageId

__all__ = ["ExtractOptions", "extract_article"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """Options of the extract stage.

    Args:
        min_chars: an article body shorter than this is rejected as no article.
        limits: the resource limits on one page (HTML depth here, time per page in the workers).
    """

    min_chars: int = 80
    limits: Limits = DEFAULT_LIMITS

    def __post_init__(self) -> None:
        if self.min_chars < 0:
            raise ValueError(f"ExtractOptions.min_chars must be >= 0, got {self.min_chars}")


def extract_article(
    document: Document, *, options: ExtractOptions | None = None, language_id: LanguageId | None = None
) -> Article:
    """Clean ``document`` down to its article.

    Raises:
        ExtractionError: the page holds no article body of at least ``options.min_chars``.
    """
    options = options or ExtractOptions()
    is_html = document.media_type is MediaType.HTML
    article = _extract_html(document, options.limits) if is_html else _extract_text(document)
    if len(article.text) < options.min_chars:
        raise ExtractionError(
            "extract.too_short", f"{document.uri}: body has {len(article.text)} chars < min_chars={options.min_chars}"
        )
    if article.language:
        return article
    detect = language_id or FastTextLanguageId()
    return replace(article, language=detect(article.text))


def _extract_text(document: Document) -> Article:
    cleaned = clean_plain_text(document.content, known_title=document.title)
    published = _from_input(document) or dateline(document.content, updated=False)
    authors, authors_from = (document.authors, "feed") if document.authors else (cleaned.authors, "text")
    return Article(
        id=document.id,
        uri=document.uri,
        text=cleaned.text,
        title=cleaned.title,
        dek=cleaned.dek,
        url=document.url,
        outlet=document.outlet,
        **_provenance(published, dateline(document.content, updated=True)),
        **_author_provenance(authors, authors_from),
        language=document.language,
        source_text=document.content,
        removed=cleaned.removed,
    )


def _extract_html(document: Document, limits: Limits) -> Article:
    extracted = extract_html(document, max_depth=limits.max_html_depth)
    return Article(
        id=document.id,
        uri=document.uri,
        text=extracted.text,
        title=extracted.title,
        dek=extracted.dek,
        url=extracted.url,
        outlet=extracted.outlet,
        **_provenance(_from_input(document) or extracted.published, extracted.updated),
        **_author_provenance(extracted.authors, extracted.authors_from),
        language=extracted.language,
        source_text=extracted.source_text,
        removed=extracted.removed,
        posts=extracted.posts,
    )


def _from_input(document: Document) -> Dated | None:
    """The time the input came with (a feed entry's or a record's own), trusted over the page's."""
    return dated(document.published, "feed")


def _provenance(published: Dated | None, updated: Dated | None) -> dict[str, Any]:
    """Article fields for the two times; an updated time equal to the published one is no update."""
    if updated is not None and published is not None and updated.value == published.value:
        updated = None
    return {
        "published": published.value if published else None,
        "published_from": published.source if published else "",
        "published_confidence": published.confidence if published else 0.0,
        "updated": updated.value if updated else None,
        "updated_from": updated.source if updated else "",
        "updated_confidence": updated.confidence if updated else 0.0,
    }


def _author_provenance(authors: tuple[str, ...], source: str) -> dict[str, Any]:
    if not authors:
        return {"authors": (), "authors_from": "", "authors_confidence": 0.0}
    return {"authors": authors, "authors_from": source, "authors_confidence": AUTHOR_CONFIDENCE[source]}
