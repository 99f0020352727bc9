"""What every request handler reads, and the FastAPI dependency that hands it over.

Written apart from :mod:`newsweave.web.app` so the routes (:mod:`newsweave.web.service` and the
routers on it) and the app that mounts them both import it, and neither imports the other back.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.templating import Jinja2Templates

from newsweave.store import SqliteStore
from newsweave.stories import ComparisonCache

__all__ = ["WebContext", "context_of"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WebContext:
    """What every request handler reads: the store, the comparison cache and the templates."""

    store: SqliteStore
    cache: ComparisonCache
    templates: Jinja2Templates
    max_sources: int


def context_of(request: Request) -> WebContext:
    """The app's :class:`WebContext` (a FastAPI dependency)."""
    context: WebContext = request.app.state.context
    return context
