"""Fallback switches in Consul KV exports and Nacos ``.properties`` data ids: naming (NAM-009)
and values plus dual-registry consistency (RES-006).

A switch set belongs to one ``<service>/<version>``: the Consul keys
``fallback/<service>/<version>/<key>`` (values base64, as ``consul kv export`` writes them) and
the Nacos data id ``fallback-<service>-<version>.properties``. Consul keys and Nacos files
without "fallback" in their name are other configuration and are not read.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from govlint.documents.model import Document
from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._patterns import compile_pattern
from govlint.functions.governance._service import service_of, where

CONSUL = "service-config:consul-kv"
NACOS = "service-config:nacos"
CONSUL_KEY = re.compile(r"^fallback/([^/]+)/(v[0-9]+)/([^/]+)$")
NACOS_ID = re.compile(r"^fallback-(.+)-(v[0-9]+)\.properties$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@dataclass(slots=True)
class Switch:
    service: str
    version: str
    key: str
    value: Any  # decoded string (None: could not decode)
    doc: Document
    path: Path
    store: str  # "Consul" | "Nacos"


def consul_entries(doc: Document) -> Iterator[tuple[int, str, Any]]:
    """(index, key, raw value) of the fallback entries of a Consul export."""
    if not isinstance(doc.data, list):
        return
    for i, entry in enumerate(doc.data):
        if isinstance(entry, dict) and isinstance(entry.get("key"), str) \
                and "fallback" in entry["key"].lower() and not entry["key"].endswith("/"):
            yield i, entry["key"], entry.get("value")


def decode(value: Any) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def switches(docs: Iterable[Document]) -> Iterator[Switch]:
    """Every well-named switch of the given Consul and Nacos documents."""
    for doc in docs:
        if CONSUL in doc.formats:
            for i, key, raw in consul_entries(doc):
                m = CONSUL_KEY.match(key)
                if m:
                    yield Switch(m.group(1), m.group(2), m.group(3), decode(raw), doc,
                                 (i, "value"), "Consul")
        elif NACOS in doc.formats and isinstance(doc.data, dict):
            m = NACOS_ID.match(posixpath.basename(doc.file))
            if m:
                for key, value in doc.data.items():
                    yield Switch(m.group(1), m.group(2), str(key),
                                 value if isinstance(value, str) else _text(value), doc,
                                 (key,), "Nacos")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- NAM-009 ----------------------------------------------------------------------------

_NAMING_SCHEMA = {
    "type": "object",
    "properties": {"servicePattern": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}


@rule_function("fallbackSwitchNaming", schema=_NAMING_SCHEMA, scope="workspace")
def fallback_switch_naming(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    pattern = compile_pattern(options.get("servicePattern", r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
                              "serviceNamePattern", context.rule.name)
    workspace = context.workspace
    for doc in workspace.with_format(CONSUL):
        own = _own_name(context, doc)
        for i, key, _ in consul_entries(doc):
            m = CONSUL_KEY.match(key)
            if m is None:
                yield Result(f"fallback key {key!r} does not follow "
                             "fallback/<service>/<version>/<key>", (i, "key"), document=doc)
                continue
            yield from _parts(doc, (i, "key"), key, m.group(1), m.group(3), pattern, own)
    for doc in workspace.with_format(NACOS):
        name = posixpath.basename(doc.file)
        if "fallback" not in name.lower():
            continue
        m = NACOS_ID.match(name)
        if m is None:
            yield Result(f"Nacos data id {name!r} does not follow "
                         "fallback-<service>-<version>.properties", (), document=doc)
            continue
        own = _own_name(context, doc)
        service_issues = list(_parts(doc, (), name, m.group(1), None, pattern, own))
        yield from service_issues
        for key in doc.data if isinstance(doc.data, dict) else ():
            if not SNAKE.match(str(key)):
                yield Result(f"switch key {key!r} is not snake_case (e.g. timeout_ms, "
                             "enabled)", (key,), document=doc)


def _parts(doc: Document, path: Path, text: str, service: str, key: str | None,
           pattern: re.Pattern[str], own: str | None) -> Iterator[Result]:
    if not pattern.search(service):
        yield Result(f"service {service!r} in {text!r} does not match serviceNamePattern",
                     path, document=doc)
    elif own is not None and service != own:
        yield Result(f"{text!r} names service {service!r}, but this directory's service is "
                     f"{own!r}", path, document=doc)
    if key is not None and not SNAKE.match(key):
        yield Result(f"switch key {key!r} is not snake_case (e.g. timeout_ms, enabled)",
                     path, document=doc)


def _own_name(context: FunctionContext, doc: Document) -> str | None:
    service = service_of(context.workspace, doc)
    return service.name() if service is not None else None


# --- RES-006 ----------------------------------------------------------------------------

_BOOL = {"true": True, "false": False}


@rule_function("fallbackSwitchValues", scope="workspace")
def fallback_switch_values(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    workspace = context.workspace
    for doc in workspace.with_format(CONSUL):
        for i, key, raw in consul_entries(doc):
            if decode(raw) is None:
                yield Result(f"value of {key!r} is not valid base64 (consul kv export "
                             "encodes values)", (i, "value"), document=doc)
    found = list(switches([*workspace.with_format(CONSUL), *workspace.with_format(NACOS)]))
    for s in found:
        if s.value is None:
            continue
        problem = _value_problem(s.key, s.value)
        if problem:
            yield Result(f"{s.store} switch {s.key}: {problem}", s.path, document=s.doc)
    yield from _consistency(found)


def _value_problem(key: str, value: str) -> str | None:
    text = value.strip()
    if key == "timeout_ms" and not (text.isdigit() and int(text) > 0):
        return f"{value!r} is not a positive integer (milliseconds)"
    if key == "enabled" and text.lower() not in _BOOL:
        return f"{value!r} is not a boolean (true or false)"
    return None


def _normalised(key: str, value: str) -> Any:
    text = value.strip()
    if key == "enabled" and text.lower() in _BOOL:
        return _BOOL[text.lower()]
    if text.lstrip("-").isdigit():
        return int(text)
    return text


def _consistency(found: list[Switch]) -> Iterator[Result]:
    stores: dict[str, dict[tuple[str, str], dict[str, Switch]]] = {"Consul": {}, "Nacos": {}}
    for s in found:
        stores[s.store].setdefault((s.service, s.version), {}).setdefault(s.key, s)
    consul, nacos = stores["Consul"], stores["Nacos"]
    both_services = {svc for svc, _ in consul} & {svc for svc, _ in nacos}
    for sv in sorted(set(consul) | set(nacos)):
        service, version = sv
        if service not in both_services:
            continue  # a service kept in one registry only: nothing to compare
        c, n = consul.get(sv), nacos.get(sv)
        if c is None or n is None:
            have, other = (n, "Consul") if c is None else (c, "Nacos")
            first = next(iter(sorted(have.values(), key=lambda s: s.key)))
            expected = (f"keys fallback/{service}/{version}/*" if other == "Consul"
                        else f"data id fallback-{service}-{version}.properties")
            yield Result(f"{service} {version} fallback switches exist in {first.store} but "
                         f"{other} has no {expected}", first.path, document=first.doc)
            continue
        for key in sorted(set(c) | set(n)):
            a, b = c.get(key), n.get(key)
            if a is None and b is not None:
                yield Result(f"switch {key} of {service} {version} is in Nacos but not in "
                             f"Consul (fallback/{service}/{version}/{key})", b.path,
                             document=b.doc)
            elif b is None and a is not None:
                yield Result(f"switch {key} of {service} {version} is in Consul but not in "
                             f"Nacos ({where(next(iter(n.values())).doc)})", a.path,
                             document=a.doc)
            elif a is not None and b is not None and a.value is not None \
                    and b.value is not None \
                    and _normalised(key, a.value) != _normalised(key, b.value):
                yield Result(f"switch {key} of {service} {version} differs: Consul "
                             f"{a.value!r}, Nacos {b.value!r} ({where(b.doc)})", a.path,
                             document=a.doc)


FUNCTIONS = collect(fallback_switch_naming, fallback_switch_values)
