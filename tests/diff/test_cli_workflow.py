"""``govlint diff`` workflow around the comparison (issue 12 review): oasdiff's option
spellings, the changelog headline, bad input named clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.diff.test_cli_diff import BASE, ok, run, write


def changed(tmp: Path) -> None:
    """BASE -> HEAD with one warning (an enum value added to a response) and an endpoint
    added (info)."""
    head = json.loads(json.dumps(BASE))
    head["paths"]["/v1/orders"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["items"]["properties"]["status"]["enum"].append("refunded")
    head["paths"]["/v1/orders/{id}"]["get"] = {"responses": {"200": ok()}}
    write(tmp / "base.yaml", BASE)
    write(tmp / "head.yaml", head)


@pytest.mark.parametrize(("fail_on", "level", "code", "rules"), [
    ("ERR", "WARN", 0, ["response-property-enum-value-added"]),
    ("WARN", "INFO", 1, ["endpoint-added", "response-property-enum-value-added"]),
    ("Warn", "Err", 0, []),  # nothing at error level: nothing reported, nothing fails
    ("INFO", "info", 1, ["endpoint-added", "response-property-enum-value-added"]),
    ("NONE", "INFO", 0, ["endpoint-added", "response-property-enum-value-added"]),
])
def test_oasdiff_level_spellings_are_accepted_in_any_case(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str, level: str, code: int,
        rules: list[str]) -> None:
    changed(tmp_path)
    got, out, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                        "--fail-on", fail_on, "--level", level)
    assert got == code, err
    assert sorted(r["rule"] for r in json.loads(out)["results"]) == rules


def test_an_unknown_level_is_still_a_usage_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    changed(tmp_path)
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "breaking")
    assert code == 2 and "--level" in err


@pytest.mark.parametrize(("other", "words"), [(0, "0 other changes"), (1, "1 other change")])
def test_changelog_headline_counts_other_changes_in_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: int, words: str) -> None:
    head = json.loads(json.dumps(BASE))
    del head["paths"]["/v1/orders/{id}"]
    if other:
        head["paths"]["/v1/orders"]["get"]["tags"] = ["orders"]
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                       "-f", "markdown")
    assert code == 1
    assert out.splitlines()[0] == f"### govlint diff: ❌ 1 breaking, 0 possibly breaking, {words}"


@pytest.mark.parametrize(("mangle", "pointer", "words"), [
    (lambda s: s.update(paths=[{"/v1/orders": {}}]), "/paths",
     "`paths` must be a mapping, not a list"),
    (lambda s: s["paths"]["/v1/orders"].update(post="hello"), "/paths/~1v1~1orders/post",
     "operation POST /v1/orders must be a mapping, not a string"),
    (lambda s: s["paths"]["/v1/orders"]["get"].update(parameters={"a": 1}),
     "/paths/~1v1~1orders/get/parameters", "GET /v1/orders `parameters` must be a list"),
])
def test_structural_nonsense_is_a_finding_not_every_endpoint_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mangle, pointer: str,
        words: str) -> None:
    head = json.loads(json.dumps(BASE))
    mangle(head)
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json")
    assert code == 1
    results = json.loads(out)["results"]
    assert [(r["rule"], r["file"], r["pointer"]) for r in results] == [
        ("diff-invalid-spec", "head.yaml", pointer)]
    assert words in results[0]["message"] and results[0]["line"] > 1
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "markdown")
    assert out.startswith("### govlint: ❌ 1 problem")  # a problem, not "1 breaking" change
    assert "Changes by operation" not in out and "`diff-invalid-spec`" in out


@pytest.mark.parametrize(("key", "version", "words"), [
    ("openapi", "9.9.9", "unsupported OpenAPI version '9.9.9'"),
    ("swagger", "1.2", "unsupported Swagger version '1.2'"),
])
def test_an_unsupported_version_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         key: str, version: str, words: str) -> None:
    head = {key: version, "info": {"title": "t", "version": "1"}, "paths": {}}
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml")
    assert code == 2 and f"diff: head.yaml: {words}" in err
    assert "Traceback" not in err


def test_a_directory_argument_says_it_is_a_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "api" / "openapi.yaml", BASE)
    code, _, err = run(tmp_path, monkeypatch, "api", "api/openapi.yaml")
    assert code == 2 and "diff: api: is a directory" in err


def nested(depth: int, leaf: dict) -> dict:
    schema = leaf
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def test_a_comparison_stopped_at_depth_64_leaves_a_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def spec_with(leaf: dict) -> dict:
        out = json.loads(json.dumps(BASE))
        out["paths"]["/v1/deep"] = {"get": {"responses": {"200": ok(nested(70, leaf))}}}
        return out

    write(tmp_path / "base.yaml", spec_with({"type": "string"}))
    write(tmp_path / "head.yaml", spec_with({"type": "integer"}))
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json")
    assert code == 0  # an info notice, reported at the default --level warn
    (notice,) = json.loads(out)["results"]
    assert notice["rule"] == "diff-depth-limit" and notice["severity"] == "info"
    assert notice["operation"] == {"method": "GET", "path": "/v1/deep"}
    assert "nested deeper than 64 levels" in notice["message"]
    # shallower, the same change is found
    write(tmp_path / "base.yaml", BASE | {"paths": {"/v1/deep": {"get": {"responses": {
        "200": ok(nested(5, {"type": "string"}))}}}}})
    write(tmp_path / "head.yaml", BASE | {"paths": {"/v1/deep": {"get": {"responses": {
        "200": ok(nested(5, {"type": "integer"}))}}}}})
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json")
    assert [r["rule"] for r in json.loads(out)["results"]] == ["response-property-type-changed"]
