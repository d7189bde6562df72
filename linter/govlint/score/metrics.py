"""Metrics beside the score (the governance spec's health dashboard, section 8).

- ``complianceRate``: share of documents with no active error (unreadable ones count as
  failing); ``docCompleteness``: share of OpenAPI documents with no active DOC finding.
- ``rejected``: whether this run fails the default CI gate (an active error); over history
  the share of rejected snapshots is the CI rejection rate.
- ``topRules``: the most violated rules with the files and services that share them (the
  violation pattern clusters: one fix pattern, many places).
- ``exceptions``: waivers and sandboxes by owner and kind, with their nearest expiry and
  how many expire in 30 / 90 days or later (the horizon), counted from ``today``;
  ``baselined``: findings accepted by a baseline (no owner, no expiry).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from govlint.score.score import category

if TYPE_CHECKING:
    from govlint.score.rollup import Rollup

NO_OWNER = "(no owner)"


def metrics(rollup: Rollup, top: int = 10) -> dict[str, Any]:
    from govlint.score.rollup import doc_completeness

    docs = rollup.documents
    errors = sum(1 for d in docs if d.has_error())
    by_rule: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    services: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for f in d.active:
            by_rule[f.rule] += 1
            files[f.rule].add(_where(d))
            services[f.rule].add(d.service)
    ranked = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "complianceRate": None if not docs else round((len(docs) - errors) / len(docs), 4),
        "docCompleteness": doc_completeness(docs),
        "rejected": errors > 0,
        "topRules": [
            {"rule": rule, "category": category(rule), "count": count,
             "files": sorted(files[rule]), "services": sorted(services[rule])}
            for rule, count in ranked[:top]
        ],
        "byRule": dict(sorted(by_rule.items())),
        "exceptions": exceptions(rollup, rollup.today),
        "baselined": sum(
            1 for d in docs for f in d.suppressed if (f.suppressed or {}).get("kind") == "baseline"
        ),
    }


def _where(doc: Any) -> str:
    return f"{doc.source}:{doc.file}" if doc.source else doc.file


def exceptions(rollup: Rollup, today: dt.date) -> list[dict[str, Any]]:
    """Waivers and sandboxes grouped by (owner, kind), nearest expiry first."""
    from govlint.dates import parse_date

    groups: dict[tuple[str, str], list[dt.date | None]] = defaultdict(list)
    teams: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in rollup.documents:
        for f in d.suppressed:
            info = f.suppressed or {}
            kind = str(info.get("kind", ""))
            if kind == "baseline":
                continue
            owner = info.get("owner") if isinstance(info.get("owner"), str) else None
            key = (owner or NO_OWNER, kind)
            groups[key].append(parse_date(info.get("expires")))
            teams[key].add(d.team)
    out = []
    for (owner, kind), dates in groups.items():
        known = sorted(x for x in dates if x is not None)
        horizon = dict.fromkeys(("expired", "30d", "90d", "later", "none"), 0)
        for date in dates:
            horizon[_bucket(date, today)] += 1
        out.append({
            "owner": owner,
            "kind": kind,
            "teams": sorted(teams[(owner, kind)]),
            "count": len(dates),
            "nearestExpiry": known[0].isoformat() if known else None,
            "daysLeft": (known[0] - today).days if known else None,
            "horizon": horizon,
        })
    return sorted(out, key=lambda e: (e["nearestExpiry"] is None, e["nearestExpiry"] or "",
                                      e["owner"], e["kind"]))


def _bucket(date: dt.date | None, today: dt.date) -> str:
    if date is None:
        return "none"
    days = (date - today).days
    if days < 0:
        return "expired"
    return "30d" if days <= 30 else "90d" if days <= 90 else "later"
