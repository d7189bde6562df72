"""Tracing: the service config's tracer (TRC-004), trace-header enforcement (TRC-005) and
Jaeger sampling-strategy files (TRC-006)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from govlint.documents.model import Document
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import describe
from govlint.functions.governance._openapi import operations
from govlint.functions.governance._service import (
    GOVERNANCE_CONFIG,
    Service,
    service_of,
    services,
)
from govlint.functions.governance._values import as_dict, as_list, number

_TRACER_SCHEMA = {
    "type": "object",
    "properties": {
        "fullSamplingEnvs": {"type": "array", "items": {"type": "string"}},
        "propagator": {"type": "string"},
    },
    "additionalProperties": False,
}


@rule_function("tracingConfigured", schema=_TRACER_SCHEMA)
def tracing_configured(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """TRC-004: tracing on, W3C propagation, no 100 % ``const`` sampling outside dev."""
    if not isinstance(target, dict):
        return None
    tracing = target.get("tracing")
    if not isinstance(tracing, dict):
        return [Result("no tracing section: tracing must be enabled with the "
                       "tracecontext propagator", ())]
    out: list[Result] = []
    if tracing.get("enabled") is not True:
        out.append(Result("tracing.enabled must be true",
                          ("tracing", "enabled") if "enabled" in tracing else ("tracing",)))
    wanted = options.get("propagator", "tracecontext")
    propagators = tracing.get("propagators")
    if not isinstance(propagators, list) or wanted not in propagators:
        out.append(Result(f"tracing.propagators must include {wanted} (W3C traceparent)",
                          ("tracing", "propagators") if "propagators" in tracing
                          else ("tracing",)))
    sampler = tracing.get("sampler")
    if isinstance(sampler, dict) and sampler.get("type") == "const" \
            and number(sampler.get("param")) == 1:
        env = as_dict(target.get("service")).get("env")
        allowed = options.get("fullSamplingEnvs", ["dev", "sandbox"])
        if env not in allowed:
            out.append(Result(f"const sampling with param 1 (100 %) is only allowed in "
                              f"{'/'.join(allowed)}, not in env {env!r}",
                              ("tracing", "sampler")))
    return out


@rule_function("traceEnforced", scope="workspace")
def trace_enforced(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    """TRC-005: requests without trace context are rejected (400) on the service's HTTP
    entries, and on its gRPC entries when it declares any (:func:`grpc_entry`)."""
    workspace = context.workspace
    for doc in workspace.with_format(GOVERNANCE_CONFIG):
        if isinstance(doc.data, dict) and workspace.reports(doc):
            yield from _enforcement(doc, grpc_entry(doc, service_of(workspace, doc)))


def _enforcement(doc: Document, grpc: str | None) -> Iterator[Result]:
    tracing = doc.data.get("tracing")
    enforce = tracing.get("enforce") if isinstance(tracing, dict) else None
    for entry in ("http", "grpc"):
        if entry == "grpc" and grpc is None:
            continue  # no gRPC entry: nothing to enforce
        if isinstance(enforce, dict) and enforce.get(entry) is True:
            continue
        path = ("tracing", "enforce", entry) if isinstance(enforce, dict) and \
            entry in enforce else (("tracing", "enforce") if isinstance(enforce, dict)
                                   else ("tracing",) if isinstance(tracing, dict) else ())
        label = "HTTP" if entry == "http" else "gRPC"
        why = "" if entry == "http" or grpc == "" else f" (the service has a gRPC entry: {grpc})"
        yield Result(f"tracing.enforce.{entry} must be true, so {label} requests without "
                     f"trace context are rejected with 400{why}", path, document=doc)


def grpc_entry(doc: Document, service: Service | None) -> str | None:
    """Where the service declares a gRPC entry: ``""`` when its governance config names
    ``tracing.enforce.grpc`` (whatever the value) or a ``grpc*`` key under ``server``; else
    the first Kubernetes port of its service directory named ``grpc``/``grpc-*`` or with
    ``appProtocol: grpc`` (Istio's and Kubernetes' conventions), described; else ``None``."""
    data = doc.data
    tracing = as_dict(data.get("tracing"))
    if "grpc" in as_dict(tracing.get("enforce")) or "grpc" in data or any(
            str(k).lower().startswith("grpc") for k in as_dict(data.get("server"))):
        return ""
    for other in service.documents if service is not None else ():
        if "k8s" in other.formats and isinstance(other.data, dict):
            port = _grpc_port(other.data, 0)
            if port is not None:
                return f"{describe(other)} port `{port}` in {other.file}"
    return None


def _grpc_port(node: Any, depth: int) -> str | None:
    """The name of the first gRPC port in a k8s object (``ports`` lists anywhere in it)."""
    if depth > 12:
        return None
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "ports" and isinstance(value, list):
                for port in value:
                    port = as_dict(port)
                    name = str(port.get("name", ""))
                    if name == "grpc" or name.startswith("grpc-") or \
                            str(port.get("appProtocol", "")).lower() == "grpc":
                        return name or str(port.get("port", port.get("containerPort", "")))
            elif isinstance(value, (dict, list)):
                found = _grpc_port(value, depth + 1)
                if found is not None:
                    return found
    elif isinstance(node, list):
        for item in node:
            found = _grpc_port(item, depth + 1)
            if found is not None:
                return found
    return None


# --- TRC-006: Jaeger sampling strategies -------------------------------------------------


@rule_function("samplingStrategies", scope="workspace")
def sampling_strategies(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    """TRC-006 over every Jaeger sampling-strategy file of the workspace."""
    operation_names = _operation_names_by_service(context)
    for doc in context.workspace.with_format("service-config:jaeger-sampling"):
        if not isinstance(doc.data, dict):
            continue
        yield from _check_sampling(doc, operation_names)


def _check_sampling(doc: Document, names: dict[str, set[str]]) -> Iterator[Result]:
    data = doc.data
    default = data.get("default_strategy")
    if not isinstance(default, dict):
        yield Result("no default_strategy: services without their own strategy fall back to "
                     "Jaeger's built-in 0.1 % sampling", (), document=doc)
    else:
        yield from _check_strategy(doc, default, ("default_strategy",))
        yield from _check_operations(doc, default, ("default_strategy",), None)
    for i, strategy in enumerate(as_list(data.get("service_strategies"))):
        if not isinstance(strategy, dict):
            continue
        base = ("service_strategies", i)
        yield from _check_strategy(doc, strategy, base)
        service = strategy.get("service")
        known = names.get(service) if isinstance(service, str) else None
        yield from _check_operations(doc, strategy, base, (service, known))


def _check_strategy(doc: Document, strategy: dict[str, Any], base: tuple[Any, ...]
                    ) -> Iterator[Result]:
    kind, param = strategy.get("type"), strategy.get("param")
    if kind is None and "param" not in strategy:
        return  # a strategy with only operation_strategies
    value = number(param)
    if kind == "probabilistic" and (value is None or not 0 < value <= 1):
        yield Result(f"probabilistic param must be in (0, 1], not {param!r}",
                     (*base, "param"), document=doc)
    elif kind == "ratelimiting" and (value is None or value <= 0):
        yield Result(f"ratelimiting param (traces per second) must be > 0, not {param!r}",
                     (*base, "param"), document=doc)


def _check_operations(doc: Document, strategy: dict[str, Any], base: tuple[Any, ...],
                      service: tuple[Any, set[str] | None] | None) -> Iterator[Result]:
    for j, op in enumerate(as_list(strategy.get("operation_strategies"))):
        if not isinstance(op, dict):
            continue
        where = (*base, "operation_strategies", j)
        value = number(op.get("param"))
        if op.get("type", "probabilistic") == "probabilistic" and (
                value is None or not 0 < value <= 1):
            yield Result(f"probabilistic param must be in (0, 1], not {op.get('param')!r}",
                         (*where, "param"), document=doc)
        name = op.get("operation")
        if service is None or service[1] is None or not isinstance(name, str):
            continue
        if _normalise(name) not in service[1]:
            yield Result(f"operation {name!r} is not an operation of service {service[0]!r} "
                         "(its OpenAPI spec declares no such operationId or 'METHOD /path')",
                         (*where, "operation"), document=doc)


def _operation_names_by_service(context: FunctionContext) -> dict[str, set[str]]:
    """Span names each service's spec allows: operationId, ``METHOD /path``,
    ``HTTP METHOD /path``, ``METHOD:/path`` and ``/path`` (normalised)."""
    out: dict[str, set[str]] = {}
    for service in services(context.workspace):
        name = service.name()
        if name is None or not service.specs():
            continue
        names = out.setdefault(name, set())
        for spec in service.specs():
            for op in operations(spec.data):
                if isinstance(op.data.get("operationId"), str):
                    names.add(_normalise(op.data["operationId"]))
                for form in (f"{op.method} {op.template}", f"http {op.method} {op.template}",
                             f"{op.method}:{op.template}", op.template):
                    names.add(_normalise(form))
    return out


def _normalise(name: str) -> str:
    return " ".join(name.strip().lower().split())


FUNCTIONS = collect(tracing_configured, trace_enforced, sampling_strategies)
