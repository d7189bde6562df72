"""Sandbox zones (SBX-004) through ``govlint lint``: only sandboxable rules relax, only
inside a sandbox whose evidence is complete and unexpired."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import make_project, results, write

SANDBOXED = """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      x-spec-sandbox: true
      x-spec-sandbox-evidence:
        abTestReport: https://wiki.example/ab/orders
        trafficColoringLogSample: https://logs.example/orders-sample
        owner: growth-team
        expires: "2025-03-01"
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  order_id: {type: string}
  /items:
    get:
      summary: List items
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  item_id: {type: string}
"""
ZONE = "/paths/~1orders/get"
TODAY = {"GOVLINT_TODAY": "2025-02-01"}


def by_name(run) -> dict[str, dict]:
    """Findings keyed by rule and the last pointer segment."""
    return {f"{r['rule']}:{r['pointer'].rsplit('/', 1)[-1]}": r for r in results(run)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, SANDBOXED)


def test_valid_sandbox_relaxes_sandboxable_rules_inside_it_only(project, govlint):
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    found = by_name(run)
    relaxed = found["camel-props:order_id"]
    assert relaxed["severity"] == "warn"
    assert relaxed["suppressed"] == {
        "kind": "sandbox", "originalSeverity": "error", "zone": ZONE,
        "owner": "growth-team", "expires": "2025-03-01",
    }
    assert found["op-summary:get"]["severity"] == "error"  # not sandboxable
    assert found["op-summary:get"]["suppressed"] is None
    assert found["camel-props:item_id"]["suppressed"] is None  # outside the zone
    assert run.json()["summary"]["suppressed"] == {"sandbox": 1}
    assert run.code == 1


def test_expired_sandbox_relaxes_nothing(project, govlint):
    run = govlint("lint", "-f", "json", cwd=project, env={"GOVLINT_TODAY": "2025-03-01"})
    relaxed = by_name(run)["camel-props:order_id"]
    assert (relaxed["severity"], relaxed["suppressed"]) == ("error", None)


def test_incomplete_evidence_relaxes_nothing(project, govlint):
    spec = project / "api" / "openapi.yaml"
    spec.write_text(spec.read_text().replace(
        "        trafficColoringLogSample: https://logs.example/orders-sample\n", ""))
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert by_name(run)["camel-props:order_id"]["suppressed"] is None


def test_sandbox_on_a_path_item_covers_its_operations(project, govlint):
    spec = project / "api" / "openapi.yaml"
    text = spec.read_text()
    block = text[text.index("      x-spec-sandbox: true"):text.index("      responses:")]
    text = text.replace(block, "").replace("  /orders:\n", "  /orders:\n" + "\n".join(
        line[2:] for line in block.splitlines()) + "\n")
    spec.write_text(text)
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert by_name(run)["camel-props:order_id"]["suppressed"]["zone"] == "/paths/~1orders"


def test_sandbox_zones_travel_from_worker_processes(project, govlint):
    for i in range(3):
        write(project / "more" / f"spec{i}.yaml", SANDBOXED)
    one = govlint("lint", "-j", "1", "-f", "json", cwd=project, env=TODAY)
    two = govlint("lint", "-j", "2", "-f", "json", cwd=project, env=TODAY)
    assert one.json()["results"] == two.json()["results"]
    assert one.json()["summary"]["suppressed"] == {"sandbox": 4}


def test_builtin_governance_rules_relax_naming_and_docs_but_never_trace(tmp_path, govlint):
    write(tmp_path / "api" / "openapi.yaml", """\
openapi: 3.0.3
info: {title: Orders, version: "1.0.0", x-owner: orders-team}
paths:
  /v1/order_exports:
    x-spec-sandbox: true
    x-spec-sandbox-evidence:
      abTestReport: https://wiki.example/ab/1
      trafficColoringLogSample: https://logs.example/sample
      owner: growth-team
      expires: "2025-03-01"
    post:
      operationId: exportOrders
      responses:
        '200':
          description: ok
""")
    run = govlint("lint", ".", "-f", "json", cwd=tmp_path, env=TODAY)
    found = {r["rule"]: r for r in results(run)}
    assert found["NAM-001"]["severity"] == "warn"
    assert found["NAM-001"]["suppressed"]["originalSeverity"] == "error"
    assert found["TRC-001"]["severity"] == "error"
    assert found["TRC-001"]["suppressed"] is None
    later = govlint("lint", ".", "-f", "json", cwd=tmp_path, env={"GOVLINT_TODAY": "2025-03-02"})
    found = {r["rule"]: r for r in results(later)}
    assert (found["NAM-001"]["severity"], found["NAM-001"]["suppressed"]) == ("error", None)
    assert "SBX-003" in found
