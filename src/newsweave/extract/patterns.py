"""Cues of newsweave's plain-text boilerplate model, kept as data apart from the logic.

Each cue is a regular expression or word list; :mod:`newsweave.extract.plaintext` decides with
them. Add a cue here, with a test, when a new kind of page brings new furniture.
"""

from __future__ import annotations

import re

# Whole lines that are page furniture, by label. Matched case-insensitively against the stripped line.
FURNITURE_LINES: dict[str, tuple[str, ...]] = {
    "navigation": (
        r"skip to (?:main )?(?:content|footer|navigation|main)",
        r"(?:main )?menu",
        r"search",
        r"home",
        r"back to top",
        r"sign in|log in|sign up|register",
        r"(?:see|view) (?:all|more)(?: .{0,30})?",
        r"next article|previous article",
        r"ir al contenido|saltar al contenido|men[uú] principal",
    ),
    "advertisement": (
        r"advertisement|advertising|sponsored(?: content)?|publicidad|anuncio",
        r"story continues below(?: advertisement)?",
    ),
    "share": (
        r"share(?: this)?(?: article| story| on \w+)?:?|copy link|print|email|tweet|comments?",
        r"click to (?:share|email|print)\b.{0,60}",
        r"(?:(?:share|compartir)(?: (?:this|on|en|por|via) \w+)?[ |·]*){1,6}",
    ),
    "newsletter": (
        r".{0,60}\b(?:newsletter|subscribe|suscr[ií]bete|bolet[ií]n)\b.{0,80}",
        r".{0,100}\b(?:newsletters?|subscribing|inbox)\b.{0,100}",
        # "Unsubscribe at any time", on a short line or in the box's promise ("No spam, we promise.
        # You can unsubscribe at any time ..."); a privacy policy's sentences about unsubscribing
        # are longer and say neither
        r".{0,40}\bunsubscribe\b.{0,40}|.{0,60}\bunsubscribe (?:at any time|anytime)\b.{0,100}",
        # the sign-up box's own replies: "Thanks for signing up!", "There was an error processing
        # your subscription."
        r"thanks?(?: you)? for (?:signing up|subscribing|your subscription)\W{0,3}",
        r"there was an error processing your (?:subscription|sign-?up|request)\W{0,3}",
    ),
    "related": (
        r"related(?: stories| articles| coverage| content)?:?|read more:?|more from .{1,40}",
        r"(?:noticias relacionadas|m[aá]s noticias|lea tambi[eé]n):?",
        # a link to another story behind its cue: "Related: ...", "SEE MORE: ...", "Leia também: ..."
        r"(?:related|see more|read more|read also|see also|also read|more|also|watch|listen|mehr"
        r"|lea tambi[eé]n|leia tamb[eé]m|veja tamb[eé]m|(?:[àa] )?lire aussi)\s*:\s*.{0,150}",
    ),
    "caption": (
        r"image (?:caption|copyright)\b.{0,300}",
        # a gallery's counter: "Image 1 of 5", "Photo 2 / 8"
        r"(?:image|photo|picture|slide)s? \d+ (?:of|/)(?: /)? \d+",
    ),
    # a cookie notice: "cookies" beside the site, the browser, consent or privacy words; the
    # first lookahead only makes a line without "cookie" fail fast
    "consent": (
        r"(?=.{0,300}cookie)(?=.{0,600}\b(?:websites?|site|browser|consent|accept|privacy|personal data|we use|uses)\b)"
        r".{0,300}\bcookies?\b.{0,600}",
    ),
    "legal": (r"(?:(?:©|\(c\)|copyright)\s*){1,2}\d{4}.{0,600}|all rights reserved\.?",),
}


def _furniture_pattern(cues: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One pattern, one named group per label: a line is matched once, not once per label; the
    first label whose cues match the whole line wins, as the order of FURNITURE_LINES says."""
    groups = (f"(?P<{label}>{'|'.join(f'(?:{cue})' for cue in label_cues)})" for label, label_cues in cues.items())
    return re.compile("|".join(groups), re.IGNORECASE)


FURNITURE = _furniture_pattern(FURNITURE_LINES)
# Every "newsletter" cue needs one of these words (lowercased): the cues search a hundred
# characters into a line, so a line without them is matched by FURNITURE_BUT_NEWSLETTER, with the
# same result in half the time.
NEWSLETTER_WORDS = ("newsletter", "subscri", "suscr", "bolet", "inbox", "signing up", "error processing")
FURNITURE_BUT_NEWSLETTER = _furniture_pattern(
    {label: cues for label, cues in FURNITURE_LINES.items() if label != "newsletter"}
)

# "Name / Agency", "Photo: Name/Agency", "(Photo by Name)", "(Image credit: Name)", "Name | Agency |
# Getty Images": a photo credit line.
CREDIT = re.compile(
    r"^(?:\(?(?:(?:photo|image|picture|foto|imagen)\s+)?(?:photo|image|picture|credit|foto|imagen)s?\s*(?:by|:)\s*.{2,80}"
    r"|\(?photo by .{2,80}\)?"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*[A-Z][\w .&'’-]{1,50}"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*\|.{0,40}\b(?:getty images|ap|afp|reuters|epa|shutterstock)"
    r"|(?:getty images|shutterstock|ap photo|reuters|afp|epa)(?:\s*/\s*.{1,40})?)$",
    re.IGNORECASE,
)

# A caption that ends in its own credit: "... on the quay (Image: Getty)", "... at dawn.Credit: EPA",
# "Photo: Ola Berg, AP", "... on July 25, 2019.Ola Berg / AP file".
CAPTION_CREDIT = re.compile(
    r"(?:\((?:(?:image|photo|picture|pic|foto) )?(?:image|photo|picture|pic|foto|credit|source)s?:\s*[^)]{1,60}\)"
    r"|[.!?”\"](?:[A-Z][\w.'’-]*\s){1,3}[A-Z][\w.'’-]+ / [A-Z][\w .&'’-]{1,40}"
    r"|(?:^|[\s.)\w])(?:photo|image|picture|foto|credit)s?:\s*[\w©][\w .,/&'’©-]{1,60}"
    r"|\b(?:photo|image|picture)(?: illustration)? by [\w .'’-]{2,40}\.?"
    r"|\((?:AP|AFP|EPA|Reuters|Getty Images|Shutterstock|[^()/]{2,40} / [^()/]{2,40})\))$",
    re.IGNORECASE,
)
# A line that matches CAPTION_CREDIT ends in ")" or holds one of CAPTION_CREDIT_WORDS (lowercased);
# one that matches CREDIT holds one of CREDIT_WORDS. Both are looked for first, as substrings: most
# lines of a page hold none, and a regular expression that searches a line position by position
# took a sixth of the labelling time.
CAPTION_CREDIT_WORDS = ("photo", "image", "picture", "foto", "credit", " / ")
CREDIT_WORDS = (
    "photo",
    "image",
    "picture",
    "foto",
    "credit",
    "/",
    "|",
    "getty",
    "shutterstock",
    "reuters",
    "afp",
    "epa",
)

# A byline: "By Name", or "Name [Former] [Senior] Writer".
ROLE_WORDS = (
    r"(?i:(?:former\s+)?(?:senior\s+|staff\s+|chief\s+|contributing\s+|associate\s+|deputy\s+)?"
    r"(?:writer|reporter|editor|correspondent|contributor|journalist|columnist|producer|redactora?|periodista|corresponsal))"
)
PERSON_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}?"
BYLINE = re.compile(
    rf"^(?i:(?:written |posted )?by|por)\s+(?P<names>{PERSON_NAME}(?:\s*(?:,|and|y|&)\s*{PERSON_NAME})*)"
    rf"(?:\s*(?:[,|-]|\b(?i:on)\b)\s*.{{0,60}})?$"
    rf"|^(?P<name>{PERSON_NAME})\s+{ROLE_WORDS}$"
)
NAME_ONLY = re.compile(rf"^{PERSON_NAME}$")

# Lines of an author box after the byline.
BIO_PREFIX = re.compile(r"^(?:expertise|credentials|areas? of expertise|follow\b|contact\b)", re.IGNORECASE)
# A line that introduces the writer, wherever it stands: "Ida Strand is a freelance writer based in Vard".
AUTHOR_BIO = re.compile(
    r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} is an? (?:[\w-]+ ){0,3}"
    r"(?:writer|reporter|editor|correspondent|journalist|columnist|contributor|producer)\b"
)
AWARD = re.compile(r"^[•·*\-–]?\s*\d{4}\b.{0,120}\b(?:award|prize|premio)\b", re.IGNORECASE)
BIO_CUES = re.compile(
    r"\b(?:is based in|based in|covers|covered|wrote about|writes about|previously|joined|"
    r"before joining|has reported|reports on|is a (?:senior |staff )?(?:writer|reporter|editor))\b",
    re.IGNORECASE,
)

# Words that say a short line describes a photo: "X stands on ...", "crews work ...".
PHOTO_CUES = re.compile(
    r"\b(?:stands?|speaks?|sits?|walks?|arrives?|leaves?|looks? on|gestures?|poses?|waves?|"
    r"holds?|is seen|are seen|works?|gathers?|surrounds?|attends?|listens?|pictured|"
    r"photographed|in this (?:photo|image|file photo))\b",
    re.IGNORECASE,
)

# Scraped text only (the HTML path has markup for these): where a comment thread starts ("34
# responses to “Title”", "10 Comments", "Leave a Reply") and a commenter's line ("joe says:",
# "Ann on September 12, 2018 at 4:47 pm said:"). The article's run of prose never crosses one.
COMMENT_LINE = re.compile(
    r"\d+ (?:responses?|comments?|replies|thoughts) (?:to|on) .{1,200}|[\[(]?\s*\d+ (?:comments?|responses?)\s*[\])]?"
    r"|(?:top rated|most liked|newest|oldest|latest|readers?'?) comments"
    r"|(?:leave|post|add|write) a (?:reply|comment|response)\b.{0,40}|comments are closed\.?"
    r"|join the (?:discussion|conversation)\b.{0,40}|\S.{0,60} (?:says|said|wrote):",
    re.IGNORECASE,
)
# A field label of a comment, contact or mail form: "Name *", "Email (required)", "Your message".
FORM_FIELD = re.compile(
    r"(?:your (?:full )?(?:name|e-?mail(?: address)?|message|comment|website)|(?:full )?"
    r"(?:name|e-?mail(?: address)?|message|comment|website)\s*(?:\*|\(required\)|:))\s*(?:\(.{0,60}\))?",
    re.IGNORECASE,
)
# A short line that only dates the page or credits it: "September 10, 2018 | by Catherine",
# "Updated 6:34 am EST", "Posted in Open thread | Permalink".
METADATA_LINE = re.compile(
    r"(?:posted|published|updated|last updated|filed|tags?|categor(?:y|ies))\b.{0,80}"
    r"|.{0,40}\b(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|(?:19|20)\d{2})\b.{0,40}",
    re.IGNORECASE,
)
MAX_METADATA_WORDS = 10
# A whole line that opens a list of other stories: the article's prose has ended, or pauses.
SECTION_BREAK = re.compile(
    r"(?:related|recommended|popular|trending|latest|top|more|other|most (?:read|popular|viewed|shared))"
    r"(?: (?:stories|articles|posts|news|links|videos|reads|coverage|content))?(?: (?:in|from|on) .{1,40})?:?"
    r"|(?:you (?:may|might) (?:also )?(?:like|enjoy)|read these next|what to read next|editor'?s picks"
    r"|(?:we|you) recommend|don'?t miss|also on .{1,30}|around the web|sponsored stories)\W{0,3}"
    # the same cues in Spanish, Portuguese, French, Italian, German, Dutch, Indonesian and Russian
    r"|(?:(?:tambi[eé]n )?(?:te|le) puede interesar|noticias relacionadas|lea tambi[eé]n|leia tamb[eé]m"
    r"|voc[eê] (?:tamb[eé]m )?pode gostar"
    r"|veja tamb[eé]m|not[ií]cias relacionadas|(?:[àa] )?lire aussi|sur le m[eê]me sujet|leggi anche"
    r"|potrebbe interessarti|articoli correlati|mehr zum thema|das k[oö]nnte sie (?:auch )?interessieren|lees ook"
    r"|meer nieuws|baca juga|(?:artikel|berita) terkait|вам (?:также )?может быть интересно|читайте также"
    r"|похожие (?:статьи|записи|новости))\W{0,3}"
    # an author box after the article: "About the author", "Über Moritz Bachmann", "Sobre Ana Lima"
    r"|(?:about|über|sobre|[àa] propos de|acerca de)(?: the)? (?:author|autor|auteur|\w+(?: \w+){0,2})",
    re.IGNORECASE,
)

# Where a story opens with its dateline: "WASHINGTON (AP) — ", "BUFFALO, N.Y. — ", "PORT ALDER - ",
# "LONDON, Nov 19 (Reuters) - ", "(Reuters) — ", "Hong Kong (CNN Business) A ...", "NEW DELHI: ". A
# paragraph that opens so is the story's first, never a dek.
STORY_DATELINE = re.compile(
    r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*)?"
    r"(?:\([^()]{1,30}\)\s*(?:[—–-]{1,2}\s*|(?=[A-Z\"“]))|[—–-]{1,2}\s)"
    r"|[A-Z]{2,}(?:[ .,'’-]+[A-Z]{2,}){0,3}:\s"
)
# A sentence that reports what someone said or found: "..., the ministry said on Tuesday.", "according
# to ...", "“...,” says Ida Strand". News ledes attribute; a dek summarises ("experts say" stays a dek).
REPORTED = re.compile(
    r"\b(?:said|told|announced|reported|confirmed|according to|dijo|afirm[oó]|anunci[oó]|inform[oó]|seg[uú]n)\b"
    r"|[,.!?][”\"]\s+(?:[\w.'’-]+\s+){0,5}?says\b",
    re.IGNORECASE,
)

# A name in full ("Petra Holm", "Ida Strand"), whose last word a story's next paragraph
# opens on when it goes on with the same story ("Holm said ...").
FULL_NAME = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+)+")
# Words that open a paragraph referring back to the one before it.
BACK_REFERENCES = frozenset({"He", "She", "They", "His", "Her", "Their"})

# A line with many " | " separators and no sentence is a menu or tag list.
MENU_SEPARATORS = re.compile(r"\s[|·•]\s")
# Latin and CJK full stops ("。", "！", "？"), before a closing quote or bracket of either script.
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)」』]?$")
# A teaser cut off mid-sentence: the ellipsis sits on the last word ("... for the Wi...").
TRUNCATED = re.compile(r"\w(?:\.\.\.|…)$")
# Where a story card's headline runs into its summary with no space between them: "... Troy
# SteakhouseA party of six left ...", "... To 250,000The state ...", "... On The Rise?Violence is ...".
# A word of four letters or more before the capital keeps brand names out ("MacBook", "McKinley").
GLUED_HEADLINE_END = re.compile(
    r"\b(?:[A-Z][a-z]{3,}(?=[A-Z][a-z]*\b)|\d[\d,.]*(?=[A-Z][a-z]+\b))|[?!](?=[A-Z][a-z]+\b)"
)
HEADLINE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Where to look for the end of a glued headline, and how many words it has at least.
MAX_GLUED_HEADLINE_CHARS = 200
MIN_GLUED_HEADLINE_WORDS = 4
# Kana, CJK ideographs and Hangul: one of these carries about as much text as three Latin letters.
DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
DENSE_SCRIPT_WEIGHT = 3

# --- page metadata (newsweave.extract.metadata) -------------------------------------------------

# <meta> names, properties and itemprops, lowercased, in order of trust.
TITLE_KEYS = ("og:title", "twitter:title", "headline", "dc.title")
DESCRIPTION_KEYS = ("og:description", "description", "twitter:description", "dc.description")
SITE_NAME_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher")
LANGUAGE_KEYS = ("og:locale", "content-language", "language", "dc.language")
AUTHOR_KEYS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
)
PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "publishdate",
    "pubdate",
    "article.published",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "time",
)
UPDATED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "article.updated",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
)
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "TechArticle",
        "WebPage",
    }
)
# How far each source of a date is trusted: the publisher's structured data most, a dated line of
# the visible text least (it can be an event's date). "feed" is a date the input came with.
DATE_CONFIDENCE = {"feed": 0.9, "json-ld": 0.95, "markup": 0.9, "url": 0.7, "text": 0.5}
# Author names: a byline line of the text is read by a rule, so it is trusted least.
AUTHOR_CONFIDENCE = {"feed": 0.9, "json-ld": 0.9, "markup": 0.8, "text": 0.6}

# /2019/11/19/, /2019-11-19-, /20191119/ in a URL path.
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>0?[1-9]|1[0-2])[/-](?P<day>0?[1-9]|[12]\d|3[01])(?:[/-]|\.html?|$)"
)
_MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december", "enero", "febrero", "marzo", "abril"),
    *("mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    *("januar", "februar", "märz", "april", "mai", "juni", "juli", "august"),
    *("september", "oktober", "november", "dezember"),
)
MONTH_NAME = r"(?:jan|feb|mar|mär|apr|may|mai|jun|jul|aug|sep|sept|oct|okt|nov|dec|dez|ene|abr|ago|dic)[^\W\d_]*\.?"
# "Nov. 19, 2019", "19 November 2019", "19. März 2019", "2019-11-19", "19.11.2019" (day first, as
# German and most of Europe write it) on a short line.
DATELINE = re.compile(
    rf"(?i:\b(?P<month_name>{MONTH_NAME})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<month_name2>{MONTH_NAME})\s+(?:de\s+)?(?P<year2>(?:19|20)\d{{2}})\b"
    r"|\b(?P<iso_year>(?:19|20)\d{2})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})\b"
    r"|\b(?P<dot_day>\d{1,2})\.(?P<dot_month>\d{1,2})\.(?P<dot_year>(?:19|20)\d{2})\b)"
)
UPDATE_CUE = re.compile(r"(?i)\b(?:updated?|modified|last edited|actualizad[oa]|atualizad[oa])\b")


def month_number(name: str) -> int:
    """1-12 for an English, Spanish or German month name or its abbreviation ("Sept.", "ago", "Okt.")."""
    stem = name.lower().rstrip(".")[:3]
    return next(index % 12 + 1 for index, month in enumerate(_MONTHS) if month.startswith(stem))


# Author fields: "By Jane Doe and John Roe", "Jane Doe; John Roe".
BY_PREFIX = re.compile(r"(?i)^\s*(?:by|por|written by)\s+")
AUTHOR_SEPARATOR = re.compile(r"\s*(?:;|,|\band\b|\by\b|&|\|)\s*")
MAX_AUTHOR_CHARS = 60
# Not a person: a mail or profile link, a time or date, staff labels, URLs, handles.
NOT_AN_AUTHOR = re.compile(
    r"(?i)^(?:email|e-mail|contact|follow|send|mail)\b|\bthe author\b|https?://|www\.|@|\.com\b"
    r"|^\d|\d{1,2}:\d{2}|\b(?:am|pm|gmt|utc|edt|est|pdt|pst)\b|\b(?:ago|updated|published)\b"
    r"|admin\b|^(?:staff|editors?|editorial|redacci[oó]n|newsroom|news desk|wire|(?:the )?associated press"
    r"|reuters|afp|ap|efe|dpa|bloomberg)$"
    r"|\b(?:writer|reporter|correspondent|contributor|columnist|editor|photographer)s?$"
)
TITLE_SEPARATOR = re.compile(r"\s+[|–—:·-]\s+|\s+::\s+")
