"""``govlint rules list|explain|diff`` and ``upgrade-check``: what a team planning an
upgrade sees. Section 9 of the spec is the contract for what changes from 3.1 to 3.2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SECTION_9_SEVERITY = {  # rule -> (3.1, 3.2)
    "TRC-001": ("warn", "error"),
    "TRC-004": ("warn", "error"),
    "RES-001": ("off", "error"),
    "RES-003": ("off", "error"),
    "RES-005": ("warn", "error"),
}
NEW_IN_3_2 = {"ERR-005", "TRC-003", "TRC-005"}
SPEC_IDS = {
    *(f"NAM-00{i}" for i in range(1, 10)), *(f"ERR-00{i}" for i in range(1, 7)),
    *(f"TRC-00{i}" for i in range(1, 7)), *(f"RES-00{i}" for i in range(1, 7)),
    *(f"REL-00{i}" for i in range(1, 5)), "SBX-001", "SBX-002", "SBX-003",
    "DOC-001", "DOC-002", "DOC-003", "LOG-001",
}


def listed(govlint, version: str) -> dict[str, str]:
    run = govlint("rules", "list", "--governance", version, "--format", "json", cwd=REPO)
    assert run.code == 0, run.stderr
    data = run.json()
    assert data["governance"] == version and data["digest"].startswith("sha256:")
    return {r["id"]: r["severity"] for r in data["rules"]}


def test_rules_list_shows_every_spec_rule_with_its_pinned_severity(govlint):
    v31, v32 = listed(govlint, "3.1"), listed(govlint, "3.2")
    assert set(v31) >= SPEC_IDS - NEW_IN_3_2 and not NEW_IN_3_2 & set(v31)
    assert set(v32) >= SPEC_IDS
    for rule, (old, new) in SECTION_9_SEVERITY.items():
        assert (v31[rule], v32[rule]) == (old, new), rule
    unchanged = set(v31) - set(SECTION_9_SEVERITY)
    assert {r: v31[r] for r in unchanged} == {r: v32[r] for r in unchanged}
    text = govlint("rules", "list", "--governance", "3.1", cwd=REPO)
    assert "TRC-001" in text.stdout and "governance 3.1" in text.stdout


def test_rules_diff_matches_section_9(govlint):
    run = govlint("rules", "diff", "3.1", "3.2", "--format", "json", cwd=REPO)
    assert run.code == 0, run.stderr
    diff = run.json()
    assert {a["rule"] for a in diff["added"]} == NEW_IN_3_2
    assert diff["removed"] == []
    severity = {c["rule"]: (c["changes"]["severity"]["from"], c["changes"]["severity"]["to"])
                for c in diff["changed"] if "severity" in c["changes"]}
    assert severity == SECTION_9_SEVERITY
    text = govlint("rules", "diff", "3.1", "3.2", cwd=REPO).stdout
    assert "~ TRC-001" in text and "warn -> error" in text and "+ TRC-005" in text


def test_rules_explain_prints_the_rule_page(govlint):
    run = govlint("rules", "explain", "TRC-001", "--governance", "3.1", cwd=REPO)
    assert run.code == 0 and run.stdout.startswith("TRC-001 (warn)")
    assert "traceparent" in run.stdout
    assert "sandboxable:  no" in run.stdout and "govlint:governance/3.1/openapi.yaml" in run.stdout
    assert govlint("rules", "explain", "parse-error", cwd=REPO).code == 0
    missing = govlint("rules", "explain", "NOPE-001", cwd=REPO)
    assert missing.code == 2 and "NOPE-001" in missing.stderr


@pytest.mark.parametrize("rule", ["NAM-001", "DOC-001"])
def test_rules_explain_hides_the_generator_comment_markers(govlint, rule):
    run = govlint("rules", "explain", rule, cwd=REPO)
    assert run.code == 0
    assert "<!--" not in run.stdout and "-->" not in run.stdout
    assert "\n\n\n" not in run.stdout


def test_upgrade_check_shows_what_moving_to_3_2_adds(govlint):
    run = govlint("upgrade-check", "examples/orders-svc", "--from", "3.1", "--to", "3.2",
                  "--format", "json", cwd=REPO)
    assert run.code == 1, run.stderr  # the move would add errors
    data = json.loads(run.stdout)
    assert data["from"] == "3.1" and data["to"] == "3.2"
    added = {f["rule"] for f in data["added"]}
    assert {"TRC-005", "RES-001"} <= added and added <= NEW_IN_3_2 | set(SECTION_9_SEVERITY)
    assert {f["rule"] for f in data["severityChanged"]} <= set(SECTION_9_SEVERITY)
    assert any(f["rule"] == "TRC-001" and f["from"] == "warn" and f["to"] == "error"
               for f in data["severityChanged"])
    counts = {}
    for version in ("3.1", "3.2"):
        lint = govlint("lint", "examples/orders-svc", "--governance", version, "-f", "json",
                       cwd=REPO)
        counts[version] = len(lint.json()["results"])
    # every finding is accounted for: several findings of one rule at one place all count
    assert len(data["added"]) - len(data["removed"]) == counts["3.2"] - counts["3.1"]
    clean = govlint("upgrade-check", "examples/payments-svc", "--from", "3.1", "--to", "3.2",
                    cwd=REPO)
    assert clean.code == 0 and "0 findings would be added" in clean.stdout
    assert "finding(s)" not in run.stdout


def test_rules_list_counts_one_rule_in_the_singular(govlint, tmp_path):
    (tmp_path / "one.yaml").write_text(
        "rules:\n  has-info:\n    given: $\n    then: {field: info, function: truthy}\n")
    run = govlint("rules", "list", "-r", "one.yaml", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "1 rule"


def test_the_ruleset_digest_changes_when_vars_or_overrides_change(govlint, tmp_path):
    def digest() -> str:
        run = govlint("rules", "list", "--format", "json", cwd=tmp_path)
        assert run.code == 0, run.stderr
        return run.json()["digest"]

    ruleset = "extends: [govlint:governance@3.2]\n"
    (tmp_path / "ruleset.yaml").write_text(ruleset)
    (tmp_path / ".govlint.yaml").write_text("rulesets: [ruleset.yaml]\n")
    seen = [digest()]
    (tmp_path / ".govlint.yaml").write_text("rulesets: [ruleset.yaml]\n"
                                            "vars: {maxSandboxDays: 30}\n")
    seen.append(digest())
    (tmp_path / "ruleset.yaml").write_text(ruleset + "rules: {TRC-001: warn}\n")
    seen.append(digest())
    overrides = "overrides:\n  - files: ['%s/**']\n    rules: {TRC-001: 'off'}\n"
    (tmp_path / "ruleset.yaml").write_text(ruleset + "rules: {TRC-001: warn}\n"
                                           + overrides % "legacy")
    seen.append(digest())
    (tmp_path / "ruleset.yaml").write_text(ruleset + "rules: {TRC-001: warn}\n"
                                           + overrides % "vendor")
    seen.append(digest())
    assert len(set(seen)) == len(seen), seen
    assert digest() == seen[-1]  # same input, same digest


def test_rules_explain_is_case_insensitive_and_suggests_ids(govlint):
    lower = govlint("rules", "explain", "trc-001", cwd=REPO)
    assert lower.code == 0, lower.stderr
    assert lower.stdout.startswith("TRC-001 (error)")
    assert govlint("rules", "explain", "Parse-Error", cwd=REPO).stdout.startswith("parse-error")
    typo = govlint("rules", "explain", "TRC-01", cwd=REPO)
    assert typo.code == 2 and "Traceback" not in typo.stderr
    assert "no rule 'TRC-01'" in typo.stderr and "did you mean 'TRC-001'?" in typo.stderr
    nothing = govlint("rules", "explain", "zzzzzz", cwd=REPO)
    assert nothing.code == 2 and "did you mean" not in nothing.stderr


def test_rules_explain_explains_vars_and_functions_with_suggestions(govlint, tmp_path):
    """Issue 10 review 7: vars and function names, case-insensitively, with did-you-mean."""
    infra = govlint("rules", "explain", "infrapaths", cwd=REPO)
    assert infra.code == 0, infra.stderr
    assert infra.stdout.startswith("infraPaths (var of governance 3.2)")
    assert "infrastructure endpoints" in infra.stdout  # its comment in the ruleset
    assert "default:      [/healthz, /readyz, /livez, /metrics]" in infra.stdout
    assert "read by:      ERR-001, NAM-002, TRC-001" in infra.stdout
    (tmp_path / ".govlint.yaml").write_text("vars: {minRequestAmount: 100}\n", "utf-8")
    mra = govlint("rules", "explain", "minRequestAmount", cwd=tmp_path)
    assert mra.code == 0, mra.stderr
    assert "default:      50" in mra.stdout and "value:        100" in mra.stdout
    assert "read by:      RES-002, RES-005" in mra.stdout
    truthy = govlint("rules", "explain", "Truthy", cwd=REPO)
    assert truthy.code == 0 and truthy.stdout.startswith("truthy (function, core")
    assert "JS-truthy" in truthy.stdout
    used = govlint("rules", "explain", "traceErrorDocumented", cwd=REPO)
    assert "used by:      ERR-005" in used.stdout
    for typo, meant in (("infraPath", "infraPaths"), ("truthi", "truthy"),
                        ("minRequestAmout", "minRequestAmount")):
        run = govlint("rules", "explain", typo, cwd=REPO)
        assert run.code == 2 and f"did you mean '{meant}'?" in run.stderr, run.stderr


def test_rules_explain_shows_a_rule_of_another_version_as_such(govlint):
    run = govlint("rules", "explain", "trc-005", "--governance", "3.1", cwd=REPO)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("TRC-005 (not a rule of governance 3.1)")


def _yaml_blocks(text: str) -> list[str]:
    import re

    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_rules_explain_sbx_004_and_its_examples_hold(govlint, tmp_path):
    run = govlint("rules", "explain", "sbx-004", cwd=REPO)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("SBX-004 (applied to other rules' findings in sandbox zones")
    assert "sandboxable" in run.stdout and "### Failing" in run.stdout
    failing, passing = _yaml_blocks(run.stdout)
    env = {"GOVLINT_TODAY": "2026-06-01"}
    for name, text in (("fail.yaml", failing), ("pass.yaml", passing)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    bad = govlint("lint", "fail.yaml", "-f", "json", cwd=tmp_path, env=env)
    good = govlint("lint", "pass.yaml", "-f", "json", cwd=tmp_path, env=env)
    assert (bad.code, good.code) == (1, 0), bad.stderr + good.stderr
    assert {(r["rule"], r["severity"]) for r in bad.json()["results"]} == {
        ("NAM-001", "error"), ("SBX-003", "error")}
    [relaxed] = good.json()["results"]
    assert (relaxed["rule"], relaxed["severity"]) == ("NAM-001", "warn")
    assert relaxed["suppressed"]["kind"] == "sandbox"



def test_misspelt_names_get_a_did_you_mean(govlint, tmp_path):
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
                                           "paths: {}\n")
    (tmp_path / ".govlint.yaml").write_text("exclud: [vendor/**]\n")
    key = govlint("lint", ".", cwd=tmp_path)
    assert key.code == 2 and "unknown key(s) exclud (did you mean 'exclude'?)" in key.stderr

    (tmp_path / ".govlint.yaml").write_text("vars: {maxSandboxDay: 30}\n")
    var = govlint("lint", ".", cwd=tmp_path)
    assert var.code == 0, var.stderr
    assert "maxSandboxDay (did you mean 'maxSandboxDays'?)" in var.stderr

    (tmp_path / ".govlint.yaml").write_text("rulesets: [ruleset.yaml]\n")
    (tmp_path / "ruleset.yaml").write_text(
        "rules:\n  has-info:\n    given: $\n    then: {field: info, function: thruthy}\n")
    function = govlint("lint", ".", cwd=tmp_path)
    assert function.code == 2 and "Traceback" not in function.stderr
    assert "unknown function 'thruthy' (did you mean 'truthy'?)" in function.stderr

    (tmp_path / "ruleset.yaml").write_text(
        "extends: [govlint:governance@3.2]\n"
        "overrides:\n  - files: ['**']\n    rules: {TRC-01: 'off'}\n")
    rule = govlint("lint", ".", cwd=tmp_path)
    assert rule.code == 2 and "no such rule (did you mean 'TRC-001'?)" in rule.stderr

    (tmp_path / "ruleset.yaml").write_text(
        "extends: [govlint:governance@3.2]\nrules:\n  days:\n    given: $\n"
        "    then: {field: info, function: truthy}\n    message: 'max {{vars.maxSandboxDay}}'\n")
    var_ref = govlint("lint", ".", cwd=tmp_path)
    assert var_ref.code == 2
    assert "unknown variable 'maxSandboxDay' (did you mean 'maxSandboxDays'?)" in var_ref.stderr


def test_rules_diff_prints_values_as_written_not_python_reprs(govlint, tmp_path):
    text = govlint("rules", "diff", "3.1", "3.2", cwd=REPO).stdout
    assert "  ~ var infraPaths: [] -> [/healthz, /readyz, /livez, /metrics]" in text
    assert "~ RES-003                  severity: off -> error; defaultWatch: true -> false" \
        in text
    assert "'" not in text and "True" not in text and "{'" not in text
    (tmp_path / "old.yaml").write_text("extends: [govlint:governance@3.2]\n")
    (tmp_path / "new.yaml").write_text(
        "extends: [govlint:governance@3.2]\nvars: {prodNamespaces: [prod, 'prod eu ']}\n"
        "rules:\n  TRC-001:\n    given: $.paths\n    message: 'trace: {{error}}'\n")
    own = govlint("rules", "diff", "old.yaml", "new.yaml", cwd=tmp_path)
    assert own.code == 0, own.stderr
    assert "~ var prodNamespaces: [prod, production] -> [prod, \"prod eu \"]" in own.stdout
    assert "given: [$] -> [$.paths]; message: {{error}} -> trace: {{error}}" in own.stdout
