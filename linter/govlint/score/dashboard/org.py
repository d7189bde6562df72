"""The organisation dashboard's data: every repository of a shared history database, rolled
up organisation -> team -> service -> document, with the merge-request rejection rate, its
attribution by rule and by team over time, and the violation patterns that recur across
repositories.

The model is plain data built by :mod:`govlint.score.dashboard.org_query` (SQL aggregates
over the store) and rendered by :mod:`govlint.score.dashboard.org_site`; it knows nothing of
the backend, so SQLite and PostgreSQL give the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class Filters:
    """What ``govlint dashboard --since/--repo/--team`` kept (shown on every page)."""

    since: str | None = None  # YYYY-MM-DD, inclusive
    repos: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()

    def describe(self) -> str:
        bits = []
        if self.since:
            bits.append(f"since {self.since}")
        if self.repos:
            bits.append("repositories " + ", ".join(self.repos))
        if self.teams:
            bits.append("teams " + ", ".join(self.teams))
        return "; ".join(bits)


@dataclass(slots=True)
class ServiceView:
    """One service of one repository in that repository's latest snapshot."""

    name: str
    repository: str
    team: str
    score: float | None
    size: int
    documents: int
    errors: int
    warnings: int
    categories: dict[str, float | None] = field(default_factory=dict)
    docs: list[dict[str, Any]] = field(default_factory=list)  # the score JSON's documents


@dataclass(slots=True)
class Attribution:
    """Rejected merge-request pipelines one rule (or one team) took part in failing."""

    name: str
    rejections: int
    per_week: list[int] = field(default_factory=list)  # one per OrgData.weeks


@dataclass(slots=True)
class TeamView:
    name: str
    score: float | None = None
    size: int = 0
    documents: int = 0
    compliant: int = 0  # documents without an active error
    apis: int = 0  # OpenAPI documents
    apis_complete: int = 0  # ... without an active DOC finding
    services: list[ServiceView] = field(default_factory=list)
    repositories: list[str] = field(default_factory=list)
    series: list[float | None] = field(default_factory=list)  # one per OrgData.days
    mr_total: int = 0
    mr_rejected: int = 0
    rules: list[Attribution] = field(default_factory=list)  # what failed its MR pipelines

    @property
    def compliance(self) -> float | None:
        return self.compliant / self.documents if self.documents else None

    @property
    def doc_completeness(self) -> float | None:
        return self.apis_complete / self.apis if self.apis else None

    @property
    def rejection_rate(self) -> float | None:
        return self.mr_rejected / self.mr_total if self.mr_total else None


@dataclass(slots=True)
class RepoView:
    name: str
    branch: str | None
    commit: str | None
    recorded_at: str
    score: float | None
    documents: int
    services: int
    teams: list[str]
    rejected: bool  # the latest snapshot's gate verdict
    mr_total: int = 0
    mr_rejected: int = 0


@dataclass(slots=True)
class Pattern:
    """One rule at one pointer shape (``/paths/*/get/responses``) across repositories."""

    rule: str
    pattern: str
    repositories: int
    findings: int
    examples: list[str] = field(default_factory=list)  # repository names, sorted, a few


@dataclass(slots=True)
class OrgData:
    filters: Filters = field(default_factory=Filters)
    days: list[str] = field(default_factory=list)  # YYYY-MM-DD, the trend's x axis
    org_series: list[float | None] = field(default_factory=list)
    teams: list[TeamView] = field(default_factory=list)
    repos: list[RepoView] = field(default_factory=list)
    weeks: list[str] = field(default_factory=list)  # Monday of each ISO week, YYYY-MM-DD
    mr_per_week: list[tuple[int, int]] = field(default_factory=list)  # (total, rejected)
    by_rule: list[Attribution] = field(default_factory=list)
    by_team: list[Attribution] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    governance: list[str] = field(default_factory=list)

    @property
    def services(self) -> int:
        return sum(len(t.services) for t in self.teams)

    @property
    def documents(self) -> int:
        return sum(t.documents for t in self.teams)

    @property
    def score(self) -> float | None:
        weighted = [(t.score, t.size) for t in self.teams if t.score is not None and t.size]
        total = sum(size for _, size in weighted)
        return sum(s * size for s, size in weighted) / total if total else None

    @property
    def compliance(self) -> float | None:
        docs = self.documents
        return sum(t.compliant for t in self.teams) / docs if docs else None

    @property
    def doc_completeness(self) -> float | None:
        apis = sum(t.apis for t in self.teams)
        return sum(t.apis_complete for t in self.teams) / apis if apis else None

    @property
    def mr_total(self) -> int:
        return sum(total for total, _ in self.mr_per_week)

    @property
    def mr_rejected(self) -> int:
        return sum(rejected for _, rejected in self.mr_per_week)

    @property
    def rejection_rate(self) -> float | None:
        return self.mr_rejected / self.mr_total if self.mr_total else None
