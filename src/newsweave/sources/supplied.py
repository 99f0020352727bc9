"""Metadata the user supplies for inputs that do not state it: an outlet and a publication time
for every input (``--outlet``, ``--published``), or a JSON or CSV file with a row per input file
(``--meta``). A page's or an input record's own metadata always wins; a row wins over the values
for every input. The CLI's ``compare`` and ``extract`` read these; any driver can.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from newsweave.errors import InputError
from newsweave.extract.metadata import parse_date
from newsweave.extract.patterns import DATE_CONFIDENCE
from newsweave.model import Article

__all__ = [
    "PUBLISHED_FORMS",
    "SIDECAR_COLUMNS",
    "SUPPLIED_FROM",
    "Sidecar",
    "SidecarRow",
    "Supplied",
    "parse_published",
    "read_sidecar",
    "supply_metadata",
    "unused_rows",
]

# Article.published_from of a time the user supplied; it is trusted as far as a time the input
# came with (patterns.DATE_CONFIDENCE["feed"]), but a page's or a record's own time still wins.
SUPPLIED_FROM = "supplied"
SIDECAR_COLUMNS = ("path", "outlet", "published", "url", "title")
PUBLISHED_FORMS = "an ISO 8601 date or time from 1990 on (2019-03-03, 2019-03-03T17:02:00-05:00)"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Supplied:
    """Metadata the user gives for inputs that do not state it: ``--outlet`` and ``--published``
    for every input, a ``--meta`` row for one file."""

    outlet: str = ""
    published: datetime | None = None
    url: str = ""
    title: str = ""

    def over(self, fallback: Supplied) -> Supplied:
        """These values, each one not given taken from ``fallback``."""
        return Supplied(
            outlet=self.outlet or fallback.outlet,
            published=self.published or fallback.published,
            url=self.url or fallback.url,
            title=self.title or fallback.title,
        )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class SidecarRow:
    """One row of a ``--meta`` file: its number (a CSV file's header is row 1, a JSON list's first
    object row 1), the input file it is about (resolved) and what it says of it."""

    number: int
    path: Path
    supplied: Supplied


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Sidecar:
    file: Path
    rows: tuple[SidecarRow, ...]


def read_sidecar(file: Path) -> Sidecar:
    """The rows of a JSON (a list of objects) or CSV (a header row) metadata file: ``path``
    (relative to the file's folder, or absolute) and any of ``outlet``, ``published``, ``url``,
    ``title``.

    Raises:
        InputError: ``sources.bad_metadata`` naming the file and row: not .json or .csv, not
            UTF-8, malformed, an unknown column, a row without a path or with a bad date, a path
            listed twice.
    """
    suffix = file.suffix.lower()
    if suffix not in {".json", ".csv"}:
        raise InputError("sources.bad_metadata", f"{file}: a metadata file must be .json or .csv, got {suffix!r}")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("sources.bad_metadata", f"{file}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise InputError("sources.unreadable", f"{file}: {error.strerror or error}") from None
    records = _json_records(file, text) if suffix == ".json" else _csv_records(file, text)
    rows: list[SidecarRow] = []
    first_row: dict[Path, int] = {}
    for number, record in records:
        row = _sidecar_row(file, number, record)
        if row.path in first_row:
            message = f"{file}: row {number}: {row.path} is listed again (first at row {first_row[row.path]})"
            raise InputError("sources.bad_metadata", message)
        first_row[row.path] = number
        rows.append(row)
    return Sidecar(file=file, rows=tuple(rows))


def _json_records(file: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("sources.bad_metadata", f"{file}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, list):
        raise InputError("sources.bad_metadata", f"{file}: expected a JSON list of objects, got {type(data).__name__}")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(
                "sources.bad_metadata", f"{file}: row {number}: expected an object, got {type(item).__name__}"
            )
    return list(enumerate(data, start=1))


def _csv_records(file: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(text.splitlines())
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        message = f"{file}: no header row; expected columns {', '.join(SIDECAR_COLUMNS)}"
        raise InputError("sources.bad_metadata", message)
    unknown = [name for name in header if name and name not in SIDECAR_COLUMNS]
    if unknown or "path" not in header:
        problem = f"unknown column {unknown[0]!r}" if unknown else "no 'path' column"
        message = f"{file}: row 1: {problem}; expected {', '.join(SIDECAR_COLUMNS)}"
        raise InputError("sources.bad_metadata", message)
    records = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(header):
            message = f"{file}: row {number}: {len(cells)} cells, the header has {len(header)} columns"
            raise InputError("sources.bad_metadata", message)
        records.append((number, {name: cell for name, cell in zip(header, cells, strict=False) if name}))
    return records


def _sidecar_row(file: Path, number: int, record: dict[str, Any]) -> SidecarRow:
    where = f"{file}: row {number}"
    unknown = sorted(str(key) for key in record if key not in SIDECAR_COLUMNS)
    if unknown:
        expected = ", ".join(SIDECAR_COLUMNS)
        raise InputError("sources.bad_metadata", f"{where}: unknown column {unknown[0]!r}; expected {expected}")
    values: dict[str, str] = {}
    for key, value in record.items():
        if value is not None and not isinstance(value, str):
            raise InputError("sources.bad_metadata", f"{where}: {key!r} must be text, got {type(value).__name__}")
        values[key] = " ".join((value or "").split())
    if not values.get("path"):
        raise InputError("sources.bad_metadata", f"{where}: no 'path' (the input file the row is about)")
    published = None
    if values.get("published"):
        published = parse_published(values["published"])
        if published is None:
            raise InputError(
                "sources.bad_metadata", f"{where}: 'published' must be {PUBLISHED_FORMS}, got {values['published']!r}"
            )
    path = Path(values["path"]).expanduser()
    return SidecarRow(
        number=number,
        path=(path if path.is_absolute() else file.parent / path).resolve(),
        supplied=Supplied(
            outlet=values.get("outlet", ""),
            published=published,
            url=values.get("url", ""),
            title=values.get("title", ""),
        ),
    )


def parse_published(value: str) -> datetime | None:
    """A publication time the user gives, read as the pages' dates are (naive is UTC), or None."""
    return parse_date(value)


def supply_metadata(
    articles: Iterable[Article], *, supplied: Supplied, sidecar: Sidecar | None, files: Sequence[Path]
) -> list[Article]:
    """``articles`` with what each lacks taken from its file's ``sidecar`` row, then from ``supplied``
    (the page's or the input record's own metadata wins). ``files`` are the input files read, as
    their documents' ``uri`` names them."""
    rows = {row.path: row.supplied for row in sidecar.rows} if sidecar else {}
    by_file = {str(file): rows.get(file.resolve(), Supplied()).over(supplied) for file in files}
    return [_with_supplied(article, by_file.get(_input_file(article.uri, by_file), supplied)) for article in articles]


def unused_rows(sidecar: Sidecar, files: Sequence[Path]) -> list[SidecarRow]:
    """The rows of ``sidecar`` about no file among ``files``."""
    given = {file.resolve() for file in files}
    return [row for row in sidecar.rows if row.path not in given]


def _input_file(uri: str, files: dict[str, Supplied]) -> str:
    """The input file a document's ``uri`` names: the uri, or its part before a ``#`` (a JSON Lines
    line, an archive record, a feed entry: ``a.jsonl#L3``)."""
    if uri in files:
        return uri
    position = uri.find("#")
    while position >= 0:
        if uri[:position] in files:
            return uri[:position]
        position = uri.find("#", position + 1)
    return uri


def _with_supplied(article: Article, supplied: Supplied) -> Article:
    changes: dict[str, Any] = {
        name: value
        for name in ("outlet", "url", "title")
        if not getattr(article, name) and (value := getattr(supplied, name))
    }
    if article.published is None and supplied.published is not None:
        changes |= {
            "published": supplied.published,
            "published_from": SUPPLIED_FROM,
            "published_confidence": DATE_CONFIDENCE["feed"],
        }
    return dataclasses.replace(article, **changes) if changes else article
