"""Helpers for the schema tests: find a shipped schema the way the engine is meant to."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"
CRDS = SCHEMAS / "crds"
EXAMPLES = REPO / "examples"
CORPUS = REPO.parent / "shared" / "corpus"


@cache
def index() -> dict[str, str]:
    return json.loads((CRDS / "index.json").read_text(encoding="utf-8"))["schemas"]


@cache
def crd_record(rel: str) -> dict[str, Any]:
    return json.loads((CRDS / rel).read_text(encoding="utf-8"))


def crd_schema(api_version: str, kind: str) -> dict[str, Any] | None:
    """The shipped schema for ``apiVersion``+``kind`` (exact group first, then ``*``)."""
    if "/" not in api_version:
        return None
    group, version = api_version.rsplit("/", 1)
    rel = index().get(f"{group}/{version}/{kind}") or index().get(f"*/{version}/{kind}")
    if rel is None:
        return None
    return crd_record(rel)["versions"].get(version)


@cache
def service_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    """Sorted ``json_path: message`` of every validation error (empty when valid)."""
    found = Draft202012Validator(schema).iter_errors(data)
    return sorted(f"{e.json_path}: {e.message}" for e in found)


def error_paths(schema: dict[str, Any], data: Any) -> set[str]:
    return {e.json_path for e in Draft202012Validator(schema).iter_errors(data)}


def k8s_documents(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, object) of every Kubernetes object in a (multi-document) YAML file."""
    with path.open(encoding="utf-8") as handle:
        for i, doc in enumerate(yaml.safe_load_all(handle)):
            if isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc:
                yield i, doc


def load_json_with_header(path: Path) -> Any:
    """JSON that may start with a ``/* licence */`` comment, as Sentinel rule files do."""
    text = path.read_text(encoding="utf-8").lstrip()
    if text.startswith("/*"):
        text = text[text.index("*/") + 2 :]
    return json.loads(text)


def read_properties(path: Path) -> dict[str, str]:
    """Plain ``key=value`` lines (enough for the example Nacos data ids)."""
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```ya?ml\n(.*?)```", markdown, re.S)


def extract_module() -> ModuleType:
    """schemas/crds/extract.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location("govlint_crd_extract", CRDS / "extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
