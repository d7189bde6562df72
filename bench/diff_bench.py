"""``govlint diff`` on GitHub's API description v19.0.0 -> v23.0.2 (11 -> 13 MB JSON):
wall time, peak memory, and whether every removed operation is reported; Atlassian's
openapi-diff on the same pair for comparison.

Setup (not timed; npm needs the registry once):
    npm install --prefix /tmp/octokit19 @octokit/openapi@19.0.0
    npm install --prefix /tmp/octokit23 @octokit/openapi@23.0.2
    npm install --prefix /tmp/openapi-diff openapi-diff@0.24      # optional

Usage: python bench/diff_bench.py [--base FILE] [--head FILE] [--repeat 5]
       [--openapi-diff BIN] [--openapi-diff-timeout 300]

The removed operations are counted independently of govlint (METHOD + template present in
BASE, absent in HEAD) and each must appear among the api-removed-* / api-path-removed-*
findings. Budget (issue 12): <= 5 s and <= 500 MB on the 2-core CI machine. Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEC = "node_modules/@octokit/openapi/generated/api.github.com.json"
DEFAULT_BASE = Path("/tmp/octokit19") / SPEC
DEFAULT_HEAD = Path("/tmp/octokit23") / SPEC
DEFAULT_OPENAPI_DIFF = Path("/tmp/openapi-diff/node_modules/.bin/openapi-diff")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REMOVAL = ("api-removed-", "api-path-removed-")


def operations(path: Path) -> set[tuple[str, str]]:
    spec = json.loads(path.read_bytes())
    return {(m.upper(), p) for p, item in spec.get("paths", {}).items()
            for m in item if m in METHODS}


def timed(cmd: list[str], cwd: Path, timeout: float) -> tuple[float, float, int, int | None]:
    """(wall seconds, CPU seconds, peak RSS in MB of this child, exit code or None on
    timeout). CPU time is what a loaded shared machine does not inflate."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              check=False)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        code = None
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children is the largest child so far: meaningful when this one is larger.
    return (elapsed, usage.ru_utime + usage.ru_stime - cpu, max(usage.ru_maxrss, before) // 1024,
            code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=DEFAULT_BASE)
    parser.add_argument("--head", type=Path, default=DEFAULT_HEAD)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--openapi-diff", default=str(DEFAULT_OPENAPI_DIFF))
    parser.add_argument("--openapi-diff-timeout", type=float, default=300)
    args = parser.parse_args()
    for spec in (args.base, args.head):
        if not spec.is_file():
            sys.exit(f"{spec} missing: see the setup in this script's docstring")
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as tmp:
        work = Path(tmp)
        shutil.copy(args.base, work / "base.json")
        shutil.copy(args.head, work / "head.json")
        cmd = [sys.executable, "-m", "govlint", "diff", "base.json", "head.json", "--level",
               "info", "--fail-on", "none", "-f", "json:report.json"]
        times, cpus, peak = [], [], 0
        for _ in range(args.repeat):
            elapsed, cpu, rss, code = timed(cmd, work, 600)
            if code != 0:
                sys.exit(f"govlint diff failed with exit code {code}")
            times.append(elapsed)
            cpus.append(cpu)
            peak = max(peak, rss)
        report = json.loads((work / "report.json").read_text())
        removed = operations(work / "base.json") - operations(work / "head.json")
        reported = {(r["operation"]["method"], r["operation"]["path"])
                    for r in report["results"]
                    if r["rule"].startswith(REMOVAL) and "operation" in r}
        print(f"load average {os.getloadavg()[0]:.1f}; govlint diff: wall median "
              f"{statistics.median(times):.2f} s, best {min(times):.2f} s; CPU median "
              f"{statistics.median(cpus):.2f} s over {args.repeat} runs; peak RSS {peak} MB; "
              f"{len(report['results'])} "
              f"changes ({sum(r['severity'] == 'error' for r in report['results'])} "
              f"breaking)")
        print(f"removed operations: {len(removed)}, reported: {len(removed & reported)}, "
              f"missed: {sorted(removed - reported)}, extra: {sorted(reported - removed)}")
        tool = args.openapi_diff
        if tool and (os.path.exists(tool) or shutil.which(tool)):
            elapsed, cpu, rss, code = timed([tool, "base.json", "head.json"], work,
                                            args.openapi_diff_timeout)
            outcome = "timed out" if code is None else f"exit code {code}"
            print(f"openapi-diff: {elapsed:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss} MB, "
                  f"{outcome}")
        else:
            print("openapi-diff: not installed (see the setup in this script's docstring)")


if __name__ == "__main__":
    main()
