"""`extends` by npm package name (rules/npm.py), through the CLI, with node_modules trees
laid out as npm, pnpm and npm workspaces lay them out. No Node or npm needed: these are
YAML/JSON rulesets, which need no opt-in."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
}
RULE = """
rules:
  {name}:
    severity: error
    given: $.paths[*][*]
    then: {{field: summary, function: truthy}}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def package(root: Path, name: str, manifest: dict | None, files: dict[str, str]) -> Path:
    directory = root / name
    directory.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        (directory / "package.json").write_text(json.dumps({"name": name, **manifest}))
    for rel, text in files.items():
        write(directory / rel, text)
    return directory


def project(tmp: Path, extends: str | list, where: str = ".") -> Path:
    """A repository whose .govlint.yaml names a Spectral ruleset extending ``extends``."""
    write(tmp / ".govlint.yaml", f"rulesets: [{where}/.spectral.yaml]\n")
    write(tmp / where / ".spectral.yaml", f"extends: {json.dumps(extends)}\n")
    (tmp / "spec.json").write_text(json.dumps(SPEC))
    return tmp


def lint(govlint, tmp: Path, *extra: str):
    return govlint("lint", "spec.json", "-f", "json", *extra, cwd=tmp)


def test_scoped_package_by_exports_conditions(govlint, tmp_path):
    package(tmp_path / "node_modules", "@acme/api-rules", {
        "exports": {".": {"types": "./index.d.ts", "import": "./dist/rules.mjs",
                          "require": "./dist/ruleset.yaml"}},
    }, {"dist/ruleset.yaml": RULE.format(name="acme-summary")})
    project(tmp_path, "@acme/api-rules")
    run = lint(govlint, tmp_path)
    assert run.code == 1, run.stderr
    assert run.rules() == ["acme-summary"]
    assert "@acme/api-rules/dist/ruleset.yaml" in run.json()["configs"][0]["rulesets"]


def test_main_then_ruleset_files_then_walk_up(govlint, tmp_path):
    modules = tmp_path / "node_modules"
    package(modules, "by-main", {"main": "lib/rules.json"}, {
        "lib/rules.json": json.dumps({"rules": {"main-rule": {
            "given": "$.info", "severity": "error",
            "then": {"field": "contact", "function": "truthy"}}}})})
    package(modules, "by-file", None, {".spectral.yml": RULE.format(name="file-rule")})
    # the ruleset lives two levels down; node_modules is found at the root, as Node finds it
    project(tmp_path, ["by-main", "by-file"], where="governance/api")
    run = lint(govlint, tmp_path)
    assert run.code == 1, run.stderr
    assert sorted(run.rules()) == ["file-rule", "main-rule"]


def test_subpath_with_and_without_exports(govlint, tmp_path):
    modules = tmp_path / "node_modules"
    package(modules, "plain", {"main": "index.js"}, {"rules/strict.yaml": RULE.format(name="s")})
    package(modules, "@acme/mapped", {"exports": {"./rules/*": "./dist/rules/*"}},
            {"dist/rules/base.yaml": RULE.format(name="b")})
    project(tmp_path, ["plain/rules/strict.yaml", "@acme/mapped/rules/base.yaml"])
    run = lint(govlint, tmp_path)
    assert run.code == 1, run.stderr
    assert sorted(run.rules()) == ["b", "s"]
    # a subpath the package does not export is refused, as Node refuses it
    project(tmp_path, "@acme/mapped/dist/rules/base.yaml")
    run = lint(govlint, tmp_path)
    assert run.code == 2
    assert "'./dist/rules/base.yaml' is not exported" in run.stderr


def test_package_before_file_as_spectral_and_file_when_not_installed(govlint, tmp_path):
    write(tmp_path / "base.yaml", RULE.format(name="from-file"))
    project(tmp_path, "base.yaml")
    run = lint(govlint, tmp_path)
    assert run.rules() == ["from-file"], run.stderr
    package(tmp_path / "node_modules", "base.yaml", None,
            {"ruleset.yaml": RULE.format(name="from-package")})
    assert lint(govlint, tmp_path).rules() == ["from-package"]


def test_not_installed_names_package_where_it_looked_and_npm_install(govlint, tmp_path):
    (tmp_path / "node_modules").mkdir()
    project(tmp_path, "@stoplight/spectral-owasp-ruleset", where="rules")
    run = lint(govlint, tmp_path)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    message = run.stderr
    assert "npm package '@stoplight/spectral-owasp-ruleset' is not installed" in message
    assert str(tmp_path / "rules" / "node_modules") in message
    assert str(tmp_path / "node_modules") in message
    assert "run npm install" in message
    assert "never downloads" in message


def test_pnpm_and_workspace_symlinks_resolve(govlint, tmp_path):
    modules = tmp_path / "node_modules"
    store = package(modules / ".pnpm" / "@acme+rules@1.0.0" / "node_modules", "@acme/rules",
                    {"main": "ruleset.yaml"}, {"ruleset.yaml": RULE.format(name="pnpm-rule")})
    (modules / "@acme").mkdir(parents=True)
    (modules / "@acme" / "rules").symlink_to(store)
    workspace = package(tmp_path / "packages", "team-rules", {"main": "r.yaml"},
                        {"r.yaml": RULE.format(name="workspace-rule")})
    (modules / "team-rules").symlink_to(workspace)
    project(tmp_path, ["@acme/rules", "team-rules"])
    run = lint(govlint, tmp_path)
    assert run.code == 1, run.stderr
    assert sorted(run.rules()) == ["pnpm-rule", "workspace-rule"]


def test_symlinked_node_modules_to_a_shared_install(govlint, tmp_path):
    shared = tmp_path / "shared-install" / "node_modules"
    package(shared, "shared-rules", None, {"ruleset.yaml": RULE.format(name="shared")})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "node_modules").symlink_to(shared)
    project(repo, "shared-rules")
    run = lint(govlint, repo)
    assert run.code == 1, run.stderr
    assert run.rules() == ["shared"]


def test_hostile_package_symlinked_outside_the_project_is_refused(govlint, tmp_path):
    outside = tmp_path / "outside"
    package(outside, "evil", None, {"ruleset.yaml": RULE.format(name="evil")})
    repo = tmp_path / "repo"
    (repo / "node_modules").mkdir(parents=True)
    (repo / "node_modules" / "evil").symlink_to(outside / "evil")
    project(repo, "evil")
    run = lint(govlint, repo)
    assert run.code == 2
    assert "resolves to" in run.stderr and "outside the project" in run.stderr
    assert "refused" in run.stderr


def test_hostile_exports_and_main_leaving_the_package_are_refused(govlint, tmp_path):
    secret = write(tmp_path / "secret.yaml", "token: hunter2-do-not-print\n")
    modules = tmp_path / "repo" / "node_modules"
    package(modules, "exp", {"exports": "../../etc/passwd"}, {})
    package(modules, "exp2", {"exports": {".": "./../../../secret.yaml"}}, {})
    package(modules, "main", {"main": "../../../secret.yaml"}, {})
    os.symlink(secret, modules / "link.yaml")
    package(modules, "linked", {"main": "r.yaml"}, {})
    (modules / "linked" / "r.yaml").symlink_to(secret)
    repo = tmp_path / "repo"
    for name in ("exp", "exp2", "main", "linked"):
        project(repo, name)
        run = lint(govlint, repo)
        assert run.code == 2, (name, run.stdout)
        assert "refused" in run.stderr, (name, run.stderr)
        assert "hunter2" not in run.stderr + run.stdout


def test_node_modules_symlinked_to_the_filesystem_root_is_not_a_package_tree(govlint, tmp_path):
    (tmp_path / "node_modules").symlink_to("/")
    project(tmp_path, "etc/passwd")
    run = lint(govlint, tmp_path)
    assert run.code == 2
    assert "not found" in run.stderr
    assert "root:" not in run.stderr + run.stdout


def test_a_package_whose_entry_is_javascript_needs_the_opt_in(govlint, tmp_path):
    """The OWASP/IBM shape: package.json exports an ES module only ("import"); without
    --allow-custom-functions nothing of it runs and the message names the package file."""
    package(tmp_path / "node_modules", "@acme/js-rules", {
        "exports": {".": {"types": "./dist/ruleset.d.ts", "import": "./dist/ruleset.mjs"}},
    }, {"dist/ruleset.mjs": "import fs from 'node:fs';\n"
                            "fs.writeFileSync('ran.txt', 'x');\nexport default {rules: {}};\n"})
    project(tmp_path, "@acme/js-rules")
    run = lint(govlint, tmp_path)
    assert run.code == 2
    assert "@acme/js-rules/dist/ruleset.mjs: is a JavaScript ruleset" in run.stderr
    assert "--allow-custom-functions" in run.stderr
    assert "YAML" not in run.stderr.split("use a")[0]
    assert not (tmp_path / "ran.txt").exists()
