"""What the outlets pages show, derived from the stored framing rows (nothing is compared here).

Kept apart from :mod:`newsweave.web.views` (the story and article pages): the outlets pages read
only :mod:`newsweave.stories.outlets`' sums of the rows ``newsweave outlets`` keeps in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from newsweave.store import OutletTotals

__all__ = ["OutletLine", "outlet_line", "outlet_url", "totals_to_dict"]


def outlet_url(name: str) -> str:
    """The outlet's page (every character of the name escaped, a slash too)."""
    return "/outlets/" + quote(name, safe="")


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletLine:
    """One outlet in the list: its counts, and the share and rate shown beside them."""

    totals: OutletTotals
    url: str
    lead_share: str
    omitted_per_story: str


def outlet_line(totals: OutletTotals) -> OutletLine:
    n = totals.n_stories
    return OutletLine(
        totals=totals,
        url=outlet_url(totals.outlet),
        lead_share=f"{totals.n_leads_shared / n:.0%}" if n else "–",
        omitted_per_story=f"{totals.n_omitted / n:.2f}" if n else "–",
    )


def totals_to_dict(totals: OutletTotals) -> dict[str, Any]:
    """One outlet of ``/api/outlets``: the counts, and the share of stories it leads with a shared lead."""
    n = totals.n_stories
    return {
        "outlet": totals.outlet,
        "n_stories": n,
        "n_leads_shared": totals.n_leads_shared,
        "lead_share": round(totals.n_leads_shared / n, 4) if n else 0.0,
        "n_omitted": totals.n_omitted,
        "n_stories_omitting": totals.n_stories_omitting,
    }
