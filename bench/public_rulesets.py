"""Parity and speed of govlint against Spectral 6.16.3 on the public rulesets (issue 15).

For each ruleset of tests/data/spectral-rulesets/rulesets.yaml: does govlint load it
unchanged, its parity/precision/recall against the recorded Spectral results (the data
tests/compat/test_public_rulesets.py checks), and govlint's wall time. With ``--big``, both
tools also lint GitHub's REST API description (@octokit/openapi 23.0.2, 13 MB, pretty-printed
so start lines matter) live, for parity and the speed ratio.

    python bench/public_rulesets.py [--big] [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.compat import public_rulesets as pr

GITHUB_SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json"


def govlint(ruleset: pr.Ruleset, project: Path, entry: Path,
            specs: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    cmd = [sys.executable, "-m", "govlint", "lint", *specs, "-r", str(entry), "-f", "json",
           "--timeout-per-file", "0"]
    if ruleset.js:
        cmd.append("--allow-custom-functions")
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
    return proc, time.perf_counter() - start


def spectral(entry: Path, project: Path,
             specs: list[str]) -> tuple[list[dict] | None, float]:
    """Spectral's results (None when it failed: a throw aborts the document) and its time."""
    out = project / ".spectral-out.json"
    start = time.perf_counter()
    proc = subprocess.run(
        ["/tmp/spectral/node_modules/.bin/spectral", "lint", "-r", str(entry), "-f", "json",
         "-o", str(out), "-q", *specs], cwd=project, capture_output=True, text=True)
    took = time.perf_counter() - start
    if not out.exists():
        errors = [line for line in (proc.stdout + proc.stderr).splitlines()
                  if line.startswith("Error #")]
        print(f"  Spectral failed (exit {proc.returncode}, {took:.1f} s): "
              f"{errors[0] if errors else proc.stderr[-200:]}", flush=True)
        return None, took
    return json.loads(out.read_text(encoding="utf-8")), took


def github_spec() -> Path | None:
    for root in pr.node_modules(), Path.home() / ".cache" / "govlint-tools" / "node_modules":
        if root is not None and (root.parent / GITHUB_SPEC).is_file():
            return root.parent / GITHUB_SPEC
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--big", action="store_true", help="also GitHub's spec, both tools")
    args = parser.parse_args(argv)
    modules = pr.node_modules()
    big = github_spec() if args.big else None
    if args.big and big is None:
        sys.exit("GitHub's spec not found: npm install --prefix ~/.cache/govlint-tools "
                 "@octokit/openapi@23.0.2")
    for ruleset in pr.rulesets():
        if args.names and ruleset.name not in args.names:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "project"
            specs = ruleset.specs()
            entry = pr.build_project(ruleset, [pr.CORPUS / s for s in specs]
                                     + ([big] if big else []), project, modules)
            proc, took = govlint(ruleset, project, entry, specs)
            if proc.returncode not in (0, 1):
                first = (proc.stderr.strip().splitlines() or ["?"])[-1][:220]
                print(f"{ruleset.name:24s} does not load: {first}", flush=True)
                continue
            got = pr.from_govlint(json.loads(proc.stdout))
            want = pr.expected_findings(pr.load_expected(ruleset))
            print(f"{ruleset.name:24s} {pr.score(want, got)}; govlint {took:.1f} s", flush=True)
            if big is not None:
                proc, g_took = govlint(ruleset, project, entry, [big.name])
                s_results, s_took = spectral(entry, project, [big.name])
                if s_results is None:
                    print(f"  {big.name}: govlint {g_took:.1f} s (exit {proc.returncode}); "
                          "no Spectral results to compare", flush=True)
                elif proc.returncode in (0, 1):
                    got = pr.from_govlint(json.loads(proc.stdout))
                    want = pr.from_spectral(s_results, project)
                    print(f"  {big.name}: {pr.score(want, got)}; govlint {g_took:.1f} s, "
                          f"Spectral {s_took:.1f} s ({s_took / g_took:.1f}x)", flush=True)
                else:
                    print(f"  {big.name}: govlint exited {proc.returncode}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
