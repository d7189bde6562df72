"""Metrics beside the score: compliance, API doc completeness, top rules, exceptions."""

from __future__ import annotations

import datetime as dt

from govlint.score.rollup import Source, build, to_json

from .support import entry, finding, report


def metrics_of(rep: object, today: dt.date = dt.date(2025, 1, 1)) -> dict:
    return to_json(build([Source(rep)], today=today))["metrics"]  # type: ignore[arg-type]


def test_compliance_rate_is_the_share_of_documents_without_errors() -> None:
    rep = report([entry(f"svc/d{i}.yaml") for i in range(4)] + [entry("svc/service.yaml",
                                                                      "service-config")],
                 [finding("REL-001", "svc/d0.yaml"), finding("REL-002", "svc/d1.yaml", "warn")])
    m = metrics_of(rep)
    assert m["complianceRate"] == 0.8
    assert m["rejected"] is True


def test_doc_completeness_counts_specs_without_doc_findings() -> None:
    rep = report([entry("a/openapi.yaml", "openapi", 3), entry("b/openapi.yaml", "openapi", 2),
                  entry("c/service.yaml", "service-config")],
                 [finding("DOC-001", "a/openapi.yaml", "warn"),
                  finding("NAM-001", "b/openapi.yaml"),
                  finding("DOC-002", "c/service.yaml")])
    assert metrics_of(rep)["docCompleteness"] == 0.5


def test_doc_completeness_is_none_without_apis() -> None:
    assert metrics_of(report([entry("c/service.yaml", "service-config")]))[
        "docCompleteness"] is None


def test_top_rules_cluster_the_files_and_services_sharing_a_violation() -> None:
    rep = report([entry("a/openapi.yaml", "openapi", 3, service="a"),
                  entry("b/openapi.yaml", "openapi", 3, service="b")],
                 [finding("TRC-001", "a/openapi.yaml"), finding("TRC-001", "a/openapi.yaml"),
                  finding("TRC-001", "b/openapi.yaml"), finding("ERR-001", "b/openapi.yaml"),
                  finding("DOC-001", "b/openapi.yaml", suppressed={"kind": "baseline"})])
    m = metrics_of(rep)
    assert m["topRules"][0] == {"rule": "TRC-001", "category": "TRC", "count": 3,
                                "files": ["a/openapi.yaml", "b/openapi.yaml"],
                                "services": ["a", "b"]}
    assert [r["rule"] for r in m["topRules"]] == ["TRC-001", "ERR-001"]
    assert m["byRule"] == {"ERR-001": 1, "TRC-001": 3}
    assert m["baselined"] == 1


def test_exceptions_by_owner_with_their_expiry_horizon() -> None:
    def waiver(owner: str | None, expires: str | None) -> dict:
        out = {"kind": "waiver", "reason": "r"}
        if owner:
            out["owner"] = owner
        if expires:
            out["expires"] = expires
        return out

    rep = report([entry("s/service.yaml", "service-config", owners=["@t"])], [
        finding("RES-001", "s/service.yaml", suppressed=waiver("alice", "2025-01-10")),
        finding("RES-002", "s/service.yaml", suppressed=waiver("alice", "2025-03-01")),
        finding("RES-003", "s/service.yaml", suppressed=waiver("alice", "2026-01-01")),
        finding("LOG-001", "s/service.yaml", suppressed=waiver(None, None)),
    ])
    groups = metrics_of(rep)["exceptions"]
    assert groups[0] == {
        "owner": "alice", "kind": "waiver", "teams": ["@t"], "count": 3,
        "nearestExpiry": "2025-01-10", "daysLeft": 9,
        "horizon": {"expired": 0, "30d": 1, "90d": 1, "later": 1, "none": 0},
    }
    assert groups[1]["owner"] == "(no owner)" and groups[1]["horizon"]["none"] == 1
