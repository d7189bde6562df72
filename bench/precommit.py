"""pre-commit on one changed file in a repository of 2,000 specs: how long a commit waits.

Builds a throwaway git repo of N generated OpenAPI specs (default 2,000), points a
.pre-commit-config.yaml at this govlint checkout (its HEAD commit), installs the hook
environment once (not timed), then times `pre-commit run` with one staged, changed spec,
and for comparison `govlint lint <that file>` alone.

Measured (2 cores, warm cache, govlint 0.1.0 dev): pre-commit run 1.03 s median (0.94 s
best); govlint lint <file> alone 0.48 s median. pre-commit's own work (git stash of unstaged
changes, file classification over 2,000 paths) is the other half.

Usage: python bench/precommit.py [--files 2000] [--repeat 5] [--keep]
Needs git, pre-commit and network to PyPI for the one-off hook install. Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def spec(i: int) -> str:
    return (
        "openapi: 3.0.3\n"
        f"info:\n  title: Service {i}\n  version: 1.0.0\n"
        "  contact:\n    name: team-a\n"
        "paths:\n"
        f"  /v1/items-{i}:\n    get:\n      operationId: listItems{i}\n"
        "      summary: List items\n"
        "      responses:\n        '200':\n          description: ok\n"
    )


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary repository")
    args = parser.parse_args()

    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="govlint-precommit-"))
    repo = tmp / "repo"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"), "NO_COLOR": "1"}
    git = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
    try:
        repo.mkdir()
        subprocess.run([*git, "init", "-q", "-b", "main"], cwd=repo, check=True)
        for i in range(args.files):
            path = repo / "services" / f"svc-{i:04}" / "openapi.yaml"
            path.parent.mkdir(parents=True)
            path.write_text(spec(i), encoding="utf-8")
        (repo / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {REPO}\n    rev: {head}\n    hooks:\n      - id: govlint\n",
            encoding="utf-8",
        )
        subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "specs"], cwd=repo, check=True)
        pre_commit = [sys.executable, "-m", "pre_commit"]
        print(f"installing the hook environment from {REPO} @ {head[:10]} (not timed)…")
        install = time.perf_counter()
        subprocess.run([*pre_commit, "install-hooks"], cwd=repo, env=env, check=True,
                       capture_output=True)
        print(f"  {time.perf_counter() - install:.1f} s")

        changed = repo / "services" / "svc-0042" / "openapi.yaml"
        hook_times, lint_times = [], []
        hook_bin = next((tmp / "pre-commit-home").glob("repo*/py_env-*/bin"))
        for n in range(args.repeat + 1):
            changed.write_text(spec(42).replace("List items", f"List items ({n})"))
            subprocess.run([*git, "add", str(changed)], cwd=repo, check=True)
            t_hook = run([*pre_commit, "run"], repo, env)
            t_lint = run([str(hook_bin / "govlint"), "lint", "--force-exclude",  # the hook's
                          str(changed.relative_to(repo))],
                         repo, env)
            if n:  # the first round warms the page cache
                hook_times.append(t_hook)
                lint_times.append(t_lint)
        print(f"{args.files} files in the repo, 1 staged change, {args.repeat} runs:")
        print(f"  pre-commit run (govlint hook)  median {statistics.median(hook_times):.3f} s"
              f"  best {min(hook_times):.3f} s")
        print(f"  govlint lint <file> alone      median {statistics.median(lint_times):.3f} s"
              f"  best {min(lint_times):.3f} s")
    finally:
        if args.keep:
            print(f"kept {repo}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
