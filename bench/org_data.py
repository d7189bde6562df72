"""A synthetic organisation for the organisation dashboard: repositories of services owned
by teams, linted every day and on merge requests, recorded through govlint's real record
path (lint report -> ``rollup.build`` -> ``history.facts`` + ``history.record``).

Deterministic (seeded): the same arguments give the same database content. Used by
``bench/org_load.py`` (full size: 300 repositories, 3,000 services, 90 days) and by the
dashboard tests (a few repositories).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report, RuleInfo

RULES = ("NAM-001", "ERR-001", "TRC-001", "RES-001", "REL-002", "DOC-001", "LOG-001")
# (rule, severity, pointer): the same shapes recur across repositories
VIOLATIONS: tuple[tuple[str, str, tuple[str | int, ...]], ...] = (
    ("ERR-001", "error", ("paths", "/{p}", "get", "responses", "500")),
    ("NAM-001", "warn", ("paths", "/{p}")),
    ("DOC-001", "warn", ("paths", "/{p}", "get")),
    ("TRC-001", "error", ("paths", "/{p}", "post", "parameters", 0)),
    ("RES-001", "error", ("spec", "template", "spec", "containers", 0, "resources")),
    ("REL-002", "error", ("spec", "replicas")),
    ("LOG-001", "warn", ("spec", "template", "metadata", "annotations", "{p}")),
)
START = dt.date(2026, 6, 1)


@dataclass(slots=True, frozen=True)
class Shape:
    repos: int = 300
    services: int = 10  # per repository
    teams: int = 40
    days: int = 90
    mr_every: int = 7  # one merge-request pipeline per repository every N days


def repo_name(i: int) -> str:
    return f"acme/group-{i % 7}/repo-{i:03d}"


def team_of(repo: int, service: int, shape: Shape) -> str:
    # a repository's services belong to two or three teams
    return f"@acme/team-{(repo * 7 + service // 4) % shape.teams:02d}"


def report(repo: int, level: int, shape: Shape, seed: int = 0) -> Report:
    """One lint report of ``repo``: each service an OpenAPI spec (4 operations) and a
    Deployment; ``level`` 0..4 (higher: fewer findings, 4 means no error)."""
    rng = random.Random(f"{seed}:{repo}:{level}")
    inventory: list[dict[str, Any]] = []
    results: list[Finding] = []
    for k in range(shape.services):
        name = f"svc-{repo:03d}-{k:02d}"
        team = team_of(repo, k, shape)
        spec = f"services/{name}/api/openapi.yaml"
        deploy = f"services/{name}/deploy/deployment.yaml"
        inventory.append({"file": spec, "kind": "openapi", "size": 4, "service": name,
                          "owners": [team]})
        inventory.append({"file": deploy, "kind": "k8s", "size": 1, "service": name,
                          "owners": [team]})
        for rule, severity, pointer in VIOLATIONS:
            if level >= 4 and severity == "error":
                continue
            if rng.random() > 0.55 - 0.1 * level:
                continue
            target = spec if pointer[0] == "paths" else deploy
            path = tuple(p.format(p=f"item{rng.randrange(5)}") if isinstance(p, str) else p
                         for p in pointer)
            results.append(Finding(rule=rule, severity=Severity.parse(severity),
                                   message=f"{rule} broken", file=target, path=path))
    files = sorted({e["file"] for e in inventory})
    return Report(results=results, files=files,
                  rules={r: RuleInfo(r, "error") for r in RULES},
                  governance={"version": "3.2", "digest": "sha256:bench"},
                  inventory=inventory)


@dataclass(slots=True)
class Job:
    repo: int
    day: int
    level: int
    mr: int | None  # merge request number: an MR pipeline
    pipeline: int
    job_id: int


def jobs(shape: Shape) -> Iterator[Job]:
    """Every pipeline of the organisation: one default-branch pipeline per repository and
    day (improving over time), and every ``mr_every`` days a merge-request pipeline."""
    pipeline = 0
    for day in range(shape.days):
        for repo in range(shape.repos):
            pipeline += 1
            level = min(4, (day * 5) // max(shape.days, 1) + (repo % 2))
            yield Job(repo, day, level, None, pipeline, pipeline * 10)
            if (day + repo) % shape.mr_every == 0:
                pipeline += 1
                mr_level = (repo * 3 + day) % 5  # level 4: the MR passes the gate
                yield Job(repo, day, mr_level, 1000 + day * shape.repos + repo, pipeline,
                          pipeline * 10)


class Recorder:
    """Records jobs through the real path; the score of each (repository, level) is built
    once (a rollup of the same report gives the same result)."""

    def __init__(self, db: str, shape: Shape) -> None:
        self.db = db
        self.shape = shape
        self._cache: dict[tuple[int, int], tuple[dict[str, Any], Any]] = {}

    def scored(self, repo: int, level: int) -> tuple[dict[str, Any], Any]:
        from govlint.score import history
        from govlint.score.rollup import Source, build, to_json

        key = (repo, level)
        if key not in self._cache:
            rollup = build([Source(report(repo, level, self.shape))], today=START)
            self._cache[key] = (to_json(rollup), history.facts(rollup))
        return self._cache[key]

    def record(self, job: Job, job_id: int | None = None) -> Any:
        from govlint.score import history

        result, found = self.scored(job.repo, job.level)
        day = START + dt.timedelta(days=job.day)
        meta = history.SnapshotMeta(
            recorded_at=f"{day.isoformat()}T{6 + job.repo % 12:02d}:00:00Z",
            commit=f"{job.repo:04d}{job.pipeline:036x}",
            branch="main" if job.mr is None else f"feature/{job.mr}",
            repository=repo_name(job.repo), pipeline=str(job.pipeline), job="govlint",
            job_id=str(job_id if job_id is not None else job.job_id),
            mr=None if job.mr is None else str(job.mr))
        return history.record(self.db, result, meta, found)
