"""TRC-003: traffic coloring headers are declared by the operations they colour.

A TrafficRouter or an Istio VirtualService that matches on a header (``x-env``,
``x-mse-tag``) or a TrafficLane that matches on one or carries its tag in
``traceIdBaggage`` only works if callers send that header, so every operation of the
services it applies to declares it. OpenSergo modelled TrafficRouter on Istio's
VirtualService (same ``hosts`` and ``http[].match[].headers``), so both are read alike.
The services are those named by the router's ``hosts`` (or the lane's ``selector``
values); when none of those is in the workspace, the service directory the resource lives in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from govlint.documents.model import Document, Workspace
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import OPENSERGO_TRAFFIC, describe, objects, spec_of
from govlint.functions.governance._openapi import header_names, operations
from govlint.functions.governance._service import Service, service_of, services_named
from govlint.functions.governance._values import as_dict, as_list

ISTIO_NETWORKING = "networking.istio.io"
# Routers read alike: (kind, API group).
_ROUTERS = (("TrafficRouter", OPENSERGO_TRAFFIC), ("VirtualService", ISTIO_NETWORKING))


@rule_function("trafficColoringHeaders", scope="workspace")
def traffic_coloring_headers(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    wanted: dict[int, tuple[Service, dict[str, list[str]]]] = {}
    for kind, group in _ROUTERS:
        for doc in objects(workspace, kind, group):
            spec = spec_of(doc.data)
            headers = sorted(set(_router_headers(spec)))
            hosts = [h.split(".")[0] for h in as_list(spec.get("hosts")) if isinstance(h, str)]
            _want(workspace, doc, hosts, headers, wanted)
    for doc in objects(workspace, "TrafficLane", OPENSERGO_TRAFFIC):
        spec = spec_of(doc.data)
        headers = sorted(set(_lane_headers(spec)))
        selector = as_dict(spec.get("selector"))
        names = [v for v in selector.values() if isinstance(v, str)]
        _want(workspace, doc, names, headers, wanted)
    for _, (service, headers) in sorted(wanted.items(), key=lambda kv: kv[1][0].root):
        for spec_doc in service.specs():
            yield from _check_spec(spec_doc, headers)


def _want(workspace: Workspace, doc: Document, names: list[str], headers: list[str],
          wanted: dict[int, tuple[Service, dict[str, list[str]]]]) -> None:
    if not headers:
        return
    targets = [s for n in names for s in services_named(workspace, n)]
    if not targets:
        own = service_of(workspace, doc)
        targets = [own] if own is not None else []
    for service in targets:
        entry = wanted.setdefault(id(service), (service, {}))
        for header in headers:
            entry[1].setdefault(header, []).append(describe(doc))


def _check_spec(spec: Document, headers: dict[str, list[str]]) -> Iterator[Result]:
    for op in operations(spec.data):
        declared = header_names(spec.data, op)
        for header, sources in sorted(headers.items()):
            if header not in declared:
                yield Result(f"{op.label} does not declare header {header!r}, which traffic "
                             f"coloring routes on ({', '.join(sorted(set(sources)))})",
                             op.path, document=spec)


def _router_headers(spec: dict[str, Any]) -> Iterator[str]:
    """Header names of ``http[].match[].headers`` (not ``withoutHeaders``: a route taken
    when a header is absent colours nothing), pseudo-headers (``:authority``) left out."""
    for route in as_list(spec.get("http")):
        for match in as_list(route.get("match")) if isinstance(route, dict) else ():
            headers = match.get("headers") if isinstance(match, dict) else None
            if isinstance(headers, dict):
                yield from (str(h).lower() for h in headers if not str(h).startswith(":"))


def _lane_headers(spec: dict[str, Any]) -> Iterator[str]:
    rules = as_dict(spec.get("rules"))
    for holder in (rules, spec):
        baggage = holder.get("traceIdBaggage")
        if isinstance(baggage, str) and baggage:
            yield baggage.lower()
    headers = as_dict(as_dict(rules.get("traffic")).get("http")).get("headers")
    if isinstance(headers, dict):
        yield from (str(h).lower() for h in headers)
    elif isinstance(headers, list):
        for item in headers:
            if isinstance(item, dict):
                name = item.get("name") or item.get("key")
                if isinstance(name, str):
                    yield name.lower()
                else:
                    yield from (str(k).lower() for k in item if k not in ("exact", "prefix",
                                                                          "regex"))
            elif isinstance(item, str):
                yield item.lower()


FUNCTIONS = collect(traffic_coloring_headers)
