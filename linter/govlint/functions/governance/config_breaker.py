"""Circuit breakers: the algorithm (RES-001) and trip conditions (RES-002) of the service
config's ``breaker`` and of Sentinel degrade rules; RES-001 also reads OpenSergo
``CircuitBreakerStrategy`` objects through the FaultToleranceRules that use them.

A breaker is *adaptive* (what 3.2 requires) when it trips on both dimensions - success rate
(error ratio) and latency (slow-request ratio) - over a statistics window. Count-based
breakers (``algorithm: sliding-window``, Sentinel's exception-count grade 2) and breakers that
watch one dimension only are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from govlint.documents.model import Document
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import (
    OPENSERGO_FAULT_TOLERANCE,
    describe,
    meta,
    objects,
    spec_of,
)
from govlint.functions.governance._options import MIN_REQUEST_AMOUNT
from govlint.functions.governance._service import GOVERNANCE_CONFIG
from govlint.functions.governance._values import as_list, integer, number, ratio

SENTINEL = "service-config:sentinel"
_SLOW, _ERROR_RATIO, _ERROR_COUNT = 0, 1, 2  # Sentinel RuleConstant.DEGRADE_GRADE_*
_SENTINEL_DEFAULT_MIN_REQUESTS = 5


def degrade_rules(doc: Document) -> Iterator[tuple[int, dict[str, Any]]]:
    """Sentinel degrade (circuit-breaking) rules of a Sentinel file: items with
    ``timeWindow``, or every item of a ``*DegradeRule*`` file."""
    if not isinstance(doc.data, list):
        return
    by_name = "degraderule" in doc.file.lower()
    for i, rule in enumerate(doc.data):
        if isinstance(rule, dict) and ("timeWindow" in rule or by_name) \
                and "paramIdx" not in rule:
            yield i, rule


def _grade(rule: dict[str, Any]) -> int | None:
    return integer(rule.get("grade", _SLOW))


# --- RES-001 ----------------------------------------------------------------------------


@rule_function("adaptiveBreaker", scope="workspace")
def adaptive_breaker(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    for doc in workspace.with_format(GOVERNANCE_CONFIG):
        yield from _config_algorithm(doc)
    by_resource: dict[str, list[tuple[Document, int, int]]] = {}
    for doc in workspace.with_format(SENTINEL):
        for i, rule in degrade_rules(doc):
            grade = _grade(rule)
            if grade == _ERROR_COUNT:
                yield Result("exception-count degrade rule (grade 2) is a count-based "
                             "breaker: use error-ratio (grade 1) plus slow-ratio (grade 0) "
                             "rules", (i, "grade"), document=doc)
            elif grade is not None and isinstance(rule.get("resource"), str):
                by_resource.setdefault(rule["resource"], []).append((doc, i, grade))
    for resource, rules in sorted(by_resource.items()):
        grades = {g for _, _, g in rules}
        if {_SLOW, _ERROR_RATIO} <= grades:
            continue
        doc, i, _ = rules[0]
        has = "a slow-request (grade 0)" if _SLOW in grades else "an error-ratio (grade 1)"
        lacks = "an error-ratio (grade 1)" if _SLOW in grades else "a slow-request (grade 0)"
        yield Result(f"resource {resource!r} has {has} breaker only: add {lacks} degrade "
                     "rule so it trips on both success rate and latency", (i,), document=doc)
    yield from _opensergo_dimensions(context)


def _config_algorithm(doc: Document) -> Iterator[Result]:
    breaker = doc.data.get("breaker") if isinstance(doc.data, dict) else None
    if not isinstance(breaker, dict):
        return
    algorithm = breaker.get("algorithm")
    if algorithm != "adaptive":
        yield Result(f"breaker.algorithm {algorithm!r}: time-window sliding-count breakers are "
                     "forbidden; use algorithm: adaptive (success rate + latency)",
                     ("breaker", "algorithm") if "algorithm" in breaker else ("breaker",),
                     document=doc)
        return
    missing = [k for k in ("errorRatio", "maxAllowedRtMs") if k not in breaker]
    if missing:
        yield Result(f"an adaptive breaker watches success rate and latency: set "
                     f"{' and '.join('breaker.' + m for m in missing)}", ("breaker",),
                     document=doc)


def _opensergo_dimensions(context: FunctionContext) -> Iterator[Result]:
    """Each target circuit-broken by FaultToleranceRules has an ErrorRequestRatio and a
    SlowRequestRatio CircuitBreakerStrategy."""
    workspace = context.workspace
    breakers: dict[tuple[Any, str], str] = {}
    for doc in objects(workspace, "CircuitBreakerStrategy", OPENSERGO_FAULT_TOLERANCE):
        spec = doc.data.get("spec")
        name = meta(doc.data, "name")
        if isinstance(spec, dict) and isinstance(name, str):
            breakers[(meta(doc.data, "namespace"), name)] = str(spec.get("strategy"))
    if not breakers:
        return
    targets: dict[tuple[Any, str], list[tuple[Document, int, str]]] = {}
    for doc in objects(workspace, "FaultToleranceRule", OPENSERGO_FAULT_TOLERANCE):
        spec = spec_of(doc.data)
        ns = meta(doc.data, "namespace")
        kinds = []
        for j, ref in enumerate(as_list(spec.get("strategies"))):
            if isinstance(ref, dict) and ref.get("kind") == "CircuitBreakerStrategy":
                found = breakers.get((ns, ref.get("name"))) or breakers.get(
                    (None, ref.get("name")))
                if found is not None:
                    kinds.append((j, found))
        if not kinds:
            continue
        for t in as_list(spec.get("targets")):
            resource = t.get("targetResourceName") if isinstance(t, dict) else None
            if isinstance(resource, str):
                for j, kind in kinds:
                    targets.setdefault((ns, resource), []).append((doc, j, kind))
    for (_, resource), found in sorted(targets.items(), key=lambda kv: str(kv[0])):
        kinds = {k for _, _, k in found}
        if {"ErrorRequestRatio", "SlowRequestRatio"} <= kinds:
            continue
        doc, j, _ = found[0]
        yield Result(f"{resource} is circuit-broken on {', '.join(sorted(kinds))} only "
                     f"({describe(doc)}): an adaptive breaker needs both an ErrorRequestRatio "
                     "and a SlowRequestRatio CircuitBreakerStrategy",
                     ("spec", "strategies", j), document=doc)


# --- RES-002 ----------------------------------------------------------------------------

@rule_function("breakerTripConditions", schema=MIN_REQUEST_AMOUNT)
def breaker_trip_conditions(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """RES-002: volume >= minRequestAmount, ratios in (0, 1], recovery window > 0."""
    doc = context.document
    minimum = options["minRequestAmount"]
    if doc is not None and SENTINEL in doc.formats:
        return list(_sentinel_trip(doc, minimum))
    if not isinstance(target, dict) or not isinstance(target.get("breaker"), dict):
        return None
    breaker = target["breaker"]
    out: list[Result] = []
    base = ("breaker",)
    amount = number(breaker.get("minRequestAmount"))
    if amount is None:
        out.append(Result(f"breaker.minRequestAmount is missing (must be >= {minimum})", base))
    elif amount < minimum:
        out.append(Result(f"breaker.minRequestAmount {breaker['minRequestAmount']} is below "
                          f"{minimum}: the breaker would trip on a handful of requests",
                          (*base, "minRequestAmount")))
    ratios = [k for k in ("errorRatio", "slowRequestRatio") if k in breaker]
    if not ratios:
        out.append(Result("breaker needs a ratio threshold (errorRatio or slowRequestRatio)",
                          base))
    for key in ratios:
        value = ratio(breaker[key])
        if value is None or not 0 < value <= 1:
            out.append(Result(f"breaker.{key} must be in (0, 1] (0 %-100 %), not "
                              f"{breaker[key]!r}", (*base, key)))
    recovery = number(breaker.get("recoveryTimeoutMs"))
    if recovery is None or recovery <= 0:
        out.append(Result("breaker.recoveryTimeoutMs must be > 0",
                          (*base, "recoveryTimeoutMs") if "recoveryTimeoutMs" in breaker
                          else base))
    return out


def _sentinel_trip(doc: Document, minimum: float) -> Iterator[Result]:
    for i, rule in degrade_rules(doc):
        amount = number(rule.get("minRequestAmount", _SENTINEL_DEFAULT_MIN_REQUESTS))
        if amount is None or amount < minimum:
            shown = rule.get("minRequestAmount", f"unset (Sentinel default "
                                                 f"{_SENTINEL_DEFAULT_MIN_REQUESTS})")
            yield Result(f"minRequestAmount {shown} is below {minimum}",
                         (i, "minRequestAmount") if "minRequestAmount" in rule else (i,),
                         document=doc)
        grade = _grade(rule)
        if grade == _ERROR_RATIO:
            value = number(rule.get("count"))
            if value is None or not 0 < value <= 1:
                yield Result(f"error-ratio threshold count must be in (0, 1], not "
                             f"{rule.get('count')!r}", (i, "count"), document=doc)
        if grade == _SLOW and "slowRatioThreshold" in rule:
            value = number(rule.get("slowRatioThreshold"))
            if value is None or not 0 < value <= 1:
                yield Result(f"slowRatioThreshold must be in (0, 1], not "
                             f"{rule.get('slowRatioThreshold')!r}", (i, "slowRatioThreshold"),
                             document=doc)
        window = number(rule.get("timeWindow"))
        if window is None or window <= 0:
            yield Result("timeWindow (recovery, seconds) must be > 0",
                         (i, "timeWindow") if "timeWindow" in rule else (i,), document=doc)


FUNCTIONS = collect(adaptive_breaker, breaker_trip_conditions)
