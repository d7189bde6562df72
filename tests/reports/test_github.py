from __future__ import annotations

import io

from govlint.findings.model import Finding, Severity
from govlint.reports import render
from govlint.reports.model import Report

from .samples import make_report


def _github(report: Report) -> list[str]:
    out = io.StringIO()
    render("github", report, out, color=False)
    return out.getvalue().splitlines()


def test_one_workflow_command_per_active_finding(report: Report) -> None:
    lines = _github(report)
    assert len(lines) == 8
    assert lines[0] == (
        "::warning file=apis/payments/openapi.yaml,line=12,col=5,title=TRC-001"
        "::Operation accepts no traceparent header"
    )
    assert (
        "::error file=deploy/rollouts.yaml,line=58,col=22,endLine=58,endColumn=24,"
        "title=REL-002::setWeight steps must strictly increase: 50 follows 50 | at step 3"
    ) in lines
    assert sum(line.startswith("::notice ") for line in lines) == 2  # info + hint
    assert not any("Get_Refund" in line for line in lines)  # waived


def test_escapes_data_and_properties() -> None:
    f = Finding("X-1", Severity.ERROR, "100% broken\nsecond line", "dir,a/b:c.yaml", line=1,
                column=1)
    (line,) = _github(make_report([f]))
    assert line == (
        "::error file=dir%2Ca/b%3Ac.yaml,line=1,col=1,title=X-1::100%25 broken%0Asecond line"
    )


def test_clean_report_prints_nothing(clean_report: Report) -> None:
    assert _github(clean_report) == []
