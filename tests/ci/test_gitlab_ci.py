"""The GitLab CI template, run for real with gitlab-ci-local (shell executor, isolated builds).

gitlab-ci-local exits 0 when a job with ``allow_failure: exit_codes`` fails with another exit
code (real GitLab fails the pipeline), so these tests read each job's verdict from its
summary line: ``PASS``, ``WARN`` (allowed to fail) or ``FAIL``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .project import REPO, commit, find_npm_bin, git, govlint_bin_dir, make_repo, spec, write

TEMPLATE = REPO / "ci" / "gitlab" / "govlint.gitlab-ci.yml"
CODE_QUALITY_SCHEMA = REPO / "tests" / "reports" / "gitlab-codequality.schema.json"

PIPELINE = """\
include:
  - local: ci/govlint.gitlab-ci.yml
variables:
  GOVLINT_INSTALL: skip
  GOVLINT_PATHS: api
"""

SHARDED = PIPELINE + """\
govlint-shard:
  extends: .govlint-shard
  parallel: 3
govlint-merge:
  extends: .govlint-merge
  needs: [govlint-shard]
"""


def _gitlab_ci_local() -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (gitlab-ci-local's isolated shell builds need it: "
                    "apt-get install -y rsync)")
    found = find_npm_bin("gitlab-ci-local")
    if found is None:
        pytest.skip("gitlab-ci-local is not installed (npm install --prefix $GOVLINT_TOOLS "
                    "gitlab-ci-local@4.65.1; .ci/run does this)")
    return found


def _project(tmp_path: Path, pipeline: str, files: dict[str, str]) -> Path:
    repo = make_repo(tmp_path / "project", {
        ".gitlab-ci.yml": pipeline,
        "ci/govlint.gitlab-ci.yml": TEMPLATE.read_text(encoding="utf-8"),
        **files,
    })
    # what gitlab-ci-local reads the default branch from
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    return repo


def _run(repo: Path, *variables: str) -> tuple[dict[str, str], str]:
    """Run the pipeline; return each job's verdict and the whole log."""
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    env["PATH"] = f"{govlint_bin_dir()}{os.pathsep}{env.get('PATH', '')}"
    args = [str(_gitlab_ci_local()), "--force-shell-executor", "--shell-isolation",
            "--json-schema-validation", "--no-color"]
    for v in variables:
        args += ["--variable", v]
    proc = subprocess.run(args, cwd=repo, capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    verdicts = {
        m.group(2).strip(): m.group(1)
        # " WARN  govlint  pre_script": verdict, job name, then (for WARN) the failing phase
        for m in re.finditer(r"^ (PASS|WARN|FAIL) +(\S.*?)(?: {2,}\S.*)?\s*$", log, re.MULTILINE)
    }
    assert verdicts, f"gitlab-ci-local ran no job (exit {proc.returncode}):\n{log}"
    return verdicts, log


def code_quality_errors(entries: Any) -> list[str]:
    schema = json.loads(CODE_QUALITY_SCHEMA.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(entries)]
    prints = [e["fingerprint"] for e in entries if isinstance(e, dict) and "fingerprint" in e]
    return errors + (["duplicate fingerprints"] if len(prints) != len(set(prints)) else [])


def _artifact(repo: Path, job: str, name: str) -> Path:
    path = repo / ".gitlab-ci-local" / "artifacts" / job / name
    assert path.is_file(), f"{job} left no {name}"
    return path


def _reports(repo: Path, job: str) -> tuple[list[dict[str, Any]], ET.Element, dict[str, Any]]:
    gl = json.loads(_artifact(repo, job, "gl-code-quality-report.json").read_text())
    assert code_quality_errors(gl) == []
    junit = ET.parse(_artifact(repo, job, "govlint-junit.xml")).getroot()
    report = json.loads(_artifact(repo, job, "govlint-report.json").read_text())
    return gl, junit, report


def test_job_fails_on_a_bad_spec_and_passes_on_a_good_one(tmp_path: Path) -> None:
    repo = _project(tmp_path, PIPELINE, {
        "api/payments.yaml": spec("Payments", contact=False),
        "api/orders.yaml": spec("Orders", contact=True, summary=False),
    })
    verdicts, log = _run(repo)
    assert verdicts == {"govlint": "FAIL"}, log
    assert "info.contact is missing: name the owning team" in log
    gl, junit, report = _reports(repo, "govlint")
    assert {(e["check_name"], e["location"]["path"], e["severity"]) for e in gl} == {
        ("info-contact", "api/payments.yaml", "critical"),
        ("operation-summary", "api/orders.yaml", "minor"),
    }
    failed = {(c.get("classname"), c.get("name", "").split(" @ ")[0])
              for c in junit.iter("testcase") if c.find("failure") is not None}
    assert failed == {("api/payments.yaml", "info-contact"),
                      ("api/orders.yaml", "operation-summary")}
    assert report["summary"]["error"] == 1 and report["summary"]["warn"] == 1

    write(repo, {"api/payments.yaml": spec("Payments", contact=True)})
    commit(repo, "fix: name the owning team")
    verdicts, log = _run(repo)
    assert verdicts == {"govlint": "PASS"}, log  # a warning alone does not fail the gate
    gl, junit, _ = _reports(repo, "govlint")
    assert [e["check_name"] for e in gl] == ["operation-summary"]


def test_warn_only_mode_marks_the_job_allowed_to_fail(tmp_path: Path) -> None:
    repo = _project(tmp_path, PIPELINE, {"api/payments.yaml": spec("Payments", contact=False)})
    verdicts, log = _run(repo, "GOVLINT_WARN_ONLY=true")
    assert verdicts == {"govlint": "WARN"}, log
    assert "GOVLINT_WARN_ONLY=true: not failing the pipeline" in log
    gl, _, _ = _reports(repo, "govlint")
    assert [e["check_name"] for e in gl] == ["info-contact"]
    # a usage error is never waved through
    verdicts, log = _run(repo, "GOVLINT_WARN_ONLY=true", "GOVLINT_ARGS=--format nonsense")
    assert verdicts == {"govlint": "FAIL"}, log


def test_job_runs_only_on_merge_requests_and_the_default_branch(tmp_path: Path) -> None:
    repo = _project(tmp_path, PIPELINE, {"api/payments.yaml": spec("Payments", contact=True)})
    git(repo, "checkout", "-q", "-b", "feature")
    env = {**os.environ, "PATH": f"{govlint_bin_dir()}{os.pathsep}{os.environ['PATH']}"}
    base = [str(_gitlab_ci_local()), "--list", "--no-color"]
    branch = subprocess.run(base, cwd=repo, capture_output=True, text=True, env=env, check=False)
    mr = subprocess.run([*base, "--variable", "CI_PIPELINE_SOURCE=merge_request_event"],
                        cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert not re.search(r"^govlint\s", branch.stdout, re.MULTILINE), branch.stdout
    assert re.search(r"^govlint\s+governance", mr.stdout, re.MULTILINE), mr.stdout


def test_sharded_variant_merges_to_the_unsharded_report(tmp_path: Path) -> None:
    files = {f"api/svc-{i}.yaml": spec(f"Service {i}", contact=i % 3 != 0, summary=i % 2 == 0)
             for i in range(9)}
    repo = _project(tmp_path, SHARDED, files)
    verdicts, log = _run(repo)
    assert verdicts.pop("govlint") == "FAIL", log
    assert verdicts.pop("govlint-merge") == "FAIL", log  # the merge job is the gate
    assert sorted(verdicts.values()) == ["PASS"] * 3, log  # shards never fail on findings
    _, _, unsharded = _reports(repo, "govlint")
    gl, _, merged = _reports(repo, "govlint-merge")
    # each job runs in its own build directory, so ruleset paths may name different dirs
    rulesets = [Path(p).name for p in merged.pop("rulesets")]
    assert rulesets == [Path(p).name for p in unsharded.pop("rulesets")]
    assert merged == unsharded
    assert len(gl) == 3 + 4  # info-contact on svc-0/3/6, operation-summary on odd ones


def test_breaking_changes_since_the_merge_request_diff_base(tmp_path: Path) -> None:
    """GOVLINT_BREAKING_SINCE defaults to the MR's diff base: a removed operation fails the
    job and is in the Code Quality report; "off" switches the diff off."""
    repo = _project(tmp_path, PIPELINE, {"api/payments.yaml": spec("Payments", contact=True)})
    base_sha = git(repo, "rev-parse", "HEAD").strip()
    write(repo, {"api/payments.yaml": spec("Payments", contact=True).replace(
        "    get:", "    post:")})
    commit(repo, "feat: payments are created, no longer listed")
    verdicts, log = _run(repo, f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base_sha}")
    assert verdicts == {"govlint": "FAIL"}, log
    gl, _, report = _reports(repo, "govlint")
    assert [(e["check_name"], e["location"]["path"], e["severity"]) for e in gl] == [
        ("api-removed-without-deprecation", "api/payments.yaml", "critical")]
    (removed,) = report["results"]
    assert removed["operation"] == {"method": "GET", "path": "/v1/payments"}
    verdicts, log = _run(repo, f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base_sha}",
                         "GOVLINT_BREAKING_SINCE=off")
    assert verdicts == {"govlint": "PASS"}, log
    # a shallow clone without the diff base, and no fetching it: a warning, not exit 2
    verdicts, log = _run(repo, "CI_MERGE_REQUEST_DIFF_BASE_SHA=" + "0" * 40)
    assert verdicts == {"govlint": "PASS"}, log
    assert "is not in this clone and could not be fetched (raise GIT_DEPTH): " \
           "breaking-change check skipped" in log
    gl, _, _ = _reports(repo, "govlint")
    assert [(e["check_name"], e["location"]["path"], e["severity"]) for e in gl] == [
        ("breaking-since-skipped", "api/payments.yaml", "minor")]
    # an explicit ref that is missing is still a usage error
    verdicts, log = _run(repo, "CI_MERGE_REQUEST_DIFF_BASE_SHA=" + "0" * 40,
                         "GOVLINT_BREAKING_SINCE=" + "1" * 40)
    assert verdicts == {"govlint": "FAIL"}, log
    assert "git fetch --depth=1 origin " + "1" * 40 in log


def test_a_shallow_clone_fetches_the_diff_base(tmp_path: Path) -> None:
    """GitLab clones GIT_DEPTH commits: the template fetches the diff base by its hash."""
    origin = _project(tmp_path, PIPELINE, {"api/payments.yaml": spec("Payments", contact=True)})
    base_sha = git(origin, "rev-parse", "HEAD").strip()
    write(origin, {"api/payments.yaml": spec("Payments", contact=True).replace(
        "    get:", "    post:")})
    commit(origin, "feat: payments are created, no longer listed")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert subprocess.run(["git", "cat-file", "-e", f"{base_sha}^{{commit}}"], cwd=clone,
                          capture_output=True, check=False).returncode != 0
    verdicts, log = _run(clone, f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base_sha}")
    assert verdicts == {"govlint": "FAIL"}, log
    assert "could not be fetched" not in log
    gl, _, _ = _reports(clone, "govlint")
    assert [(e["check_name"], e["location"]["path"]) for e in gl] == [
        ("api-removed-without-deprecation", "api/payments.yaml")]


def test_the_job_records_into_the_organisation_database(tmp_path: Path, pg_server) -> None:
    """GOVLINT_DB_URL set (PostgreSQL, password in the URL): each default-branch pipeline
    records one snapshot identified by the CI variables; the password is never printed;
    an unreachable database leaves the verdict alone."""
    from tests.pgserver import PASSWORD

    url = pg_server.create_database()
    repo = _project(tmp_path, PIPELINE, {"api/payments.yaml": spec("Payments", contact=False)})
    verdicts, log = _run(repo, f"GOVLINT_DB_URL={url}")  # CI_PROJECT_PATH from origin
    assert verdicts == {"govlint": "FAIL"}, log
    assert "recorded snapshot" in log and "acme/payments" in log, log
    assert PASSWORD not in log
    listed = subprocess.run(["govlint", "history", "--db", url, "-f", "json"],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "PATH": f"{govlint_bin_dir()}{os.pathsep}"
                                 f"{os.environ['PATH']}"})
    (snap,) = json.loads(listed.stdout)["snapshots"]
    assert (snap["repository"], snap["job"], snap["verdict"]) == (
        "acme/payments", "govlint", "failed")
    assert snap["commit"] == git(repo, "rev-parse", "HEAD").strip() and snap["pipeline"]
    assert snap["failedRules"] == {"info-contact": {"(unowned)": 1}}

    verdicts, log = _run(repo, "GOVLINT_DB_URL=postgresql://me:s3cret@127.0.0.1:1/none")
    assert verdicts == {"govlint": "FAIL"}, log  # the lint verdict, not the database's
    assert "ERROR: the snapshot was NOT recorded" in log and "s3cret" not in log

    # review 8: a --changed-since run records nothing and says why in one line
    verdicts, log = _run(repo, f"GOVLINT_DB_URL={url}", "GOVLINT_ARGS=--changed-since HEAD")
    assert "snapshot not recorded: GOVLINT_ARGS has --changed-since" in log, log
    assert "{'" not in log and "NOT recorded" not in log


def test_the_default_install_can_record_into_postgresql() -> None:
    """Review 14 item 1: the default GOVLINT_INSTALL pip-installs the postgres extra
    (psycopg), so GOVLINT_DB_URL=postgresql://... records instead of failing quietly."""
    import yaml

    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    install = template["variables"]["GOVLINT_INSTALL"]
    assert '"govlint[postgres]==${GOVLINT_VERSION}"' in install, install
    pages = yaml.safe_load((TEMPLATE.parent / "govlint-pages.gitlab-ci.yml").read_text())
    assert "govlint[postgres]" in pages["variables"]["GOVLINT_INSTALL"]
    # both gates record (the sharded variant from the merged report), with lint's verdict
    record = "\n".join(template[".govlint-record"])
    assert "--verdict" in record and '--fail-severity "$GOVLINT_FAIL_SEVERITY"' in record
    for job in ("govlint", ".govlint-merge"):
        assert template[".govlint-record"] in template[job]["script"], job
