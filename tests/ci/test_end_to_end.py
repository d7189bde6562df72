"""Every format from one real ``govlint lint`` run, validated; shards merged equal the
unsharded report. Runs the installed ``govlint`` command on the bundled examples."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .project import REPO, govlint_bin_dir

EXAMPLES = REPO / "examples"
SARIF_SCHEMA = REPO / "tests" / "vendor" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = REPO / "schemas" / "report.schema.json"
CODE_QUALITY_SCHEMA = REPO / "tests" / "reports" / "gitlab-codequality.schema.json"


def _govlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(govlint_bin_dir() / "govlint"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)


def _errors(schema_path: Path, data: Any) -> list[str]:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (EXAMPLES / "orders-svc").is_dir():
        pytest.skip("examples/orders-svc is missing")
    out = tmp_path_factory.mktemp("formats")
    proc = _govlint(
        "lint", "orders-svc", "payments-svc",
        "--format", f"json:{out}/report.json", "--format", f"sarif:{out}/govlint.sarif",
        "--format", f"gitlab:{out}/gl.json", "--format", f"junit:{out}/junit.xml",
        "--format", f"github:{out}/github.txt", "--format", f"markdown:{out}/report.md",
        "--format", "stylish",
        cwd=EXAMPLES,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # orders-svc breaks rules
    return {
        "stylish": proc.stdout,
        "json": json.loads((out / "report.json").read_text()),
        "sarif": json.loads((out / "govlint.sarif").read_text()),
        "gitlab": json.loads((out / "gl.json").read_text()),
        "junit": ET.parse(out / "junit.xml").getroot(),
        "github": (out / "github.txt").read_text().splitlines(),
        "markdown": (out / "report.md").read_text(),
    }


def test_all_formats_from_one_run_are_valid_and_agree(outputs: dict[str, Any]) -> None:
    report = outputs["json"]
    assert _errors(REPORT_SCHEMA, report) == []
    assert _errors(SARIF_SCHEMA, outputs["sarif"]) == []
    assert _errors(CODE_QUALITY_SCHEMA, outputs["gitlab"]) == []
    active = [r for r in report["results"] if r["suppressed"] is None]
    assert active, "orders-svc should produce findings"
    assert report["summary"]["error"] > 0
    assert len(outputs["sarif"]["runs"][0]["results"]) == len(report["results"])
    assert len(outputs["gitlab"]) == len(active)
    prints = [e["fingerprint"] for e in outputs["gitlab"]]
    assert len(prints) == len(set(prints))
    assert int(outputs["junit"].get("failures")) == len(active)
    assert len(outputs["github"]) == len(active)
    assert outputs["markdown"].startswith("### govlint: ❌")
    total = sum(report["summary"][k] for k in ("error", "warn", "info", "hint"))
    assert f"✖ {total} problem" in outputs["stylish"]
    # relative to the project root: the checkout's git top level (examples/...)
    assert all(r["file"].removeprefix("examples/").startswith(("orders-svc/", "payments-svc/"))
               and not r["file"].startswith("../") for r in report["results"])


def test_merged_shards_equal_the_unsharded_report(tmp_path: Path) -> None:
    if not (EXAMPLES / "orders-svc").is_dir():
        pytest.skip("examples/orders-svc is missing")
    whole = tmp_path / "whole.json"
    proc = _govlint("lint", ".", "--format", f"json:{whole}", cwd=EXAMPLES)
    assert proc.returncode in (0, 1), proc.stderr
    lint_code = proc.returncode
    shards = []
    for k in (1, 2, 3):
        path = tmp_path / f"shard-{k}.json"
        proc = _govlint("lint", ".", "--shard", f"{k}/3", "--format", f"json:{path}",
                        cwd=EXAMPLES)
        assert proc.returncode in (0, 1), proc.stderr
        shards.append(path)
    files = [set(json.loads(p.read_text())["files"]) for p in shards]
    assert all(files) and not (files[0] & files[1] or files[0] & files[2] or files[1] & files[2])
    merged = tmp_path / "merged.json"
    proc = _govlint("merge", *map(str, shards), "--format", f"json:{merged}", cwd=EXAMPLES)
    assert proc.returncode == lint_code == 1, proc.stderr  # the gate fails as lint does
    assert json.loads(merged.read_text()) == json.loads(whole.read_text())
    assert merged.read_text() == whole.read_text()
