"""Benchmark: rulesets of JavaScript functions, govlint vs Spectral 6.16.3 (issue 15 item 6).

OWASP's (``@stoplight/spectral-owasp-ruleset``) and IBM's (``@ibm-cloud/openapi-ruleset``)
npm rulesets on GitHub's REST API description, both tools on the same ruleset in the same
run. By default each package is turned into a YAML ruleset calling the very same function
objects (``bench/js_ruleset_to_yaml.mjs``: core functions by name, every other function
through a ``functionsDir`` wrapper that ``require``s the package) and *both* tools run that
file (rules govlint refuses to load are left out of both runs and listed): this measures
the functions. ``--direct``: both tools extend the package by name (govlint then loads the
JavaScript ruleset in its Node host), as a team would write it.

    python bench/js_functions.py [--spec FILE] [--rulesets owasp,ibm] [--runs N] [--direct]
                                 [--off RULE,...]

``--off``: rules turned off in both tools' ruleset (``rules: {RULE: off}``), for the rules
Spectral cannot finish on a spec: on GitHub's, IBM's ``ibm-use-date-based-format`` throws
(Spectral aborts the whole run; govlint makes it a ``function-error``) and OWASP's
``owasp:api1:2023-no-numeric-ids`` given is a filter Spectral's JSONPath engine stops on.

Needs: Node.js, the npm packages in ``$GOVLINT_TOOLS/spectral-rulesets`` (.ci/run installs
them; or ``npm install --prefix ~/.cache/govlint-tools/spectral-rulesets
@stoplight/spectral-owasp-ruleset@2.0.1 @ibm-cloud/openapi-ruleset@1.33.17
@stoplight/spectral-functions@1.11.1 @stoplight/spectral-formats@1.9.0
@stoplight/spectral-core@1.24.1 @stoplight/spectral-rulesets``), Spectral
(``$SPECTRAL`` or ``npm install --prefix /tmp/spectral @stoplight/spectral-cli@6.16.3``).
Reports wall and CPU seconds (user+sys of the tool and its children: the machine may be
shared) and how many of Spectral's (rule, pointer) results govlint also reports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import spectral_bin, to_pointer

PACKAGES = {
    "owasp": "@stoplight/spectral-owasp-ruleset",
    "ibm": "@ibm-cloud/openapi-ruleset",
}
GENERATOR = Path(__file__).resolve().with_name("js_ruleset_to_yaml.mjs")
_REFUSED = re.compile(r"rule '([^']+)'")


def node_modules() -> Path:
    bases = [Path(os.environ["GOVLINT_TOOLS"])] if os.environ.get("GOVLINT_TOOLS") else []
    bases.append(Path.home() / ".cache" / "govlint-tools")
    for base in bases:
        modules = base / "spectral-rulesets" / "node_modules"
        if all((modules / p).is_dir() for p in PACKAGES.values()):
            return modules
    sys.exit("npm rulesets not installed: see this script's docstring")


def spectral() -> str:
    for candidate in (os.environ.get("SPECTRAL"), "/tmp/spectral/node_modules/.bin/spectral",
                      spectral_bin()):
        if candidate and (Path(candidate).exists() or shutil.which(candidate)):
            return candidate
    sys.exit("Spectral CLI not found: npm install --prefix /tmp/spectral "
             "@stoplight/spectral-cli@6.16.3 (or set SPECTRAL)")


def timed(cmd: list[str], cwd: Path, out: Path) -> tuple[float, float, int]:
    """(wall s, CPU s of the process tree, exit code); stdout to ``out``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.run(cmd, cwd=cwd, stdout=fh, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-3000:])
    return wall, cpu, proc.returncode


def govlint_cmd(ruleset: Path, spec: Path) -> list[str]:
    return [sys.executable, "-m", "govlint", "lint", "--allow-custom-functions", "-r",
            str(ruleset), str(spec), "--format", "json", "--no-baseline",
            "--timeout-per-file", "0"]  # Spectral has no per-file budget either


def prepare(name: str, work: Path, modules: Path, direct: bool, off: list[str]
            ) -> tuple[Path, list[str]]:
    """The generated ruleset, without the rules govlint refuses to load (listed); with
    ``direct``, a ruleset that only extends the package by name. Either way with the
    ``off`` rules turned off."""
    directory = work / name
    directory.mkdir(parents=True)
    if not (work / "node_modules").exists():
        (work / "node_modules").symlink_to(modules)
    if direct:
        ruleset = directory / "ruleset.yaml"
        rules = "".join(f"  {json.dumps(rule)}: 'off'\n" for rule in off)
        ruleset.write_text(f"extends: [{json.dumps(PACKAGES[name])}]\n"
                           + (f"rules:\n{rules}" if rules else ""))
        return ruleset, []
    subprocess.run(["node", str(GENERATOR), PACKAGES[name], str(directory)], check=True,
                   cwd=work)
    ruleset = directory / "ruleset.json"
    definition = json.loads(ruleset.read_text())
    for rule in off:
        definition["rules"].pop(rule, None)
    ruleset.write_text(json.dumps(definition, indent=1))
    dropped: list[str] = []
    probe = work / "probe.yaml"
    probe.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    for _ in range(50):
        proc = subprocess.run([*govlint_cmd(ruleset, probe)], cwd=work, capture_output=True,
                              text=True)
        if proc.returncode != 2:
            break
        found = _REFUSED.search(proc.stderr)
        definition = json.loads(ruleset.read_text())
        if found is None or found.group(1) not in definition["rules"]:
            sys.exit(f"govlint cannot load the {name} ruleset: {proc.stderr.strip()}")
        dropped.append(f"{found.group(1)}: {proc.stderr.strip().split(': ', 3)[-1][:120]}")
        del definition["rules"][found.group(1)]
        ruleset.write_text(json.dumps(definition, indent=1))
    return ruleset, dropped


def spectral_results(path: Path) -> set[tuple[str, str]]:
    text = path.read_text() or "[]"
    return {(r["code"], to_pointer(r["path"])) for r in json.loads(text)}


def govlint_results(path: Path) -> set[tuple[str, str]]:
    return {(r["rule"], r["pointer"]) for r in json.loads(path.read_text())["results"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, help="default: GitHub's api.github.com.json")
    parser.add_argument("--rulesets", default="owasp,ibm")
    parser.add_argument("--runs", type=int, default=1, help="runs per tool (best kept)")
    parser.add_argument("--direct", action="store_true",
                        help="both tools extend the npm package by name (JS ruleset loading)")
    parser.add_argument("--off", default="",
                        help="rules turned off in both tools (comma-separated ids)")
    args = parser.parse_args()
    if args.spec is None:
        from fetch_corpus import ensure_corpus

        args.spec = ensure_corpus().github_json
    spec = args.spec.resolve()
    modules, binary = node_modules(), spectral()
    off = [r for r in args.off.split(",") if r]
    rows = []
    with tempfile.TemporaryDirectory(prefix="govlint-js-bench-") as tmp:
        work = Path(tmp)
        for name in args.rulesets.split(","):
            ruleset, dropped = prepare(name, work, modules, args.direct, off)
            best: dict[str, tuple[float, float]] = {}
            stopped = ""
            for _ in range(args.runs):
                for tool, cmd in (
                    ("spectral", [binary, "lint", "-r", str(ruleset), str(spec), "-f", "json",
                                  "-q", "--fail-severity", "error"]),
                    ("govlint", govlint_cmd(ruleset, spec)),
                ):
                    wall, cpu, code = timed(cmd, work, work / f"{name}-{tool}.json")
                    if code not in (0, 1):
                        stopped = f"{tool} stopped (exit {code})"
                    if tool not in best or wall < best[tool][0]:
                        best[tool] = (wall, cpu)
            theirs = spectral_results(work / f"{name}-spectral.json")
            ours = govlint_results(work / f"{name}-govlint.json")
            parity = len(theirs & ours) / len(theirs) if theirs else 1.0
            rows.append((name, best, len(theirs), len(ours), parity, dropped, stopped))
    ours_version = subprocess.check_output([sys.executable, "-m", "govlint", "--version"],
                                           text=True).strip()
    theirs_version = subprocess.check_output([binary, "--version"], text=True).strip()
    print(f"spec: {spec.name} ({spec.stat().st_size / 1e6:.1f} MB); {ours_version}; "
          f"Spectral {theirs_version}")
    if off:
        print(f"turned off in both tools: {', '.join(off)}")
    print("| ruleset | Spectral wall / CPU s | govlint wall / CPU s | speed-up wall / CPU | "
          "Spectral results | govlint results | parity |")
    print("|---|---|---|---|---|---|---|")
    for name, best, theirs, ours, parity, _, stopped in rows:
        (sw, sc), (gw, gc) = best["spectral"], best["govlint"]
        ratio = stopped or f"{sw / gw:.1f}x / {sc / gc:.1f}x"
        print(f"| {name} | {sw:.1f} / {sc:.1f} | {gw:.1f} / {gc:.1f} | {ratio} | "
              f"{theirs} | {ours} | {parity:.1%} |")
    for name, *_, dropped, _ in rows:
        for line in dropped:
            print(f"left out of {name} (govlint refuses to load it): {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
