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
        r"share(?: this)?(?: article| story| on \w+)?|copy link|print|email|tweet|comments?",
        r"(?:(?:share|compartir)(?: (?:this|on|en|por|via) \w+)?[ |·]*){1,6}",
    ),
    "newsletter": (r".{0,60}\b(?:newsletter|subscribe|suscr[ií]bete|bolet[ií]n)\b.{0,80}",),
    "related": (
        r"related(?: stories| articles| coverage| content)?:?|read more:?|more from .{1,40}",
        r"(?:noticias relacionadas|m[aá]s noticias|lea tambi[eé]n):?",
    ),
    "legal": (r"(?:©|\(c\)|copyright)\s*\d{4}.{0,120}|all rights reserved\.?",),
}

# "Name / Agency", "Photo: Name/Agency", "(Photo by Name)": a photo credit line.
CREDIT = re.compile(
    r"^(?:(?:photo|image|picture|credit|foto|imagen)\s*(?:by|:)\s*.{2,80}"
    r"|\(?photo by .{2,80}\)?"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*[A-Z][\w .&'’-]{1,50}"
    r"|(?:getty images|shutterstock|ap photo|reuters|afp|epa)(?:\s*/\s*.{1,40})?)$",
    re.IGNORECASE,
)

# A byline: "By Name", or "Name [Former] [Senior] Writer".
ROLE_WORDS = (
    r"(?i:(?:former\s+)?(?:senior\s+|staff\s+|chief\s+|contributing\s+|associate\s+|deputy\s+)?"
    r"(?:writer|reporter|editor|correspondent|contributor|journalist|columnist|producer|redactora?|periodista|corresponsal))"
)
PERSON_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}?"
BYLINE = re.compile(
    rf"^(?i:by|por)\s+(?P<names>{PERSON_NAME}(?:\s*(?:,|and|y|&)\s*{PERSON_NAME})*)(?:\s*[,|-]\s*.{{0,60}})?$"
    rf"|^(?P<name>{PERSON_NAME})\s+{ROLE_WORDS}$"
)
NAME_ONLY = re.compile(rf"^{PERSON_NAME}$")

# Lines of an author box after the byline.
BIO_PREFIX = re.compile(r"^(?:expertise|credentials|areas? of expertise|follow\b|contact\b)", re.IGNORECASE)
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

# A line with many " | " separators and no sentence is a menu or tag list.
MENU_SEPARATORS = re.compile(r"\s[|·•]\s")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)]?$")
