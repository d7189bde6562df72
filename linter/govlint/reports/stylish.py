"""``stylish``: the default terminal format, grouped by file like ESLint's and Spectral's.

Waived and baselined findings are not listed, only counted in the summary, so an excused
problem stays visible as a number without drowning the ones that need work. Findings relaxed
by a sandbox zone (SBX-004) are listed at their relaxed severity, tagged ``(sandbox)``: the
spec says they drop to warnings, and a team should see them while the zone lasts.
File names and messages are printed through :func:`govlint.reports.text.printable`: a
hostile name cannot start a CI workflow command or send terminal escape sequences.
"""

from __future__ import annotations

from itertools import groupby
from typing import IO, TYPE_CHECKING

from govlint.findings.model import Severity
from govlint.reports.model import sort_findings
from govlint.reports.text import printable

if TYPE_CHECKING:
    from govlint.findings.model import Finding
    from govlint.reports.model import Report

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_UNDERLINE = "\x1b[4m"
_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARN: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
    Severity.HINT: "\x1b[2m",
}
_GREEN = "\x1b[32m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _one_line(message: str) -> str:
    """The message on one line, control characters escaped (see :mod:`.text`)."""
    return printable(" ".join(message.split()))


def _plural(n: int, word: str) -> str:
    from govlint.wording import plural

    return plural(n, word)


def _file_block(file: str, findings: list[Finding], color: bool) -> list[str]:
    positions = [f"{f.line}:{f.column}" for f in findings]
    pos_w = max(len(p) for p in positions)
    sev_w = max(len(f.severity.label) for f in findings)
    msg_w = min(max(len(_one_line(f.message)) for f in findings), 72)
    lines = [_paint(printable(file), _UNDERLINE, color)]
    for pos, f in zip(positions, findings, strict=True):
        label = f.severity.label.ljust(sev_w)
        lines.append(
            f"  {_paint(pos.rjust(pos_w), _DIM, color)}  "
            f"{_paint(label, _COLORS.get(f.severity, ''), color)}  "
            f"{_one_line(f.message).ljust(msg_w)}  {_paint(_rule_label(f), _DIM, color)}".rstrip()
        )
    return lines


def _rule_label(finding: Finding) -> str:
    """The rule id (a ruleset from the repository names it: escaped like a message)."""
    rule = printable(finding.rule)
    return f"{rule} (sandbox)" if finding.suppressed else rule


def summary_line(report: Report) -> str:
    """``✖ N problems (E errors, W warnings, I infos, H hints)`` or the all-clear line."""
    s = report.summary()
    total = s["error"] + s["warn"] + s["info"] + s["hint"]
    if total == 0:
        return f"✔ No problems found in {_plural(s['files'], 'file')}"
    return (
        f"✖ {_plural(total, 'problem')} ({_plural(s['error'], 'error')}, "
        f"{_plural(s['warn'], 'warning')}, {_plural(s['info'], 'info')}, "
        f"{_plural(s['hint'], 'hint')})"
    )


def suppressed_line(report: Report) -> str | None:
    by_kind: dict[str, int] = report.summary()["suppressed"]
    if not by_kind:
        return None
    total = sum(by_kind.values())
    kinds = ", ".join(f"{n} {kind}" for kind, n in by_kind.items())
    return f"  {total} suppressed ({kinds})"


def render(report: Report, stream: IO[str], *, color: bool,
           list_at_least: Severity | None = None, verdict: str | None = None) -> None:
    """Findings grouped by file, then the summary of the whole report.

    ``list_at_least`` (``lint -q``) lists only findings at or above it; the summary still
    counts every finding and says how many are hidden, so the terminal never reads "no
    problems" on a run that fails. ``verdict`` says why the run fails when the listing
    cannot (``--max-warnings``).
    """
    findings = sort_findings(
        f for f in report.results
        if (f.suppressed is None or f.suppressed.get("kind") == "sandbox")
        and (list_at_least is None or f.severity.at_least(list_at_least))
    )
    lines: list[str] = []
    for file, group in groupby(findings, key=lambda f: f.file):
        lines.extend(_file_block(file, list(group), color))
        lines.append("")
    worst = min((f.severity for f in report.results if f.suppressed is None), default=None)
    head = summary_line(report)
    if worst is None:
        lines.append(_paint(head, _GREEN, color))
    else:
        lines.append(_paint(head, _BOLD + _COLORS.get(worst, ""), color))
    hidden = _hidden_line(report, list_at_least)
    if hidden:
        lines.append(_paint(hidden, _DIM, color))
    if verdict:
        lines.append(_paint(f"  {verdict}", _BOLD, color))
    extra = suppressed_line(report)
    if extra:
        lines.append(_paint(extra, _DIM, color))
    grown = baseline_line(report)
    if grown:
        lines.append(_paint(grown, _DIM, color))
    pinned = governance_line(report)
    if pinned:
        lines.append(_paint(pinned, _DIM, color))
    stream.write("\n".join(lines) + "\n")


def _hidden_line(report: Report, list_at_least: Severity | None) -> str | None:
    """``N warnings hidden by -q``: what the quiet listing left out, still counted above."""
    if list_at_least is None:
        return None
    hidden = [f.severity for f in report.results
              if f.suppressed is None and not f.severity.at_least(list_at_least)]
    if not hidden:
        return None
    parts = [_plural(sum(s is sev for s in hidden), word)
             for sev, word in ((Severity.WARN, "warning"), (Severity.INFO, "info"),
                               (Severity.HINT, "hint"))
             if any(s is sev for s in hidden)]
    return f"  {', '.join(parts)} hidden by -q"


def governance_line(report: Report) -> str | None:
    """Which governance spec and exact ruleset judged the run (every report records it)."""
    governance = report.governance or {}
    if not governance.get("version"):
        return None
    digest = str(governance.get("digest") or "")
    short = digest[: len("sha256:") + 12] if digest.startswith("sha256:") else digest
    return printable(f"  governance {governance['version']} (ruleset {short})")


def baseline_line(report: Report) -> str | None:
    """``baseline FILE: N entries added since REF (M removed)``: accepted debt, visible."""
    change = report.baseline_change
    if not change:
        return None
    removed = int(change.get("removed") or 0)
    text = (f"  baseline {printable(str(change.get('file')))}: "
            f"{_entries_added(int(change.get('added') or 0))} added since "
            f"{printable(str(change.get('base')))}")
    return text + (f" ({removed} removed)" if removed else "")


def _entries_added(n: int) -> str:
    from govlint.wording import plural

    return plural(n, "entry", "entries")
