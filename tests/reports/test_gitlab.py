from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govlint.reports import render
from govlint.reports.model import Report

from .samples import make_report

SCHEMA_PATH = Path(__file__).with_name("gitlab-codequality.schema.json")


def code_quality_errors(entries: Any) -> list[str]:
    """Every way ``entries`` is not a report GitLab reads in full (also used by tests/ci)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(entries)]
    if isinstance(entries, list):
        prints = [e.get("fingerprint") for e in entries if isinstance(e, dict)]
        if len(prints) != len(set(prints)):
            errors.append("duplicate fingerprints")
    return errors


def _gitlab(report: Report) -> list[dict[str, Any]]:
    out = io.StringIO()
    render("gitlab", report, out, color=False)
    return json.loads(out.getvalue())


def test_every_entry_is_valid_and_fingerprints_are_unique(report: Report) -> None:
    entries = _gitlab(report)
    assert code_quality_errors(entries) == []
    assert len(entries) == 8  # active findings only
    assert _gitlab(make_report([])) == []


def test_validation_is_not_vacuous(report: Report) -> None:
    entries = _gitlab(report)
    entries[0]["severity"] = "error"
    entries[1]["location"] = {"path": "x.yaml"}
    entries[2]["fingerprint"] = entries[3]["fingerprint"]
    assert len(code_quality_errors(entries)) == 3


def test_fields_and_severity_mapping(report: Report) -> None:
    entries = {(e["check_name"], e["location"]["lines"]["begin"]): e for e in _gitlab(report)}
    rel = entries[("REL-002", 58)]
    assert rel == {
        "description": "setWeight steps must strictly increase: 50 follows 50 | at step 3",
        "check_name": "REL-002",
        "fingerprint": "fp-rel-002",
        "severity": "critical",
        "location": {"path": "deploy/rollouts.yaml", "lines": {"begin": 58}},
    }
    assert entries[("ERR-001", 44)]["location"]["lines"] == {"begin": 44, "end": 52}
    assert entries[("TRC-001", 12)]["severity"] == "minor"
    assert entries[("NAM-006", 90)]["severity"] == "info"
    assert entries[("DOC-001", 20)]["severity"] == "info"
    parse = entries[("parse-error", 3)]
    assert parse["description"] == "mapping values are not allowed here in line 3"


def test_suppressed_findings_are_left_out(report: Report) -> None:
    prints = {e["fingerprint"] for e in _gitlab(report)}
    assert not prints & {"fp-nam-003", "fp-trc-sbx", "fp-nam-001-legacy"}


def test_identical_duplicates_differ_and_survive_line_shifts(report: Report) -> None:
    before = [e["fingerprint"] for e in _gitlab(report) if e["check_name"] == "TRC-001"]
    assert len(before) == 2 and before[0] == "fp-trc-dup" and before[1] != before[0]
    for f in report.results:  # someone adds 30 lines at the top of every file
        f.line += 30
    after = [e["fingerprint"] for e in _gitlab(report) if e["check_name"] == "TRC-001"]
    assert after == before


@pytest.mark.parametrize("n", [3, 50])
def test_many_identical_findings_all_get_distinct_fingerprints(n: int) -> None:
    base = make_report().results[2]
    dupes = [dataclasses.replace(base) for _ in range(n)]
    entries = _gitlab(make_report(dupes))
    assert len({e["fingerprint"] for e in entries}) == n
    assert code_quality_errors(entries) == []
