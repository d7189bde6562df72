"""Record Spectral's results on the leniency cases (tests/data/spectral-lenient/<case>/).

Each case is a ``ruleset.yaml`` and a ``spec.yaml``; this runs the Spectral CLI on them
and writes ``expected.json``: the Spectral version, the ruleset's and spec's sha256, and
the sorted ``[rule, pointer, message]`` results. tests/rules/test_spectral_lenient.py
checks govlint gives the same. ``python bench/spectral_lenient.py`` (a few seconds);
``$SPECTRAL`` names the CLI (``npm install --prefix /tmp/spectral
@stoplight/spectral-cli@6.16.3``).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import common

CASES = common.REPO / "tests" / "data" / "spectral-lenient"


def record(binary: str, version: str) -> None:
    for case in sorted(p for p in CASES.iterdir() if (p / "ruleset.yaml").is_file()):
        run = subprocess.run(
            [binary, "lint", "-r", "ruleset.yaml", "spec.yaml", "-f", "json", "-q"],
            cwd=case, capture_output=True, text=True, check=False)
        if run.returncode not in (0, 1):
            raise SystemExit(f"{case.name}: Spectral failed: {run.stdout}{run.stderr}")
        results = sorted({(r["code"], common.to_pointer(r["path"]), r["message"])
                          for r in json.loads(run.stdout or "[]")})
        expected = {
            "spectral": version,
            "ruleset_sha256": hashlib.sha256((case / "ruleset.yaml").read_bytes()).hexdigest(),
            "spec_sha256": hashlib.sha256((case / "spec.yaml").read_bytes()).hexdigest(),
            "results": [list(r) for r in results],
        }
        (case / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
        print(f"{case.name}: {len(results)} results")


def main() -> int:
    binary = common.spectral_bin()
    if binary is None:
        print("Spectral CLI not found (set $SPECTRAL)", file=sys.stderr)
        return 2
    record(binary, common.spectral_version(binary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
