"""govlint.files.ignore: git's ignore rules, checked against git itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from govlint.files.ignore import GitIgnore

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FILES = [
    "a.log", "keep.log", "src/a.log", "src/keep.log", "build/x.yaml", "src/build/x.yaml",
    "docs/build/y.yaml", "deep/build/z.yaml", "tmp/cache/x.json", "tmp/keep/x.json",
    "svc/dist/a.json", "svc/dist/keep.json", "svc/out.yaml", "svc/sub/out.yaml",
    "svc/sub/other.yaml", "svc/[x].yaml", "svc/a b.yaml", "vendor/v.yaml",
    "nested/x.log", "nested/inner/y.yaml",
]
GITIGNORES = {
    ".gitignore": "*.log\n!keep.log\n/build/\ndocs/build\ntmp/*\n!tmp/keep/\n# comment\n"
                  "svc/dist/\n!svc/dist/keep.json\n",
    "svc/.gitignore": "/out.yaml\nsub/other.yaml\n\\[x\\].yaml\na\\ b.yaml\n",
    "nested/.gitignore": "!x.log\ninner/\n",
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n")
    for name, text in GITIGNORES.items():
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".git" / "info" / "exclude").write_text("vendor/\n")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return root


def _git_ignored(root: Path) -> set[str]:
    out = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=root,
                         input="\n".join(FILES), capture_output=True, text=True, check=False)
    return set(out.stdout.split("\n")) - {""}


def test_same_verdicts_as_git_check_ignore(repo: Path) -> None:
    ignore = GitIgnore()
    ours = {f for f in FILES if ignore.ignored_or_inside_ignored(str(repo / f), False)}
    assert ours == _git_ignored(repo)
    # a file below an ignored directory cannot be re-included (svc/dist/keep.json)
    assert "svc/dist/keep.json" in ours and "tmp/keep/x.json" not in ours
    assert "nested/x.log" not in ours and "src/build/x.yaml" not in ours


def test_outside_a_repository_nothing_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*\n")
    (tmp_path / "a.yaml").write_text("a: 1\n")
    assert not GitIgnore().ignored_or_inside_ignored(str(tmp_path / "a.yaml"), False)


def test_worktree_reads_the_common_info_exclude(repo: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-q", "--allow-empty", "-m", "init"], check=True)
    worktree = tmp_path / "wt"
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "-q", str(worktree)],
                   check=True)
    (worktree / "vendor").mkdir()
    (worktree / "vendor" / "v.yaml").write_text("x\n")
    assert (worktree / ".git").is_file()
    assert GitIgnore().ignored_or_inside_ignored(str(worktree / "vendor" / "v.yaml"), False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_symlinked_gitignore_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "a").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    os.mkfifo(root / ".gitignore")  # would block a plain open() forever
    (tmp_path / "outside-ignore").write_text("*.yaml\n")
    (root / "a" / ".gitignore").symlink_to(tmp_path / "outside-ignore")
    (root / "a" / "x.yaml").write_text("x\n")
    assert not GitIgnore().ignored(str(root / "a" / "x.yaml"), False)


def test_a_symlinked_global_excludes_file_is_read(repo: Path, tmp_path: Path) -> None:
    """Dotfiles managers link ~/.config/git/ignore; only in-tree files are not followed."""
    dotfiles = tmp_path / "dotfiles" / "gitignore"
    dotfiles.parent.mkdir()
    dotfiles.write_text("svc/sub/\n")
    target = Path(os.environ["XDG_CONFIG_HOME"]) / "git" / "ignore"
    target.parent.mkdir(parents=True)
    target.symlink_to(dotfiles)
    assert GitIgnore().ignored_or_inside_ignored(str(repo / "svc/sub/out.yaml"), False)
