"""Each multi-source story's framing per outlet, kept so the outlets pages read it, never compute it.

Part of :class:`newsweave.store.SqliteStore`. Comparing a story takes tens to hundreds of
milliseconds (its sentences embedded and scored), so a page over all of an outlet's stories could
not compare them as it is viewed: :func:`newsweave.stories.refresh_outlet_framing` compares each
story whose membership changed and keeps here one :class:`OutletFramingRow` per (story, outlet).
Each story's rows are stored with the fingerprint of the membership they were computed at
(``outlet_framing_stories``), so a refresh recomputes only the stories whose fingerprint moved.

Lists (omitted claims, voices, words) are JSON columns: they are read whole with their row and
never filtered on. Rows are clustered by outlet (an outlet's page reads one range of the table),
and triggers keep each outlet's counts in ``outlet_framing_totals`` for the list of outlets. Rows
are replaced, never updated (a trigger refuses an update, which would bypass the counts).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.errors import NewsweaveError
from newsweave.store.base import MAX_PARAMS, chunks, marks, now_iso
from newsweave.store.browse import BrowseStore

__all__ = ["OutletFramingRow", "OutletFramingStore", "OutletTotals", "SpeakerCount", "WordCount"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerCount:
    """Someone an outlet quotes: how many quotes and words (in one story, or summed over stories)."""

    name: str
    n_quotes: int
    n_words: int
    n_stories: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class WordCount:
    """A loaded word (or attribution verb) in an outlet's own voice, lower-cased, and how often it is used."""

    word: str
    kind: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletFramingRow:
    """How one outlet framed one multi-source story.

    ``article_id`` is the outlet's compared article (its earliest, when several were compared);
    ``n_sources`` the number of articles the story's comparison lined up. ``has_lead`` says the
    article has a claim sentence to lead with, ``leads_with_shared`` that another outlet of the
    story leads with the same claim. ``n_omitted`` counts the widely shared claims it leaves out,
    ``omitted`` holds the words of the first few (most central first). ``story_title`` is filled
    when read, and ignored when saved.
    """

    story_id: str
    outlet: str
    article_id: str
    n_sources: int
    has_lead: bool
    leads_with_shared: bool
    n_omitted: int
    omitted: tuple[str, ...] = ()
    voices: tuple[SpeakerCount, ...] = ()
    words: tuple[WordCount, ...] = ()
    story_title: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletTotals:
    """An outlet's counts over the multi-source stories it covers (from the stored rows)."""

    outlet: str
    n_stories: int
    n_leads_shared: int
    n_omitted: int
    n_stories_omitting: int


_ROW_COLUMNS = (
    "f.story_id, f.outlet, f.article_id, f.n_sources, f.has_lead, f.leads_with_shared, f.n_omitted, "
    "f.omitted, f.voices, f.words, coalesce(s.title, '')"
)


class OutletFramingStore(BrowseStore):
    """The ``outlet_framing`` and ``outlet_framing_stories`` tables."""

    def story_fingerprints(self, *, min_outlets: int = 2, salt: str = "") -> dict[str, str]:
        """The membership fingerprint of every story of at least ``min_outlets`` outlets, by story id.

        It hashes ``salt`` (what else the rows depend on: how many sources are compared, the
        version of the rows) with the story's article ids and their near-duplicate groups, so it
        moves when an article joins or leaves the story or a group forms or changes.
        """
        rows = self._conn.execute(
            "SELECT sm.story_id, sm.article_id, coalesce(nd.group_id, ''), coalesce(nd.is_representative, 0) "
            "FROM stories s JOIN story_members sm ON sm.story_id = s.id "
            "LEFT JOIN near_duplicate_members nd ON nd.article_id = sm.article_id "
            "WHERE s.n_outlets >= ? ORDER BY sm.story_id, sm.article_id",
            (min_outlets,),
        )
        fingerprints: dict[str, str] = {}
        current = ""
        digest = hashlib.sha256()
        for story_id, article_id, group_id, representative in rows:
            if story_id != current:
                if current:
                    fingerprints[current] = digest.hexdigest()[:32]
                current, digest = story_id, hashlib.sha256(salt.encode())
            digest.update(f"\n{article_id}\t{group_id}\t{representative}".encode())
        if current:
            fingerprints[current] = digest.hexdigest()[:32]
        return fingerprints

    def outlet_framing_fingerprints(self) -> dict[str, str]:
        """The fingerprint each story's stored framing rows were computed at, by story id."""
        rows = self._conn.execute("SELECT story_id, fingerprint FROM outlet_framing_stories")
        return dict(rows)

    def save_outlet_framing(self, story_id: str, fingerprint: str, rows: Sequence[OutletFramingRow]) -> None:
        """Replace the framing rows of ``story_id`` with ``rows`` (none for a story with nothing to
        compare), computed at ``fingerprint``, in one transaction.

        Raises:
            ValueError: when a row belongs to another story.
            NewsweaveError: ``store.read_only``; ``store.write_failed``.
        """
        strays = [row.story_id for row in rows if row.story_id != story_id]
        if strays:
            raise ValueError(f"rows of story {strays[0]!r} saved as story {story_id!r}")
        with self._transaction() as conn:
            conn.execute("DELETE FROM outlet_framing_stories WHERE story_id = ?", (story_id,))
            conn.execute(
                "INSERT INTO outlet_framing_stories (story_id, fingerprint, computed_at) VALUES (?, ?, ?)",
                (story_id, fingerprint, now_iso()),
            )
            conn.executemany(
                "INSERT INTO outlet_framing (story_id, outlet, article_id, n_sources, has_lead, leads_with_shared, "
                "n_omitted, omitted, voices, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_row_values(row) for row in rows],
            )

    def drop_outlet_framing(self, story_ids: Iterable[str]) -> int:
        """Forget the framing rows of ``story_ids``; returns how many stories had rows."""
        dropped = 0
        with self._transaction() as conn:
            for chunk in chunks(list(story_ids), MAX_PARAMS):
                dropped += conn.execute(
                    f"DELETE FROM outlet_framing_stories WHERE story_id IN ({marks(len(chunk))})", chunk
                ).rowcount
        return dropped

    def outlet_totals(self, outlet: str | None = None) -> list[OutletTotals]:
        """Each outlet's counts (or ``outlet``'s alone), most stories first, then by name.

        Read from ``outlet_framing_totals``, which triggers keep in step with the rows.
        """
        where, params = ("WHERE outlet = ?", [outlet]) if outlet is not None else ("", [])
        rows = self._conn.execute(
            "SELECT outlet, n_stories, n_leads_shared, n_omitted, n_stories_omitting "
            f"FROM outlet_framing_totals {where} ORDER BY n_stories DESC, outlet",
            params,
        )
        return [
            OutletTotals(
                outlet=row[0], n_stories=row[1], n_leads_shared=row[2], n_omitted=row[3], n_stories_omitting=row[4]
            )
            for row in rows
        ]

    def outlet_framing_rows(self, outlet: str) -> list[OutletFramingRow]:
        """``outlet``'s framing rows, its newest stories first. Raises ``store.not_found`` when it has none."""
        rows = self._conn.execute(
            f"SELECT {_ROW_COLUMNS} FROM outlet_framing f LEFT JOIN stories s ON s.id = f.story_id "
            "WHERE f.outlet = ? ORDER BY coalesce(s.last_published, '') DESC, f.story_id",
            (outlet,),
        ).fetchall()
        if not rows:
            raise NewsweaveError(
                "store.not_found", f"no outlet {outlet!r} in the framing rows of {self.path} (see `newsweave outlets`)"
            )
        return [_row_from(row) for row in rows]

    # An outlet's page sums its rows in SQLite (the JSON lists unpacked by json_each), not in
    # Python: on the 100k benchmark store, 980 rows summed in 10 ms instead of 25-30 ms.

    def outlet_speakers(self, outlet: str, *, limit: int = 10) -> list[SpeakerCount]:
        """Whom ``outlet`` quotes, summed over its stories: in most stories, then most quotes, then most words."""
        rows = self._conn.execute(
            "SELECT v.value ->> 0 AS name, count(*), sum(v.value ->> 1), sum(v.value ->> 2) "
            "FROM outlet_framing f, json_each(f.voices) v WHERE f.outlet = ? "
            "GROUP BY name ORDER BY 2 DESC, 3 DESC, 4 DESC, name LIMIT ?",
            (outlet, limit),
        )
        return [SpeakerCount(name=row[0], n_stories=row[1], n_quotes=row[2], n_words=row[3]) for row in rows]

    def outlet_words(self, outlet: str) -> list[WordCount]:
        """Every loaded word and attribution verb ``outlet`` uses, summed over its stories, most used first."""
        rows = self._conn.execute(
            "SELECT w.value ->> 0 AS word, w.value ->> 1 AS kind, sum(w.value ->> 2) AS n "
            "FROM outlet_framing f, json_each(f.words) w WHERE f.outlet = ? "
            "GROUP BY word, kind ORDER BY n DESC, word, kind",
            (outlet,),
        )
        return [WordCount(word=row[0], kind=row[1], count=row[2]) for row in rows]

    def outlet_omissions(self, outlet: str, *, limit: int = 5) -> list[tuple[str, str, str]]:
        """(story id, story title, first omitted claim) of ``outlet``'s newest stories that omit one."""
        rows = self._conn.execute(
            "SELECT f.story_id, coalesce(s.title, ''), f.omitted ->> 0 "
            "FROM outlet_framing f LEFT JOIN stories s ON s.id = f.story_id "
            "WHERE f.outlet = ? AND f.omitted != '[]' ORDER BY coalesce(s.last_published, '') DESC, f.story_id LIMIT ?",
            (outlet, limit),
        )
        return [(row[0], row[1], row[2]) for row in rows]


def _row_values(row: OutletFramingRow) -> tuple[Any, ...]:
    voices = [[voice.name, voice.n_quotes, voice.n_words] for voice in row.voices]
    words = [[word.word, word.kind, word.count] for word in row.words]
    return (
        row.story_id,
        row.outlet,
        row.article_id,
        row.n_sources,
        int(row.has_lead),
        int(row.leads_with_shared),
        row.n_omitted,
        _json(list(row.omitted)),
        _json(voices),
        _json(words),
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _row_from(row: Sequence[Any]) -> OutletFramingRow:
    return OutletFramingRow(
        story_id=row[0],
        outlet=row[1],
        article_id=row[2],
        n_sources=row[3],
        has_lead=bool(row[4]),
        leads_with_shared=bool(row[5]),
        n_omitted=row[6],
        omitted=tuple(json.loads(row[7])),
        voices=tuple(
            SpeakerCount(name=name, n_quotes=n_quotes, n_words=n_words)
            for name, n_quotes, n_words in json.loads(row[8])
        ),
        words=tuple(WordCount(word=word, kind=kind, count=count) for word, kind, count in json.loads(row[9])),
        story_title=row[10],
    )
