"""Scoring ``govlint diff`` against oasdiff's own test expectations
(``../shared/corpus/oasdiff/cases.json``): each case is run through the CLI as a user would,
with the options the Go test set, and its assertions are checked as oasdiff's test does."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from govlint.cli.main import cli

MODE_LEVEL = {"breaking": "warn", "changelog": "info", "errors-only": "error"}
# oasdiff's test helpers switch its versioning-policy checks off (cases.json README).
VERSIONING = ("api-version-", "api-major-version-")

# Cases that do not apply to govlint, with why (also in docs/breaking-changes.md).
NOT_APPLICABLE: dict[str, str] = {}


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    assertions: int = 0
    held: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def held_ratio(self) -> float:
        return self.held / self.assertions if self.assertions else 1.0


def run_case(corpus: Path, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's results as ``govlint diff -f json`` reports them."""
    options = case["options"]
    days = options.get("deprecation_days", {})
    args = ["diff", case["base"], case["revision"], "--level", MODE_LEVEL[case["mode"]],
            "--fail-on", "none", "-f", "json",
            "--stability-level", options.get("stability_level", "beta"),
            "--deprecation-days-beta", str(days.get("beta", 0)),
            "--deprecation-days-stable", str(days.get("stable", 0))]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, (case["case_id"], result.output)
    return json.loads(result.stdout)["results"]


def score(corpus: Path, cases: list[dict[str, Any]],
          check_of: dict[str, str | None]) -> Score:
    total = Score()
    for case in cases:
        if case["case_id"] in NOT_APPLICABLE:
            continue
        results = [r for r in run_case(corpus, case)
                   if not r["rule"].startswith(VERSIONING)]
        if case["checks"] != "all":  # an id the case expects may come from another check
            asserted = {e["id"] for e in case["expect"]}
            results = [r for r in results if check_of.get(r["rule"]) in case["checks"]
                       or r["rule"] in asserted]
        ids = [r["rule"] for r in results]

        for exp in case["expect"]:
            total.expected += 1
            hit = any(r["rule"] == exp["id"] and _same_place(r, exp) for r in results)
            if hit:
                total.found += 1
            else:
                total.failures.append(f"{case['case_id']}: missing {exp['id']} "
                                      f"{exp.get('operation', '')} {exp.get('path', '')} "
                                      f"(got {sorted(ids)})")
        checks: list[tuple[bool, str]] = []
        if "expect_count" in case:
            checks.append((len(results) == case["expect_count"],
                           f"count {case['expect_count']}"))
        if "expect_min_count" in case:
            checks.append((len(results) >= case["expect_min_count"],
                           f"at least {case['expect_min_count']}"))
        if case.get("expect_exact"):
            wanted = {e["id"] for e in case["expect"]}
            checks.append((set(ids) <= wanted, f"only {sorted(wanted)}"))
        if case.get("expect_empty"):
            checks.append((not results, "empty"))
        for absent in case.get("expect_absent", []):
            checks.append((absent not in ids, f"no {absent}"))
        for item in case.get("expect_unidentified", []):
            for text in item.get("text_contains", []):
                checks.append((any(text in r["message"] for r in results),
                               f"a message with {text}"))
        for ok, what in checks:
            total.assertions += 1
            if ok:
                total.held += 1
            else:
                total.failures.append(f"{case['case_id']}: {what} (got {sorted(ids)})")
    return total


def _same_place(result: dict[str, Any], expected: dict[str, Any]) -> bool:
    operation = result.get("operation") or {}
    if "operation" in expected and operation.get("method") != expected["operation"]:
        return False
    return not ("path" in expected and operation.get("path") != expected["path"])
