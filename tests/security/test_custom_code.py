"""Issue 11, code execution: a ruleset's ``functionsDir`` runs only with the opt-in, stays
inside the project, and paths a ruleset names (``extends``) never leave the project."""

from __future__ import annotations

import json

import pytest
from tests.security.attack import SECRET, Repo

# The attacker's function writes a marker outside the project when imported.
EVIL = """
from pathlib import Path
Path({marker!r}).write_text("ran")

def owned(target, options, context):
    return None
"""

RULESET = """
functionsDir: {fdir}
functions: [owned]
rules:
  r1:
    given: $.info
    then: {{function: owned}}
"""


def _evil_repo(tmp_path, fdir: str = "functions") -> Repo:
    repo = Repo(tmp_path)
    repo.write(".govlint.yaml", "rulesets: [rules/ruleset.yaml]\n")
    repo.write("rules/ruleset.yaml", RULESET.format(fdir=fdir))
    repo.write("rules/functions/owned.py", EVIL.format(marker=str(repo.marker)))
    repo.write("api/openapi.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    return repo


@pytest.mark.parametrize("command", [
    ["lint", "."], ["rules", "list"], ["rules", "explain", "r1"], ["score", "."],
    ["upgrade-check", "--to", "3.1", "."], ["baseline", "create", "-o", "b.json", "."],
    ["waive", "r1", "api/openapi.yaml", "--owner", "a", "--approver", "b", "--reason", "r",
     "--expires", "30d"],
])
def test_functions_dir_needs_the_opt_in(tmp_path, command):
    repo = _evil_repo(tmp_path)
    run = repo.govlint(*command, timeout=30)
    repo.assert_safe(run)
    assert run.code == 2, run.output
    assert "rules/ruleset.yaml" in run.stderr and "owned" in run.stderr
    assert "--allow-custom-functions" in run.stderr
    assert "GOVLINT_ALLOW_CUSTOM_FUNCTIONS=1" in run.stderr


@pytest.mark.parametrize("how", ["flag", "env"])
def test_the_opt_in_runs_the_functions(tmp_path, how):
    repo = _evil_repo(tmp_path)
    if how == "flag":
        run = repo.govlint("lint", ".", "--allow-custom-functions", timeout=30)
    else:
        run = repo.govlint("lint", ".", env={"GOVLINT_ALLOW_CUSTOM_FUNCTIONS": "1"}, timeout=30)
    assert run.code in (0, 1), run.output
    assert repo.marker.read_text() == "ran"


def test_functions_dir_outside_the_project_is_refused_even_with_the_opt_in(tmp_path):
    repo = _evil_repo(tmp_path, fdir="../../outside/fns")
    (repo.outside / "fns").mkdir()
    (repo.outside / "fns" / "owned.py").write_text(EVIL.format(marker=str(repo.marker)))
    run = repo.govlint("lint", ".", "--allow-custom-functions", timeout=30)
    repo.assert_safe(run)
    assert run.code == 2 and "outside the project root" in run.stderr, run.output


def test_functions_dir_symlinked_outside_is_refused(tmp_path):
    repo = _evil_repo(tmp_path, fdir="linked")
    (repo.outside / "fns").mkdir()
    (repo.outside / "fns" / "owned.py").write_text(EVIL.format(marker=str(repo.marker)))
    (repo.root / "rules" / "linked").symlink_to(repo.outside / "fns")
    run = repo.govlint("lint", ".", "--allow-custom-functions", timeout=30)
    repo.assert_safe(run)
    assert run.code == 2 and "outside the project root" in run.stderr, run.output


def test_function_name_cannot_walk_out_of_functions_dir(tmp_path):
    repo = _evil_repo(tmp_path)
    repo.write("rules/ruleset.yaml", RULESET.format(fdir="functions").replace(
        "[owned]", "['../../../outside/owned']"))
    run = repo.govlint("lint", ".", "--allow-custom-functions", timeout=30)
    repo.assert_safe(run)
    assert run.code == 2 and "invalid function name" in run.stderr


@pytest.mark.parametrize("target", ["../outside/secret.yaml", "../outside/gcp-sa.json",
                                    "linked.yaml"])
def test_extends_outside_the_project_is_not_read(tmp_path, target):
    repo = Repo(tmp_path)
    (repo.root / "linked.yaml").symlink_to(repo.outside / "secret.yaml")
    repo.write(".govlint.yaml", "rulesets: [ruleset.yaml]\n")
    repo.write("ruleset.yaml", f"extends: [{target}]\nrules: {{}}\n")
    for command in (["lint", "."], ["rules", "list"]):
        run = repo.govlint(*command, timeout=30)
        repo.assert_safe(run)
        assert run.code == 2 and "outside the project root" in run.stderr, run.output
        assert "private_key" not in run.output


def test_config_ruleset_outside_the_project_is_not_read(tmp_path):
    repo = Repo(tmp_path)
    repo.write(".govlint.yaml", "rulesets: [../outside/secret.yaml]\n")
    run = repo.govlint("lint", ".", timeout=30)
    repo.assert_safe(run)
    assert run.code == 2 and "outside the project root" in run.stderr
    assert ".govlint.yaml" in run.stderr


def test_a_file_that_is_not_a_ruleset_is_not_quoted(tmp_path):
    """A credential the CI job wrote into the checkout, named by ``extends``: the error
    says it is no ruleset without listing its keys or quoting its text."""
    repo = Repo(tmp_path)
    repo.write("gcp-sa.json", (repo.outside / "gcp-sa.json").read_text())
    repo.write("broken.yaml", f"key: [unclosed {SECRET}\n")
    repo.write(".govlint.yaml", "rulesets: [ruleset.yaml]\n")
    for target, expected in (("gcp-sa.json", "not a ruleset"), ("broken.yaml", "line 2")):
        repo.write("ruleset.yaml", f"extends: [{target}]\n")
        run = repo.govlint("lint", ".", timeout=30)
        repo.assert_safe(run)
        assert run.code == 2 and expected in run.stderr, run.output
        assert "private_key" not in run.output and "service_account" not in run.output


def test_a_ruleset_named_on_the_command_line_may_live_outside(tmp_path):
    """The user chose that file: it is read, and its own extends stay beside it."""
    repo = Repo(tmp_path)
    (repo.outside / "shared.yaml").write_text(
        "rules:\n  has-title:\n    given: $.info\n    then: {field: title, function: truthy}\n")
    repo.write("api/openapi.json", '{"openapi": "3.0.3", "info": {"version": "1"}, '
                                   '"paths": {}}')
    run = repo.govlint("lint", ".", "-r", str(repo.outside / "shared.yaml"), "-f", "json",
                       timeout=30)
    assert run.code == 0, run.output  # a warning
    assert [r["rule"] for r in json.loads(run.stdout)["results"]] == ["has-title"]
