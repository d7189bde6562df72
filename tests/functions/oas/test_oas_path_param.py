"""``oasPathParam`` (rule path-params)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.oas_path_param import oas_path_param


def lint(paths: dict) -> list[dict]:
    return run(oas_path_param, {"paths": paths}, given=("paths",))


def param(name: object, **extra: object) -> dict:
    return {"in": "path", "name": name, "required": True, **extra}


def test_declared_and_used_parameters_pass() -> None:
    assert lint({"/a/{id}": {"parameters": [param("id")], "get": {}},
                 "/b/{x}": {"get": {"parameters": [param("x")]}}}) == []


def test_undeclared_and_unused_parameters() -> None:
    assert lint({"/a/{id}": {"get": {"parameters": [param("other")]}}}) == [
        {"path": ["paths", "/a/{id}", "get", "parameters", 0],
         "message": 'Parameter "other" must be used in path "/a/{id}".'},
        {"path": ["paths", "/a/{id}", "get"],
         "message": 'Operation must define parameter "{id}" as expected by path "/a/{id}".'},
    ]


def test_equivalent_paths_and_repeated_parameters() -> None:
    doc = {"/a/{x}": {}, "/a/{y}": {}, "/b/{z}/{z}": {}}
    assert lint(doc) == [
        {"path": ["paths", "/a/{y}"], "message": 'Paths "/a/{x}" and "/a/{y}" must not be '
         "equivalent."},
        {"path": ["paths", "/b/{z}/{z}"],
         "message": 'Path "/b/{z}/{z}" must not use parameter "{z}" multiple times.'},
    ]


def test_required_and_defined_once() -> None:
    p = {"in": "path", "name": "id"}
    assert lint({"/a/{id}": {"get": {"parameters": [p, param("id")]}}}) == [
        {"path": ["paths", "/a/{id}", "get", "parameters", 0],
         "message": 'Path parameter "id" must have "required" property that is set to "true".'},
        {"path": ["paths", "/a/{id}", "get", "parameters", 1],
         "message": 'Path parameter "id" must not be defined multiple times.'},
    ]


def test_object_prototype_names_count_as_defined_like_in_javascript() -> None:
    # ``"toString" in {}`` is true in JS: Spectral finds no missing declaration.
    assert lint({"/a/{toString}": {"get": {}}}) == []
