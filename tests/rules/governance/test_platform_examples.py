"""The example services give what examples/README.md says for the platform rules:
payments-svc nothing at warning or above, orders-svc a finding of every platform rule it
breaks on purpose."""

from __future__ import annotations

from collections import Counter

from tests.conftest import REPO, run_govlint

EXAMPLES = REPO / "examples"
BROKEN_BY_ORDERS = {
    "NAM-007", "NAM-008", "NAM-009", "ERR-006", "TRC-003", "TRC-004", "TRC-005", "TRC-006",
    "RES-001", "RES-002", "RES-003", "RES-004", "RES-005", "RES-006",
    "REL-001", "REL-002", "REL-003", "REL-004", "LOG-001", "k8s-crd-schema",
    "service-config-schema",
}


def lint(service: str, *args: str) -> list[dict]:
    run = run_govlint("lint", ".", "--format", "json", *args, cwd=EXAMPLES / service)
    assert run.code in (0, 1), run.stderr
    return run.json()["results"]


def test_payments_is_clean_in_both_versions() -> None:
    for version in ("3.1", "3.2"):
        bad = [r for r in lint("payments-svc", "--governance", version)
               if r["severity"] in ("error", "warn")]
        assert bad == [], version


def test_orders_breaks_every_platform_rule_the_readme_lists() -> None:
    rules = Counter(r["rule"] for r in lint("orders-svc"))
    assert set(rules) >= BROKEN_BY_ORDERS
    assert rules["parse-error"] == 0


def test_orders_under_3_1_keeps_its_sliding_window_breaker_and_hot_reload() -> None:
    rules = {r["rule"] for r in lint("orders-svc", "--governance", "3.1")}
    assert not rules & {"RES-001", "RES-003", "TRC-003", "TRC-005"}
    assert {"RES-002", "RES-005", "TRC-004"} <= rules
