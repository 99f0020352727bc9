"""The web app: a FastAPI application over a store opened read-only.

:func:`create_app` opens the store, mounts the pages (:mod:`newsweave.web.pages`), their JSON
twins under ``/api/`` (:mod:`newsweave.web.api`) and the static files, and sets what keeps
hostile article text harmless: every response carries a Content-Security-Policy that allows
scripts and styles from this server only (so no inline script, event handler or ``javascript:``
URL from an article can run even if one escaped the templates' escaping), ``nosniff`` and no
referrer. Errors answer with the status they mean (404 unknown id, 422 bad parameter) and a
one-line message, as an HTML page or as JSON under ``/api/``.

The interactive API docs (Swagger UI) are left out: they load their code from a CDN, which the
policy forbids and which a server that "opens nothing to the network" should not need; the
OpenAPI description is at ``/openapi.json``.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException

from newsweave import __version__
from newsweave.errors import ModelUnavailableError, NewsweaveError
from newsweave.store import SqliteStore
from newsweave.stories import DEFAULT_MAX_SOURCES, ComparisonCache, load_sentence_embedder
from newsweave.web import api, outlet_routes, pages
from newsweave.web.context import WebContext, context_of

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
logger = logging.getLogger(__name__)
_STATUS_OF_CODE = {"store.not_found": 404, "store.bad_query": 422, "store.bad_cursor": 422}


def create_app(
    db: str | os.PathLike[str], *, max_sources: int = DEFAULT_MAX_SOURCES, cache_entries: int = 64
) -> FastAPI:
    """The web app over the store at ``db``, opened read-only.

    Raises:
        NewsweaveError: ``store.unreadable``, ``store.too_old`` or ``store.too_new`` when the
            store cannot be opened read-only.
    """
    store = SqliteStore(db, read_only=True)
    environment = Environment(
        loader=PackageLoader("newsweave.web", "templates"), autoescape=True, undefined=StrictUndefined
    )
    for name in environment.list_templates():  # compiled now, not in a first view (story.html: ~35 ms)
        environment.get_template(name)
    templates = Jinja2Templates(env=environment)
    app = FastAPI(
        title="newsweave",
        version=__version__,
        summary="Stories in a newsweave store and each story's coverage compared claim by claim.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = WebContext(
        store=store, cache=ComparisonCache(cache_entries), templates=templates, max_sources=max_sources
    )
    app.mount("/static", StaticFiles(packages=[("newsweave.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(outlet_routes.api_router)
    app.include_router(pages.router)
    app.include_router(outlet_routes.page_router)
    app.middleware("http")(_security_headers)
    app.add_exception_handler(NewsweaveError, _newsweave_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.router.on_startup.append(_load_models)
    # What the server loaded to start (some 200k objects: FastAPI, pydantic, templates, numpy, the
    # embedder) is kept for good: frozen, the cyclic collector stops rescanning it (a pause of
    # 165 ms measured in one of 40 first story views on the benchmark store, before).
    app.router.on_startup.append(gc.freeze)
    app.router.on_shutdown.append(store.close)
    return app


def _load_models() -> None:
    """Load the sentence embedder before the first request (about a second), not in a first story view."""
    try:
        load_sentence_embedder()
    except ModelUnavailableError as error:  # the stories and article pages still work without it
        logger.warning("story pages will fail: %s", error.message)


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_page(request: Request, status: int, message: str) -> Response:
    """The error as an HTML page, or as ``{"detail": message}`` under ``/api/``."""
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    templates = context_of(request).templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)


async def _newsweave_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, NewsweaveError)
    return error_page(request, _STATUS_OF_CODE.get(error.code, 500), error.message)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if _is_api(request):
        return await request_validation_exception_handler(request, error)
    return error_page(request, 422, _describe(error.errors()))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if _is_api(request):
        return await http_exception_handler(request, error)
    return error_page(request, error.status_code, str(error.detail))


def _describe(errors: Any) -> str:
    """One line naming each bad parameter and what was wrong with it."""
    parts = [f"{'.'.join(map(str, e.get('loc', ())[1:])) or 'request'}: {e.get('msg', 'invalid')}" for e in errors]
    return "; ".join(parts) or "invalid request"
