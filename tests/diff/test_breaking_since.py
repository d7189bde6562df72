"""``govlint lint --breaking-since REF`` end to end in a git repository built in tmp_path:
a renamed spec is followed, a new spec has no base, split files resolve at REF, the
version policy sets severity, and waivers apply to breaking findings as to any rule's."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from govlint.cli.main import run as run_main
from govlint.diff.levels import LEVELS


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("argv", nargs=-1, type=click.UNPROCESSED)
def entry(argv: tuple[str, ...]) -> None:
    raise SystemExit(run_main(list(argv)))


def govlint(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, Any]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(entry, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout) if "-f" in args else result.stdout


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=cwd, check=True, capture_output=True)


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def orders_spec(version: str, paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "Orders", "version": version},
            "paths": paths}


def op(schema_ref: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if schema_ref:
        out["responses"]["200"]["content"] = {
            "application/json": {"schema": {"$ref": schema_ref}}}
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """v1 of a project: a split orders spec, a payments spec, no lint rules of its own."""
    root = tmp_path / "repo"
    write(root / ".govlint.yaml", {"rulesets": ["rules.yaml"]})
    write(root / "rules.yaml", {"rules": {}})
    write(root / "orders" / "openapi.yaml", orders_spec("1.2.0", {
        "/v1/orders": {"get": op("schemas/order.yaml")},
        "/v1/orders/{id}": {"delete": op()}}))
    write(root / "orders" / "schemas" / "order.yaml", {
        "type": "object", "required": ["id", "total"],
        "properties": {"id": {"type": "string"}, "total": {"type": "number"}}})
    write(root / "payments" / "api.yaml", orders_spec("3.0.0", {
        "/v3/payments": {"get": op(), "post": op()}}))
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "v1")
    return root


def line_at(repo: Path, rev_path: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` in ``git show REV:PATH``."""
    text = subprocess.run(["git", "show", rev_path], cwd=repo, capture_output=True,
                          text=True, check=True).stdout
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def line_now(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle`` in today's ``path``."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                if needle in line)


def breaking(report: dict[str, Any]) -> list[tuple[str, str, str, int | None]]:
    return sorted((r["rule"], r["severity"], r["file"], r.get("line"))
                  for r in report["results"] if r["rule"] in LEVELS)


def test_breaking_since_follows_renames_split_files_and_new_specs(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # orders: a required response property removed in the split schema file
    write(repo / "orders" / "schemas" / "order.yaml", {
        "type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}})
    # payments: renamed, and an operation removed
    git(repo, "mv", "payments/api.yaml", "payments/openapi.yaml")
    write(repo / "payments" / "openapi.yaml", orders_spec("3.0.0", {
        "/v3/payments": {"get": op()}}))
    # a new spec: no base, nothing breaks
    write(repo / "refunds" / "openapi.yaml", orders_spec("1.0.0", {"/v1/refunds": {
        "get": op()}}))
    git(repo, "add", "-A")
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert code == 1
    assert breaking(report) == [  # removals: at their parent in today's file (renamed)
        ("api-removed-without-deprecation", "error", "payments/openapi.yaml",
         line_at(repo, ":payments/openapi.yaml", "/v3/payments:")),
        ("response-required-property-removed", "error", "orders/schemas/order.yaml",
         line_at(repo, ":orders/schemas/order.yaml", "properties:")),
    ]
    by_rule = {r["rule"]: r for r in report["results"]}
    assert by_rule["api-removed-without-deprecation"]["operation"] == {
        "method": "POST", "path": "/v3/payments"}
    # ... with where they were at REF
    assert by_rule["api-removed-without-deprecation"]["extra"]["base"] == {
        "file": "payments/api.yaml", "line": line_at(repo, "HEAD:payments/api.yaml", "post:"),
        "pointer": "/paths/~1v3~1payments/post", "revision": "HEAD"}
    assert by_rule["response-required-property-removed"]["extra"]["base"]["line"] == \
        line_at(repo, "HEAD:orders/schemas/order.yaml", "total:")
    assert by_rule["response-required-property-removed"]["message"].endswith(
        f"(at HEAD: orders/schemas/order.yaml:"
        f"{line_at(repo, 'HEAD:orders/schemas/order.yaml', 'total:')})")
    # without the option nothing is diffed
    code, report = govlint(repo, monkeypatch, "lint", "-f", "json")
    assert breaking(report) == [] and code == 0


def test_major_version_bump_makes_breaking_changes_warnings_and_config_sets_the_ref(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / ".govlint.yaml", {"rulesets": ["rules.yaml"], "breaking": {"since": "HEAD"}})
    write(repo / "payments" / "api.yaml", orders_spec("4.0.0", {
        "/v3/payments": {"get": op()}}))
    write(repo / "orders" / "openapi.yaml", orders_spec("1.3.0", {
        "/v1/orders": {"get": op("schemas/order.yaml")}}))
    code, report = govlint(repo, monkeypatch, "lint", "-f", "json")
    assert code == 1
    assert breaking(report) == [  # removals at their parent in today's file
        ("api-path-removed-without-deprecation", "error", "orders/openapi.yaml",
         line_now(repo / "orders" / "openapi.yaml", "paths:")),
        ("api-removed-without-deprecation", "warn", "payments/api.yaml",
         line_now(repo / "payments" / "api.yaml", "/v3/payments:")),
    ]
    bumped = next(r for r in report["results"] if r["file"] == "payments/api.yaml")
    assert bumped["extra"]["majorVersionBump"] is True


def test_waivers_apply_to_breaking_findings(repo: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "orders" / "openapi.yaml", orders_spec("1.3.0", {
        "/v1/orders": {"get": op("schemas/order.yaml")}}))
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    (removed,) = [r for r in report["results"] if r["rule"] in LEVELS]
    assert removed["pointer"] == "/paths"  # reported at its parent in today's file,
    assert removed["extra"]["base"]["pointer"] == "/paths/~1v1~1orders~1{id}/delete"
    code, _ = govlint(repo, monkeypatch, "waive", removed["rule"],
                      f"{removed['file']}#{removed['extra']['base']['pointer']}",
                      "--owner", "alice",
                      "--approver", "bob", "--reason", "v1 clients migrated",
                      "--expires", (datetime.date.today() + datetime.timedelta(days=30))
                      .isoformat(), "--ticket", "GOV-1")
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    (removed,) = [r for r in report["results"] if r["rule"] in LEVELS]
    assert removed["suppressed"]["kind"] == "waiver"
    assert code == 0
    # the waiver names that path only: another path removed later is not waived
    write(repo / "orders" / "openapi.yaml", orders_spec("1.3.0", {}))
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert sorted((bool(r.get("suppressed")), r["extra"]["base"]["pointer"])
                  for r in report["results"] if r["rule"] in LEVELS) == [
        (False, "/paths/~1v1~1orders/get"), (True, "/paths/~1v1~1orders~1{id}/delete")]
    assert code == 1


def test_ruleset_severity_adjustment_beats_the_version_policy(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "rules.yaml", {"rules": {"api-path-removed-without-deprecation": "info"}})
    write(repo / "orders" / "openapi.yaml", orders_spec("1.3.0", {
        "/v1/orders": {"get": op("schemas/order.yaml")}}))
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert code == 0
    assert [(r["rule"], r["severity"]) for r in report["results"] if r["rule"] in LEVELS] == [
        ("api-path-removed-without-deprecation", "info")]


def test_a_deleted_spec_removes_every_operation(repo: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "rm", "-q", "payments/api.yaml")
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert code == 1
    assert breaking(report) == [
        ("api-path-removed-without-deprecation", "error", "payments/api.yaml",
         line_at(repo, "HEAD:payments/api.yaml", "get:")),
        ("api-path-removed-without-deprecation", "error", "payments/api.yaml",
         line_at(repo, "HEAD:payments/api.yaml", "post:")),
    ]
    # a run on another directory does not answer for it
    code, report = govlint(repo, monkeypatch, "lint", "orders", "--breaking-since", "HEAD",
                           "-f", "json")
    assert breaking(report) == [] and code == 0


def test_baselines_adopt_breaking_findings_as_lint_reports_them(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "orders" / "openapi.yaml", orders_spec("1.3.0", {
        "/v1/orders": {"get": op("schemas/order.yaml")}}))
    code, out = govlint(repo, monkeypatch, "baseline", "create", "--breaking-since", "HEAD")
    assert code == 0 and "recorded 1 finding" in out
    data = json.loads((repo / ".govlint" / "baseline.json").read_text())
    assert [e["rule"] for e in data["findings"]] == ["api-path-removed-without-deprecation"]
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD",
                           "--baseline", ".govlint/baseline.json", "-f", "json")
    assert code == 0
    assert [r["suppressed"]["kind"] for r in report["results"] if r["rule"] in LEVELS] == [
        "baseline"]
    # the config's breaking.since: update --add-new records a new breaking change too
    write(repo / ".govlint.yaml", {"rulesets": ["rules.yaml"], "breaking": {"since": "HEAD"},
                                   "baseline": ".govlint/baseline.json"})
    write(repo / "payments" / "api.yaml", orders_spec("3.0.0", {"/v3/payments": {"get": op()}}))
    code, report = govlint(repo, monkeypatch, "lint", "-f", "json")
    assert code == 1
    code, out = govlint(repo, monkeypatch, "baseline", "update", "--add-new")
    assert code == 0 and "added 1" in out
    data = json.loads((repo / ".govlint" / "baseline.json").read_text())
    assert sorted(e["rule"] for e in data["findings"]) == [
        "api-path-removed-without-deprecation", "api-removed-without-deprecation"]
    code, report = govlint(repo, monkeypatch, "lint", "-f", "json")
    assert code == 0


def test_waive_accepts_a_breaking_finding_of_a_deleted_spec(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "rm", "-q", "payments/api.yaml")
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert code == 1
    removed = [r for r in report["results"] if r["rule"] in LEVELS]
    assert {r["file"] for r in removed} == {"payments/api.yaml"}
    expires = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    for finding in removed:
        monkeypatch.chdir(repo)
        result = CliRunner().invoke(entry, [
            "waive", finding["rule"], f"{finding['file']}#{finding['pointer']}",
            "--owner", "alice", "--approver", "bob", "--reason", "payments API retired",
            "--expires", expires])
        assert result.exit_code == 0, result.output
        assert "is not in the working tree" in result.stderr
        assert "spec's at REF" in result.stderr
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert code == 0
    assert {r["suppressed"]["kind"] for r in report["results"] if r["rule"] in LEVELS} == {
        "waiver"}
    # a lint rule still needs the file to exist
    result = CliRunner().invoke(entry, [
        "waive", "parse-error", "payments/api.yaml", "--owner", "alice", "--approver", "bob",
        "--reason", "r", "--expires", expires])
    assert result.exit_code == 2 and "no such file" in result.output


def test_markdown_groups_changes_by_spec_then_operation(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        write(repo / name / "openapi.yaml", orders_spec("1.0.0", {
            "/health": {"get": op(), "delete": op()}}))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two specs with /health")
    for name in ("a", "b"):
        write(repo / name / "openapi.yaml", orders_spec("1.0.1", {"/health": {"get": op()}}))
    write(repo / "b" / "openapi.yaml", orders_spec("1.0.1", {"/health": {}}))
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(entry, ["lint", "--breaking-since", "HEAD", "-f", "markdown"])
    assert result.exit_code == 1, result.output
    changes = result.stdout.split("#### Changes by operation")[1]
    headings = [line for line in changes.splitlines() if line.startswith("#####")]
    assert headings == ["##### `a/openapi.yaml`", "###### `DELETE /health`",
                        "##### `b/openapi.yaml`", "###### `DELETE /health`",
                        "###### `GET /health`"]


def test_an_unknown_ref_is_exit_2_or_a_warning_with_breaking_missing_ref_warn(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(entry, ["lint", "--breaking-since", sha])
    assert result.exit_code == 2
    assert f"--breaking-since: unknown git ref '{sha}'" in result.stderr
    assert f"git fetch --depth=1 origin {sha}" in result.stderr
    assert f"origin/{sha}" not in result.stderr  # no such ref for a commit hash
    result = CliRunner().invoke(entry, ["lint", "--breaking-since", "release-2"])
    assert result.exit_code == 2 and "or use origin/release-2" in result.stderr
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", sha,
                           "--breaking-missing-ref", "warn", "-f", "json")
    assert code == 0
    (skipped,) = [r for r in report["results"] if r["rule"] == "breaking-since-skipped"]
    assert skipped["severity"] == "warn" and skipped["file"] == "orders/openapi.yaml"
    assert skipped["message"].startswith(
        "breaking changes not checked for orders/openapi.yaml and 1 other OpenAPI spec: "
        f"unknown git ref '{sha}'")


def test_a_mangled_spec_is_a_finding_not_every_operation_removed(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = orders_spec("3.0.0", {"/v3/payments": {"get": op(), "post": "hello"}})
    write(repo / "payments" / "api.yaml", spec)
    code, report = govlint(repo, monkeypatch, "lint", "--breaking-since", "HEAD", "-f", "json")
    assert code == 1
    found = [(r["rule"], r["file"], r["pointer"]) for r in report["results"]
             if r.get("extra", {}).get("breakingSince")]
    assert found == [("diff-invalid-spec", "payments/api.yaml", "/paths/~1v3~1payments/post")]
