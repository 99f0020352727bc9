"""Who a quote's attribution names: the speaker phrase next to a speech verb, and the person or
organisation it stands for.

The phrase is read from the words next to the verb (``X said``, ``said X``, ``X, a spokesman,
said``); it is cut at the words no speaker holds (``and``, ``have``, ``in which``), and function
words, a time, an occasion ("in an interview") or a place alone are never a speaker.

:class:`SpeakerResolver` gives each speaker a canonical key (the form
:func:`newsweave.annotate.canonical.entity_key` gives, or the mention's ``entity_id`` when set).
A name is keyed by its mention, a surname by the full name it ends ("Clinton" -> "hillary
clinton"). A pronoun ("he") or a role ("the senator", "the White House spokeswoman") takes the key
of the person or organisation it stands for among the article's PERSON/ORG mentions: a name that
spoke in the last few sentences ("Henson said"), else the first name of the nearest sentence that
has one (mostly its subject); the name must fit: a man or a woman as the article shows (a common
first name, a title, the pronoun after the name), a role the name was given ("Sen. X", "White
House spokeswoman X"); names inside quotation marks are left out (``"I beat Trump," he said``: he
is not Trump). Nothing fits, no key.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.annotate.canonical import entity_key
from newsweave.annotate.speech_verbs import (
    BETWEEN_SPEAKER_AND_VERB,
    EVENT_NOUNS,
    FEMALE_FIRST_NAMES,
    FIRST_PERSON,
    GENDERED_PRONOUNS,
    GENDERED_TITLES,
    MALE_FIRST_NAMES,
    NOT_SPEAKERS,
    ROLE_NOUNS,
    SAYING_VERBS,
    SPEAKER_NOUNS,
    SPEAKER_PRONOUNS,
    SPEECH_VERBS,
    TITLE_ROLES,
)
from newsweave.model import EntityMention, Sentence, Span

__all__ = ["SpeakerResolver", "sentence_subject", "speaker_after", "speaker_before"]

# A word of a speaker phrase: letters with inner dots, apostrophes and hyphens ("Mr.", "U.S.",
# "O'Rourke", "R-Calif."), or one punctuation mark that can end the phrase.
_TOKEN = re.compile(r"[\w][\w’'.-]*|[,;:()\[\]\"“”«»—–]")
_MARKS = re.compile(r"[\"“”«»]")
DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "its", "el", "la", "los", "las", "un", "una", "su"])
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "  # noqa: SIM905
    "august september october november december lunes martes miércoles jueves viernes sábado domingo".split()
)
# "the gambling tycoon" may speak whatever its head; "his leadership skills" only with a head
# that speaks ("his campaign").
ARTICLES = frozenset(
    ["the", "a", "an", "one", "another", "some", "many", "several", "most", "el", "la", "los", "las", "un", "una"]
)
NAME_LABELS = frozenset({"PERSON", "ORG"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAX_PHRASE_WORDS = 6
MAX_APPOSITIVE_WORDS = 18
# How far back (characters) a pronoun or role looks for the name it stands for.
MAX_ANTECEDENT_DISTANCE = 3000
# A name that speaks ("X said") this many sentences back is the first guess for "he said".
SPEAKER_SENTENCES = 3
# Words before a sentence's subject ("Eight years ago, he …") and before a name that opens it.
MAX_OPENING_WORDS = 10
MAX_WORDS_BEFORE_SUBJECT = 3
# How far after a name the pronoun that tells its sex may be.
MAX_PRONOUN_DISTANCE = 150
# Words that open a subordinate clause: the main clause, and its subject, come after the comma.
SUBORDINATORS = frozenset(["while", "although", "though", "when", "as", "after", "because", "if", "since", "before"])
TITLE_WORDS = frozenset(["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "senator", "governor"])


def _tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, end))


def _word(token: re.Match[str]) -> str:
    return token.group().casefold().rstrip(".") if token.group()[-1:] == "." else token.group().casefold()


def speaker_before(text: str, start: int, verb_start: int, entities: Sequence[EntityMention]) -> Span | None:
    """The speaker phrase that ends just before a speech verb: ``Varga said``, ``the mayor told``,
    ``Mr. Issa, who chairs the panel, said`` (the name, not the clause after it)."""
    tokens = _tokens(text, start, verb_start)
    while tokens and _is_adverb(tokens[-1].group()):
        tokens.pop()
    tokens = _drop_parenthesis(_drop_time(tokens))
    if tokens and tokens[-1].group().casefold() == "who":  # "Sanders, who says it's …"
        tokens = tokens[:-2] if len(tokens) > 1 and tokens[-2].group() == "," else tokens[:-1]
    if tokens and tokens[-1].group() == ",":
        return _before_appositive(text, tokens, entities)
    return _phrase(text, _phrase_tokens(tokens), entities)


def _is_adverb(word: str) -> bool:
    """``also``, ``has``, ``repeatedly``: words between a speaker and its verb."""
    lower = word.casefold()
    return lower in BETWEEN_SPEAKER_AND_VERB or (lower.endswith("ly") and word[:1].islower() and len(word) > 4)


def _drop_parenthesis(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """``Sen. Marco Rubio (R-Fla.) said``: the party and state after a name are not the speaker."""
    if tokens and tokens[-1].group() == ")":
        opening = [i for i, token in enumerate(tokens) if token.group() == "("]
        if opening:
            return tokens[: opening[-1]]
    return tokens


def _drop_time(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """``Ruiz on Tuesday said``: the day between a speaker and the verb is not the speaker."""
    if tokens and _word(tokens[-1]) in CALENDAR:
        tokens = tokens[:-1]
        if tokens and tokens[-1].group().casefold() in {"on", "last", "this", "el"}:
            tokens = tokens[:-1]
    return tokens


def _before_appositive(text: str, tokens: list[re.Match[str]], entities: Sequence[EntityMention]) -> Span | None:
    """``X, a spokesman for Y, said``: X if it can be a speaker, else the appositive."""
    commas = [i for i, token in enumerate(tokens[:-1]) if token.group() == ","]
    if not commas or len(tokens) - commas[-1] > MAX_APPOSITIVE_WORDS:
        return None
    head = _phrase(text, _phrase_tokens(tokens[: commas[-1]]), entities)
    if head is not None:
        return head
    return _phrase(text, _phrase_tokens(tokens[commas[-1] + 1 : -1]), entities)


def _phrase_tokens(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """The noun phrase at the end of ``tokens``: back to a determiner (kept), a pronoun (alone) or
    a word no speaker holds (left out)."""
    phrase: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group().casefold()
        if not phrase and word in SPEAKER_PRONOUNS:
            return [token]
        if not token.group()[0].isalnum() or word in NOT_SPEAKERS or word in SPEAKER_PRONOUNS:
            break
        if word in FIRST_PERSON or len(phrase) == MAX_PHRASE_WORDS:
            return []
        phrase.insert(0, token)
        if word in DETERMINERS:
            break
    return phrase


def sentence_subject(text: str, start: int, end: int, entities: Sequence[EntityMention]) -> Span | None:
    """The pronoun or name that opens the sentence at ``start`` (up to ``end``), else the first
    person or organisation in it."""
    tokens = _tokens(text, start, end)[:MAX_OPENING_WORDS]
    # "He …", or after an opening phrase: "Eight years ago, he …"
    after_comma = [tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t.group() == ","][:1]
    for first in [*tokens[:1], *after_comma]:
        if first.group().casefold() in SPEAKER_PRONOUNS:
            return _span(text, [first])
    actors = [
        e.span
        for e in entities
        if start <= e.span.start and e.span.end <= end and e.label in NAME_LABELS and not _in_quote(text, start, e.span)
    ]
    if actors:
        return Span(start=actors[0].start, end=actors[0].end, label="speaker")
    for opening in [tokens, *([tokens[tokens.index(after_comma[0]) :]] if after_comma else [])]:
        run = _opening_phrase(opening)
        if run:
            return _phrase(text, run, entities)
    return None


def _opening_phrase(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """The phrase that opens ``tokens`` when it can be a speaker: capitalised words (``Pence
    went on …``, not ``Flying home …``), or a determiner up to a noun that speaks (``His office
    put out …``, ``The Christian leader related …``)."""
    if tokens and _word(tokens[0]) in DETERMINERS:
        for index, token in enumerate(tokens[1:MAX_PHRASE_WORDS], start=1):
            if _word(token) in SPEAKER_NOUNS:
                return tokens[: index + 1]
            if not token.group()[0].isalnum():
                break
        return []
    run = []
    for token in tokens:
        word = _word(token)
        if not token.group()[0].isupper() or word in DETERMINERS | NOT_SPEAKERS or word.endswith(("ing", "ly")):
            break
        run.append(token)
    return run


def _in_quote(text: str, start: int, span: Span) -> bool:
    """Whether ``span`` sits inside quotation marks opened after ``start`` (an odd count)."""
    return len(_MARKS.findall(text, start, span.start)) % 2 == 1


def speaker_after(text: str, verb_end: int, end: int, entities: Sequence[EntityMention]) -> Span | None:
    """The speaker phrase after an inverted verb or a cue: ``said Tomas Reyk, a spokesman``,
    ``according to the agency``."""
    phrase: list[re.Match[str]] = []
    for token in _tokens(text, verb_end, end):
        word = token.group().casefold()
        if not phrase and word in SPEAKER_PRONOUNS:
            return _span(text, [token])
        if not token.group()[0].isalnum() or (word in NOT_SPEAKERS and phrase) or len(phrase) == MAX_PHRASE_WORDS:
            break
        if word in NOT_SPEAKERS or (not phrase and word in CALENDAR):
            continue  # "said on Tuesday the agency", "said Monday"
        if phrase and (word in DETERMINERS or word in SPEAKER_PRONOUNS or word in SPEECH_VERBS):
            break  # "the city embodied the …", "the crowd he …": a clause, not a speaker
        phrase.append(token)
    return _phrase(text, phrase, entities)


def _phrase(text: str, tokens: list[re.Match[str]], entities: Sequence[EntityMention]) -> Span | None:
    """The speaker in a noun phrase: its name when it ends in one (``campaign spokesman Brian
    Fallon``), else the phrase (``the council``); None for a place, a time or function words."""
    while tokens and _word(tokens[0]) in CALENDAR | {"on", "in", "at", "by"}:
        tokens = tokens[1:]
    if not tokens or not _can_speak(tokens):
        return None
    if tokens[-1].group()[0].isupper() and tokens[-1].group().casefold() not in SPEAKER_PRONOUNS:
        tokens = _capitalised_run(tokens) or tokens
    span = _span(text, tokens)
    named = [e for e in entities if e.span.overlaps(span)]
    if _is_place(text, span, named, entities):
        return None
    people = [e for e in named if e.label in NAME_LABELS and span.contains(e.span)]
    if people and len(tokens) > 1 and not _is_role_phrase(text, span):
        return Span(start=people[-1].span.start, end=people[-1].span.end, label="speaker")
    return span


def _can_speak(tokens: list[re.Match[str]]) -> bool:
    """Not function words or dates alone, not a bare phrase whose head cannot speak ("criminal
    justice issues said"), not a time or an occasion ("in an incendiary press conference, X said")."""
    words = [_word(t) for t in tokens]
    if all(w in DETERMINERS | NOT_SPEAKERS | CALENDAR for w in words):
        return False
    capitalised = any(t.group()[0].isupper() for t in tokens)
    if (
        not capitalised
        and not any(w in ARTICLES for w in words)
        and words[-1] not in SPEAKER_NOUNS | set(SPEAKER_PRONOUNS)
    ):
        return False
    return tokens[-1].group()[0].isupper() or words[-1] not in EVENT_NOUNS


def _is_place(text: str, span: Span, named: list[EntityMention], entities: Sequence[EntityMention]) -> bool:
    """ "Wyoming said": a place is not a speaker; but "Israel said" is, after "Rep. Steve Israel"."""
    if not named or not all(e.label in PLACE_LABELS for e in named) or not _covers(named, span):
        return False
    return not _surname_of_person(text, text[span.start : span.end], entities)


def _surname_of_person(text: str, words: str, entities: Sequence[EntityMention]) -> bool:
    """Whether ``words`` end the name of a person the article names."""
    return any(e.label == "PERSON" and text[e.span.start : e.span.end].endswith(" " + words) for e in entities)


def _capitalised_run(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    run: list[re.Match[str]] = []
    for token in reversed(tokens):
        if not token.group()[0].isupper() or token.group().casefold() in DETERMINERS:
            break
        run.insert(0, token)
    return run


def _covers(mentions: list[EntityMention], span: Span) -> bool:
    return (
        sum(min(m.span.end, span.end) - max(m.span.start, span.start) for m in mentions)
        >= (span.end - span.start) * 0.6
    )


def _is_role_phrase(text: str, span: Span) -> bool:
    """``the Clinton campaign``: a lower-case role noun heads it, so the phrase is the speaker."""
    last = text[span.start : span.end].split()[-1].casefold()
    return last in ROLE_NOUNS and last[:1].islower()


def _span(text: str, tokens: list[re.Match[str]]) -> Span:
    end = tokens[-1].end()
    if text[end - 1] == "." and not _keeps_dot(tokens[-1].group()):
        end -= 1
    return Span(start=tokens[0].start(), end=end, label="speaker")


def _keeps_dot(word: str) -> bool:
    """``Jr.``, ``U.S.``, ``Mr.``: the dot is part of the word, not the sentence's stop."""
    return word.count(".") > 1 or word.casefold().rstrip(".") in {"jr", "sr", "mr", "mrs", "ms", "dr"}


# --- resolving pronouns and roles ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Named:
    """A named mention and what the article says of the one it names."""

    span: Span
    label: str
    key: str
    gender: str
    roles: frozenset[str]
    quoted: bool
    speaks: bool  # the subject of a speech verb: "X said", "said X", "according to X"


class SpeakerResolver:
    """Canonical keys for speaker phrases of one article: a name's own key; a pronoun's or role's
    antecedent's key; "" when nothing fits."""

    def __init__(
        self, text: str, sentences: Sequence[Sentence], entities: Sequence[EntityMention], quoted: Sequence[Span]
    ) -> None:
        self.text = text
        self.starts = [sentence.span.start for sentence in sentences]
        quote_spans = sorted(quoted, key=lambda span: span.start)
        quote_starts = [span.start for span in quote_spans]
        tagged = sorted((e for e in entities if e.label in SPEAKER_LABELS | PLACE_LABELS), key=lambda e: e.span.start)
        keys = _full_name_keys(text, tagged)
        mentions = _person_labels(tagged, keys)
        keys = [key for key, m in zip(keys, mentions, strict=True) if m.label in SPEAKER_LABELS]
        mentions = [m for m in mentions if m.label in SPEAKER_LABELS]
        genders = _genders(text, self.starts, mentions, keys)
        roles = _roles(text, mentions, keys)
        self.named = [
            _Named(
                span=m.span,
                label=m.label,
                key=keys[i],
                gender=genders.get(keys[i], ""),
                roles=roles.get(keys[i], frozenset()),
                quoted=_inside(quote_starts, quote_spans, m.span),
                speaks=_speaks(text, m.span),
            )
            for i, m in enumerate(mentions)
        ]

    def key(self, speaker: Span) -> str:
        """The canonical key of the speaker phrase ``speaker``."""
        words = self.text[speaker.start : speaker.end].split()
        first = words[0].casefold() if words else ""
        if len(words) == 1 and first in SPEAKER_PRONOUNS:
            return self._antecedent(speaker.start, SPEAKER_PRONOUNS[first], "")
        inside = [n for n in self.named if speaker.overlaps(n.span) and n.label in NAME_LABELS]
        role = words[-1].casefold() if words else ""
        if role in ROLE_NOUNS and role[:1] == words[-1][:1]:
            return self._role(speaker, role, inside)
        if inside:
            return inside[-1].key
        return entity_key(" ".join(w for w in words if w.casefold().rstrip(".") not in TITLE_WORDS))

    def _role(self, speaker: Span, role: str, inside: list[_Named]) -> str:
        """``the senator``: the nearest person given that role; ``the Trump campaign``: the
        organisation named in the phrase, else the nearest organisation named with that word."""
        gender = ROLE_NOUNS[role]
        if gender == "n":
            if inside:
                return f"{inside[-1].key} {role}" if inside[-1].label == "PERSON" else inside[-1].key
            return self._antecedent(speaker.start, "n", role)
        return self._antecedent(speaker.start, gender or "mf", role)

    def _antecedent(self, position: int, kind: str, role: str) -> str:
        """The first fitting name of the nearest sentence that has one, this sentence first: the
        first name of a sentence is mostly its subject, the one a later "he said" goes on about."""
        fitting = [
            n
            for n in self.named
            if n.span.start < position
            and position - n.span.end <= MAX_ANTECEDENT_DISTANCE
            and not n.quoted
            and _fits(n, kind, role, self.text)
        ]
        if not fitting:
            return ""
        recent = position
        for _ in range(SPEAKER_SENTENCES):
            recent = self._sentence_start(recent - 1)
        speakers = [n for n in fitting if n.speaks and n.span.start >= recent]
        if speakers:
            return speakers[-1].key
        start = self._main_clause(self._sentence_start(fitting[-1].span.start), fitting[-1].span.start)
        return next(n.key for n in fitting if n.span.start >= start)

    def _main_clause(self, start: int, last: int) -> int:
        """Where the main clause of the sentence at ``start`` begins: after an opening subordinate
        clause (``While Obama had …, that concerns Henry Crespo``), when a name follows it."""
        first = _TOKEN.search(self.text, start, last)
        comma = self.text.find(",", start, last)
        if first is None or first.group().casefold() not in SUBORDINATORS or comma < 0:
            return start
        return comma

    def _sentence_start(self, position: int) -> int:
        index = bisect_right(self.starts, position) - 1
        return self.starts[index] if index >= 0 else 0


_SPEAKS_AFTER = re.compile(r"(?:,[^,]{0,80},)?\s*(?:\w+ly\s+|also\s+|has\s+|had\s+)?(\w+)")
_SPEAKS_BEFORE = re.compile(
    r"(?:according to|[,”\"]\s*(?:said|says|added|asked|wrote))\s+(?:\S+\s+){0,3}$", re.IGNORECASE
)


def _speaks(text: str, span: Span) -> bool:
    """Whether the mention at ``span`` is the subject of a speech verb."""
    after = _SPEAKS_AFTER.match(text, span.end, min(len(text), span.end + 120))
    if after and after.group(1).casefold() in SAYING_VERBS:
        return True
    return bool(_SPEAKS_BEFORE.search(text[max(0, span.start - 40) : span.start]))


def _inside(starts: Sequence[int], spans: Sequence[Span], span: Span) -> bool:
    """Whether ``span`` lies in one of ``spans`` (disjoint, sorted; ``starts`` their starts)."""
    index = bisect_right(starts, span.start) - 1
    return index >= 0 and spans[index].contains(span)


def _fits(named: _Named, kind: str, role: str, text: str) -> bool:
    if kind in {"n", "p"}:
        if named.label == "PERSON":
            return False
        return not role or role in text[named.span.start : named.span.end].casefold()
    if named.label != "PERSON":
        return False
    if role and role not in named.roles:
        return False
    return kind == "mf" or named.gender in {kind, ""}


def _full_name_keys(text: str, mentions: Sequence[EntityMention]) -> list[str]:
    """Each mention's key; a one-word person mention takes the key of the nearest full name it
    ends ("Clinton" -> "hillary clinton") so one person's mentions share a key."""
    keys = []
    last_full: dict[str, str] = {}
    for mention in mentions:
        key = mention.entity_id or entity_key(text[mention.span.start : mention.span.end])
        words = key.split()
        if mention.label == "PERSON" and len(words) > 1:
            last_full[words[-1]] = key
            last_full.setdefault(words[0], key)
        elif len(words) == 1 and words[0] in last_full:
            key = last_full[words[0]]
        keys.append(key)
    return keys


def _person_labels(mentions: Sequence[EntityMention], keys: Sequence[str]) -> list[EntityMention]:
    """Mentions relabelled PERSON where another mention of the same key is a person: taggers
    read a surname alone as an organisation or a place ("Trump said", "Israel said")."""
    people = {key for key, m in zip(keys, mentions, strict=True) if m.label == "PERSON"}
    return [
        m
        if m.label == "PERSON" or key not in people
        else EntityMention(span=m.span, label="PERSON", entity_id=m.entity_id)
        for key, m in zip(keys, mentions, strict=True)
    ]


def _genders(
    text: str, starts: Sequence[int], mentions: Sequence[EntityMention], keys: Sequence[str]
) -> dict[str, str]:
    """A man or a woman, per person key, by votes: a common first name or a title ("Mrs.
    Clinton") counts most, a gendered role next to a mention ("X, a spokeswoman") next, and the
    first he/she after a mention that opens its sentence, with no other name between, least."""
    votes: dict[str, Counter[str]] = {}
    for index, mention in enumerate(mentions):
        if mention.label != "PERSON":
            continue
        counts = votes.setdefault(keys[index], Counter())
        first = keys[index].split()[0] if len(keys[index].split()) > 1 else ""
        if first in MALE_FIRST_NAMES or first in FEMALE_FIRST_NAMES:
            counts["m" if first in MALE_FIRST_NAMES else "f"] += 3
        title = _title_gender(text, mention.span)
        if title:
            counts[title] += 2
        stop = mentions[index + 1].span.start if index + 1 < len(mentions) else len(text)
        if _opens_sentence(text, starts, mention.span.start):
            pronoun = _next_pronoun_gender(text, mention.span.end, stop)
            if pronoun:
                counts[pronoun] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in votes.items() if counts}


def _opens_sentence(text: str, starts: Sequence[int], position: int) -> bool:
    index = bisect_right(starts, position) - 1
    start = starts[index] if index >= 0 else 0
    return len(text[start:position].split()) <= MAX_WORDS_BEFORE_SUBJECT


def _title_gender(text: str, span: Span) -> str:
    before = text[max(0, span.start - 12) : span.start].split()
    after = text[span.end : span.end + 40].split()
    if before and before[-1].casefold() in GENDERED_TITLES:
        return GENDERED_TITLES[before[-1].casefold()]
    nearby = [w.strip(",.").casefold() for w in (before[-1:] + after[:4])]
    genders = {ROLE_NOUNS[w] for w in nearby if ROLE_NOUNS.get(w) in {"m", "f"}}
    return genders.pop() if len(genders) == 1 else ""


_GENDERED = re.compile(r"\b(?:he|his|she|her)\b", re.IGNORECASE)


def _next_pronoun_gender(text: str, start: int, stop: int) -> str:
    """The first he/she-type pronoun after a mention, before the next name and not far off."""
    match = _GENDERED.search(text, start, min(stop, start + MAX_PRONOUN_DISTANCE))
    return GENDERED_PRONOUNS[match.group().casefold()] if match else ""


def _roles(text: str, mentions: Sequence[EntityMention], keys: Sequence[str]) -> dict[str, frozenset[str]]:
    """Role nouns each person key was given: a title ("Sen. Cruz" -> senator), a role just
    before the name ("campaign manager Kellyanne Conway") or an appositive after it."""
    found: dict[str, set[str]] = {}
    for index, mention in enumerate(mentions):
        if mention.label != "PERSON":
            continue
        before = [w.strip(",").casefold() for w in text[max(0, mention.span.start - 40) : mention.span.start].split()]
        after = [w.strip(",.").casefold() for w in text[mention.span.end : mention.span.end + 60].split()[:6]]
        roles = {TITLE_ROLES[w] for w in before[-2:] if w in TITLE_ROLES}
        roles |= {w for w in before[-3:] + after if w in ROLE_NOUNS and ROLE_NOUNS[w] != "n"}
        roles |= {TITLE_ROLES[w] for w in after if w in TITLE_ROLES}
        found.setdefault(keys[index], set()).update(roles)
    return {key: frozenset(roles) for key, roles in found.items()}
