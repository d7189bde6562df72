"""``govlint diff`` as a user runs it: files and git revisions of a repository built in
``tmp_path``, the JSON report (validated against schemas/report.schema.json), exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from govlint.cli.main import run as run_main

REPO = Path(__file__).resolve().parents[2]


def spec(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "Orders", "version": "1.0.0"},
            "paths": paths, **extra}


def ok(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"description": "OK"}
    if schema is not None:
        out["content"] = {"application/json": {"schema": schema}}
    return out


ORDER = {"type": "object", "required": ["id"],
         "properties": {"id": {"type": "string"},
                        "status": {"type": "string", "enum": ["open", "paid"]}}}
BASE = spec({
    "/v1/orders": {
        "get": {"operationId": "listOrders", "responses": {"200": ok(
            {"type": "array", "items": ORDER})}},
        "post": {"operationId": "createOrder",
                 "requestBody": {"content": {"application/json": {"schema": ORDER}}},
                 "responses": {"201": ok(ORDER)}},
    },
    "/v1/orders/{id}": {
        "delete": {"responses": {"204": {"description": "gone"}}},
    },
})


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def run(tmp: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """``govlint diff ARGS`` in ``tmp``: (exit code, stdout, stderr), errors handled as the
    ``govlint`` entry point handles them."""
    monkeypatch.chdir(tmp)
    runner = CliRunner()
    result = runner.invoke(entry, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("argv", nargs=-1, type=click.UNPROCESSED)
def entry(argv: tuple[str, ...]) -> None:
    """The real entry point minus its os._exit."""
    raise SystemExit(run_main(list(argv)))


def validate(report: dict[str, Any]) -> None:
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)


def test_removed_operation_is_an_error_at_its_line_in_base(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = json.loads(json.dumps(BASE))
    del head["paths"]["/v1/orders/{id}"]
    head["paths"]["/v1/orders"]["post"]["requestBody"]["content"]["application/json"][
        "schema"]["required"] = ["id", "status"]
    write(tmp_path / "api" / "base.yaml", BASE)
    write(tmp_path / "api" / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "api/base.yaml", "api/head.yaml", "-f", "json")
    assert code == 1
    report = json.loads(out)
    validate(report)
    by_rule = {r["rule"]: r for r in report["results"]}
    assert set(by_rule) == {"api-path-removed-without-deprecation",
                            "request-property-became-required"}
    removed = by_rule["api-path-removed-without-deprecation"]
    assert removed["severity"] == "error"
    assert removed["file"] == "api/base.yaml"
    assert removed["operation"] == {"method": "DELETE", "path": "/v1/orders/{id}"}
    base_lines = (tmp_path / "api" / "base.yaml").read_text().splitlines()
    assert base_lines[removed["line"] - 1].strip() == "delete:"
    required = by_rule["request-property-became-required"]
    assert required["file"] == "api/head.yaml"
    assert required["pointer"] == ("/paths/~1v1~1orders/post/requestBody/content/"
                                   "application~1json/schema/properties/status")
    assert required["operation"] == {"method": "POST", "path": "/v1/orders"}


def test_levels_fail_on_and_severity_levels_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = json.loads(json.dumps(BASE))
    head["paths"]["/v1/orders"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["items"]["properties"]["status"]["enum"].append("refunded")
    head["paths"]["/v1/orders/{id}"]["get"] = {"responses": {"200": ok()}}
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json")
    assert code == 0  # a warning does not fail by default
    assert [r["rule"] for r in json.loads(out)["results"]] == [
        "response-property-enum-value-added"]
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                       "--fail-on", "warn", "--level", "info")
    assert code == 1
    assert sorted(r["rule"] for r in json.loads(out)["results"]) == [
        "endpoint-added", "response-property-enum-value-added"]
    (tmp_path / "levels.txt").write_text("# ours\nresponse-property-enum-value-added ERR\n")
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                       "--severity-levels", "levels.txt")
    assert code == 1
    assert json.loads(out)["results"][0]["severity"] == "error"
    (tmp_path / "levels.txt").write_text("no-such-check ERR\n")
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml",
                       "--severity-levels", "levels.txt")
    assert code == 2 and "levels.txt:1: unknown check id 'no-such-check'" in err


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_git_revision_with_a_split_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BASE as REV:PATH reads the spec and the files it references as they were at REV."""
    root = tmp_path / "repo"
    split = spec({"/v1/orders": {"post": {
        "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "schemas/order.yaml"}}}},
        "responses": {"201": {"description": "created"}}}}})
    write(root / "api" / "openapi.yaml", split)
    write(root / "api" / "schemas" / "order.yaml", ORDER)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "v1")
    narrowed = json.loads(json.dumps(ORDER))
    narrowed["properties"]["status"]["enum"] = ["open"]
    write(root / "api" / "schemas" / "order.yaml", narrowed)
    code, out, _ = run(root, monkeypatch, "HEAD:api/openapi.yaml", "api/openapi.yaml",
                       "-f", "json")
    assert code == 1
    (result,) = json.loads(out)["results"]
    assert result["rule"] == "request-property-enum-value-removed"
    assert result["file"] == "api/schemas/order.yaml"  # where the enum is written
    assert result["pointer"] == "/properties/status"
    code, _, err = run(root, monkeypatch, "nosuchrev:api/openapi.yaml", "api/openapi.yaml")
    assert code == 2 and "nosuchrev" in err


def test_bad_input_is_a_finding_or_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "base.yaml", BASE)
    (tmp_path / "broken.yaml").write_text("openapi: 3.0.3\npaths: {\n")
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "broken.yaml", "-f", "json")
    assert code == 1
    (result,) = json.loads(out)["results"]
    assert result["rule"] == "parse-error" and result["file"] == "broken.yaml"
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "missing.yaml")
    assert code == 2 and "missing.yaml" in err
    (tmp_path / "other.yaml").write_text("name: not an api\n")
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "other.yaml")
    assert code == 2 and "other.yaml: not an OpenAPI document" in err


def test_swagger_2_parameters_and_bodies(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/pets": {
        "post": {"parameters": [
            {"in": "query", "name": "limit", "type": "integer", "maximum": 100},
            {"in": "body", "name": "pet", "schema": {
                "type": "object", "properties": {"name": {"type": "string"}}}}],
            "responses": {"200": {"description": "ok"}}}}}}
    head = json.loads(json.dumps(base))
    params = head["paths"]["/pets"]["post"]["parameters"]
    params[0]["maximum"] = 50
    params[1]["schema"]["required"] = ["name"]
    write(tmp_path / "base.yaml", base)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json")
    assert code == 1
    assert sorted(r["rule"] for r in json.loads(out)["results"]) == [
        "request-parameter-max-decreased", "request-property-became-required"]


def test_changelog_markdown_grouped_by_operation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = json.loads(json.dumps(BASE))
    del head["paths"]["/v1/orders/{id}"]
    props = head["paths"]["/v1/orders"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]
    props["<img src=x onerror=alert(1)>`|"] = {"type": "string"}
    head["paths"]["/v1/orders"]["get"]["tags"] = ["orders"]
    head["security"] = [{"oauth": ["orders:read"]}]
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                       "-f", "markdown")
    assert code == 1
    assert out.splitlines()[0] == ("### govlint diff: ❌ 1 breaking, 0 possibly breaking, "
                                   "3 other changes")
    sections = out.split("##### ")[1:]
    assert [s.splitlines()[0] for s in sections] == [
        "`API`", "`GET /v1/orders`", "`POST /v1/orders`", "`DELETE /v1/orders/{id}`"]
    assert "- security requirement `oauth: [orders:read]` added " \
           "(`api-global-security-added`)" in sections[0]
    assert "- **breaking**: endpoint removed without being deprecated first " \
           "(`api-path-removed-without-deprecation`)" in sections[3]
    assert "- tag `orders` added (`api-tag-added`)" in sections[1]
    # a hostile property name stays one inert code span
    assert "property `<img src=x onerror=alert(1)>'\\|` added, optional " \
           "(`new-optional-request-property`)" in sections[2]


def test_renamed_path_parameter_is_the_same_endpoint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/orders/{id} -> /orders/{orderId} is a rename; a template that only shares its shape
    with a new sibling (/att/{digest} beside a new /att/{att_id}) is matched by name."""
    get = {"parameters": [{"in": "path", "name": "id", "required": True,
                           "schema": {"type": "string"}}], "responses": {"200": ok()}}
    base = spec({"/orders/{id}": {"get": get}, "/att/{digest}": {"get": {
        "responses": {"200": ok()}}}})
    head = json.loads(json.dumps(base))
    renamed = head["paths"].pop("/orders/{id}")
    renamed["get"]["parameters"][0]["name"] = "orderId"
    renamed["get"]["parameters"][0]["schema"]["maxLength"] = 10
    head["paths"]["/orders/{orderId}"] = renamed
    head["paths"]["/att/{att_id}"] = {"get": {"responses": {"200": ok()}}}
    write(tmp_path / "base.yaml", base)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                       "--level", "info")
    results = json.loads(out)["results"]
    assert code == 0  # a warning and an info
    assert sorted((r["rule"], r["operation"]["path"]) for r in results) == [
        ("endpoint-added", "/att/{att_id}"),
        ("request-parameter-max-length-set", "/orders/{id}")]


def test_parameter_added_to_the_path_item_reaches_every_operation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = json.loads(json.dumps(BASE))
    head["paths"]["/v1/orders"]["parameters"] = [
        {"in": "header", "name": "X-Tenant", "required": True, "schema": {"type": "string"}}]
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json")
    assert code == 1
    line = next(i for i, text in enumerate(
        (tmp_path / "head.yaml").read_text().splitlines(), 1) if "in: header" in text)
    assert sorted((r["rule"], r["operation"]["method"], r["line"])
                  for r in json.loads(out)["results"]) == [
        ("new-required-request-default-parameter-to-existing-path", "GET", line),
        ("new-required-request-default-parameter-to-existing-path", "POST", line)]


def test_ruleset_rules_adjust_check_severities(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`rules: {check-id: severity}` in a ruleset works on diff findings as on any rule."""
    head = json.loads(json.dumps(BASE))
    del head["paths"]["/v1/orders/{id}"]
    head["paths"]["/v1/orders"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["items"]["properties"]["status"]["enum"].append("refunded")
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    write(tmp_path / "rules.yaml", {"rules": {
        "api-path-removed-without-deprecation": "warn",
        "response-property-enum-value-added": "off"}})
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                       "-r", "rules.yaml")
    assert code == 0
    assert [(r["rule"], r["severity"]) for r in json.loads(out)["results"]] == [
        ("api-path-removed-without-deprecation", "warn")]
    write(tmp_path / "rules.yaml", {"rules": {"api-path-removed-without-deprecation": "loud"}})
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-r", "rules.yaml")
    assert code == 2 and "api-path-removed-without-deprecation" in err and "loud" in err


def test_openapi_3_2_query_and_additional_operations(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/files": {
        "query": {"responses": {"200": ok()}},
        "additionalOperations": {"COPY": {"responses": {"201": ok()}}}}}}
    head = json.loads(json.dumps(base))
    del head["paths"]["/files"]["additionalOperations"]
    head["paths"]["/files"]["query"]["responses"]["200"] = ok({"type": "string"})
    write(tmp_path / "base.yaml", base)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                       "--level", "info")
    assert code == 1
    assert sorted((r["rule"], r["operation"]["method"], r["pointer"])
                  for r in json.loads(out)["results"]) == [
        ("api-removed-without-deprecation", "COPY", "/paths/~1files/additionalOperations/COPY"),
        ("response-media-type-added", "QUERY",
         "/paths/~1files/query/responses/200/content/application~1json")]


def test_rules_explain_knows_check_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "rules.yaml", {"rules": {"request-parameter-removed": "error"}})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(entry, ["rules", "explain", "request-parameter-removed"])
    assert result.exit_code == 0
    assert result.stdout.startswith("request-parameter-removed (warn, govlint diff")
    assert "Possibly breaking change: request parameter removed" in result.stdout
    result = CliRunner().invoke(entry, ["rules", "explain", "request-parameter-removed",
                                        "-r", "rules.yaml"])
    assert result.stdout.startswith("request-parameter-removed (error, ")


def test_split_specs_outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two downloaded releases elsewhere on disk: each resolves its own $refs."""
    for name, enum in (("v1", ["open", "paid"]), ("v2", ["open"])):
        write(tmp_path / "releases" / name / "openapi.yaml", spec({"/orders": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {
                "$ref": "order.yaml"}}}}, "responses": {"201": ok()}}}}))
        write(tmp_path / "releases" / name / "order.yaml", {"type": "string", "enum": enum})
    (tmp_path / "project").mkdir()
    code, out, _ = run(tmp_path / "project", monkeypatch, "../releases/v1/openapi.yaml",
                       "../releases/v2/openapi.yaml", "-f", "json")
    assert code == 1
    (result,) = json.loads(out)["results"]
    assert result["rule"] == "request-body-enum-value-removed"
    assert result["file"] == "../releases/v2/order.yaml"
    assert json.loads(out)["files"] == ["../releases/v1/openapi.yaml",
                                        "../releases/v2/openapi.yaml"]
