"""Kind from content (documents/kinds.py): a Kubernetes object is never a service config,
and a service-config type needs its name pattern and its shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govlint.config import Config, load_config
from govlint.documents.load import load_file
from govlint.documents.model import LoadedFile

K8S_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: cartservice
  labels: {app: cartservice}
spec:
  type: ClusterIP
  selector: {app: cartservice}
  ports:
  - name: grpc
    port: 7070
    targetPort: 7070
"""

GOVERNANCE = """\
service: {name: orders-svc, env: prod}
tracing:
  enabled: true
  propagators: [tracecontext]
"""


def _load(root: Path, name: str, content: str | Any, config: Config | None = None
          ) -> LoadedFile:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    return load_file(path, root, config or Config(root=root))


def _configs(loaded: LoadedFile) -> list[set[str]]:
    return [{f for f in d.formats if f.startswith("service-config")} for d in loaded.documents]


def _infos(loaded: LoadedFile) -> list[str]:
    return [f.message for f in loaded.findings if f.rule == "service-config-shape"]


# ------------------------------------------------------------------ Kubernetes first


@pytest.mark.parametrize("name", ["service.yaml", "chart/service.yml", "x/web.service.yaml",
                                  "kustomize/base/service.yaml", "api/config/service.json"])
def test_a_kubernetes_object_is_never_a_service_config(tmp_path: Path, name: str) -> None:
    content = K8S_SERVICE if not name.endswith(".json") else \
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}}
    loaded = _load(tmp_path, name, content)
    doc = loaded.documents[0]
    assert doc.kind == "k8s" and {"k8s", "k8s:Service"} <= doc.formats
    assert _configs(loaded) == [set()]
    assert loaded.findings == []  # recognised as what it is: no shape note either


def test_multi_document_service_yaml_mixes_nothing(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "svc/service.yaml",
                   K8S_SERVICE + "---\napiVersion: apps/v1\nkind: Deployment\n"
                   "metadata: {name: x}\n")
    assert [d.kind for d in loaded.documents] == ["k8s", "k8s"]
    assert _configs(loaded) == [set(), set()] and loaded.findings == []


@pytest.mark.parametrize(("content", "why"), [
    ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n",
     "kustomize"),
    ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n", "kustomize component"),
    ("apiVersion: skaffold/v3\nkind: Config\nmetadata: {name: app}\n", "skaffold"),
    ("apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n", "kind cluster"),
    ("apiVersion: v1\nkind: Config\nclusters: []\n", "kubeconfig"),
    ("apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: x}\n",
     "kustomize transformer config"),
    ("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n", "kubelet"),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lg}\n$patch: delete\n",
     "kustomize delete patch"),
])
def test_client_side_configs_are_not_kubernetes_objects(
    tmp_path: Path, content: str, why: str
) -> None:
    doc = _load(tmp_path, "deploy/thing.yaml", content).documents[0]
    assert doc.kind == "generic", why
    assert doc.formats == {"yaml"}, why


def test_openapi_named_like_a_service_config_is_openapi_only(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "orders/service.yaml", "openapi: 3.0.3\ninfo: {title: t}\n")
    assert loaded.documents[0].kind == "openapi" and _configs(loaded) == [set()]
    assert loaded.findings == []


# ------------------------------------------------------------------ name and shape


@pytest.mark.parametrize(("name", "content", "config_type"), [
    ("orders/service.yaml", GOVERNANCE, "governance"),
    ("orders/config/service.json", {"tracing": {"enabled": True}}, "governance"),
    ("orders/service.json", {"service": {"name": "orders", "env": "prod", "port": 80}},
     "governance"),
    ("orders/x.service.yaml", "service: {name: orders, tags: [a]}\nlogging: {format: json}\n",
     "governance"),
    ("jaeger/sampling_strategies.json",
     {"default_strategy": {"type": "probabilistic", "param": 0.1}}, "jaeger-sampling"),
    ("jaeger/prod-sampling.json", {"service_strategies": []}, "jaeger-sampling"),
    ("rules/orders-FlowRule.json", [{"resource": "GET:/v1/orders", "count": 20}], "sentinel"),
    ("sentinel/system.json", [{"highestSystemLoad": 8}], "sentinel"),
    ("sentinel/degrade.json", [], "sentinel"),
    ("deploy/consul-kv.json", [{"key": "fallback/orders-svc/v1/enabled", "flags": 0,
                                "value": "dHJ1ZQ=="}], "consul-kv"),
    ("nacos/fallback-orders-svc-v1.properties", "enabled=true\n", "nacos"),
    ("errors/catalog.yaml", "codes: []\n", "error-catalog"),
])
def test_name_and_shape_make_a_service_config(
    tmp_path: Path, name: str, content: Any, config_type: str
) -> None:
    loaded = _load(tmp_path, name, content)
    assert _configs(loaded) == [{"service-config", f"service-config:{config_type}"}]
    assert loaded.documents[0].kind == "service-config"
    assert loaded.findings == []


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("deploy/consul.json", {"acl_token": "x", "services": []},
     "is a mapping, not `consul kv export` output"),
    ("ml/downsampling.json", {"rate": 4, "method": "mean"},
     "named like a Jaeger sampling strategies file (**/*sampling*.json) but has neither"),
    ("svc/service.yaml", "name: x\nport: 80\n",
     "has no service, tracing, breaker, config or logging section"),
    ("svc/service.yaml", "service: orders-svc\ntracing: true\n",
     "its 'service' is a string"),
    ("sentinel/kv-export.json",
     [{"key": "a/b", "flags": 0, "value": ""}], "has no Sentinel rule"),
    ("api/errors/catalog.yaml", "errors: []\n", "has no 'codes' list"),
])
def test_name_without_shape_is_left_alone_with_one_info(
    tmp_path: Path, name: str, content: Any, expected: str
) -> None:
    loaded = _load(tmp_path, name, content)
    assert _configs(loaded) == [set()]
    assert loaded.documents[0].kind == "generic"
    [info] = [f for f in loaded.findings if f.rule == "service-config-shape"]
    assert info.severity.label == "info" and info.file == name
    assert expected in info.message, info.message
    assert "not checked as one" in info.message
    assert [f.rule for f in loaded.findings] == ["service-config-shape"]


@pytest.mark.parametrize(("name", "content"), [
    ("consul/agent/consul.json",
     {"datacenter": "dc1", "server": True, "ports": {"grpc": 8502}, "data_dir": "/opt"}),
    ("serverless/service.yaml", "service: my-app\nprovider: {name: aws}\n"),
    ("consul.d/service.json", {"service": {"name": "web", "port": 80, "tags": ["v1"],
                                            "check": {"http": "http://localhost/health"}}}),
    ("consul.d/web.service.json", {"services": [{"name": "web", "port": 80},
                                                {"name": "api", "id": "api-1"}]}),
    ("endpoints/service.yaml", "type: google.api.Service\nconfig_version: 3\n"
     "name: orders.endpoints.example.cloud.goog\nlogging: {producer_destinations: []}\n"),
])
def test_a_file_recognisably_of_another_format_is_left_alone_silently(
    tmp_path: Path, name: str, content: Any
) -> None:
    loaded = _load(tmp_path, name, content)
    assert _configs(loaded) == [set()] and loaded.documents[0].kind == "generic"
    assert loaded.findings == []


@pytest.mark.parametrize("content", [
    "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n",
    "get:\n  operationId: getService\n  responses: {'200': {description: ok}}\n",
    "$ref: ../schemas/service.yaml\n",
    "Service:\n  type: object\nServiceList:\n  type: array\n  items: {$ref: '#/Service'}\n",
    "ServiceId:\n  name: serviceId\n  in: path\n  required: true\n",
])
def test_split_spec_fragments_named_service_yaml_get_no_info(
    tmp_path: Path, content: str
) -> None:
    loaded = _load(tmp_path, "api/components/schemas/service.yaml", content)
    assert _configs(loaded) == [set()] and loaded.findings == []


def test_a_file_of_two_name_patterns_takes_only_the_type_it_is_shaped_like(
    tmp_path: Path
) -> None:
    # sentinel/** and consul*.json both match: a KV export is judged as one, never as
    # Sentinel rules (whose schema would call every entry a broken system rule)
    loaded = _load(tmp_path, "sentinel/consul-kv.json",
                   [{"key": "fallback/orders-svc/v1/enabled", "flags": 0, "value": ""}])
    assert _configs(loaded) == [{"service-config", "service-config:consul-kv"}]
    assert loaded.findings == []


def test_other_properties_files_are_not_nacos_and_say_nothing(tmp_path: Path) -> None:
    for name in ("gradle/wrapper/gradle-wrapper.properties", "src/log4j.properties",
                 "conf/application.properties"):
        loaded = _load(tmp_path, name, "a=b\n")
        assert loaded.documents[0].kind == "generic" and loaded.findings == [], name


def test_empty_documents_get_no_info(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "svc/service.yaml", "# nothing yet\n---\n")
    assert _infos(loaded) == []


def test_one_info_per_file(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "svc/service.yaml", "a: 1\n---\nb: 2\n")
    assert len(_infos(loaded)) == 1


def test_explicitly_configured_globs_take_the_file_whatever_its_shape(tmp_path: Path) -> None:
    (tmp_path / ".govlint.yaml").write_text(
        "service-configs:\n  governance: ['deploy/*.svc.yaml']\n"
        "  consul-kv: ['kv/consul.json']\n  nacos: ['nacos/*.properties']\n", encoding="utf-8")
    config = load_config(tmp_path / ".govlint.yaml")
    doubtful = _load(tmp_path, "deploy/orders.svc.yaml", "name: orders\n", config)
    assert _configs(doubtful) == [{"service-config", "service-config:governance"}]
    assert doubtful.findings == []
    agent = _load(tmp_path, "kv/consul.json", {"datacenter": "dc1"}, config)
    assert _configs(agent) == [{"service-config", "service-config:consul-kv"}]
    nacos = _load(tmp_path, "nacos/orders.properties", "timeout_ms=100\n", config)
    assert _configs(nacos) == [{"service-config", "service-config:nacos"}]
    # ... but not a Kubernetes object: its content says what it is
    k8s = _load(tmp_path, "deploy/web.svc.yaml", K8S_SERVICE, config)
    assert k8s.documents[0].kind == "k8s" and _configs(k8s) == [set()]
    # the defaults still need the shape
    plain = _load(tmp_path, "other/service.yaml", "name: x\n", config)
    assert _configs(plain) == [set()] and len(_infos(plain)) == 1


def test_error_catalog_key_is_explicit(tmp_path: Path) -> None:
    (tmp_path / ".govlint.yaml").write_text("errorCatalog: docs/codes.yaml\n", encoding="utf-8")
    config = load_config(tmp_path / ".govlint.yaml")
    loaded = _load(tmp_path, "docs/codes.yaml", "entries: []\n", config)
    assert _configs(loaded) == [{"service-config", "service-config:error-catalog"}]


# ------------------------------------------------------------------ through the CLI


def test_lint_judges_a_k8s_service_yaml_by_k8s_rules_only(tmp_path: Path, govlint) -> None:
    """Helm/kustomize name a Service manifest service.yaml; the governance config of the
    other service is still checked (TRC/LOG/schema findings stay where they belong)."""
    (tmp_path / "cart" / "k8s").mkdir(parents=True)
    (tmp_path / "cart" / "k8s" / "service.yaml").write_text(K8S_SERVICE, encoding="utf-8")
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "service.yaml").write_text(
        "service: {name: orders-svc, env: production}\ntracing: {enabled: true}\n",
        encoding="utf-8")
    run = govlint("lint", "-f", "json", ".", cwd=tmp_path)
    results = run.json()["results"]
    on_k8s = sorted({r["rule"] for r in results if r["file"] == "cart/k8s/service.yaml"})
    assert on_k8s == ["NAM-008"], on_k8s  # labels of a Kubernetes object, nothing else
    on_config = {r["rule"] for r in results if r["file"] == "orders/service.yaml"}
    assert {"TRC-004", "LOG-001", "service-config-schema"} <= on_config, on_config
    kinds = {e["file"]: e["kind"] for e in run.json()["inventory"]}
    assert kinds["cart/k8s/service.yaml"] == "k8s"
    assert kinds["orders/service.yaml"] == "service-config"
    assert run.code == 1  # the schema error in orders/service.yaml (env: production)


def test_lint_reports_the_shape_info_without_failing(tmp_path: Path, govlint) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "sampling_strategies.json").write_text(
        json.dumps({"defualt_strategy": {"type": "probabilistic", "param": 0.5}}),
        encoding="utf-8")
    run = govlint("lint", "-f", "json", ".", cwd=tmp_path)
    assert run.code == 0, run.stderr
    [result] = run.json()["results"]
    assert (result["rule"], result["severity"], result["file"]) == (
        "service-config-shape", "info", "deploy/sampling_strategies.json")
    assert "has neither default_strategy nor service_strategies" in result["message"]
    text = govlint("lint", ".", cwd=tmp_path)
    assert text.code == 0 and "service-config-shape" in text.stdout


# ------------------------------------------------------------------ kustomize patches

PATCH = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\nspec: {replicas: 3}\n"


def test_files_a_kustomization_lists_as_patches_are_not_objects(tmp_path: Path) -> None:
    overlay = "deploy/overlays/prod"
    (tmp_path / overlay / "patches").mkdir(parents=True)
    (tmp_path / overlay / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources: [../../base, extra.yaml]\n"
        "patches:\n- path: ./replicas.yaml\n- patch: |-\n    apiVersion: v1\n    kind: X\n"
        "patchesStrategicMerge:\n- patches/memory.yaml\n"
        "patchesJson6902:\n- target: {kind: Deployment, name: cart}\n  path: ../elsewhere.yaml\n",
        encoding="utf-8")
    for name in ("replicas.yaml", "patches/memory.yaml"):
        loaded = _load(tmp_path, f"{overlay}/{name}", PATCH)
        assert (loaded.documents[0].kind, loaded.documents[0].formats) == (
            "generic", {"yaml"}), name
    # a resource of the overlay, a same-named file elsewhere, a path outside the
    # kustomization's tree (kustomize refuses those): objects
    for name in (f"{overlay}/extra.yaml", "deploy/other/replicas.yaml",
                 "deploy/overlays/elsewhere.yaml"):
        assert _load(tmp_path, name, PATCH).documents[0].kind == "k8s", name


def test_a_kustomization_above_the_patch_counts(tmp_path: Path) -> None:
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "kustomization.yml").write_text(
        "patchesStrategicMerge: [sub/dir/p.yaml]\n", encoding="utf-8")
    assert _load(tmp_path, "k/sub/dir/p.yaml", PATCH).documents[0].kind == "generic"


def test_a_broken_kustomization_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("patches: [ {path: p.yaml\n", encoding="utf-8")
    loaded = _load(tmp_path, "p.yaml", PATCH)
    assert loaded.documents[0].kind == "k8s" and loaded.findings == []


def test_a_kustomization_linked_from_outside_the_project_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kustomization.yaml").write_text("patches: [{path: p.yaml}]\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "kustomization.yaml").symlink_to(outside / "kustomization.yaml")
    assert _load(project, "p.yaml", PATCH).documents[0].kind == "k8s"
