"""``govlint baseline create|update`` and ``govlint lint --baseline``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.exceptions.support import CAMEL_RULESET, orders_spec

RULESET = CAMEL_RULESET
SPEC = orders_spec("""\
                  order_id: {type: string}
                  Total: {type: number}
                  lines:
                    type: array
                    items:
                      type: object
                      properties:
                        sku_code: {type: string}
""")
BASELINE = ".govlint/baseline.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".govlint.yaml").write_text("rulesets: [rules.yaml]\n")
    (tmp_path / "rules.yaml").write_text(RULESET)
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "openapi.yaml").write_text(SPEC)
    (tmp_path / "api" / "other.yaml").write_text(SPEC)
    return tmp_path


def spec(project: Path) -> Path:
    return project / "api" / "openapi.yaml"


def active(run) -> list[str]:
    return [f"{r['file']}:{r['pointer'].rsplit('/', 1)[1]}" for r in run.json()["results"]
            if r["suppressed"] is None]


def create(govlint, project: Path, *args: str):
    run = govlint("baseline", "create", *args, cwd=project)
    assert run.code == 0, run.stderr
    return run


def test_create_records_every_finding_and_lint_then_passes(project, govlint):
    run = create(govlint, project)
    assert "recorded 6 findings (6 fingerprints) in 3 files" in run.stdout
    data = json.loads((project / BASELINE).read_text())
    assert {e["rule"] for e in data["findings"]} == {"camel-props"}
    lint = govlint("lint", "--baseline", BASELINE, "-f", "json", cwd=project)
    assert lint.code == 0
    assert active(lint) == []
    assert lint.json()["summary"]["suppressed"] == {"baseline": 6}
    assert {r["suppressed"]["kind"] for r in lint.json()["results"]} == {"baseline"}


def test_line_shifting_edit_keeps_every_baseline_match(project, govlint):
    create(govlint, project)
    spec(project).write_text("".join(f"# line {i}\n" for i in range(50)) + SPEC)
    lint = govlint("lint", "--baseline", BASELINE, "-f", "json", cwd=project)
    assert lint.code == 0, lint.stdout
    results = lint.json()["results"]
    assert len(results) == 6 and all(r["suppressed"] == {"kind": "baseline",
                                                          "baseline": BASELINE}
                                     for r in results)
    assert min(r["line"] for r in results if r["file"] == "api/openapi.yaml") > 50


def test_renaming_the_offending_property_breaks_the_match(project, govlint):
    create(govlint, project)
    spec(project).write_text(SPEC.replace("Total:", "Total_amount:"))
    lint = govlint("lint", "--baseline", BASELINE, "-f", "json", cwd=project)
    assert lint.code == 1
    entries = json.loads((project / BASELINE).read_text())["findings"]
    [index] = [i for i, e in enumerate(entries)
               if e["file"] == "api/openapi.yaml" and e["pointer"].endswith("/Total")]
    assert active(lint) == [f"{BASELINE}:{index}", "api/openapi.yaml:Total_amount"]
    [fixed] = [r for r in lint.json()["results"] if r["rule"] == "baseline-fixed"]
    assert fixed["severity"] == "info"
    assert "Total" in fixed["message"] and "--prune" in fixed["message"]


def test_update_prune_ratchets_the_baseline_down(project, govlint):
    create(govlint, project)
    spec(project).write_text(SPEC.replace("order_id", "orderId"))
    run = govlint("baseline", "update", "--prune", cwd=project)
    assert run.code == 0, run.stderr
    assert "pruned 1, added 0; 5 findings recorded" in run.stdout
    lint = govlint("lint", "--baseline", BASELINE, cwd=project)
    assert lint.code == 0 and "baseline-fixed" not in lint.stdout
    spec(project).write_text(SPEC)  # the old problem comes back: it is new now
    assert govlint("lint", "--baseline", BASELINE, cwd=project).code == 1


def test_update_add_new_and_partial_prune(project, govlint):
    create(govlint, project, "api/openapi.yaml")
    run = govlint("baseline", "update", "--add-new", cwd=project)
    assert "pruned 0, added 3" in run.stdout
    (project / "api" / "other.yaml").write_text(SPEC.replace("order_id", "orderId"))
    run = govlint("baseline", "update", "--prune", "api/openapi.yaml", cwd=project)
    assert "pruned 0, added 0; 6 findings" in run.stdout  # other.yaml was not linted


def test_update_without_a_mode_or_a_baseline_is_a_usage_error(project, govlint):
    assert govlint("baseline", "update", cwd=project).code == 2
    run = govlint("baseline", "update", "--prune", cwd=project)
    assert run.code == 2
    assert "baseline create" in run.stderr


def test_identical_findings_are_counted(tmp_path, govlint):
    (tmp_path / "rules.yaml").write_text("""\
rules:
  op-docs:
    given: "$.paths[*][get]"
    severity: error
    message: "{{error}}"
    then:
      - {field: summary, function: truthy}
      - {field: description, function: truthy}
""")
    (tmp_path / "openapi.yaml").write_text(
        'openapi: 3.0.3\ninfo: {title: O, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      responses: {}\n")
    assert govlint("baseline", "create", "-r", "rules.yaml", cwd=tmp_path).code == 0
    [entry] = json.loads((tmp_path / BASELINE).read_text())["findings"]
    assert entry["count"] == 2  # same rule, place and value: one fingerprint, twice
    lint = govlint("lint", "-r", "rules.yaml", "--baseline", BASELINE, "-f", "json",
                   cwd=tmp_path)
    assert lint.code == 0
    prints = [r["fingerprint"] for r in lint.json()["results"]]
    assert prints == [entry["fingerprint"], entry["fingerprint"] + "-1"]


def test_waived_findings_are_not_baselined_so_expiry_still_bites(project, govlint):
    (project / ".govlint").mkdir()
    (project / ".govlint" / "waivers.yaml").write_text(
        "waivers:\n  - {rule: camel-props, files: api/openapi.yaml, pointer: "
        "/paths/~1orders/get/responses/200/content/application~1json/schema/properties/Total,"
        " owner: a, approver: b, reason: r, expires: 2025-03-01}\n")
    env = {"GOVLINT_TODAY": "2025-02-01"}
    assert govlint("baseline", "create", cwd=project, env=env).code == 0
    assert govlint("lint", "--baseline", BASELINE, cwd=project, env=env).code == 0
    later = govlint("lint", "--baseline", BASELINE, "-f", "json", cwd=project,
                    env={"GOVLINT_TODAY": "2025-03-01"})
    assert later.code == 1
    assert active(later) == [".govlint/waivers.yaml:expires", "api/openapi.yaml:Total"]


def test_config_baseline_applies_by_default(project, govlint):
    (project / ".govlint.yaml").write_text("rulesets: [rules.yaml]\nbaseline: legacy.json\n")
    run = create(govlint, project)
    assert run.stdout.startswith("legacy.json:")
    assert govlint("lint", cwd=project).code == 0
    assert govlint("lint", "--no-baseline", cwd=project).code == 1
    assert govlint("lint", ".", cwd=project / "api").code == 0


def test_missing_or_broken_baseline_is_a_usage_error(project, govlint):
    run = govlint("lint", "--baseline", "nope.json", cwd=project)
    assert (run.code, "not found" in run.stderr) == (2, True)
    (project / "broken.json").write_text('{"findings": 3}')
    run = govlint("lint", "--baseline", "broken.json", cwd=project)
    assert (run.code, "not a govlint baseline" in run.stderr) == (2, True)


def test_builtin_governance_ruleset_on_an_example_service(govlint, tmp_path):
    from conftest import REPO

    out = tmp_path / "baseline.json"
    run = govlint("baseline", "create", "examples/orders-svc", "-o", str(out), cwd=REPO)
    assert run.code == 0, run.stderr
    data = json.loads(out.read_text())
    assert data["governance"] == "3.2"
    lint = govlint("lint", "examples/orders-svc", "--baseline", str(out), "-f", "json", cwd=REPO)
    assert lint.code == 0, lint.stdout[-2000:]
    summary = lint.json()["summary"]
    assert summary["error"] == summary["warn"] == 0
    assert summary["suppressed"]["baseline"] == sum(e["count"] for e in data["findings"]) > 50
