"""The JSON API under ``/api/``: the twin of every page, in the shapes the CLI writes.

Stories are ``serde.to_dict`` of the store's rows (what ``newsweave stories --format json``
builds on); a story's comparison is the versioned report JSON of ``newsweave story --format
json`` (``docs/report-schema.md``) with the story and what was compared; an article is the JSON
of ``newsweave extract``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from newsweave.report import article_to_json, comparison_to_json
from newsweave.report.history import history_data
from newsweave.serde import to_dict
from newsweave.web.service import (
    ArticleId,
    Context,
    Cursor,
    Filters,
    Limit,
    StoryId,
    article_details,
    story_comparison,
    story_page,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/stories", summary="Stories, newest day first and biggest first within a day")
def list_stories(context: Context, filters: Filters, limit: Limit = 25, cursor: Cursor = "") -> dict[str, Any]:
    """A page of stories and the cursor of the next (`""` on the last page)."""
    page = story_page(context, filters, limit, cursor)
    return {"stories": [to_dict(story) for story in page.stories], "next_cursor": page.next_cursor}


@router.get("/stories/{story_id}", summary="A story's coverage compared claim by claim")
def get_story(context: Context, story_id: StoryId) -> dict[str, Any]:
    """The story, which articles were compared (one per near-duplicate group, at most the server's
    `max_sources`), their copies and the articles left out, and the comparison as report JSON."""
    result = story_comparison(context, story_id)
    plan = result.plan
    return {
        "story": to_dict(plan.story),
        "compared": [member.id for member in plan.compared],
        "copies": {leader: [to_dict(copy) for copy in copies] for leader, copies in plan.copies},
        "left_out": [to_dict(member) for member in plan.left_out],
        "versions": dict(plan.versions),
        "comparison": comparison_to_json(result.comparison),
    }


@router.get("/stories/{story_id}/history", summary="Articles joining and leaving a story")
def get_story_history(context: Context, story_id: StoryId) -> list[dict[str, Any]]:
    """Membership changes into or out of the story, oldest first."""
    context.store.get_story(story_id)
    return [to_dict(row) for row in context.store.story_history(story_id=story_id)]


@router.get("/articles/{article_id}", summary="One article, cleaned and annotated")
def get_article(context: Context, article_id: ArticleId) -> dict[str, Any]:
    """The article (its newest version) with every annotation (offsets into its text), its story,
    its near-duplicates and its versions with what changed in each (as `newsweave history --format json`)."""
    details = article_details(context, article_id)
    return {
        "article": article_to_json(details.article),
        "story": details.story_id,
        "near_duplicates": [article.id for article in details.near_duplicates],
        "history": history_data(details.history),
    }


@router.get("/search", summary="Full-text search over articles")
def search(
    context: Context,
    q: str = Query(min_length=1, max_length=200, description="Words that must all appear."),
    limit: Limit = 25,
) -> list[dict[str, Any]]:
    """Articles whose title or body hold every word, best first, with a snippet (words marked `[...]`)."""
    hits = context.store.search(q, limit, plain=True)
    return [{"article": hit.article_id, "snippet": hit.snippet, "score": hit.score} for hit in hits]
