"""Waivers through ``govlint lint``: suppression, expiry, unused and invalid waivers."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.exceptions.common import EXCEPTION_RULES
from govlint.pipeline import BUILTIN_RULES

from .support import ORDER_ID, make_project, results, waiver, waiver_file, write

TODAY = {"GOVLINT_TODAY": "2025-02-01"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_waived_finding_stays_in_the_json_report_with_owner_and_reason(project, govlint):
    waiver_file(project, waiver())
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 0, run.stderr
    [found] = results(run, "camel-props")
    assert found["pointer"] == ORDER_ID
    assert found["severity"] == "error"
    assert found["suppressed"] == {
        "kind": "waiver", "owner": "orders-team", "approver": "api-council",
        "reason": "legacy clients read order_id", "expires": "2025-03-01", "ticket": "GOV-7",
        "waiver": ".govlint/waivers.yaml#/waivers/0",
    }
    summary = run.json()["summary"]
    assert (summary["error"], summary["suppressed"]) == (0, {"waiver": 1})


def test_stylish_summary_counts_waived_findings_separately(project, govlint):
    waiver_file(project, waiver())
    run = govlint("lint", cwd=project, env=TODAY)
    assert run.code == 0
    assert "1 suppressed (1 waiver)" in run.stdout


def test_expired_waiver_resurfaces_its_finding_and_fails_the_run(project, govlint):
    waiver_file(project, waiver())
    run = govlint("lint", "-f", "json", cwd=project, env={"GOVLINT_TODAY": "2025-03-01"})
    assert run.code == 1
    [found] = results(run, "camel-props")
    assert found["suppressed"] is None
    [expired] = results(run, "waiver-expired")
    assert expired["severity"] == "error"
    assert expired["file"] == ".govlint/waivers.yaml"
    assert expired["pointer"] == "/waivers/0/expires"
    assert expired["line"] == 2
    assert "expired on 2025-03-01" in expired["message"]
    assert "orders-team" in expired["message"]


def test_waiver_suppresses_until_the_day_before_expiry(project, govlint):
    waiver_file(project, waiver())
    run = govlint("lint", "-f", "json", cwd=project, env={"GOVLINT_TODAY": "2025-02-28"})
    assert run.code == 0
    assert results(run, "waiver-expired") == []


def test_expired_waiver_fails_even_when_the_finding_is_fixed(project, govlint):
    (project / "api" / "openapi.yaml").write_text(
        (project / "api" / "openapi.yaml").read_text().replace("order_id", "orderId"))
    waiver_file(project, waiver())
    run = govlint("lint", "-f", "json", cwd=project, env={"GOVLINT_TODAY": "2025-06-01"})
    assert run.code == 1
    assert [r["rule"] for r in results(run)] == ["waiver-expired"]


def test_unused_waiver_is_reported_at_its_entry(project, govlint):
    waiver_file(project, waiver(), waiver(rule="op-summary", reason="docs later"))
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 0  # a warning
    [unused] = results(run, "waiver-unused")
    assert (unused["severity"], unused["pointer"], unused["line"]) == ("warn", "/waivers/1", 3)
    assert "op-summary" in unused["message"]
    assert govlint("lint", "-F", "warn", cwd=project, env=TODAY).code == 1


def test_waiver_for_a_file_not_linted_is_not_called_unused(project, govlint):
    write(project / "other" / "spec.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\n"
                                           "paths: {}\n")
    waiver_file(project, waiver())
    run = govlint("lint", "other", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 0
    assert results(run) == []


def test_pointer_limits_a_waiver_to_its_subtree(project, govlint):
    spec = project / "api" / "openapi.yaml"
    spec.write_text(spec.read_text() + "                  Total: {type: number}\n")
    waiver_file(project, waiver(pointer=ORDER_ID))
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    found = {r["pointer"].rsplit("/", 1)[1]: r["suppressed"] for r in results(run, "camel-props")}
    assert found["order_id"]["kind"] == "waiver"
    assert found["Total"] is None
    assert run.code == 1


def test_rule_and_file_globs(project, govlint):
    waiver_file(project, waiver(rule="camel-*", files="**/*.yaml"))
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 0
    assert results(run, "camel-props")[0]["suppressed"]["kind"] == "waiver"


@pytest.mark.parametrize(("entry", "pointer", "text"), [
    (waiver(owner=None, reason=None), "/waivers/0", "lacks `owner`, `reason`"),
    (waiver(expires=None), "/waivers/0", "lacks `expires`"),
    (waiver(expires="2025-09-01"), "/waivers/0/expires", "at most 180 (var maxWaiverDays)"),
    (waiver(expires="soon"), "/waivers/0/expires", "must be a date"),
    (waiver(approver="orders-team"), "/waivers/0/approver", "someone other than the owner"),
    (waiver(ponter=ORDER_ID), "/waivers/0/ponter", "unknown key `ponter`"),
    (waiver(pointer="paths"), "/waivers/0/pointer", "not a JSON pointer"),
    (waiver(created="2025-05-01"), "/waivers/0/created", "in the future"),
])
def test_invalid_waiver_is_reported_and_suppresses_nothing(project, govlint, entry, pointer,
                                                           text):
    waiver_file(project, entry)
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 1
    invalid = results(run, "waiver-invalid")
    assert [i["pointer"] for i in invalid] == [pointer]
    assert text in invalid[0]["message"]
    assert invalid[0]["line"] == 2
    assert results(run, "camel-props")[0]["suppressed"] is None


def test_max_waiver_days_is_a_config_var(project, govlint):
    (project / ".govlint.yaml").write_text("rulesets: [rules.yaml]\nvars: {maxWaiverDays: 14}\n")
    waiver_file(project, waiver())
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 1
    [invalid] = results(run, "waiver-invalid")
    assert "at most 14 (var maxWaiverDays)" in invalid["message"]
    assert "maxWaiverDays" not in run.stderr  # no "vars no ruleset declares" warning


def test_waiver_file_that_is_not_yaml_is_a_parse_error_not_a_crash(project, govlint):
    write(project / ".govlint" / "waivers.yaml", "waivers:\n  - rule: [unclosed\n")
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 1
    assert [r["file"] for r in results(run, "parse-error")] == [".govlint/waivers.yaml"]
    assert "Traceback" not in run.stderr


def test_waiver_file_without_a_list(project, govlint):
    write(project / ".govlint" / "waivers.yaml", "rule: camel-props\n")
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 1
    assert [r["pointer"] for r in results(run, "waiver-invalid")] == [""]


def test_waivers_option_and_config_key(project, govlint):
    write(project / "exceptions.yaml", f"waivers:\n  - {waiver()}\n".replace("'", '"'))
    run = govlint("lint", "--waivers", "exceptions.yaml", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 0, run.stdout
    (project / ".govlint.yaml").write_text("rulesets: [rules.yaml]\nwaivers: exceptions.yaml\n")
    run = govlint("lint", ".", "-f", "json", cwd=project / "api", env=TODAY)
    assert run.code == 0
    assert results(run, "camel-props")[0]["suppressed"]["waiver"] == "exceptions.yaml#/waivers/0"
    missing = govlint("lint", "--waivers", "nope.yaml", cwd=project, env=TODAY)
    assert missing.code == 2
    assert "nope.yaml not found" in missing.stderr


def test_missing_waiver_file_named_in_the_config_is_a_usage_error(project, govlint):
    (project / ".govlint.yaml").write_text("rulesets: [rules.yaml]\nwaivers: nope/w.yaml\n")
    run = govlint("lint", cwd=project, env=TODAY)
    assert run.code == 2
    assert ".govlint.yaml" in run.stderr and "nope/w.yaml" in run.stderr
    assert "Traceback" not in run.stderr


def test_default_waiver_file_may_be_absent(project, govlint):
    run = govlint("lint", "-f", "json", cwd=project, env=TODAY)
    assert run.code == 1, run.stderr
    assert results(run, "camel-props")[0]["suppressed"] is None


def test_bad_govlint_today_is_a_usage_error(project, govlint):
    waiver_file(project, waiver())
    run = govlint("lint", cwd=project, env={"GOVLINT_TODAY": "tomorrow"})
    assert run.code == 2
    assert "GOVLINT_TODAY" in run.stderr


def test_exception_rules_are_explained_and_agree_with_the_pipeline(project, govlint):
    for rule, (severity, description) in EXCEPTION_RULES.items():
        assert BUILTIN_RULES[rule] == (severity, description)
    run = govlint("rules", "explain", "waiver-expired", cwd=project)
    assert run.code == 0
    assert "waiver-expired (error, built in)" in run.stdout
