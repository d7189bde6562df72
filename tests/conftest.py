"""Shared test helpers: run the real CLI in a subprocess-free way and read its JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)

    def rules(self) -> list[str]:
        return [r["rule"] for r in self.json()["results"]]


def run_govlint(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m govlint`` as a user would (a real process: exit codes, streams)."""
    proc = subprocess.run(
        [sys.executable, "-m", "govlint", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def govlint():
    return run_govlint


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives beside the repository)")
    return CORPUS


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster for the session (``tests/pgserver.py``); skips with
    the reason when one cannot start."""
    from tests import pgserver

    server = pgserver.start()
    if isinstance(server, str):
        pytest.skip(f"PostgreSQL unavailable: {server}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same history tests against both backends: an SQLite file URL, or a fresh
    database on the session's PostgreSQL server (its URL carries a password)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.sqlite'}"
    server = request.getfixturevalue("pg_server")
    return server.create_database()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The public-ruleset parity table (tests/compat/test_public_rulesets.py), when measured.

    Here rather than in tests/compat/conftest.py: that directory is not a package, so a
    conftest there would shadow this module for ``from conftest import ...``."""
    scores = getattr(sys.modules.get("tests.compat.public_rulesets"), "SCORES", None)
    if not scores:
        return
    terminalreporter.section("govlint vs Spectral 6.16.3 on public rulesets")
    for name, score in sorted(scores.items()):
        terminalreporter.write_line(f"{name:24s} {score}")
