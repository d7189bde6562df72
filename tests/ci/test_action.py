"""The GitHub Action (``action.yml``): a valid composite action whose shell steps receive
untrusted values only through ``env:``, and whose steps, run for real by a small runner
below (bash, ``$GITHUB_OUTPUT``, ``if:`` conditions, ``always()``), lint a pull request and
comment on it through the GitHub fake.

The runner executes the ``run:`` steps exactly as written; it skips the ``uses:`` steps
(actions/setup-python, the SARIF upload: their inputs are checked instead) and the install
step (govlint is already installed in the Python running the tests).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from tests.bot.fake_github import FakeGitHub, files_from_git

from .project import REPO, commit, git, govlint_bin_dir, make_repo, spec, write

ACTION = REPO / "action.yml"
README = REPO / "README.md"
SARIF_SCHEMA = REPO / "tests" / "vendor" / "sarif-schema-2.1.0.json"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = "ghs_actionTOKEN0123456789"


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(place, text) of every string in the action."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{where}[{i}]")
    elif isinstance(node, str):
        yield where, node


# ------------------------------------------------------------------ static checks


def test_is_a_composite_action(action: dict[str, Any]) -> None:
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    ids = [s["id"] for s in action["runs"]["steps"] if "id" in s]
    assert len(ids) == len(set(ids))
    for step in action["runs"]["steps"]:
        assert ("uses" in step) != ("run" in step), step
        if "run" in step:
            assert step.get("shell") == "bash", f"composite run steps need a shell: {step}"
        else:  # third-party actions pinned to a major version or a commit
            m = re.fullmatch(r"([\w.-]+/[\w./-]+)@(v(\d+)|[0-9a-f]{40})", step["uses"])
            assert m, step
            # not a deprecated major: codeql-action v3 ends in December 2026, setup-python
            # v5 runs on Node 20, which runners retire
            oldest = {"github/codeql-action/upload-sarif": 4, "actions/setup-python": 6}
            if m.group(3):
                assert int(m.group(3)) >= oldest.get(m.group(1), 0), step["uses"]
    for name, spec_ in action["inputs"].items():
        assert spec_.get("description"), f"input {name} is undocumented"
        assert "default" in spec_ or spec_.get("required"), name
    for name, out in action["outputs"].items():
        m = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", out["value"])
        assert m and m.group(1) in ids, name
        assert f"{m.group(2)}=" in ACTION.read_text(), f"step {m.group(1)} never sets {name}"


def test_every_input_used_is_declared_and_every_declared_input_is_used(
        action: dict[str, Any]) -> None:
    used = set()
    for _, text in _strings(action["runs"]):
        for expr in EXPR.findall(text):
            used |= set(re.findall(r"\binputs\.([\w-]+)", expr))
        if text in (s.get("if") for s in action["runs"]["steps"]):
            used |= set(re.findall(r"\binputs\.([\w-]+)", text))
    for _, text in _strings(action["outputs"]):
        used |= set(re.findall(r"\binputs\.([\w-]+)", text))
    assert used == set(action["inputs"])


def test_no_expression_is_interpolated_into_a_shell_script(action: dict[str, Any]) -> None:
    """``${{ }}`` in ``run:`` is pasted into the script before bash parses it: a branch name
    or PR title (or an input a workflow fills from them) would run as code. Values go
    through ``env:``."""
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
    event_exprs = [(where, text) for where, text in _strings(action["runs"])
                   if re.search(r"\$\{\{[^}]*github\.(event|head_ref)", text)]
    assert event_exprs, "the base commit comes from the event"
    assert all(".env." in where for where, _ in event_exprs), event_exprs


def test_run_scripts_pass_shellcheck(action: dict[str, Any]) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (apt-get install -y shellcheck; .ci/run "
                    "does this)")
    for step in action["runs"]["steps"]:
        if "run" in step:
            proc = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "-"],
                                  input=step["run"], capture_output=True, text=True,
                                  timeout=60)
            assert proc.returncode == 0, f"{step['name']}:\n{proc.stdout}"


def test_the_token_reaches_only_the_comment_step(action: dict[str, Any]) -> None:
    holders = [s.get("name") for s in action["runs"]["steps"]
               if any("inputs.token" in t for _, t in _strings(s))]
    assert holders == ["Comment on the pull request"]


def test_readme_documents_permissions_and_the_security_note() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The govlint action"):]
    for needed in ("pull-requests: write", "security-events: write", "contents: read",
                   "pull_request_target", "fork", "--allow-custom-functions"):
        assert needed in section, needed
    workflow = yaml.safe_load(section[section.index("```yaml") + 7:section.index("```\n", 10)])
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write",
                                       "security-events": "write"}
    step_inputs = workflow["jobs"]["govlint"]["steps"][1]["with"]
    assert set(step_inputs) <= set(yaml.safe_load(ACTION.read_text())["inputs"])


# ------------------------------------------------------------------ the runner


@dataclass
class Job:
    """One run of the action's steps: what each step did, the job's outcome."""

    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    uses: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    logs: str = ""
    failed: bool = False
    summary: str = ""


def _evaluate(expr: str, ctx: dict[str, Any]) -> str:
    """The value of a ``${{ }}`` expression: property paths only (all this action uses)."""
    if not re.fullmatch(r"[\w.-]+", expr):
        raise AssertionError(f"the test runner does not evaluate {expr!r}")
    value: Any = ctx
    for part in expr.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return "" if value is None else str(value)


def _substitute(text: str, ctx: dict[str, Any]) -> str:
    return EXPR.sub(lambda m: _evaluate(m.group(1), ctx), text)


def _condition(cond: str | None, ctx: dict[str, Any], failed: bool) -> bool:
    """``if:`` as GitHub reads it, for the forms this action uses: ``a && b``, ``always()``,
    ``x == 'lit'``, ``x != 'lit'``; without ``always()`` a failed job skips the step."""
    if cond is None:
        return not failed
    terms = [t.strip() for t in cond.split("&&")]
    result = True if "always()" in terms else not failed
    for term in terms:
        if term == "always()":
            continue
        m = re.fullmatch(r"([\w.-]+) (==|!=) '([^']*)'", term)
        assert m, f"the test runner does not evaluate {term!r}"
        equal = _evaluate(m.group(1), ctx) == m.group(3)
        result = result and (equal if m.group(2) == "==" else not equal)
    return result


def run_action(workspace: Path, inputs: dict[str, str], event: dict[str, Any],
               env: dict[str, str], tmp: Path, event_name: str | None = None) -> Job:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    event_path = tmp / "event.json"
    event_path.write_text(json.dumps(event))
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    summary = tmp / "step-summary.md"
    summary.write_text("")
    job = Job()
    ctx: dict[str, Any] = {
        "inputs": {k: _substitute(str(v.get("default", "")), {"github": {"token": TOKEN}})
                   for k, v in action["inputs"].items()} | inputs,
        "github": {"action_path": str(REPO), "event": event, "token": TOKEN},
        "steps": job.outputs,
    }
    base_env = {
        "PATH": f"{govlint_bin_dir()}:{os.environ['PATH']}", "HOME": str(tmp),
        "GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_EVENT_NAME": event_name or ("pull_request" if "pull_request" in event
                                            else "push"),
        "RUNNER_TEMP": str(runner_temp), "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace), **env,
    }
    for step in action["runs"]["steps"]:
        name = step.get("name") or step["uses"]
        if not _condition(step.get("if"), ctx, job.failed):
            job.skipped.append(name)
            continue
        if "uses" in step:
            job.uses.append((step["uses"], {k: _substitute(str(v), ctx)
                                            for k, v in step.get("with", {}).items()}))
            continue
        if name == "Install govlint":
            assert "$GOVLINT_ACTION_PATH" in step["run"]
            job.ran.append(name)
            continue
        output_file = tmp / f"output-{len(job.ran)}"
        output_file.write_text("")
        step_env = {k: _substitute(str(v), ctx) for k, v in step.get("env", {}).items()}
        cwd = workspace / _substitute(step.get("working-directory", "."), ctx)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd, env={**base_env, **step_env, "GITHUB_OUTPUT": str(output_file)},
            capture_output=True, text=True, timeout=300)
        job.ran.append(name)
        job.logs += f"== {name} (exit {proc.returncode})\n{proc.stdout}{proc.stderr}"
        if "id" in step:
            job.outputs[step["id"]] = {"outputs": dict(
                line.split("=", 1) for line in output_file.read_text().splitlines() if line)}
        if proc.returncode != 0:
            job.failed = True
    job.summary = summary.read_text()
    return job


# ------------------------------------------------------------------ end to end

BASE_SPEC = spec("Payments", contact=True)
LEGACY = spec("Legacy", contact=True, summary=False)  # an old warning, untouched by the PR
REFUNDS = """\
  /v1/refunds:
    post:
      responses:
        '201':
          description: created
"""


def _pr_repo(tmp_path: Path) -> tuple[Path, str, str]:
    repo = make_repo(tmp_path / "project", {"api/openapi.yaml": BASE_SPEC,
                                            "legacy/openapi.yaml": LEGACY})
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, {"api/openapi.yaml": BASE_SPEC + REFUNDS})  # a new operation, no summary
    commit(repo, "add refunds")
    return repo, base, git(repo, "rev-parse", "HEAD").strip()


def _event(number: int, base: str, head: str) -> dict[str, Any]:
    return {"action": "synchronize", "number": number,
            "pull_request": {"number": number, "head": {"sha": head, "ref": "feature"},
                             "base": {"sha": base, "ref": "main"}},
            "repository": {"full_name": "acme/orders"}}


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub(token=TOKEN) as fake:
        yield fake
        assert fake.invalid == [], "requests GitHub's OpenAPI description rejects"


def _env(fake: FakeGitHub) -> dict[str, str]:
    return {"GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": "acme/orders",
            "GOVLINT_HTTP_BACKOFF": "0", "GOVLINT_HTTP_MAX_WAIT": "5",
            "GOVLINT_GITHUB_WRITE_INTERVAL": "0"}


def _inline(fake: FakeGitHub, number: int) -> list[dict[str, Any]]:
    return fake.review_comments(number)


def test_pull_request_run_lints_uploads_comments_and_gates(
        tmp_path: Path, github: FakeGitHub) -> None:
    repo, base, head = _pr_repo(tmp_path)
    github.add_pull(5, head_sha=head, base_sha=base, files=files_from_git(repo, base, head))
    job = run_action(repo, {}, _event(5, base, head), _env(github), tmp_path)

    assert job.ran == ["Install govlint", "Lint", "Comment on the pull request", "Gate"]
    lint = job.outputs["lint"]["outputs"]
    assert lint["exit-code"] == "0", job.logs  # warnings only: the job passes
    assert not job.failed, job.logs
    # SARIF: uploaded with the category, and valid
    [(_uses, with_)] = [u for u in job.uses if "upload-sarif" in u[0]]
    assert with_ == {"sarif_file": lint["sarif"], "category": "govlint"}
    sarif = json.loads(Path(lint["sarif"]).read_text())
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    assert "::warning file=api/openapi.yaml" in job.logs  # the github format's annotations
    assert "operation-summary" in job.summary
    # one summary, one inline comment: the new operation; the legacy warning is summary-only
    assert len(github.issue_comments(5)) == 1
    assert "<!-- govlint:summary -->" in github.issue_comments(5)[0]["body"]
    [inline] = _inline(github, 5)
    assert inline["path"] == "api/openapi.yaml" and "operation-summary" in inline["body"]
    assert inline["commit_id"] == head
    assert TOKEN not in job.logs

    # the same push again: nothing new, nothing edited
    writes = len(github.writes())
    again = run_action(repo, {}, _event(5, base, head), _env(github), tmp_path)
    assert not again.failed, again.logs
    assert len(github.writes()) == writes
    assert len(github.issue_comments(5)) == 1 and len(_inline(github, 5)) == 1

    # the fix: the inline comment is edited to say so, the summary updated in place
    write(repo, {"api/openapi.yaml": BASE_SPEC + REFUNDS.replace(
        "    post:\n", "    post:\n      summary: Refund a payment\n")})
    commit(repo, "summary for refunds")
    fixed = git(repo, "rev-parse", "HEAD").strip()
    github.push(5, fixed, files_from_git(repo, base, fixed))
    done = run_action(repo, {}, _event(5, base, fixed), _env(github), tmp_path)
    assert not done.failed, done.logs
    assert len(github.issue_comments(5)) == 1
    [inline] = _inline(github, 5)
    assert "<!-- govlint:fixed -->" in inline["body"]


def test_errors_fail_the_job_after_commenting_unless_warn_only(
        tmp_path: Path, github: FakeGitHub) -> None:
    repo, base, _ = _pr_repo(tmp_path)
    write(repo, {"api/openapi.yaml": spec("Payments", contact=False)})  # error: no contact
    commit(repo, "drop contact")
    head = git(repo, "rev-parse", "HEAD").strip()
    github.add_pull(6, head_sha=head, base_sha=base, files=files_from_git(repo, base, head))
    job = run_action(repo, {}, _event(6, base, head), _env(github), tmp_path)
    assert job.outputs["lint"]["outputs"]["exit-code"] == "1"
    assert job.failed and job.ran[-1] == "Gate"
    assert len(github.issue_comments(6)) == 1  # commented before failing
    warn_only = run_action(repo, {"warn-only": "true"}, _event(6, base, head), _env(github),
                           tmp_path)
    assert not warn_only.failed, warn_only.logs
    assert "warn-only: not failing the job" in warn_only.logs


def test_a_refused_comment_is_a_warning_not_a_failure(
        tmp_path: Path, github: FakeGitHub) -> None:
    """A fork's pull_request token is read-only: GitHub answers 403."""
    repo, base, head = _pr_repo(tmp_path)
    github.add_pull(7, head_sha=head, base_sha=base, files=files_from_git(repo, base, head))
    github.fail_next(50, 403)
    job = run_action(repo, {}, _event(7, base, head), _env(github), tmp_path)
    assert not job.failed, job.logs
    assert "::warning title=govlint::the pull request comment failed" in job.logs
    assert TOKEN not in job.logs
    github.faults.clear()
    github.fail_next(50, 403)
    strict = run_action(repo, {"fail-on-comment-error": "true"}, _event(7, base, head),
                        _env(github), tmp_path)
    assert strict.failed and "Gate" in strict.skipped
    github.faults.clear()


def test_push_event_lints_without_commenting(tmp_path: Path, github: FakeGitHub) -> None:
    repo, _, head = _pr_repo(tmp_path)
    job = run_action(repo, {"upload-sarif": "false"}, {"ref": "refs/heads/main", "after": head},
                     _env(github), tmp_path)
    assert not job.failed, job.logs
    assert job.uses == [("actions/setup-python@v6", {"python-version": "3.12"})]
    assert "no pull request" in job.logs or "not a pull request" in job.logs
    assert github.requests == []


def test_inputs_with_shell_metacharacters_stay_data(tmp_path: Path, github: FakeGitHub) -> None:
    repo, base, head = _pr_repo(tmp_path)
    github.add_pull(8, head_sha=head, base_sha=base, files=files_from_git(repo, base, head))
    pwned = tmp_path / "pwned"
    job = run_action(repo, {"paths": f"api $(touch {pwned}) *", "comment": "false",
                            "breaking-since": "off"},
                     _event(8, base, head), _env(github), tmp_path)
    assert not pwned.exists()
    assert job.outputs["lint"]["outputs"]["exit-code"] == "2", job.logs  # no such paths
    assert job.failed


def test_breaking_since_base_fetches_the_base_into_a_shallow_clone(
        tmp_path: Path, github: FakeGitHub) -> None:
    origin, base, _ = _pr_repo(tmp_path)
    write(origin, {"api/openapi.yaml": BASE_SPEC.replace("/v1/payments", "/v1/payouts")})
    commit(origin, "rename a path: breaking")
    head = git(origin, "rev-parse", "HEAD").strip()
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth=1", "--branch", "feature",
                    f"file://{origin}", str(shallow)], check=True)
    with pytest.raises(subprocess.CalledProcessError):
        git(shallow, "cat-file", "-e", f"{base}^{{commit}}")
    github.add_pull(9, head_sha=head, base_sha=base, files=files_from_git(origin, base, head))
    job = run_action(shallow, {"comment": "false"}, _event(9, base, head), _env(github),
                     tmp_path)
    git(shallow, "cat-file", "-e", f"{base}^{{commit}}")  # fetched
    report = json.loads(Path(job.outputs["lint"]["outputs"]["report"]).read_text())
    rules = {r["rule"] for r in report["results"]}
    assert "api-path-removed-without-deprecation" in rules, job.logs
    assert job.failed  # a breaking change is an error
    off = run_action(shallow, {"comment": "false", "breaking-since": "off"},
                     _event(9, base, head), _env(github), tmp_path)
    assert not off.failed, off.logs


def test_an_unfetchable_base_is_a_warning_in_the_reports(
        tmp_path: Path, github: FakeGitHub) -> None:
    repo, _, head = _pr_repo(tmp_path)
    ghost = "0123456789abcdef0123456789abcdef01234567"
    job = run_action(repo, {"comment": "false"}, _event(10, ghost, head), _env(github),
                     tmp_path)
    assert not job.failed, job.logs
    assert "breaking-change check skipped" in job.logs
    report = json.loads(Path(job.outputs["lint"]["outputs"]["report"]).read_text())
    assert "breaking-since-skipped" in {r["rule"] for r in report["results"]}
    explicit = run_action(repo, {"comment": "false", "breaking-since": ghost},
                          _event(10, ghost, head), _env(github), tmp_path)
    assert explicit.failed and explicit.outputs["lint"]["outputs"]["exit-code"] == "2"


@pytest.mark.parametrize("how", [{"args": "--allow-custom-functions"},
                                 {"env": "1"}, {"env": "TRUE"}])
def test_pull_request_target_refuses_custom_functions_on_the_contributors_code(
        tmp_path: Path, github: FakeGitHub, how: dict[str, str]) -> None:
    repo, base, head = _pr_repo(tmp_path)  # checked out: the head, not the base
    inputs = {"comment": "false", "breaking-since": "off", "args": how.get("args", "")}
    env = {**_env(github), "GITHUB_SHA": base}
    if "env" in how:
        env["GOVLINT_ALLOW_CUSTOM_FUNCTIONS"] = how["env"]
    job = run_action(repo, inputs, _event(11, base, head), env, tmp_path,
                     event_name="pull_request_target")
    assert job.failed and job.outputs["lint"]["outputs"]["exit-code"] == "2"
    assert "refusing --allow-custom-functions" in job.logs
    # the base commit itself (pull_request_target's default checkout) is trusted
    git(repo, "checkout", "-q", base)
    trusted = run_action(repo, inputs, _event(11, base, head), env, tmp_path,
                         event_name="pull_request_target")
    assert "refusing" not in trusted.logs and not trusted.failed, trusted.logs
    # and without the opt-in the head is linted as usual
    git(repo, "checkout", "-q", head)
    plain = run_action(repo, {**inputs, "args": ""},
                       _event(11, base, head), {**env, "GOVLINT_ALLOW_CUSTOM_FUNCTIONS": "0"},
                       tmp_path, event_name="pull_request_target")
    assert "refusing" not in plain.logs and not plain.failed, plain.logs
