"""The OpenAPI governance rules through the CLI: each rule's failing fixture yields that
rule at the pointers its ``# expect:`` lines name, its passing fixture yields none; 3.1 and
3.2 differ as section 9 of the spec says; vars from ``.govlint.yaml`` change results."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.rules.governance.rule_docs import FIXTURES, RULES

TODAY = {"GOVLINT_TODAY": "2026-06-01"}  # the sandbox fixtures are written for this date
_EXPECT = re.compile(r"^# expect: (\S+) at (\S*)$", re.M)


def expected(rule: str) -> set[str]:
    text = (FIXTURES / rule / "fail.yaml").read_text(encoding="utf-8")
    found = _EXPECT.findall(text)
    assert found and all(r == rule for r, _ in found), f"{rule}/fail.yaml needs # expect lines"
    return {pointer for _, pointer in found}


def copy_fixtures(dest: Path, rules: tuple[str, ...] = RULES) -> Path:
    for rule in rules:
        shutil.copytree(FIXTURES / rule, dest / rule)
    return dest


def lint(govlint: Any, cwd: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    run = govlint("lint", *args, "--format", "json", cwd=cwd, env={**TODAY, **(env or {})})
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    return run.json()


def pointers(report: dict[str, Any], rule: str, file: str | None = None) -> set[str]:
    return {r["pointer"] for r in report["results"]
            if r["rule"] == rule and (file is None or r["file"] == file)}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every fixture linted once per governance version (one run each: fast)."""
    from tests.conftest import run_govlint

    root = copy_fixtures(tmp_path_factory.mktemp("fixtures"))
    return {version: lint(run_govlint, root, ".", "--governance", version)
            for version in ("3.1", "3.2")}


@pytest.mark.parametrize("rule", RULES)
def test_fail_fixture_reports_the_rule_at_the_expected_pointers(rule, reports):
    assert pointers(reports["3.2"], rule, f"{rule}/fail.yaml") == expected(rule)


@pytest.mark.parametrize("rule", RULES)
def test_pass_fixture_has_no_finding_of_the_rule(rule, reports):
    assert pointers(reports["3.2"], rule, f"{rule}/pass.yaml") == set()


def _severities(report: dict[str, Any], rule: str) -> set[str]:
    return {r["severity"] for r in report["results"] if r["rule"] == rule}


def test_trc_001_is_a_warning_in_3_1_and_an_error_in_3_2(reports):
    assert _severities(reports["3.1"], "TRC-001") == {"warn"}
    assert _severities(reports["3.2"], "TRC-001") == {"error"}


def test_err_005_exists_only_in_3_2(reports):
    assert pointers(reports["3.1"], "ERR-005") == set()
    assert pointers(reports["3.2"], "ERR-005", "ERR-005/fail.yaml") == expected("ERR-005")


def test_other_openapi_rules_are_the_same_in_both_versions(reports):
    def key(report: dict[str, Any]) -> set[tuple[str, str, str, str]]:
        return {(r["rule"], r["file"], r["pointer"], r["severity"]) for r in report["results"]
                if r["rule"] in RULES and r["rule"] not in ("TRC-001", "ERR-005")}

    assert key(reports["3.1"]) == key(reports["3.2"])


# --- vars from .govlint.yaml -------------------------------------------------------------


def _with_config(tmp_path: Path, rule: str, config: str) -> Path:
    copy_fixtures(tmp_path, (rule,))
    (tmp_path / ".govlint.yaml").write_text(config, encoding="utf-8")
    return tmp_path


def test_error_code_pattern_var_changes_err_003(govlint, tmp_path):
    root = _with_config(tmp_path, "ERR-003", 'vars: {errorCodePattern: "^E[0-9]{3}$"}\n')
    report = lint(govlint, root, "ERR-003/fail.yaml")
    assert pointers(report, "ERR-003") == {
        "/components/schemas/Error/properties/code/enum/0",  # ORD-0002 no longer matches
        "/components/schemas/Error/properties/code/enum/1",
    }


def test_property_casing_var_changes_nam_004(govlint, tmp_path):
    root = _with_config(tmp_path, "NAM-004", "vars: {propertyCasing: snake}\n")
    report = lint(govlint, root, "NAM-004/fail.yaml")
    assert pointers(report, "NAM-004") == {
        "/components/schemas/Order/properties/orderId",
        "/components/schemas/Order/properties/items/items/properties/SkuId",
    }


def test_max_sandbox_days_var_changes_sbx_002(govlint, tmp_path):
    root = _with_config(tmp_path, "SBX-002", "vars: {maxSandboxDays: 1000}\n")
    report = lint(govlint, root, "SBX-002/fail.yaml")
    assert pointers(report, "SBX-002") == expected("SBX-002") - {
        "/paths/~1v1~1order-suggestions/post/x-spec-sandbox-evidence/expires"
    }


def test_version_segment_pattern_var_changes_nam_002(govlint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
        "paths:\n  /api/2/orders: {get: {responses: {'200': {description: ok}}}}\n",
        encoding="utf-8")
    assert pointers(lint(govlint, tmp_path, "api.yaml"), "NAM-002") == {"/paths"}
    (tmp_path / ".govlint.yaml").write_text('vars: {versionSegmentPattern: "^[0-9]+$"}\n')
    assert pointers(lint(govlint, tmp_path, "api.yaml"), "NAM-002") == set()


# --- ERR-004: where the catalogue is -----------------------------------------------------


def test_err_004_reads_the_catalogue_from_disk_when_the_spec_is_linted_alone(govlint, tmp_path):
    root = copy_fixtures(tmp_path, ("ERR-004",))
    report = lint(govlint, root, "ERR-004/fail.yaml")
    assert pointers(report, "ERR-004") == expected("ERR-004")
    assert "ORD-0099" in next(r["message"] for r in report["results"] if r["rule"] == "ERR-004")


def test_err_004_catalogue_in_a_parent_directory_and_errorcatalog_config_key(govlint, tmp_path):
    service = tmp_path / "services" / "orders" / "api"
    service.mkdir(parents=True)
    shutil.copy(FIXTURES / "ERR-004" / "fail.yaml", service / "openapi.yaml")
    (tmp_path / "governance").mkdir()
    shutil.copy(FIXTURES / "ERR-004" / "errors" / "catalog.yaml",
                tmp_path / "governance" / "codes.yaml")
    report = lint(govlint, tmp_path, "services")
    assert "no error catalogue was found" in " ".join(
        r["message"] for r in report["results"] if r["rule"] == "ERR-004")
    (tmp_path / ".govlint.yaml").write_text("errorCatalog: governance/codes.yaml\n")
    report = lint(govlint, tmp_path, "services")
    found = [r for r in report["results"] if r["rule"] == "ERR-004"]
    assert [(r["file"], r["pointer"]) for r in found] == [
        ("services/orders/api/openapi.yaml", next(iter(expected("ERR-004"))))]


def test_err_004_reports_a_code_registered_twice_with_two_meanings(govlint, tmp_path):
    (tmp_path / "errors").mkdir()
    (tmp_path / "errors" / "catalog.yaml").write_text(
        "codes:\n"
        "  - {code: ORD-0002, http: 404, message: Order not found}\n"
        "  - {code: ORD-0002, http: 404, message: '  order NOT found '}\n"  # same meaning
        "  - {code: ORD-0002, http: 410, message: Order item gone}\n",
        encoding="utf-8")
    report = lint(govlint, tmp_path, ".")
    assert pointers(report, "ERR-004", "errors/catalog.yaml") == {"/codes/2/code"}


# --- other shapes of real specs ----------------------------------------------------------

SWAGGER = """\
swagger: '2.0'
info: {title: Orders, version: '1', contact: {name: orders-team}}
basePath: /orders/v1
produces: [application/problem+json]
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List orders
      parameters: [{$ref: '#/parameters/UberTraceId'}]
      responses:
        '200': {description: ok}
        '400': {description: bad request, schema: {type: object}}
        default: {description: error, schema: {type: object}}
parameters:
  UberTraceId: {name: uber-trace-id, in: header, type: string, required: false}
"""

OAS31 = """\
openapi: 3.1.0
info: {title: Orders, version: '1', x-team: orders-team}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /orders:
    get:
      operationId: listOrders
      summary: List orders
      parameters: [{name: traceparent, in: header, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
              example: {orderId: A1, couponCode: null}
        '400': {$ref: '#/components/responses/Problem'}
        '500': {$ref: '#/components/responses/Problem'}
components:
  responses:
    Problem:
      description: error
      content: {application/problem+json: {schema: {type: object}}}
  schemas:
    Order:
      type: object
      properties:
        orderId: {type: string}
        couponCode: {type: [string, 'null']}
"""


@pytest.mark.parametrize("text", [SWAGGER, OAS31], ids=["swagger-2.0", "openapi-3.1"])
def test_compliant_swagger_2_and_openapi_3_1_specs_pass(govlint, tmp_path, text):
    (tmp_path / "api.yaml").write_text(text, encoding="utf-8")
    report = lint(govlint, tmp_path, "api.yaml")
    assert [r for r in report["results"] if r["rule"] in RULES] == []


def test_a_parse_of_a_broken_var_regex_is_a_clear_error_not_a_traceback(govlint, tmp_path):
    root = _with_config(tmp_path, "ERR-003", 'vars: {errorCodePattern: "([A-Z"}\n')
    run = govlint("lint", "ERR-003/fail.yaml", cwd=root, env=TODAY)
    assert run.code == 2
    assert "errorCodePattern" in run.stderr and "Traceback" not in run.stderr
