"""Issue 11 §5, §7: every failure is a message. The inputs that produced tracebacks with
exit 1 now end with a clear message (exit 2) or a finding, naming the file and key; waiver
owner and approver are compared after NFKC casefolding and a confusables skeleton."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from govlint.cli.main import run as run_main

SPEC = 'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths: {}\n'
RULESET = """rules:
  title-x:
    description: no title x
    message: title is x
    severity: error
    given: $.info.title
    then: {function: pattern, functionOptions: {notMatch: "^x$"}}
"""


def run(repo: Path, *argv: str) -> int:
    old = Path.cwd()
    os.chdir(repo)
    try:
        start = time.monotonic()
        try:
            return run_main(list(argv))
        except SystemExit as exc:
            return int(exc.code or 0)
        finally:
            assert time.monotonic() - start < 30
    finally:
        os.chdir(old)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVLINT_TODAY", "2026-01-01")
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    (tmp_path / "ok.yaml").write_text(SPEC)
    return tmp_path


def error_of(repo: Path, capfd: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run govlint, expect exit 2 and one message; return stderr."""
    capfd.readouterr()
    code = run(repo, *argv)
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert code == 2, err
    assert err.startswith("govlint: error: ")
    return err


@pytest.mark.parametrize(("config", "expected"), [
    ("fail-severity: banana\n",
     "'fail-severity' must be one of error, warn, info, hint, off; got 'banana'"),
    ("vars: {1: 2}\n", "'vars' names must be strings, got 1"),
    ("exclude: ['[z-a]']\n", "'exclude' glob '[z-a]' is invalid: bad character range z-a"),
    ("include: ['[z-a]/**']\n", "'include' glob '[z-a]/**' is invalid"),
    ("service-configs: {governance: ['a/[z-a].yaml']}\n",
     "'service-configs.governance' glob 'a/[z-a].yaml' is invalid"),
])
def test_bad_config_is_a_message_naming_file_and_key(
        repo: Path, capfd: pytest.CaptureFixture[str], config: str, expected: str) -> None:
    (repo / ".govlint.yaml").write_text("rulesets: [ruleset.yaml]\n" + config)
    err = error_of(repo, capfd, "lint", ".")
    assert str(repo / ".govlint.yaml") in err and expected in err


def test_bad_glob_on_the_command_line(repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    err = error_of(repo, capfd, "lint", "-r", "ruleset.yaml", "[z-a]/*.yaml")
    assert "invalid glob or pattern: bad character range z-a" in err


def test_bad_glob_in_a_waiver_is_a_waiver_invalid_finding(
        repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (repo / ".govlint").mkdir()
    (repo / ".govlint" / "waivers.yaml").write_text(
        "waivers:\n- rule: title-x\n  files: ['[z-a]', ok.yaml]\n  owner: a\n  approver: b\n"
        "  reason: r\n  expires: 2026-03-01\n")
    capfd.readouterr()
    code = run(repo, "lint", "-r", "ruleset.yaml", "-f", "json", ".")
    data = json.loads(capfd.readouterr().out)
    invalid = [r for r in data["results"] if r["rule"] == "waiver-invalid"]
    assert code == 1
    assert invalid and "`files` glob '[z-a]' is invalid" in invalid[0]["message"]
    assert invalid[0]["pointer"] == "/waivers/0/files/0"
    # the waiver suppresses nothing until fixed
    assert [r["suppressed"] for r in data["results"] if r["rule"] == "title-x"] == [None]


def test_bad_glob_in_codeowners_is_skipped(repo: Path,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    """GitHub skips a CODEOWNERS line it cannot parse; so does govlint (the others count)."""
    (repo / "CODEOWNERS").write_text("docs/[z-a].yaml @broken\n*.yaml @team-a\n")
    capfd.readouterr()
    code = run(repo, "lint", "-r", "ruleset.yaml", "-f", "json", ".")
    data = json.loads(capfd.readouterr().out)
    assert code == 1
    owners = {e["file"]: e.get("owners") for e in data["inventory"]}
    assert owners["ok.yaml"] == ["@team-a"]
    assert run(repo, "score", "-r", "ruleset.yaml", ".") in (0, 1)
    assert "Traceback" not in capfd.readouterr().err


def test_unreadable_directory_under_a_glob(repo: Path, capfd: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory the run may not list (root ignores chmod, so the refusal is simulated
    where discovery lists it): a message naming it, exit 2."""
    (repo / "sub").mkdir()
    (repo / "sub" / "a.yaml").write_text(SPEC)
    real = Path.iterdir

    def denied(self: Path):  # type: ignore[no-untyped-def]
        if self.name == "sub":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    err = error_of(repo, capfd, "lint", "-r", "ruleset.yaml", "sub/*.yaml")
    assert "Permission denied" in err and str(repo / "sub") in err


@pytest.mark.parametrize("approver", [
    "Alice", "@alice", "ALICE", "\uff41lice",  # case, @-handle, fullwidth (NFKC)
    "\u0430lice",  # Cyrillic a
    "al\u200bice",  # zero-width space
    "a\u0301lice",  # combining accent
    "AIice",  # capital I for l
])
def test_owner_cannot_approve_own_waiver(repo: Path, capfd: pytest.CaptureFixture[str],
                                         approver: str) -> None:
    (repo / ".govlint").mkdir()
    (repo / ".govlint" / "waivers.yaml").write_text(json.dumps({"waivers": [{
        "rule": "title-x", "files": "ok.yaml", "owner": "alice", "approver": approver,
        "reason": "legacy", "expires": "2026-03-01"}]}, ensure_ascii=False))
    capfd.readouterr()
    code = run(repo, "lint", "-r", "ruleset.yaml", "-f", "json", ".")
    data = json.loads(capfd.readouterr().out)
    assert code == 1
    invalid = [r["message"] for r in data["results"] if r["rule"] == "waiver-invalid"]
    assert invalid and "the approver must be someone other than the owner" in invalid[0]
    assert [r["suppressed"] for r in data["results"] if r["rule"] == "title-x"] == [None]


def test_distinct_people_still_approve(repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (repo / ".govlint").mkdir()
    (repo / ".govlint" / "waivers.yaml").write_text(
        "waivers:\n- rule: title-x\n  files: ok.yaml\n  owner: orders-team\n"
        "  approver: api-council\n  reason: legacy\n  expires: 2026-03-01\n")
    capfd.readouterr()
    assert run(repo, "lint", "-r", "ruleset.yaml", "-f", "json", ".") == 0
    data = json.loads(capfd.readouterr().out)
    assert data["summary"]["suppressed"] == {"waiver": 1}
