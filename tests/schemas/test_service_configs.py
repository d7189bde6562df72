"""The service-config and third-party format schemas: what they accept and what they reject."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from .support import SCHEMAS, error_paths, errors, service_schema

SCHEMA_FILES = [
    "service-config.schema.json", "error-catalog.schema.json", "jaeger-sampling.schema.json",
    "sentinel-rules.schema.json", "consul-kv-export.schema.json", "fallback-switches.schema.json",
]

GOOD_SERVICE: dict[str, Any] = {
    "service": {"name": "orders-svc", "env": "prod"},
    "tracing": {
        "enabled": True,
        "propagators": ["tracecontext", "baggage"],
        "enforce": {"http": True, "grpc": True},
        "sampler": {"type": "ratelimiting", "param": 100},
    },
    "breaker": {
        "algorithm": "adaptive", "minRequestAmount": 50, "errorRatio": 0.5,
        "slowRequestRatio": 0.5, "maxAllowedRtMs": 500, "recoveryTimeoutMs": 5000,
    },
    "config": {"source": "nacos", "watch": False},
    "logging": {"format": "json", "fields": ["trace_id", "span_id", "service", "level"]},
}


def with_change(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD_SERVICE)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = service_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert "additionalProperties" in schema["description"]  # the decision is documented


def test_service_configs_map_names_existing_schemas() -> None:
    mapping = json.loads((SCHEMAS / "service-configs.json").read_text(encoding="utf-8"))
    assert set(mapping["types"]) == {
        "governance", "jaeger-sampling", "sentinel", "consul-kv", "nacos", "error-catalog",
    }
    for name in [*mapping["types"].values(), mapping["fallbackSwitches"]]:
        assert name is None or (SCHEMAS / name).is_file()


def test_spec_section_10_example_is_valid() -> None:
    assert errors(service_schema("service-config.schema.json"), GOOD_SERVICE) == []


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("service", "env"), "production", "$.service.env"),
        (("breaker", "minRequestAmmount"), 50, "$.breaker"),  # typo in a closed section
        (("breaker", "errorRatio"), 0, "$.breaker.errorRatio"),
        (("breaker", "errorRatio"), 1.2, "$.breaker.errorRatio"),
        (("breaker", "recoveryTimeoutMs"), 0, "$.breaker.recoveryTimeoutMs"),
        (("breaker", "algorithm"), "token-bucket", "$.breaker.algorithm"),
        (("tracing", "sampler"), {"type": "const", "param": 0.5}, "$.tracing.sampler.param"),
        (("tracing", "sampler"), {"type": "probabilistic", "param": 2}, "$.tracing.sampler.param"),
        (("tracing", "sampler"), {"type": "probabilistic"}, "$.tracing.sampler"),
        (("tracing", "propagators"), ["w3c"], "$.tracing.propagators[0]"),
        (("config", "source"), "zookeeper", "$.config.source"),
        (("logging", "fields"), ["traceId"], "$.logging.fields[0]"),
    ],
)
def test_service_config_rejects(path: tuple[str, ...], value: Any, where: str) -> None:
    assert where in error_paths(service_schema("service-config.schema.json"),
                                with_change(path, value))


def test_service_config_keeps_policy_out_and_extensions_in() -> None:
    schema = service_schema("service-config.schema.json")
    # 3.1-valid values stay schema-valid: the version policy is the rules' job.
    assert errors(schema, with_change(("breaker", "algorithm"), "sliding-window")) == []
    assert errors(schema, with_change(("breaker", "minRequestAmount"), 5)) == []
    assert errors(schema, with_change(("tracing", "sampler"), {"type": "const", "param": 1})) == []
    assert errors(schema, with_change(("config", "watch"), True)) == []
    # Open where documented: vendor keys in sections, application settings at the top.
    assert errors(schema, with_change(("breaker", "x-sentinel-app"), "orders")) == []
    assert errors(schema, {**GOOD_SERVICE, "server": {"httpPort": 8080}}) == []
    assert error_paths(schema, {"tracing": {"enabled": True}}) == {"$"}


def test_error_catalog() -> None:
    schema = service_schema("error-catalog.schema.json")
    good = {"codes": [{"code": "ORD-0001", "http": 404, "message": "Order not found",
                       "owner": "orders-team", "i18n": {"zh-CN": "订单不存在"}}]}
    assert errors(schema, good) == []
    assert error_paths(schema, {"codes": [{"code": "X", "http": 200, "message": "ok"}]}) == {
        "$.codes[0].http"}
    assert error_paths(schema, {"code": []}) == {"$"}


def test_jaeger_sampling() -> None:
    schema = service_schema("jaeger-sampling.schema.json")
    good = {
        "default_strategy": {"type": "probabilistic", "param": 0.5,
                             "operation_strategies": [
                                 {"operation": "/health", "type": "probabilistic", "param": 0}]},
        "service_strategies": [{"service": "foo", "type": "ratelimiting", "param": 5}],
    }
    assert errors(schema, good) == []
    assert error_paths(schema, {"default_strategy": {"type": "probabilistic", "param": 1.5}}) == {
        "$.default_strategy.param"}
    bad_op = {"service_strategies": [{"service": "foo", "operation_strategies": [
        {"operation": "op", "type": "ratelimiting", "param": 0.5}]}]}
    assert error_paths(schema, bad_op) == {
        "$.service_strategies[0].operation_strategies[0].type"}
    assert error_paths(schema, {"default_stratergy": {}}) == {"$"}


def test_sentinel_rules_recognise_the_rule_kind() -> None:
    schema = service_schema("sentinel-rules.schema.json")
    flow = {"resource": "GET:/v1/foo", "grade": 1, "count": 100, "strategy": 0,
            "controlBehavior": 0}
    degrade = {"resource": "GET:/v1/foo", "grade": 0, "count": 500, "timeWindow": 10,
               "minRequestAmount": 100, "slowRatioThreshold": 0.5, "statIntervalMs": 1000}
    system = {"highestSystemLoad": -1, "highestCpuUsage": 0.8, "qps": -1}
    authority = {"resource": "GET:/v1/foo", "limitApp": "app-a,app-b", "strategy": 1}
    assert errors(schema, [flow, degrade, system, authority]) == []
    assert error_paths(schema, [{**degrade, "grade": 3}]) == {"$[0].grade"}
    assert error_paths(schema, [{**degrade, "grade": 1, "count": 2}]) == {"$[0].count"}
    assert error_paths(schema, [{**flow, "strategy": 1}]) == {"$[0]"}  # needs refResource
    assert error_paths(schema, [{**flow, "controlBehavior": 7}]) == {"$[0].controlBehavior"}
    # Policy thresholds are RES-002's, not the shape's.
    assert errors(schema, [{**degrade, "timeWindow": 0, "minRequestAmount": 5}]) == []


def test_consul_kv_export() -> None:
    schema = service_schema("consul-kv-export.schema.json")
    good = [{"key": "fallback/orders-svc/v1/enabled", "flags": 0, "value": "dHJ1ZQ=="},
            {"key": "empty", "flags": 0, "value": ""}]
    assert errors(schema, good) == []
    assert error_paths(schema, [{"key": "a", "flags": 0, "value": "dHJ1ZQ"}]) == {"$[0].value"}
    assert error_paths(schema, [{"key": "/a", "flags": 0, "value": ""}]) == {"$[0].key"}
    assert error_paths(schema, [{"Key": "a", "Flags": 0, "Value": ""}]) == {"$[0]"}


def test_fallback_switches() -> None:
    schema = service_schema("fallback-switches.schema.json")
    assert errors(schema, {"enabled": "true", "timeout_ms": "800", "retry_times": "3"}) == []
    assert errors(schema, {"enabled": False, "timeout_ms": 800}) == []
    assert error_paths(schema, {"enabled": "yes"}) == {"$.enabled"}
    assert error_paths(schema, {"timeout_ms": "-1"}) == {"$.timeout_ms"}
    assert error_paths(schema, {"timeoutMs": "800"}) == {"$"}
