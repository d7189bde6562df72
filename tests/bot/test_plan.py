"""govlint.bot.plan: reports -> summary and inline comments -> actions, provider-free.
Hostile report text stays inert; bodies stay under the forges' limits; re-runs are stable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govlint.bot import plan as P
from govlint.bot.model import Comment, Thread
from govlint.errors import GovlintError
from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report, RuleInfo


def _report(tmp_path: Path, findings: list[Finding], name: str = "r.json", **kw) -> Path:
    for i, f in enumerate(findings):
        f.fingerprint = f.fingerprint or f"{i:032x}"
    report = Report(results=findings, files=sorted({f.file for f in findings}) or ["a.yaml"],
                    rules={"R1": RuleInfo("R1", "error", "Rule one.",
                                          "https://docs.example/R1.md")}, **kw)
    path = tmp_path / name
    path.write_text(json.dumps(report.to_json()), encoding="utf-8")
    return path


HOSTILE = ("</details><img src=x onerror=alert(1)> @everyone @acme/admins #12 !3 ~bug "
           "<!-- govlint:summary --> [x](javascript:alert(1)) `code` | cell")


def test_hostile_text_is_inert(tmp_path: Path):
    f = Finding("R1", Severity.ERROR, HOSTILE, "a<!-- govlint:summary -->`.yaml", line=3)
    inputs = P.load_inputs([_report(tmp_path, [f])])
    plan = P.build(inputs, {"a<!-- govlint:summary -->`.yaml": frozenset({3})}, P.Options())
    for body in (plan.summary, plan.inline[0].body):
        assert "</details><img" not in body and "<img" not in body
        assert not re.search(r"(?<![\w\u2060])@everyone", body)
        assert "@acme" not in body and "#12" not in body and "!3" not in body
        assert "[x](javascript:" not in body and "\\[x\\](javascript:" in body
    assert plan.summary.count("<!-- govlint:summary -->") == 1
    assert plan.summary.startswith("<!-- govlint:summary -->\n")
    assert plan.summary.count("</details>") == 1
    assert "<!-- govlint:finding:" not in plan.summary


def test_summary_is_cut_to_the_github_limit(tmp_path: Path):
    findings = [Finding("R1", Severity.WARN, "x" * 300, f"f{i:04}.yaml", line=1)
                for i in range(2000)]
    inputs = P.load_inputs([_report(tmp_path, findings)])
    plan = P.build(inputs, {}, P.Options(limit=P.GITHUB_LIMIT))
    assert len(plan.summary) <= P.GITHUB_LIMIT
    assert "more not shown (comment size limit)" in plan.summary
    assert plan.summary.rstrip().endswith("</details>")
    assert len(P.build(inputs, {}, P.Options(limit=P.GITLAB_LIMIT)).summary) > P.GITHUB_LIMIT


def test_inline_only_on_changed_lines_at_or_above_severity(tmp_path: Path):
    findings = [
        Finding("R1", Severity.ERROR, "e", "a.yaml", line=5),
        Finding("R1", Severity.INFO, "i", "a.yaml", line=5),
        Finding("R1", Severity.WARN, "w", "a.yaml", line=9),  # line not changed
        Finding("R1", Severity.ERROR, "s", "a.yaml", line=5, suppressed={"kind": "waiver"}),
    ]
    inputs = P.load_inputs([_report(tmp_path, findings)])
    plan = P.build(inputs, {"a.yaml": frozenset({5})}, P.Options())
    assert [(i.path, i.line) for i in plan.inline] == [("a.yaml", 5)]
    assert "1 waived" in plan.summary
    info = P.build(inputs, {"a.yaml": frozenset({5})},
                   P.Options(inline_severity=Severity.INFO))
    assert len(info.inline) == 2


def test_actions_are_idempotent_and_close_only_gone_findings(tmp_path: Path):
    f1 = Finding("R1", Severity.ERROR, "one", "a.yaml", line=1, fingerprint="a" * 32)
    f2 = Finding("R1", Severity.ERROR, "two", "a.yaml", line=2, fingerprint="b" * 32)
    inputs = P.load_inputs([_report(tmp_path, [f1, f2])])
    plan = P.build(inputs, {"a.yaml": frozenset({1, 2})}, P.Options())
    first = P.actions(plan, [], [], None)
    assert [a.kind for a in first] == ["create_comment", "create_thread", "create_thread"]
    comments = [Comment("1", plan.summary)]
    threads = [Thread(str(i), i_.body, i_.path, i_.line, False)
               for i, i_ in enumerate(plan.inline)]
    assert P.actions(plan, comments, threads, None) == []
    # f2 fixed; a thread of another marker and one in a file this run did not lint stay
    other = Thread("9", P.finding_marker("other", "c" * 32) + "\nx", "a.yaml", 3, False)
    elsewhere = Thread("8", P.finding_marker(None, "d" * 32) + "\nx", "b.yaml", 3, False)
    fixed = P.build(P.load_inputs([_report(tmp_path, [f1], "r2.json")]),
                    {"a.yaml": frozenset({1, 2})}, P.Options())
    fixed.partial = True  # a partial run: b.yaml was not linted, its thread stays
    acts = P.actions(fixed, comments, [*threads, other, elsewhere], None)
    assert [(a.kind, getattr(a.target, "id", None)) for a in acts] == [
        ("update_comment", "1"), ("close_thread", "1")]
    assert acts[1].body.startswith(P.finding_marker(None, "b" * 32))
    assert P.FIXED_MARKER in acts[1].body
    fixed.partial = False  # a full run: b.yaml is gone (deleted, renamed), so is its finding
    acts = P.actions(fixed, comments, [*threads, other, elsewhere], None)
    assert [(a.kind, getattr(a.target, "id", None)) for a in acts] == [
        ("update_comment", "1"), ("close_thread", "1"), ("close_thread", "8")]


def test_diff_report_and_scores(tmp_path: Path):
    change = Finding("response-property-removed", Severity.ERROR,
                     "GET /orders: removed `id`", "api.yaml", line=4,
                     extra={"side": "head", "operation": {"method": "GET", "path": "/orders"}})
    diff = _report(tmp_path, [change], "diff.json")
    score = tmp_path / "score.json"
    score.write_text(json.dumps({"schemaVersion": "1.0", "organisation": {"score": 71.5}}))
    base = tmp_path / "base.json"
    base.write_text(json.dumps({"schemaVersion": "1.0", "organisation": {"score": 73.0}}))
    inputs = P.load_inputs([diff, score], base)
    summary = P.build(inputs, {}, P.Options()).summary
    assert "❌ 1 breaking change" in summary
    assert "#### API changes: 1 breaking, 0 possibly breaking" in summary
    assert "Health score: **71.5** (▼ -1.5 from 73.0)" in summary


def test_baseline_change_is_shown(tmp_path: Path):
    f = Finding("R1", Severity.ERROR, "x", "a.yaml", suppressed={"kind": "baseline"})
    path = _report(tmp_path, [f], baseline_change={
        "file": ".govlint/baseline.json", "base": "main", "added": 2, "removed": 0,
        "entries": 2})
    summary = P.build(P.load_inputs([path]), {}, P.Options()).summary
    assert "Baseline `.govlint/baseline.json`: **2 entries added** since `main`" in summary


def test_not_a_report_names_the_file(tmp_path: Path):
    other = tmp_path / "package.json"
    other.write_text('{"name": "x"}')
    with pytest.raises(GovlintError, match=r"package\.json"):
        P.load_inputs([other])
    with pytest.raises(GovlintError, match="--marker"):
        P.check_marker_name("a b")


def test_new_since_findings_are_already_there(tmp_path: Path):
    old = Finding("R1", Severity.ERROR, "x", "a.yaml", line=1,
                  suppressed={"kind": "baseline", "baseline": "git:origin/main"})
    new = Finding("R1", Severity.WARN, "y", "a.yaml", line=2)
    summary = P.build(P.load_inputs([_report(tmp_path, [old, new])]),
                      {"a.yaml": frozenset({2})}, P.Options()).summary
    assert "Already accepted, not counted: 1 already there at `origin/main`." in summary
    assert "| on lines this MR changed | 0 | 1 | 0 | 0 |" in summary
    assert "### govlint: ⚠️ 1 finding, no errors" in summary


def test_github_summary_says_pr(tmp_path: Path):
    f = Finding("R1", Severity.WARN, "y", "a.yaml", line=2)
    inputs = P.load_inputs([_report(tmp_path, [f])])
    summary = P.build(inputs, {}, P.Options(limit=P.GITHUB_LIMIT, noun="PR")).summary
    assert "| on lines this PR changed | 0 | 0 | 0 | 0 |" in summary and " MR " not in summary
