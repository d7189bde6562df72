"""The health score of one document (the formula of ``docs/score.md``).

    penalty P = sum of severity weights of the document's *active* findings
    score     = 100 * 2 ** (-P / size)

``size`` is the document's operations (OpenAPI) or 1 (a Kubernetes object, a config), so a
score reads as "each error per operation halves it". Suppressed findings (waivers, sandbox
zones, baselines) weigh nothing and are counted beside the score. A document that cannot be
parsed scores 0 in everything: nothing in it can be shown to comply. Category sub-scores
apply the same formula to the findings of one rule area (the rule id's prefix).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from govlint.findings.model import Finding, Severity

CATEGORIES = ("NAM", "ERR", "TRC", "RES", "REL", "SBX", "DOC", "LOG")
OTHER = "other"
ALL_CATEGORIES = (*CATEGORIES, OTHER)

# What one active finding costs, per unit of size. Info and hint are advice: they are
# counted and shown, never scored (the same line the default CI gate draws).
WEIGHTS: dict[Severity, float] = {
    Severity.ERROR: 1.0,
    Severity.WARN: 0.25,
    Severity.INFO: 0.0,
    Severity.HINT: 0.0,
}
UNREADABLE_RULES = frozenset({"parse-error"})

_CATEGORY = re.compile(r"^(NAM|ERR|TRC|RES|REL|SBX|DOC|LOG)-\d+$")


def category(rule: str) -> str:
    """The rule area of a governance rule id (``TRC-003`` -> ``TRC``), else ``other``."""
    match = _CATEGORY.match(rule)
    return match.group(1) if match else OTHER


def weight(severity: Severity) -> float:
    return WEIGHTS.get(severity, 0.0)


def from_penalty(penalty: float, size: int) -> float:
    """``100 * 2 ** (-penalty / size)``; a size below 1 counts as 1."""
    return 100.0 * 2.0 ** (-penalty / max(1, size))


@dataclass(slots=True)
class DocumentScore:
    score: float
    categories: dict[str, float]
    penalty: float
    unreadable: bool


def score_document(findings: Iterable[Finding], size: int,
                   categories: Iterable[str] = ALL_CATEGORIES) -> DocumentScore:
    """Score one document from all its findings (suppressed ones included: they are
    skipped here, and a ``parse-error`` makes the document unreadable even when waived)."""
    wanted = tuple(categories)
    by_category = dict.fromkeys(wanted, 0.0)
    total = 0.0
    unreadable = False
    for f in findings:
        if f.rule in UNREADABLE_RULES:
            unreadable = True
        if f.suppressed is not None:
            continue
        cost = weight(f.severity)
        total += cost
        area = category(f.rule)
        if area in by_category:
            by_category[area] += cost
    if unreadable:
        return DocumentScore(0.0, dict.fromkeys(wanted, 0.0), total, True)
    return DocumentScore(
        from_penalty(total, size),
        {c: from_penalty(p, size) for c, p in by_category.items()},
        total,
        False,
    )


def round_score(value: float | None) -> float | None:
    """Scores are printed and stored with one decimal."""
    return None if value is None else round(value + 0.0, 1)
