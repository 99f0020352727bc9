"""Resource limits on one input: bytes read, HTML nesting depth and time spent per page.

A batch of a million crawled pages holds every kind of hostile page: a 50 MB page, a gzip bomb,
markup nested a hundred thousand levels deep, a page the extractor chews on for minutes. Each
limit turns such a page into a recorded failure with a reason (``sources.too_large``,
``extract.too_deep``, ``extract.timeout``) instead of a run that stalls or runs out of memory.
The readers take a :class:`Limits`, and the extract stage takes one in its options.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "MAX_SOURCES_COMPARED", "Limits", "page_limit_text"]

# A story view compares at most this many articles (one per near-duplicate group): beyond eight
# columns a side-by-side view is no longer read side by side, and its first view stays fast.
MAX_SOURCES_COMPARED = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Limits on one page.

    Args:
        max_page_bytes: the largest page read: an HTML or text file, a feed or OPML file, one
            JSON line, or one WARC record's body after its content encoding is undone (so a small
            compressed body cannot expand without bound). Larger ones fail as ``sources.too_large``.
            News pages are rarely over 2 MB; extracting a 16 MB page takes about 30 s.
        max_html_depth: the deepest element nesting read from an HTML page; deeper pages fail as
            ``extract.too_deep``. lxml stops building the tree near 2,048 levels and drops the
            rest of the page silently, so a limit below that turns the loss into a failure.
        max_seconds_per_page: wall time for extracting and annotating one page in a worker;
            a page past it fails as ``extract.timeout`` and the worker goes on with the next.
    """

    max_page_bytes: int = 16 << 20
    max_html_depth: int = 1024
    max_seconds_per_page: float = 60.0

    def __post_init__(self) -> None:
        for name in ("max_page_bytes", "max_html_depth", "max_seconds_per_page"):
            value = getattr(self, name)
            if value <= 0:
                raise ValueError(f"Limits.{name} must be > 0, got {value!r}")


DEFAULT_LIMITS = Limits()


def page_limit_text(max_bytes: int) -> str:
    """The page-size limit as a failure message names it: in MiB, with the option that sets it."""
    size = f"{max_bytes / 2**20:g} MiB" if max_bytes >= 2**20 else f"{max_bytes:,} bytes"
    return f"the page limit of {size} (--max-page-mb)"
