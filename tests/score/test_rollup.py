"""Rollup document -> service -> team -> organisation, and the edge cases of the issue."""

from __future__ import annotations

import datetime as dt

import pytest

from govlint.score.rollup import UNOWNED, Source, build, to_json

from .support import entry, finding, report

TODAY = dt.date(2025, 1, 1)


def score(*reports_: object, labels: list[str] | None = None) -> dict:
    sources = [Source(r, label=(labels[i] if labels else None))  # type: ignore[arg-type]
               for i, r in enumerate(reports_)]
    return to_json(build(sources, today=TODAY))


def by_name(items: list[dict]) -> dict[str, dict]:
    return {i["name"]: i for i in items}


def test_no_documents_means_no_score_not_0_or_100() -> None:
    result = score(report([]))
    assert result["organisation"]["score"] is None
    assert result["organisation"]["documents"] == 0
    assert result["teams"] == [] and result["services"] == [] and result["documents"] == []
    assert result["metrics"]["complianceRate"] is None
    assert result["partial"] is False


def test_generic_documents_without_findings_are_not_scored() -> None:
    result = score(report([entry(".govlint.yaml", "generic"), entry("notes.yaml", "generic")],
                          [finding("custom-rule", "notes.yaml")]))
    assert [d["file"] for d in result["documents"]] == ["notes.yaml"]


def test_every_finding_waived_scores_100_with_the_waivers_beside_it() -> None:
    waiver = {"kind": "waiver", "owner": "alice", "reason": "legacy", "expires": "2025-02-01"}
    sandbox = {"kind": "sandbox", "owner": "bob", "expires": "2025-01-20"}
    result = score(report(
        [entry("svc/api/openapi.yaml", "openapi", 4, service="svc")],
        [finding("NAM-001", "svc/api/openapi.yaml", suppressed=waiver),
         finding("DOC-001", "svc/api/openapi.yaml", "warn", suppressed=sandbox)],
    ))
    org = result["organisation"]
    assert org["score"] == 100.0
    assert org["suppressed"] == {"count": 2, "byKind": {"sandbox": 1, "waiver": 1},
                                 "nearestExpiry": "2025-01-20"}
    assert by_name(result["services"])["svc"]["suppressed"]["count"] == 2
    owners = {(e["owner"], e["kind"]): e for e in result["metrics"]["exceptions"]}
    assert owners[("bob", "sandbox")]["daysLeft"] == 19
    assert owners[("bob", "sandbox")]["horizon"]["30d"] == 1
    assert owners[("alice", "waiver")]["horizon"]["90d"] == 1


def test_only_info_and_hint_findings_score_100_and_are_counted() -> None:
    result = score(report([entry("svc/service.yaml", "service-config")],
                          [finding("LOG-001", "svc/service.yaml", "info"),
                           finding("NAM-006", "svc/service.yaml", "hint")]))
    assert result["organisation"]["score"] == 100.0
    assert result["organisation"]["findings"] == {"error": 0, "warn": 0, "info": 1, "hint": 1}
    assert result["organisation"]["compliance"] == 1.0


@pytest.mark.parametrize("partial", [{"shard": "2/3"}, {"changedSince": "main"}])
def test_a_partial_run_is_marked_partial(partial: dict) -> None:
    result = score(report([entry("svc/service.yaml", "service-config")], partial=partial))
    assert result["partial"] is True
    assert result["scope"] == partial


def test_all_shards_of_one_run_together_are_whole() -> None:
    shards = [report([entry(f"s{k}/service.yaml", "service-config")], partial={"shard": f"{k}/2"})
              for k in (1, 2)]
    assert score(*shards, labels=["a.json", "b.json"])["partial"] is False
    assert score(shards[0], labels=["a.json"])["partial"] is True
    other_repo = report([entry("x/service.yaml", "service-config")], partial={"shard": "1/2"},
                        digest="sha256:other-rules")
    mixed = score(*shards, other_repo, labels=["a.json", "b.json", "c.json"])
    assert (mixed["partial"], mixed["scope"]) == (True, {"shard": "1/2"})


def test_a_merge_missing_a_shard_is_completed_by_that_shard() -> None:
    merged = report([entry("s1/service.yaml", "service-config")], partial={"shard": "1,3/3"})
    shard2 = report([entry("s2/service.yaml", "service-config")], partial={"shard": "2/3"})
    assert score(merged, labels=["m.json"])["partial"] is True
    assert score(merged, shard2, labels=["m.json", "s2.json"])["partial"] is False


def test_service_directories_are_found_across_the_shards_of_one_run() -> None:
    marker = report([entry("svc/api/openapi.yaml", "openapi", 2, service="svc-name")],
                    partial={"shard": "1/2"})
    manifests = report([entry("svc/deploy/cm.yaml")], partial={"shard": "2/2"})
    result = score(marker, manifests, labels=["a.json", "b.json"])
    assert [(s["name"], s["documents"]) for s in result["services"]] == [("svc-name", 2)]


def test_a_file_that_cannot_be_parsed_scores_0_in_its_service() -> None:
    result = score(report(
        [entry("svc/service.yaml", "service-config", service="svc")],
        [finding("parse-error", "svc/deploy/broken.yaml")],
    ))
    docs = {d["file"]: d for d in result["documents"]}
    broken = docs["svc/deploy/broken.yaml"]
    assert broken["score"] == 0.0 and broken["unreadable"] is True
    assert broken["service"] == "svc"
    assert result["organisation"]["score"] == 50.0  # (100 * 1 + 0 * 1) / 2
    assert result["organisation"]["compliance"] == 0.5


def test_a_parse_error_in_one_document_of_a_multi_document_file() -> None:
    result = score(report([entry("d/x.yaml", "k8s", document=0)],
                          [finding("parse-error", "d/x.yaml", document=1)]))
    assert [(d.get("document"), d["score"]) for d in result["documents"]] == [(0, 100.0),
                                                                              (1, 0.0)]


def test_services_are_directories_with_a_spec_or_governance_config() -> None:
    inventory = [
        entry("orders/api/openapi.yaml", "openapi", 10, service="orders-svc", team="orders"),
        entry("orders/deploy/rollout.yaml", "k8s", service="orders-svc", team="acme-mall"),
        entry("orders/sentinel/FlowRule.json", "service-config"),
        entry("payments/service.yaml", "service-config", service="payments-svc"),
        entry("payments/deploy/deploy.yaml", "k8s", document=0, service="payments-svc"),
        entry("payments/deploy/deploy.yaml", "k8s", document=1, service="payments-svc"),
        entry("gateway/routes.yaml", "k8s", service="gateway", team="edge"),
        entry("misc/cm.yaml", "k8s"),
    ]
    result = score(report(inventory))
    services = by_name(result["services"])
    assert sorted(services) == ["gateway", "misc", "orders-svc", "payments-svc"]
    assert services["orders-svc"]["documents"] == 3
    assert services["orders-svc"]["size"] == 12
    assert services["payments-svc"]["documents"] == 3
    assert services["orders-svc"]["team"] == "orders"  # the spec's x-team beats the label
    assert services["gateway"]["team"] == "edge"  # manifests' owner label as the last resort
    assert services["misc"]["team"] == UNOWNED


def test_codeowners_beats_declared_teams() -> None:
    inventory = [entry("svc/api/openapi.yaml", "openapi", 3, service="svc", team="declared",
                       owners=["@acme/owners", "@someone"]),
                 entry("svc/deploy/x.yaml", "k8s", owners=["@acme/owners"])]
    result = score(report(inventory))
    assert by_name(result["teams"]).keys() == {"@acme/owners"}
    assert result["documents"][0]["team"] == "@acme/owners"


def test_sizes_weight_the_rollup() -> None:
    inventory = [entry("svc/api/openapi.yaml", "openapi", 9, service="svc"),
                 entry("svc/service.yaml", "service-config", service="svc")]
    result = score(report(inventory, [finding("parse-error", "svc/service.yaml")]))
    assert by_name(result["services"])["svc"]["score"] == 90.0  # (9 * 100 + 1 * 0) / 10


def test_teams_weigh_their_services_by_size() -> None:
    inventory = [
        entry("a/service.yaml", "service-config", service="a", team="t"),
        entry("b/api/openapi.yaml", "openapi", 3, service="b", team="t"),
    ]
    result = score(report(inventory, [finding("LOG-001", "a/service.yaml")]))
    team = by_name(result["teams"])["t"]
    assert team["services"] == ["a", "b"]
    assert team["score"] == 87.5  # (50 * 1 + 100 * 3) / 4
    assert team["compliance"] == 0.5


def test_category_sub_scores_only_for_areas_that_ran() -> None:
    result = score(report([entry("svc/service.yaml", "service-config")],
                          [finding("LOG-001", "svc/service.yaml")], rules=("LOG-001",)))
    assert result["categories"] == ["LOG"]
    assert result["organisation"]["categories"] == {"LOG": 50.0}


def test_reports_from_many_repositories_meet_by_service_name() -> None:
    api = report([entry("api/openapi.yaml", "openapi", 4, service="orders-svc",
                        owners=["@acme/orders"])])
    deploy = report([entry("k8s/orders.yaml", "k8s", service="orders-svc")],
                    [finding("REL-002", "k8s/orders.yaml")])
    result = score(api, deploy, labels=["api.json", "deploy.json"])
    services = by_name(result["services"])
    assert list(services) == ["orders-svc"]
    assert services["orders-svc"]["team"] == "@acme/orders"
    assert services["orders-svc"]["score"] == 90.0  # (4 * 100 + 1 * 50) / 5
    assert {d["report"] for d in result["documents"]} == {"api.json", "deploy.json"}
    assert result["reports"] == ["api.json", "deploy.json"]


def test_findings_on_a_file_without_documents_count_once() -> None:
    result = score(report([], [finding("waiver-expired", ".govlint/waivers.yaml"),
                               finding("waiver-unused", ".govlint/waivers.yaml", "warn")]))
    assert len(result["documents"]) == 1
    assert result["documents"][0]["findings"]["error"] == 1
    assert result["documents"][0]["findings"]["warn"] == 1


def test_output_is_deterministic() -> None:
    inventory = [entry(f"s{i}/service.yaml", "service-config") for i in range(5)]
    findings = [finding("RES-001", f"s{i}/service.yaml") for i in range(5)]
    first = score(report(inventory, findings))
    second = score(report(list(reversed(inventory)), list(reversed(findings))))
    assert first == second
