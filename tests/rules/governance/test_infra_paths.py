"""Var ``infraPaths``: NAM-002, TRC-001 and ERR-001 skip health probes and metrics (3.2
default; 3.1 keeps its results unless a project opts in), through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SPEC = """\
openapi: 3.0.3
info: {title: Orders API, version: 1.0.0, x-owner: orders-team}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      summary: List orders
      parameters:
        - {name: traceparent, in: header, required: true, schema: {type: string}}
      responses:
        '200': {description: Orders}
        '400': {description: Bad request, content: {application/problem+json: {}}}
        '500': {description: Failure, content: {application/problem+json: {}}}
  /healthz:
    get: {operationId: healthz, summary: Liveness, responses: {'200': {description: OK}}}
  /readyz/db:
    get: {operationId: readyDb, summary: Readiness of the DB, responses: {'200': {description: OK}}}
  /metrics:
    get: {operationId: metrics, summary: Prometheus, responses: {'200': {description: OK}}}
  /healthzx:
    get: {operationId: healthzx, summary: Not infra, responses: {'200': {description: OK}}}
"""
RULES = ("NAM-002", "TRC-001", "ERR-001")


def flagged(govlint: Any, root: Path, *args: str) -> dict[str, set[str]]:
    run = govlint("lint", ".", "-f", "json", *args, cwd=root)
    assert run.code in (0, 1), run.stderr
    out: dict[str, set[str]] = {rule: set() for rule in RULES}
    for r in run.json()["results"]:
        if r["rule"] in RULES:
            out[r["rule"]].add(r["pointer"].split("/")[2].replace("~1", "/"))
    return out


def test_3_2_skips_infrastructure_endpoints_exactly_or_below_them(govlint, tmp_path):
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    found = flagged(govlint, tmp_path, "--governance", "3.2")
    # /healthz, /readyz/db (under /readyz) and /metrics are skipped; /healthzx is not infra.
    assert found == {rule: {"/healthzx"} for rule in RULES}


def test_3_1_keeps_its_results_unless_the_project_opts_in(govlint, tmp_path):
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    everything = {"/healthz", "/readyz/db", "/metrics", "/healthzx"}
    assert flagged(govlint, tmp_path, "--governance", "3.1") == {r: everything for r in RULES}
    (tmp_path / ".govlint.yaml").write_text(
        'governance: "3.1"\nvars:\n  infraPaths: [/healthz, /readyz, /metrics, /healthzx]\n',
        encoding="utf-8")
    assert flagged(govlint, tmp_path) == {rule: set() for rule in RULES}


def test_a_bad_infra_paths_var_is_a_clear_error(govlint, tmp_path):
    (tmp_path / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text("vars:\n  infraPaths: [healthz]\n",
                                            encoding="utf-8")
    run = govlint("lint", ".", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "infraPaths" in run.stderr


def test_rules_explain_documents_the_var(govlint):
    for rule in RULES:
        run = govlint("rules", "explain", rule)
        assert run.code == 0, run.stderr
        assert "infraPaths" in run.stdout and "/healthz" in run.stdout
