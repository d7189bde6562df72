"""Issue 15 items 1 and 6: a Spectral ruleset's JavaScript functions (``functionsDir``
``.js``) run unchanged in a Node.js process govlint starts, and give Spectral's results.

tests/data/js-functions/project is a Spectral project (ruleset, functions, spec);
tests/data/js-functions/spectral.json is what Spectral 6.16.3 reported on it:
``spectral lint -r .spectral.yaml api.yaml -f json -q`` run in that directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "js-functions"
SEVERITIES = {0: "error", 1: "warn", 2: "info", 3: "hint"}

pytestmark = pytest.mark.skipif(shutil.which("node") is None,
                                reason="Node.js is not installed (JavaScript functions need it)")


def govlint(cwd: Path, *args: str, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("GOVLINT_")}
    full["GOVLINT_NO_CACHE"] = "1"
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "govlint", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout)


def results(run: subprocess.CompletedProcess[str]) -> list[tuple[str, str, str, str]]:
    assert run.returncode in (0, 1), run.stdout + run.stderr
    return sorted((r["rule"], r["severity"], r["pointer"], r["message"])
                  for r in json.loads(run.stdout)["results"])


def pointer(path: list[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DATA / "project", root)
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


SPEC = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def test_results_are_spectrals(tmp_path: Path) -> None:
    """CommonJS, ESM syntax in a .js file, async functions, result paths, ``field``
    (lodash, ``@key``, JSONPath, missing), resolved targets and the function context."""
    root = project(tmp_path)
    run = govlint(root, "lint", "--allow-custom-functions", "-r", ".spectral.yaml",
                  "api.yaml", "--format", "json")
    expected = sorted((r["code"], SEVERITIES[r["severity"]], pointer(r["path"]), r["message"])
                      for r in json.loads((DATA / "spectral.json").read_text()))
    assert results(run) == expected


def test_env_opt_in_works_too(tmp_path: Path) -> None:
    root = project(tmp_path)
    run = govlint(root, "lint", "-r", ".spectral.yaml", "api.yaml", "--format", "json",
                  env={"GOVLINT_ALLOW_CUSTOM_FUNCTIONS": "1"})
    assert len(results(run)) == len(json.loads((DATA / "spectral.json").read_text()))


def test_without_the_opt_in_nothing_runs(tmp_path: Path) -> None:
    root = project(tmp_path)
    marker = tmp_path / "ran"
    write(root, {"functions/upperTitle.js":
                 f"require('fs').writeFileSync({str(marker)!r}, 'x');\n"
                 "module.exports = () => [];\n"})
    run = govlint(root, "lint", "-r", ".spectral.yaml", "api.yaml")
    assert run.returncode == 2, run.stdout + run.stderr
    assert ".spectral.yaml" in run.stderr and "JavaScript" in run.stderr
    assert "upperTitle" in run.stderr and "--allow-custom-functions" in run.stderr
    assert "GOVLINT_ALLOW_CUSTOM_FUNCTIONS=1" in run.stderr
    assert not marker.exists()


def test_mjs_and_cjs_files(tmp_path: Path) -> None:
    """govlint also takes ``.mjs``/``.cjs`` files (Spectral looks up ``<name>.js`` only)."""
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: fns\nfunctions: [esm, cjs]\nrules:\n"
                        "  a: {given: $.info, then: {field: title, function: esm}}\n"
                        "  b: {given: $.info, then: {field: version, function: cjs}}\n",
        "fns/esm.mjs": "import { sep } from 'node:path';\n"
                       "export default (t) => [{ message: `esm ${t} ${sep}` }];\n",
        "fns/cjs.cjs": "exports.default = (t) => [{ message: `cjs ${t}` }];\n",
        "api.yaml": SPEC,
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml", "--format", "json")
    assert [(r[0], r[3]) for r in results(run)] == [("a", "esm t /"), ("b", "cjs 1")]


def test_a_throwing_function_is_a_function_error_and_others_still_run(tmp_path: Path) -> None:
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [boom, rejects, fine]\nrules:\n"
                        "  boom-rule: {given: $.info, then: {function: boom}}\n"
                        "  async-rule: {given: $.info, then: {function: rejects}}\n"
                        "  fine-rule: {given: $.info, then: {function: fine}}\n",
        "functions/boom.js": "module.exports = (t) => t.nope.deeper;\n",
        "functions/rejects.js": "module.exports = async () => { throw new RangeError('no'); };\n",
        "functions/fine.js": "module.exports = () => { console.log('noise on stdout');\n"
                             "  process.stdout.write('{\"c\": 0}');\n"
                             "  return [{ message: 'fine ran' }]; };\n",
        "api.yaml": SPEC,
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml", "--format", "json")
    found = results(run)
    errors = [r for r in found if r[0] == "function-error"]
    assert len(errors) == 2, found
    boom = next(r[3] for r in errors if "boom-rule" in r[3])
    assert "'boom'" in boom and "functions/boom.js" in boom and "TypeError" in boom
    assert any("RangeError: no" in r[3] and "async-rule" in r[3] for r in errors)
    assert ("fine-rule", "warn", "/info", "fine ran") in found
    assert "Traceback" not in run.stderr


def test_a_function_that_fails_to_load_is_a_ruleset_error(tmp_path: Path) -> None:
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [broken]\nrules:\n"
                        "  r: {given: $.info, then: {function: broken}}\n",
        "functions/broken.js": "module.exports = (t) => {;\n",
        "api.yaml": SPEC,
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml", "api.yaml")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "ruleset.yaml" in run.stderr and "broken" in run.stderr
    assert "SyntaxError" in run.stderr and "Traceback" not in run.stderr


def test_without_node_the_message_names_the_functions(tmp_path: Path) -> None:
    root = project(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    run = govlint(root, "lint", "--allow-custom-functions", "-r", ".spectral.yaml", "api.yaml",
                  env={"PATH": str(empty)})
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Node.js" in run.stderr and "upperTitle" in run.stderr and "fieldSeen" in run.stderr
    assert "GOVLINT_NODE" in run.stderr and "Traceback" not in run.stderr


def test_govlint_node_points_at_node(tmp_path: Path) -> None:
    root = project(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    run = govlint(root, "lint", "--allow-custom-functions", "-r", ".spectral.yaml", "api.yaml",
                  "--format", "json",
                  env={"PATH": str(empty), "GOVLINT_NODE": str(shutil.which("node"))})
    assert len(results(run)) == len(json.loads((DATA / "spectral.json").read_text()))


def test_an_endless_function_is_stopped_and_the_run_goes_on(tmp_path: Path) -> None:
    """A synchronous endless loop: a function-error after its time budget (half the
    file's), that function not called again, every other result still there."""
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [spin, fine]\nrules:\n"
                        "  spin-rule: {given: $.info, then: {function: spin}}\n"
                        "  fine-rule: {given: $.info, then: {function: fine}}\n",
        "functions/spin.js": "module.exports = () => { for (;;) {} };\n",
        "functions/fine.js": "module.exports = (t) => [{ message: `fine ${t.title}` }];\n",
        "a.yaml": SPEC.replace("title: t", "title: a"),
        "b.yaml": SPEC.replace("title: t", "title: b"),
    })
    start = time.monotonic()
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "--timeout-per-file", "4", "a.yaml", "b.yaml", "--format", "json",
                  timeout=60)
    elapsed = time.monotonic() - start
    found = results(run)
    assert elapsed < 15, elapsed
    assert ("fine-rule", "warn", "/info", "fine a") in found
    assert ("fine-rule", "warn", "/info", "fine b") in found
    errors = sorted(r[3] for r in found if r[0] == "function-error")
    assert len(errors) == 2, found
    assert any(re.search(r"'spin' \(functions/spin.js\) did not return within \d\.\d s", e)
               for e in errors), errors
    assert any("not called again" in e for e in errors)


def test_the_functions_see_no_secrets_and_run_in_the_ruleset_directory(tmp_path: Path) -> None:
    write(tmp_path, {
        "rules/ruleset.yaml": "functionsDir: functions\nfunctions: [snoop]\nrules:\n"
                              "  snoop: {given: $.info, then: {function: snoop}}\n",
        "rules/functions/snoop.js": "module.exports = () => [{ message: "
                                    "JSON.stringify({cwd: process.cwd(), env: process.env}) }];\n",
        "api.yaml": SPEC,
    })
    secrets = {"GITHUB_TOKEN": "ghp_s3cret1", "CI_JOB_TOKEN": "glcit-s3cret2",
               "DB_PASSWORD": "s3cret3", "AWS_SECRET_ACCESS_KEY": "s3cret4",
               "NPM_CONFIG__AUTH": "s3cret5", "MY_API_KEY": "s3cret6"}
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "rules/ruleset.yaml",
                  "api.yaml", "--format", "json", env=secrets)
    (message,) = [r[3] for r in results(run)]
    seen = json.loads(message)
    assert "s3cret" not in message
    assert not set(secrets) & set(seen["env"])
    assert Path(seen["cwd"]).resolve() == (tmp_path / "rules" / "functions").resolve() or \
        Path(seen["cwd"]).resolve() == (tmp_path / "rules").resolve()


def test_a_function_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, {"evil.js": "module.exports = () => [];\n"})
    root = tmp_path / "repo"
    write(root, {
        ".govlint.yaml": "rulesets: [ruleset.yaml]\n",
        "ruleset.yaml": "functionsDir: functions\nfunctions: [evil]\nrules:\n"
                        "  r: {given: $.info, then: {function: evil}}\n",
        "api.yaml": SPEC,
    })
    (root / "functions").mkdir()
    (root / "functions" / "evil.js").symlink_to(outside / "evil.js")
    run = govlint(root, "lint", "--allow-custom-functions", ".")
    assert run.returncode == 2 and "outside the project root" in run.stderr, run.stderr


def test_calls_travel_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Hundreds of targets, a handful of round trips to Node (one call batch per document);
    the process is gone at the end of the run."""
    from govlint.cli.main import run as run_main
    from govlint.functions.js import bridge

    paths = "".join(f"  /r{i}:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n"
                    for i in range(300))
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [count]\nrules:\n"
                        "  r: {given: '$.paths[*][*]', then: {function: count}}\n",
        "functions/count.js": "module.exports = (t, o, c) => c.path[1] === '/r7' ? "
                              "[{ message: 'seven' }] : [];\n",
        "api.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + paths,
    })
    host = bridge.host()
    trips, calls = host.round_trips, host.calls
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVLINT_NO_CACHE", "1")
    with pytest.raises(SystemExit) as exited:
        run_main(["lint", "--allow-custom-functions", "-r", "ruleset.yaml", "api.yaml",
                  "--format", "json"])
    out = capsys.readouterr().out
    assert exited.value.code == 0, out  # one warning
    assert [r["pointer"] for r in json.loads(out)["results"]] == ["/paths/~1r7/get"]
    assert host.calls - calls == 300
    assert host.round_trips - trips <= 4  # hello, load-function, step, call
    assert host._process is None  # killed at the end of the run


def tools_node_modules() -> Path | None:
    """Where .ci/run (or a developer) installed Spectral's npm packages."""
    bases = [Path(os.environ["GOVLINT_TOOLS"])] if os.environ.get("GOVLINT_TOOLS") else []
    bases.append(Path.home() / ".cache" / "govlint-tools")
    for base in bases:
        modules = base / "spectral-rulesets" / "node_modules"
        if (modules / "@stoplight" / "spectral-functions").is_dir() and \
                (modules / "@stoplight" / "spectral-core").is_dir():
            return modules
    return None


def test_functions_importing_spectral_packages_from_node_modules(tmp_path: Path) -> None:
    """A team's function built with ``createRulesetFunction`` that calls Spectral's own
    ``pattern``/``truthy`` from the project's ``node_modules``: results, option checks."""
    modules = tools_node_modules()
    if modules is None:
        pytest.skip("Spectral's npm packages are not installed: npm install --prefix "
                    "$GOVLINT_TOOLS/spectral-rulesets @stoplight/spectral-functions@1.11.1 "
                    "@stoplight/spectral-core@1.24.1 @stoplight/spectral-formats@1.9.0 "
                    "(.ci/run does it)")
    (tmp_path / "node_modules").symlink_to(modules)
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [kebab]\nrules:\n"
                        "  kebab-paths:\n    given: $.paths\n    then:\n      field: '@key'\n"
                        "      function: kebab\n      functionOptions: {separator: '-'}\n",
        "functions/kebab.js": (
            "const { createRulesetFunction } = require('@stoplight/spectral-core');\n"
            "const { pattern, truthy } = require('@stoplight/spectral-functions');\n"
            "module.exports = createRulesetFunction({\n"
            "  input: { type: 'string' },\n"
            "  options: { type: 'object', properties: { separator: { type: 'string' } },\n"
            "             required: ['separator'], additionalProperties: false },\n"
            "}, function kebab(path, opts, context) {\n"
            "  return [...(truthy(path, null, context) || []),\n"
            "          ...(pattern(path, { match: `^(/[a-z0-9${opts.separator}{}]+)+$` },"
            " context) || [])];\n"
            "});\n"),
        "api.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
                    "  /good-path: {}\n  /Bad_Path: {}\n",
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml", "--format", "json")
    assert [(r[0], r[2], r[3]) for r in results(run)] == [
        ("kebab-paths", "/paths/~1Bad_Path",
         # what Spectral 6.16.3 says too: pattern's message prints the value at the path
         'Object{} must match the pattern "^(/[a-z0-9-{}]+)+$"')]
    # the function's own option schema, checked as Spectral checks it when loading
    ruleset = (tmp_path / "ruleset.yaml").read_text().replace("separator: '-'", "sep: '-'")
    (tmp_path / "ruleset.yaml").write_text(ruleset)
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "kebab-paths" in run.stderr and "functionOptions" in run.stderr
    assert 'missing "separator" option' in run.stderr
    assert "Traceback" not in run.stderr


def test_a_child_ruleset_redefines_an_inherited_rule_with_its_own_function(tmp_path: Path) -> None:
    """IBM's ruleset replaces spectral:oas's typed-enum with its own function: the function
    is the child's, though the rule came from the parent."""
    write(tmp_path, {
        "base.yaml": "rules:\n  title-rule: {given: $.info, then: {field: title, "
                     "function: truthy}}\n",
        "ruleset.yaml": "extends: [base.yaml]\nfunctionsDir: functions\nfunctions: [mine]\n"
                        "rules:\n  title-rule:\n    then: {field: title, function: mine}\n",
        "functions/mine.js": "module.exports = (t) => [{ message: `mine saw ${t}` }];\n",
        "api.yaml": SPEC,
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml", "--format", "json")
    assert [(r[0], r[3]) for r in results(run)] == [("title-rule", "mine saw t")]


def test_a_function_that_kills_node_is_a_finding_and_node_comes_back(tmp_path: Path) -> None:
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [quit, fine]\nrules:\n"
                        "  quit-rule: {given: $.info, then: {function: quit}}\n"
                        "  fine-rule: {given: $.info, then: {function: fine}}\n",
        "functions/quit.js": "module.exports = () => process.exit(3);\n",
        "functions/fine.js": "module.exports = (t) => [{ message: `fine ${t.title}` }];\n",
        "a.yaml": SPEC.replace("title: t", "title: a"),
        "b.yaml": SPEC.replace("title: t", "title: b"),
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "a.yaml", "b.yaml", "--format", "json")
    found = results(run)
    assert ("fine-rule", "warn", "/info", "fine a") in found
    assert ("fine-rule", "warn", "/info", "fine b") in found
    errors = [r[3] for r in found if r[0] == "function-error"]
    assert len(errors) == 2, found
    assert any("the Node process exited (code 3)" in e and "'quit'" in e for e in errors)
    assert "Traceback" not in run.stderr


def test_the_resolved_document_has_no_cycles_and_the_ref_graph(tmp_path: Path) -> None:
    """As Spectral's resolver: a recursive schema's back reference stays a ``$ref``, so a
    function walking ``documentInventory.resolved`` without a guard ends (IBM's do); the
    ``graph`` maps each local ``$ref`` as written to its target (IBM reads ``refMap``)."""
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [walk]\nrules:\n"
                        "  walk: {given: $, then: {function: walk}}\n",
        "functions/walk.js": (
            "function count(node) {\n"
            "  if (node === null || typeof node !== 'object') return 1;\n"
            "  return Object.values(node).reduce((n, v) => n + count(v), 1);\n"
            "}\n"
            "module.exports = (doc, opts, context) => {\n"
            "  const inv = context.documentInventory;\n"
            "  const holiday = inv.resolved.components.schemas.Holiday;\n"
            "  const source = Object.keys(inv.graph.nodes)[0];\n"
            "  return [{ message: JSON.stringify({\n"
            "    nodes: count(inv.resolved),\n"
            "    back: holiday.properties.province.properties.next,\n"
            "    shared: holiday.properties.province ===\n"
            "      inv.resolved.components.schemas.Province,\n"
            "    refMap: inv.graph.getNodeData(source).refMap,\n"
            "    source: source === context.document.source,\n"
            "  }) }];\n"
            "};\n"),
        "api.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n"
                    "  schemas:\n"
                    "    Holiday:\n      type: object\n      properties:\n"
                    "        province: {$ref: '#/components/schemas/Province'}\n"
                    "    Province:\n      type: object\n      properties:\n"
                    "        next: {$ref: '#/components/schemas/Holiday'}\n",
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml", "--format", "json", timeout=60)
    (message,) = [r[3] for r in results(run)]
    seen = json.loads(message)
    assert seen["back"] == {"$ref": "#/components/schemas/Holiday"}
    assert seen["nodes"] < 40 and seen["source"]
    assert seen["refMap"] == {
        "#/components/schemas/Holiday/properties/province": "#/components/schemas/Province",
        "#/components/schemas/Province/properties/next": "#/components/schemas/Holiday",
    }


def _lint_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from govlint.cli.main import run as run_main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVLINT_NO_CACHE", "1")
    with pytest.raises(SystemExit) as exited:
        run_main(["lint", "--allow-custom-functions", "-r", "ruleset.yaml", *args,
                  "--format", "json"])
    return int(exited.value.code or 0), capsys.readouterr().out


def _many_paths(count: int) -> str:
    return "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + "".join(
        f"  /r{i}:\n    get: {{responses: {{'200': {{description: ok}}}}}}\n"
        for i in range(count))


def test_calls_handed_over_while_walking_give_the_same_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The engine hands a document's calls to Node in chunks while it walks on (Node
    works while Python walks): the report is byte for byte the one of a single batch."""
    from govlint.functions.js import bridge
    from govlint.rules import engine

    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [odd, names]\nrules:\n"
                        "  odd: {given: '$.paths[*][*]', then: {function: odd}}\n"
                        "  names: {given: '$.paths[*]~', then: {function: names}}\n",
        "functions/odd.js": "module.exports = (t, o, c) => Number(c.path[1].slice(2)) % 2 "
                            "? [{ message: `odd ${c.path[1]}` }] : [];\n",
        "functions/names.js": "module.exports = (t) => t.endsWith('7') ? "
                              "[{ message: `seven ${t}` }] : [];\n",
        "api.yaml": _many_paths(300),
    })
    reports = {}
    host = bridge.host()
    for chunk in (10**9, 7):
        monkeypatch.setattr(engine, "BATCH_CHUNK", chunk)
        trips = host.round_trips
        code, out = _lint_in_process(tmp_path, monkeypatch, capsys, "api.yaml")
        assert code == 0, out
        reports[chunk] = (out, host.round_trips - trips)
    (single, single_trips), (chunked, chunked_trips) = reports[10**9], reports[7]
    assert chunked == single
    assert len(json.loads(chunked)["results"]) == 150 + 30
    # hello, 2 load-function, 2 step, then 1 call request, or one per 7 calls
    assert single_trips <= 6 and chunked_trips >= 600 // 7


def test_a_hang_inside_a_chunk_handed_over_early(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A call that never returns, in a chunk Node got while the walk went on: that call
    is the function-error finding, the function is not called again (as without chunks),
    and every other function's results are there."""
    from govlint.rules import engine

    monkeypatch.setattr(engine, "BATCH_CHUNK", 5)
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [slow, fine]\nrules:\n"
                        "  slow: {given: '$.paths[*][*]', then: {function: slow}}\n"
                        "  fine: {given: '$.paths[*][*]', then: {function: fine}}\n",
        "functions/slow.js": "module.exports = (t, o, c) => { if (c.path[1] === '/r13') "
                             "for (;;) {} return [{ message: `ok ${c.path[1]}` }]; };\n",
        "functions/fine.js": "module.exports = () => [{ message: 'fine' }];\n",
        "api.yaml": _many_paths(40),
    })
    start = time.monotonic()
    code, out = _lint_in_process(tmp_path, monkeypatch, capsys, "api.yaml",
                                 "--timeout-per-file", "6")
    assert time.monotonic() - start < 30
    found = json.loads(out)["results"]
    def at(rule: str) -> set[str]:
        return {r["pointer"] for r in found if r["rule"] == rule}

    def paths(numbers: range) -> set[str]:
        return {f"/paths/~1r{i}/get" for i in numbers}

    errors = {r["pointer"]: r["message"] for r in found if r["rule"] == "function-error"}
    assert code == 1
    assert at("fine") == paths(range(40))
    assert at("slow") == paths(range(13))
    assert set(errors) == paths(range(13, 40))
    assert "did not return within" in errors["/paths/~1r13/get"]
    assert "not called again" in errors["/paths/~1r14/get"]


def test_the_file_budget_stops_the_chunks_in_flight(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose calls outlast --timeout-per-file while chunks are with Node: the file
    gets its timeout finding, Node is stopped, and the next file's results are complete."""
    from govlint.functions.js import bridge
    from govlint.rules import engine

    monkeypatch.setattr(engine, "BATCH_CHUNK", 10)
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [busy]\nrules:\n"
                        "  busy: {given: '$.paths[*][*]', then: {function: busy}}\n",
        # 30 ms per call on a.yaml (400 calls: 12 s), none on b.yaml
        "functions/busy.js": "module.exports = (t, o, c) => { const end = Date.now() + "
                             "(c.document.data.info.title === 'a' ? 30 : 0); "
                             "while (Date.now() < end) {} return [{ message: 'seen' }]; };\n",
        "a.yaml": _many_paths(400).replace("title: t", "title: a"),
        "b.yaml": _many_paths(50).replace("title: t", "title: b"),
    })
    start = time.monotonic()
    code, out = _lint_in_process(tmp_path, monkeypatch, capsys, "a.yaml", "b.yaml",
                                 "--timeout-per-file", "2")
    assert time.monotonic() - start < 20
    found = json.loads(out)["results"]
    assert code == 1
    assert len([r for r in found if r["file"] == "b.yaml" and r["rule"] == "busy"]) == 50
    assert any(r["file"] == "a.yaml" and "--timeout-per-file" in r["message"]
               for r in found), [r for r in found if r["file"] == "a.yaml"][:3]
    assert bridge.host()._process is None  # killed at the end of the run


def test_calls_that_find_nothing_keep_the_pipe_alive(tmp_path: Path) -> None:
    """Calls without results are answered together, yet at least every few milliseconds:
    a long stretch of calls that find nothing is not taken for a hung call (it was, and
    the file got a timeout and function-errors)."""
    write(tmp_path, {
        "ruleset.yaml": "functionsDir: functions\nfunctions: [quiet]\nrules:\n"
                        "  quiet: {given: '$.paths[*][*]', then: {function: quiet}}\n",
        # 900 calls of 5 ms: 4.5 s without a result, longer than a call's budget (4 s)
        "functions/quiet.js": "module.exports = () => { const end = Date.now() + 5; "
                              "while (Date.now() < end) {} return []; };\n",
        "api.yaml": _many_paths(900),
    })
    run = govlint(tmp_path, "lint", "--allow-custom-functions", "-r", "ruleset.yaml",
                  "api.yaml", "--timeout-per-file", "8", "--format", "json", timeout=60)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert json.loads(run.stdout)["results"] == []


def test_stopping_a_chunk_blames_no_function(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine stops the chunks in flight (the file's budget, ^C) while the bridge is
    retrying after a slow call: Node's death is not that call's fault, so the function is
    still called for the next files."""
    import threading

    from govlint.functions.js import bridge

    write(tmp_path, {"functions/slow.js": "module.exports = (t) => { const end = Date.now() "
                                          "+ 3000; while (Date.now() < end) {} return []; };\n"})
    monkeypatch.setattr(bridge, "_call_timeout", lambda: 0.5)
    slow = bridge.load_js_functions({"slow": tmp_path / "functions" / "slow.js"},
                                    "ruleset.yaml", tmp_path, {"slow": "functions/slow.js"})
    function = slow["slow"].js
    host = bridge.host()
    calls = [bridge.JsCall(function, None, None, ("info", "title"), ("info",), "t", {})
             for _ in range(2)]
    results_of = host.submit(None, calls)
    careful = threading.Event()
    original = host._round

    def watch(*args: object) -> object:
        if args[-1]:  # careful: the retry after the first call ran out of time
            careful.set()
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(host, "_round", watch)
    assert careful.wait(10)
    time.sleep(0.2)  # the retry is running the slow call again
    host.abandon()
    with pytest.raises(Exception):  # noqa: B017 (the chunk was dropped)
        results_of()
    assert function.hung is None
    bridge.end_run()
