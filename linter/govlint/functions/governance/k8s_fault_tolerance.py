"""OpenSergo fault tolerance: FaultToleranceRule references and thresholds (RES-004),
CircuitBreakerStrategy settings (RES-005), and the responses that limited or broken
operations document (ERR-006, across the FaultToleranceRule and the service's spec).

Schema validity of these objects is ``k8s-crd-schema``'s job (once, not per rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from govlint.documents.model import Document, Workspace
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import (
    OPENSERGO_FAULT_TOLERANCE,
    describe,
    meta,
    objects,
    same_namespace,
    spec_of,
)
from govlint.functions.governance._openapi import documents_status, find_operations, status_codes
from govlint.functions.governance._options import MIN_REQUEST_AMOUNT
from govlint.functions.governance._service import service_of, where
from govlint.functions.governance._values import as_list, number, ratio

STRATEGY_KINDS = ("RateLimitStrategy", "ConcurrencyLimitStrategy", "ThrottlingStrategy",
                  "CircuitBreakerStrategy", "AdaptiveOverloadProtectionStrategy")
# What a client sees when a strategy rejects a request (ERR-006).
REJECT_STATUS = {
    "RateLimitStrategy": 429,
    "ConcurrencyLimitStrategy": 429,
    "ThrottlingStrategy": 429,
    "CircuitBreakerStrategy": 503,
    "AdaptiveOverloadProtectionStrategy": 503,
}
_HTTP_TARGET = re.compile(r"^(?:([A-Za-z]+):)?(/\S*)$")


def _strategy_index(workspace: Workspace) -> dict[tuple[str, str], list[Document]]:
    index: dict[tuple[str, str], list[Document]] = {}
    for kind in STRATEGY_KINDS:
        for doc in objects(workspace, kind, OPENSERGO_FAULT_TOLERANCE):
            name = meta(doc.data, "name")
            if isinstance(name, str):
                index.setdefault((kind, name), []).append(doc)
    return index


# --- RES-004 ----------------------------------------------------------------------------


@rule_function("faultToleranceReferences", scope="workspace")
def fault_tolerance_references(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    strategies = _strategy_index(workspace)
    for doc in objects(workspace, "FaultToleranceRule", OPENSERGO_FAULT_TOLERANCE):
        yield from _check_rule(doc, strategies)
    for doc in objects(workspace, "RateLimitStrategy", OPENSERGO_FAULT_TOLERANCE):
        spec = spec_of(doc.data)
        threshold = number(spec.get("threshold"))
        if threshold is None or threshold <= 0:
            yield Result(f"RateLimitStrategy threshold must be > 0, not "
                         f"{spec.get('threshold')!r}",
                         ("spec", "threshold") if "threshold" in spec else ("spec",),
                         document=doc)


def _check_rule(doc: Document, strategies: dict[tuple[str, str], list[Document]]
                ) -> Iterator[Result]:
    spec = spec_of(doc.data)
    targets = spec.get("targets")
    if not isinstance(targets, list) or not any(
            isinstance(t, dict) and t.get("targetResourceName") for t in targets):
        yield Result("a FaultToleranceRule needs at least one target (targetResourceName)",
                     ("spec", "targets") if "targets" in spec else ("spec",), document=doc)
    refs = spec.get("strategies")
    if not isinstance(refs, list) or not refs:
        yield Result("a FaultToleranceRule needs at least one strategy",
                     ("spec", "strategies") if "strategies" in spec else ("spec",),
                     document=doc)
        return
    for j, ref in enumerate(refs):
        if not isinstance(ref, dict):
            continue
        kind, name = ref.get("kind"), ref.get("name")
        if not isinstance(kind, str) or not isinstance(name, str):
            continue  # shape errors are k8s-crd-schema's
        found = [d for d in strategies.get((kind, name), ())
                 if same_namespace(doc.data, d.data)]
        if found:
            continue
        other = sorted(k for (k, n) in strategies if n == name)
        hint = f" (a {', '.join(other)} of that name exists: wrong kind?)" if other else ""
        yield Result(f"strategy {kind} {name!r} does not exist in the workspace{hint}",
                     ("spec", "strategies", j), document=doc)


# --- RES-005 ----------------------------------------------------------------------------

@rule_function("circuitBreakerStrategy", schema=MIN_REQUEST_AMOUNT)
def circuit_breaker_strategy(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """RES-005: volume >= minRequestAmount, a recovery timeout, a trigger ratio <= 100 %."""
    if not isinstance(target, dict) or not isinstance(target.get("spec"), dict):
        return None
    spec = target["spec"]
    minimum = options["minRequestAmount"]
    out: list[Result] = []
    amount = number(spec.get("minRequestAmount"))
    if amount is None or amount < minimum:
        shown = spec.get("minRequestAmount", "unset")
        out.append(Result(f"minRequestAmount {shown} is below {minimum}: the breaker would "
                          "trip on a handful of requests",
                          ("spec", "minRequestAmount") if "minRequestAmount" in spec
                          else ("spec",)))
    recovery = spec.get("recoveryTimeout")
    if recovery in (None, "") or (number(recovery) is not None and number(recovery) <= 0):
        out.append(Result("recoveryTimeout must be set (e.g. '5s')",
                          ("spec", "recoveryTimeout") if "recoveryTimeout" in spec
                          else ("spec",)))
    trigger = spec.get("triggerRatio")
    value = ratio(trigger)
    if trigger is not None and (value is None or not 0 < value <= 1):
        out.append(Result(f"triggerRatio must be in (0 %, 100 %], not {trigger!r}",
                          ("spec", "triggerRatio")))
    elif trigger is None:
        out.append(Result("triggerRatio must be set (e.g. '50%')", ("spec",)))
    return out


# --- ERR-006 ----------------------------------------------------------------------------


@rule_function("faultToleranceResponses", scope="workspace")
def fault_tolerance_responses(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    """Operations a FaultToleranceRule rate-limits document 429, circuit-breaks 503."""
    workspace = context.workspace
    missing: dict[tuple[int, tuple[Any, ...], int], tuple[Document, str, list[str]]] = {}
    for doc in objects(workspace, "FaultToleranceRule", OPENSERGO_FAULT_TOLERANCE):
        service = service_of(workspace, doc)
        specs = service.specs() if service is not None else []
        if not specs:
            continue
        spec = spec_of(doc.data)
        statuses: dict[int, list[str]] = {}
        for ref in as_list(spec.get("strategies")):
            if isinstance(ref, dict) and ref.get("kind") in REJECT_STATUS:
                statuses.setdefault(REJECT_STATUS[ref["kind"]], []).append(
                    f"{ref['kind']} {ref.get('name')}")
        if not statuses:
            continue
        for i, t in enumerate(as_list(spec.get("targets"))):
            resource = t.get("targetResourceName") if isinstance(t, dict) else None
            m = _HTTP_TARGET.match(resource) if isinstance(resource, str) else None
            if m is None:
                continue  # not an HTTP target (gRPC service/method, a custom resource name)
            method, path = m.group(1), m.group(2)
            found = [(s, op) for s in specs for op in find_operations(s.data, method, path)]
            if not found:
                files = ", ".join(where(s) for s in specs)
                yield Result(f"target {resource!r} names no operation of the service's spec "
                             f"({files})", ("spec", "targets", i, "targetResourceName"),
                             document=doc)
                continue
            for s, op in found:
                codes = status_codes(op)
                for status, why in sorted(statuses.items()):
                    if documents_status(codes, status):
                        continue
                    key = (id(s), op.path, status)
                    entry = missing.setdefault(key, (s, op.label, []))
                    entry[2].append(f"{describe(doc)} ({', '.join(why)})")
    for (_, pointer, status), (s, label, reasons) in sorted(
            missing.items(), key=lambda kv: (kv[1][0].file, str(kv[0][1]), kv[0][2])):
        verb = "rate-limited" if status == 429 else "circuit-broken"
        yield Result(f"{label} is {verb} by {'; '.join(sorted(set(reasons)))} but does not "
                     f"document a {status} response", (*pointer, "responses"), document=s)


FUNCTIONS = collect(fault_tolerance_references, circuit_breaker_strategy,
                    fault_tolerance_responses)
