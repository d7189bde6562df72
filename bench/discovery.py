"""Discovery on a 2,000-service git repository: govlint's walk with ``.gitignore`` matching
(pathspec on RE2) against asking git (``git ls-files``), and the cost of ignore files.

Usage: ``python bench/discovery.py [--services 2000] [--repeat 5]``. Builds the tree in a
temporary directory (each service: a spec, a service config, k8s manifests, a nested
``.gitignore``; plus ignored build output and node_modules), prints best-of-N wall times.
Not part of the govlint package.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from govlint.config import Config
from govlint.files.discover import discover


def build(root: Path, services: int) -> None:
    (root / ".gitignore").write_text("/build/\n*.gen.yaml\nnode_modules/\n*.log\ntmp/\n")
    for i in range(services):
        svc = root / "services" / f"svc-{i:04d}"
        for sub in ("api", "deploy", "tmp", "dist"):
            (svc / sub).mkdir(parents=True)
        (svc / ".gitignore").write_text("dist/\n!dist/keep.yaml\n")
        (svc / "api" / "openapi.yaml").write_text("openapi: 3.0.3\n")
        (svc / "service.yaml").write_text("service: x\n")
        (svc / "deploy" / "deployment.yaml").write_text("kind: Deployment\n")
        (svc / "deploy" / "service.yaml").write_text("kind: Service\n")
        (svc / "api" / "client.gen.yaml").write_text("x: 1\n")
        (svc / "tmp" / "scratch.yaml").write_text("x: 1\n")
        (svc / "dist" / "bundle.json").write_text("{}\n")
        (svc / "README.md").write_text("# svc\n")
    build_dir = root / "build"
    build_dir.mkdir()
    for i in range(2000):
        (build_dir / f"out-{i}.json").write_text("{}\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govlint-discovery-") as tmp:
        root = Path(tmp)
        build(root, args.services)
        os.chdir(root)
        respect = Config(root=root)
        plain = Config(root=root, respect_gitignore=False)
        t_respect, found = best(lambda: discover(["."], root, respect), args.repeat)
        t_plain, everything = best(lambda: discover(["."], root, plain), args.repeat)

        def git_ls() -> list[str]:
            out = subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=root, capture_output=True, check=True).stdout
            return [p for p in out.decode().split("\0")
                    if p.endswith((".yaml", ".yml", ".json", ".properties"))]

        t_git, listed = best(git_ls, args.repeat)
        named = [str(p) for p in found[:20]]
        t_force, _ = best(lambda: discover(named, root, respect, force_exclude=True),
                          args.repeat)
        print(f"services: {args.services}, files walked: {len(everything)}, "
              f"kept: {len(found)} (git ls-files: {len(listed)} of which tracked-but-ignored "
              f"differ: {len(set(listed) - {os.path.relpath(p, root) for p in found})})")
        print(f"discover, .gitignore respected : {t_respect:.3f} s")
        print(f"discover, --no-respect-gitignore: {t_plain:.3f} s")
        print(f"git ls-files (index + untracked): {t_git:.3f} s (file list only)")
        print(f"20 named files, --force-exclude : {t_force:.3f} s")


if __name__ == "__main__":
    main()
