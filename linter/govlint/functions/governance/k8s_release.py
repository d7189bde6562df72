"""Release safety: gray releases (REL-001), Argo Rollouts canary steps (REL-002), traffic
routes (REL-003) and automatic rollback (REL-004)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from govlint.documents.model import Document, Workspace
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import (
    ARGO,
    ISTIO,
    OPENSERGO_TRAFFIC,
    describe,
    group_version,
    meta,
    objects,
    same_namespace,
    spec_of,
)
from govlint.functions.governance._values import as_dict, as_list, integer

# --- REL-001 ----------------------------------------------------------------------------


@rule_function("grayRelease", scope="workspace")
def gray_release(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    for doc in objects(workspace, "GrayRelease"):
        spec = spec_of(doc.data)
        yield from _split(doc, spec)
        yield from _target(workspace, doc, spec)


def _split(doc: Document, spec: dict[str, Any]) -> Iterator[Result]:
    split = spec.get("trafficSplit")
    if not isinstance(split, dict) or not split:
        yield Result("trafficSplit is missing", ("spec",), document=doc)
        return
    total = 0
    for track, value in split.items():
        weight = integer(value)
        if weight is None or not 0 <= weight <= 100:
            yield Result(f"trafficSplit.{track} must be an integer 0-100, not {value!r}",
                         ("spec", "trafficSplit", track), document=doc)
            return
        total += weight
    if total != 100:
        parts = " + ".join(f"{k} {v}" for k, v in split.items())
        yield Result(f"trafficSplit sums to {total} ({parts}), not 100",
                     ("spec", "trafficSplit"), document=doc)


def _target(workspace: Workspace, doc: Document, spec: dict[str, Any]) -> Iterator[Result]:
    ref = spec.get("targetRef")
    if not isinstance(ref, dict) or not isinstance(ref.get("kind"), str) \
            or not isinstance(ref.get("name"), str):
        yield Result("targetRef needs kind and name", ("spec",), document=doc)
        return
    group = group_version(ref.get("apiVersion"))[0] if ref.get("apiVersion") else None
    for other in objects(workspace, ref["kind"], group):
        if meta(other.data, "name") == ref["name"] and (
                ref.get("namespace") is None or meta(other.data, "namespace") in (
                    None, ref.get("namespace"))) and same_namespace(doc.data, other.data):
            return
    yield Result(f"targetRef {ref['kind']} {ref['name']!r} is not in the workspace",
                 ("spec", "targetRef"), document=doc)


# --- REL-002 ----------------------------------------------------------------------------

_CANARY_SCHEMA = {
    "type": "object",
    "properties": {
        "prodNamespaces": {"type": "array", "items": {"type": "string"}},
        "maxFirstCanaryWeight": {"type": "integer", "minimum": 0, "maximum": 100},
    },
    "required": ["prodNamespaces", "maxFirstCanaryWeight"],
    "additionalProperties": False,
}


@rule_function("canarySteps", schema=_CANARY_SCHEMA)
def canary_steps(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """REL-002 on one Argo Rollout."""
    if not isinstance(target, dict) or group_version(target.get("apiVersion"))[0] != ARGO:
        return None
    strategy = spec_of(target).get("strategy")
    canary = strategy.get("canary") if isinstance(strategy, dict) else None
    if not isinstance(canary, dict):
        return None
    base = ("spec", "strategy", "canary")
    steps = as_list(canary.get("steps"))
    out: list[Result] = []
    weights = [(i, s["setWeight"]) for i, s in enumerate(steps)
               if isinstance(s, dict) and "setWeight" in s]
    previous: int | None = None
    for n, (i, value) in enumerate(weights):
        path = (*base, "steps", i, "setWeight")
        weight = integer(value)
        if weight is None or not 0 <= weight <= 100:
            out.append(Result(f"setWeight must be an integer 0-100, not {value!r}", path))
            continue
        if n == 0 and weight > options["maxFirstCanaryWeight"]:
            out.append(Result(f"first canary step sends {weight} % of traffic; at most "
                              f"{options['maxFirstCanaryWeight']} % (maxFirstCanaryWeight)",
                              path))
        if previous is not None and weight <= previous:
            out.append(Result(f"setWeight {weight} does not increase on the previous step's "
                              f"{previous}", path))
        previous = weight
    namespace = meta(target, "namespace")
    if namespace in options["prodNamespaces"] and not _gated(canary, steps):
        out.append(Result(f"production rollout (namespace {namespace}) has no manual gate "
                          "(pause: {} without duration) or analysis step before full "
                          "promotion", (*base, "steps") if steps else base))
    return out


def _gated(canary: dict[str, Any], steps: list[Any]) -> bool:
    if isinstance(canary.get("analysis"), dict):
        return True  # background analysis aborts the rollout before promotion
    for step in steps:
        if not isinstance(step, dict):
            continue
        if step.get("setWeight") == 100:
            return False
        if "analysis" in step or _experiment_analyses(step):
            return True
        if "pause" in step:
            pause = step["pause"]
            if pause is None or (isinstance(pause, dict) and "duration" not in pause):
                return True
    return False


# --- REL-003 ----------------------------------------------------------------------------


@rule_function("trafficRoutes", scope="workspace")
def traffic_routes(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    subsets = _subsets(workspace)
    routers = [*objects(workspace, "VirtualService", ISTIO),
               *objects(workspace, "TrafficRouter", OPENSERGO_TRAFFIC)]
    for doc in routers:
        for i, route in enumerate(as_list(spec_of(doc.data).get("http"))):
            if not isinstance(route, dict) or not isinstance(route.get("route"), list):
                continue
            base = ("spec", "http", i, "route")
            yield from _weights(doc, route["route"], base)
            for j, dest in enumerate(route["route"]):
                d = dest.get("destination") if isinstance(dest, dict) else None
                if isinstance(d, dict):
                    yield from _destination(doc, d, (*base, j, "destination"), subsets)


def _weights(doc: Document, routes: list[Any], base: tuple[Any, ...]) -> Iterator[Result]:
    weights = [r.get("weight") for r in routes if isinstance(r, dict)]
    if len(weights) <= 1 and all(w is None for w in weights):
        return  # one destination takes all traffic
    total = sum(w for w in weights if integer(w) is not None)
    if total != 100:
        yield Result(f"route weights sum to {total}, not 100", base, document=doc)


def _destination(doc: Document, d: dict[str, Any], path: tuple[Any, ...],
                 subsets: dict[str, list[tuple[Document, set[str]]]]) -> Iterator[Result]:
    host, subset = d.get("host"), d.get("subset")
    if isinstance(host, str) and isinstance(subset, str):
        yield from _subset_exists(doc, host, subset, (*path, "subset"), subsets)
    fallback = d.get("fallback")
    if isinstance(fallback, dict):
        f_host = fallback.get("host", host)
        f_subset = fallback.get("subset")
        if isinstance(f_subset, str) and f_subset == subset and _short(f_host) == _short(host):
            yield Result(f"fallback names the same subset {subset!r} as the destination",
                         (*path, "fallback", "subset"), document=doc)
        elif isinstance(f_host, str) and isinstance(f_subset, str):
            yield from _subset_exists(doc, f_host, f_subset, (*path, "fallback", "subset"),
                                      subsets)


def _subset_exists(doc: Document, host: str, subset: str, path: tuple[Any, ...],
                   subsets: dict[str, list[tuple[Document, set[str]]]]) -> Iterator[Result]:
    candidates = [(d, names) for d, names in subsets.get(_short(host), [])
                  if same_namespace(doc.data, d.data)]
    if any(subset in names for _, names in candidates):
        return
    if candidates:
        known = sorted({n for _, names in candidates for n in names})
        yield Result(f"subset {subset!r} of host {host} is not defined by its "
                     f"DestinationRule (defines {', '.join(known) or 'none'})", path,
                     document=doc)
    else:
        yield Result(f"subset {subset!r} of host {host}: no DestinationRule for this host "
                     "in the workspace defines it", path, document=doc)


def _short(host: Any) -> str:
    """``reviews.prod.svc.cluster.local`` and ``reviews`` name the same service."""
    return host.split(".")[0] if isinstance(host, str) else ""


def _subsets(workspace: Workspace) -> dict[str, list[tuple[Document, set[str]]]]:
    out: dict[str, list[tuple[Document, set[str]]]] = {}
    for doc in [*objects(workspace, "DestinationRule", ISTIO),
                *objects(workspace, "VirtualWorkload", OPENSERGO_TRAFFIC)]:
        spec = spec_of(doc.data)
        names = {s.get("name") for s in as_list(spec.get("subsets")) if isinstance(s, dict)}
        host = spec.get("host")
        if isinstance(host, str):
            out.setdefault(_short(host), []).append((doc, {n for n in names if n}))
    return out


# --- REL-004 ----------------------------------------------------------------------------


@rule_function("canaryRollback", scope="workspace")
def canary_rollback(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    templates = {(d.data.get("kind"), meta(d.data, "name")): d for kind in (
        "AnalysisTemplate", "ClusterAnalysisTemplate") for d in objects(workspace, kind, ARGO)}
    for doc in objects(workspace, "Rollout", ARGO):
        strategy = spec_of(doc.data).get("strategy")
        canary = strategy.get("canary") if isinstance(strategy, dict) else None
        if not isinstance(canary, dict) or not (canary.get("steps") or
                                                 canary.get("trafficRouting")):
            continue  # no steps and no traffic routing: a plain rolling update
        refs = list(_analysis_refs(canary))
        base = ("spec", "strategy", "canary")
        if not refs:
            yield Result("canary has no analysis: nothing rolls it back automatically on "
                         "error rate or latency (add background analysis or analysis steps)",
                         base, document=doc)
            continue
        for path, ref in refs:
            kind = "ClusterAnalysisTemplate" if ref.get("clusterScope") else "AnalysisTemplate"
            template = templates.get((kind, ref.get("templateName")))
            if template is not None and not _can_fail(template):
                yield Result(f"{describe(template)} has no metric with a successCondition/"
                             "failureCondition: the analysis can never fail and roll back",
                             path, document=doc)


def _analysis_refs(canary: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    base = ("spec", "strategy", "canary")
    background = canary.get("analysis")
    if isinstance(background, dict):
        for i, t in enumerate(as_list(background.get("templates"))):
            if isinstance(t, dict):
                yield (*base, "analysis", "templates", i), t
    for i, step in enumerate(as_list(canary.get("steps"))):
        analysis = step.get("analysis") if isinstance(step, dict) else None
        if isinstance(analysis, dict):
            for j, t in enumerate(as_list(analysis.get("templates"))):
                if isinstance(t, dict):
                    yield (*base, "steps", i, "analysis", "templates", j), t
        for j, t in _experiment_analyses(step):
            yield (*base, "steps", i, "experiment", "analyses", j), t


def _experiment_analyses(step: Any) -> list[tuple[int, dict[str, Any]]]:
    """Analyses run by an experiment step: their failure aborts the rollout too."""
    experiment = step.get("experiment") if isinstance(step, dict) else None
    analyses = experiment.get("analyses") if isinstance(experiment, dict) else None
    return [(j, a) for j, a in enumerate(as_list(analyses)) if isinstance(a, dict)]


def _can_fail(template: Document) -> bool:
    for metric in as_list(spec_of(template.data).get("metrics")):
        if not isinstance(metric, dict):
            continue
        provider = as_dict(metric.get("provider"))
        if metric.get("successCondition") or metric.get("failureCondition") \
                or "job" in provider or "kayenta" in provider:
            return True
    return False


FUNCTIONS = collect(gray_release, canary_steps, traffic_routes, canary_rollback)
