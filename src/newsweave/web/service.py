"""What the pages and the API both ask of the store, and the parameters they both take.

Each page and its JSON twin call the same function here, and these call the store and the
library functions the CLI calls (``browse_stories``, :func:`~newsweave.stories.compare_story`,
:func:`~newsweave.stories.load_article_details`), so a page, its JSON and the CLI cannot
disagree. Parameters are validated here once: a bad one is answered with 422 and what was wrong.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query

from newsweave.store import StoryFilter, StoryPage
from newsweave.store.browse import MAX_PAGE
from newsweave.stories import ArticleDetails, StoryComparison, compare_story, load_article_details
from newsweave.web.context import WebContext, context_of

__all__ = [
    "ArticleId",
    "Context",
    "Cursor",
    "Filters",
    "Limit",
    "StoryId",
    "article_details",
    "story_comparison",
    "story_filter",
    "story_page",
]

_ID = r"^[A-Za-z0-9_.:-]{1,128}$"

Context = Annotated[WebContext, Depends(context_of)]
StoryId = Annotated[str, Path(pattern=_ID, description="A story id, as `newsweave stories` lists it.")]
ArticleId = Annotated[str, Path(pattern=_ID, description="An article id (its content hash).")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Stories per page.")]
Cursor = Annotated[str, Query(max_length=400, description="`next_cursor` of the previous page; empty for the first.")]


def story_filter(
    q: Annotated[
        str, Query(max_length=200, description="Words that must all appear in one of the story's articles.")
    ] = "",
    since: Annotated[
        str, Query(max_length=10, description="Stories with an article on or after this day (YYYY-MM-DD).")
    ] = "",
    until: Annotated[
        str, Query(max_length=10, description="Stories with an article on or before this day (YYYY-MM-DD).")
    ] = "",
    outlet: Annotated[str, Query(max_length=200, description="Stories with an article from this outlet.")] = "",
    entity: Annotated[
        str, Query(max_length=200, description="An entity id, or a name an article of the story mentions it by.")
    ] = "",
    language: Annotated[str, Query(max_length=20, description="Stories with an article in this language.")] = "",
) -> StoryFilter:
    """The stories filter from query parameters; an empty parameter (a blank form field) is no filter."""
    first, last = _day(since, "since"), _day(until, "until")
    return StoryFilter(
        query=q.strip() or None,
        since=datetime.combine(first, time(), tzinfo=UTC) if first else None,
        until=datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC) if last else None,
        outlet=outlet.strip() or None,
        entity=entity.strip() or None,
        language=language.strip() or None,
    )


Filters = Annotated[StoryFilter, Depends(story_filter)]


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise HTTPException(422, f"{name}: {value!r} is not a day (YYYY-MM-DD)") from error


def story_page(context: WebContext, filters: StoryFilter, limit: int, cursor: str) -> StoryPage:
    """A page of stories (``store.bad_query``/``store.bad_cursor`` become 422)."""
    return context.store.browse_stories(filters, limit=limit, cursor=cursor)


def story_comparison(context: WebContext, story_id: str) -> StoryComparison:
    """The story's comparison, from the process cache when it was computed before."""
    return compare_story(context.store, story_id, max_sources=context.max_sources, cache=context.cache)


def article_details(context: WebContext, article_id: str) -> ArticleDetails:
    """One stored article with its story and its near-duplicate group (``store.not_found`` becomes 404)."""
    return load_article_details(context.store, article_id)
