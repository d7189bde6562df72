"""Issue 10 §1, §3, §6 and the empty run of §9; issue 11's walking points (symlinks, FIFOs,
devices, file sizes). Each through the real CLI, on repositories built in ``tmp_path``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import Run

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# One warning per document that has a top-level `name` (so any YAML/JSON can fire it).
RULESET = """
rules:
  no-name:
    description: a document names nothing at the top
    message: "top-level name {{value}}"
    severity: warn
    given: $.name
    then: {function: falsy}
  strict-off:
    description: TypeScript's strict mode is on
    message: "strict is off"
    severity: error
    given: $.compilerOptions.strict
    then: {function: truthy}
"""


def govlint(*args: str, cwd: Path, stdin: bytes | None = None,
            env: dict[str, str] | None = None, timeout: float = 120) -> Run:
    """``python -m govlint`` in ``cwd`` with git's user-level files pointed into the test
    (no global excludes of the machine running the tests leak in)."""
    home = cwd.parent / "home"
    home.mkdir(exist_ok=True)
    base = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"}
    base.pop("GIT_CONFIG_GLOBAL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "govlint", *args], cwd=cwd, input=stdin or b"",
        capture_output=True, timeout=timeout, env={**base, **(env or {})}, check=False,
    )
    return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)


def lint_json(root: Path, *args: str, stdin: bytes | None = None) -> tuple[Run, dict]:
    run = govlint("lint", "-r", "ruleset.yaml", "-f", "json", *args, cwd=root, stdin=stdin)
    assert run.code in (0, 1), run.stderr
    return run, run.json()


def files_of(report: dict) -> list[str]:
    return report["files"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A service repository with build output, generated files and local junk."""
    root = tmp_path / "repo"
    write(root, {
        "ruleset.yaml": RULESET,
        ".gitignore": "/build/\n*.gen.yaml\n!keep.gen.yaml\ndist\n",
        "api/openapi.yaml": "openapi: 3.0.3\n",
        "api/x.gen.yaml": "name: generated\n",
        "api/keep.gen.yaml": "name: kept\n",
        "build/out.yaml": "name: [broken\n",
        "api/build/real.yaml": "name: anchored-away\n",  # `/build/` is anchored to the top
        "web/.gitignore": "*.json\n!package.json\n",
        "web/tsconfig.base.json": "{}\n",
        "web/package.json": "{}\n",
        "web/dist/app.yaml": "name: [broken\n",
        "local/notes.yaml": "name: [broken\n",
        "global/junk.yaml": "name: [broken\n",
    })
    git_init(root)
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("local/\n")
    ignore = tmp_path / "home" / ".config" / "git" / "ignore"
    ignore.parent.mkdir(parents=True)
    ignore.write_text("global/\n")
    return root


@needs_git
def test_walking_skips_what_git_ignores(repo: Path) -> None:
    run, report = lint_json(repo)
    assert files_of(report) == [
        "api/build/real.yaml", "api/keep.gen.yaml", "api/openapi.yaml", "ruleset.yaml",
        "web/package.json"]
    assert run.code == 0  # the broken files are all ignored: no parse-error
    # from a subdirectory the .gitignore files above it still apply
    sub = govlint("lint", "-r", "../ruleset.yaml", "-f", "json", ".", cwd=repo / "api")
    assert sub.json()["files"] == [  # relative to the project root, the git top level
        "api/build/real.yaml", "api/keep.gen.yaml", "api/openapi.yaml"]


@needs_git
def test_no_respect_gitignore_lints_everything(repo: Path) -> None:
    run, report = lint_json(repo, "--no-respect-gitignore")
    assert {"build/out.yaml", "web/dist/app.yaml", "local/notes.yaml", "global/junk.yaml",
            "api/x.gen.yaml", "web/tsconfig.base.json"} <= set(files_of(report))
    assert run.code == 1
    assert {r["file"] for r in report["results"] if r["rule"] == "parse-error"} == {
        "build/out.yaml", "web/dist/app.yaml", "local/notes.yaml", "global/junk.yaml"}


@needs_git
def test_core_excludes_file_is_read_from_git_config(repo: Path, tmp_path: Path) -> None:
    custom = tmp_path / "my-ignore"
    custom.write_text("api/openapi.yaml\n")
    subprocess.run(["git", "-C", str(repo), "config", "core.excludesFile", str(custom)],
                   check=True)
    _, report = lint_json(repo)
    assert "api/openapi.yaml" not in files_of(report)
    assert "global/junk.yaml" in files_of(report)  # the default file no longer applies


@needs_git
def test_named_files_are_linted_even_when_ignored_unless_force_exclude(repo: Path) -> None:
    run, report = lint_json(repo, "build/out.yaml", "api/x.gen.yaml", "api/openapi.yaml")
    assert files_of(report) == ["api/openapi.yaml", "api/x.gen.yaml", "build/out.yaml"]
    assert run.code == 1
    run, report = lint_json(repo, "--force-exclude", "build/out.yaml", "api/x.gen.yaml",
                            "api/openapi.yaml", "web/dist/app.yaml", "local/notes.yaml")
    assert files_of(report) == ["api/openapi.yaml"]
    assert run.code == 0


@needs_git
def test_config_exclude_obeys_force_exclude_for_named_files(repo: Path) -> None:
    write(repo, {".govlint.yaml": 'exclude: ["api/**"]\nrulesets: [ruleset.yaml]\n'})
    run = govlint("lint", "-f", "json", cwd=repo)
    assert "api/openapi.yaml" not in run.json()["files"]
    named = govlint("lint", "-f", "json", "api/openapi.yaml", cwd=repo)
    assert named.json()["files"] == ["api/openapi.yaml"]
    forced = govlint("lint", "-f", "json", "--force-exclude", "api/openapi.yaml", cwd=repo)
    assert forced.json()["files"] == [] and forced.code == 0


@needs_git
def test_nested_repository_does_not_inherit_the_parents_gitignore(repo: Path) -> None:
    write(repo, {"vendor/lib/.gitignore": "", "vendor/lib/x.gen.yaml": "name: v\n"})
    git_init(repo / "vendor" / "lib")
    _, report = lint_json(repo)
    assert "vendor/lib/x.gen.yaml" in files_of(report)


def test_outside_git_a_gitignore_is_not_applied_as_in_ruff(tmp_path: Path) -> None:
    root = tmp_path / "export"
    write(root, {"ruleset.yaml": RULESET, ".gitignore": "build/\n",
                 "build/out.yaml": "name: b\n", "api.yaml": "a: 1\n"})
    _, report = lint_json(root)
    assert files_of(report) == ["api.yaml", "build/out.yaml", "ruleset.yaml"]


@needs_git
def test_hostile_gitignore_pattern_is_matched_in_linear_time(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    long_name = "a" * 200 + ".yaml"
    write(root, {"ruleset.yaml": RULESET, ".gitignore": "*a" * 30 + "*b\n",
                 long_name: "a: 1\n", "dir/" + long_name: "a: 1\n"})
    git_init(root)
    started = time.monotonic()
    _, report = lint_json(root)
    assert time.monotonic() - started < 30
    assert long_name in files_of(report)


# ---------------------------------------------------------------- symlinks, FIFOs, sizes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symlinks and FIFOs (POSIX)")
def test_walking_reads_only_regular_files_inside_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"secret.yaml": "name: SECRET-TOKEN\n", "dir/leak.yaml": "name: LEAK\n"})
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET, "svc/spec.yaml": "name: inside\n"})
    (root / "svc" / "secret.yaml").symlink_to(outside / "secret.yaml")
    (root / "linked-dir").symlink_to(outside / "dir")
    (root / "zero.yaml").symlink_to("/dev/zero")
    (root / "alias.yaml").symlink_to(root / "svc" / "spec.yaml")  # stays inside: read
    os.mkfifo(root / "pipe.yaml")
    started = time.monotonic()
    run, report = lint_json(root)
    assert time.monotonic() - started < 60
    assert files_of(report) == ["alias.yaml", "ruleset.yaml", "svc/spec.yaml"]
    assert "SECRET" not in run.stdout and "LEAK" not in run.stdout

    # named explicitly (as pre-commit does): a finding each, never a hang or a read
    run, report = lint_json(root, "zero.yaml", "pipe.yaml", "svc/secret.yaml")
    results = {r["file"]: (r["rule"], r["message"]) for r in report["results"]}
    assert results["pipe.yaml"] == ("parse-error", "not a regular file (a FIFO): not read")
    assert results["zero.yaml"][0] == "symlink-escapes-root"
    assert results["svc/secret.yaml"][0] == "symlink-escapes-root"
    assert "SECRET" not in run.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_named_from_outside_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET})
    run, report = lint_json(root, "/dev/zero")
    assert run.code == 1
    assert [r["message"] for r in report["results"]] == [
        "not a regular file (a character device): not read"]


def test_max_file_size_makes_a_big_file_a_finding(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET, "big.yaml": "name: x\n" + "# pad\n" * 400,
                 "small.yaml": "name: y\n"})
    run, report = lint_json(root, "--max-file-size", "1KB")
    by_file = {r["file"]: r for r in report["results"]}
    assert by_file["big.yaml"]["rule"] == "file-too-large"
    assert by_file["big.yaml"]["severity"] == "error"
    assert "over the 1 KB limit (--max-file-size)" in by_file["big.yaml"]["message"]
    assert by_file["small.yaml"]["rule"] == "no-name"  # the others are still linted
    assert "file-too-large" in [r["id"] for r in report["rules"]]
    assert run.code == 1
    # the default (64 MB) reads it; a stream over the limit is a finding too
    assert "file-too-large" not in lint_json(root, "big.yaml")[0].stdout
    _, report = lint_json(root, "--max-file-size", "10", "-", stdin=b"name: too long\n")
    assert [r["rule"] for r in report["results"]] == ["file-too-large"]
    bad = govlint("lint", "--max-file-size", "lots", cwd=root)
    assert bad.code == 2 and "--max-file-size" in bad.stderr


# ---------------------------------------------------------------- Helm charts


HELM_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {{ include "shop.fullname" . }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  ports:
    - port: {{ .Values.service.port }}
"""


def helm_repo(root: Path) -> None:
    write(root, {
        "ruleset.yaml": RULESET,
        "deploy/shop/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n",
        "deploy/shop/values.yaml": "replicaCount: 2\nservice: {port: 80}\n",
        "deploy/shop/templates/service.yaml": HELM_SERVICE,
        "deploy/shop/templates/deployment.yaml": "{{- if .Values.enabled }}\nkind: x\n",
        "deploy/shop/charts/db/Chart.yaml": "apiVersion: v2\nname: db\nversion: 1.0.0\n",
        "deploy/shop/charts/db/templates/sts.yaml": "{{ .Values }}: [\n",
        "deploy/other/templates/real.yaml": "name: not-a-chart\n",  # no Chart.yaml: linted
    })


def test_helm_templates_are_skipped_with_one_info_per_chart(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    helm_repo(root)
    run, report = lint_json(root)
    assert run.code == 0, run.stdout
    assert not [f for f in files_of(report) if "/shop/templates/" in f or "/db/templates/" in f]
    assert "deploy/other/templates/real.yaml" in files_of(report)
    notes = [r for r in report["results"] if r["rule"] == "helm-templates-skipped"]
    assert [(n["file"], n["severity"]) for n in notes] == [
        ("deploy/shop/Chart.yaml", "info"), ("deploy/shop/charts/db/Chart.yaml", "info")]
    assert "helm template deploy/shop | govlint lint - --stdin-filename " \
           "deploy/shop/rendered.yaml" in notes[0]["message"]
    assert not [r for r in report["results"] if r["severity"] == "error"]
    # the governance ruleset: Chart.yaml and values.yaml are no artifacts, nothing fires
    gov = govlint("lint", "-f", "json", "deploy", cwd=root)
    assert gov.code == 0, gov.stdout
    assert {r["rule"] for r in gov.json()["results"]} == {"helm-templates-skipped"}


def test_named_helm_templates_are_skipped_too(tmp_path: Path) -> None:
    """pre-commit passes the staged templates by name."""
    root = tmp_path / "repo"
    helm_repo(root)
    run, report = lint_json(root, "deploy/shop/templates/service.yaml",
                            "deploy/shop/templates/deployment.yaml", "deploy/shop/values.yaml")
    assert run.code == 0
    assert files_of(report) == ["deploy/shop/values.yaml"]
    assert [(r["file"], r["rule"]) for r in report["results"]] == [
        ("deploy/shop/Chart.yaml", "helm-templates-skipped")]
    run, report = lint_json(root, "deploy/shop/templates")
    assert [r["rule"] for r in report["results"]] == ["helm-templates-skipped"]


# ---------------------------------------------------------------- standard input


RENDERED = b"""apiVersion: v1
kind: Service
metadata: {name: shop}
---
name: second-document
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec: [unclosed
"""


def test_stdin_stream_is_named_by_stdin_filename(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    helm_repo(root)
    run, report = lint_json(root, "-", "--stdin-filename", "deploy/shop/rendered.yaml",
                            stdin=RENDERED)
    assert run.code == 1
    assert files_of(report) == ["deploy/shop/rendered.yaml"]
    got = [(r["file"], r["rule"], r.get("document"), r["line"]) for r in report["results"]]
    assert ("deploy/shop/rendered.yaml", "no-name", 1, 5) in got
    assert ("deploy/shop/rendered.yaml", "parse-error", 2, 11) in got
    # without a name: <stdin>; with a name but no `-` (as ruff)
    _, report = lint_json(root, "-", stdin=b"name: x\n")
    assert [r["file"] for r in report["results"]] == ["<stdin>"]
    _, report = lint_json(root, "--stdin-filename", "k/all.yaml", stdin=b"name: x\n")
    assert files_of(report) == ["k/all.yaml"]
    mixed = govlint("lint", "-", "ruleset.yaml", cwd=root)
    assert mixed.code == 2 and "cannot be combined" in mixed.stderr


def test_stdin_uses_the_config_and_refs_of_its_name(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {
        "overlay/rules.yaml": RULESET,
        "overlay/.govlint.yaml": 'rulesets: [rules.yaml]\nexclude: ["**/skip.yaml"]\n',
        "overlay/names.yaml": "name: from-a-ref\n",
    })
    stream = b"items:\n  $ref: ./names.yaml\nname: top\n"
    run = govlint("lint", "-f", "json", "-", "--stdin-filename", "overlay/rendered.yaml",
                  cwd=root, stdin=stream)
    report = run.json()
    # the config of overlay/ was used (its ruleset), paths relative to the project root
    assert report["files"] == ["overlay/rendered.yaml"]
    assert [r["rule"] for r in report["results"]] == ["no-name"]
    # exclude globs apply to the stream's name with --force-exclude, as for named files
    kept = govlint("lint", "-f", "json", "-", "--stdin-filename", "overlay/skip.yaml",
                   cwd=root, stdin=stream)
    assert kept.json()["files"] == ["overlay/skip.yaml"]
    dropped = govlint("lint", "-f", "json", "--force-exclude", "-", "--stdin-filename",
                      "overlay/skip.yaml", cwd=root, stdin=stream)
    assert dropped.code == 0 and dropped.json()["files"] == []


# ---------------------------------------------------------------- JSONC


TSCONFIG = """{
  // TypeScript reads comments and trailing commas
  "compilerOptions": {
    /* déjà vu: multi-byte text in a comment */ "strict": false,
    "paths": {"@/*": ["src/*",],},
  },
}
"""


def test_jsonc_files_are_read_as_jsonc_with_positions_kept(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {
        "ruleset.yaml": RULESET,
        "web/tsconfig.json": TSCONFIG,
        "web/tsconfig.build.json": '{"extends": "./tsconfig.json", // base\n}\n',
        ".vscode/settings.json": '{\n  "editor.tabSize": 2, // two\n}\n',
        ".devcontainer/devcontainer.json": '{/* c */ "name": "dev",}\n',
        "settings.jsonc": '{"a": [1, 2,],}\n',
    })
    run, report = lint_json(root, ".", "settings.jsonc")
    got = [(r["file"], r["rule"], r["line"], r["column"]) for r in report["results"]]
    # at the key, its column counted in characters (the comment before it has 2-byte ones)
    assert ("web/tsconfig.json", "strict-off", 4, 49) in got
    assert ("settings.jsonc", "parse-error") not in {(f, r) for f, r, *_ in got}
    assert ".devcontainer/devcontainer.json" in [f for f, r, *_ in got if r == "no-name"]
    assert "parse-error" not in {r for _, r, *_ in got}, run.stdout


def test_real_json_syntax_errors_stay_errors(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {
        "ruleset.yaml": RULESET,
        "api/openapi.json": '{"openapi": "3.0.3", // not JSON\n "info": {}}\n',
        "k8s/deploy.json": '{"kind": "Deployment",}\n',
        "web/tsconfig.json": '{"compilerOptions": {"strict": true\n}\n',  # a } is missing
        "web/jsconfig.json": "{/* never closed\n",
    })
    run, report = lint_json(root)
    errors = {r["file"]: r["message"] for r in report["results"] if r["rule"] == "parse-error"}
    assert set(errors) == {"api/openapi.json", "k8s/deploy.json", "web/tsconfig.json",
                           "web/jsconfig.json"}
    assert errors["web/tsconfig.json"].startswith("invalid JSONC:")
    assert errors["web/jsconfig.json"] == "invalid JSONC: unterminated /* comment"
    assert run.code == 1


# ---------------------------------------------------------------- -q and the empty run


def test_quiet_only_quiets_the_terminal(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET, "a.yaml": "name: a\n", "b.yaml": "name: b\n"})
    outputs = {}
    for flags in ((), ("-q",)):
        out = tmp_path / f"out{len(flags)}"
        run = govlint("lint", "-r", "ruleset.yaml", *flags, "--max-warnings", "0",
                      "-f", "stylish", "-f", f"json:{out}/r.json", "-f", f"sarif:{out}/r.sarif",
                      cwd=root)
        outputs[flags] = (run, json.loads((out / "r.json").read_text()),
                          json.loads((out / "r.sarif").read_text()))
    (loud, loud_json, loud_sarif), (quiet, quiet_json, quiet_sarif) = outputs.values()
    assert loud.code == quiet.code == 1  # 2 warnings > --max-warnings 0, with -q too
    assert len(quiet_json["results"]) == len(loud_json["results"]) == 2
    assert quiet_json["results"] == loud_json["results"]
    assert quiet_sarif["runs"][0]["results"] == loud_sarif["runs"][0]["results"]
    assert "top-level name a" in loud.stdout
    assert "top-level name" not in quiet.stdout  # warnings below the fail severity: hidden
    # ... but counted, and the failing exit code is explained (never "No problems found")
    assert "No problems found" not in quiet.stdout
    assert "✖ 2 problems (0 errors, 2 warnings, 0 infos, 0 hints)" in quiet.stdout
    assert "2 warnings hidden by -q" in quiet.stdout
    for run in (loud, quiet):
        assert "exit 1: 2 warnings exceed --max-warnings 0" in run.stdout
    within = govlint("lint", "-r", "ruleset.yaml", "-q", "--max-warnings", "2", cwd=root)
    assert within.code == 0 and "exit 1" not in within.stdout
    assert "✖ 2 problems (0 errors, 2 warnings" in within.stdout
    # json on standard output is a report: -q keeps it whole
    as_json = govlint("lint", "-r", "ruleset.yaml", "-q", "-f", "json", cwd=root)
    assert len(as_json.json()["results"]) == 2


def test_an_empty_run_says_so_and_exits_0(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, {"README.md": "# nothing to lint\n", "src/main.py": "print()\n"})
    run = govlint("lint", "-f", "stylish", "-f", "json:out/r.json", "-f", "sarif:out/r.sarif",
                  "-f", "junit:out/r.xml", cwd=root)
    assert run.code == 0
    assert "no files to lint" in run.stderr
    report = json.loads((root / "out" / "r.json").read_text())
    assert report["results"] == [] and report["files"] == []
    sarif = json.loads((root / "out" / "r.sarif").read_text())
    assert sarif["runs"][0]["results"] == []
    assert (root / "out" / "r.xml").read_text().startswith("<?xml")


def test_stdin_filename_with_paths_is_a_usage_error(tmp_path: Path) -> None:
    """--stdin-filename names standard input only; with a PATH it would be silently
    ignored (ruff reads stdin anyway and warns): exit 2 with a message instead."""
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET, "a.yaml": "name: x\n"})
    run = govlint("lint", "-r", "ruleset.yaml", "--stdin-filename", "b.yaml", "a.yaml",
                  cwd=root)
    assert run.code == 2
    assert "--stdin-filename" in run.stderr and "'a.yaml'" in run.stderr
    assert "Traceback" not in run.stderr


@needs_git
@pytest.mark.skipif(sys.platform in ("darwin", "win32"),
                    reason="the file system must accept a name that is not UTF-8")
def test_file_name_that_is_not_utf8_is_linted(tmp_path: Path) -> None:
    """A directory name with a byte that is not UTF-8 goes through the .gitignore matcher
    (RE2) and is reported with U+FFFD, as the other report paths are; no internal error."""
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET, ".gitignore": "/build/\n"})
    git_init(root)
    odd = os.path.join(os.fsencode(root), b"d\xff")
    os.mkdir(odd)
    with open(os.path.join(odd, b"x.yaml"), "wb") as handle:
        handle.write(b"name: odd\n")
    run, report = lint_json(root)
    assert run.code == 0, run.stderr
    assert "internal error" not in run.stderr
    assert [(r["file"], r["rule"]) for r in report["results"]] == \
        [("d\ufffd/x.yaml", "no-name")]
    # and .gitignore can still ignore it
    (root / ".gitignore").write_bytes(b"d\xff/\n")
    _, report = lint_json(root)
    assert "d\ufffd/x.yaml" not in files_of(report)


def test_json_with_comments_is_read_unless_it_is_a_governance_artifact(
        tmp_path: Path) -> None:
    """A `.json` file that is not strict JSON but is valid JSONC (turbo.json, renovate.json,
    tsconfig/base.json...) is read as JSONC, with its findings at the lines as written; an
    OpenAPI spec, a Kubernetes manifest or a service config with comments stays a
    parse-error (with a hint), and a real syntax error stays one."""
    root = tmp_path / "repo"
    write(root, {
        "ruleset.yaml": RULESET,
        "turbo.json": '{\n  // tasks\n  "pipeline": {"build": {},},\n}\n',
        "tsconfig/base.json": '{\n  /* shared */\n  "compilerOptions": {"strict": false}\n}\n',
        "renovate.json": '{\n  "extends": ["config:base"], // preset\n  "name": "deps"\n}\n',
        "api/openapi.json": '{\n  // v1\n  "openapi": "3.0.3", "info": {"title": "x", '
                            '"version": "1"}, "paths": {}\n}\n',
        "k8s/svc.json": '{"apiVersion": "v1", "kind": "Service", /* c */ "metadata": {}}\n',
        "broken.json": '{"a": [1, 2\n',
    })
    _, report = lint_json(root)
    got = sorted((r["file"], r["rule"], r["line"]) for r in report["results"])
    assert ("renovate.json", "no-name", 3) in got
    assert ("tsconfig/base.json", "strict-off", 3) in got
    assert not [g for g in got if g[0] in ("turbo.json", "renovate.json",
                                           "tsconfig/base.json") and g[1] == "parse-error"]
    errors = {r["file"]: r["message"] for r in report["results"] if r["rule"] == "parse-error"}
    assert set(errors) == {"api/openapi.json", "k8s/svc.json", "broken.json"}
    assert "must be strict JSON" in errors["api/openapi.json"]
    assert "must be strict JSON" in errors["k8s/svc.json"]
    assert "must be strict JSON" not in errors["broken.json"]


@needs_git
def test_file_outside_the_project_uses_its_own_config_and_walks_nothing(
        tmp_path: Path) -> None:
    """A file outside the project root (run from inside a git repository) keeps a ``../``
    path and the nearest config upward from its own directory; no directory around it is
    walked, so an unrelated, broken ``.govlint.yaml`` elsewhere is never read."""
    root = tmp_path / "repo"
    write(root, {"ruleset.yaml": RULESET, "a.yaml": "name: a\n"})
    git_init(root)
    write(tmp_path, {
        "loose/x.yaml": "name: loose\n",
        "other/deep/.govlint.yaml": "rulesets: [\n",  # unrelated and broken
        "other/deep/y.yaml": "name: y\n",
        "owned/.govlint.yaml": "exclude: [\n",  # the outside file's own config, broken
        "owned/z.yaml": "name: z\n",
    })
    run, report = lint_json(root, "../loose/x.yaml")
    assert run.code == 0
    assert files_of(report) == ["../loose/x.yaml"]
    assert [(r["file"], r["rule"]) for r in report["results"]] == \
        [("../loose/x.yaml", "no-name")]
    run, report = lint_json(root, "-", "--stdin-filename", "../loose/new.yaml",
                            stdin=b"name: s\n")
    assert files_of(report) == ["../loose/new.yaml"]
    owned = govlint("lint", "-r", "ruleset.yaml", "../owned/z.yaml", cwd=root)
    assert owned.code == 2 and "owned/.govlint.yaml" in owned.stderr
    assert "Traceback" not in owned.stderr
