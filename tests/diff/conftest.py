"""The oasdiff corpus beside the repository, or beside the main checkout when the tests run
in a git worktree (``git worktree add`` puts the checkout elsewhere)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _candidates() -> list[Path]:
    out = [REPO.parent / "shared" / "corpus"]
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute",
                                 "--git-common-dir"], cwd=REPO, capture_output=True,
                                text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        common = ""
    if common:
        out.append(Path(common).parent.parent / "shared" / "corpus")
    return out


@pytest.fixture
def oasdiff_corpus() -> Path:
    for corpus in _candidates():
        if (corpus / "oasdiff" / "cases.json").is_file():
            return corpus / "oasdiff"
    pytest.skip(f"oasdiff corpus not found at {', '.join(map(str, _candidates()))} "
                f"(../shared/corpus/oasdiff beside the repository)")
