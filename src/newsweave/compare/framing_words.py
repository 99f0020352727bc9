"""Word lists for the framing comparison, kept apart from its logic (as speech_verbs.py is for the
quote finder): loaded speech verbs, hedges, intensifiers, words that judge or dramatise, words
that only name what happened, and the cues that say what kind of voice a speaker is.

The categories follow Wikipedia's "Words to watch" style guideline (puffery, contentious labels,
editorialising, expressions of doubt, synonyms for "said") and common newsroom advice on loaded
verbs ("slammed", "mowed down"); the words are written here, not copied from a list. The valence
of other English words comes from the VADER lexicon (:mod:`newsweave.compare.lexicon`).
"""

from __future__ import annotations

from newsweave.annotate.speech_verbs import SPEECH_VERBS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- attribution: speech verbs ---------------------------------------------------------------------
# Verbs that report speech without a judgement on it; a difference between two of them is no framing.
NEUTRAL_SPEECH_VERBS: frozenset[str] = _words(
    """
    said says say saying told tells tell telling added adds adding stated states announced announces
    reported reports wrote writes writing explained explains noted notes asked asks replied replies
    responded responds according confirmed confirms testified answered answers spoke speaking
    described describes recalled recalls continued continues dijo dice dijeron afirmó declaró señaló
    explicó añadió indicó informó
    """
)
# Speech verbs that tell the reader how to take the words: doubt ("claimed"), a concession dragged
# out ("admitted"), stubbornness ("insisted"), scorn ("mocked"). Weight 2 for the strong ones.
_STRONG_SPEECH_VERBS = _words(
    """
    claimed claims claim claiming admitted admits admit admitting confessed confesses insisted
    insists insisting boasted boasts bragged brags whined whines ranted rants fumed fumes slammed
    slams blasted blasts mocked mocks mocking sneered sneers scoffed scoffs touted touts trumpeted
    trumpets lashed railed rails raged rages
    """
)
_MILD_SPEECH_VERBS = _words(
    """
    conceded concedes conceding maintained maintains contended contends asserted asserts revealed
    reveals denied denies complained complains lamented laments vowed vows
    """
)
LOADED_SPEECH_VERBS: dict[str, float] = {
    **dict.fromkeys(_STRONG_SPEECH_VERBS, 2.0),
    **dict.fromkeys(_MILD_SPEECH_VERBS, 1.0),
}
# Every verb above reports speech: the lists refine annotate's speech verbs rather than compete with them.
ATTRIBUTION_VERBS: frozenset[str] = SPEECH_VERBS | NEUTRAL_SPEECH_VERBS | frozenset(LOADED_SPEECH_VERBS)

# --- hedges ---------------------------------------------------------------------------------------
HEDGES: frozenset[str] = _words(
    """
    allegedly reportedly apparently purportedly supposedly ostensibly seemingly possibly perhaps
    probably likely presumably maybe may might could appears appear appeared appearing seems seem
    seemed suspected alleged allege alleges unconfirmed unverified rumoured rumored purported presunto
    presuntamente supuestamente aparentemente posiblemente probablemente
    """
)
# "is said to", "were believed to": a hedge only in that frame, else a plain verb.
HEDGE_PASSIVES: frozenset[str] = _words("said believed thought understood reported alleged rumoured rumored")
BE_VERBS: frozenset[str] = _words("is are was were be been being")
# "could not", "may not ever": a modal followed by these says what is possible, not how sure.
MODAL_NEGATIONS: frozenset[str] = _words("not n't never")
MODALS: frozenset[str] = _words("may might could")
# "claimed the title", "claims another victim": a claim verb with a thing for object reports no speech.
CLAIM_VERBS: frozenset[str] = _words("claimed claims claim claiming")
CLAIM_OBJECTS: frozenset[str] = _words(
    "responsibility credit victory title another a an his her their its the two three several many"
)
# "false claims", "the claims", "his admission": a claim word after these is a noun, not a verb.
CLAIM_NOUN_MARKERS: frozenset[str] = _words(
    "a an the his her their its our my your these those such same earlier new similar other false baseless"
)

# --- intensifiers --------------------------------------------------------------------------------
INTENSIFIERS: frozenset[str] = _words(
    """
    very extremely highly hugely massively deeply incredibly utterly totally absolutely entirely
    thoroughly sharply dramatically increasingly heavily hardly barely scarcely truly really
    remarkably exceptionally enormously tremendously overwhelmingly certainly definitely undoubtedly
    extreme extraordinarily unprecedented significant significantly vastly wildly fiercely
    staggering whopping muy extremadamente
    """
)

# --- words that judge or dramatise ----------------------------------------------------------------
# Puffery, contentious labels, editorialising adverbs and vivid verbs and nouns in place of plain
# ones ("smashed into" for "hit"). Weight 2, or the lexicon's valence when that is higher.
LOADED_WORDS: frozenset[str] = _words(
    """
    legendary iconic acclaimed celebrated renowned prestigious famed beloved visionary brilliant
    outstanding remarkable extraordinary world-class landmark groundbreaking stunning spectacular
    impressive ideal perfect
    notorious infamous controversial embattled disgraced rogue extremist radical regime thug thugs
    mob so-called lawless militant hardline firebrand
    fortunately unfortunately sadly tragically thankfully luckily ironically mercifully shockingly
    amazingly predictably inexplicably brazenly senselessly clearly obviously undeniably
    slammed slams smashed smashes smashing mowed plowed ploughed rammed stormed swarmed unleashed
    rampage spree carnage mayhem chaos chaotic havoc bloodbath slaughter frenzy fury furious outrage
    outraged horror horrific horrifying shocking shocked devastating devastated heartbreaking
    heartless brutal callous cowardly senseless tragic tragedy nightmare catastrophe catastrophic
    disaster disastrous debacle fiasco humiliating humiliation crushing dramatic massive huge
    sweeping crippling crippled plunged plummeted soared skyrocketed slashed axed scrambled
    last-ditch desperate desperately frantic frantically defiant mocking scathing blistering
    explosive bombshell reckless terrifying terrified falsely false baseless unfounded debunked
    bogus misleading lies lied
    """
)

# Words the lexicon rates (negative, mostly) that name what happened rather than judge it: a
# report of a killing says "killed" whatever its slant. A stem stands for itself and its regular
# forms ("injur": injury, injured, injuries); irregular forms are listed whole.
FACT_STEMS: frozenset[str] = _words(
    """
    kill dead death die dying injur wound hurt hospital victim casualt fatal fatalit murder shoot
    shooting shot gun gunman gunmen weapon attack assault arrest charge convict guilt guilty innocent
    innocence prison jail crime criminal illegal steal stole stolen theft robber robbery fraud
    suspect suspicion crash collision collide struck strike hit fire blaze burn burnt explosion explode bomb
    fall fell fallen
    flood storm earthquake quake damage destroy emergency rescue evacuat win won victory lost lose
    loss defeat beat beaten resign retire war fight fought battle protest riot disease cancer sick
    pain danger dangerous threat threaten terror terrorist abuse drunk drunken alcohol police court
    sentence penalty accident wreck sank sink sunk drown missing pirate piracy hijack kidnap hostage
    escape fled flee surrender negotiat lawsuit sue sued fail error mistake
    """
)
FACT_SUFFIXES: frozenset[str] = frozenset(
    ["", "s", "es", "ed", "d", "ing", "er", "ers", "y", "ies", "ied", "ly", "ion", "ions", "ation", "ations", "ity"]
)
# Everyday words the lexicon rates that carry no slant in news copy.
PLAIN_WORDS: frozenset[str] = _words(
    """
    no yes like likes liked please help helped helping helps care cares cared free safe safety
    support supported supporting supports thank thanks thanked hope hoped hopes protect protected
    protecting protection secure security agree agreed agreement award awarded awards prize well
    ok okay fine true want wanted wants play played playing player players fan fans honor honour
    honored honoured welcome join joined party parties share shared interest interested lead
    leading led top god church christian respect clear cleared pretty kind easy hard no-one
    nobody none miss chance ready special fun funny smile ability able certain problem problems
    trouble worry worried concern concerned concerns warn warning warned warns
    """
)

# --- voices ---------------------------------------------------------------------------------------
# Words in a speaker's title or appositive that say what kind of voice they are, tried in the
# order of ``VOICE_CUES``: a phrase that says the source is unnamed wins over a role.
ANONYMOUS_CUES: tuple[str, ...] = (
    "anonymity",
    "not authorized",
    "not authorised",
    "not be named",
    "not to be named",
    "declined to be named",
    "asked not to be identified",
    "not be identified",
    "familiar with",
    "a source",
    "sources",
    "an insider",
    "insiders",
    "fuentes",
    "una fuente",
)
WITNESS_CUES: tuple[str, ...] = (
    "witness",
    "eyewitness",
    "bystander",
    "onlooker",
    "resident",
    "neighbour",
    "neighbor",
    "passer-by",
    "passerby",
    "passenger",
    "survivor",
    "who saw",
    "testigo",
    "vecino",
    "vecina",
)
EXPERT_CUES: tuple[str, ...] = (
    "expert",
    "professor",
    "analyst",
    "researcher",
    "economist",
    "scientist",
    "engineer",
    "consultant",
    "specialist",
    "historian",
    "scholar",
    "advises",
    "experto",
    "experta",
    "analista",
)
CAMPAIGN_CUES: tuple[str, ...] = (
    "strategist",
    "pollster",
    "candidate",
    "running mate",
    "campaign",
    "campaña",
    "candidato",
    "candidata",
)
OFFICIAL_CUES: tuple[str, ...] = (
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "mayor",
    "governor",
    "senator",
    "president",
    "secretary",
    "police",
    "constable",
    "sheriff",
    "officer",
    "lt.",
    "sgt.",
    "inspector",
    "chief",
    "commissioner",
    "prosecutor",
    "attorney",
    "district attorney",
    "judge",
    "authority",
    "department",
    "ministry",
    "agency",
    "government",
    "council",
    "navy",
    "army",
    "director",
    "general manager",
    "alcalde",
    "alcaldesa",
    "portavoz",
    "ministro",
    "ministra",
    "policía",
    "autoridad",
)
