"""Regenerate the Spectral compatibility data (tests/data/spectral-compat/expected/).

Runs Spectral with tests/data/spectral-compat/ruleset.yaml over every spec of the shared
APIs-guru corpus and stores, per spec, the sorted set of (rule code, RFC 6901 pointer) that
Spectral reports. tests/compat/test_spectral_compat.py compares govlint against it.

Re-run whenever the ruleset changes: ``python bench/spectral_compat.py``. It reads only the
corpus and the ruleset and writes only the expected files (stale ones are removed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from common import (
    APIS_GURU,
    EXPECTED_DIR,
    RULESET,
    corpus_specs,
    ruleset_digest,
    spectral_bin,
    spectral_version,
    to_pointer,
)


def run_spectral(binary: str, specs: list[Path]) -> list[dict]:
    """One Spectral run over all specs (each document is linted independently)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        proc = subprocess.run(
            [
                binary,
                "lint",
                "-r",
                str(RULESET),
                "-f",
                "json",
                "-o",
                str(out),
                "-q",
                "--fail-severity",
                "error",
                *map(str, specs),
            ],
            capture_output=True,
            text=True,
        )
        # 0: clean, 1: findings at error severity; anything else is Spectral failing.
        if proc.returncode not in (0, 1) or not out.exists():
            sys.exit(f"spectral failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        return json.loads(out.read_text(encoding="utf-8"))


def expected_path(spec: Path) -> Path:
    return EXPECTED_DIR / (spec.relative_to(APIS_GURU).as_posix() + ".json")


def render(spec: Path, version: str, digest: str, pairs: list[tuple[str, str]]) -> str:
    """Deterministic JSON with one finding per line, so diffs stay reviewable."""
    head = {
        "spec": spec.relative_to(APIS_GURU.parent).as_posix(),
        "spectral": version,
        "ruleset_sha256": digest,
    }
    lines = [json.dumps(list(p), ensure_ascii=False) for p in pairs]
    body = ",\n  ".join(lines)
    findings = f"[\n  {body}\n ]" if lines else "[]"
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    return f'{text},\n "findings": {findings}\n}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spectral", help="Spectral CLI to run (default: see bench/common.py)")
    args = parser.parse_args(argv)
    binary = args.spectral or spectral_bin()
    if binary is None:
        sys.exit(
            "Spectral not found: npm install --prefix /work/tools/spectral "
            "@stoplight/spectral-cli@6, or set $SPECTRAL"
        )
    if not APIS_GURU.is_dir():
        sys.exit(f"corpus not found: {APIS_GURU}")
    specs = corpus_specs()
    version = spectral_version(binary)
    results = run_spectral(binary, specs)

    by_source: dict[Path, set[tuple[str, str]]] = defaultdict(set)
    for r in results:
        by_source[Path(r["source"]).resolve()].add((r["code"], to_pointer(r["path"])))

    unknown = set(by_source) - {s.resolve() for s in specs}
    if unknown:
        sys.exit(f"results for files outside the corpus (external $refs?): {sorted(unknown)}")

    written = set()
    digest = ruleset_digest()
    for spec in specs:
        pairs = sorted(by_source.get(spec.resolve(), set()))
        target = expected_path(spec)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(spec, version, digest, pairs), encoding="utf-8")
        written.add(target)
        print(f"{len(pairs):6d}  {spec.relative_to(APIS_GURU)}")
    for stale in EXPECTED_DIR.rglob("*.json"):
        if stale not in written:
            stale.unlink()
    total = sum(len(v) for v in by_source.values())
    print(f"spectral {version}: {total} findings over {len(specs)} specs -> {EXPECTED_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
