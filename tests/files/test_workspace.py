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


# --- services without named markers (issue 10.7) -----------------------------------------

ORDERS = ("openapi: 3.0.3\ninfo: {title: Orders, version: 1.0.0, x-service-name: %s}\n"
          "paths: {}\n")
DEPLOYMENT = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n"
              "  labels: {app.kubernetes.io/name: %s}\nspec: {}\n")


def markerless(root: Path, services: int = 3) -> Path:
    """services/svc-N/{orders.yaml (a spec by content only), deploy/deployment.yaml}; the
    deployment of svc-1 names another service (NAM-007 across files of one service)."""
    for i in range(services):
        service = root / "services" / f"svc-{i}"
        (service / "deploy").mkdir(parents=True)
        (service / "orders.yaml").write_text(ORDERS % f"svc-{i}", encoding="utf-8")
        name = "other" if i == 1 else f"svc-{i}"
        (service / "deploy" / "deployment.yaml").write_text(DEPLOYMENT % (name, name),
                                                            encoding="utf-8")
    (root / "loose").mkdir()
    (root / "loose" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    return root


def test_a_spec_found_by_content_bounds_the_workspace(tmp_path: Path) -> None:
    root = markerless(tmp_path)
    config = Config(root=root)
    service = root / "services" / "svc-1"
    assert workspace_dir(service / "orders.yaml", root, config) == service
    # a sibling folder of the spec's directory finds it too
    assert workspace_dir(service / "deploy" / "deployment.yaml", root, config) == service
    assert workspace_dir(root / "loose" / "notes.yaml", root, config) == root


def test_a_spec_in_an_api_folder_marks_its_parent(tmp_path: Path) -> None:
    service = tmp_path / "svc"
    (service / "api").mkdir(parents=True)
    (service / "k8s").mkdir()
    (service / "api" / "orders.json").write_text('{"openapi": "3.0.3", "paths": {}}')
    (service / "k8s" / "deployment.yaml").write_text(DEPLOYMENT % ("svc", "svc"))
    config = Config(root=tmp_path)
    assert workspace_dir(service / "k8s" / "deployment.yaml", tmp_path, config) == service
    assert workspace_dir(service / "api" / "orders.json", tmp_path, config) == service


def test_a_file_that_only_mentions_openapi_is_no_marker(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "values.yaml").write_text("image: {tag: '1'}\ndocs:\n  openapi: 3.0.3\n")
    (tmp_path / "svc" / "x.yaml").write_text("a: 1\n")
    assert workspace_dir(tmp_path / "svc" / "x.yaml", tmp_path, Config(root=tmp_path)) == \
        tmp_path


def test_named_files_of_a_markerless_service_keep_cross_file_findings(govlint,
                                                                      tmp_path: Path) -> None:
    root = markerless(tmp_path)
    whole = govlint("lint", "-f", "json", cwd=root).json()["results"]
    deployment = "services/svc-1/deploy/deployment.yaml"
    expected = sorted((r["rule"], r["pointer"]) for r in whole if r["file"] == deployment)
    assert ("NAM-007", "/metadata/labels/app.kubernetes.io~1name") in expected
    alone = govlint("lint", deployment, "-f", "json", cwd=root).json()["results"]
    assert sorted((r["rule"], r["pointer"]) for r in alone) == expected
