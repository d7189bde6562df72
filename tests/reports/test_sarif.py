from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from govlint.reports import render
from govlint.reports.model import Report

from .samples import VENDOR, make_report

SCHEMA = VENDOR / "sarif-schema-2.1.0.json"


def _sarif(report: Report) -> dict[str, Any]:
    out = io.StringIO()
    render("sarif", report, out, color=False)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_valid_against_the_official_sarif_schema(
    report: Report, validator: jsonschema.Draft202012Validator
) -> None:
    for r in (report, make_report([])):
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(_sarif(r))]
        assert errors == []


def test_schema_check_is_not_vacuous(
    report: Report, validator: jsonschema.Draft202012Validator
) -> None:
    log = _sarif(report)
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(validator.iter_errors(log))) == 2


def test_rules_describe_every_rule_with_help(report: Report) -> None:
    driver = _sarif(report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "govlint"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and "parse-error" in ids  # rules named by results are described
    nam1 = next(r for r in driver["rules"] if r["id"] == "NAM-001")
    assert nam1["shortDescription"]["text"] == "Path segments are lowercase kebab-case."
    assert nam1["helpUri"] == "https://example.org/govlint/rules/NAM-001"
    assert "[Documentation](https://example.org/govlint/rules/NAM-001)" in nam1["help"]["markdown"]
    nam3 = next(r for r in driver["rules"] if r["id"] == "NAM-003")
    assert nam3["shortDescription"]["text"] == "operationId unique, lowerCamelCase."
    assert nam3["fullDescription"]["text"].endswith("Longer text.")
    assert "helpUri" not in nam3
    doc1 = next(r for r in driver["rules"] if r["id"] == "DOC-001")
    assert doc1["shortDescription"]["text"] == "DOC-001"  # never an empty text
    assert doc1["defaultConfiguration"]["level"] == "note"


def test_results_levels_locations_fingerprints(report: Report) -> None:
    run = _sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(report.results)
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    rel = next(r for r in results if r["ruleId"] == "REL-002")
    assert rel["level"] == "error"
    loc = rel["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "deploy/rollouts.yaml"
    assert loc["region"] == {"startLine": 58, "startColumn": 22, "endLine": 58, "endColumn": 24}
    assert rel["partialFingerprints"] == {"govlintFingerprint/v1": "fp-rel-002"}
    assert rel["properties"] == {"pointer": "/spec/strategy/canary/steps/3/setWeight",
                                 "document": 1}
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["TRC-001"] == "warning" and levels["NAM-006"] == "note"
    assert levels["DOC-001"] == "note"


def test_suppressed_findings_carry_suppressions_with_justification(report: Report) -> None:
    results = _sarif(report)["runs"][0]["results"]
    suppressed = {r["partialFingerprints"]["govlintFingerprint/v1"]: r["suppressions"]
                  for r in results if "suppressions" in r}
    assert set(suppressed) == {"fp-nam-003", "fp-trc-sbx", "fp-nam-001-legacy"}
    waiver = suppressed["fp-nam-003"][0]
    assert waiver["kind"] == "external" and waiver["status"] == "accepted"
    assert waiver["justification"] == (
        "waiver: legacy client SDK depends on it (owner payments-team, approver arch-board, "
        "ticket GOV-123, expires 2030-01-31, see .govlint/waivers.yaml#/waivers/0)"
    )
    assert waiver["properties"]["govlint"]["ticket"] == "GOV-123"
    assert suppressed["fp-trc-sbx"][0]["justification"] == (
        "sandbox (zone /paths/~1v1~1refunds-beta, expires 2030-03-01)"
    )
    assert suppressed["fp-nam-001-legacy"][0]["justification"] == "baseline"


def test_missing_fingerprint_still_gets_a_line_independent_one(report: Report) -> None:
    f = report.results[0]
    f.fingerprint = ""
    a = _sarif(make_report([f]))["runs"][0]["results"][0]["partialFingerprints"]
    f.line += 10
    b = _sarif(make_report([f]))["runs"][0]["results"][0]["partialFingerprints"]
    assert a == b and len(a["govlintFingerprint/v1"]) == 32


def _multitool() -> list[str]:
    """The SARIF multitool where .ci/run or a developer installed it (or SARIF_MULTITOOL)."""
    explicit = os.environ.get("SARIF_MULTITOOL")
    if explicit:
        return [explicit]
    roots = [Path(os.environ["GOVLINT_TOOLS"])] if os.environ.get("GOVLINT_TOOLS") else []
    roots += [Path.home() / ".cache" / "govlint-tools", Path("/work/tools/sarif")]
    rel = Path("node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
    for root in roots:
        binary = root / rel
        if binary.is_file() and os.access(binary, os.X_OK):
            return [str(binary)]
    pytest.skip(
        "SARIF multitool not installed: `npm install --prefix $GOVLINT_TOOLS "
        "@microsoft/sarif-multitool@5.7.0` and `chmod u+x` its sarif-multitool-linux/"
        f"Sarif.Multitool (looked in {', '.join(map(str, roots))})"
    )


def _validate(tool: list[str], sarif: Path, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / (sarif.stem + ".validation.sarif")
    proc = subprocess.run(
        [*tool, "validate", str(sarif), "--json-schema", str(SCHEMA), "--output", str(out),
         "--level", "Error", "Warning"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True
    return run["results"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_sarif_multitool_validate_reports_no_errors(report: Report, tmp_path: Path) -> None:
    tool = _multitool()
    good = tmp_path / "govlint.sarif"
    good.write_text(json.dumps(_sarif(report), indent=2), encoding="utf-8")
    problems = _validate(tool, good, tmp_path)
    errors = [r for r in problems if r.get("level") == "error"]
    assert errors == [], errors
    # and it does flag a broken log, so the check above can fail
    broken = _sarif(report)
    del broken["runs"][0]["results"][0]["message"]
    bad = tmp_path / "broken.sarif"
    bad.write_text(json.dumps(broken, indent=2), encoding="utf-8")
    assert any(r.get("level") == "error" for r in _validate(tool, bad, tmp_path))


NAMING_SPEC = """\
openapi: 3.0.3
info: {title: Orders, version: "1", contact: {name: orders-team}}
paths:
  /Orders:
    get:
      summary: List orders
      responses: {"200": {description: ok}}
"""
CUSTOM_NAM_001 = """\
rules:
  NAM-001:
    description: Our own NAM-001.
    rationale: House style.
    given: $.info
    then: {field: x-house, function: truthy}
"""


def _driver_rules(run: Any) -> dict[str, dict[str, Any]]:
    assert run.code in (0, 1), run.stderr
    return {r["id"]: r for r in json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]}


def test_lint_sarif_full_description_and_help_say_more_than_the_short_text(
    tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    from tests.conftest import run_govlint

    (tmp_path / "openapi.yaml").write_text(NAMING_SPEC, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("a: [\n", encoding="utf-8")
    run = run_govlint("lint", ".", "-f", "sarif", cwd=tmp_path)
    assert list(validator.iter_errors(json.loads(run.stdout))) == []
    rules = _driver_rules(run)
    nam1 = rules["NAM-001"]
    short = nam1["shortDescription"]["text"]
    assert nam1["fullDescription"]["text"].startswith(short + "\n\nWhy: ")
    assert nam1["help"]["markdown"].startswith("# NAM-001: ")  # the rule page
    assert "<!--" not in nam1["help"]["markdown"]
    assert rules["parse-error"]["help"]["markdown"].startswith("# parse-error")
    # a merged report keeps what SARIF needs
    (tmp_path / "r.json").write_text(run_govlint("lint", ".", "-f", "json", cwd=tmp_path).stdout)
    merged = run_govlint("merge", str(tmp_path / "r.json"), "-f", "sarif", cwd=tmp_path)
    assert _driver_rules(merged)["NAM-001"] == nam1


def test_lint_sarif_never_gives_a_custom_rule_the_page_of_a_built_in_namesake(
    tmp_path: Path,
) -> None:
    from tests.conftest import run_govlint

    (tmp_path / "openapi.yaml").write_text(NAMING_SPEC, encoding="utf-8")
    (tmp_path / "house.yaml").write_text(CUSTOM_NAM_001, encoding="utf-8")
    nam1 = _driver_rules(run_govlint("lint", ".", "-r", "house.yaml", "-f", "sarif",
                                     cwd=tmp_path))["NAM-001"]
    assert nam1["fullDescription"]["text"] == "Our own NAM-001.\n\nWhy: House style."
    assert "markdown" not in nam1["help"]


def test_built_in_rules_link_to_their_page_in_the_repository(tmp_path: Path) -> None:
    """helpUri / documentationUrl name docs/rules/<ID>.md, which exists, under a base that
    GOVLINT_DOCS_URL sets; never the govlint.dev site that does not exist."""
    from tests.conftest import run_govlint

    docs = Path(__file__).resolve().parents[2] / "docs" / "rules"
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /Orders:\n"
        "    get: {responses: {'200': {description: ok}}}\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("a: [\n", encoding="utf-8")
    for env, base in (({}, "https://github.com/your-org/govlint/blob/main/docs/rules"),
                      ({"GOVLINT_DOCS_URL": "https://git.example.com/gov/-/blob/abc/docs/rules/"},
                       "https://git.example.com/gov/-/blob/abc/docs/rules")):
        run = run_govlint("lint", ".", "-f", "sarif", "-f", f"json:{tmp_path}/r.json",
                          cwd=tmp_path, env={"GOVLINT_DOCS_URL": "", **env})
        assert run.code == 1, run.stderr
        rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
        urls = {r["id"]: r.get("helpUri") for r in rules}
        assert {"NAM-001", "NAM-002", "parse-error"} <= set(urls)
        for rule_id, url in urls.items():
            assert url == f"{base}/{rule_id}.md", rule_id
            assert (docs / f"{rule_id}.md").is_file()
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert {r["id"]: r["documentationUrl"] for r in report["rules"]
                if r["id"] in urls} == urls
