"""TRC-003 reads an Istio VirtualService header match exactly as an OpenSergo TrafficRouter
(OpenSergo modelled the router on it): the upstream router sample, turned into a
VirtualService with the same spec, gives the same findings, through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SPEC = """\
openapi: 3.0.3
info: {title: Provider, version: 1.0.0, x-service-name: service-provider}
paths:
  /v1/greetings:
    get:
      operationId: listGreetings
      parameters: [%s]
      responses: {'200': {description: OK}}
"""


def trc_003(govlint: Any, root: Path) -> list[tuple[str, str]]:
    run = govlint("lint", ".", "-f", "json", "--governance", "3.2", cwd=root)
    assert run.code in (0, 1), run.stderr
    return sorted((r["pointer"], r["message"].split(" (")[0]) for r in run.json()["results"]
                  if r["rule"] == "TRC-003")


def service(root: Path, router: dict[str, Any], declared: str = "") -> Path:
    (root / "api").mkdir(parents=True)
    (root / "deploy").mkdir()
    (root / "api" / "openapi.yaml").write_text(SPEC % declared, encoding="utf-8")
    (root / "deploy" / "router.yaml").write_text(yaml.safe_dump(router), encoding="utf-8")
    return root


def upstream_router(corpus: Path) -> dict[str, Any]:
    text = (corpus / "opensergo" / "opensergo_traffic_router_samples.yaml").read_text("utf-8")
    return next(d for d in yaml.safe_load_all(text)
                if isinstance(d, dict) and d.get("kind") == "TrafficRouter")


def as_virtual_service(router: dict[str, Any]) -> dict[str, Any]:
    return {**router, "apiVersion": "networking.istio.io/v1beta1", "kind": "VirtualService"}


def test_virtual_service_and_traffic_router_colour_alike(govlint, corpus, tmp_path):
    router = upstream_router(corpus)
    by_router = trc_003(govlint, service(tmp_path / "router", router))
    by_istio = trc_003(govlint, service(tmp_path / "istio", as_virtual_service(router)))
    assert by_router == by_istio == [
        ("/paths/~1v1~1greetings/get", "GET /v1/greetings does not declare header 'x-mse-tag', "
         "which traffic coloring routes on")]


def test_a_virtual_service_header_declared_by_every_operation_passes(govlint, tmp_path):
    vs = {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
          "metadata": {"name": "service-provider"},
          "spec": {"hosts": ["service-provider.default.svc.cluster.local"], "http": [
              {"match": [{"headers": {"X-Env": {"exact": "gray"}, ":authority": {"exact": "a"}},
                          "withoutHeaders": {"x-debug": {}}}],
               "route": [{"destination": {"host": "service-provider", "subset": "gray"}}]}]}}
    declared = "{name: x-env, in: header, schema: {type: string}}"
    assert trc_003(govlint, service(tmp_path / "ok", vs, declared)) == []
    [(pointer, message)] = trc_003(govlint, service(tmp_path / "missing", vs))
    assert "'x-env'" in message and pointer == "/paths/~1v1~1greetings/get"
