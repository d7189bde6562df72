"""The changelog section of the markdown report: diff findings (``govlint diff``,
``lint --breaking-since``) grouped by the operation they concern, for release notes and the
merge-request comment. Breaking changes first in each group, then possibly breaking, then
the rest; operations in path order; changes to the whole API (security, components,
webhooks) under "API"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from govlint.findings.model import Severity

if TYPE_CHECKING:
    from govlint.findings.model import Finding

_WORDS = {Severity.ERROR: "breaking", Severity.WARN: "possibly breaking",
          Severity.INFO: "", Severity.HINT: ""}


def operation_of(finding: Finding) -> tuple[str, str] | None:
    op = finding.extra.get("operation")
    if isinstance(op, dict) and isinstance(op.get("method"), str) and \
            isinstance(op.get("path"), str):
        return op["method"], op["path"]
    return None


def is_change(finding: Finding) -> bool:
    """A diff finding that is a change (not govlint's notice that a spec could not be
    compared, or a comparison stopped: those are problems, listed as lint findings are)."""
    from govlint.diff.structure import NOTICES

    return finding.extra.get("side") in ("base", "head") and finding.rule not in NOTICES


def headline(findings: list[Finding]) -> str:
    """``### govlint diff: ❌ 2 breaking, 1 possibly breaking, 5 other changes`` (the last
    count decides the noun: ``0 other changes``, ``1 other change``)."""
    from govlint.wording import plural

    n = {sev: sum(1 for f in findings if f.severity is sev) for sev in Severity}
    icon = "❌" if n[Severity.ERROR] else "⚠️" if n[Severity.WARN] else "✅"
    return (f"### govlint diff: {icon} {n[Severity.ERROR]} breaking, {n[Severity.WARN]} "
            f"possibly breaking, {plural(n[Severity.INFO] + n[Severity.HINT], 'other change')}")


def spec_of(finding: Finding) -> str | None:
    """The spec a change belongs to (``lint --breaking-since`` names it: several specs can
    have the same ``GET /health``); None for ``govlint diff``'s single pair."""
    spec = finding.extra.get("spec")
    return spec if isinstance(spec, str) else None


def _text(text: str, cell: Callable[[str], str], code: Callable[[str], str]) -> str:
    """A message with its `quoted` values as code spans (the diff quotes values with
    backticks and never lets one through inside a value), the rest as inert text."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # unbalanced: no code spans
        return cell(text)
    return "".join(code(p) if i % 2 else _spaced(p, cell) for i, p in enumerate(parts))


def _spaced(text: str, cell: Callable[[str], str]) -> str:
    """``cell`` keeps no edge spaces; between code spans they matter."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0] == " " else "") + cell(text) + (" " if text[-1] == " " else "")


def section(findings: list[Finding], cell: Callable[[str], str],
            code: Callable[[str], str]) -> list[str]:
    """Markdown lines: one ``#####`` heading per operation, one bullet per change; when
    the changes name their spec (``lint --breaking-since``), one ``#####`` heading per spec
    (file order) and a ``######`` one per operation in it, so two specs' ``GET /health``
    never mix. ``cell``/``code`` are the markdown report's escaping functions (repository
    text must stay inert in a comment)."""
    by_spec: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_spec.setdefault(spec_of(f), []).append(f)
    lines = _operations(by_spec.pop(None), cell, code, "#####") if None in by_spec else []
    for spec in sorted(by_spec, key=lambda s: s or ""):
        lines += [f"##### {code(spec or '')}", ""]
        lines += _operations(by_spec[spec], cell, code, "######")
    return lines


def _operations(findings: list[Finding], cell: Callable[[str], str],
                code: Callable[[str], str], heading: str) -> list[str]:
    groups: dict[tuple[str, str] | None, list[Finding]] = {}
    for f in findings:
        groups.setdefault(operation_of(f), []).append(f)
    keys = sorted((k for k in groups if k is not None), key=lambda k: (k[1], k[0]))
    ordered: list[tuple[str, str] | None] = ([None] if None in groups else []) + keys
    lines: list[str] = []
    for key in ordered:
        title = "API" if key is None else f"{key[0]} {key[1]}"
        lines += [f"{heading} {code(title)}", ""]
        prefix = f"{title}: "
        for f in sorted(groups[key], key=lambda f: (f.severity, f.message, f.rule)):
            text = f.message[len(prefix):] if f.message.startswith(prefix) else f.message
            word = _WORDS.get(f.severity, "")
            tag = f"**{word}**: " if word else ""
            lines.append(f"- {tag}{_text(text, cell, code)} ({code(f.rule)})")
        lines.append("")
    return lines
