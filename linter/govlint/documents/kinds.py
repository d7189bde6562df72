"""What a document is: its kind and the formats rules select on (architecture.md).

Kind comes from content first, then from the file name:

1. ``swagger: 2`` / ``openapi: 3`` -> OpenAPI (Spectral's detection).
2. ``apiVersion`` + ``kind`` (strings) -> a Kubernetes object, whatever the file is called
   (Helm and kustomize name a ``kind: Service`` manifest ``service.yaml``). A document
   with that header is never a service config. Client-side tool configuration written in
   the same style (kustomize ``Kustomization``/``Component``, skaffold, kind, kubeconfig,
   kubeadm and component configs), kustomize ``$patch: delete`` directives and the files a
   kustomization lists as patches (partial objects) never reach a cluster as written: they
   are generic documents, not judged by Kubernetes rules.
3. A service config when the file name matches a type's glob (``config.service_configs``)
   **and** the content has that type's shape (``SHAPES``). A name match with the wrong
   shape is left alone, never judged by another type's schema, and gets one ``info``
   finding (``service-config-shape``) saying why, unless its content is recognisably
   another format (a Consul agent config, a Serverless service: ``Other``) or it is a
   ``.properties`` file (see ``_nacos``).
   Globs the user listed in ``.govlint.yaml`` (``service-configs:``, ``errorCatalog:``) are
   an explicit statement: such a file is taken for the type whatever its shape (its
   schema then says what is wrong), unless its content says it is an OpenAPI document or
   a Kubernetes object.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govlint.documents.model import (
    KIND_GENERIC,
    KIND_K8S,
    KIND_OPENAPI,
    KIND_SERVICE_CONFIG,
    Document,
)
from govlint.files.globs import compile_glob
from govlint.findings.model import Finding, Severity

SHAPE_RULE = "service-config-shape"

_OAS3_0 = re.compile(r"^3\.0(?:\.[0-9]*)?$")
_OAS3_1 = re.compile(r"^3\.1(?:\.[0-9]*)?$")
_OAS3_2 = re.compile(r"^3\.2(?:\.[0-9]*)?$")

# API groups of configuration that command-line tools read and no API server serves.
_TOOL_GROUPS = ("kustomize.config.k8s.io", "skaffold", "kind.x-k8s.io", "kubeadm.k8s.io",
                "kpt.dev", "config.kubernetes.io", "k3d.io", "ctlptl.dev", "audit.k8s.io")
_TOOL_GROUP_SUFFIXES = (".config.k8s.io",)  # kubelet, kube-proxy, apiserver, scheduler ...


# ---------------------------------------------------------------- service-config shapes
#
# Each returns None when ``data`` has the type's shape, else why it has not (the text
# after "but" in the info finding); an ``Other`` reason names the format the file is
# instead, and then there is no finding: the file is recognised, as a Kubernetes object
# named service.yaml is. Signatures come from SPEC-v3.2 section 10, the schemas in
# schemas/ and the tools' own file formats.


class Other(str):
    """Why a file is not of a type when it is recognisably another format."""

_GOVERNANCE_SECTIONS = ("service", "tracing", "breaker", "config", "logging")


def _governance(data: Any) -> str | None:
    """The spec's service config: a mapping with a ``service`` mapping, or (the identity
    not written yet) one of the tracing/breaker/config/logging sections as a mapping.
    ``service: <string>`` is Serverless Framework's and Google's API service config has
    ``type: google.api.Service``."""
    expected = "has no service, tracing, breaker, config or logging section"
    if not isinstance(data, dict):
        return f"is {_what(data)}, not a mapping with service/tracing/breaker sections"
    if data.get("type") == "google.api.Service":
        return Other("is a Google API service config (type: google.api.Service)")
    if _consul_service(data):
        return Other("is a Consul service definition (service with port/check/tags ...)")
    if "service" in data:
        if isinstance(data["service"], dict):
            return None
        if isinstance(data["service"], str) and "provider" in data:
            return Other("is a Serverless Framework service (service, provider)")
        return f"its 'service' is {_what(data['service'])}, not the service's identity section"
    if any(isinstance(data.get(k), dict) for k in _GOVERNANCE_SECTIONS):
        return None
    return expected


_CONSUL_SERVICE_KEYS = frozenset({"port", "check", "checks", "connect", "address", "tags",
                                  "id", "meta", "enable_tag_override", "proxy", "weights",
                                  "token", "tagged_addresses", "socket_path"})


def _consul_service(data: dict[str, Any]) -> bool:
    """Consul's service definition (``{"service": {"name", "port", "check"}}`` or
    ``{"services": [...]}``), often named ``service.json``: no governance section beside
    it, no ``env`` and at least one Consul-only key in the service."""
    if any(k in data for k in _GOVERNANCE_SECTIONS[1:]):
        return False
    entries = [data.get("service")] if "service" in data else \
        data.get("services") if isinstance(data.get("services"), list) else []
    return bool(entries) and all(
        isinstance(e, dict) and "env" not in e and not _CONSUL_SERVICE_KEYS.isdisjoint(e)
        for e in entries)


def _jaeger(data: Any) -> str | None:
    """Jaeger's sampling strategies file: ``default_strategy`` and/or
    ``service_strategies``."""
    if isinstance(data, dict) and ("default_strategy" in data or "service_strategies" in data):
        return None
    if isinstance(data, dict):
        return "has neither default_strategy nor service_strategies"
    return f"is {_what(data)}, not a mapping with default_strategy/service_strategies"


_SENTINEL_KEYS = frozenset({"count", "grade", "limitApp", "strategy", "timeWindow",
                            "paramIdx", "controlBehavior"})
_SENTINEL_SYSTEM_KEYS = frozenset({"highestSystemLoad", "highestCpuUsage", "qps", "avgRt",
                                   "maxThread"})


def _sentinel(data: Any) -> str | None:
    """Sentinel rule files: an array of rule objects; at least one is a rule (``resource``
    plus a flow/degrade/param/authority key, or a system rule's threshold key). A rule
    with a typo still fits, so its schema error is reported."""
    if not isinstance(data, list):
        return f"is {_what(data)}, not an array of Sentinel rules"
    if not data:
        return None
    if not all(isinstance(item, dict) for item in data):
        return "is an array whose items are not all objects"
    for item in data:
        if isinstance(item.get("resource"), str) and not _SENTINEL_KEYS.isdisjoint(item):
            return None
        if "resource" not in item and not _SENTINEL_SYSTEM_KEYS.isdisjoint(item):
            return None
    return "has no Sentinel rule (resource with count, grade, limitApp ...)"


_CONSUL_AGENT_KEYS = ("datacenter", "server", "ports", "data_dir", "bootstrap_expect",
                      "retry_join", "acl", "node_name", "bind_addr", "client_addr", "ui_config")


def _consul_kv(data: Any) -> str | None:
    """``consul kv export`` output: an array of ``{key, flags, value}`` objects. A Consul
    agent configuration (datacenter, server, ports ...) is a mapping and is not one."""
    if isinstance(data, dict):
        agent = [k for k in _CONSUL_AGENT_KEYS if k in data]
        if agent:
            return Other(f"is a Consul agent configuration ({', '.join(agent[:3])})")
        return "is a mapping, not `consul kv export` output (an array of {key, flags, value})"
    if not isinstance(data, list):
        return f"is {_what(data)}, not an array of {{key, flags, value}} objects"
    if not data:
        return None
    if not all(isinstance(item, dict) for item in data):
        return "is an array whose items are not all objects"
    if any(isinstance(item.get("key"), str) and ("value" in item or "flags" in item)
           for item in data):
        return None
    return "has no {key, flags, value} entry"


def _nacos(data: Any) -> str | None:
    """A ``.properties`` file is a Nacos data id only when its name says it holds fallback
    switches (``fallback-<service>-<version>.properties``, section 10): nothing in a
    ``.properties`` file tells a Nacos data id from ``gradle-wrapper.properties``, and
    govlint reads Nacos for fallback switches only (NAM-009, RES-006). Not a finding:
    every Java repository has such files."""
    return None if isinstance(data, dict) else "is not a set of properties"


def _error_catalog(data: Any) -> str | None:
    if isinstance(data, dict) and "codes" in data:
        return None
    return "has no 'codes' list" if isinstance(data, dict) else \
        f"is {_what(data)}, not a mapping with a 'codes' list"


@dataclass(frozen=True, slots=True)
class Shape:
    title: str
    fits: Callable[[Any], str | None]
    quiet: bool = False  # a name match with another shape gets no finding


SHAPES: dict[str, Shape] = {
    "governance": Shape("service governance config", _governance),
    "jaeger-sampling": Shape("Jaeger sampling strategies file", _jaeger),
    "sentinel": Shape("Sentinel rule file", _sentinel),
    "consul-kv": Shape("Consul KV export", _consul_kv),
    "nacos": Shape("Nacos data id", _nacos, quiet=True),
    "error-catalog": Shape("error-code catalogue", _error_catalog),
}


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch",
                           "trace"})
_SCHEMA_KEYS = frozenset({"$ref", "$schema", "$defs", "definitions", "allOf", "oneOf",
                          "anyOf", "properties", "items"})
_JSON_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})


def api_fragment(data: Any) -> bool:
    """A piece of a split OpenAPI spec or a JSON Schema (``schemas/service.yaml``, a path
    item, a map of named parameters/responses/schemas): recognisably not a service config,
    so a service-config name on it says nothing worth a finding."""
    if not isinstance(data, dict) or not data:
        return False
    if _fragment_object(data):
        return True
    return all(isinstance(v, dict) and _fragment_object(v) for v in data.values())


def _fragment_object(data: dict[str, Any]) -> bool:
    if not _SCHEMA_KEYS.isdisjoint(data) or data.get("type") in _JSON_TYPES:
        return True
    if "in" in data and "name" in data:  # a parameter
        return True
    if "description" in data and ("content" in data or "headers" in data):  # a response
        return True
    return any(k in _HTTP_METHODS and isinstance(v, dict) for k, v in data.items())


def _nacos_name(file: str) -> bool:
    return "fallback" in posixpath.basename(file).lower()


def _what(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


# ---------------------------------------------------------------- name matches


@dataclass(frozen=True, slots=True)
class NameMatch:
    config_type: str
    glob: str
    explicit: bool  # listed in .govlint.yaml, not one of govlint's defaults


def name_matches(file: str, service_configs: Mapping[str, Sequence[str]]) -> list[NameMatch]:
    """The service-config types whose globs match ``file``: the first matching glob per
    type, the user's own globs (those not in ``DEFAULT_SERVICE_CONFIG_GLOBS``) first."""
    from govlint.config import DEFAULT_SERVICE_CONFIG_GLOBS

    out: list[NameMatch] = []
    for config_type, globs in service_configs.items():
        defaults = DEFAULT_SERVICE_CONFIG_GLOBS.get(config_type, ())
        ordered = [(g, False) for g in globs if g not in defaults] + \
                  [(g, True) for g in globs if g in defaults]
        for glob, default in ordered:
            if compile_glob(glob).match(file):
                out.append(NameMatch(config_type, glob, not default))
                break
    return out


# ---------------------------------------------------------------- classification


def classify(
    data: Any, syntax: str, file: str, service_configs: Mapping[str, Sequence[str]],
    names: list[NameMatch] | None = None,
) -> tuple[str, frozenset[str]]:
    """(kind, formats) of one document; ``file`` is root-relative with '/' separators.

    OpenAPI detection follows Spectral (``parseInt(String(swagger)) === 2`` etc.), so
    ``swagger: 2.0`` written as a number counts too. See the module docstring for the
    rest. ``names``: ``name_matches(file, ...)`` when the caller has it already.
    """
    kind, formats, _ = _classify(data, syntax, file, service_configs, names)
    return kind, formats


def _classify(
    data: Any, syntax: str, file: str, service_configs: Mapping[str, Sequence[str]],
    names: list[NameMatch] | None,
) -> tuple[str, frozenset[str], list[tuple[NameMatch, str]]]:
    """(kind, formats, [(name match, why its shape does not fit)])."""
    formats = {syntax}
    if isinstance(data, dict):
        kind = _openapi(data, formats)
        api_version, k8s_kind = data.get("apiVersion"), data.get("kind")
        if isinstance(api_version, str) and isinstance(k8s_kind, str) and k8s_kind:
            if not _client_side(api_version, k8s_kind, data):
                formats.update(("k8s", f"k8s:{k8s_kind}"))
                if k8s_kind == "CustomResourceDefinition":
                    formats.add("k8s:crd")
                if kind == KIND_GENERIC:
                    kind = KIND_K8S
            return kind, frozenset(formats), []
        if kind != KIND_GENERIC:
            return kind, frozenset(formats), []
    if names is None:
        names = name_matches(file, service_configs)
    kind = KIND_GENERIC
    declined: list[tuple[NameMatch, str]] = []
    for match in names:
        shape = SHAPES.get(match.config_type)
        why = None
        if shape is not None and not match.explicit:
            if match.config_type == "nacos" and not _nacos_name(file):
                continue
            why = shape.fits(data)
        if why is None:
            formats.update(("service-config", f"service-config:{match.config_type}"))
            kind = KIND_SERVICE_CONFIG
        elif shape is not None and not shape.quiet and not isinstance(why, Other) \
                and not api_fragment(data):
            declined.append((match, why))
    return kind, frozenset(formats), declined


def _openapi(data: dict[str, Any], formats: set[str]) -> str:
    if "swagger" in data and _major(data["swagger"]) == 2:
        formats.add("oas2")
        return KIND_OPENAPI
    if "openapi" in data and _major(data["openapi"]) == 3:
        formats.add("oas3")
        version = _version_text(data["openapi"])
        if _OAS3_0.match(version):
            formats.add("oas3_0")
        elif _OAS3_1.match(version):
            formats.add("oas3_1")
        elif _OAS3_2.match(version):
            formats.add("oas3_2")
        return KIND_OPENAPI
    return KIND_GENERIC


def _client_side(api_version: str, kind: str, data: dict[str, Any]) -> bool:
    """Kubernetes-style documents that no cluster receives: tool configuration and
    kustomize's ``$patch: delete``/``replace`` directives (a patch, not an object)."""
    group = api_version.rpartition("/")[0]
    if group in _TOOL_GROUPS or group.endswith(_TOOL_GROUP_SUFFIXES):
        return True
    if api_version == "v1" and kind == "Config":  # kubeconfig
        return True
    if api_version == "builtin":  # kustomize's built-in transformer/generator configs
        return True
    return "$patch" in data


def classify_documents(
    documents: Sequence[Document], file: str, service_configs: Mapping[str, Sequence[str]]
) -> list[Finding]:
    """Set every document's kind and formats; the ``service-config-shape`` info finding
    (one per file at most) for a file named like a service config that has no document of
    that shape. A file a kustomization lists as a patch holds partial objects: generic."""
    names = name_matches(file, service_configs)
    declined: dict[str, tuple[NameMatch, str, int | None]] = {}
    taken: set[str] = set()
    patch: bool | None = None
    for document in documents:
        kind, formats, refused = _classify(
            document.data, document.syntax, file, service_configs, names)
        if kind == KIND_K8S:
            if patch is None:
                patch = is_kustomize_patch(document.abspath, file)
            if patch:
                kind, formats = KIND_GENERIC, frozenset({document.syntax})
        document.kind, document.formats = kind, formats
        taken.update(f.partition(":")[2] for f in formats if f.startswith("service-config:"))
        if document.data is None:
            continue
        for match, why in refused:
            declined.setdefault(match.config_type, (match, why, document.index))
    reasons = list(declined.values())
    if taken or not reasons:  # a file taken for one type says nothing about the others
        return []
    text = "; ".join(f"named like a {SHAPES[m.config_type].title} ({m.glob}) but {why}"
                     for m, why, _ in reasons)
    first = reasons[0][0].config_type
    return [Finding(
        rule=SHAPE_RULE, severity=Severity.INFO, file=file, document=reasons[0][2],
        line=1, column=1,
        message=f"{text}: not checked as one (list it under service-configs.{first} in "
                ".govlint.yaml to check it anyway, or rename it)")]


# ---------------------------------------------------------------- kustomize patches

_KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_MAX_KUSTOMIZATION_BYTES = 1 << 20
_kustomization_cache: dict[tuple[str, int, int], frozenset[str]] = {}


def is_kustomize_patch(abspath: Path, file: str) -> bool:
    """True when a kustomization in the file's directory or above (up to the project root)
    lists it as a patch (``patches[].path``, ``patchesStrategicMerge``,
    ``patchesJson6902[].path``). kustomize's default load restrictor keeps patch files
    inside the kustomization's directory tree, so only ancestors are read. One ``stat`` per
    ancestor directory (its listing is cached by mtime): ~1.5 % of loading a manifest."""
    parts = file.split("/")
    whole = str(abspath)
    tail = os.sep + os.sep.join(parts)
    if "://" in file or ".." in parts or not whole.endswith(tail):
        return False
    root = whole[: -len(tail)]
    for depth in range(len(parts) - 1, -1, -1):
        directory = os.path.join(root, *parts[:depth])
        for name in _kustomizations_in(directory):
            if "/".join(parts[depth:]) in _patches(os.path.join(directory, name), root):
                return True
    return False


_dir_cache: dict[str, tuple[int, tuple[str, ...]]] = {}


def _kustomizations_in(directory: str) -> tuple[str, ...]:
    try:
        mtime = os.stat(directory).st_mtime_ns
    except OSError:
        return ()
    hit = _dir_cache.get(directory)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    names = tuple(n for n in _KUSTOMIZATIONS if os.path.isfile(os.path.join(directory, n)))
    _dir_cache[directory] = (mtime, names)
    return names


def _patches(path: str, root: str) -> frozenset[str]:
    """Patch file paths a kustomization lists, relative to its directory (normalised)."""
    try:
        stat = os.stat(path)
    except OSError:
        return frozenset()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key in _kustomization_cache:
        return _kustomization_cache[key]
    found: set[str] = set()
    inside = os.path.realpath(path).startswith(os.path.realpath(root) + os.sep)
    if inside and stat.st_size <= _MAX_KUSTOMIZATION_BYTES:
        from govlint.documents.yamlload import load_yaml

        try:
            with open(path, encoding="utf-8") as handle:
                result = load_yaml(handle.read())
        except (OSError, UnicodeDecodeError):
            result = None
        for _, data in result.documents if result else ():
            if isinstance(data, dict):
                found.update(_patch_paths(data))
    _kustomization_cache[key] = frozenset(found)
    return _kustomization_cache[key]


def _patch_paths(data: dict[str, Any]) -> Iterator[str]:
    entries: list[Any] = []
    for key in ("patches", "patchesJson6902"):
        value = data.get(key)
        if isinstance(value, list):
            entries.extend(e.get("path") for e in value if isinstance(e, dict))
    value = data.get("patchesStrategicMerge")
    if isinstance(value, list):
        entries.extend(value)
    for entry in entries:
        if isinstance(entry, str) and "\n" not in entry and len(entry) < 4096:
            normal = posixpath.normpath(entry.strip())
            if not normal.startswith("../") and normal != "..":
                yield normal


def _version_text(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value) if isinstance(value, (str, int, float)) else ""


def _major(value: Any) -> int | None:
    """JavaScript's ``parseInt(String(value))``: the leading integer of the text."""
    m = re.match(r"\s*([-+]?[0-9]+)", _version_text(value))
    return int(m.group(1)) if m else None
