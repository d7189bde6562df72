"""Issue 11 §4: a baseline comes from the repository, so it is untrusted. Entries bind rule,
file and fingerprint; unreadable-input findings are never baselined; the file has a size
cap; ``lint`` reports how many entries a branch added. Real CLI, temporary repositories."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.exceptions.support import RULESET  # camel-props and op-summary

from govlint.cli.main import run as run_main
from govlint.findings.fingerprint import base_fingerprint
from govlint.reports.model import finding_from_json

SPEC = """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  order_id: {type: string}
    post:
      responses: {'200': {description: ok}}
"""


def run(repo: Path, *argv: str, env: dict[str, str] | None = None) -> int:
    old = Path.cwd()
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.chdir(repo)
    os.environ.update(env or {})
    try:
        return run_main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        os.chdir(old)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def report(repo: Path, capfd: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    capfd.readouterr()
    code = run(repo, "lint", "-f", "json", *argv)
    out, err = capfd.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".govlint.yaml").write_text("rulesets: [ruleset.yaml]\n")
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "openapi.yaml").write_text(SPEC)
    (tmp_path / "api" / "broken.yaml").write_text("openapi: 3.0.3\ninfo: [unclosed\n")
    return tmp_path


def test_forged_labels_suppress_nothing(repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """The attack: entries labelled 'DOC-001 legacy/old-v0.yaml' carrying the fingerprints
    of a new camel-props, two op-summary and a parse-error finding suppressed all of them
    (exit 0). Now they stay active and the run fails."""
    code, data = report(repo, capfd, ".")
    assert code == 1
    findings = [finding_from_json(r) for r in data["results"]]
    assert sorted(f.rule for f in findings) == ["camel-props", "op-summary", "op-summary",
                                                "parse-error"]
    forged = {"version": 1, "tool": "govlint", "findings": [
        {"fingerprint": base_fingerprint(f), "rule": "DOC-001", "file": "legacy/old-v0.yaml",
         "pointer": "/info", "count": 1, "message": "legacy"} for f in findings]}
    (repo / "baseline.json").write_text(json.dumps(forged))
    start = time.monotonic()
    code, data = report(repo, capfd, "--baseline", "baseline.json", ".")
    assert time.monotonic() - start < 30
    assert code == 1
    active = sorted(r["rule"] for r in data["results"] if r["suppressed"] is None)
    assert active == ["baseline-fixed"] * 4 + ["camel-props", "op-summary", "op-summary",
                                                 "parse-error"]


def test_honest_entries_still_match(repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "baseline", "create", "-o", "baseline.json", ".") == 0
    recorded = json.loads((repo / "baseline.json").read_text())["findings"]
    assert sorted(e["rule"] for e in recorded) == ["camel-props", "op-summary", "op-summary"]
    code, data = report(repo, capfd, "--baseline", "baseline.json", ".")
    # parse-error is never recorded, so it alone keeps the run failing
    assert [r["rule"] for r in data["results"] if r["suppressed"] is None] == ["parse-error"]
    assert code == 1


def test_parse_error_is_never_baselined(repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Even a correctly labelled parse-error entry does not hide an unreadable file."""
    _, data = report(repo, capfd, ".")
    broken = [finding_from_json(r) for r in data["results"] if r["rule"] == "parse-error"]
    entry = {"fingerprint": base_fingerprint(broken[0]), "rule": "parse-error",
             "file": "api/broken.yaml", "count": 1}
    (repo / "baseline.json").write_text(json.dumps({"version": 1, "findings": [entry]}))
    code, data = report(repo, capfd, "--baseline", "baseline.json", "api/broken.yaml")
    assert code == 1
    active = sorted(r["rule"] for r in data["results"] if r["suppressed"] is None)
    assert active == ["baseline-fixed", "parse-error"]  # the entry matches nothing


def test_file_too_large_is_never_baselined(repo: Path,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    """A file skipped for its size stays a failing finding even with a matching entry."""
    _, data = report(repo, capfd, "--max-file-size", "10B", "api/openapi.yaml")
    skipped = [finding_from_json(r) for r in data["results"]]
    assert [f.rule for f in skipped] == ["file-too-large"]
    entry = {"fingerprint": base_fingerprint(skipped[0]), "rule": "file-too-large",
             "file": "api/openapi.yaml", "count": 1}
    (repo / "baseline.json").write_text(json.dumps({"version": 1, "findings": [entry]}))
    code, data = report(repo, capfd, "--max-file-size", "10B", "--baseline", "baseline.json",
                        "api/openapi.yaml")
    assert code == 1
    assert "file-too-large" in [r["rule"] for r in data["results"] if r["suppressed"] is None]


def test_oversized_baseline_is_refused_unread(repo: Path,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    big = repo / "baseline.json"
    with big.open("wb") as fh:  # sparse: 300 MiB that would take gigabytes to parse
        fh.truncate(300 << 20)
    start = time.monotonic()
    code = run(repo, "lint", "--baseline", "baseline.json", ".")
    err = capfd.readouterr().err
    assert time.monotonic() - start < 10
    assert code == 2
    assert "baseline" in err and "300.0 MiB, above the 32 MiB limit" in err
    assert "GOVLINT_MAX_BASELINE_MB" in err and "Traceback" not in err
    big.write_text(json.dumps({"version": 1, "findings": []}) + " " * (2 << 20))
    assert run(repo, "lint", "--baseline", "baseline.json", ".",
               env={"GOVLINT_MAX_BASELINE_MB": "1"}) == 2
    assert "above the 1 MiB limit" in capfd.readouterr().err


def test_large_baseline_within_the_cap_reads_in_bounded_memory(repo: Path) -> None:
    """~30 MB (100k entries, just under the cap): seconds and well under 1 GB."""
    entries = [{"fingerprint": f"{i:032x}", "rule": "camel-props",
                "file": f"legacy/svc{i % 500}/openapi.yaml", "pointer": f"/paths/~1v{i}/get",
                "count": 1, "message": "property name is not camelCase " * 4}
               for i in range(100_000)]
    (repo / "baseline.json").write_text(json.dumps({"version": 1, "findings": entries}))
    assert (repo / "baseline.json").stat().st_size < 32 << 20
    script = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'govlint', 'lint', '--baseline',"
        " 'baseline.json', '-f', 'json:out.json', 'api/openapi.yaml'])\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True,
                          text=True, timeout=120)
    elapsed = time.monotonic() - start
    code, peak_kb = (int(x) for x in proc.stdout.split())
    assert code == 1, proc.stderr
    assert elapsed < 60
    assert peak_kb < 1_000_000, f"{peak_kb} KB"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def test_lint_reports_entries_a_branch_added(repo: Path,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    (repo / ".govlint.yaml").write_text("rulesets: [ruleset.yaml]\nbaseline: baseline.json\n")
    (repo / "api" / "broken.yaml").unlink()
    assert run(repo, "baseline", "create", "-o", "baseline.json", ".") == 0
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature")
    # the branch adds two snake_case properties and accepts them into the baseline
    (repo / "api" / "openapi.yaml").write_text(
        SPEC + "components:\n  schemas:\n    A:\n      properties:\n"
               "        first_name: {type: string}\n        last_name: {type: string}\n")
    assert run(repo, "baseline", "update", "--add-new", ".") == 0
    capfd.readouterr()
    # --changed-since applies the baseline (the new entries absorb the new findings);
    # --new-since compares with main instead, so they are new there: both report the growth
    for flag, expected in (("--changed-since", 0), ("--new-since", 1)):
        code, data = report(repo, capfd, flag, "main", ".")
        assert code == expected
        assert data["baselineChange"] == {"file": "baseline.json", "base": "main", "added": 2,
                                          "removed": 0, "entries": 5}
    assert run(repo, "lint", "--changed-since", "main", ".") == 0
    assert "  baseline baseline.json: 2 entries added since main" in capfd.readouterr().out
    assert run(repo, "lint", "-f", "markdown", "--new-since", "main", ".") == 1
    assert ("Baseline `baseline.json`: **2 entries added** since `main`."
            in capfd.readouterr().out)
    # shards of a --changed-since run merge into a report that keeps the field
    for k in (1, 2):
        assert run(repo, "lint", "--changed-since", "main", "--shard", f"{k}/2", "-f",
                   f"json:shard{k}.json", ".") == 0
    capfd.readouterr()
    assert run(repo, "merge", "shard1.json", "shard2.json", "-f", "json") == 0
    merged = json.loads(capfd.readouterr().out)
    assert merged["baselineChange"]["added"] == 2
    # without a base ref there is nothing to compare with: no field
    _, data = report(repo, capfd, ".")
    assert "baselineChange" not in data


@pytest.mark.parametrize("named", ["../outside.json", "/tmp/../etc/passwd", "link.json"])
def test_config_baseline_outside_the_root_is_refused(
        repo: Path, capfd: pytest.CaptureFixture[str], named: str) -> None:
    """`baseline:` in .govlint.yaml is read by lint and written by `baseline update`: a
    path leaving the project root (../, absolute, a symlink) is refused, never touched."""
    outside = repo.parent / "outside.json"
    outside.write_text(json.dumps({"version": 1, "findings": []}))
    (repo / "link.json").symlink_to(outside)
    (repo / ".govlint.yaml").write_text(
        f"rulesets: [ruleset.yaml]\nbaseline: {json.dumps(named)}\n")
    before = outside.read_bytes()
    for argv in (["lint", "."], ["baseline", "update", "--add-new", "."],
                 ["baseline", "create", "."]):
        capfd.readouterr()
        assert run(repo, *argv) == 2, argv
        err = capfd.readouterr().err
        assert "resolves outside the project root" in err and "Traceback" not in err
    assert outside.read_bytes() == before
