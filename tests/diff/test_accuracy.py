"""Accuracy defects a reviewer found in ``govlint diff`` (issue 12 review): each case is the
spec pair a user writes and the check ids (and places) the user sees."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .test_cli_diff import ok, run, spec, validate, write

MONEY = {"type": "object", "required": ["amount"],
         "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}}}


def priced(price: dict[str, Any]) -> dict[str, Any]:
    """An order with a ``price`` property, in a request and a response body."""
    order = {"type": "object", "properties": {"id": {"type": "string"}, "price": price}}
    ref = {"$ref": "#/components/schemas/Order"}
    return spec({"/orders": {"post": {
        "requestBody": {"content": {"application/json": {"schema": ref}}},
        "responses": {"200": ok(ref)}}}},
        components={"schemas": {"Money": copy.deepcopy(MONEY), "Order": order}})


MONEY_REF = {"$ref": "#/components/schemas/Money"}


@pytest.mark.parametrize(("wrapped", "expected"), [
    ({"allOf": [MONEY_REF], "nullable": True},
     ["request-property-became-nullable", "response-property-became-nullable"]),
    ({"oneOf": [MONEY_REF], "nullable": True},
     ["request-property-became-nullable", "response-property-became-nullable"]),
    ({"anyOf": [MONEY_REF], "nullable": True},
     ["request-property-became-nullable", "response-property-became-nullable"]),
    ({"allOf": [MONEY_REF], "description": "what it costs"}, []),
])
def test_a_reference_wrapped_to_be_nullable_is_a_nullability_change_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wrapped: dict[str, Any],
        expected: list[str]) -> None:
    write(tmp_path / "base.yaml", priced(copy.deepcopy(MONEY_REF)))
    write(tmp_path / "head.yaml", priced(copy.deepcopy(wrapped)))
    for args in (("base.yaml", "head.yaml"), ("head.yaml", "base.yaml")):
        code, out, _ = run(tmp_path, monkeypatch, *args, "--level", "info", "-f", "json")
        assert code == (1 if expected else 0)  # an ERR either way round fails the run
        report = json.loads(out)
        validate(report)
        ids = sorted(r["rule"] for r in report["results"])
        if args[0] == "base.yaml":
            assert ids == expected
            # at the property, where `nullable` is written (not in Money, the $ref's target)
            assert all(r["pointer"] == "/components/schemas/Order/properties/price"
                       for r in report["results"]), report["results"]
        else:  # unwrapping again is the opposite change, nothing else
            assert ids == sorted(i.replace("nullable", "not-nullable") for i in expected)


def test_a_real_change_inside_the_wrapped_reference_is_still_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = priced({"allOf": [MONEY_REF], "nullable": True})
    head["components"]["schemas"]["Money"]["required"] = ["amount", "currency"]
    write(tmp_path / "base.yaml", priced(copy.deepcopy(MONEY_REF)))
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                       "-f", "json")
    assert code == 1
    results = json.loads(out)["results"]
    assert sorted(r["rule"] for r in results) == [
        "request-property-became-nullable", "request-property-became-required",
        "response-property-became-nullable", "response-property-became-required"]
    assert {r["file"] for r in results} == {"head.yaml"}


def test_a_second_all_of_element_is_still_an_added_alternative(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = {"type": "object", "properties": {"tax": {"type": "number"}}}
    write(tmp_path / "base.yaml", priced({"allOf": [MONEY_REF]}))
    write(tmp_path / "head.yaml", priced({"allOf": [MONEY_REF, extra]}))
    _, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                    "-f", "json")
    assert sorted(r["rule"] for r in json.loads(out)["results"]) == [
        "request-property-all-of-added", "response-property-all-of-added"]


LIMIT = {"type": "integer", "minimum": 1, "maximum": 100}
STATUS = {"type": "string", "enum": ["open", "closed"]}


def listing(limit: dict[str, Any], status: dict[str, Any]) -> dict[str, Any]:
    return spec({"/orders": {"get": {"parameters": [
        {"name": "limit", "in": "query", "schema": limit},
        {"name": "status", "in": "query", "schema": status}],
        "responses": {"200": ok()}}}})


@pytest.mark.parametrize(("limit_items", "status_items", "expected"), [
    (LIMIT, STATUS, ["request-parameter-type-generalized"] * 2),
    ({**LIMIT, "maximum": 50}, {**STATUS, "enum": ["open"]},
     ["request-parameter-enum-value-removed", "request-parameter-max-decreased",
      "request-parameter-type-generalized", "request-parameter-type-generalized"]),
])
def test_a_query_scalar_that_became_an_array_of_it_keeps_its_item_limits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit_items: dict[str, Any],
        status_items: dict[str, Any], expected: list[str]) -> None:
    write(tmp_path / "base.yaml", listing(LIMIT, STATUS))
    write(tmp_path / "head.yaml", listing({"type": "array", "items": limit_items},
                                          {"type": "array", "items": status_items}))
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                       "-f", "json")
    results = json.loads(out)["results"]
    assert sorted(r["rule"] for r in results) == expected
    assert code == (1 if len(expected) > 2 else 0)  # only a tightened item is breaking
    pointers = {r["rule"]: r["pointer"] for r in results}
    if "request-parameter-max-decreased" in pointers:  # the limit is written in the item
        assert pointers["request-parameter-max-decreased"] == \
            "/paths/~1orders/get/parameters/0/schema/items"


def at(data: Any, pointer: str) -> Any:
    """The value at an RFC 6901 pointer (KeyError/IndexError when it does not exist)."""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def test_swagger_2_findings_point_into_the_2_0_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/pets": {"post": {
            "parameters": [
                {"in": "query", "name": "limit", "type": "integer", "maximum": 100},
                {"in": "body", "name": "pet", "schema": {
                    "type": "object", "properties": {"name": {"type": "string"},
                                                     "age": {"type": "integer"}}}}],
            "responses": {"200": {"description": "ok",
                                  "schema": {"$ref": "#/definitions/Pet"}}}}},
        "/upload": {"post": {
            "consumes": ["multipart/form-data"],
            "parameters": [
                {"in": "header", "name": "X-Trace", "type": "string"},
                {"in": "formData", "name": "size", "type": "integer", "maximum": 10}],
            "responses": {"204": {"description": "stored"}}}}},
        "definitions": {"Pet": {"type": "object", "properties": {
            "name": {"type": "string"}, "tag": {"type": "string"}}}}}
    head = copy.deepcopy(base)
    post = head["paths"]["/pets"]["post"]
    post["parameters"][0]["maximum"] = 50
    post["parameters"][1]["schema"]["required"] = ["age"]
    del head["definitions"]["Pet"]["properties"]["tag"]
    head["paths"]["/upload"]["post"]["parameters"][1]["maximum"] = 5
    write(tmp_path / "base.yaml", base)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                       "-f", "json")
    assert code == 1
    got = {r["rule"]: (r["file"], r["pointer"], r["line"])
           for r in json.loads(out)["results"]}
    assert {rule: where[:2] for rule, where in got.items()} == {
        "request-parameter-max-decreased": ("head.yaml", "/paths/~1pets/post/parameters/0"),
        "request-property-became-required": (
            "head.yaml", "/paths/~1pets/post/parameters/1/schema/properties/age"),
        "response-optional-property-removed": ("base.yaml", "/definitions/Pet/properties/tag"),
        "request-property-max-decreased": ("head.yaml", "/paths/~1upload/post/parameters/1"),
    }
    docs = {name: yaml.safe_load((tmp_path / name).read_text())
            for name in ("base.yaml", "head.yaml")}
    for file, pointer, line in got.values():
        at(docs[file], pointer)  # exists in the file named
        text = (tmp_path / file).read_text().splitlines()[line - 1]
        last = pointer.rsplit("/", 1)[1]
        assert (last + ":" in text) if not last.isdigit() else text.lstrip().startswith("-")


def locations(fmt: str, out: str) -> list[tuple[str, int]]:
    """(file, start line) of every location a report format gives (an end is exclusive:
    line N+1 column 1 is the end of a block that closes the file)."""
    if fmt == "json":
        return [(r["file"], r["line"]) for r in json.loads(out)["results"]]
    if fmt == "sarif":
        return [(loc["physicalLocation"]["artifactLocation"]["uri"],
                 loc["physicalLocation"]["region"][k])
                for run in json.loads(out)["runs"] for res in run["results"]
                for loc in res["locations"] for k in ("startLine",)]
    if fmt == "gitlab":
        return [(i["location"]["path"], i["location"]["lines"][k])
                for i in json.loads(out) for k in ("begin",)]
    if fmt == "github":
        return [(f, int(n)) for f, n in re.findall(r"file=([^,]+),line=(\d+)", out)]
    pattern = {"junit": r'([\w./-]+\.yaml):(\d+):\d+ ', "stylish": r"^()\s+(\d+):\d+\s"}[fmt]
    return [(f or "api/openapi.yaml", int(n))
            for f, n in re.findall(pattern, out, flags=re.M)]


def test_a_removal_since_a_revision_is_placed_in_todays_file_in_every_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    base = spec({"/v1/orders": {"get": {"responses": {"200": ok()}}},
                 "/v1/orders/{id}": {"get": {"responses": {"200": ok()}},
                                     "put": {"responses": {"204": ok()}},
                                     "delete": {"responses": {"204": ok()}}}})
    write(repo / "api" / "openapi.yaml", base)
    for args in (("init", "-q"), ("add", "."), ("commit", "-qm", "v1")):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       cwd=repo, check=True, capture_output=True)
    head = copy.deepcopy(base)
    del head["paths"]["/v1/orders/{id}"]["delete"]
    del head["paths"]["/v1/orders/{id}"]["put"]
    del head["paths"]["/v1/orders/{id}"]["get"]["responses"]["200"]
    head["paths"]["/v1/orders/{id}"]["get"]["responses"]["204"] = ok()
    write(repo / "api" / "openapi.yaml", head)
    today = (repo / "api" / "openapi.yaml").read_text().splitlines()
    parent = next(i for i, line in enumerate(today, 1) if "/v1/orders/{id}:" in line)
    responses = next(i for i, line in enumerate(today, 1) if i > parent and
                     "responses:" in line)
    for fmt in ("json", "sarif", "gitlab", "github", "junit", "stylish"):
        code, out, _ = run(repo, monkeypatch, "HEAD:api/openapi.yaml", "api/openapi.yaml",
                           "-f", fmt)
        assert code == 1, fmt
        found = locations(fmt, out)
        assert found, (fmt, out)
        assert {f for f, _ in found} == {"api/openapi.yaml"}, fmt
        assert all(1 <= n <= len(today) for _, n in found), (fmt, found, len(today))
        assert sorted(n for _, n in found) == [parent, parent, responses], (fmt, found)
    _, out, _ = run(repo, monkeypatch, "HEAD:api/openapi.yaml", "api/openapi.yaml", "-f",
                    "json")
    results = json.loads(out)["results"]
    assert len({r["fingerprint"] for r in results}) == 3
    assert all("-" not in r["fingerprint"] for r in results)  # not told apart by order
    removed = next(r for r in results if r["rule"] == "api-removed-without-deprecation"
                   and r["operation"]["method"] == "DELETE")
    assert removed["rule"] == "api-removed-without-deprecation"
    assert removed["pointer"] == "/paths/~1v1~1orders~1{id}"
    old = subprocess.run(["git", "show", "HEAD:api/openapi.yaml"], cwd=repo, text=True,
                         capture_output=True, check=True).stdout.splitlines()
    assert removed["extra"]["base"]["revision"] == "HEAD"
    assert old[removed["extra"]["base"]["line"] - 1].strip() == "delete:"
    assert removed["extra"]["base"]["line"] > len(today)  # where BASE's line would land
