from __future__ import annotations

import io

from govlint.reports import render
from govlint.reports.model import Report


def _stylish(report: Report, color: bool = False) -> str:
    out = io.StringIO()
    render("stylish", report, out, color=color)
    return out.getvalue()


def test_groups_by_file_in_stable_order_with_aligned_columns(report: Report) -> None:
    text = _stylish(report)
    lines = text.splitlines()
    headers = [line for line in lines if line and not line.startswith(" ") and line[0] != "✖"]
    assert headers == ["apis/payments/openapi.yaml", "config/broken.yaml", "deploy/rollouts.yaml"]
    block = lines[1 : lines.index("")]
    assert block[0].split() == [
        "12:5", "warn", "Operation", "accepts", "no", "traceparent", "header", "TRC-001"
    ]
    assert [line.split()[0] for line in block] == [
        "12:5", "12:5", "20:5", "40:3", "44:7", "70:5", "90:11"]
    # columns line up: every severity starts at the same offset within a file block
    assert len({line.index(line.split()[1]) for line in block}) == 1
    assert "\x1b[" not in text


def test_summary_counts_active_findings_and_suppressed_by_kind(report: Report) -> None:
    text = _stylish(report)
    assert "✖ 8 problems (4 errors, 2 warnings, 1 info, 1 hint)" in text
    assert "3 suppressed (1 baseline, 1 sandbox, 1 waiver)" in text
    # waived and baselined findings are not listed; sandbox-relaxed ones are, as warnings
    assert "Get_Refund" not in text and "Old_Path" not in text
    assert "apis/legacy/openapi.json" not in text
    sandboxed = next(line for line in text.splitlines() if "70:5" in line)
    assert sandboxed.split()[1] == "warn" and sandboxed.endswith("TRC-001 (sandbox)")


def test_multiline_messages_stay_on_one_line(report: Report) -> None:
    text = _stylish(report)
    assert "3:9  error  mapping values are not allowed here in line 3  parse-error" in text


def test_clean_run_says_so(clean_report: Report) -> None:
    assert _stylish(clean_report) == (
        "✔ No problems found in 5 files\n  governance 3.2 (ruleset sha256:abc)\n")


def test_colour_only_when_asked(report: Report) -> None:
    colored = _stylish(report, color=True)
    assert "\x1b[31merror" in colored and "\x1b[33mwarn" in colored
    assert _strip_ansi(colored) == _stylish(report)


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
