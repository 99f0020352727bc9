"""``newsweave history``: the versions of a followed article and what changed in each."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsweave.cli.common import (
    EXIT_OK,
    configure_logging,
    db_option,
    exit_code_for,
    exit_with,
    fail,
    format_option,
    open_store,
    verbose_option,
)

__all__ = ["history"]


@click.command()
@click.argument("article_id", metavar="ARTICLE_ID")
@db_option
@format_option(("terminal", "json"), "terminal: each version and its changes; json: the same as data.")
@verbose_option
def history(article_id: str, db: Path, fmt: str, verbose: bool) -> None:
    """Show every version of an article and what changed in each.

    `newsweave watch` reads each new page again on a schedule (1 hour, 6 hours, 1 day, 3 days
    and 1 week after first seen, by default) and keeps a new version when the article's text
    changed. For each version: when it was fetched, then its sentences added (+), removed (-)
    and rewritten (~, with the figures and names that differ), a changed title, and any
    correction or update notice that first appeared in it. Stories and comparisons use the
    newest version.

    ARTICLE_ID is an article's id, as the story page and `newsweave story --format json` show it.

    \b
    Example:
        newsweave history 3f9a1c0b7d2e4a51 --db news.db
        newsweave history 3f9a1c0b7d2e4a51 --db news.db --format json
    """
    from newsweave.errors import NewsweaveError
    from newsweave.report.history import history_json, history_text
    from newsweave.versions.history import article_history

    configure_logging(verbose)
    with open_store(db, read_only=True, must_exist=True, verbose=verbose) as store:
        try:
            found = article_history(store, article_id)
        except NewsweaveError as error:
            fail(error.message, exit_code_for(error), verbose=verbose)
    sys.stdout.write(history_text(found) if fmt == "terminal" else history_json(found))
    exit_with(EXIT_OK)
