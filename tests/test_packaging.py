"""The wheel is what users install: it must carry the built-in rulesets, schemas and rule
docs, and lint an example with the built-in governance ruleset from outside the repo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        pytest.fail(f"wheel build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    (path,) = out.glob("govlint-*.whl")
    return path


def test_wheel_ships_rulesets_schemas_and_rule_docs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "govlint/_data/rulesets/governance/3.2/ruleset.yaml" in names
    assert "govlint/_data/rulesets/governance/3.1/ruleset.yaml" in names
    assert "govlint/_data/schemas/crds/index.json" in names
    assert "govlint/_data/schemas/report.schema.json" in names
    assert "govlint/_data/docs/rules/TRC-001.md" in names
    assert "govlint/functions/js/host.mjs" in names  # runs JavaScript functions
    assert "govlint/functions/js/rulesets.mjs" in names  # loads JavaScript rulesets
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_wheel_in_fresh_venv_lints_an_example(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    project = tmp_path / "project"
    shutil.copytree(REPO / "examples" / "payments-svc", project / "payments-svc")
    shutil.copytree(REPO / "examples" / "orders-svc", project / "orders-svc")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}

    def govlint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bindir / "govlint"), *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=300)

    clean = govlint("lint", "payments-svc", "-f", "json")
    assert clean.returncode == 0, clean.stderr
    report = json.loads(clean.stdout)
    assert report["governance"]["version"] == "3.2"
    assert report["summary"]["error"] == 0 and report["summary"]["warn"] == 0
    assert report["summary"]["files"] > 5

    dirty = govlint("lint", "orders-svc", "-f", "json", "--governance", "3.1")
    assert dirty.returncode == 1
    assert json.loads(dirty.stdout)["governance"]["version"] == "3.1"

    explain = govlint("rules", "explain", "TRC-001")
    assert explain.returncode == 0 and "traceparent" in explain.stdout

    module = subprocess.run([str(bindir / "python"), "-m", "govlint", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and "govlint" in module.stdout
