from __future__ import annotations

import io
import json

import jsonschema
import pytest

from govlint.reports import render
from govlint.reports.model import SCHEMA_VERSION, Report

from .samples import REPO, make_report


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _json(report: Report) -> str:
    out = io.StringIO()
    render("json", report, out, color=False)
    return out.getvalue()


def test_report_validates_against_the_published_schema(
    report: Report, validator: jsonschema.Draft202012Validator
) -> None:
    data = json.loads(_json(report))
    assert data["schemaVersion"] == SCHEMA_VERSION
    assert not list(validator.iter_errors(data))
    assert not list(validator.iter_errors(json.loads(_json(make_report([])))))


def test_schema_rejects_what_readers_cannot_use(
    report: Report, validator: jsonschema.Draft202012Validator
) -> None:
    data = json.loads(_json(report))
    data["results"][0]["severity"] = "fatal"
    data["results"][1]["file"] = "/abs/path.yaml"
    del data["schemaVersion"]
    messages = sorted(e.message for e in validator.iter_errors(data))
    assert len(messages) == 3, messages


def test_round_trips_through_from_json(report: Report) -> None:
    text = _json(report)
    again = Report.from_json(json.loads(text))
    assert _json(again) == text
    assert {f.fingerprint for f in again.results} == {f.fingerprint for f in report.results}
    assert again.governance == report.governance and again.rules == report.rules


def test_output_is_deterministic_whatever_the_input_order(report: Report) -> None:
    shuffled = make_report(list(reversed(report.results)), files=list(reversed(report.files)))
    assert _json(shuffled) == _json(report)
    data = json.loads(_json(report))
    assert data["files"] == sorted(data["files"])
    keys = [(r["file"], r.get("document", -1), r["line"], r["column"]) for r in data["results"]]
    assert keys == sorted(keys)
    assert _json(report).endswith("}\n") and '\n  "schemaVersion"' in _json(report)


def test_summary_counts(report: Report) -> None:
    summary = json.loads(_json(report))["summary"]
    assert summary == {
        "files": 5, "error": 4, "warn": 2, "info": 1, "hint": 1,
        "suppressed": {"baseline": 1, "sandbox": 1, "waiver": 1},
        "byRule": {"DOC-001": 1, "ERR-001": 1, "NAM-001": 1, "NAM-006": 1, "REL-002": 1,
                   "TRC-001": 2, "parse-error": 1},
    }
