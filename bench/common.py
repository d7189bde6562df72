"""Paths and tool lookup shared by the bench scripts (not part of the govlint package)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMPAT_DIR = REPO / "tests" / "data" / "spectral-compat"
RULESET = COMPAT_DIR / "ruleset.yaml"
EXPECTED_DIR = COMPAT_DIR / "expected"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
APIS_GURU = SHARED_CORPUS / "apis-guru"

# Where `npm install --prefix /work/tools/spectral @stoplight/spectral-cli@6` puts the CLI.
DEFAULT_SPECTRAL = Path("/work/tools/spectral/node_modules/.bin/spectral")


def spectral_bin() -> str | None:
    """The Spectral CLI: $SPECTRAL, the tools install, or `spectral` on PATH."""
    env = os.environ.get("SPECTRAL")
    if env:
        return env
    if DEFAULT_SPECTRAL.exists():
        return str(DEFAULT_SPECTRAL)
    return shutil.which("spectral")


def spectral_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def ruleset_digest(path: Path = RULESET) -> str:
    """sha256 of the ruleset, stored with expected data to detect stale data."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def to_pointer(path: list[str | int]) -> str:
    """RFC 6901 pointer for a Spectral result path (array of keys and indexes)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def corpus_specs(root: Path = APIS_GURU) -> list[Path]:
    """The OpenAPI specs of the shared APIs-guru corpus, sorted."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".json", ".yaml"})
