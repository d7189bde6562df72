from __future__ import annotations

import io
import re
from pathlib import Path

from tests.conftest import run_govlint

from govlint.reports import markdown as md
from govlint.reports import render
from govlint.reports.model import Report

from .samples import make_report


def _markdown(report: Report) -> str:
    out = io.StringIO()
    render("markdown", report, out, color=False)
    return out.getvalue()


def test_summary_counts_rules_top_files_and_worst_findings(report: Report) -> None:
    text = _markdown(report)
    lines = text.splitlines()
    assert lines[0] == (
        "### govlint: ❌ 8 problems (4 errors, 2 warnings, 1 info, 1 hint) in 3 of 5 files"
    )
    assert "Suppressed: 3 (1 baseline, 1 sandbox, 1 waiver)." in lines
    assert "| `TRC-001` | 0 | 2 | 0 | 0 | 2 |" in lines
    assert lines.index("| `TRC-001` | 0 | 2 | 0 | 0 | 2 |") < lines.index(
        "| `ERR-001` | 1 | 0 | 0 | 0 | 1 |"
    )  # most frequent rule first
    top = lines[lines.index("#### Top files") + 4]
    assert top == "| `apis/payments/openapi.yaml` | 2 | 6 |"
    worst = lines[lines.index("#### Worst findings") + 4 :]
    assert worst[0].startswith("| 🔴 error | `apis/payments/openapi.yaml:40` | `NAM-001` |")
    assert worst[-1].startswith("| ⚪ hint |")
    # a pipe in a message cannot break the table
    assert "50 follows 50 \\| at step 3 |" in text


def test_long_reports_are_cut_with_a_count() -> None:
    base = make_report().results[0]
    many = []
    for i in range(30):
        f = type(base)(base.rule, base.severity, base.message, f"apis/s{i:02}.yaml", base.path,
                       line=i + 1)
        many.append(f)
    text = _markdown(make_report(many))
    assert f"| … and {30 - md.TOP_FILES} more files | | |" in text
    assert f"| | … and {30 - md.WORST} more | | |" in text


def test_clean(clean_report: Report) -> None:
    expected = ("### govlint: ✅ no problems in 5 files\n\n"
                "Governance spec 3.2, ruleset digest `sha256:abc`.\n")
    assert _markdown(clean_report) == expected


def test_lint_markdown_names_the_governance_version_and_ruleset_digest(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text('openapi: "3.0.3"\ninfo: {title: t}\npaths: {}\n')
    run = run_govlint("lint", ".", "-f", "json", cwd=tmp_path)
    digest = run.json()["governance"]["digest"]
    run = run_govlint("lint", ".", "-f", "markdown", cwd=tmp_path)
    assert re.search(r"^Governance spec 3\.2, ruleset digest `sha256:[0-9a-f]{64}`\.$",
                     run.stdout, re.M), run.stdout
    assert f"`{digest}`" in run.stdout


def test_lint_markdown_counts_one_file_and_one_problem_in_the_singular(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(
        "rules:\n  has-title:\n    given: $.info\n    then: {field: title, function: truthy}\n")
    (tmp_path / "openapi.yaml").write_text('openapi: "3.0.3"\ninfo: {title: t}\npaths: {}\n')
    clean = run_govlint("lint", "openapi.yaml", "-r", "one.yaml", "-f", "markdown", cwd=tmp_path)
    assert clean.stdout.startswith("### govlint: ✅ no problems in 1 file\n"), clean.stdout
    (tmp_path / "openapi.yaml").write_text('openapi: "3.0.3"\ninfo: {version: "1"}\npaths: {}\n')
    one = run_govlint("lint", "openapi.yaml", "-r", "one.yaml", "-f", "markdown", cwd=tmp_path)
    assert one.stdout.startswith("### govlint: ⚠️ 1 problem (0 errors, 1 warning, 0 infos, "
                                 "0 hints) in 1 of 1 file\n"), one.stdout
