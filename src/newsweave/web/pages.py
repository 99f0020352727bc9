"""The HTML pages: stories, one story side by side, one article, and a story's exports.

Rendered on the server from Jinja2 templates with autoescaping on, so every title, sentence,
handle and URL from an article reaches the page as text. The only script is ``static/app.js``
(highlighting a claim's counterparts, toggling marks); the pages work without it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from newsweave.outlets import source_name
from newsweave.report import render
from newsweave.report.history import format_date
from newsweave.store import StoryFilter
from newsweave.web.outlet_views import outlet_url
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
from newsweave.web.views import article_view, is_safe_url, story_view

__all__ = ["ExportFormat", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

# The exported HTML report is a self-contained file with its own inline stylesheet and no script.
_EXPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class ExportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"


_MEDIA_TYPES = {
    ExportFormat.MD: "text/markdown; charset=utf-8",
    ExportFormat.HTML: "text/html; charset=utf-8",
    ExportFormat.JSON: "application/json",
}


@router.get("/")
def stories_page(
    request: Request, context: Context, filters: Filters, limit: Limit = 25, cursor: Cursor = ""
) -> Response:
    page = story_page(context, filters, limit, cursor)
    next_url = str(request.url.include_query_params(cursor=page.next_cursor)) if page.next_cursor else ""
    values = _filter_values(filters, request)
    return _render(request, context, "stories.html", {"page": page, "next_url": next_url, "values": values})


@router.get("/stories/{story_id}")
def story_page_html(request: Request, context: Context, story_id: StoryId) -> Response:
    result = story_comparison(context, story_id)
    view = story_view(result)
    return _render(request, context, "story.html", {"result": result, "plan": result.plan, "view": view})


@router.get("/stories/{story_id}/export/{fmt}")
def export_story(context: Context, story_id: StoryId, fmt: ExportFormat) -> Response:
    result = story_comparison(context, story_id)
    headers = {"Content-Disposition": f'attachment; filename="story-{story_id}.{fmt.value}"'}
    if fmt is ExportFormat.HTML:
        headers["Content-Security-Policy"] = _EXPORT_POLICY
    return Response(render(result.comparison, fmt.value), media_type=_MEDIA_TYPES[fmt], headers=headers)


@router.get("/articles/{article_id}")
def article_page(request: Request, context: Context, article_id: ArticleId) -> Response:
    details = article_details(context, article_id)
    view = article_view(details.article)
    return _render(request, context, "article.html", {"details": details, "view": view})


def _render(request: Request, context: Context, name: str, values: dict[str, Any]) -> Response:
    helpers = {
        "safe_url": is_safe_url,
        "source_name": source_name,
        "outlet_url": outlet_url,
        "format_date": format_date,
    }
    return context.templates.TemplateResponse(request, name, {**helpers, **values})


def _filter_values(filters: StoryFilter, request: Request) -> dict[str, str]:
    """What the filter form shows: the parameters as given (already validated into ``filters``)."""
    names = ("q", "since", "until", "outlet", "entity", "language")
    return {name: request.query_params.get(name, "") for name in names} | {"active": str(filters != StoryFilter())}
