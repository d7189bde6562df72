"""The first run on a real repository (issue 10, "Done when"): a monorepo shaped like
GoogleCloudPlatform/microservices-demo (docs/corpus-findings.md) plus a governed service with
a split spec and per-service configs. No finding may land on a file that is not a
governance artifact, and ``govlint lint`` exits 0 with governance warnings only.

Each part of issue 10 that a first run depends on has its own test (kind from content,
Helm skip, JSONC, .gitignore, split specs, nearest config); the last test is the whole
verdict, with and without ``-q``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run, run_govlint

LICENCE = "# Copyright 2024 Example LLC\n# Licensed under the Apache License, Version 2.0\n\n"


def k8s_service(name: str, port: int) -> str:
    """A Kubernetes Service as microservices-demo writes them (app label, no
    app.kubernetes.io labels: NAM-008 warns, which is governance)."""
    return (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  labels:\n"
            f"    app: {name}\nspec:\n  type: ClusterIP\n  selector:\n    app: {name}\n"
            f"  ports:\n  - name: grpc\n    port: {port}\n    targetPort: {port}\n")


def k8s_deployment(name: str, port: int) -> str:
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n"
            f"  labels:\n    app: {name}\nspec:\n  selector:\n    matchLabels:\n"
            f"      app: {name}\n  template:\n    metadata:\n      labels:\n"
            f"        app: {name}\n    spec:\n      containers:\n      - name: server\n"
            f"        image: {name}:v0.10.0\n        ports:\n        - containerPort: {port}\n"
            "        resources:\n          requests: {cpu: 100m, memory: 64Mi}\n")


HELM_TEMPLATE = LICENCE + """\
{{- if .Values.cartService.create }}
{{- if .Values.serviceAccounts.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Values.cartService.name }}
  namespace: {{ .Release.Namespace }}
  {{- if not .Values.serviceAccounts.annotationsOnlyForCartservice }}
  {{- with .Values.serviceAccounts.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
---
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.cartService.name }}
spec:
  selector:
    matchLabels:
      app: {{ .Values.cartService.name }}
  template:
    spec:
      containers:
      - name: server
        image: {{ .Values.images.repository }}/cartservice:{{ .Values.images.tag | quote }}
        env:
        - name: REDIS_ADDR
          value: "{{ .Values.cartDatabase.connectionString }}"
{{- end }}
"""

TSCONFIG = """\
{
  // Visit https://aka.ms/tsconfig to read more about this file
  "compilerOptions": {
    "target": "es2019",              /* Set the JavaScript language version. */
    "module": "commonjs",
    "strict": true,
    "outDir": "./dist",
  },
  "include": ["src/**/*.ts"],
}
"""

ISTIO = LICENCE + """\
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: frontend-gateway
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: frontend-ingress
spec:
  hosts:
  - "*"
  gateways:
  - frontend-gateway
  http:
  - route:
    - destination:
        host: frontend
        port:
          number: 80
"""

SKAFFOLD = LICENCE + """\
apiVersion: skaffold/v3
kind: Config
metadata:
  name: app
build:
  artifacts:
  - image: cartservice
    context: services/cartservice
manifests:
  kustomize:
    paths:
    - kustomize/overlays/prod
deploy:
  kubectl: {}
"""

# --- a governed service whose spec is split across files (Redocly's layout) -------------

CHECKOUT_ROOT = """\
openapi: 3.0.3
info:
  title: Checkout API
  version: 1.2.0
  description: Places orders from a cart.
  x-service-name: checkout-svc
  x-team: checkout-team
  contact: {name: Checkout Team, email: checkout-team@shop.example}
servers:
  - url: https://api.shop.example/checkout
tags:
  - name: checkouts
paths:
  /v1/checkouts:
    $ref: ./paths/checkouts.yaml
components:
  parameters:
    Traceparent:
      $ref: ./components/parameters.yaml#/Traceparent
"""

CHECKOUT_PATHS = """\
post:
  operationId: createCheckout
  tags: [checkouts]
  description: Places the order of a cart.
  parameters:
    - $ref: ../components/parameters.yaml#/Traceparent
  requestBody:
    required: true
    content:
      application/json:
        schema:
          type: object
          required: [cartId]
          properties:
            cartId: {type: string, maxLength: 32}
  responses:
    '201':
      description: Order placed
      content:
        application/json:
          schema:
            type: object
            properties:
              orderId: {type: string}
    '400': {$ref: ../components/responses.yaml#/BadRequest}
    '500': {$ref: ../components/responses.yaml#/InternalError}
get:
  operationId: listCheckouts
  tags: [checkouts]
  parameters:
    - $ref: ../components/parameters.yaml#/Traceparent
  responses:
    '200':
      description: Recent checkouts
      content:
        application/json:
          schema:
            type: object
            properties:
              items: {type: array, items: {type: string}}
    '400': {$ref: ../components/responses.yaml#/BadRequest}
    '500': {$ref: ../components/responses.yaml#/InternalError}
"""

CHECKOUT_PARAMETERS = """\
Traceparent:
  name: traceparent
  in: header
  required: true
  description: W3C Trace Context.
  schema:
    type: string
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$'
"""

CHECKOUT_RESPONSES = """\
BadRequest:
  description: Invalid request
  x-error-codes: [CHK-0001]
  content:
    application/problem+json:
      schema: {$ref: '#/Problem'}
InternalError:
  description: Unexpected error
  x-error-codes: [CHK-0002]
  content:
    application/problem+json:
      schema: {$ref: '#/Problem'}
Problem:
  type: object
  required: [type, title, status, code, traceId]
  properties:
    type: {type: string, format: uri}
    title: {type: string}
    status: {type: integer}
    code: {type: string, pattern: '^[A-Z][A-Z0-9]{1,9}-[0-9]{4}$'}
    traceId: {type: string, pattern: '^[0-9a-f]{32}$'}
"""

CHECKOUT_CATALOG = """\
service: checkout-svc
owner: checkout-team
codes:
  - {code: CHK-0001, http: 400, message: Invalid request}
  - {code: CHK-0002, http: 500, message: Internal error}
"""


def governance_config(name: str, algorithm: str = "adaptive", min_requests: int = 100) -> str:
    return f"""\
service: {{name: {name}, env: prod, version: v1, team: {name.split('-')[0]}-team}}
tracing:
  enabled: true
  propagators: [tracecontext, baggage]
  enforce: {{http: true, grpc: true}}
  sampler: {{type: ratelimiting, param: 100}}
breaker:
  algorithm: {algorithm}
  minRequestAmount: {min_requests}
  errorRatio: 0.3
  maxAllowedRtMs: 800
  recoveryTimeoutMs: 10000
config: {{source: nacos, watch: false}}
logging:
  format: json
  fields: [ts, level, service, trace_id, span_id, message]
"""


def write_monorepo(root: Path) -> dict[str, str]:
    """Write the fixture and return {file: what it is}; the governance artifacts are the
    files whose role starts with 'governance:'."""
    files: dict[str, tuple[str, str]] = {
        ".gitignore": ("other", "dist/\nnode_modules/\n*.log\n"),
        "skaffold.yaml": ("tool: skaffold config", SKAFFOLD),
        # services deployed as plain manifests, each with a k8s Service named service.yaml
        "services/cartservice/deploy/service.yaml":
            ("governance: k8s Service", LICENCE + k8s_service("cartservice", 7070)),
        "services/cartservice/deploy/deployment.yaml":
            ("governance: k8s Deployment", k8s_deployment("cartservice", 7070)),
        "services/cartservice/gradle/wrapper/gradle-wrapper.properties":
            ("other", "distributionUrl=https\\://services.gradle.org/gradle-8.5-bin.zip\n"),
        "services/cartservice/src/main/resources/log4j.properties":
            ("other", "log4j.rootLogger=INFO, stdout\n"),
        "services/frontend/deploy/service.yaml": (
            "governance: k8s Service + Deployment",
            k8s_service("frontend", 80) + "---\n" + k8s_deployment("frontend", 8080)),
        "services/frontend/tsconfig.json": ("other: JSONC", TSCONFIG),
        "services/frontend/package.json": ("other", '{"name": "frontend", "private": true}\n'),
        "services/frontend/dist/service.yaml": ("ignored", "name: {{ broken\n"),
        "services/frontend/dist/bundle.json": ("ignored", '{"truncated": [1, 2,\n'),
        "services/frontend/node_modules/x/package.json": ("ignored", "{oops}\n"),
        "consul/agent/consul.json": ("other: Consul agent config", json.dumps(
            {"datacenter": "dc1", "server": True, "ports": {"grpc": 8502},
             "data_dir": "/opt/consul"}, indent=2)),
        # Helm chart: Go templates are not YAML until rendered
        "helm-chart/Chart.yaml": ("other: helm chart", "apiVersion: v2\nname: onlineboutique\n"
                                  "version: 0.10.0\ntype: application\n"),
        "helm-chart/values.yaml": ("other: helm values", "cartService:\n  create: true\n"
                                   "  name: cartservice\nserviceAccounts:\n  create: true\n"),
        "helm-chart/templates/cartservice.yaml": ("helm template", HELM_TEMPLATE),
        "helm-chart/templates/_helpers.tpl": ("other", '{{- define "x" -}}x{{- end -}}\n'),
        # kustomize: base, overlay, a component with a $patch: delete
        "kustomize/base/kustomization.yaml": (
            "tool: kustomization",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n- cartservice.yaml\n"),
        "kustomize/base/cartservice.yaml": (
            "governance: k8s Deployment + Service",
            k8s_deployment("cartservice", 7070) + "---\n" + k8s_service("cartservice", 7070)),
        "kustomize/overlays/prod/kustomization.yaml": (
            "tool: kustomization",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources:\n- ../../base\ncomponents:\n- ../../components/without-loadgenerator\n"
            "patches:\n- path: cartservice-replicas.yaml\n"),
        "kustomize/overlays/prod/cartservice-replicas.yaml": (
            "tool: kustomize patch",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cartservice\n"
            "spec:\n  replicas: 3\n"),
        "kustomize/components/without-loadgenerator/kustomization.yaml": (
            "tool: kustomize component",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
            "patches:\n- path: delete-loadgenerator.patch.yaml\n"),
        "kustomize/components/without-loadgenerator/delete-loadgenerator.patch.yaml": (
            "tool: kustomize patch",
            LICENCE + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
            "  name: loadgenerator\n$patch: delete\n"),
        "istio-manifests/frontend-gateway.yaml": ("governance: Istio Gateway", ISTIO),
        # a governed service: split spec, error catalogue, governance config
        "services/checkout/openapi.yaml": ("governance: OpenAPI", CHECKOUT_ROOT),
        "services/checkout/paths/checkouts.yaml": ("governance: spec fragment", CHECKOUT_PATHS),
        "services/checkout/components/parameters.yaml":
            ("governance: spec fragment", CHECKOUT_PARAMETERS),
        "services/checkout/components/responses.yaml":
            ("governance: spec fragment", CHECKOUT_RESPONSES),
        "services/checkout/errors/catalog.yaml": ("governance: error catalogue",
                                                  CHECKOUT_CATALOG),
        "services/checkout/service.yaml": ("governance: service config",
                                           governance_config("checkout-svc")),
        # a legacy service pinned to 3.1 (sliding-window breakers allowed) with its own vars
        "services/legacy/.govlint.yaml": (
            "other: per-service config",
            'governance: "3.1"\nvars:\n  minRequestAmount: 10\n'),
        "services/legacy/service.yaml": (
            "governance: service config",
            governance_config("legacy-svc", algorithm="sliding-window", min_requests=20)),
    }
    for name, (_, content) in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    git = ["git", "-c", "user.email=ci@example.com", "-c", "user.name=ci"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "fixture"], cwd=root, check=True)
    return {name: role for name, (role, _) in files.items()}


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    root = tmp_path_factory.mktemp("boutique")
    yield root, write_monorepo(root)


@pytest.fixture(scope="module")
def first_run(monorepo: tuple[Path, dict[str, str]]) -> Run:
    """``govlint lint`` from the root, as CI and pre-commit run it (JSON report)."""
    root, _ = monorepo
    return run_govlint("lint", "-f", "json", ".", cwd=root)


def _results(run: Run) -> list[dict[str, Any]]:
    return run.json()["results"]


def _on(run: Run, prefix: str) -> list[tuple[str, str, str]]:
    return sorted((r["file"], r["rule"], r["severity"]) for r in _results(run)
                  if r["file"].startswith(prefix))


# ------------------------------------------------------------------ kinds (this change)


def test_k8s_services_named_service_yaml_get_kubernetes_rules_only(first_run: Run) -> None:
    for file in ("services/cartservice/deploy/service.yaml",
                 "services/frontend/deploy/service.yaml"):
        rules = {rule for f, rule, _ in _on(first_run, file)}
        assert rules <= {"NAM-008"}, (file, rules)
    kinds = {(e["file"], e.get("document")): e["kind"] for e in first_run.json()["inventory"]}
    assert kinds[("services/cartservice/deploy/service.yaml", None)] == "k8s"
    assert kinds[("services/frontend/deploy/service.yaml", 0)] == "k8s"


def test_tool_configs_in_kubernetes_style_are_not_judged(
    first_run: Run, monorepo: tuple[Path, dict[str, str]]
) -> None:
    _, roles = monorepo
    tools = [f for f, role in roles.items() if role.startswith("tool:")]
    assert len(tools) == 6
    for file in tools:
        assert _on(first_run, file) == [], file
    kinds = {e["file"]: e["kind"] for e in first_run.json()["inventory"]}
    assert {kinds[f] for f in tools} == {"generic"}


def test_other_java_properties_and_consul_agent_configs_are_not_service_configs(
    first_run: Run
) -> None:
    kinds = {e["file"]: e["kind"] for e in first_run.json()["inventory"]}
    for file in ("services/cartservice/gradle/wrapper/gradle-wrapper.properties",
                 "services/cartservice/src/main/resources/log4j.properties",
                 "consul/agent/consul.json"):
        assert kinds[file] == "generic", file
        assert _on(first_run, file) == [], file


def test_rendered_chart_from_stdin_is_judged_by_kind(
    monorepo: tuple[Path, dict[str, str]]
) -> None:
    """``helm template helm-chart | govlint lint - --stdin-filename ...``: the rendered
    stream names a ``service.yaml``, as Helm's output does, and holds a Service."""
    root, _ = monorepo
    rendered = ("---\n# Source: onlineboutique/templates/service.yaml\n"
                + k8s_service("cartservice", 7070)
                + "---\n# Source: onlineboutique/templates/deployment.yaml\n"
                + k8s_deployment("cartservice", 7070))
    proc = subprocess.run(
        [sys.executable, "-m", "govlint", "lint", "-", "--stdin-filename",
         "helm-chart/rendered/service.yaml", "-f", "json"],
        cwd=root, input=rendered, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)["results"]
    assert {r["rule"] for r in results} == {"NAM-008"}
    assert {r["file"] for r in results} == {"helm-chart/rendered/service.yaml"}


def test_governance_configs_are_still_judged(first_run: Run) -> None:
    kinds = {e["file"]: e["kind"] for e in first_run.json()["inventory"]}
    assert kinds["services/checkout/service.yaml"] == "service-config"
    assert kinds["services/checkout/errors/catalog.yaml"] == "service-config"
    assert _on(first_run, "services/checkout/service.yaml") == []  # a compliant config


# ------------------------------------------------------------------ other changes of issue 10


def test_helm_templates_are_skipped_with_one_info_per_chart(first_run: Run) -> None:
    found = _on(first_run, "helm-chart/")
    assert [(f, r, s) for f, r, s in found if s != "info"] == []
    infos = [r for r in _results(first_run)
             if r["file"].startswith("helm-chart/") and r["severity"] == "info"]
    assert len(infos) == 1 and "helm template" in infos[0]["message"]


def test_tsconfig_with_comments_is_not_a_parse_error(first_run: Run) -> None:
    assert _on(first_run, "services/frontend/tsconfig.json") == []


def test_gitignored_build_output_is_not_linted(first_run: Run) -> None:
    report = first_run.json()
    ignored = ("services/frontend/dist/", "services/frontend/node_modules/")
    assert [f for f in report["files"] if f.startswith(ignored)] == []
    assert [r for r in report["results"] if r["file"].startswith(ignored)] == []


def test_split_spec_is_judged_where_the_values_are_written(first_run: Run) -> None:
    # listCheckouts has no summary/description: DOC-001, written in paths/checkouts.yaml
    found = _on(first_run, "services/checkout/")
    assert ("services/checkout/paths/checkouts.yaml", "DOC-001", "warn") in found
    fragments = ("services/checkout/paths/", "services/checkout/components/")
    assert [x for x in found if x[0].startswith(fragments) and x[1] != "DOC-001"] == []


def test_a_service_config_pins_its_own_governance_version_and_vars(first_run: Run) -> None:
    # 3.1 allows sliding-window breakers (RES-001) and the service lowers minRequestAmount
    assert _on(first_run, "services/legacy/") == []


def test_from_a_service_directory_paths_stay_project_relative(
    monorepo: tuple[Path, dict[str, str]]
) -> None:
    root, _ = monorepo
    run = run_govlint("lint", "-f", "json", ".", cwd=root / "services" / "legacy")
    files = run.json()["files"]
    assert files and all(f.startswith("services/legacy/") for f in files), files
    assert run.code == 0, run.stdout


def test_first_run_exits_0_with_governance_warnings_on_governance_artifacts_only(
    first_run: Run, monorepo: tuple[Path, dict[str, str]]
) -> None:
    _, roles = monorepo
    governed = {f for f, role in roles.items() if role.startswith("governance:")}
    results = _results(first_run)
    # the one announced note per Helm chart is the only finding elsewhere
    elsewhere = {(r["file"], r["rule"]) for r in results if r["file"] not in governed}
    assert elsewhere == {("helm-chart/Chart.yaml", "helm-templates-skipped")}
    assert {r["severity"] for r in results} <= {"info", "warn"}
    assert first_run.code == 0, first_run.stderr
    quiet = run_govlint("lint", "-q", "-f", "json", ".", cwd=monorepo[0])
    assert quiet.code == 0 and _results(quiet) == results
