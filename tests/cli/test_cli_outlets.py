"""``newsweave outlets`` end to end: refresh, then each outlet's framing in three formats."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import EXAMPLES

from newsweave.cli import EXIT_NOTHING_USABLE, EXIT_OK, EXIT_USAGE, app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outlets") / "news.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(path)])
    assert result.exit_code == EXIT_OK, result.output
    return path


def test_outlets_refreshes_then_prints_each_outlet(db: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "news.db"
    shutil.copy(db, fresh)
    first = runner.invoke(app, ["outlets", "--db", str(fresh)])
    assert first.exit_code == EXIT_OK, first.output
    assert "1 multi-source stories: 1 compared, 0 unchanged" in first.stderr
    assert "harbour-herald\n  stories shared with other outlets: 1\n" in first.stdout
    assert "leads with what another outlet leads with: 1 of 1 (100%)" in first.stdout
    assert "attribution verbs: admitted ×1, claimed ×1, insisted ×1" in first.stdout
    assert "most quoted: Tomas Reyk (1 story, 24 words)" in first.stdout
    assert "widely shared claims left out:" in first.stdout

    second = runner.invoke(app, ["outlets", "--db", str(fresh), "--outlet", "harbour-herald"])
    assert second.exit_code == EXIT_OK, second.output
    assert "0 compared, 1 unchanged" in second.stderr
    assert second.stdout.startswith("harbour-herald\n")
    assert "The Alder Courier" not in second.stdout


def test_outlets_json_and_csv(db: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "news.db"
    shutil.copy(db, fresh)
    as_json = runner.invoke(app, ["outlets", "--db", str(fresh), "--format", "json", "--top", "2"])
    assert as_json.exit_code == EXIT_OK, as_json.output
    profiles = json.loads(as_json.stdout)
    assert len(profiles) == 6
    herald = next(p for p in profiles if p["outlet"] == "harbour-herald")
    assert herald["n_stories"] == 1
    assert herald["lead_share"] == 1.0
    assert len(herald["loaded_words"]) == 2
    assert herald["omissions"][0]["story"]
    as_csv = runner.invoke(app, ["outlets", "--db", str(fresh), "--format", "csv", "--no-refresh"])
    assert as_csv.exit_code == EXIT_OK, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {row["outlet"] for row in rows} == {p["outlet"] for p in profiles}
    assert (
        next(r for r in rows if r["outlet"] == "harbour-herald")["attribution_verbs"] == "admitted; claimed; insisted"
    )


def test_outlets_errors_and_empty(db: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "news.db"
    shutil.copy(db, fresh)
    empty = runner.invoke(app, ["outlets", "--db", str(fresh), "--no-refresh"])
    assert empty.exit_code == EXIT_OK
    assert empty.stdout == ""
    assert "no outlet shares a story" in empty.stderr
    unknown = runner.invoke(app, ["outlets", "--db", str(fresh), "--no-refresh", "--outlet", "Nobody"])
    assert unknown.exit_code == EXIT_USAGE
    assert "no outlet 'Nobody'" in unknown.stderr
    missing = runner.invoke(app, ["outlets", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == EXIT_NOTHING_USABLE


def test_outlets_help_has_example() -> None:
    result = runner.invoke(app, ["outlets", "--help"])
    assert result.exit_code == EXIT_OK
    assert "Example:" in result.output
    assert "newsweave outlets --db news.db" in result.output
