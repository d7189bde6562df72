"""The platform governance rules (k8s, CRDs, service configs, cross-document) through the CLI:
each rule's failing fixture gives exactly the findings listed here, its passing fixture none,
and ``--governance 3.1`` / ``3.2`` differ as section 9 of the spec says."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest
from tests.conftest import REPO, run_govlint

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# rule -> findings of the rule on fixtures/<rule>/fail under 3.2: (file, document, pointer)
EXPECTED: dict[str, set[tuple[str, int | None, str]]] = {
    "NAM-007": {
        ("api/openapi.yaml", None, "/info/x-service-name"),
        ("deploy/deployment.yaml", None, "/metadata/labels/app.kubernetes.io~1name"),
    },
    "NAM-008": {
        ("deployment.yaml", None, "/metadata/labels"),
        ("deployment.yaml", None, "/metadata/name"),
    },
    "NAM-009": {
        ("consul-kv.json", None, "/0/key"),
        ("consul-kv.json", None, "/1/key"),
        ("consul-kv.json", None, "/2/key"),
        ("nacos/orders-fallback-v1.properties", None, ""),
    },
    "ERR-006": {
        ("api/openapi.yaml", None, "/paths/~1v1~1orders/get/responses"),
        ("api/openapi.yaml", None, "/paths/~1v1~1orders/post/responses"),
    },
    "TRC-003": {("api/openapi.yaml", None, "/paths/~1v1~1orders/get")},
    "TRC-004": {
        ("service.yaml", None, "/tracing/enabled"),
        ("service.yaml", None, "/tracing/propagators"),
        ("service.yaml", None, "/tracing/sampler"),
    },
    "TRC-005": {("service.yaml", None, "/tracing/enforce/grpc")},
    "TRC-006": {
        ("sampling_strategies.json", None, ""),
        ("sampling_strategies.json", None,
         "/service_strategies/0/operation_strategies/0/operation"),
        ("sampling_strategies.json", None, "/service_strategies/0/param"),
        ("sampling_strategies.json", None, "/service_strategies/1/param"),
    },
    "RES-001": {
        ("sentinel/orders-DegradeRule.json", None, "/0/grade"),
        ("sentinel/orders-DegradeRule.json", None, "/1"),
        ("service.yaml", None, "/breaker/algorithm"),
    },
    "RES-002": {
        ("sentinel/orders-DegradeRule.json", None, "/0"),
        ("sentinel/orders-DegradeRule.json", None, "/0/count"),
        ("sentinel/orders-DegradeRule.json", None, "/0/timeWindow"),
        ("sentinel/orders-DegradeRule.json", None, "/1/minRequestAmount"),
        ("service.yaml", None, "/breaker/errorRatio"),
        ("service.yaml", None, "/breaker/minRequestAmount"),
        ("service.yaml", None, "/breaker/recoveryTimeoutMs"),
    },
    "RES-003": {("service.yaml", None, "/config/watch")},
    "RES-004": {
        ("fault-tolerance.yaml", 0, "/spec/threshold"),
        ("fault-tolerance.yaml", 1, "/spec/strategies/0"),
        ("fault-tolerance.yaml", 1, "/spec/strategies/1"),
        ("fault-tolerance.yaml", 1, "/spec/targets"),
    },
    "RES-005": {
        ("circuit-breaker.yaml", None, "/spec"),
        ("circuit-breaker.yaml", None, "/spec/minRequestAmount"),
        ("circuit-breaker.yaml", None, "/spec/triggerRatio"),
    },
    "RES-006": {
        ("consul-kv.json", None, "/0/value"),
        ("consul-kv.json", None, "/1/value"),
        ("consul-kv.json", None, "/2/value"),
        ("nacos/fallback-orders-svc-v1.properties", None, "/enabled"),
    },
    "REL-001": {
        ("gray-release.yaml", None, "/spec/targetRef"),
        ("gray-release.yaml", None, "/spec/trafficSplit"),
    },
    "REL-002": {
        ("rollout.yaml", None, "/spec/strategy/canary/steps"),
        ("rollout.yaml", None, "/spec/strategy/canary/steps/0/setWeight"),
        ("rollout.yaml", None, "/spec/strategy/canary/steps/2/setWeight"),
    },
    "REL-003": {
        ("istio.yaml", 0, "/spec/http/0/route"),
        ("istio.yaml", 0, "/spec/http/0/route/1/destination/subset"),
        ("traffic-router.yaml", None, "/spec/http/0/route/0/destination/fallback/subset"),
    },
    "REL-004": {
        ("rollout.yaml", 0, "/spec/strategy/canary"),
        ("rollout.yaml", 1, "/spec/strategy/canary/steps/1/analysis/templates/0"),
    },
    "LOG-001": {
        ("service.yaml", None, "/logging/fields"),
        ("service.yaml", None, "/logging/format"),
    },
    "k8s-crd-schema": {
        ("fault-tolerance.yaml", None, "/spec"),
        ("fault-tolerance.yaml", None, "/spec/limitMode"),
        ("fault-tolerance.yaml", None, "/spec/statDurationSecond"),
        ("fault-tolerance.yaml", None, "/spec/threshold"),
        ("widget.yaml", 0, "/spec"),
        ("widget.yaml", 0, "/spec/color"),
        ("widget.yaml", 1, "/apiVersion"),
    },
    "k8s-crd-storage-version": {("crd.yaml", None, "/spec/versions/1/storage")},
    "k8s-crd-structural-schema": {
        ("crd.yaml", None, "/spec/versions/0/schema/openAPIV3Schema/properties/spec/"
         f"properties/{p}") for p in ("port", "port/anyOf/0", "port/anyOf/1", "size")
    },
    "k8s-crd-name": {("crd.yaml", None, "/metadata/name")},
    "service-config-schema": {
        ("service.yaml", None, "/service/env"),
        ("service.yaml", None, "/breaker/minRequestAmmount"),
        ("service.yaml", None, "/breaker/errorRatio"),
    },
}
PLATFORM_RULES = tuple(EXPECTED)

# Section 9 of the spec, for these rules: severity under 3.1 and 3.2 (None: no finding).
VERSIONED = {
    "TRC-003": (None, "warn"),
    "TRC-004": ("warn", "error"),
    "TRC-005": (None, "error"),
    "RES-001": (None, "error"),
    "RES-003": (None, "error"),
    "RES-005": ("warn", "error"),
}


def findings(directory: Path, rule: str, *args: str) -> list[dict]:
    results = _lint(directory, args) if directory.is_relative_to(FIXTURES) else \
        _lint.__wrapped__(directory, args)
    return [r for r in results if r["rule"] == rule]


@cache
def _lint(directory: Path, args: tuple[str, ...]) -> list[dict]:
    """One CLI run per fixture directory and arguments (fixtures never change)."""
    run = run_govlint("lint", ".", "--format", "json", *args, cwd=directory)
    assert run.code in (0, 1), run.stderr
    results = run.json()["results"]
    assert not [r for r in results if r["rule"] == "parse-error"], results
    # Paths are relative to the project root, the git top level of a checkout: compare
    # them relative to the fixture directory.
    prefix = f"{directory.relative_to(REPO).as_posix()}/" if directory.is_relative_to(REPO) \
        else ""
    for r in results:
        r["file"] = r["file"].removeprefix(prefix)
    return results


def where(found: list[dict]) -> set[tuple[str, int | None, str]]:
    return {(r["file"], r.get("document"), r["pointer"]) for r in found}


@pytest.mark.parametrize("rule", PLATFORM_RULES)
def test_failing_fixture_reports_exactly_the_expected_findings(rule: str) -> None:
    found = findings(FIXTURES / rule / "fail", rule, "--governance", "3.2")
    assert where(found) == EXPECTED[rule]
    assert all(r["message"] and "{{" not in r["message"] for r in found)


@pytest.mark.parametrize("rule", PLATFORM_RULES)
@pytest.mark.parametrize("version", ["3.1", "3.2"])
def test_passing_fixture_is_clean(rule: str, version: str) -> None:
    assert findings(FIXTURES / rule / "pass", rule, "--governance", version) == []


@pytest.mark.parametrize("rule", sorted(VERSIONED))
def test_versions_differ_as_section_9_says(rule: str) -> None:
    for version, severity in zip(("3.1", "3.2"), VERSIONED[rule], strict=True):
        found = findings(FIXTURES / rule / "fail", rule, "--governance", version)
        if severity is None:
            assert found == [], version
        else:
            assert found and {r["severity"] for r in found} == {severity}, version


@pytest.mark.parametrize("rule", sorted(set(PLATFORM_RULES) - set(VERSIONED)))
def test_unversioned_rules_are_the_same_in_3_1_and_3_2(rule: str) -> None:
    old = findings(FIXTURES / rule / "fail", rule, "--governance", "3.1")
    new = findings(FIXTURES / rule / "fail", rule, "--governance", "3.2")
    assert [(r["pointer"], r["severity"], r["message"]) for r in old] == \
        [(r["pointer"], r["severity"], r["message"]) for r in new]


def test_config_without_watch_is_hot_reloaded_only_in_3_1(tmp_path: Path) -> None:
    """RES-003: an absent config.watch meant on in 3.1 (accepted) and means off in 3.2."""
    (tmp_path / "service.yaml").write_text(
        "service: {name: orders-svc, env: prod}\nconfig: {source: file}\n", encoding="utf-8")
    assert findings(tmp_path, "RES-003", "--governance", "3.1") == []
    assert findings(tmp_path, "RES-003", "--governance", "3.2") == []
    (tmp_path / "service.yaml").write_text(
        "service: {name: orders-svc, env: prod}\nconfig: {source: consul, watch: true}\n",
        encoding="utf-8")
    assert findings(tmp_path, "RES-003", "--governance", "3.2") == []


def test_rules_diff_lists_the_platform_changes() -> None:
    run = run_govlint("rules", "diff", "3.1", "3.2", "--format", "json")
    assert run.code == 0, run.stderr
    diff = run.json()
    added = {a["rule"] for a in diff["added"]}
    changed = {c["rule"]: c["changes"] for c in diff["changed"]}
    assert {"TRC-003", "TRC-005"} <= added
    assert changed["TRC-004"]["severity"] == {"from": "warn", "to": "error"}
    assert changed["RES-005"]["severity"] == {"from": "warn", "to": "error"}
    # defined but off in 3.1 ("allowed" / "default on"): a severity change, not an addition
    assert changed["RES-001"]["severity"] == {"from": "off", "to": "error"}
    assert changed["RES-003"]["severity"] == {"from": "off", "to": "error"}


def test_rules_list_shows_every_platform_rule_with_its_severity() -> None:
    for version in ("3.1", "3.2"):
        run = run_govlint("rules", "list", "--governance", version, "--format", "json")
        assert run.code == 0, run.stderr
        listed = {r["id"]: r for r in run.json()["rules"]}
        assert set(PLATFORM_RULES) - {"TRC-003", "TRC-005"} <= set(listed)
        assert listed["RES-001"]["severity"] == ("off" if version == "3.1" else "error")
        assert not listed["REL-002"]["sandboxable"]
        assert listed["NAM-008"]["sandboxable"]


# --- variables from .govlint.yaml ----------------------------------------------------


def _copy(rule: str, kind: str, tmp_path: Path) -> Path:
    target = tmp_path / rule
    shutil.copytree(FIXTURES / rule / kind, target)
    return target


def test_min_request_amount_is_overridable(tmp_path: Path) -> None:
    work = _copy("RES-002", "pass", tmp_path)  # minRequestAmount 60 everywhere
    assert findings(work, "RES-002") == []
    (work / ".govlint.yaml").write_text("vars: {minRequestAmount: 100}\n", encoding="utf-8")
    found = findings(work, "RES-002")
    assert {r["pointer"] for r in found} == {
        "/breaker/minRequestAmount", "/0/minRequestAmount", "/1/minRequestAmount"}
    assert all("below 100" in r["message"] for r in found)


def test_canary_thresholds_are_overridable(tmp_path: Path) -> None:
    work = _copy("REL-002", "fail", tmp_path)
    (work / ".govlint.yaml").write_text(
        "vars: {maxFirstCanaryWeight: 25, prodNamespaces: [production]}\n", encoding="utf-8")
    found = findings(work, "REL-002")
    # the first step (20 %) is now allowed and namespace prod is no longer production
    assert where(found) == {("rollout.yaml", None, "/spec/strategy/canary/steps/2/setWeight")}


def test_owner_label_and_service_pattern_are_overridable(tmp_path: Path) -> None:
    work = _copy("NAM-008", "pass", tmp_path)
    text = (work / "deployment.yaml").read_text(encoding="utf-8")
    (work / "deployment.yaml").write_text(
        text.replace("app.kubernetes.io/part-of: shop", "acme.com/team: orders"),
        encoding="utf-8")
    assert len(findings(work, "NAM-008")) == 1
    (work / ".govlint.yaml").write_text(
        "vars: {ownerLabel: acme.com/team, serviceNamePattern: '^[a-z]+-svc$'}\n",
        encoding="utf-8")
    assert findings(work, "NAM-008") == []
    work = _copy("NAM-007", "pass", tmp_path)
    (work / ".govlint.yaml").write_text("vars: {serviceNamePattern: '^svc-[a-z]+$'}\n",
                                        encoding="utf-8")
    assert len(findings(work, "NAM-007")) == 3  # spec, config and label all break it


def test_broken_service_name_pattern_is_a_usage_error(tmp_path: Path) -> None:
    work = _copy("NAM-007", "pass", tmp_path)
    (work / ".govlint.yaml").write_text("vars: {serviceNamePattern: '([a-z'}\n",
                                        encoding="utf-8")
    run = run_govlint("lint", ".", "--format", "json", cwd=work)
    assert run.code == 2
    assert "serviceNamePattern" in run.stderr and "Traceback" not in run.stderr
