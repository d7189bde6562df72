"""JavaScript rulesets (`.spectral.js/.mjs/.cjs`, npm packages whose entry is JavaScript),
loaded in the Node host (rules/js_ruleset.py, functions/js/rulesets.mjs), through the CLI.

Tests that run JavaScript skip without Node.js; those using Spectral's own packages skip
without the npm install `.ci/run` makes into `$GOVLINT_TOOLS/spectral-rulesets`."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "js-rulesets"
TOOLS = Path(os.environ.get("GOVLINT_TOOLS") or Path.home() / ".cache" / "govlint-tools")
INSTALL = TOOLS / "spectral-rulesets" / "node_modules"
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/pets": {"get": {"operationId": "list_pets",
                          "responses": {"200": {"description": "ok"}}}},
        "/pets/{id}": {"get": {"summary": "one", "operationId": "getPet",
                               "responses": {"200": {"description": "ok"}}}},
    },
}
ALLOW = "--allow-custom-functions"

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not on PATH")


@pytest.fixture
def spectral_packages() -> Path:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not on PATH")
    if not (INSTALL / "@stoplight" / "spectral-functions").is_dir():
        pytest.skip(f"Spectral's npm packages are not installed in {INSTALL} (.ci/run "
                    "installs them with npm)")
    return INSTALL


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def project(tmp: Path, ruleset: str, text: str, spec: dict | None = None) -> Path:
    write(tmp / ".govlint.yaml", f"rulesets: [{ruleset}]\n")
    write(tmp / ruleset, text)
    (tmp / "spec.json").write_text(json.dumps(spec or SPEC))
    return tmp


def lint(govlint, tmp: Path, *extra: str, env: dict[str, str] | None = None):
    return govlint("lint", "spec.json", "-f", "json", *extra, cwd=tmp, env=env)


def pairs(run) -> list[tuple[str, str]]:
    return sorted({(r["rule"], r["pointer"]) for r in run.json()["results"]})


# A ruleset as teams write them: CommonJS, a custom function, a nested ruleset object.
CJS = """
    const fs = require('node:fs');
    fs.writeFileSync(__dirname + '/ran.txt', 'the ruleset ran');
    function snakeCase(target) {
      return /^[a-z]+(_[a-z]+)*$/.test(target) ? [] : [{message: `${target} is not snake_case`}];
    }
    const base = {
      rules: {
        'op-summary': {
          severity: 'error', given: '$.paths[*][*]',
          then: {field: 'summary', function: (value) => (value ? [] : [{message: 'no summary'}])},
        },
      },
    };
    module.exports = {
      extends: [[base, 'all']],
      documentationUrl: 'https://example.com/rules',
      rules: {
        'op-id-snake': {
          severity: 0, message: '{{error}}', given: '$.paths[*][*].operationId',
          then: {function: snakeCase},
        },
      },
    };
"""


def test_js_ruleset_needs_the_opt_in_and_does_not_run_without_it(govlint, tmp_path):
    project(tmp_path, ".spectral.js", CJS)
    run = lint(govlint, tmp_path)
    assert run.code == 2
    assert ".spectral.js: is a JavaScript ruleset" in run.stderr
    assert ALLOW in run.stderr and "GOVLINT_ALLOW_CUSTOM_FUNCTIONS" in run.stderr
    assert "Traceback" not in run.stderr and "YAML" not in run.stderr.split("use a")[0]
    assert not (tmp_path / "ran.txt").exists()


def test_js_ruleset_without_node_names_the_file_and_what_to_install(govlint, tmp_path):
    project(tmp_path, "rules/ruleset.cjs", CJS)
    run = lint(govlint, tmp_path, ALLOW, env={"GOVLINT_NODE": str(tmp_path / "no-node")})
    assert run.code == 2
    assert "rules/ruleset.cjs: is a JavaScript ruleset and needs Node.js >= 18" in run.stderr
    assert "install Node.js" in run.stderr


@needs_node
def test_commonjs_ruleset_with_custom_functions_and_nested_extends(govlint, tmp_path):
    project(tmp_path, ".spectral.cjs", CJS)
    run = lint(govlint, tmp_path, ALLOW)
    assert run.code == 1, run.stderr
    results = run.json()["results"]
    assert pairs(run) == [("op-id-snake", "/paths/~1pets~1{id}/get/operationId"),
                          ("op-summary", "/paths/~1pets/get")]
    by_rule = {r["rule"]: r for r in results}
    assert by_rule["op-id-snake"]["message"] == "getPet is not snake_case"
    assert by_rule["op-summary"]["message"] == "no summary"
    assert lint(govlint, tmp_path, ALLOW).stdout == run.stdout  # deterministic


@needs_node
def test_a_js_ruleset_named_by_extends_from_yaml(govlint, tmp_path):
    write(tmp_path / "team" / "base.mjs", """
        export default {
          rules: {
            'no-get-summary': {
              severity: 'warn', given: '$.paths[*].get', message: 'GET {{path}}',
              then: {field: 'summary', function: function hasSummary(v) {
                return v ? [] : [{message: 'missing'}]; }},
            },
          },
        };
    """)
    project(tmp_path, ".spectral.yaml", """
        extends: [./team/base.mjs]
        rules:
          no-get-summary: error
    """)
    run = lint(govlint, tmp_path, ALLOW)
    assert run.code == 1, run.stderr
    assert [(r["rule"], r["severity"], r["message"]) for r in run.json()["results"]] == [
        ("no-get-summary", "error", "GET #/paths/~1pets/get")]


@needs_node
def test_a_js_ruleset_cannot_read_tokens_from_the_environment(govlint, tmp_path):
    project(tmp_path, ".spectral.js", """
        const leak = Object.entries(process.env).map(([k, v]) => `${k}=${v}`).join(' ');
        module.exports = {
          rules: {
            leak: {
              severity: 'error', message: `env: ${leak}`, given: '$.info',
              then: {function: () => [{message: 'x'}]},
            },
          },
        };
    """)
    secret = "glpat-very-secret-value-123"
    run = lint(govlint, tmp_path, ALLOW, env={"CI_JOB_TOKEN": secret, "GITHUB_TOKEN": secret,
                                              "AWS_SECRET_ACCESS_KEY": secret})
    assert run.code == 1, run.stderr
    assert [r["rule"] for r in run.json()["results"]] == ["leak"]
    assert secret not in run.stdout + run.stderr


@needs_node
def test_a_broken_js_ruleset_is_a_message_naming_it(govlint, tmp_path):
    project(tmp_path, ".spectral.js", "module.exports = {rules: {x: {given: '$', then: {}}}\n")
    run = lint(govlint, tmp_path, ALLOW)
    assert run.code == 2
    assert ".spectral.js: JavaScript ruleset failed to load" in run.stderr
    assert "SyntaxError" in run.stderr
    assert "Traceback" not in run.stderr


def test_spectral_functions_and_formats_map_to_builtins(govlint, tmp_path, spectral_packages):
    (tmp_path / "node_modules").symlink_to(spectral_packages)
    project(tmp_path, ".spectral.mjs", """
        import { truthy, pattern } from '@stoplight/spectral-functions';
        import { oas2, oas3 } from '@stoplight/spectral-formats';
        export default {
          formats: [oas3],
          aliases: { Op: ['$.paths[*][*]'] },
          rules: {
            'op-summary': { severity: 'error', given: '#Op',
                            then: { field: 'summary', function: truthy } },
            'op-id-camel': { severity: 'error', given: '#Op',
                             then: { field: 'operationId', function: pattern,
                                     functionOptions: { match: '^[a-z][a-zA-Z]*$' } } },
            'swagger-only': { formats: [oas2], given: '$', then: { function: truthy } },
          },
          overrides: [{ files: ['spec.json#/paths/~1pets~1{id}'],
                        rules: { 'op-id-camel': 'off' } }],
        };
    """)
    run = lint(govlint, tmp_path, ALLOW)
    assert run.code == 1, run.stderr
    assert pairs(run) == [("op-id-camel", "/paths/~1pets/get/operationId"),
                          ("op-summary", "/paths/~1pets/get")]
    # the imported function objects are govlint's built-ins, not JavaScript run in Node
    env = {"GOVLINT_ALLOW_CUSTOM_FUNCTIONS": "1"}
    explain = govlint("rules", "explain", "pattern", cwd=tmp_path, env=env)
    assert "(function, core" in explain.stdout and "used by:      op-id-camel" in explain.stdout
    explain = govlint("rules", "explain", "truthy", cwd=tmp_path, env=env)
    assert "used by:      op-summary, swagger-only" in explain.stdout, explain.stdout


PUBLIC = ["@stoplight/spectral-owasp-ruleset", "@apisyouwonthate/style-guide",
          "@stoplight/spectral-documentation", "@ibm-cloud/openapi-ruleset"]


@pytest.mark.parametrize("package", PUBLIC)
def test_public_npm_rulesets_load_unchanged_and_match_spectral(
        govlint, tmp_path, corpus, spectral_packages, package):
    """Each published ruleset, extended by name as its README says, on a real spec: the
    (rule, pointer) pairs of Spectral 6.16.3 (recorded in tests/data/js-rulesets)."""
    spec = "canada-holidays.ca"
    expected = {tuple(p) for p in json.loads(
        (DATA / f"{package.rsplit('/', 1)[1]}.{spec}.json").read_text())}
    (tmp_path / "node_modules").symlink_to(spectral_packages)
    write(tmp_path / ".govlint.yaml", "rulesets: [.spectral.yaml]\n")
    write(tmp_path / ".spectral.yaml", f'extends: ["{package}"]\n')
    shutil.copy(corpus / "apis-guru" / f"{spec}.json", tmp_path / "spec.json")
    run = lint(govlint, tmp_path, ALLOW, "--timeout-per-file", "30")
    assert run.code in (0, 1), run.stderr
    got = set(pairs(run))
    agreement = len(got & expected) / max(len(got | expected), 1)
    assert agreement >= 0.95, (
        f"{agreement:.1%} agreement; missing {sorted(expected - got)[:10]}, "
        f"extra {sorted(got - expected)[:10]}")


def test_esm_spectral_js_extending_spectral_oas_object(govlint, tmp_path, spectral_packages):
    """Spectral's documented form: `.spectral.js` in ES module syntax, `oas` imported from
    @stoplight/spectral-rulesets (becomes govlint's spectral:oas), a rule re-enabled."""
    (tmp_path / "node_modules").symlink_to(spectral_packages)
    spec = json.loads(json.dumps(SPEC))
    spec["paths"]["/pets"]["get"]["tags"] = ["pets"]
    project(tmp_path, ".spectral.js", """
        import { oas } from '@stoplight/spectral-rulesets';
        export default {
          extends: [[oas, 'off']],
          rules: { 'operation-tag-defined': true, 'info-contact': 'error' },
        };
    """, spec=spec)
    run = lint(govlint, tmp_path, ALLOW)
    assert run.code == 1, run.stderr
    assert pairs(run) == [("info-contact", "/info"),
                          ("operation-tag-defined", "/paths/~1pets/get/tags/0")]
    assert "spectral:oas" in run.json()["configs"][0]["rulesets"]


@needs_node
def test_js_ruleset_in_worker_processes_gives_the_same_report(govlint, tmp_path):
    """64+ files go to worker processes, each loading the ruleset in its own Node."""
    project(tmp_path, ".spectral.cjs", CJS)
    for index in range(70):
        (tmp_path / f"spec{index:02}.json").write_text(json.dumps(SPEC))
    (tmp_path / "spec.json").unlink()
    one = govlint("lint", ".", "-f", "json", ALLOW, "--jobs", "1", cwd=tmp_path)
    two = govlint("lint", ".", "-f", "json", ALLOW, "--jobs", "2", cwd=tmp_path)
    assert one.code == two.code == 1, two.stderr
    assert one.json()["summary"]["byRule"] == {"op-id-snake": 70, "op-summary": 70}
    assert two.stdout == one.stdout


@needs_node
def test_es_module_syntax_in_a_js_file_node_takes_for_commonjs(govlint, tmp_path):
    """Spectral's bundler accepts `export default` in a `.js` file of a "type": "commonjs"
    package (and on Node < 20.19 in any `.js` file); so does govlint."""
    (tmp_path / "package.json").write_text('{"type": "commonjs"}')
    project(tmp_path, ".spectral.js", """
        export default {
          rules: {
            'info-x': { severity: 'error', given: '$.info',
                        then: { field: 'x-team',
                                function: (v) => (v ? [] : [{ message: 'no team' }]) } },
          },
        };
    """)
    run = lint(govlint, tmp_path, ALLOW)
    assert run.code == 1, run.stderr
    assert [(r["rule"], r["message"]) for r in run.json()["results"]] == [("info-x", "no team")]
