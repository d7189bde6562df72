"""What the diff stage produces before it becomes findings: one :class:`Change` per
difference, and the :class:`Options` that decide which differences count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from govlint.findings.model import Path

# oasdiff's x-stability-level values, least stable first.
STABILITY_ORDER = ("draft", "alpha", "beta", "stable")
LEVEL_TO_SEVERITY = {"ERR": "error", "WARN": "warn", "INFO": "info"}


@dataclass(frozen=True, slots=True)
class Options:
    """oasdiff's options, with its defaults: what a check reports depends on them."""

    stability_level: str = "beta"
    deprecation_days_beta: int = 0
    deprecation_days_stable: int = 0
    today: datetime.date = field(default_factory=datetime.date.today)

    def deprecation_days(self, stability: str | None) -> int:
        """Minimum days between deprecation and sunset for an element of ``stability``
        (draft and alpha elements may go at any time)."""
        if stability in ("draft", "alpha"):
            return 0
        if stability == "beta":
            return self.deprecation_days_beta
        return self.deprecation_days_stable


@dataclass(slots=True)
class Change:
    """One difference between BASE and HEAD: ``id`` is oasdiff's check id.

    ``side`` says which spec ``path`` (a path of that spec's *resolved* tree) is in: HEAD
    for anything that exists there, BASE for removals. ``operation`` is (METHOD, path
    template as written in HEAD, or BASE for removals) when the change concerns one
    operation.
    """

    id: str
    level: str
    message: str
    side: str
    path: Path
    operation: tuple[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[Any, ...]:
        op = self.operation or ("", "")
        return (op[1], op[0], self.side, tuple(map(str, self.path)), self.id, self.message)


_LEVEL_WORDS = {"ERR": "Breaking change", "WARN": "Possibly breaking change",
                "INFO": "Change (changelog)"}


def describe(rule: str) -> str:
    """What a check id means, for SARIF/JUnit rule descriptions: its level and its words
    (``request-parameter-removed`` -> "Possibly breaking change: request parameter
    removed (oasdiff check id)")."""
    from govlint.diff.levels import LEVELS

    level = LEVELS.get(rule, "INFO")
    return f"{_LEVEL_WORDS[level]}: {rule.replace('-', ' ')} (oasdiff check id; " \
           f"docs/breaking-changes.md)"
