"""The outlets pages and their JSON twins: each outlet's framing over all its multi-source stories.

They read the rows ``newsweave outlets`` keeps in the store (:mod:`newsweave.store.outlet_framing`)
and compare no story: the server opens the store read-only, and an outlet's thousand comparisons
would not fit in a page view. A store whose rows were never computed shows an empty list that says
how to compute them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from newsweave.stories import outlet_profile, profile_to_dict
from newsweave.web.outlet_views import outlet_line, outlet_url, totals_to_dict
from newsweave.web.service import Context

__all__ = ["api_router", "page_router"]

OutletName = Annotated[
    str, Path(min_length=1, max_length=300, description="An outlet's name, as `/api/outlets` lists it.")
]

page_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
api_router = APIRouter(prefix="/api", tags=["api"])


@page_router.get("/outlets")
def outlets_page(request: Request, context: Context) -> Response:
    lines = [outlet_line(totals) for totals in context.store.outlet_totals()]
    return context.templates.TemplateResponse(request, "outlets.html", {"lines": lines})


@page_router.get("/outlets/{name:path}")
def outlet_page(request: Request, context: Context, name: OutletName) -> Response:
    profile = outlet_profile(context.store, name)
    values = {"profile": profile, "line": outlet_line(profile.totals), "outlet_url": outlet_url}
    return context.templates.TemplateResponse(request, "outlet.html", values)


@api_router.get("/outlets", summary="Outlets and their framing counts over their multi-source stories")
def list_outlets(context: Context) -> dict[str, Any]:
    """Each outlet, most stories first: stories shared with other outlets, how many it leads with a
    claim another outlet leads with, and the widely shared claims it leaves out."""
    return {"outlets": [totals_to_dict(totals) for totals in context.store.outlet_totals()]}


@api_router.get("/outlets/{name:path}", summary="One outlet's framing over its multi-source stories")
def get_outlet(context: Context, name: OutletName) -> dict[str, Any]:
    """As `newsweave outlets --outlet NAME --format json`: counts, most quoted speakers, loaded words,
    attribution verbs and examples of omitted claims."""
    return profile_to_dict(outlet_profile(context.store, name))
