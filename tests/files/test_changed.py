from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from govlint.errors import GovlintError
from govlint.files.changed import changed_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "apis").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    (repo / "apis" / "a.yaml").write_text("a: 1\n")
    (repo / "apis" / "b.yaml").write_text("b: 1\n")
    (repo / "gone.yaml").write_text("g: 1\n")
    (repo / "keep.yaml").write_text("k: 1\n")
    (repo / ".gitignore").write_text("ignored.yaml\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "feature")
    (repo / "apis" / "new.yaml").write_text("n: 1\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "feature work")
    return repo


def test_committed_staged_unstaged_and_untracked_changes(repo: Path) -> None:
    (repo / "apis" / "a.yaml").write_text("a: 2\n")  # unstaged
    (repo / "keep.yaml").write_text("k: 2\n")
    _git(repo, "add", "keep.yaml")  # staged
    (repo / "untracked.json").write_text("{}")
    (repo / "ignored.yaml").write_text("i: 1\n")
    _git(repo, "rm", "-q", "gone.yaml")  # deleted: nothing to lint
    assert changed_files("main", repo) == {
        "apis/new.yaml", "apis/a.yaml", "keep.yaml", "untracked.json"
    }


def test_paths_are_relative_to_root_and_limited_to_it(repo: Path) -> None:
    (repo / "keep.yaml").write_text("k: 2\n")
    (repo / "apis" / "u.yaml").write_text("u: 1\n")
    assert changed_files("main", repo / "apis") == {"new.yaml", "u.yaml"}


def test_changes_on_main_after_the_fork_are_not_ours(repo: Path) -> None:
    _git(repo, "checkout", "-q", "main")
    (repo / "apis" / "b.yaml").write_text("b: 2\n")
    _git(repo, "commit", "-q", "-am", "main moved on")
    _git(repo, "checkout", "-q", "feature")
    assert changed_files("main", repo) == {"apis/new.yaml"}


def test_unknown_ref_and_non_repo_are_clear_errors(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GovlintError, match="unknown git ref 'origin/nope'"):
        changed_files("origin/nope", repo)
    with pytest.raises(GovlintError, match="invalid git ref"):
        changed_files("--output=/tmp/x", repo)
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GovlintError, match="not inside a git work tree"):
        changed_files("main", plain)


def test_specs_using_a_fragment_directly_or_through_other_fragments(tmp_path: Path) -> None:
    from govlint.config import Config
    from govlint.files.changed import specs_using

    root = tmp_path
    files = {
        "svc/openapi.yaml": "openapi: 3.0.3\npaths:\n  /a: {$ref: 'paths/a%7Bid%7D.yaml'}\n",
        "svc/paths/a{id}.yaml": "get:\n  responses: {'200': {$ref: '../c/r.yaml#/Ok'}}\n",
        "svc/c/r.yaml": "Ok: {description: ok}\n",
        # names r.yaml in a comment only: read as bytes, rejected by resolving it
        "svc/unrelated.openapi.yaml": "openapi: 3.0.3\n# see r.yaml, $ref\npaths: {}\n",
        "svc/deploy.yaml": "apiVersion: v1\nkind: ConfigMap\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    config = Config(root=root)
    assert specs_using([root / "svc/c/r.yaml"], [], root, config) == [root / "svc/openapi.yaml"]
    # a spec already reported, or a changed file that is itself a root, adds nothing
    assert specs_using([root / "svc/c/r.yaml"], [root / "svc/openapi.yaml"], root, config) == []
    assert specs_using([root / "svc/deploy.yaml", root / "svc/unrelated.openapi.yaml"], [],
                       root, config) == []
