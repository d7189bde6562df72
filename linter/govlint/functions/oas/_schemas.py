"""The OpenAPI JSON Schemas of Spectral's ``spectral:oas`` ruleset, compiled once per run.

Spectral validates documents against its own copies of the OAS 2.0 / 3.0 / 3.1 / 3.2
schemas (``@stoplight/spectral-rulesets``: if/then/else chains and ``errorMessage`` entries
instead of the official ``oneOf`` s), precompiled by Ajv with ``allErrors``. govlint ships
those files unchanged under ``schemas/spectral-oas/`` (Apache-2.0) and validates with
:mod:`govlint.functions.core._jsonschema`, so results, paths and wording follow Spectral's.
"""

from __future__ import annotations

import functools
import json
from typing import Any

# Spectral's validator names, the schema file of each and the files its $refs reach.
_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "oas2_0": ("v2.0.json", ()),
    "oas3_0": ("v3.0.json", ()),
    "oas3_1": (
        "v3.1/index.json",
        ("v3.1/dialect.schema.json", "v3.1/meta.schema.json",
         "json-schema/draft-2020-12/index.json", "json-schema/draft-2020-12/validation.json"),
    ),
    "oas3_2": (
        "v3.2/index.json",
        ("v3.2/dialect.schema.json", "v3.2/meta.schema.json"),
    ),
}  # fmt: skip


def _load(name: str) -> Any:
    from govlint.resources import schemas_dir

    path = schemas_dir() / "spectral-oas" / name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def schema_name(formats: frozenset[str] | set[str]) -> str:
    """Which schema Spectral's ``oasDocumentSchema`` picks for a document's formats."""
    if "oas2" in formats:
        return "oas2_0"
    if "oas3_2" in formats:
        return "oas3_2"
    if "oas3_1" in formats:
        return "oas3_1"
    return "oas3_0"


@functools.cache
def document_validator(name: str) -> Any:
    """A draft 2020-12 validator for the OAS schema ``name`` (trusted: no meta-validation)."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from govlint.functions.core._jsonschema import format_checker, validator_class

    main, extra = _FILES[name]
    schema = _load(main)
    resources = []
    for file in extra:
        contents = _load(file)
        resources.append((contents["$id"], Resource.from_contents(contents, DRAFT202012)))
    registry: Any = Registry().with_resources(resources)
    cls = validator_class("draft2020-12")
    return cls(schema, registry=registry, format_checker=format_checker())


@functools.cache
def fast_document_validator(name: str) -> Any:
    """A jsonschema-rs validator of the same schema (None if unavailable): its "valid" is
    the verdict, anything else goes to :func:`document_validator` for Ajv's errors.

    Safe because these fixed schemas use no keyword govlint checks its own way (no
    ``nullable``/``multipleOf``, patterns that mean the same in JS and Rust, bounds beside
    a numeric ``type``, string formats only, checked by govlint's own format functions):
    tests/functions/oas/test_oas_document_schema.py checks that on every file.
    """
    from jsonschema_specifications import REGISTRY

    from govlint.functions.core._jsonschema import fast_validator

    main, extra = _FILES[name]
    registry = [(contents["$id"], contents) for contents in map(_load, extra)]
    # v2.0.json refers to draft 4's meta-schema, which jsonschema finds in its own registry.
    registry += [(uri, REGISTRY.contents(uri)) for uri in _META_SCHEMA_REFS]
    return fast_validator(_load(main), registry, formats=True)


_META_SCHEMA_REFS = ("http://json-schema.org/draft-04/schema",)
