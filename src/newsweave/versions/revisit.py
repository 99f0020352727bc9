"""Visit followed pages again and keep a new version of each article whose text changed.

A followed page (:meth:`newsweave.store.SqliteStore.follow`) that is due is read again through the
run's fetcher (:func:`newsweave.sources.read_input`, inside :func:`newsweave.sources.url_inputs.fetching`),
so robots.txt, the per-host delay and the size caps hold as for any fetch. A body identical to a
stored version's is unchanged without more work. Otherwise the page goes through the pipeline
(:class:`newsweave.pipeline.PagePipeline`) like any page, and only a change of the article's title
or text makes a new version: a page whose advertising or markup moved is the same article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from newsweave.errors import Failure
from newsweave.limits import Limits
from newsweave.model import Article, Document
from newsweave.pipeline import PagePipeline
from newsweave.sources import read_input
from newsweave.store import FollowedPage, SqliteStore
from newsweave.versions.schedule import next_visit

__all__ = ["RevisitSummary", "revisit_due"]

UNCHANGED = "unchanged"
CHANGED = "changed"


@dataclass(slots=True)
class RevisitSummary:
    """What a round of visits found: pages visited, the versions made (article id, version
    number) and the visits that failed (they are tried again at the next scheduled visit)."""

    visited: int = 0
    versions: list[tuple[str, int]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def revisit_due(
    store: SqliteStore,
    pipeline: PagePipeline,
    *,
    now: datetime,
    schedule: Sequence[timedelta],
    limits: Limits,
) -> RevisitSummary:
    """Visit every followed page due at ``now``; each visit is recorded with its outcome and the
    page's next visit on ``schedule`` (none when the schedule is spent)."""
    summary = RevisitSummary()
    for page in store.due_pages(now):
        summary.visited += 1
        outcome = _visit(store, pipeline, page, now=now, limits=limits, summary=summary)
        store.record_visit(page.uri, outcome=outcome, next_visit_at=next_visit(page.first_seen_at, now, schedule))
    return summary


def _visit(
    store: SqliteStore,
    pipeline: PagePipeline,
    page: FollowedPage,
    *,
    now: datetime,
    limits: Limits,
    summary: RevisitSummary,
) -> str:
    """Read ``page`` again; the outcome: unchanged, changed, or the code of what failed."""
    items = list(read_input(page.uri, limits=limits))
    failures = [item for item in items if isinstance(item, Failure)]
    documents = [item for item in items if isinstance(item, Document)]
    if not documents:
        summary.failures.extend(failures)
        return failures[0].code if failures else "fetch.empty"
    document = documents[0]
    if document.id in store.version_document_ids(page.article_id):
        return UNCHANGED
    result = next(pipeline.articles([document]))
    if isinstance(result, Failure):
        summary.failures.append(result)
        return result.code
    current = store.get_article(page.article_id)
    if (result.title, result.text) == (current.title, current.text):
        return UNCHANGED
    with store.transaction():
        store.upsert_documents([document])
        version = store.add_version(
            page.article_id, _keeping_metadata(result, current), document_id=document.id, fetched_at=now
        )
    summary.versions.append((page.article_id, version))
    return CHANGED


def _keeping_metadata(new: Article, current: Article) -> Article:
    """``new`` at the followed address, with the outlet and date the article had where the new
    page gives none (a page's metadata is often lost from one edition to the next)."""
    return replace(
        new,
        uri=current.uri,
        outlet=new.outlet or current.outlet,
        published=new.published or current.published,
        authors=new.authors or current.authors,
    )
