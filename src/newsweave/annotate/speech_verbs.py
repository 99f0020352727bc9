"""Word lists for the annotators, by language: words that introduce reported speech, who can be
a speaker (pronouns, roles, first names), correction notices and pasted social posts."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` (a list kept compact: one word list per paragraph of data)."""
    return frozenset(text.split())


SPEECH_VERBS: frozenset[str] = _words(
    """
    said says say told tells tell announced announces stated states added adds wrote writes tweeted
    tweets posted posts warned warns claimed claims urged urges urging demanded demand asked asks
    explained explains noted notes declared declares insisted insists denied denies argued argues
    replied replies responded responds confirmed confirms according continued continues recalled
    recalls acknowledged acknowledges admitted admits called calls described describes joked quipped
    remarked observed suggested suggests predicted predicts promised promises vowed vows pledged
    conceded concedes complained complains charged contended contends maintained maintains stressed
    stresses emphasized emphasised reiterated shouted yelled exclaimed mused lamented boasted
    bragged testified recounted countered retorted concluded concludes cautioned agreed agrees
    accused accuses blasted slammed criticized criticised praised labeled labelled dubbed branded
    touted pointed wondered thundered proclaimed reported reports read reads saying adding telling
    writing asking calling describing arguing noting explaining insisting warning declaring
    announcing tweeting quoted quoting add ask explain write argue note insist warn claim tweet
    assured assures vented spoke speaking sings sang chanted chanting pressed answered answers
    recalling mocked mocking joking promising vowing pledging conceding complaining predicting
    suggesting stressing fumed referred refers referring worried applauded talked talks talking
    remembered puts describe conclude recall admit acknowledge texted emailed messaged interjected
    dijeron dicen afirmaron declararon dijo dice afirmó afirma declaró declara señaló señala aseguró
    asegura explicó explica añadió añade advirtió advierte indicó indica informó informa manifestó
    sostuvo
    """
)

# Speech verbs that are nothing else ("continued", "called", "read" may not be speech): a name
# just before one of these is somebody speaking.
SAYING_VERBS: frozenset[str] = _words(
    """
    said says told tells added adds asked asks wrote writes explained explains argued argues noted
    notes insisted insists replied responded tweeted stated recalled recalls acknowledged admitted
    warned warns declared announced joked quipped remarked dijo afirmó declaró señaló
    """
)

# Speech verbs whose object is a listener, not words: ``told "Meet the Press"`` names a show.
LISTENER_VERBS: frozenset[str] = frozenset(["told", "tells", "tell", "telling", "asked", "asks"])
# Words that open a clause going on after a quote rather than its attribution ("…" and called …).
CLAUSE_WORDS: frozenset[str] = frozenset(
    ["and", "but", "or", "which", "that", "as", "while", "when", "because", "y", "pero"]
)

# Two-word cues whose second word starts the speaker: "according to X", "in the words of X".
SPEAKER_AFTER_CUES: frozenset[str] = frozenset(["according to", "words of"])

# --- who can be a speaker (data for newsweave.annotate.speakers) ---------------------------------
# Pronouns a speaker can be, by what they can stand for: "m" a man, "f" a woman, "n" an
# organisation, "p" people or an organisation.
SPEAKER_PRONOUNS: dict[str, str] = {
    "he": "m",
    "she": "f",
    "it": "n",
    "they": "p",
    "él": "m",
    "ella": "f",
    "ellos": "p",
    "ellas": "p",
}
# First-person pronouns: the speaker of a quote only inside it, never an attribution outside.
FIRST_PERSON: frozenset[str] = frozenset(["i", "we", "you", "me", "us", "yo", "nosotros"])
# Words after which a person mention is known to be a man or a woman.
GENDERED_PRONOUNS: dict[str, str] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
GENDERED_TITLES: dict[str, str] = {
    "mr.": "m",
    "mr": "m",
    "sr.": "m",
    "don": "m",
    "mrs.": "f",
    "mrs": "f",
    "ms.": "f",
    "ms": "f",
    "miss": "f",
    "sra.": "f",
    "srta.": "f",
    "doña": "f",
}
# Words that are never a speaker on their own, though a parse of the words before "said" may
# leave them: conjunctions, auxiliaries, prepositions, relative words, adverbs of time.
NOT_SPEAKERS: frozenset[str] = _words(
    """
    and or but nor so yet as if than that which who whom whose what when where while because
    whenever however whether wherever meanwhile instead since after before though although have has
    had having be is are was were been being do does did will would can could should shall may might
    must not also then later still again once just even only never often always previously recently
    repeatedly reportedly publicly privately in on at by for from to of with about into over under
    during without there here this these those it's it’s today yesterday tonight now y o que pero
    como también ha han
    """
)
# Words between a speaker and its verb that are not part of the speaker: "Trump also said",
# "she has repeatedly said", "the campaign would later say".
BETWEEN_SPEAKER_AND_VERB: frozenset[str] = _words(
    """
    sometimes often later is was been be also then still again once just even only never
    always has have had did does do would will could should might may not previously recently
    repeatedly reportedly publicly privately flatly simply quickly immediately first further
    frequently famously bluntly openly angrily sarcastically cheekily succinctly proudly plainly
    jokingly ominously specifically explicitly similarly likewise subsequently ultimately eventually
    finally ha había también
    """
)
# Nouns that name a speaker by role; "m"/"f" when the role says a man or a woman, "" when not,
# "n" for a body that speaks (a campaign, a statement).
ROLE_NOUNS: dict[str, str] = {
    "spokesman": "m",
    "spokeswoman": "f",
    "spokesperson": "",
    "congressman": "m",
    "congresswoman": "f",
    "businessman": "m",
    "businesswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "senator": "",
    "president": "",
    "governor": "",
    "candidate": "",
    "nominee": "",
    "secretary": "",
    "mayor": "",
    "lawmaker": "",
    "representative": "",
    "official": "",
    "aide": "",
    "adviser": "",
    "advisor": "",
    "director": "",
    "leader": "",
    "speaker": "",
    "chair": "",
    "judge": "",
    "lawyer": "",
    "attorney": "",
    "strategist": "",
    "pollster": "",
    "manager": "",
    "analyst": "",
    "author": "",
    "host": "",
    "billionaire": "",
    "mogul": "",
    "democrat": "",
    "republican": "",
    "campaign": "n",
    "committee": "n",
    "administration": "n",
    "department": "n",
    "agency": "n",
    "statement": "n",
    "report": "n",
    "group": "n",
    "office": "n",
    "company": "n",
    "council": "n",
    "party": "n",
    "alcalde": "m",
    "alcaldesa": "f",
    "portavoz": "",
    "presidente": "m",
    "presidenta": "f",
}
# Lower-case heads of a speaker phrase with no name in it ("the agency", "critics", "a new
# ad"): people, groups and the texts that speak for them. A lower-case phrase with any other
# head ("criminal justice issues", "the race") is not a speaker.
SPEAKER_NOUNS: frozenset[str] = frozenset(ROLE_NOUNS) | _words(
    """
    officials aides advisers advisors spokesmen spokeswomen lawmakers senators leaders experts
    analysts critics supporters opponents voters residents protesters protestors activists
    organizers organisers sources source people person man woman men women crowd audience members
    member staffer staffers delegates delegate donors donor democrats republicans conservatives
    liberals reporters reporter journalist columnist editor anchor moderator economist economists
    historian professor researcher researchers scientist scientists doctor police prosecutors
    prosecutor investigators government ministry authority authorities board court foundation
    organization organisation union firm newspaper paper network website site blog post tweet letter
    memo email release ad advertisement video editorial article story book study poll survey
    document documents filing complaint lawsuit indictment transcript platform resolution bill law
    sign signs banner message note others friend friends wife husband mother father son daughter
    chief boss owner founder ceo executive attorneys lawyers judges team staff allies ally rival
    rivals challenger incumbent front-runner frontrunner veteran veterans student students teacher
    teachers worker workers pastor rabbi priest campaigns groups user users commenter commenters
    blogger writer writers observers participants attendees fans followers insiders operatives
    strategists consultants pollsters candidates officers agents citizens americans
    """
)

# Lower-case heads of a phrase before "said" that tell when or where, not who ("in an interview,
# X said", "their ninth debate saying").
EVENT_NOUNS: frozenset[str] = _words(
    """
    interview conference debate speech rally race past time event meeting hearing remarks comments
    appearance address session call briefing night day week year morning afternoon evening weekend
    moment point end way case years months days
    """
)

# Common first names that say a man or a woman (names borne by both are left out); the article's
# own words (titles, pronouns) decide the rest.
MALE_FIRST_NAMES: frozenset[str] = _words(
    """
    aaron adam alan albert alex alexander andrew anthony antonio arthur barack barry ben benjamin
    bernard bernie bill billy bob bobby brad bradley brandon brian bruce bryan carl carlos charles
    charlie chris christopher chuck cory craig dan daniel danny darrell dave david dennis derek dick
    don donald doug douglas duncan dwight earl ed eddie edward elijah eric eugene frank fred gary
    george gerald glenn gordon greg gregory harold harry henry howard ian jack jacob jake james
    jason javier jeb jeff jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan
    jorge jose joseph josh joshua juan justin karl keith ken kenneth kevin kurt larry lawrence lee
    luis luke marco marcus mark martin matt matthew michael miguel mike mitch mitt nathan newt
    nicholas nick patrick paul pedro peter phil philip piet ralph randy raymond reince richard rick
    rob robert roger ron ronald roy rudy russell ryan sam samuel scott sean sergio sheldon stephen
    steve steven ted terry thomas tim timothy todd tom tomas tony travis vincent walter wayne
    william willie
    """
)

FEMALE_FIRST_NAMES: frozenset[str] = _words(
    """
    abigail alice alicia allison amanda amy ana andrea angela ann anna anne barbara bette betty
    beverly brenda carly carmen carol carolyn catherine cheryl christina christine cindy claire
    condoleezza cynthia dana debbie deborah debra denise diana diane donna doris dorothy elena
    elizabeth ellen emily emma evelyn frances gloria grace hannah heather heidi helen hillary hope
    huma ines isabel ivanka jane janet janice jean jennifer jessica jill joan joanne joyce judith
    judy julia julie karen katherine kathleen kathy katie kayleigh kellyanne kimberly kirsten laura
    lauren linda lisa lois loretta louise lucia madeleine margaret maria marie marilyn marit martha
    mary megan megyn melania melissa michele michelle nancy nicole nikki olivia pamela patricia
    paula rachel rebecca rose ruth sandra sara sarah sharon shirley sofia sophia stephanie susan
    susana teresa theresa tulsi virginia wendy
    """
)

# Title words before a name that say which role nouns may later stand for that person.
TITLE_ROLES: dict[str, str] = {
    "sen.": "senator",
    "sen": "senator",
    "senator": "senator",
    "rep.": "congressman",
    "rep": "congressman",
    "gov.": "governor",
    "gov": "governor",
    "governor": "governor",
    "president": "president",
    "mayor": "mayor",
    "secretary": "secretary",
    "speaker": "speaker",
    "judge": "judge",
}

# Words in the paragraph before a pasted post that say a post follows, and the platform they name.
POST_CONTEXT: dict[str, str] = {
    "tweeted": "twitter",
    "tweet": "twitter",
    "tweets": "twitter",
    "tweeting": "twitter",
    "twitter": "twitter",
    "retweeted": "twitter",
    "x": "twitter",
    "facebook": "facebook",
    "instagram": "instagram",
    "threads": "threads",
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "tiktok": "tiktok",
    "tuiteó": "twitter",
    "tuit": "twitter",
}
POST_VERBS: frozenset[str] = frozenset(
    [
        "tweeted",
        "tweet",
        "tweets",
        "tweeting",
        "posted",
        "wrote",
        "retweeted",
        "shared",
        "tuiteó",
        "publicó",
        "escribió",
    ]
)

CORRECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("correction", r"(?:an?|the) (?:previous|earlier|prior) version of this (?:article|story|report|post)"),
    ("correction", r"(?:una|la) versi[oó]n anterior de (?:este|esta) (?:art[ií]culo|noticia|informaci[oó]n)"),
    ("correction", r"correction\s*[:—–-]|corrección\s*[:—–-]|fe de (?:errores|erratas)"),
    ("clarification", r"clarification\s*[:—–-]|aclaraci[oó]n\s*[:—–-]"),
    ("update", r"(?:update|updated|actualizaci[oó]n|actualizado)\s*[:—–-]"),
    ("update", r"this (?:article|story) (?:has been|was) updated"),
    ("correction", r"this (?:article|story) (?:has been|was) corrected"),
    ("note", r"editor'?s note\s*[:—–-]|nota del editor\s*[:—–-]"),
)
