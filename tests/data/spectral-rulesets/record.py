"""Re-record Spectral's results for the public rulesets (expected/<name>.json).

Runs Spectral (6.16.3; ``$SPECTRAL`` or /tmp/spectral, see README.md) with each ruleset of
rulesets.yaml, unchanged, over the specs listed there, in a project built as the test builds
it, and writes ``expected/<name>.json``: the Spectral version, the ruleset's digest and, per
spec, the sorted (code, pointer, start line, severity) Spectral reports.

    python tests/data/spectral-rulesets/record.py [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.compat import public_rulesets as pr


def spectral_bin() -> str:
    for candidate in (os.environ.get("SPECTRAL"), "/tmp/spectral/node_modules/.bin/spectral",
                      "/work/tools/spectral/node_modules/.bin/spectral", shutil.which("spectral")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("Spectral not found: npm install --prefix /tmp/spectral "
             "@stoplight/spectral-cli@6.16.3 (or set $SPECTRAL)")


def run_spectral(binary: str, ruleset: pr.Ruleset, specs: list[str],
                 modules: Path) -> tuple[dict[str, set[pr.Finding]], dict[str, int]]:
    """Spectral's findings per spec, and how often each function threw.

    A function that throws makes Spectral print ``Function "x" threw an exception`` and
    exit 2 after writing its results; those results are kept (govlint reports such throws
    as function-error findings, compared separately).
    """
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        entry = pr.build_project(ruleset, [pr.CORPUS / s for s in specs], project, modules)
        out = Path(tmp) / "out.json"
        proc = subprocess.run(
            [binary, "lint", "-r", str(entry), "-f", "json", "-o", str(out), "-q",
             "--fail-severity", "error", *specs],
            cwd=project, capture_output=True, text=True, timeout=1800,
        )
        errors = [line for line in proc.stdout.splitlines() + proc.stderr.splitlines()
                  if line.startswith("Error #")]
        threw: dict[str, int] = {}
        for line in errors:
            match = re.match(r'Error #\d+: Function "([^"]+)" threw an exception', line)
            if match:
                threw[match[1]] = threw.get(match[1], 0) + 1
        crashed = proc.returncode not in (0, 1) and (not errors or len(errors) != sum(
            threw.values()))
        if crashed or not out.exists():
            sys.exit(f"{ruleset.name}: spectral failed (exit {proc.returncode}):\n"
                     f"{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        found = pr.from_spectral(json.loads(out.read_text(encoding="utf-8")), project)
    return {s: found.get(s, set()) for s in specs}, threw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="rulesets to record (default: all)")
    args = parser.parse_args(argv)
    binary = spectral_bin()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    modules = pr.node_modules()
    if modules is None:
        sys.exit("npm packages missing: run the npm install of .ci/run (see README.md)")
    pr.EXPECTED.mkdir(exist_ok=True)
    for ruleset in pr.rulesets():
        if args.names and ruleset.name not in args.names:
            continue
        results, threw = run_spectral(binary, ruleset, ruleset.specs(), modules)
        head = {"spectral": version, "ruleset": ruleset.ruleset or ruleset.npm,
                "ruleset_sha256": ruleset.digest(), "functions_threw": threw}
        (pr.EXPECTED / f"{ruleset.name}.json").write_text(
            pr.render_expected(head, results), encoding="utf-8")
        print(f"{ruleset.name}: {sum(len(v) for v in results.values())} findings", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
