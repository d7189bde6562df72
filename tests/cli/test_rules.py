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
