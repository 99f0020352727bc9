"""``newsweave outlets``: each outlet's framing over all its multi-source stories."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsweave.cli.common import (
    EXIT_OK,
    advance_with_rate,
    configure_logging,
    db_option,
    exit_code_for,
    exit_with,
    fail,
    format_option,
    max_sources_option,
    open_store,
    progress_bar,
    stderr,
    verbose_option,
)

if TYPE_CHECKING:
    from newsweave.store import SqliteStore
    from newsweave.stories import OutletProfile

__all__ = ["outlets", "render_profiles"]


@click.command()
@db_option
@click.option("--outlet", metavar="NAME", help="Only this outlet (its name as the list shows it).")
@format_option(("terminal", "json", "csv"), "terminal: a block per outlet; json; csv (a row per outlet).")
@click.option(
    "--top", type=click.IntRange(min=1), default=5, show_default=True, metavar="N", help="Speakers and words shown."
)
@click.option("--no-refresh", is_flag=True, help="Read the stored rows as they are: compare no story.")
@click.option("--rebuild", is_flag=True, help="Compare every multi-source story again, changed or not.")
@max_sources_option("Most articles a story's comparison lines up (as the story page).")
@verbose_option
def outlets(
    db: Path,
    outlet: str | None,
    fmt: str,
    top: int,
    no_refresh: bool,
    rebuild: bool,
    max_sources: int,
    verbose: bool,
) -> None:
    """How each outlet frames the stories it shares with others.

    Over all its multi-source stories: how often it leads with what another outlet leads with,
    whom it quotes most, its most used loaded words and attribution verbs, and the widely shared
    claims it leaves out, with examples.

    First compares, and keeps in the store, the multi-source stories that are new or changed since
    the last run (the web page's /outlets reads what it kept); --no-refresh skips that.

    \b
    Example:
        newsweave outlets --db news.db
        newsweave outlets --db news.db --outlet "The Alder Courier" --format json
    """
    from newsweave.errors import NewsweaveError
    from newsweave.stories import outlet_profile, outlet_profiles

    configure_logging(verbose)
    with open_store(db, read_only=no_refresh, must_exist=True, verbose=verbose) as store:
        if not no_refresh:
            _refresh(store, max_sources=max_sources, rebuild=rebuild, verbose=verbose)
        try:
            profiles = [outlet_profile(store, outlet, top=top)] if outlet else outlet_profiles(store, top=top)
        except NewsweaveError as error:
            fail(error.message, exit_code_for(error), verbose=verbose)
    if not profiles:
        stderr.print("no outlet shares a story with another in this store", markup=False)
    sys.stdout.write(render_profiles(profiles, fmt))
    exit_with(EXIT_OK)


def _refresh(store: SqliteStore, *, max_sources: int, rebuild: bool, verbose: bool) -> None:
    from newsweave.errors import NewsweaveError
    from newsweave.stories import plan_outlet_refresh, refresh_outlet_framing

    try:
        plan = plan_outlet_refresh(store, max_sources=max_sources, rebuild=rebuild)
        with progress_bar() as progress:
            task = progress.add_task("comparing stories", total=len(plan.stale), rate="")
            done = refresh_outlet_framing(
                store, plan, max_sources=max_sources, progress=advance_with_rate(progress, task, "", "stories")
            )
    except NewsweaveError as error:
        fail(error.message, exit_code_for(error), verbose=verbose)
    stderr.print(
        f"{done.n_stories} multi-source stories: {done.n_compared} compared, {done.n_unchanged} unchanged"
        + (f", {done.n_dropped} dropped" if done.n_dropped else ""),
        markup=False,
    )


def render_profiles(profiles: list[OutletProfile], fmt: str) -> str:
    if fmt == "json":
        from newsweave.stories import profile_to_dict

        return json.dumps([profile_to_dict(profile) for profile in profiles], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(profiles)
    return "".join(_terminal(profile) for profile in profiles)


def _terminal(profile: OutletProfile) -> str:
    totals = profile.totals
    speakers = ", ".join(
        f"{s.name} ({_count(s.n_stories, 'story', 'stories')}, {s.n_words} words)" for s in profile.speakers
    )
    loaded = ", ".join(f"{w.word} ×{w.count}" for w in profile.loaded_words)
    verbs = ", ".join(f"{w.word} ×{w.count}" for w in profile.attribution_verbs)
    lines = [
        profile.outlet,
        f"  stories shared with other outlets: {totals.n_stories}",
        f"  leads with what another outlet leads with: {totals.n_leads_shared} of {totals.n_stories} "
        f"({profile.lead_share:.0%})",
        f"  most quoted: {speakers or '-'}",
        f"  loaded words: {loaded or '-'}",
        f"  attribution verbs: {verbs or '-'}",
        f"  widely shared claims left out: {totals.n_omitted} in "
        f"{_count(totals.n_stories_omitting, 'story', 'stories')}",
    ]
    lines += [f"    - {o.claim}  [{o.story_id}: {o.story_title}]" for o in profile.omissions]
    return "\n".join(lines) + "\n\n"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _csv(profiles: list[OutletProfile]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "outlet",
            "stories",
            "leads_shared",
            "lead_share",
            "omitted",
            "stories_omitting",
            "speakers",
            "loaded_words",
            "attribution_verbs",
        ]
    )
    for profile in profiles:
        totals = profile.totals
        writer.writerow(
            [
                profile.outlet,
                totals.n_stories,
                totals.n_leads_shared,
                f"{profile.lead_share:.4f}",
                totals.n_omitted,
                totals.n_stories_omitting,
                "; ".join(s.name for s in profile.speakers),
                "; ".join(w.word for w in profile.loaded_words),
                "; ".join(w.word for w in profile.attribution_verbs),
            ]
        )
    return buffer.getvalue()
