"""newsweave's data model: small, frozen, plain records that point back to character offsets.

Every record is immutable and holds only plain values (str, int, float, bool, aware datetime,
StrEnum, tuples of records), so it pickles, serialises through :mod:`newsweave.serde` and crosses
process boundaries unchanged. Derived facts hold a :class:`Span` into ``Article.text`` rather than
a copy of the words, so any statement in a report can be traced to where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = [
    "Article",
    "CentralClaim",
    "ClaimGroup",
    "ClaimMember",
    "ClaimStatus",
    "ClaimWording",
    "Comparison",
    "Correction",
    "Document",
    "Entity",
    "EntityMention",
    "Evidence",
    "Framing",
    "LeadRank",
    "MediaType",
    "Quote",
    "Sentence",
    "SocialPost",
    "SourceFraming",
    "Span",
    "TimeKind",
    "TimeRef",
    "TimelineEntry",
    "Voice",
    "VoiceKind",
    "WordKind",
    "WordMark",
]


class MediaType(StrEnum):
    HTML = "html"
    TEXT = "text"


class TimeKind(StrEnum):
    DATE = "date"
    DURATION = "duration"


class ClaimStatus(StrEnum):
    SHARED = "shared"
    UNIQUE = "unique"
    CONFLICT = "conflict"


class WordKind(StrEnum):
    """Why a word colours its sentence: a loaded speech verb ("claimed" where "said" would do), a
    word that judges or dramatises, one that turns a degree up or down, or one that holds back."""

    ATTRIBUTION = "attribution"
    EVALUATIVE = "evaluative"
    INTENSIFIER = "intensifier"
    HEDGE = "hedge"


class VoiceKind(StrEnum):
    """Who a quoted speaker is, as the article describes them."""

    OFFICIAL = "official"
    CAMPAIGN = "campaign"
    EXPERT = "expert"
    WITNESS = "witness"
    ANONYMOUS = "anonymous"
    OTHER = "other"


def _check_aware(value: datetime | None, name: str) -> None:
    if value is not None and value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Half-open character range ``[start, end)`` in a text, with an optional label."""

    start: int
    end: int
    label: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Span needs 0 <= start <= end, got start={self.start} end={self.end}")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One input page as read from a source, before extraction.

    ``id`` is a content hash, so the same page read twice is one document.
    """

    id: str
    uri: str
    media_type: MediaType
    content: str
    encoding: str = "utf-8"
    url: str = ""
    outlet: str = ""
    title: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str = ""

    def __post_init__(self) -> None:
        _check_aware(self.published, "Document.published")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityMention:
    """A named-entity mention; ``entity_id`` is set when mentions are canonicalised."""

    span: Span
    label: str
    entity_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """Quoted words (without the quote marks), with the speaker and speech verb when given."""

    span: Span
    speaker: Span | None = None
    verb: Span | None = None
    speaker_entity: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialPost:
    """An embedded social-media post.

    ``span`` locates the post in ``Article.text`` when its words are part of the body; a post that
    only existed as markup (an embed the extractor left out) has ``span=None`` and keeps its text.
    """

    span: Span | None
    platform: str
    text: str
    handle: str = ""
    author: str = ""
    url: str = ""
    links: tuple[str, ...] = ()
    language: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A correction, update or clarification notice (``kind``) in the article."""

    span: Span
    kind: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeRef:
    """A time expression.

    ``value`` is the resolved ISO form (``2018-03-28``, ``2016-10``, ``2012``; ``P6Y`` for a
    duration). When the expression is relative and the publication date is unknown, ``value`` is
    empty and ``relative`` keeps what it means (``weekday:WE``, ``year:-1``) with
    ``anchor="publication"``.
    """

    span: Span
    kind: TimeKind
    granularity: str
    value: str = ""
    relative: str = ""
    anchor: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One cleaned, annotated article.

    ``text`` is the article body; every annotation indexes it. ``source_text`` is the page's
    visible text as the extractor saw it, and ``removed`` labels the parts of ``source_text``
    that are not in the body (byline, bio, caption, credit, navigation, ...). ``*_from`` says
    where a value was read (``feed``, ``json-ld``, ``markup``, ``url``, ``text``, or ``supplied``
    by the user for an input that gives none) and ``*_confidence`` how far that source is
    trusted (0-1); published and updated stay apart.
    ``outlet`` is the name the input or the page gives (empty when neither does); what a report
    shows for the source is :func:`newsweave.outlets.source_name`.
    """

    id: str
    uri: str
    text: str
    title: str = ""
    dek: str = ""
    url: str = ""
    outlet: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    published_from: str = ""
    published_confidence: float = 0.0
    updated: datetime | None = None
    updated_from: str = ""
    updated_confidence: float = 0.0
    authors_from: str = ""
    authors_confidence: float = 0.0
    language: str = ""
    source_text: str = ""
    removed: tuple[Span, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    posts: tuple[SocialPost, ...] = ()
    hashtags: tuple[Span, ...] = ()
    mentions: tuple[Span, ...] = ()
    links: tuple[Span, ...] = ()
    corrections: tuple[Correction, ...] = ()
    times: tuple[TimeRef, ...] = ()

    def __post_init__(self) -> None:
        _check_aware(self.published, "Article.published")
        _check_aware(self.updated, "Article.updated")

    def text_at(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def removed_text(self, span: Span) -> str:
        return self.source_text[span.start : span.end]


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A canonical entity: the mentions of one person, organisation or place across articles."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    n_mentions: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimMember:
    """One sentence of one article taking part in a claim group."""

    article_id: str
    sentence: int
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The words that make two aligned sentences disagree, and on what (``kind``).

    ``slot`` names what the values are of where the kind alone does not: the counted thing of a
    ``number`` ("people", "dollars", "quoted people" for a figure inside a quotation), the
    granularity of a ``date`` ("day").
    """

    kind: str
    article_id: str
    span: Span
    value: str
    slot: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimGroup:
    """Sentences of different sources that state one claim.

    ``brief_member`` indexes the member whose words the brief uses for a shared claim (the one
    closest to the others, whose quotes name their speaker), or is ``None`` where no member can
    stand alone in a brief, where the members agree too loosely (``similarity`` below the compare
    options' ``brief_min_similarity``) for one sentence to speak for them all, and for unique and
    conflicting claims, which the brief leaves out.
    """

    id: str
    status: ClaimStatus
    sources: tuple[str, ...]
    members: tuple[ClaimMember, ...]
    evidence: tuple[Evidence, ...] = ()
    similarity: float = 0.0
    brief_member: int | None = None

    def __post_init__(self) -> None:
        if self.brief_member is not None and not 0 <= self.brief_member < len(self.members):
            raise ValueError(f"ClaimGroup.brief_member {self.brief_member} is not one of {len(self.members)} members")


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    """A dated statement: the time it names, where it was said, and by whom."""

    value: str
    relative: str
    granularity: str
    article_id: str
    sentence: int
    time: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class WordMark:
    """A word of an article's own voice (outside quotes and names) that frames what it reports.

    ``score`` says how loaded it is: the lexicon's absolute valence (0-4) or the weight of the word
    list that holds it. ``claim_id`` names the claim group of its sentence; ``differs`` is true when
    the other sources' members of that claim do not use the word.
    """

    article_id: str
    span: Span
    kind: WordKind
    score: float
    claim_id: str = ""
    differs: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimWording:
    """How the members of one claim carried by several sources are worded.

    ``loadedness`` holds each member's summed word scores, in member order; ``neutral_member``
    indexes the least loaded one; ``differs`` is true when some member uses a marked word the
    others do not.
    """

    claim_id: str
    loadedness: tuple[float, ...]
    neutral_member: int
    differs: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Voice:
    """Someone a source quotes: the name reports use, what kind of voice the article makes them
    (and the words that said so), and how much room they get."""

    speaker: str
    entity_id: str
    kind: VoiceKind
    cue: str
    n_quotes: int
    n_words: int
    only_here: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadRank:
    """Where a source places a claim that some source leads with: ``rank`` 1 is its own lead,
    ``None`` when it does not carry the claim."""

    claim_id: str
    rank: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CentralClaim:
    """A claim and how central it is to the story: how many sources carry it, plus how early they
    place it (``centrality`` = sources + mean earliness, earliness 1 for a lead, near 0 at the end)."""

    claim_id: str
    n_sources: int
    centrality: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFraming:
    """How one source framed the story: its lead, the central claims it leaves out and those only it
    carries (most central first), whom it quotes, and its loaded words."""

    article_id: str
    lead_sentence: int | None = None
    lead_claim: str = ""
    lead_ranks: tuple[LeadRank, ...] = ()
    omitted: tuple[CentralClaim, ...] = ()
    exclusive: tuple[CentralClaim, ...] = ()
    voices: tuple[Voice, ...] = ()
    words: tuple[WordMark, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Framing:
    """Each source's framing, in the comparison's article order, and the wording of each claim that
    several sources carry. ``lexicon`` names the word list behind the scores."""

    sources: tuple[SourceFraming, ...] = ()
    wordings: tuple[ClaimWording, ...] = ()
    lexicon: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    claims: tuple[ClaimGroup, ...]
    timeline: tuple[TimelineEntry, ...] = ()
    framing: Framing = Framing()

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)
