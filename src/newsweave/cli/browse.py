"""Commands that read a store: ``stories``, ``story`` and ``serve`` (the web page)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsweave.cli.common import (
    EXIT_OK,
    configure_logging,
    db_option,
    exit_code_for,
    exit_with,
    fail,
    format_option,
    max_sources_option,
    open_store,
    output_option,
    stderr,
    verbose_option,
)
from newsweave.cli.pages import REPORT_FORMATS, render_comparison

if TYPE_CHECKING:
    from newsweave.store import StoryMemberRow
    from newsweave.stories import StoryPlan

__all__ = ["serve", "stories", "story"]


@click.command()
@db_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Only stories with an article published on or after this day.",
)
@click.option("--query", metavar="WORDS", help="Full-text search over the stories' articles.")
@format_option(("terminal", "json", "csv"), "terminal: a table for a person; json; csv.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, metavar="N", help="Most stories.")
@verbose_option
def stories(db: Path, since: datetime | None, query: str | None, fmt: str, limit: int, verbose: bool) -> None:
    """List the stories in the store, newest and biggest first.

    \b
    Example:
        newsweave stories --db news.db
        newsweave stories --db news.db --since 2025-10-01 --query bridge --format csv
    """
    from newsweave.errors import NewsweaveError
    from newsweave.report import render_stories
    from newsweave.serde import to_dict

    configure_logging(verbose)
    with open_store(db, read_only=True, verbose=verbose) as store:
        try:
            rows = store.stories(since=since.replace(tzinfo=UTC) if since else None, query=query, limit=limit)
        except NewsweaveError as error:
            fail(error.message, exit_code_for(error), verbose=verbose)
    sys.stdout.write(render_stories([to_dict(row) for row in rows], fmt))


@click.command()
@click.argument("story_id", metavar="STORY_ID")
@db_option
@format_option(REPORT_FORMATS, "terminal: the view for a person; md, json (schema-versioned), html (one file).")
@output_option
@max_sources_option("Most articles compared (one per near-duplicate group).")
@verbose_option
def story(story_id: str, db: Path, fmt: str, output: Path | None, max_sources: int, verbose: bool) -> None:
    """Compare the articles of one story, claim by claim.

    Wire copies are compared once, at most --max-sources articles.

    STORY_ID is a story from `newsweave stories`.

    \b
    Example:
        newsweave story s000001 --db news.db
        newsweave story s000001 --db news.db --format html -o story.html
    """
    from newsweave.errors import NewsweaveError
    from newsweave.stories import compare_story

    configure_logging(verbose)
    with open_store(db, read_only=True, verbose=verbose) as store, stderr.status(f"Comparing story {story_id}…"):
        try:
            result = compare_story(store, story_id, max_sources=max_sources)
        except NewsweaveError as error:
            fail(error.message, exit_code_for(error), verbose=verbose)
    render_comparison(result.comparison, fmt, output)
    print_copies(result.plan)
    exit_with(EXIT_OK)


def print_copies(plan: StoryPlan) -> None:
    """Say on stderr which articles each compared one stands for (its wire copies), what was left
    out, and which were compared in a newer version than first stored."""
    for article_id, copies in plan.copies:
        if copies:
            leader = next(member for member in plan.compared if member.id == article_id)
            names = ", ".join(member_name(copy) for copy in copies)
            stderr.print(f"{member_name(leader)} stands for {len(copies)} near-duplicate(s): {names}", markup=False)
    if plan.left_out:
        stderr.print(f"{len(plan.left_out)} more article(s) in the story not compared (--max-sources)", markup=False)
    for article_id, version in plan.versions:
        leader = next(member for member in plan.compared if member.id == article_id)
        stderr.print(
            f"{member_name(leader)} changed since it was first stored: its version {version} is compared "
            f"(newsweave history {article_id})",
            markup=False,
        )


def member_name(member: StoryMemberRow) -> str:
    from newsweave.outlets import source_name

    return source_name(member)


@click.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADDRESS",
    help="Address to listen on; any but 127.0.0.1 lets the network read the store.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, metavar="PORT", help="Port.")
@max_sources_option("Most articles a story page compares (one per near-duplicate group).")
@verbose_option
def serve(db: Path, host: str, port: int, max_sources: int, verbose: bool) -> None:
    """Serve the web page over a store, read-only.

    Stories, each story side by side, each article, and a JSON API.

    \b
    Example:
        newsweave serve --db news.db                  # http://127.0.0.1:8000
    """
    import uvicorn

    from newsweave.errors import NewsweaveError
    from newsweave.web import create_app

    configure_logging(verbose)
    try:
        web_app = create_app(db, max_sources=max_sources)
    except NewsweaveError as error:
        fail(error.message, exit_code_for(error), verbose=verbose)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        stderr.print(f"[yellow]warning:[/] listening on {host}: whoever reaches it can read the store")
    stderr.print(f"serving {db} read-only at http://{host}:{port}/ (Ctrl+C stops)", markup=False)
    uvicorn.run(web_app, host=host, port=port, log_level="info" if verbose else "warning")
