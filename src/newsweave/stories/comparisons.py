"""A story's comparison from the store: which articles to line up, and a cache of the results.

The ``story`` command, the web page and the web API all call :func:`compare_story`, so they show
the same comparison. Which articles are compared:

- **One per near-duplicate group.** Wire copies say the same sentences; comparing them with each
  other would only make every claim look "shared". The group's representative (else its earliest
  member in the story) stands for the group, and the others are listed as its copies.
- **At most ``max_sources``.** A comparison embeds every sentence and scores every pair of
  sentences, so its cost grows with the square of the articles; a column per article is also
  unreadable past a screenful. Distinct outlets go first, earliest first; the rest of the story
  is listed, not compared.

Most of a first comparison's time is the sentence embedder (132 ms of a 165 ms first view of
170 generated sentences on two cores): :func:`embed_story_sentences` embeds the compared
sentences ahead into the store (after an ingest, say), and :class:`StoredEmbedder` reads them
back, embedding only the sentences not stored yet. The web server opens the store read-only, so
it cannot keep comparisons in it: :class:`ComparisonCache` keeps the latest ones in the process, keyed by the
compared article ids (a story that gains an article gets a new key, so an entry is never stale).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np

from newsweave.blas import one_blas_thread
from newsweave.compare import CompareOptions, claim_units, compare_articles
from newsweave.limits import MAX_SOURCES_COMPARED
from newsweave.model import Comparison
from newsweave.models.embedder import EMBEDDERS, Embedder, Vectors
from newsweave.outlets import source_name
from newsweave.store import SqliteStore, StoryFilter, StoryMemberRow, StoryRow
from newsweave.store.browse import MAX_PAGE
from newsweave.store.sentences import sentence_key

__all__ = [
    "DEFAULT_MAX_SOURCES",
    "ComparisonCache",
    "SentenceEmbedding",
    "StoredEmbedder",
    "StoryComparison",
    "StoryPlan",
    "compare_story",
    "embed_story_sentences",
    "load_sentence_embedder",
    "plan_story",
]

DEFAULT_MAX_SOURCES = MAX_SOURCES_COMPARED


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryPlan:
    """Which of a story's articles are compared, which are copies of them, and which are left out.

    ``copies`` pairs each compared article id with the members of its near-duplicate group that
    are not compared. ``versions`` gives the version number of each compared article that
    changed since it was first stored (:mod:`newsweave.versions`): the comparison reads that
    newest version.
    """

    story: StoryRow
    compared: tuple[StoryMemberRow, ...]
    copies: tuple[tuple[str, tuple[StoryMemberRow, ...]], ...]
    left_out: tuple[StoryMemberRow, ...]
    versions: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(member.id for member in self.compared)

    @property
    def cache_key(self) -> tuple[str, ...]:
        """The compared articles and their versions: a new version is a new comparison."""
        return self.key + tuple(f"{article_id}@{version}" for article_id, version in self.versions)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryComparison:
    """A story, the plan of what was compared, and the comparison itself."""

    plan: StoryPlan
    comparison: Comparison


def plan_story(store: SqliteStore, story_id: str, *, max_sources: int = DEFAULT_MAX_SOURCES) -> StoryPlan:
    """Choose the articles of ``story_id`` to compare (see the module doc).

    Raises:
        NewsweaveError: ``store.not_found`` for an unknown story.
        ValueError: when ``max_sources`` is below 1.
    """
    if max_sources < 1:
        raise ValueError(f"max_sources must be >= 1, got {max_sources}")
    story = store.get_story(story_id)
    members = store.story_members(story_id)
    leaders, copies = _split_copies(members)
    compared = _choose(leaders, max_sources)
    copies_of_compared = tuple((member.id, tuple(copies.get(member.id, ()))) for member in compared)
    shown = {member.id for member in compared} | {copy.id for _, group in copies_of_compared for copy in group}
    versions = store.version_counts([member.id for member in compared])
    return StoryPlan(
        story=story,
        compared=tuple(compared),
        copies=copies_of_compared,
        left_out=tuple(member for member in members if member.id not in shown),
        versions=tuple((member.id, versions[member.id]) for member in compared if member.id in versions),
    )


def compare_story(
    store: SqliteStore,
    story_id: str,
    *,
    max_sources: int = DEFAULT_MAX_SOURCES,
    options: CompareOptions | None = None,
    cache: ComparisonCache | None = None,
) -> StoryComparison:
    """The comparison of a story's articles, one per near-duplicate group, at most ``max_sources``.

    Raises:
        NewsweaveError: ``store.not_found`` for an unknown story.
    """
    plan = plan_story(store, story_id, max_sources=max_sources)
    chosen = options or CompareOptions()

    def compute() -> Comparison:
        embedder = StoredEmbedder(store, chosen.embedder, EMBEDDERS[chosen.embedder]())
        # The score matrices are a few hundred rows square: BLAS threads only add hand-offs, which
        # on a busy machine took most of a big story's time. The embedder sets its own threads.
        with one_blas_thread():
            return compare_articles(store.get_articles(plan.key), options=chosen, embedder=embedder)

    comparison = cache.get_or_compute(plan.cache_key, compute) if cache is not None else compute()
    return StoryComparison(plan=plan, comparison=comparison)


class StoredEmbedder:
    """The sentence vectors the store holds for the embedder named ``model``; the others embedded
    by ``embedder`` (that model) here, and not stored: the web server's store is read-only."""

    def __init__(self, store: SqliteStore, model: str, embedder: Embedder) -> None:
        self.store = store
        self.model = model
        self.embedder = embedder
        self.dimensions = embedder.dimensions

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [sentence_key(self.model, text) for text in texts]
        found = self.store.load_sentence_vectors(keys)
        vectors = np.empty((len(texts), self.dimensions), dtype=np.float32)
        missing = []
        for row, key in enumerate(keys):
            if key in found:
                vectors[row] = found[key]
            else:
                missing.append(row)
        if missing:
            vectors[missing] = self.embedder.embed([texts[row] for row in missing])
        return vectors


def load_sentence_embedder(options: CompareOptions | None = None) -> None:
    """Load the comparisons' sentence embedder and run it once, so no first story view pays for it.

    Loading the multilingual USE takes about a second on two cores; a server calls this before it
    takes requests.

    Raises:
        ModelUnavailableError: when the embedder is not installed.
    """
    EMBEDDERS[(options or CompareOptions()).embedder]().embed(["newsweave"])


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceEmbedding:
    """What :func:`embed_story_sentences` did: stories looked at, sentences embedded and already stored."""

    n_stories: int
    n_embedded: int
    n_stored_before: int


def embed_story_sentences(
    store: SqliteStore,
    story_ids: Sequence[str] | None = None,
    *,
    max_sources: int = DEFAULT_MAX_SOURCES,
    options: CompareOptions | None = None,
    embedder: Embedder | None = None,
    batch_size: int = 512,
    newest: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SentenceEmbedding:
    """Embed and store the sentences :func:`compare_story` would embed, for ``story_ids`` or every story.

    Without ``story_ids``, every story (or the ``newest`` ones) goes newest first (the stories
    page's order), so an interrupted run has done the stories readers open first; a rerun embeds
    only what is missing. ``max_sources`` must be the one the pages compare with. A story of one
    compared article is skipped: it needs no vectors. ``progress`` is called with each story's id
    once it is planned.

    Raises:
        NewsweaveError: ``store.not_found`` for an unknown story; ``store.read_only``.
        ModelUnavailableError: when the embedder is not installed.
    """
    model = (options or CompareOptions()).embedder
    embedder = embedder or EMBEDDERS[model]()
    pending: dict[bytes, str] = {}
    n_stories = n_embedded = n_stored_before = 0
    for story_id in story_ids if story_ids is not None else islice(_newest_first(store), newest):
        plan = plan_story(store, story_id, max_sources=max_sources)
        n_stories += 1
        if len(plan.key) > 1:
            texts = {sentence_key(model, unit.text): unit.text for unit in claim_units(store.get_articles(plan.key))}
            stored = store.load_sentence_vectors(list(texts))
            n_stored_before += len(stored)
            pending.update((key, text) for key, text in texts.items() if key not in stored)
        if len(pending) >= batch_size:
            n_embedded += _embed_and_save(store, embedder.embed, pending)
        if progress is not None:
            progress(story_id)
    return SentenceEmbedding(
        n_stories=n_stories,
        n_embedded=n_embedded + _embed_and_save(store, embedder.embed, pending),
        n_stored_before=n_stored_before,
    )


def _newest_first(store: SqliteStore) -> Iterator[str]:
    cursor = ""
    while True:
        page = store.browse_stories(StoryFilter(), limit=MAX_PAGE, cursor=cursor)
        yield from (story.id for story in page.stories)
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def _embed_and_save(store: SqliteStore, embed: Callable[[Sequence[str]], Vectors], pending: dict[bytes, str]) -> int:
    """Embed the pending sentences, store them, and empty ``pending``; returns how many."""
    if not pending:
        return 0
    store.save_sentence_vectors(list(pending), embed(list(pending.values())))
    n_embedded = len(pending)
    pending.clear()
    return n_embedded


class ComparisonCache:
    """The latest ``max_entries`` comparisons, least recently used dropped first; thread-safe.

    One comparison is computed at a time: the embedder already uses every core, and two requests
    for the same cold story then compute it once.
    """

    def __init__(self, max_entries: int = 64) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, ...], Comparison] = OrderedDict()
        self._lock = threading.Lock()
        self._computing = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_compute(self, key: tuple[str, ...], compute: Callable[[], Comparison]) -> Comparison:
        """The cached comparison for ``key``, else ``compute()``'s, remembered."""
        found = self._get(key)
        if found is not None:
            return found
        with self._computing:
            found = self._get(key)
            if found is not None:
                return found
            comparison = compute()
        with self._lock:
            self._entries[key] = comparison
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return comparison

    def _get(self, key: tuple[str, ...]) -> Comparison | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found


def _split_copies(members: Sequence[StoryMemberRow]) -> tuple[list[StoryMemberRow], dict[str, list[StoryMemberRow]]]:
    """The article standing for each near-duplicate group (and each ungrouped article), and the copies."""
    by_group: dict[str, list[StoryMemberRow]] = {}
    leaders: list[StoryMemberRow] = []
    for member in members:
        if member.group_id:
            by_group.setdefault(member.group_id, []).append(member)
        else:
            leaders.append(member)
    copies: dict[str, list[StoryMemberRow]] = {}
    for group in by_group.values():
        leader = next((member for member in group if member.is_representative), group[0])
        leaders.append(leader)
        copies[leader.id] = [member for member in group if member is not leader]
    order = {member.id: position for position, member in enumerate(members)}
    return sorted(leaders, key=lambda member: order[member.id]), copies


def _choose(leaders: Sequence[StoryMemberRow], max_sources: int) -> list[StoryMemberRow]:
    """Earliest article of each distinct outlet first, then the rest, in story order, up to the cap."""
    seen: set[str] = set()
    first_of_outlet: list[StoryMemberRow] = []
    others: list[StoryMemberRow] = []
    for member in leaders:
        outlet = source_name(member).casefold()
        (others if outlet in seen else first_of_outlet).append(member)
        seen.add(outlet)
    chosen = {member.id for member in (first_of_outlet + others)[:max_sources]}
    return [member for member in leaders if member.id in chosen]
