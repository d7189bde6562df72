from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import run_govlint

from govlint.findings.model import Finding, Severity
from govlint.reports import render
from govlint.reports.model import Report

from .samples import make_report


def _junit(report: Report) -> tuple[str, ET.Element]:
    out = io.StringIO()
    render("junit", report, out, color=False)
    text = out.getvalue()
    return text, ET.fromstring(text.encode("utf-8"))


def test_one_suite_per_file_one_case_per_rule_failure_per_finding(report: Report) -> None:
    text, root = _junit(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == sorted(report.files)
    clean = suites["services/clean/service.yaml"]
    assert [c.get("name") for c in clean.findall("testcase")] == sorted(report.rules)
    assert clean.findall("testcase/failure") == []
    api = suites["apis/payments/openapi.yaml"]
    failures = api.findall("testcase/failure")
    assert len(failures) == 6  # active findings in that file
    assert api.get("failures") == "6"
    assert int(api.get("tests", "0")) == len(api.findall("testcase"))
    names = [c.get("name") for c in api.findall("testcase")]
    assert "NAM-003" in names  # waived -> the rule passes
    assert "ERR-001 @ #/paths/~1v1~1Refunds/get/responses" in names
    assert int(root.get("failures", "0")) == 8
    assert int(root.get("tests", "0")) == len(root.findall("testsuite/testcase"))


def test_no_duplicate_test_names_even_for_identical_findings(report: Report) -> None:
    _, root = _junit(report)
    for suite in root.findall("testsuite"):
        names = [(c.get("classname"), c.get("name")) for c in suite.findall("testcase")]
        assert len(names) == len(set(names)), suite.get("name")
    api = next(s for s in root.findall("testsuite") if s.get("name").startswith("apis/pay"))
    trc = [c.get("name") for c in api.findall("testcase") if c.get("name").startswith("TRC")]
    assert trc == ["TRC-001 @ #/paths/~1v1~1payments/post",
                   "TRC-001 @ #/paths/~1v1~1payments/post (2)"]


def test_failure_text_points_at_file_line_and_each_case_has_one_failure(report: Report) -> None:
    _, root = _junit(report)
    rollouts = next(s for s in root.findall("testsuite") if s.get("name") == "deploy/rollouts.yaml")
    case = next(c for c in rollouts.findall("testcase") if c.findall("failure"))
    assert case.get("name") == "REL-002 @ document 1 #/spec/strategy/canary/steps/3/setWeight"
    assert case.get("file") == "deploy/rollouts.yaml"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "setWeight steps must strictly increase: 50 follows 50 | at step 3"
    )
    assert (failure.text or "").startswith("deploy/rollouts.yaml:58:22 error REL-002\n")
    for c in root.iter("testcase"):
        assert len(c.findall("failure")) <= 1


def test_awkward_text_is_escaped_into_well_formed_xml() -> None:
    f = Finding("NAM-001", Severity.ERROR, 'bad <path> & "quote"\x07 ]]>', "a&b.yaml",
                ("paths", "/x<y>"), line=2, column=3)
    _, root = _junit(make_report([f], files=["a&b.yaml"]))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    # control characters are written as visible escapes, as in the failure text
    assert failure.get("message") == 'bad <path> & "quote"\\x07 ]]>'
    assert root.find("testsuite").get("name") == "a&b.yaml"


def test_clean_report_has_only_passing_cases(clean_report: Report) -> None:
    _, root = _junit(clean_report)
    assert root.get("failures") == "0"
    assert len(root.findall("testsuite")) == 5


def test_lint_junit_suites_carry_governance_version_and_digest(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text('openapi: "3.0.3"\ninfo: {title: t}\npaths: {}\n')
    (tmp_path / "service.yaml").write_text("name: orders\n")
    digest = run_govlint("lint", ".", "-f", "json", cwd=tmp_path).json()["governance"]["digest"]
    run = run_govlint("lint", ".", "-f", "junit", cwd=tmp_path)
    root = ET.fromstring(run.stdout.encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 2
    for suite in suites:
        assert suite[0].tag == "properties"  # JUnit's schema: properties come first
        props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
        assert props == {"governance.version": "3.2", "governance.digest": digest}
