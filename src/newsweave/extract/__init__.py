"""Extract: ``Document -> Article``, the article body and its metadata, boilerplate kept aside."""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsweave.errors import ExtractionError
from newsweave.extract.html import extract_html
from newsweave.extract.plaintext import clean_plain_text
from newsweave.model import Article, Document, MediaType
from newsweave.models.language import FastTextLanguageId, LanguageId

__all__ = ["ExtractOptions", "extract_article"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """Options of the extract stage.

    Args:
        min_chars: an article body shorter than this is rejected as no article.
    """

    min_chars: int = 80

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
    article = _extract_html(document) if document.media_type is MediaType.HTML else _extract_text(document)
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
    return Article(
        id=document.id,
        uri=document.uri,
        text=cleaned.text,
        title=cleaned.title,
        dek=cleaned.dek,
        url=document.url,
        outlet=document.outlet,
        authors=document.authors or cleaned.authors,
        published=document.published,
        published_from="metadata" if document.published else "",
        language=document.language,
        source_text=document.content,
        removed=cleaned.removed,
    )


def _extract_html(document: Document) -> Article:
    extracted = extract_html(document)
    return Article(
        id=document.id,
        uri=document.uri,
        text=extracted.text,
        title=extracted.title,
        dek=extracted.dek,
        url=extracted.url,
        outlet=extracted.outlet,
        authors=extracted.authors,
        published=extracted.published,
        published_from=("metadata" if document.published else "markup") if extracted.published else "",
        updated=extracted.updated,
        language=extracted.language,
        source_text=extracted.source_text,
        removed=extracted.removed,
        posts=extracted.posts,
    )
