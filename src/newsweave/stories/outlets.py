"""Framing across a store: per outlet, over all its multi-source stories, what it leads with, whom
it quotes, its loaded words and attribution verbs, and the widely shared claims it leaves out.

Comparing one story takes tens to hundreds of milliseconds, so the outlets pages cannot compare an
outlet's thousand stories as they are viewed. Instead :func:`refresh_outlet_framing` compares each
multi-source story with :func:`~newsweave.stories.compare_story` (what the story page shows) and
keeps its framing per outlet in the store (:mod:`newsweave.store.outlet_framing`), and
:func:`outlet_profile` sums an outlet's stored rows (in SQLite: no row is read into Python). A
refresh is incremental: each story's rows carry the fingerprint of its membership (articles and
near-duplicate groups, and how many sources are compared), and only stories whose fingerprint
moved, or that are new, are compared again.

What a row says, for the outlet's compared article in one story (its earliest, when the story
compares several of its articles):

- **leads with what others lead with**: its lead claim (first claim sentence) is the lead claim of
  another outlet of the story;
- **omitted**: the claims most other sources carry that it leaves out (the comparison's
  omissions, :mod:`newsweave.compare.framing`), counted, with the words of the first three;
- **voices**: whom it quotes, with quotes and words per speaker;
- **words**: its loaded words and attribution verbs, lower-cased, with counts.

Limits: a story is one of at least two outlets (``stories.n_outlets``); an article re-annotated
under the same id does not move the fingerprint (``rebuild=True`` recomputes every story); the
alignment's misses become false omissions, as on the story page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from newsweave.compare import CompareOptions
from newsweave.errors import NewsweaveError
from newsweave.model import Comparison, WordKind
from newsweave.outlets import source_name
from newsweave.report.views import claim_text
from newsweave.store import OutletFramingRow, OutletTotals, SpeakerCount, SqliteStore, WordCount
from newsweave.stories.comparisons import DEFAULT_MAX_SOURCES, compare_story, plan_story

__all__ = [
    "OmissionExample",
    "OutletProfile",
    "OutletRefresh",
    "OutletRefreshPlan",
    "framing_rows",
    "outlet_profile",
    "outlet_profiles",
    "plan_outlet_refresh",
    "profile_to_dict",
    "refresh_outlet_framing",
]

# Bumped when what a row holds, or how it is derived, changes: every story is then recomputed.
ROWS_VERSION = 1
MIN_OUTLETS = 2
_OMITTED_KEPT = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletRefreshPlan:
    """The multi-source stories to compare again (with their new fingerprints), and the stories
    whose rows are to go (no longer of several outlets, or gone)."""

    stale: tuple[tuple[str, str], ...]
    gone: tuple[str, ...]
    n_stories: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletRefresh:
    """What a refresh did: multi-source stories, those compared, those whose rows were current, rows dropped."""

    n_stories: int
    n_compared: int
    n_unchanged: int
    n_dropped: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OmissionExample:
    """A widely shared claim an outlet left out, in its words from another source, and the story."""

    story_id: str
    story_title: str
    claim: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletProfile:
    """An outlet's framing summed over its multi-source stories.

    ``speakers`` are most quoted first (in most stories, then most quotes, then most words);
    ``loaded_words`` (evaluative words, intensifiers, hedges) and ``attribution_verbs`` most used
    first; ``omissions`` examples from its newest stories.
    """

    totals: OutletTotals
    speakers: tuple[SpeakerCount, ...]
    loaded_words: tuple[WordCount, ...]
    attribution_verbs: tuple[WordCount, ...]
    omissions: tuple[OmissionExample, ...]

    @property
    def outlet(self) -> str:
        return self.totals.outlet

    @property
    def lead_share(self) -> float:
        """Share of its stories where it leads with a claim another outlet leads with."""
        return self.totals.n_leads_shared / self.totals.n_stories if self.totals.n_stories else 0.0


def plan_outlet_refresh(
    store: SqliteStore, *, max_sources: int = DEFAULT_MAX_SOURCES, rebuild: bool = False
) -> OutletRefreshPlan:
    """Which stories a refresh compares: new multi-source stories and those whose membership changed
    (all of them with ``rebuild``), in story id order, and which stored stories it drops."""
    current = store.story_fingerprints(min_outlets=MIN_OUTLETS, salt=f"v{ROWS_VERSION}|max_sources={max_sources}")
    stored = store.outlet_framing_fingerprints()
    stale = [(story_id, fp) for story_id, fp in current.items() if rebuild or stored.get(story_id) != fp]
    return OutletRefreshPlan(
        stale=tuple(stale),
        gone=tuple(story_id for story_id in stored if story_id not in current),
        n_stories=len(current),
    )


def refresh_outlet_framing(
    store: SqliteStore,
    plan: OutletRefreshPlan | None = None,
    *,
    max_sources: int = DEFAULT_MAX_SOURCES,
    options: CompareOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> OutletRefresh:
    """Compare the stories ``plan`` names (by default :func:`plan_outlet_refresh`'s) and store their
    framing per outlet; drop the rows of the stories it says are gone.

    Each story is saved in its own transaction: an interrupted refresh keeps what it did, and a
    rerun compares only the rest. ``progress`` is called with each story's id once it is saved.

    Raises:
        NewsweaveError: ``store.read_only``; ``store.write_failed``.
        ModelUnavailableError: when the comparisons' sentence embedder is not installed.
    """
    plan = plan or plan_outlet_refresh(store, max_sources=max_sources)
    dropped = store.drop_outlet_framing(plan.gone) if plan.gone else 0
    for story_id, fingerprint in plan.stale:
        rows: tuple[OutletFramingRow, ...] = ()
        if len(plan_story(store, story_id, max_sources=max_sources).compared) > 1:
            result = compare_story(store, story_id, max_sources=max_sources, options=options)
            rows = framing_rows(story_id, result.comparison)
        store.save_outlet_framing(story_id, fingerprint, rows)
        if progress is not None:
            progress(story_id)
    return OutletRefresh(
        n_stories=plan.n_stories,
        n_compared=len(plan.stale),
        n_unchanged=plan.n_stories - len(plan.stale),
        n_dropped=dropped,
    )


def framing_rows(story_id: str, comparison: Comparison) -> tuple[OutletFramingRow, ...]:
    """One row per outlet of a story's comparison (the outlet's first compared article)."""
    outlet_of = {article.id: source_name(article) for article in comparison.articles}
    leading: dict[str, set[str]] = {}
    for source in comparison.framing.sources:
        if source.lead_claim:
            leading.setdefault(source.lead_claim, set()).add(outlet_of[source.article_id].casefold())
    claims = {claim.id: claim for claim in comparison.claims}
    rows: list[OutletFramingRow] = []
    seen: set[str] = set()
    for source in comparison.framing.sources:
        article = comparison.article(source.article_id)
        outlet = outlet_of[article.id]
        if outlet.casefold() in seen:
            continue
        seen.add(outlet.casefold())
        others = leading.get(source.lead_claim, set()) - {outlet.casefold()}
        words = Counter((article.text_at(mark.span).casefold(), str(mark.kind)) for mark in source.words)
        rows.append(
            OutletFramingRow(
                story_id=story_id,
                outlet=outlet,
                article_id=article.id,
                n_sources=len(comparison.articles),
                has_lead=bool(source.lead_claim),
                leads_with_shared=bool(source.lead_claim) and bool(others),
                n_omitted=len(source.omitted),
                omitted=tuple(
                    claim_text(comparison, claims[c.claim_id])
                    for c in source.omitted[:_OMITTED_KEPT]
                    if c.claim_id in claims
                ),
                voices=_speakers((voice.speaker, voice.n_quotes, voice.n_words) for voice in source.voices),
                words=tuple(
                    WordCount(word=word, kind=kind, count=count)
                    for (word, kind), count in sorted(words.items(), key=lambda item: (-item[1], item[0]))
                ),
            )
        )
    return tuple(rows)


def _speakers(voices: Iterable[tuple[str, int, int]]) -> tuple[SpeakerCount, ...]:
    quotes: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for name, n_quotes, n_words in voices:
        quotes[name] += n_quotes
        words[name] += n_words
    return tuple(SpeakerCount(name=name, n_quotes=quotes[name], n_words=words[name]) for name in quotes)


def outlet_profile(store: SqliteStore, outlet: str, *, top: int = 10, examples: int = 5) -> OutletProfile:
    """``outlet``'s framing over its multi-source stories, summed from the stored rows (nothing is compared).

    Raises:
        NewsweaveError: ``store.not_found`` for an outlet with no stored rows.
    """
    totals = store.outlet_totals(outlet)
    if not totals:
        raise NewsweaveError(
            "store.not_found", f"no outlet {outlet!r} in the framing rows of {store.path} (see `newsweave outlets`)"
        )
    return _profile(store, totals[0], top=top, examples=examples)


def outlet_profiles(store: SqliteStore, *, top: int = 10, examples: int = 5) -> list[OutletProfile]:
    """Every outlet's profile, most stories first."""
    return [_profile(store, totals, top=top, examples=examples) for totals in store.outlet_totals()]


def _profile(store: SqliteStore, totals: OutletTotals, *, top: int, examples: int) -> OutletProfile:
    outlet = totals.outlet
    words = store.outlet_words(outlet)
    return OutletProfile(
        totals=totals,
        speakers=tuple(store.outlet_speakers(outlet, limit=top)),
        loaded_words=tuple(word for word in words if word.kind != WordKind.ATTRIBUTION)[:top],
        attribution_verbs=tuple(word for word in words if word.kind == WordKind.ATTRIBUTION)[:top],
        omissions=tuple(
            OmissionExample(story_id=story_id, story_title=title, claim=claim)
            for story_id, title, claim in store.outlet_omissions(outlet, limit=examples)
        ),
    )


def profile_to_dict(profile: OutletProfile) -> dict[str, Any]:
    """An outlet's profile as the JSON ``newsweave outlets --format json`` and ``/api/outlets/{name}`` write."""
    totals = profile.totals
    return {
        "outlet": profile.outlet,
        "n_stories": totals.n_stories,
        "n_leads_shared": totals.n_leads_shared,
        "lead_share": round(profile.lead_share, 4),
        "n_omitted": totals.n_omitted,
        "n_stories_omitting": totals.n_stories_omitting,
        "speakers": [
            {"name": s.name, "n_stories": s.n_stories, "n_quotes": s.n_quotes, "n_words": s.n_words}
            for s in profile.speakers
        ],
        "loaded_words": [{"word": w.word, "kind": w.kind, "count": w.count} for w in profile.loaded_words],
        "attribution_verbs": [{"word": w.word, "count": w.count} for w in profile.attribution_verbs],
        "omissions": [{"story": o.story_id, "title": o.story_title, "claim": o.claim} for o in profile.omissions],
    }
