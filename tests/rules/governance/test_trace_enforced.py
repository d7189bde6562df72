"""TRC-005 through the CLI: ``tracing.enforce.grpc`` is asked only of a service that
declares a gRPC entry (in its config or by a Kubernetes port of its directory)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CONFIG = """\
service: {name: orders-svc, env: prod}
tracing:
  enabled: true
  propagators: [tracecontext]
  enforce: {http: true%s}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders-svc, labels: {app.kubernetes.io/name: orders-svc}}
spec:
  selector: {matchLabels: {app: orders-svc}}
  template:
    metadata: {labels: {app: orders-svc}}
    spec:
      containers:
        - name: app
          image: orders:1
          ports: [{name: %s, containerPort: 9090}]
"""


def trc_005(govlint: Any, root: Path) -> list[dict[str, Any]]:
    run = govlint("lint", ".", "-f", "json", "--governance", "3.2", cwd=root)
    assert run.code in (0, 1), run.stderr
    return [r for r in run.json()["results"] if r["rule"] == "TRC-005"]


def test_http_only_service_is_not_asked_for_grpc(govlint, tmp_path):
    (tmp_path / "svc" / "deploy").mkdir(parents=True)
    (tmp_path / "svc" / "service.yaml").write_text(CONFIG % "", encoding="utf-8")
    (tmp_path / "svc" / "deploy" / "deployment.yaml").write_text(DEPLOYMENT % "http",
                                                                  encoding="utf-8")
    assert trc_005(govlint, tmp_path) == []


def test_a_grpc_port_of_the_service_asks_for_grpc_enforcement(govlint, tmp_path):
    (tmp_path / "svc" / "deploy").mkdir(parents=True)
    (tmp_path / "svc" / "service.yaml").write_text(CONFIG % "", encoding="utf-8")
    (tmp_path / "svc" / "deploy" / "deployment.yaml").write_text(DEPLOYMENT % "grpc-api",
                                                                  encoding="utf-8")
    [finding] = trc_005(govlint, tmp_path)
    assert finding["file"] == "svc/service.yaml" and finding["pointer"] == "/tracing/enforce"
    assert "tracing.enforce.grpc must be true" in finding["message"]
    assert "Deployment orders-svc port `grpc-api` in svc/deploy/deployment.yaml" \
        in finding["message"]


def test_an_explicit_grpc_false_is_still_reported(govlint, tmp_path):
    (tmp_path / "service.yaml").write_text(CONFIG % ", grpc: false", encoding="utf-8")
    [finding] = trc_005(govlint, tmp_path)
    assert finding["pointer"] == "/tracing/enforce/grpc"


def test_a_grpc_port_in_the_config_server_section_counts(govlint, tmp_path):
    (tmp_path / "service.yaml").write_text(
        CONFIG % "" + "server: {httpPort: 8080, grpcPort: 9090}\n", encoding="utf-8")
    assert [f["pointer"] for f in trc_005(govlint, tmp_path)] == ["/tracing/enforce"]
