"""End-to-end tests of the command line: real files in, reports and exit codes out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.cli import EXIT_NOTHING_USABLE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, app
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()


def test_cli_compare_json_contract(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    result = runner.invoke(app, ["compare", str(EXAMPLES), "--format", "json", "-o", str(output)])
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["schema_version"] == "1.0"
    texts = {article["id"]: article["text"] for article in report["articles"]}
    for article in report["articles"]:
        assert {
            "title",
            "authors",
            "outlet",
            "language",
            "text",
            "removed",
            "posts",
            "corrections",
            "entities",
            "times",
        } <= set(article)
        for post in article["posts"]:
            assert {"platform", "handle", "text", "language"} <= set(post)
    statuses = set()
    for claim in report["claims"]:
        statuses.add(claim["status"])
        for member in claim["members"]:
            assert member["text"] == texts[member["article"]][member["start"] : member["end"]]
    assert statuses == {"shared", "unique", "conflict"}


@pytest.mark.parametrize(("fmt", "marker"), [("md", "# "), ("html", "<!DOCTYPE html>"), ("terminal", "Claims")])
def test_cli_compare_formats(tmp_path: Path, fmt: str, marker: str) -> None:
    output = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["compare", str(EXAMPLES), "--format", fmt, "--output", str(output)])
    assert result.exit_code == EXIT_OK, result.output
    assert marker in output.read_text(encoding="utf-8")


def test_cli_compare_terminal_to_stdout() -> None:
    result = runner.invoke(app, ["compare", str(EXAMPLES / "alder-courier.html"), str(EXAMPLES / "northgate-wire.txt")])
    assert result.exit_code == EXIT_OK, result.output
    assert "conflict" in result.stdout
    assert "Alder" in result.stdout
    assert "Five people" in result.stdout


def test_cli_extract_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLES / "diario-del-puerto.html"), "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output
    article = json.loads(result.stdout)
    assert article["language"] == "es"
    assert article["outlet"] == "Diario del Puerto"
    assert "Compartir en WhatsApp" not in article["text"]


def test_cli_extract_text() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLES / "coastline-daily.txt"), "--format", "text"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith("Cargo ship slams into Halvard Bridge")
    assert "Skip to footer" not in result.stdout


def test_cli_missing_file_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(tmp_path / "nope.html"), str(EXAMPLES)])
    assert result.exit_code == EXIT_USAGE
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_cli_bad_input_recorded_and_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(
        app,
        [
            "compare",
            str(tmp_path / "empty.txt"),
            str(EXAMPLES / "alder-courier.html"),
            str(EXAMPLES / "northgate-wire.txt"),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == EXIT_SOME_FAILED
    assert "sources.empty" in result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 2


def test_cli_one_article_cannot_be_compared() -> None:
    result = runner.invoke(app, ["compare", str(EXAMPLES / "alder-courier.html")])
    assert result.exit_code == EXIT_NOTHING_USABLE
    assert "at least two articles" in result.stderr


COMMANDS = sorted(app.commands)


def test_cli_has_the_documented_commands() -> None:
    assert COMMANDS == [
        "add",
        "batch",
        "compare",
        "embed",
        "extract",
        "failures",
        "history",
        "ingest",
        "outlets",
        "serve",
        "stories",
        "story",
        "watch",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_help_has_example_and_readme_documents_it(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == EXIT_OK
    assert "Example:" in result.stdout
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert any(f"newsweave {command} " in page.read_text(encoding="utf-8") for page in documents)


def test_cli_compare_seeds_json(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["compare", *map(str, sorted(seeds_dir.glob("*.txt"))), "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads(result.stdout)
    assert [len(article["posts"]) for article in report["articles"]] == [0, 5]
    assert all("Skip to footer" not in article["text"] for article in report["articles"])
    assert "conflict" not in {claim["status"] for claim in report["claims"]}
