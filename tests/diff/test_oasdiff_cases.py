"""The suite fails below 95 % recall of oasdiff's expected check ids (with operation and
path where asserted) or below 95 % of its count/exact/empty/absent assertions held."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.diff.oasdiff_cases import score

THRESHOLD = 0.95


def test_oasdiff_cases_score(oasdiff_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = oasdiff_corpus
    monkeypatch.chdir(root)
    cases = json.loads((root / "cases.json").read_text())
    check_of = {c["id"]: c["check_function"]
                for c in json.loads((root / "checks.json").read_text())}
    result = score(root, cases, check_of)
    report = (f"recall {result.found}/{result.expected} = {result.recall:.1%}, assertions "
              f"{result.held}/{result.assertions} = {result.held_ratio:.1%}\n"
              + "\n".join(result.failures))
    print(report)
    assert result.recall >= THRESHOLD and result.held_ratio >= THRESHOLD, report
