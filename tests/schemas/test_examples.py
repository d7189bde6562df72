"""The example services: payments-svc follows governance 3.2, orders-svc breaks it exactly
where examples/README.md says. These checks are simple re-statements of a few rules, so the
examples cannot drift from the README; the rules themselves are tested in tests/rules."""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_openapi

from .support import (
    EXAMPLES,
    crd_schema,
    error_paths,
    k8s_documents,
    load_json_with_header,
    read_properties,
    service_schema,
)

PAYMENTS = EXAMPLES / "payments-svc"
ORDERS = EXAMPLES / "orders-svc"
SERVICES = {"payments-svc": PAYMENTS, "orders-svc": ORDERS}

RULE_IDS = [
    *(f"NAM-{i:03d}" for i in range(1, 10)),
    *(f"ERR-{i:03d}" for i in range(1, 7)),
    *(f"TRC-{i:03d}" for i in range(1, 7)),
    *(f"RES-{i:03d}" for i in range(1, 7)),
    *(f"REL-{i:03d}" for i in range(1, 5)),
    *(f"SBX-{i:03d}" for i in range(1, 5)),
    "DOC-001", "DOC-002", "DOC-003", "LOG-001",
]
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def spec(service: Path) -> dict[str, Any]:
    return yaml.safe_load((service / "api" / "openapi.yaml").read_text(encoding="utf-8"))


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                yield path, method, op


def deref(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def k8s(service: Path) -> list[tuple[str, int, dict[str, Any]]]:
    return [(p.name, i, obj) for p in sorted((service / "deploy").glob("*.yaml"))
            for i, obj in k8s_documents(p)]


# --- schema validation of every file -------------------------------------------------------

ORDERS_CRD_VIOLATIONS = {("fault-tolerance.yaml", 2, "$.spec.triggerRatio")}  # RES-005


@pytest.mark.parametrize(("name", "expected"), [("payments-svc", set()),
                                                ("orders-svc", ORDERS_CRD_VIOLATIONS)])
def test_manifests_against_shipped_crd_schemas(name: str, expected: set[Any]) -> None:
    found, checked = set(), 0
    for file, i, obj in k8s(SERVICES[name]):
        schema = crd_schema(obj["apiVersion"], obj["kind"])
        if schema is None:
            assert obj["apiVersion"] in {"v1", "apps/v1"}, f"{file}: no schema for {obj['kind']}"
            continue
        checked += 1
        found |= {(file, i, where) for where in error_paths(schema, obj)}
    assert found == expected
    assert checked >= 11


@pytest.mark.parametrize(("name", "expected"), [("payments-svc", set()),
                                                ("orders-svc", {"$.breaker.errorRatio"})])
def test_service_yaml_against_service_config_schema(name: str, expected: set[str]) -> None:
    data = yaml.safe_load((SERVICES[name] / "service.yaml").read_text(encoding="utf-8"))
    assert error_paths(service_schema("service-config.schema.json"), data) == expected


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_third_party_files_have_a_valid_shape(name: str) -> None:
    root = SERVICES[name]
    sampling = json.loads((root / "sampling_strategies.json").read_text())
    pairs = [
        ("jaeger-sampling.schema.json", sampling),
        ("consul-kv-export.schema.json", json.loads((root / "consul-kv.json").read_text())),
        ("error-catalog.schema.json", yaml.safe_load((root / "errors/catalog.yaml").read_text())),
        *[("sentinel-rules.schema.json", load_json_with_header(p))
          for p in sorted((root / "sentinel").glob("*.json"))],
        *[("fallback-switches.schema.json", read_properties(p))
          for p in sorted((root / "nacos").glob("fallback-*.properties"))],
    ]
    for schema, data in pairs:
        assert error_paths(service_schema(schema), data) == set(), schema


def test_sentinel_files_carry_a_licence_comment() -> None:
    for service in SERVICES.values():
        text = next((service / "sentinel").glob("*DegradeRule.json")).read_text()
        assert text.startswith("/*")
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)  # a plain JSON reader rejects it: govlint's loader must not


# --- OpenAPI ---------------------------------------------------------------------------------

def bad_examples(doc: dict[str, Any]) -> set[str]:
    """Where an inline ``example`` does not validate against its schema (DOC-003)."""
    bad: set[str] = set()

    def check(schema: Any, example: Any, where: str) -> None:
        bundle = {**schema, "components": doc["components"]}
        if any(True for _ in OAS30Validator(bundle).iter_errors(example)):
            bad.add(where)

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "example" in node and isinstance(node.get("schema"), dict):
                check(node["schema"], node["example"], where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(doc, "")
    return bad


def test_openapi_documents_are_valid_and_sized() -> None:
    for service in SERVICES.values():
        doc = spec(service)
        validate_openapi(doc)
        assert 8 <= len(list(operations(doc))) <= 12


def test_examples_in_specs_validate_except_the_documented_one() -> None:
    assert bad_examples(spec(PAYMENTS)) == set()
    assert bad_examples(spec(ORDERS)) == {
        "/paths//v1/orders/post/requestBody/content/application/json"}


def trace_headers(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, bool]:
    params = [deref(doc, p) for p in op.get("parameters", [])]
    return {p["name"].lower(): p.get("required", False) for p in params if p["in"] == "header"}


def test_trace_and_lane_headers() -> None:
    payments = spec(PAYMENTS)
    for path, method, op in operations(payments):
        headers = trace_headers(payments, op)
        assert headers.get("traceparent") is True, (path, method)          # TRC-001
        assert headers.get("tracestate") is False, (path, method)          # TRC-002
        assert "x-env" in headers, (path, method)                         # TRC-003
        assert "400" in op["responses"], (path, method)                   # ERR-005
    orders = spec(ORDERS)
    missing = {op["operationId"] for _, _, op in operations(orders)
               if "traceparent" not in trace_headers(orders, op)}
    assert missing == {"listOrders", "listOrderRefunds"}
    create = orders["paths"]["/v1/orders"]["post"]
    assert trace_headers(orders, create)["baggage"] is True


def error_codes_used(doc: dict[str, Any]) -> set[str]:
    codes: set[str] = set()

    def in_example(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "code" and isinstance(inner, str):
                    codes.add(inner)
                in_example(inner)
        elif isinstance(value, list):
            for inner in value:
                in_example(inner)

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            codes.update(node.get("x-error-codes", []))
            if "example" in node:
                in_example(node["example"])
                if key.lower().endswith("code") and isinstance(node["example"], str):
                    codes.add(node["example"])
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk(doc)
    return codes


def catalogue(service: Path) -> list[str]:
    data = yaml.safe_load((service / "errors" / "catalog.yaml").read_text(encoding="utf-8"))
    return [entry["code"] for entry in data["codes"]]


def test_error_codes_against_catalogue() -> None:
    pattern = re.compile(r"^[A-Z][A-Z0-9]{1,9}-[0-9]{4}$")
    pay_codes = error_codes_used(spec(PAYMENTS))
    assert pay_codes and all(pattern.match(c) for c in pay_codes)                 # ERR-003
    assert pay_codes <= set(catalogue(PAYMENTS))                                  # ERR-004
    assert not [c for c, n in Counter(catalogue(PAYMENTS)).items() if n > 1]
    order_codes = error_codes_used(spec(ORDERS))
    assert {c for c in order_codes if not pattern.match(c)} == {"E1001"}
    assert order_codes - set(catalogue(ORDERS)) == {"ORD-9999", "E1001"}
    assert [c for c, n in Counter(catalogue(ORDERS)).items() if n > 1] == ["ORD-0002"]


# --- cross-document facts the README relies on ----------------------------------------------

def service_names(service: Path) -> Counter[str]:
    names: Counter[str] = Counter()
    names[spec(service)["info"]["x-service-name"]] += 1
    config = yaml.safe_load((service / "service.yaml").read_text(encoding="utf-8"))
    names[config["service"]["name"]] += 1
    for _, _, obj in k8s(service):
        names[obj["metadata"]["labels"]["app.kubernetes.io/name"]] += 1
    return names


def test_service_names() -> None:
    assert set(service_names(PAYMENTS)) == {"payments-svc"}                        # NAM-007
    names = service_names(ORDERS)
    assert set(names) == {"orders-svc", "order-service"} and names["order-service"] == 1


def test_k8s_metadata() -> None:
    dns = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    for _, _, obj in k8s(PAYMENTS):                                               # NAM-008
        assert dns.match(obj["metadata"]["name"])
        assert "app.kubernetes.io/part-of" in obj["metadata"]["labels"]
    broken = {obj["metadata"]["name"] for _, _, obj in k8s(ORDERS)
              if not dns.match(obj["metadata"]["name"])
              or "app.kubernetes.io/part-of" not in obj["metadata"]["labels"]}
    assert broken == {"orders_gray_lane"}


def unresolved_strategies(service: Path) -> set[tuple[str, str]]:
    objects = [obj for _, _, obj in k8s(service)]
    present = {(o["kind"], o["metadata"]["name"]) for o in objects}
    return {(s["kind"], s["name"]) for o in objects if o["kind"] == "FaultToleranceRule"
            for s in o["spec"]["strategies"]} - present


def test_fault_tolerance_references() -> None:
    assert unresolved_strategies(PAYMENTS) == set()                               # RES-004
    assert unresolved_strategies(ORDERS) == {
        ("ConcurrencyLimitStrategy", "orders-create-concurrency"),
        ("RateLimitStrategy", "orders-detail-slow-breaker"),
    }


def routing_problems(service: Path) -> set[str]:
    objects = [obj for _, _, obj in k8s(service)]
    subsets = {(o["spec"]["host"], s["name"]) for o in objects if o["kind"] == "DestinationRule"
               for s in o["spec"]["subsets"]}
    problems: set[str] = set()
    for o in objects:
        if o["kind"] in {"VirtualService", "TrafficRouter"}:
            for n, route in enumerate(o["spec"]["http"]):
                dests = route["route"]
                total = sum(d.get("weight", 100 if len(dests) == 1 else 0) for d in dests)
                if total != 100:
                    problems.add(f"{o['kind']} route {route.get('name', n)} sums to {total}")
                for d in dests:
                    ref = (d["destination"]["host"], d["destination"].get("subset"))
                    if ref[1] is not None and ref not in subsets:
                        problems.add(f"{o['kind']} subset {ref[1]} missing")
        if o["kind"] == "GrayRelease":
            total = sum(o["spec"]["trafficSplit"].values())
            if total != 100:
                problems.add(f"GrayRelease split sums to {total}")
    return problems


def test_routing_and_release() -> None:
    assert routing_problems(PAYMENTS) == set()                                    # REL-001/003
    assert routing_problems(ORDERS) == {
        "VirtualService route primary sums to 90",
        "VirtualService subset gray missing",
        "GrayRelease split sums to 110",
    }


def canary_weights(service: Path) -> list[int]:
    rollout = next(o for _, _, o in k8s(service) if o["kind"] == "Rollout")
    return [s["setWeight"] for s in rollout["spec"]["strategy"]["canary"]["steps"]
            if "setWeight" in s]


def test_rollout_steps() -> None:
    pay = canary_weights(PAYMENTS)                                                # REL-002
    assert pay[0] <= 10 and pay == sorted(set(pay))
    orders = canary_weights(ORDERS)
    assert orders[0] > 10 and orders != sorted(set(orders))


def switches(service: Path) -> tuple[dict[str, str], dict[str, str]]:
    name = service.name
    export = json.loads((service / "consul-kv.json").read_text(encoding="utf-8"))
    prefix = f"fallback/{name}/v1/"
    consul = {e["key"].removeprefix(prefix): base64.b64decode(e["value"]).decode()
              for e in export if e["key"].startswith(prefix)}
    nacos = read_properties(service / "nacos" / f"fallback-{name}-v1.properties")
    return consul, nacos


def test_dual_registry_fallback_switches() -> None:
    schema = service_schema("fallback-switches.schema.json")
    consul, nacos = switches(PAYMENTS)                                            # RES-006
    assert consul == nacos and set(consul) == {"enabled", "timeout_ms"}
    assert error_paths(schema, consul) == set()
    consul, nacos = switches(ORDERS)
    assert consul["enabled"] == "true" and nacos["enabled"] == "false"
    assert set(consul) - set(nacos) == {"retryTimes"}
    assert error_paths(schema, consul) == {"$"}  # retryTimes is not snake_case (NAM-009)


def test_sandbox_markers() -> None:
    assert "x-spec-sandbox" not in json.dumps(spec(PAYMENTS))
    orders = spec(ORDERS)
    op = orders["paths"]["/v1/order-suggestions"]["post"]
    assert "trafficColoringLogSample" not in op["x-spec-sandbox-evidence"]        # SBX-002
    assert orders["paths"]["/v1/order-exports"]["x-spec-sandbox-evidence"]["expires"] < "2025"
    assert orders["components"]["schemas"]["OrderSuggestion"]["x-spec-sandbox"] is True


# --- files around the examples ---------------------------------------------------------------

def test_codeowners() -> None:
    owners = {"payments-svc": "@acme/payments-team", "orders-svc": "@acme/orders-team"}
    for name, team in owners.items():
        lines = [ln for ln in (SERVICES[name] / "CODEOWNERS").read_text().splitlines()
                 if ln and not ln.startswith("#")]
        assert lines == [f"* {team}"]


def test_orders_files_name_the_rules_they_break() -> None:
    rule = re.compile(r"\b(NAM|ERR|TRC|RES|REL|SBX|DOC|LOG)-\d{3}\b")
    files = [p for p in ORDERS.rglob("*") if p.suffix in {".yaml", ".properties"}
             and not p.name.startswith(".")]
    assert len(files) >= 9
    for path in files:
        header = path.read_text(encoding="utf-8").split("\n\n")[0]
        assert header.startswith("#") and rule.search(header), path


def test_readme_covers_every_rule() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| (\w{3}-\d{3}) \|.*$", text, re.M)}
    assert sorted(rows) == sorted(RULE_IDS)


def test_examples_are_not_in_python_paths() -> None:
    # Plain data: nothing under examples/ is code the test run could import.
    assert not list(Path(EXAMPLES).rglob("*.py"))
