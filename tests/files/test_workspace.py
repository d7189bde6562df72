"""Cross-document rules read a named file's whole service directory (pre-commit passes
only the changed files) and report only on the files named."""

from __future__ import annotations

import shutil
from pathlib import Path

from govlint.config import Config
from govlint.files.workspace import workspace_dir

REPO = Path(__file__).resolve().parents[2]


def copy_examples(tmp_path: Path) -> Path:
    for name in ("payments-svc", "orders-svc"):
        shutil.copytree(REPO / "examples" / name, tmp_path / name)
    return tmp_path


def test_workspace_dir_is_the_service_directory(tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    config = Config(root=root)
    service = root / "payments-svc"
    assert workspace_dir(service / "deploy" / "gray-release.yaml", root, config) == service
    assert workspace_dir(service / "api" / "openapi.yaml", root, config) == service
    (root / "loose").mkdir()
    assert workspace_dir(root / "loose" / "x.yaml", root, config) == root


def test_one_file_of_a_compliant_service_lints_clean(govlint, tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    for name in ("deploy/gray-release.yaml", "deploy/traffic-lane.yaml", "api/openapi.yaml"):
        path = f"payments-svc/{name}"
        if not (root / path).exists():
            continue
        run = govlint("lint", path, "-f", "json", cwd=root)
        assert run.code == 0, (path, run.stdout[-2000:], run.stderr)
        assert run.json()["results"] == [], path


def test_a_named_spec_keeps_its_cross_document_findings(govlint, tmp_path: Path) -> None:
    root = copy_examples(tmp_path)
    whole = govlint("lint", "orders-svc", "-f", "json", cwd=root).json()["results"]
    spec = "orders-svc/api/openapi.yaml"
    alone = govlint("lint", spec, "-f", "json", cwd=root).json()["results"]
    assert {r["file"] for r in alone} == {spec}

    def key(r: dict) -> tuple:
        return (r["rule"], r["pointer"], r["message"])

    expected = sorted(key(r) for r in whole if r["file"] == spec)
    assert sorted(key(r) for r in alone) == expected
    assert any(r["rule"] in ("ERR-006", "TRC-003") for r in alone)
