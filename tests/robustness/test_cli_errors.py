"""Every command answers bad arguments, missing files and a broken store with one line and an exit code.

These go through :func:`newsweave.cli.main`, the console-script entry point, as a user's shell does.
"""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path

import pytest

import newsweave.store.base
from newsweave.cli import EXIT_NOTHING_USABLE, EXIT_USAGE, app, main
from newsweave.store import SqliteStore
from tests.conftest import EXAMPLES

COMMANDS = sorted(app.commands)
MISSING = "/nonexistent/newsweave-test/missing"
# The arguments that make each command name a file or store that is not there.
MISSING_FILE_ARGS = {
    "add": [f"{MISSING}.html", "--db", "{tmp}/news.db"],
    "batch": [f"{MISSING}.warc.gz", "--out", "{tmp}/out"],
    "compare": [f"{MISSING}.html", str(EXAMPLES)],
    "embed": ["--db", f"{MISSING}.db"],
    "extract": [f"{MISSING}.html"],
    "failures": ["--db", f"{MISSING}.db"],
    "history": ["0123456789abcdef", "--db", f"{MISSING}.db"],
    "ingest": [f"{MISSING}.html", "--db", "{tmp}/news.db"],
    "outlets": ["--db", f"{MISSING}.db"],
    "serve": ["--db", f"{MISSING}.db"],
    "stories": ["--db", f"{MISSING}.db"],
    "story": ["s000001", "--db", f"{MISSING}.db"],
    "watch": [f"{MISSING}.opml", "--db", "{tmp}/news.db", "--once"],
}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    code = exited.value.code
    assert isinstance(code, int)
    return code, capsys.readouterr().err


def _assert_one_line_error(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr


def test_cli_errors_cover_every_command() -> None:
    assert set(MISSING_FILE_ARGS) == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_unknown_option_is_one_line_usage_error(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, stderr = _run([command, "--no-such-option"], capsys)
    assert code == EXIT_USAGE
    _assert_one_line_error(stderr)
    assert f"newsweave {command} --help" in stderr


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["compare"],
        ["compare", str(EXAMPLES), "--format", "pdf"],
        ["ingest", str(EXAMPLES), "--workers", "-1"],
        ["stories", "--since", "last tuesday"],
        ["stories", "--limit", "zero"],
        ["story"],
        ["serve", "--port", "70000"],
    ],
)
def test_cli_bad_argument_is_one_line_usage_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, stderr = _run(args, capsys)
    assert code == EXIT_USAGE
    _assert_one_line_error(stderr)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_missing_file_is_one_line_error(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in MISSING_FILE_ARGS[command]]
    code, stderr = _run([command, *args], capsys)
    assert code in {EXIT_USAGE, EXIT_NOTHING_USABLE}
    _assert_one_line_error(stderr)
    assert "missing" in stderr
    assert not (tmp_path / "news.db").exists(), "a mistyped path must leave no new store behind"


def test_cli_verbose_adds_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, stderr = _run(["stories", "--db", f"{MISSING}.db", "--verbose"], capsys)
    assert code == EXIT_NOTHING_USABLE
    assert stderr.startswith("error: ")
    assert "Traceback" in stderr


def test_cli_unexpected_error_is_one_line_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.db"
    SqliteStore(db).close()

    def broken(*_: object) -> str:
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(importlib.import_module("newsweave.report"), "render_stories", broken)
    code, stderr = _run(["stories", "--db", str(db)], capsys)
    assert code == EXIT_NOTHING_USABLE
    _assert_one_line_error(stderr)
    assert "internal error: RuntimeError: renderer broke" in stderr
    assert "--verbose" in stderr


def _connect_then(pragma: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every store connection run ``pragma`` once opened (a full disk, a read-only file)."""
    connect = newsweave.store.base.connect

    def connect_limited(path: str, *, read_only: bool, busy_timeout_s: float) -> sqlite3.Connection:
        conn = connect(path, read_only=read_only, busy_timeout_s=busy_timeout_s)
        conn.execute(pragma)
        return conn

    monkeypatch.setattr(newsweave.store.base, "connect", connect_limited)


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        # The schema fits in 60 pages; the first articles do not.
        ("PRAGMA max_page_count = 60", "the disk is full"),
        ("PRAGMA query_only = ON", "not writable"),
    ],
    ids=["full-disk", "read-only"],
)
def test_cli_ingest_into_full_or_read_only_store_is_one_line_error(
    pragma: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.db"
    SqliteStore(db).close()
    _connect_then(pragma, monkeypatch)
    code, stderr = _run(["ingest", str(EXAMPLES), "--db", str(db), "--workers", "1"], capsys)
    assert code == EXIT_NOTHING_USABLE
    error_lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 1, stderr
    assert expected in error_lines[0]
    assert "store.write_failed" in error_lines[0]
    assert "Traceback" not in stderr
    with SqliteStore(db, read_only=True) as store:
        assert store.integrity_check()
