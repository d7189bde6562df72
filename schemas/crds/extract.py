#!/usr/bin/env python3
"""Regenerate ``schemas/crds/**.json`` and ``schemas/crds/index.json`` from CRD definitions.

Provenance, not shipped logic: govlint reads only the JSON this script writes. Run it from
the repository root after the upstream corpus or a spec-derived CRD changes::

    python schemas/crds/extract.py [--corpus ../shared/corpus] [--check]

Inputs are CustomResourceDefinition YAML files: the upstream ones in the corpus (OpenSergo,
Argo Rollouts, Istio; Apache-2.0) and the spec-derived ones kept beside this script in
``spec-derived/`` for kinds that have no upstream CRD (``GrayRelease`` of the governance spec,
OpenSergo kinds defined only in the OpenSergo spec pages).

For every served version the ``openAPIV3Schema`` is turned into a JSON Schema 2020-12 document
that ``jsonschema`` evaluates with Kubernetes' meaning (see docs/crd-schemas.md):

- ``nullable: true`` (OpenAPI 3.0) becomes ``"null"`` in ``type`` (and in ``enum``);
- ``x-kubernetes-int-or-string`` without a ``type``/``anyOf`` becomes integer|string;
- upstream ``description`` texts are dropped (they are API docs, 75 % of the bytes);
- a few documented patches make the schema follow the OpenSergo spec where the upstream
  CRD is narrower than the spec (``PATCHES`` below);
- other ``x-kubernetes-*`` keywords stay as annotations (JSON Schema ignores unknown keywords).

``--check`` exits 1 when the committed JSON differs from what the inputs produce.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# (corpus file, kinds to take from it or None for all, source note)
UPSTREAM: list[tuple[str, frozenset[str] | None, str]] = [
    *[
        (
            f"opensergo/fault-tolerance.opensergo.io_{plural}.yaml",
            None,
            "OpenSergo control-plane CRD (Apache-2.0, see NOTICE)",
        )
        for plural in (
            "faulttolerancerules",
            "ratelimitstrategies",
            "circuitbreakerstrategies",
            "concurrencylimitstrategies",
            "throttlingstrategies",
        )
    ],
    (
        "opensergo/traffic.opensergo.io_trafficerouters.yaml",
        None,
        "OpenSergo control-plane CRD (Apache-2.0, see NOTICE)",
    ),
    *[
        (f"argo-rollouts/crds/{name}-crd.yaml", None, "Argo Rollouts CRD (Apache-2.0, see NOTICE)")
        for name in (
            "rollout",
            "analysis-template",
            "cluster-analysis-template",
            "analysis-run",
            "experiment",
        )
    ],
    (
        "istio/customresourcedefinitions.gen.yaml",
        frozenset({"VirtualService", "DestinationRule"}),
        "Istio generated CRDs (Apache-2.0, see NOTICE)",
    ),
]

SPEC_DERIVED_NOTE = "spec-derived CRD written for govlint (schemas/crds/spec-derived/{name})"

# The OpenSergo fault-tolerance spec (opensergo-spec-docs/zh-Hans__fault-tolerance.md) lists
# these strategies for v1alpha1; the upstream CRD's enum has only the first two.
SPEC_STRATEGY_KINDS = [
    "RateLimitStrategy",
    "ConcurrencyLimitStrategy",
    "ThrottlingStrategy",
    "CircuitBreakerStrategy",
    "AdaptiveOverloadProtectionStrategy",
]


def _patch_fault_tolerance_rule(schema: dict[str, Any]) -> list[str]:
    kind = schema["properties"]["spec"]["properties"]["strategies"]["items"]["properties"]["kind"]
    kind["enum"] = list(SPEC_STRATEGY_KINDS)
    return [
        "spec.strategies[].kind enum widened from [RateLimitStrategy, ConcurrencyLimitStrategy] "
        "to every strategy kind of the OpenSergo fault-tolerance spec v1alpha1 "
        "(zh-Hans__fault-tolerance.md, section Strategy): adds ThrottlingStrategy, "
        "CircuitBreakerStrategy, AdaptiveOverloadProtectionStrategy"
    ]


def _patch_rate_limit_strategy(schema: dict[str, Any]) -> list[str]:
    spec = schema["properties"]["spec"]["properties"]
    spec["limitMode"]["enum"] = ["Local", "Global", "GlobalToLocal"]
    spec["threshold"] = {"type": "number", "minimum": 0}
    return [
        "spec.limitMode enum adds GlobalToLocal and spec.threshold is a number (double), both "
        "as in the spec's RateLimitStrategy table (zh-Hans__fault-tolerance.md, 流量控制)",
    ]


def _patch_circuit_breaker_strategy(schema: dict[str, Any]) -> list[str]:
    spec = schema["properties"]["spec"]
    error_conditions = spec["properties"]["errorConditions"]
    error_conditions.pop("required", None)
    error_conditions["properties"]["errorType"] = {"type": "string", "minLength": 1}
    spec["allOf"] = [
        {
            "if": {"properties": {"strategy": {"const": "SlowRequestRatio"}},
                   "required": ["strategy"]},
            "then": {"required": ["slowConditions"]},
        },
        {
            "if": {"properties": {"strategy": {"const": "ErrorRequestRatio"}},
                   "required": ["strategy"]},
            "then": {"required": ["errorConditions"]},
        },
    ]
    return [
        "spec.errorConditions accepts the spec's errorType and no longer requires the CRD's "
        "representation; slowConditions is required for SlowRequestRatio and errorConditions "
        "for ErrorRequestRatio, as the spec says (zh-Hans__fault-tolerance.md, 熔断保护)",
    ]


PATCHES: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "FaultToleranceRule": _patch_fault_tolerance_rule,
    "RateLimitStrategy": _patch_rate_limit_strategy,
    "CircuitBreakerStrategy": _patch_circuit_breaker_strategy,
}

# Kinds whose group is left to the user: indexed as ``*/<version>/<kind>``.
ANY_GROUP_KINDS = frozenset({"GrayRelease"})


def to_json_schema(node: Any, *, drop_descriptions: bool) -> Any:
    """Copy of an OpenAPI v3 (Kubernetes structural) schema with JSON Schema 2020-12 meaning."""
    if isinstance(node, list):
        return [to_json_schema(item, drop_descriptions=drop_descriptions) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "description" and drop_descriptions and isinstance(value, str):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: to_json_schema(v, drop_descriptions=drop_descriptions)
                        for k, v in value.items()}
        elif key in _SCHEMA_KEYS:
            out[key] = to_json_schema(value, drop_descriptions=drop_descriptions)
        else:
            out[key] = copy.deepcopy(value)
    if out.pop("nullable", False) is True:
        _allow_null(out)
    if out.get("x-kubernetes-int-or-string") is True and "type" not in out and "anyOf" not in out:
        out["type"] = ["integer", "string"]
    return out


# Keywords whose value is a schema (or list of schemas) / a map of name -> schema.
_SCHEMA_KEYS = frozenset({"items", "additionalProperties", "not", "anyOf", "allOf", "oneOf"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties"})


def _allow_null(schema: dict[str, Any]) -> None:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]


def crd_documents(path: Path) -> Iterator[dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster
    with path.open(encoding="utf-8") as handle:
        for doc in yaml.load_all(handle, Loader=loader):
            if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                yield doc


def convert_crd(crd: dict[str, Any], source: str, *, upstream: bool) -> dict[str, Any]:
    """The shipped record for one CRD: its served versions as JSON Schemas plus provenance."""
    spec = crd["spec"]
    kind = spec["names"]["kind"]
    versions: dict[str, Any] = {}
    modifications: list[str] = []
    storage = None
    for version in spec["versions"]:
        if not version.get("served", True):
            continue
        raw = version.get("schema", {}).get("openAPIV3Schema")
        if raw is None:
            continue
        schema = to_json_schema(raw, drop_descriptions=upstream)
        patch = PATCHES.get(kind) if upstream else None
        if patch is not None:
            notes = patch(schema)
            modifications.extend(n for n in notes if n not in modifications)
        schema = {"$schema": DIALECT, **schema}
        versions[version["name"]] = schema
        if version.get("storage"):
            storage = version["name"]
    record: dict[str, Any] = {
        "group": spec["group"],
        "kind": kind,
        "plural": spec["names"]["plural"],
        "scope": spec.get("scope", "Namespaced"),
        "versions": versions,
        "storageVersion": storage,
        "source": source,
    }
    conversions = ["OpenAPI v3 -> JSON Schema 2020-12 (nullable -> null type)"]
    if upstream:
        conversions.append("upstream descriptions removed")
    record["modifications"] = conversions + modifications
    if kind in ANY_GROUP_KINDS:
        record["anyGroup"] = True
    return record


def build(corpus: Path | None) -> dict[str, dict[str, Any]]:
    """Every output file (path relative to schemas/crds) and its content."""
    records: list[dict[str, Any]] = []
    if corpus is not None:
        for rel, kinds, note in UPSTREAM:
            path = corpus / rel
            if not path.is_file():
                raise SystemExit(f"extract.py: {path} is missing from the corpus")
            for crd in crd_documents(path):
                if kinds is None or crd["spec"]["names"]["kind"] in kinds:
                    records.append(convert_crd(crd, f"corpus {rel}: {note}", upstream=True))
    for path in sorted((HERE / "spec-derived").glob("*.yaml")):
        for crd in crd_documents(path):
            records.append(
                convert_crd(crd, SPEC_DERIVED_NOTE.format(name=path.name), upstream=False)
            )
    outputs: dict[str, dict[str, Any]] = {}
    index: dict[str, str] = {}
    for record in records:
        rel = f"{record['group']}/{record['kind']}.json"
        outputs[rel] = record
        group = "*" if record.get("anyGroup") else record["group"]
        for version in record["versions"]:
            index[f"{group}/{version}/{record['kind']}"] = rel
    outputs["index.json"] = {
        "description": (
            "Maps '<apiVersion>/<kind>' to the file (relative to this directory) holding that "
            "kind's JSON Schemas under 'versions'. Look up '<group>/<version>/<kind>' first, "
            "then '*/<version>/<kind>' (kinds whose group the user chooses, e.g. GrayRelease). "
            "Generated by extract.py."
        ),
        "schemas": dict(sorted(index.items())),
    }
    return outputs


def dump(content: dict[str, Any]) -> str:
    return json.dumps(content, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[2] / "shared" / "corpus")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"extract.py: corpus {corpus} not found", file=sys.stderr)
        return 2
    outputs = build(corpus)
    stale = []
    for rel, content in sorted(outputs.items()):
        target = HERE / rel
        text = dump(content)
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("extract.py: out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
