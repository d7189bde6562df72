"""Backtracking patterns of public rulesets on GitHub's spec: govlint vs Spectral.

``bench/rulesets/backtracking.yaml`` holds the kebab-case idiom of APIs You Won't Hate and
apiaddicts (``^(/|[a-z0-9-.]+|{[a-zA-Z0-9_]+})+$``) on path keys and property names and
OWASP's ``no-numeric-ids`` (a ``.match()`` filter, ``^.schema``). A backtracking engine
takes exponential time on the names those patterns reject; govlint runs such JS patterns
on RE2 (functions/core/_linear.py). This runs both tools once each on
``api.github.com.json`` (bench/fetch_corpus.py) and prints wall time, CPU time (the
figure to compare on a loaded machine), peak RSS, findings and how many (rule, pointer)
pairs agree. ``python bench/regex_bench.py [--spec FILE] [--no-spectral]``; figures in
docs/benchmarks.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import common
import run

RULESET = common.REPO / "bench" / "rulesets" / "backtracking.yaml"


def _pairs_govlint(out: Path) -> set[tuple[str, str]]:
    return {(r["rule"], r["pointer"]) for r in json.loads(out.read_text())["results"]}


def _pairs_spectral(out: Path) -> set[tuple[str, str]]:
    return {(r["code"], common.to_pointer(r["path"])) for r in json.loads(out.read_text())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, help="default: the bench corpus's GitHub spec")
    parser.add_argument("--no-spectral", action="store_true")
    args = parser.parse_args(argv)
    if args.spec is None:
        from fetch_corpus import ensure_corpus

        args.spec = ensure_corpus().github_json
    spec = args.spec.resolve()
    print(f"spec {spec} ({spec.stat().st_size / 1e6:.1f} MB), load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        rows: list[tuple[str, run.RunResult, set[tuple[str, str]]]] = []
        cmd = [*run.govlint_cmd(), "lint", spec.name, "--ruleset", str(RULESET),
               "--format", f"json:{out / 'govlint.json'}"]
        result = run.run_once(cmd, cwd=spec.parent)
        rows.append(("govlint", result, _pairs_govlint(out / "govlint.json")))
        binary = None if args.no_spectral else common.spectral_bin()
        if binary:
            cmd = [binary, "lint", "-r", str(RULESET), "-f", "json", "-o",
                   str(out / "spectral.json"), "-q", spec.name]
            result = run.run_once(cmd, cwd=spec.parent)
            rows.append(("spectral", result, _pairs_spectral(out / "spectral.json")))
    print(f"{'tool':10} {'wall s':>8} {'cpu s':>8} {'rss MB':>8} {'findings':>9}")
    for name, result, pairs in rows:
        print(f"{name:10} {result.seconds:8.1f} {result.cpu:8.1f} {result.rss_kb / 1024:8.0f} "
              f"{len(pairs):9,}")
    if len(rows) == 2:
        ours, theirs = rows[0][2], rows[1][2]
        print(f"agree {len(ours & theirs):,}; govlint only {len(ours - theirs):,}; "
              f"Spectral only {len(theirs - ours):,}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(common.REPO / "bench"))
    raise SystemExit(main())
