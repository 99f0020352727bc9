"""Metadata the user supplies: ``--outlet``, ``--published`` and a ``--meta`` sidecar (JSON or CSV)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsweave.cli import EXIT_OK, EXIT_USAGE, app

runner = CliRunner()

STORY = (
    "The Port Alder council shut the Halvard Bridge to all traffic on Tuesday after divers found deep "
    "cracks in two of its piers, officials said.\n\n"
    "The bridge carried about 60,000 vehicles a day, and drivers were sent onto the ring road and the "
    "smaller crossings upriver, the transport office said.\n\n"
    "Engineers will decide within a month whether the piers can be braced or must be rebuilt, a process "
    "that could keep the crossing closed until next spring.\n"
)
# a scraped page that names neither its outlet nor its date
UNDATED = "Council shuts the Halvard Bridge\n\nJane Doe | AP\n\n" + STORY
# one whose date line gives its own date
DATED = "Halvard Bridge shut after divers find cracks\n\nBy John Roe\n\nPublished March 1, 2019\n\n" + STORY


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "dated.txt").write_text(DATED, encoding="utf-8")
    record = {"text": STORY.replace("Port Alder", "Port  Alder"), "outlet": "Harbour Times", "title": "Bridge shut"}
    (tmp_path / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return tmp_path


def _extract(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["extract", *args, "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output
    article = json.loads(result.stdout)
    assert isinstance(article, dict)
    return article


def test_cli_extract_outlet_and_published_fill_what_a_text_page_does_not_say(pages: Path) -> None:
    article = _extract(str(pages / "undated.txt"), "--outlet", "Fjord Post", "--published", "2019-03-03")

    assert article["outlet"] == "Fjord Post"
    assert (article["published"], article["published_from"]) == ("2019-03-03T00:00:00+00:00", "supplied")
    assert article["authors"] == ["Jane Doe"]
    # time expressions are resolved against the supplied date: "Tuesday" before Sunday 3 March 2019
    assert any(time["text"] == "Tuesday" and time["value"] == "2019-02-26" for time in article["times"])


def test_cli_extract_page_own_date_and_record_own_outlet_win(pages: Path) -> None:
    dated = _extract(str(pages / "dated.txt"), "--published", "2020-01-01T09:30:00+01:00", "--outlet", "Fjord Post")
    record = _extract(str(pages / "wire.jsonl"), "--outlet", "Fjord Post", "--published", "2020-01-01")

    assert (dated["published"], dated["published_from"]) == ("2019-03-01T00:00:00+00:00", "text")
    assert dated["outlet"] == "Fjord Post"  # the page names no outlet
    assert record["outlet"] == "Harbour Times"
    assert (record["published"], record["published_from"]) == ("2020-01-01T00:00:00+00:00", "supplied")


def test_cli_compare_meta_sidecar_gives_each_file_its_row_and_warns_of_a_row_for_no_input(pages: Path) -> None:
    sidecar = pages / "meta" / "sources.json"
    sidecar.parent.mkdir()
    rows = [
        {"path": "../undated.txt", "outlet": "Fjord Post", "published": "2019-03-03T17:02:00-05:00"},
        {"path": str(pages / "dated.txt"), "outlet": "Oskel Gazette", "published": "2020-01-01", "url": None},
        {"path": "../wire.jsonl", "outlet": "Not Used", "url": "https://wire.example/bridge"},
        {"path": "../elsewhere.txt", "outlet": "Nobody"},
    ]
    sidecar.write_text(json.dumps(rows), encoding="utf-8")

    result = runner.invoke(app, ["compare", str(pages), "--meta", str(sidecar), "--outlet", "Fallback", "-f", "json"])

    assert result.exit_code == EXIT_OK, result.output
    articles = {Path(article["uri"].split("#")[0]).name: article for article in json.loads(result.stdout)["articles"]}
    assert articles["undated.txt"]["outlet"] == "Fjord Post"
    assert articles["undated.txt"]["published"] == "2019-03-03T17:02:00-05:00"
    assert articles["dated.txt"]["outlet"] == "Oskel Gazette"
    assert articles["dated.txt"]["published"] == "2019-03-01T00:00:00+00:00"  # its own date line wins
    assert articles["wire.jsonl"]["outlet"] == "Harbour Times"  # the record's own outlet wins
    assert articles["wire.jsonl"]["url"] == "https://wire.example/bridge"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    unused = f"{sidecar}: row 4: {pages / 'elsewhere.txt'}"
    assert warnings == [f"warning: {unused} is not among the inputs; its row is not used"]


BAD_SIDECARS = [
    ("meta.csv", "path,outlet,publshed\nundated.txt,Fjord Post,2019-03-03\n", "row 1: unknown column 'publshed'"),
    ("meta.csv", "outlet,published\nFjord Post,2019-03-03\n", "row 1: no 'path' column"),
    ("meta.csv", "path,outlet,published\nundated.txt,Fjord Post,yesterday\n", "row 2: 'published' must be"),
    ("meta.csv", "path,outlet\nundated.txt,Fjord Post\n,Oskel Gazette\n", "row 3: no 'path'"),
    ("meta.csv", "path,outlet\nundated.txt,A\n./undated.txt,B\n", "row 3: "),
    ("meta.csv", "path,outlet\nundated.txt,Fjord Post,extra\n", "row 2: 3 cells"),
    ("meta.csv", "", "no header row"),
    ("meta.json", '{"path": "undated.txt"}', "expected a JSON list of objects, got dict"),
    ("meta.json", '[{"path": "undated.txt"}, "dated.txt"]', "row 2: expected an object, got str"),
    ("meta.json", '[{"path": "undated.txt", "published": 2019}]', "row 1: 'published' must be text"),
    ("meta.json", '[{"path": "undated.txt",}]', "not valid JSON"),
    ("meta.yaml", "- path: undated.txt\n", "must be .json or .csv"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_SIDECARS)
def test_cli_bad_meta_sidecar_is_a_usage_error_naming_file_and_row(
    pages: Path, name: str, content: str, expected: str
) -> None:
    sidecar = pages / name
    sidecar.write_text(content, encoding="utf-8")

    result = runner.invoke(app, ["extract", str(pages / "undated.txt"), "--meta", str(sidecar)])

    assert result.exit_code == EXIT_USAGE
    assert str(sidecar) in result.stderr
    assert expected in " ".join(result.stderr.split())
    assert "sources.bad_metadata" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["March 3", "2019-13-45", "1850-01-01", "soon"])
def test_cli_bad_published_is_a_usage_error(pages: Path, value: str) -> None:
    result = runner.invoke(app, ["compare", str(pages), "--published", value])

    assert result.exit_code == EXIT_USAGE
    assert "ISO 8601" in result.stderr


@pytest.mark.parametrize("command", ["compare", "extract"])
def test_cli_help_says_a_page_own_metadata_wins(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])

    help_text = " ".join(result.stdout.split())
    assert result.exit_code == EXIT_OK
    for option in ("--outlet NAME", "--published DATE", "--meta FILE"):
        assert option in help_text
    assert "a page's or record's own outlet wins" in help_text
    assert "a page's or record's own date wins" in help_text
