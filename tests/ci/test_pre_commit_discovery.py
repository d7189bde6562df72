"""The pre-commit hook and discovery (issue 10 §1, §3): staged files that the config
excludes, that a ``.gitignore`` matches (force-added) or that are Helm templates do not fail
the commit; a real problem in a staged file still does. Run for real with ``try-repo``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .project import CONFIG, commit, git, make_repo, spec, write
from .test_pre_commit import _try_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BROKEN = "openapi: 3.0.3\ninfo: [unclosed\n"


def test_hook_drops_excluded_ignored_and_helm_files(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "project", {
        ".govlint.yaml": CONFIG + 'exclude: ["vendor/**"]\n',
        ".gitignore": "generated/\n",
        "api/payments.yaml": spec("Payments", contact=True),
        "vendor/lib/broken.yaml": BROKEN,
        "chart/Chart.yaml": "apiVersion: v2\nname: payments\nversion: 0.1.0\n",
        "chart/values.yaml": "replicaCount: 1\n",
        "chart/templates/service.yaml": "metadata:\n  {{- include \"labels\" . }}\n",
    })
    write(repo, {"generated/broken.yaml": BROKEN})
    git(repo, "add", "-f", "generated/broken.yaml")  # tracked although ignored
    commit(repo, "generated file force-added")
    home = tmp_path / "pre-commit-home"
    staged = ("api/payments.yaml", "vendor/lib/broken.yaml", "generated/broken.yaml",
              "chart/Chart.yaml", "chart/values.yaml", "chart/templates/service.yaml")
    run = _try_repo(repo, *staged, home=home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "parse-error" not in run.stdout

    write(repo, {"api/payments.yaml": BROKEN})
    commit(repo, "break the spec")
    bad = _try_repo(repo, *staged, home=home)
    assert bad.returncode == 1
    assert "api/payments.yaml" in bad.stdout and "parse-error" in bad.stdout
    assert "vendor/lib/broken.yaml" not in bad.stdout
    assert "generated/broken.yaml" not in bad.stdout
