"""``markdown``: a compact summary for job logs, ``$GITHUB_STEP_SUMMARY`` and MR/PR comments.

Counts by severity and by rule, the files with most problems, and the worst findings with
``file:line``. Suppressed findings are counted, not listed. Every value from the linted
repository (file names, rule ids, messages) goes through :func:`cell` or :func:`code`: the
text becomes a PR comment, so it must not bring HTML, links or table syntax of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import IO, TYPE_CHECKING

from govlint.findings.model import Severity
from govlint.reports.changelog import headline as changelog_headline
from govlint.reports.changelog import is_change
from govlint.reports.changelog import section as changelog_section
from govlint.reports.model import active
from govlint.reports.text import escape_controls
from govlint.wording import plural

if TYPE_CHECKING:
    from govlint.findings.model import Finding
    from govlint.reports.model import Report

TOP_FILES = 10
WORST = 20
_ICONS = {Severity.ERROR: "🔴", Severity.WARN: "🟠", Severity.INFO: "🔵", Severity.HINT: "⚪"}
_ORDER = (Severity.ERROR, Severity.WARN, Severity.INFO, Severity.HINT)


# Inside a table cell, what turns text into markup: code spans, emphasis, links/images,
# strike-through and the cell delimiter (line-start syntax cannot occur mid-row). Escaped with
# a backslash, which CommonMark allows before any ASCII punctuation.
_MARKUP = re.compile(r"([\\`*_\[\]~|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def cell(text: str) -> str:
    """Make ``text`` inert inside a table cell of a PR comment: one line, control
    characters escaped visibly, HTML as entities (``<svg onload=…>`` and ``</td><script>``
    print as text), Markdown punctuation and the ``|`` that ends a cell backslash-escaped."""
    text = escape_controls(" ".join(text.split()))
    text = "".join(_HTML.get(c, c) for c in text) if any(c in text for c in "&<>") else text
    return _MARKUP.sub(r"\\\1", text)


def code(text: str) -> str:
    """``text`` as an inline code span in a table cell: HTML and Markdown are literal in a
    code span, but a backtick would end it, a newline would end the table row and GFM splits
    cells on ``|`` even there (``\\|`` is the escape GFM honours inside a span)."""
    text = escape_controls(" ".join(text.split())).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def _headline(report: Report, findings: list[Finding]) -> str:
    s = report.summary()
    files_with = len({f.file for f in findings})
    if not findings:
        return f"### govlint: ✅ no problems in {plural(s['files'], 'file')}"
    names = ("error", "warning", "info", "hint")
    counts = ", ".join(
        f"{s[sev.label]} {n}{'' if s[sev.label] == 1 else 's'}"
        for sev, n in zip(_ORDER, names, strict=True)
    )
    icon = "❌" if s["error"] else "⚠️"
    return (
        f"### govlint: {icon} {plural(len(findings), 'problem')} ({counts}) "
        f"in {files_with} of {plural(s['files'], 'file')}"
    )


def _by_rule(findings: list[Finding]) -> list[str]:
    table: dict[str, Counter[Severity]] = {}
    for f in findings:
        table.setdefault(f.rule, Counter())[f.severity] += 1
    rows = sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    out = ["| rule | errors | warnings | infos | hints | total |", "|---|---:|---:|---:|---:|---:|"]
    for rule, counts in rows:
        nums = " | ".join(str(counts.get(sev, 0)) for sev in _ORDER)
        out.append(f"| {code(rule)} | {nums} | {sum(counts.values())} |")
    return out


def _top_files(findings: list[Finding]) -> list[str]:
    per_file: dict[str, Counter[Severity]] = {}
    for f in findings:
        per_file.setdefault(f.file, Counter())[f.severity] += 1
    rows = sorted(
        per_file.items(),
        key=lambda kv: (-kv[1].get(Severity.ERROR, 0), -sum(kv[1].values()), kv[0]),
    )
    out = ["| file | errors | problems |", "|---|---:|---:|"]
    for file, counts in rows[:TOP_FILES]:
        out.append(f"| {code(file)} | {counts.get(Severity.ERROR, 0)} | {sum(counts.values())} |")
    if len(rows) > TOP_FILES:
        out.append(f"| … and {plural(len(rows) - TOP_FILES, 'more file')} | | |")
    return out


def _worst(findings: list[Finding]) -> list[str]:
    ranked = sorted(findings, key=lambda f: (f.severity, *f.sort_key()))
    out = ["| | location | rule | message |", "|---|---|---|---|"]
    for f in ranked[:WORST]:
        icon = _ICONS.get(f.severity, "")
        out.append(
            f"| {icon} {f.severity.label} | {code(f'{f.file}:{f.line}')} | {code(f.rule)} "
            f"| {cell(f.message)} |"
        )
    if len(ranked) > WORST:
        out.append(f"| | … and {len(ranked) - WORST} more | | |")
    return out


def _governance(report: Report) -> list[str]:
    """Which rules judged: the governance spec version and the ruleset digest."""
    governance = report.governance or {}
    version, digest = governance.get("version"), governance.get("digest")
    parts = [f"Governance spec {cell(str(version))}"] if version else []
    if digest:
        parts.append(f"ruleset digest {code(str(digest))}")
    return [", ".join(parts) + ".", ""] if parts else []


def _baseline_change(report: Report) -> list[str]:
    """Entries this branch added to the baseline: debt accepted instead of fixed."""
    change = report.baseline_change
    if not change:
        return []
    added, removed = int(change.get("added") or 0), int(change.get("removed") or 0)
    icon = "⚠️ " if added else ""
    count = plural(added, "entry", "entries")
    text = (f"{icon}Baseline {code(str(change.get('file')))}: **{count} added** since "
            f"{code(str(change.get('base')))}")
    return [text + (f", {removed} removed." if removed else "."), ""]


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    findings = active(report.results)
    lines = [_headline(report, findings), ""]
    if findings and all(is_change(f) for f in findings):
        lines = [changelog_headline(findings), ""]
    suppressed: dict[str, int] = report.summary()["suppressed"]
    if suppressed:
        kinds = ", ".join(f"{n} {kind}" for kind, n in suppressed.items())
        lines += [f"Suppressed: {sum(suppressed.values())} ({kinds}).", ""]
    lines += _governance(report)
    lines += _baseline_change(report)
    changes = [f for f in findings if is_change(f)]
    if changes:  # govlint diff / --breaking-since: a changelog grouped by operation
        lines += ["#### Changes by operation", "", *changelog_section(changes, cell, code)]
        findings = [f for f in findings if not is_change(f)]
    if findings:
        lines += ["#### By rule", "", *_by_rule(findings), ""]
        lines += ["#### Top files", "", *_top_files(findings), ""]
        lines += ["#### Worst findings", "", *_worst(findings), ""]
    stream.write("\n".join(lines).rstrip("\n") + "\n")
