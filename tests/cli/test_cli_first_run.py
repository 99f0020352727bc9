"""A new user's first commands, end to end: failed inputs named, exit codes, help, start-up, formats."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import EXAMPLES

from newsweave import __version__
from newsweave.cli import EXIT_NOTHING_USABLE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, app, main
from newsweave.store import SqliteStore

runner = CliRunner()
READS_FILES = ["compare", "extract", "ingest", "add"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good page and two that cannot be read."""
    folder = tmp_path_factory.mktemp("pages")
    shutil.copy(EXAMPLES / "alder-courier.html", folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture(scope="module")
def ingested(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("store") / "news.db"
    result = runner.invoke(app, ["ingest", str(pages), "--db", str(db)])
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    return db, result.stderr


def test_ingest_names_each_failed_input_with_its_code_and_reason(pages: Path, ingested: tuple[Path, str]) -> None:
    _, stderr = ingested
    failed = sorted(line for line in stderr.splitlines() if line.startswith("failed "))
    assert failed == [
        f"failed {pages / 'binary.html'}: {_reason(failed[0])} (sources.binary)",
        f"failed {pages / 'empty.txt'}: the file is empty (sources.empty)",
    ]
    assert "2 failed" in stderr
    # the progress bar names an input by its file name
    assert re.search(r"^(alder-courier\.html|empty\.txt|binary\.html) +━+ 3/3", stderr, re.MULTILINE), stderr


def _reason(line: str) -> str:
    return line.split(": ", 1)[1].rsplit(" (", 1)[0]


def test_failures_lists_what_the_store_recorded_in_every_format(pages: Path, ingested: tuple[Path, str]) -> None:
    db, _ = ingested
    terminal = runner.invoke(app, ["failures", "--db", str(db)])
    assert terminal.exit_code == EXIT_OK
    rows = sorted(line.split("\t") for line in terminal.stdout.splitlines())
    assert [(row[0], row[1]) for row in rows] == [
        (str(pages / "binary.html"), "sources.binary"),
        (str(pages / "empty.txt"), "sources.empty"),
    ]
    assert rows[1][2] == "the file is empty"
    as_json = json.loads(runner.invoke(app, ["failures", "--db", str(db), "--format", "json"]).stdout)
    assert {item["code"] for item in as_json} == {"sources.binary", "sources.empty"}
    assert {"input", "stage", "code", "message", "at"} == set(as_json[0])
    as_csv = runner.invoke(app, ["failures", "--db", str(db), "-f", "csv", "--code", "sources.empty"]).stdout
    (row,) = csv.DictReader(io.StringIO(as_csv))
    assert (row["input"], row["stage"]) == (str(pages / "empty.txt"), "sources")


def test_add_of_a_stored_page_prints_its_story(ingested: tuple[Path, str]) -> None:
    db, _ = ingested
    result = runner.invoke(app, ["add", str(EXAMPLES / "alder-courier.html"), "--db", str(db)])
    assert result.exit_code == EXIT_OK, result.output
    story_id, articles, _, title = result.stdout.strip().split("\t")
    assert re.fullmatch(r"s\d+", story_id)
    assert articles == "1 article"
    assert title.startswith("Container ship strikes Halvard Bridge")


def test_ingest_of_an_empty_folder_exits_3_and_makes_no_store(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "news.db")])
    assert result.exit_code == EXIT_NOTHING_USABLE
    assert "nothing newsweave reads" in result.stderr
    assert ".warc.gz" in result.stderr
    assert not (tmp_path / "news.db").exists()


def test_ingest_of_nothing_readable_exits_3(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "news.db")])
    assert result.exit_code == EXIT_NOTHING_USABLE
    assert "error: no article could be read" in result.stderr
    assert "sources.empty" in result.stderr


@pytest.mark.parametrize("command", [["story", "s999999"], ["embed", "s999999"]])
def test_an_unknown_id_is_a_usage_error_in_every_command(command: list[str], tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    SqliteStore(db).close()
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "s999999" in result.stderr


def test_an_error_is_one_line_however_long_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    missing = "/nonexistent/" + "a-very-long-folder-name/" * 8 + "page.html"
    with pytest.raises(SystemExit) as exited:
        main(["extract", missing])
    assert exited.value.code == EXIT_USAGE
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1
    assert missing in stderr


@pytest.mark.parametrize("command", sorted(app.commands))
def test_help_shows_no_python_types(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == EXIT_OK
    assert re.search(r"<\w|list\[|\{\w+\}|%Y|Path\b|\bstr\b|\bbool\b", result.stdout) is None, result.stdout


@pytest.mark.parametrize("command", READS_FILES)
def test_help_lists_every_input_kind(command: str) -> None:
    text = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
    for suffix in (".html", ".htm", ".txt", ".jsonl", ".warc", ".warc.gz", ".rss", ".atom", ".xml", ".opml"):
        assert f"{suffix} " in text or f"{suffix})" in text or f"{suffix}," in text, (command, suffix)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (EXIT_OK, f"newsweave {__version__}\n")


def test_the_command_line_starts_without_loading_the_stages() -> None:
    """--help and --version import click and rich, not spaCy, scikit-learn, numpy, Ray or FastAPI."""
    heavy = ["spacy", "sklearn", "numpy", "ray", "fastapi", "trafilatura", "pyarrow"]
    code = f"import sys, newsweave.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_every_human_view_is_called_terminal() -> None:
    for name, command in app.commands.items():
        formats = next((param for param in command.params if param.name == "fmt"), None)
        if formats is not None and name != "extract":  # extract prints an article: json or text
            assert formats.default == "terminal", name
    result = runner.invoke(app, ["stories", "--format", "table"])
    assert result.exit_code == EXIT_USAGE


def test_extract_takes_the_page_limit_and_names_the_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLES / "alder-courier.html"), "--max-page-mb", "0.001"])
    assert result.exit_code == EXIT_NOTHING_USABLE
    assert "--max-page-mb" in result.stderr
    assert "max_page_bytes" not in result.stderr
    assert "sources.too_large" in result.stderr
