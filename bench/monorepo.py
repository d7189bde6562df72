"""One changed file in a monorepo of 2,000 services without service markers (issue 10.7).

The pre-commit case: the hook passes the changed file only, the governance ruleset's
cross-document rules need the file's service around it (docs/architecture.md "Partial
runs"). Each generated service is laid out the way many real ones are, with nothing named
like a marker (no `.govlint.yaml`, no `service.yaml`, no `openapi.*`):

    services/svc-0042/orders-0042.yaml        OpenAPI 3.0 spec, 8 operations
    services/svc-0042/deploy/deployment.yaml  Kubernetes Deployment
    services/svc-0042/deploy/gray.yaml        OpenSergo GrayRelease targeting it

The repository is a git repository (the project root is its top level). Timed, each from
the repository root, default config (governance ruleset, latest version):

    spec      govlint lint services/svc-0042/orders-0042.yaml
    manifest  govlint lint services/svc-0042/deploy/gray.yaml
    changed   govlint lint --changed-since HEAD   (the spec above edited)

Usage: python bench/monorepo.py [--services 2000] [--repeat 5] [--govlint CMD] [--keep DIR]
`--govlint "env PYTHONPATH=/tmp/old/linter python -m govlint"` times another checkout
(docs/benchmarks.md records before/after). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPERATIONS = 8


def spec(i: int) -> str:
    lines = [
        "openapi: 3.0.3",
        "info:",
        f"  title: Orders {i}",
        "  version: 1.0.0",
        f"  x-service-name: svc-{i:04d}",
        "  contact: {name: team-a}",
        "paths:",
    ]
    for op in range(OPERATIONS):
        lines += [
            f"  /v1/items-{op}/{{itemId}}:",
            "    get:",
            f"      operationId: getItem{op}",
            "      summary: Get an item",
            "      parameters:",
            "        - {name: itemId, in: path, required: true, schema: {type: string}}",
            "        - {name: traceparent, in: header, required: false, schema: {type: string}}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            "              schema: {type: object, properties: {itemId: {type: string}}}",
            "        '404':",
            "          description: not found",
            "          content:",
            "            application/problem+json:",
            "              schema: {$ref: '#/components/schemas/Problem'}",
        ]
    lines += [
        "components:",
        "  schemas:",
        "    Problem:",
        "      type: object",
        "      properties: {type: {type: string}, title: {type: string}, code: {type: string}}",
    ]
    return "\n".join(lines) + "\n"


def deployment(i: int) -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: svc-{i:04d}\n  labels: {{app.kubernetes.io/name: svc-{i:04d}}}\n"
        "spec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n"
        "  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: web, image: 'example/web:1'}]}\n"
    )


def gray(i: int) -> str:
    return (
        "apiVersion: traffic.opensergo.io/v1alpha1\nkind: GrayRelease\nmetadata:\n"
        f"  name: svc-{i:04d}-gray\n"
        f"spec:\n  targetRef: {{kind: Deployment, name: svc-{i:04d}}}\n"
        "  trafficSplit: {stable: 90, canary: 10}\n"
    )


def build(repo: Path, services: int) -> None:
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    for i in range(services):
        service = repo / "services" / f"svc-{i:04d}"
        (service / "deploy").mkdir(parents=True)
        (service / f"orders-{i:04d}.yaml").write_text(spec(i), encoding="utf-8")
        (service / "deploy" / "deployment.yaml").write_text(deployment(i), encoding="utf-8")
        (service / "deploy" / "gray.yaml").write_text(gray(i), encoding="utf-8")
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "services"], cwd=repo, check=True)


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, dict]:
    """Wall and CPU (user + system) seconds of one run, and its JSON report. CPU time is
    the figure to compare on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"{shlex.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed, cpu, json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--govlint", default=None, help="command to run (default: this venv's)")
    parser.add_argument("--keep", metavar="DIR", help="build (or reuse) the repository here")
    args = parser.parse_args()

    script = Path(sys.executable).parent / "govlint"
    base = shlex.split(args.govlint) if args.govlint else (
        [str(script)] if script.exists() else [sys.executable, "-m", "govlint"])
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="govlint-mono-"))
    repo = tmp / "repo"
    try:
        if not (repo / ".git").exists():
            repo.mkdir(parents=True, exist_ok=True)
            print(f"building {args.services} services in {repo} (not timed)…", flush=True)
            build(repo, args.services)
        changed = "services/svc-0042/orders-0042.yaml"
        target = repo / changed
        text = target.read_text(encoding="utf-8")
        if "summary: Get an item (edited)" not in text:
            target.write_text(text.replace("summary: Get an item",
                                           "summary: Get an item (edited)", 1), encoding="utf-8")
        cases = {
            "spec": [*base, "lint", changed, "-f", "json"],
            "manifest": [*base, "lint", "services/svc-0042/deploy/gray.yaml", "-f", "json"],
            "changed": [*base, "lint", "--changed-since", "HEAD", "-f", "json"],
        }
        print(f"{args.services} services, load {os.getloadavg()[0]:.1f}, "
              f"{args.repeat} timed runs after one warm-up:")
        for name, cmd in cases.items():
            times, cpus = [], []
            report: dict = {}
            for n in range(args.repeat + 1):
                elapsed, cpu, report = timed(cmd, repo)
                if n:
                    times.append(elapsed)
                    cpus.append(cpu)
            summary = report.get("summary", {})
            print(f"  {name:9s} wall median {statistics.median(times):6.3f} s"
                  f"  best {min(times):6.3f} s  CPU median {statistics.median(cpus):6.3f} s"
                  f"  ({summary.get('files')} file(s), {summary.get('error')} errors,"
                  f" {summary.get('warn')} warnings)", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
