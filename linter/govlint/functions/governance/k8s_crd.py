"""CRDs: custom resources against their CRD's schema (``k8s-crd-schema``), and lint of CRD
definitions themselves (``k8s-crd-storage-version``, ``k8s-crd-structural-schema``,
``k8s-crd-name``).

Where a custom resource's schema comes from: a CRD for the same group and kind in the
workspace wins (the project's own or vendored CRD is the one its cluster runs); otherwise the
schemas govlint ships in ``schemas/crds/`` (``index.json`` maps ``<group>/<version>/<kind>``,
or ``*/<version>/<kind>`` for kinds whose group the user picks, to a file). Objects of a
group/kind that no CRD describes are not checked: govlint cannot know their shape.

Validation follows what the API server does with ``kubectl apply`` (strict field validation,
the default since Kubernetes 1.27): schema violations are errors and so are fields the
schema does not declare, except under ``x-kubernetes-preserve-unknown-fields``; ``metadata``
is validated by Kubernetes itself, not by the CRD, so only what the CRD states is checked.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from govlint.documents.model import Document, Workspace
from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._k8s import group_version, is_k8s, meta
from govlint.functions.governance._memo import latest
from govlint.functions.governance._schema_errors import leaves
from govlint.functions.governance._service import where
from govlint.functions.governance._values import as_dict, as_list

CRD = "CustomResourceDefinition"
_MAX_ERRORS_PER_OBJECT = 50
# Kubernetes API groups that are not custom resources (never looked up).
_BUILTIN_GROUPS = frozenset({"", "apps", "batch", "autoscaling", "policy"})


# --- schema sources ---------------------------------------------------------------------


class _Schema:
    """One version of one kind, ready to validate (built lazily, shared per run)."""

    __slots__ = ("_validator", "kind", "origin", "raw", "version")

    def __init__(self, kind: str, version: str, raw: dict[str, Any], origin: str) -> None:
        self.kind, self.version, self.raw, self.origin = kind, version, raw, origin
        self._validator: Any = None

    def validator(self) -> Any:
        if self._validator is None:
            from govlint.functions.core._regex import no_retrieval_registry

            schema = strict(self.raw)
            schema.pop("$schema", None)
            # A CRD is untrusted content: its $refs (not allowed in structural schemas;
            # k8s-crd-structural-schema reports them) resolve to nothing, never to a file
            # or a URL, and its patterns run with a time budget.
            self._validator = _validator_class()(schema, registry=no_retrieval_registry())
        return self._validator


@cache
def _validator_class() -> Any:
    """Draft 2020-12 with ``pattern``/``patternProperties`` evaluated by
    :func:`govlint.functions.core._regex.compile_bounded` (a time budget per value)."""
    import re

    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    from govlint.functions.core._regex import compile_bounded

    def regex(pattern: str) -> Any:
        try:
            return compile_bounded(pattern)
        except re.error as exc:
            raise ValueError(f"invalid pattern {pattern!r}: {exc}") from None

    def pattern(validator: Any, patrn: Any, instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "string") and not regex(patrn).search(instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    def pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "object"):
            return
        for patrn, subschema in patterns.items():
            compiled = regex(patrn)
            for k, v in instance.items():
                if compiled.search(k):
                    yield from validator.descend(v, subschema, path=k, schema_path=patrn)

    def additional_properties(validator: Any, extra: Any, instance: Any, schema: Any) -> Any:
        """jsonschema's keyword, its patternProperties matched with the budget."""
        if not validator.is_type(instance, "object"):
            return
        declared = schema.get("properties", {})
        compiled = [regex(p) for p in schema.get("patternProperties", {})]
        extras = sorted((k for k in instance if k not in declared and not any(
            c.search(k) for c in compiled)), key=str)
        if validator.is_type(extra, "object"):
            for key in extras:
                yield from validator.descend(instance[key], extra, path=key)
        elif not extra and extras:
            if "patternProperties" in schema:
                verb = "does" if len(extras) == 1 else "do"
                patterns = ", ".join(repr(p) for p in sorted(schema["patternProperties"]))
                yield ValidationError(f"{', '.join(map(repr, extras))} {verb} not match any "
                                      f"of the regexes: {patterns}")
            else:
                yield ValidationError("Additional properties are not allowed ("
                                      f"{', '.join(map(repr, extras))} "
                                      f"{'was' if len(extras) == 1 else 'were'} unexpected)")

    return validators.extend(Draft202012Validator, {
        "pattern": pattern, "patternProperties": pattern_properties,
        "additionalProperties": additional_properties})


class _Kind:
    """Every served version of one (group, kind)."""

    __slots__ = ("group", "kind", "origin", "versions")

    def __init__(self, group: str, kind: str, origin: str) -> None:
        self.group, self.kind, self.origin = group, kind, origin
        self.versions: dict[str, _Schema] = {}


@latest
def workspace_kinds(workspace: Workspace) -> dict[tuple[str, str], _Kind]:
    """CRDs defined in the workspace: (group, kind) -> versions (computed once per run)."""
    kinds: dict[tuple[str, str], _Kind] = {}
    for doc in workspace.documents:
        if not is_k8s(doc, CRD):
            continue
        spec = doc.data.get("spec")
        if not isinstance(spec, dict):
            continue
        names = as_dict(spec.get("names"))
        group, kind = spec.get("group"), names.get("kind")
        if not isinstance(group, str) or not isinstance(kind, str):
            continue
        entry = _Kind(group, kind, f"CRD in {where(doc)}")
        for version, raw in _crd_versions(spec):
            entry.versions[version] = _Schema(kind, version, to_json_schema(raw), entry.origin)
        if entry.versions:
            kinds.setdefault((group, kind), entry)
    return kinds


def _crd_versions(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(version, openAPIV3Schema) of every served version (apiextensions v1 and v1beta1)."""
    legacy = spec.get("validation")
    legacy_schema = legacy.get("openAPIV3Schema") if isinstance(legacy, dict) else None
    versions = spec.get("versions")
    if isinstance(versions, list) and versions:
        for v in versions:
            if not isinstance(v, dict) or not isinstance(v.get("name"), str):
                continue
            if v.get("served", True) is False:
                continue
            schema = v.get("schema")
            raw = schema.get("openAPIV3Schema") if isinstance(schema, dict) else legacy_schema
            if isinstance(raw, dict):
                yield v["name"], raw
    elif isinstance(spec.get("version"), str) and isinstance(legacy_schema, dict):
        yield spec["version"], legacy_schema


@cache
def _shipped_index() -> dict[str, str]:
    from govlint.resources import schemas_dir

    path = schemas_dir() / "crds" / "index.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data.get("schemas") or {})


@cache
def _shipped_file(rel: str) -> dict[str, Any]:
    from govlint.resources import schemas_dir

    return json.loads((schemas_dir() / "crds" / rel).read_text(encoding="utf-8"))


@cache
def _shipped(rel: str, version: str) -> _Schema | None:
    record = _shipped_file(rel)
    raw = (record.get("versions") or {}).get(version)
    if not isinstance(raw, dict):
        return None
    return _Schema(record.get("kind", ""), version, raw, "schema shipped with govlint")


def shipped_versions(group: str, kind: str) -> list[str]:
    """Versions govlint ships a schema for (``*`` groups included)."""
    out = set()
    for key in _shipped_index():
        g, _, rest = key.partition("/")
        v, _, k = rest.partition("/")
        if k == kind and g in (group, "*"):
            out.add(v)
    return sorted(out)


def lookup(workspace: Workspace, api_version: Any, kind: Any) -> tuple[_Schema | None, str]:
    """The schema for an object, or ``(None, reason)`` when the version is not served
    (reason non-empty) or nothing describes the kind (reason empty)."""
    group, version = group_version(api_version)
    if not isinstance(kind, str) or group in _BUILTIN_GROUPS or group.endswith(".k8s.io"):
        return None, ""
    local = workspace_kinds(workspace).get((group, kind))
    if local is not None:
        schema = local.versions.get(version)
        if schema is None:
            return None, (f"the {local.origin} for {kind}.{group} serves no version "
                          f"{version!r} (serves {', '.join(sorted(local.versions))})")
        return schema, ""
    index = _shipped_index()
    rel = index.get(f"{group}/{version}/{kind}") or index.get(f"*/{version}/{kind}")
    if rel is not None:
        return _shipped(rel, version), ""
    served = shipped_versions(group, kind)
    if served:
        return None, (f"{kind}.{group} has no version {version!r} "
                      f"(govlint knows {', '.join(served)})")
    return None, ""


# --- schema conversion ------------------------------------------------------------------

_SCHEMA_KEYS = frozenset({"items", "additionalProperties", "not", "anyOf", "allOf", "oneOf"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties"})


def to_json_schema(node: Any) -> Any:
    """OpenAPI v3 (Kubernetes structural) schema -> JSON Schema 2020-12 meaning:
    ``nullable`` adds ``null``; ``x-kubernetes-int-or-string`` is integer|string.
    Same conversion as ``schemas/crds/extract.py`` (which made the shipped schemas)."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: to_json_schema(v) for k, v in value.items()}
        elif key in _SCHEMA_KEYS:
            out[key] = to_json_schema(value)
        elif key == "$ref":  # not allowed in CRD schemas; never follow it
            continue
        else:
            out[key] = value
    if out.pop("nullable", False) is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    if out.get("x-kubernetes-int-or-string") is True and "type" not in out and "anyOf" not in out:
        out["type"] = ["integer", "string"]
    return out


def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy that rejects undeclared fields, as strict field validation does: every object
    schema with ``properties`` and neither ``additionalProperties`` nor
    ``x-kubernetes-preserve-unknown-fields`` gets ``additionalProperties: false``.
    ``metadata`` is left alone (Kubernetes validates ObjectMeta itself)."""
    out = copy.deepcopy(schema)
    _close(out, top=True)
    return out


def _close(node: Any, top: bool = False) -> None:
    if not isinstance(node, dict):
        return
    props = node.get("properties")
    if isinstance(props, dict):
        if top:  # the API server always accepts these, declared or not
            props["metadata"] = {"type": "object"}
            props.setdefault("apiVersion", {"type": "string"})
            props.setdefault("kind", {"type": "string"})
        if ("additionalProperties" not in node
                and node.get("x-kubernetes-preserve-unknown-fields") is not True):
            node["additionalProperties"] = False
        for child in props.values():
            _close(child)
    for key in ("items", "additionalProperties", "not"):
        _close(node.get(key))
    for key in ("anyOf", "allOf", "oneOf"):
        for child in as_list(node.get(key)):
            _close(child)
    pattern = node.get("patternProperties")
    if isinstance(pattern, dict):
        for child in pattern.values():
            _close(child)


# --- k8s-crd-schema ---------------------------------------------------------------------


@rule_function("k8sCrdSchema", scope="workspace")
def k8s_crd_schema(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result]:
    """Every custom resource is valid against its CRD's ``openAPIV3Schema``."""
    workspace = context.workspace
    for doc in workspace.documents:
        if not is_k8s(doc) or is_k8s(doc, CRD) or not workspace.reports(doc):
            continue  # (CRDs in unreported files still define schemas: lookup reads them)
        data = doc.data
        schema, reason = lookup(workspace, data.get("apiVersion"), data.get("kind"))
        if reason:
            yield Result(reason, ("apiVersion",), document=doc)
            continue
        if schema is None:
            continue
        yield from _validate(doc, schema)


def _validate(doc: Document, schema: _Schema) -> Iterator[Result]:
    try:
        errors = list(schema.validator().iter_errors(doc.data))
    except Exception as exc:  # a broken CRD schema (e.g. a bad regex) must not crash
        yield Result(f"cannot validate against the {schema.origin} for {schema.kind} "
                     f"{schema.version}: {exc}", (), document=doc)
        return
    flat = sorted(leaves(errors), key=lambda e: (_path_key(e[0]), e[1]))
    for path, message in flat[:_MAX_ERRORS_PER_OBJECT]:
        yield Result(f"{schema.kind} {schema.version}: {message} ({schema.origin})",
                     path, document=doc)
    if len(flat) > _MAX_ERRORS_PER_OBJECT:
        yield Result(f"{schema.kind} {schema.version}: {len(flat) - _MAX_ERRORS_PER_OBJECT} "
                     "more schema errors not shown", (), document=doc)


def _path_key(path: Path) -> tuple[tuple[int, str], ...]:
    return tuple((0, f"{p:09d}") if isinstance(p, int) else (1, str(p)) for p in path)


# --- CRD definitions --------------------------------------------------------------------


@rule_function("k8sCrdStorageVersion")
def k8s_crd_storage_version(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """Exactly one version of a CRD is the storage version."""
    spec = target.get("spec") if isinstance(target, dict) else None
    if not isinstance(spec, dict):
        return None
    versions = spec.get("versions")
    if not isinstance(versions, list) or not versions:
        if isinstance(spec.get("version"), str):  # apiextensions v1beta1: implied storage
            return None
        return [Result("a CRD needs spec.versions with exactly one storage version", ("spec",))]
    storage = [i for i, v in enumerate(versions)
               if isinstance(v, dict) and v.get("storage") is True]
    if len(storage) == 1:
        return None
    if not storage:
        return [Result("no version has storage: true (exactly one must)", ("spec", "versions"))]
    names = [str(versions[i].get("name")) for i in storage]
    return [Result(f"{len(storage)} versions have storage: true ({', '.join(names)}); "
                   "exactly one must", ("spec", "versions", i, "storage")) for i in storage[1:]]


@rule_function("k8sCrdName")
def k8s_crd_name(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """``metadata.name`` is ``<spec.names.plural>.<spec.group>``."""
    if not isinstance(target, dict):
        return None
    spec = as_dict(target.get("spec"))
    names = as_dict(spec.get("names"))
    plural, group = names.get("plural"), spec.get("group")
    if not isinstance(plural, str) or not isinstance(group, str):
        return [Result("a CRD needs spec.group and spec.names.plural", ("spec",))]
    expected = f"{plural}.{group}"
    name = meta(target, "name")
    if name == expected:
        return None
    return [Result(f"metadata.name must be '{expected}' (<plural>.<group>), not {name!r}",
                   ("metadata", "name"))]


# Keys a structural schema may not set inside allOf/anyOf/oneOf/not (Kubernetes'
# apiextensions validation), apart from the int-or-string pattern.
_VALUE_VALIDATION_FORBIDDEN = ("type", "description", "default", "additionalProperties",
                               "nullable")


@rule_function("k8sCrdStructuralSchema")
def k8s_crd_structural_schema(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """Every served version has a structural ``openAPIV3Schema`` (Kubernetes' rules: a type
    on every node unless int-or-string/preserve-unknown-fields, an object at the root, no
    ``type``/``description``/``default``/``additionalProperties``/``nullable`` inside
    ``allOf``/``anyOf``/``oneOf``/``not``, ``properties`` and ``additionalProperties`` never
    together, ``metadata`` restricted to ``name``/``generateName`` only)."""
    spec = target.get("spec") if isinstance(target, dict) else None
    if not isinstance(spec, dict):
        return None
    results: list[Result] = []
    versions = spec.get("versions")
    legacy = spec.get("validation")
    if isinstance(versions, list) and versions:
        for i, v in enumerate(versions):
            if not isinstance(v, dict) or v.get("served", True) is False:
                continue
            schema = v.get("schema")
            raw = schema.get("openAPIV3Schema") if isinstance(schema, dict) else None
            where_: Path = ("spec", "versions", i, "schema", "openAPIV3Schema")
            if raw is None and isinstance(legacy, dict):
                raw, where_ = legacy.get("openAPIV3Schema"), ("spec", "validation",
                                                               "openAPIV3Schema")
            if not isinstance(raw, dict):
                results.append(Result(f"version {v.get('name')!r} has no openAPIV3Schema",
                                      ("spec", "versions", i)))
                continue
            results.extend(_structural(raw, where_))
    elif isinstance(legacy, dict) and isinstance(legacy.get("openAPIV3Schema"), dict):
        results.extend(_structural(legacy["openAPIV3Schema"],
                                   ("spec", "validation", "openAPIV3Schema")))
    else:
        results.append(Result("the CRD has no openAPIV3Schema", ("spec",)))
    unique: dict[tuple[Path, str], Result] = {}
    for r in results:
        unique.setdefault((tuple(r.path or ()), r.message), r)
    return list(unique.values())


def _structural(root: dict[str, Any], base: Path) -> list[Result]:
    out: list[Result] = []
    if root.get("type") != "object":
        out.append(Result("the root of a structural schema must be type: object", base))
    meta = as_dict(root.get("properties")).get("metadata")
    if isinstance(meta, dict):
        extra = sorted(set(meta.get("properties") or {}) - {"name", "generateName"})
        if extra or set(meta) - {"type", "properties", "description"}:
            out.append(Result("metadata may only restrict name and generateName (found "
                              f"{', '.join(extra) or ', '.join(sorted(set(meta) - {'type'}))})",
                              (*base, "properties", "metadata")))
    _walk(root, base, out, in_value_validation=False)
    out.extend(_references(root, base))
    return out


_DATA_KEYS = frozenset({"default", "example", "enum", "const", "examples"})
_REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")


def _references(root: Any, base: Path, limit: int = 20) -> list[Result]:
    """Every ``$ref`` in a schema (Kubernetes rejects them in a CRD; govlint never follows
    them: a reference to ``file:///…`` or ``http://…`` is neither read nor requested)."""
    out: list[Result] = []
    stack: list[tuple[Any, Path]] = [(root, base)]
    while stack and len(out) < limit:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key in _REF_KEYS:
                if key in node:
                    out.append(Result(f"{key} is not allowed in a structural schema "
                                      "(Kubernetes rejects it; govlint does not follow it)",
                                      (*path, key)))
            stack.extend((v, (*path, k)) for k, v in reversed(node.items())
                         if k not in _DATA_KEYS and isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(node)))
                         if isinstance(v, (dict, list)))
    return out


def _walk(node: Any, path: Path, out: list[Result], *, in_value_validation: bool) -> None:
    if not isinstance(node, dict):
        return
    int_or_string = node.get("x-kubernetes-int-or-string") is True
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if in_value_validation:
        bad = [k for k in _VALUE_VALIDATION_FORBIDDEN if k in node]
        if bad:
            out.append(Result(f"{', '.join(bad)} must not be set inside allOf/anyOf/oneOf/not",
                              path))
    elif not node.get("type") and not int_or_string and not preserve:
        out.append(Result("every schema node needs a non-empty type (or "
                          "x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields)",
                          path))
    if isinstance(node.get("properties"), dict) and isinstance(
            node.get("additionalProperties"), (dict, bool)) \
            and node.get("additionalProperties") is not False:
        out.append(Result("properties and additionalProperties are mutually exclusive",
                          (*path, "additionalProperties")))
    for name, child in as_dict(node.get("properties")).items():
        _walk(child, (*path, "properties", name), out, in_value_validation=in_value_validation)
    for key in ("items", "additionalProperties"):
        child = node.get(key)
        if isinstance(child, dict):
            _walk(child, (*path, key), out, in_value_validation=in_value_validation)
    for key in ("allOf", "anyOf", "oneOf"):
        for i, child in enumerate(as_list(node.get(key))):
            if int_or_string and key == "anyOf" and set(child) <= {"type"}:
                continue  # anyOf: [{type: integer}, {type: string}] is the allowed pattern
            _walk(child, (*path, key, i), out, in_value_validation=True)
    if isinstance(node.get("not"), dict):
        _walk(node["not"], (*path, "not"), out, in_value_validation=True)


FUNCTIONS = collect(k8s_crd_schema, k8s_crd_storage_version, k8s_crd_name,
                    k8s_crd_structural_schema)
