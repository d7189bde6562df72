"""A small governed project in a temporary git repo, and where the real CI tools are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# A project-local Spectral-format ruleset keeps these tests about the CI plumbing, not about
# the built-in governance rules.
RULESET = """\
rules:
  info-contact:
    description: Every spec names an owning team in info.contact.
    message: "info.contact is missing: name the owning team"
    given: $.info
    severity: error
    then:
      field: contact
      function: truthy
  operation-summary:
    description: Operations have a summary.
    given: $.paths[*][get,put,post,delete,patch]
    severity: warn
    then:
      field: summary
      function: truthy
"""

CONFIG = "rulesets: [.spectral.yaml]\n"


def spec(title: str, *, contact: bool, summary: bool = True) -> str:
    lines = ["openapi: 3.0.3", "info:", f"  title: {title}", "  version: 1.0.0"]
    if contact:
        lines += ["  contact:", "    name: payments-team"]
    lines += ["paths:", "  /v1/payments:", "    get:"]
    if summary:
        lines += ["      summary: List payments"]
    lines += ["      responses:", "        '200':", "          description: ok", ""]
    return "\n".join(lines)


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return proc.stdout


def make_repo(root: Path, files: dict[str, str]) -> Path:
    """A git repo with one commit on ``main`` and an ``origin`` remote (never contacted)."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "CI")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "remote", "add", "origin", "https://gitlab.example.com/acme/payments.git")
    write(root, {".govlint.yaml": CONFIG, ".spectral.yaml": RULESET, **files})
    commit(root, "initial")
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def govlint_bin_dir() -> Path:
    """The directory of the ``govlint`` script of the Python running the tests."""
    candidate = Path(sys.executable).parent
    if (candidate / "govlint").exists():
        return candidate
    found = shutil.which("govlint")
    if found:
        return Path(found).parent
    pytest.skip("the govlint command is not installed (pip install -e .)")


def tool_dirs() -> list[Path]:
    """Where .ci/run (GOVLINT_TOOLS) or a developer installed the npm tools."""
    dirs = []
    if os.environ.get("GOVLINT_TOOLS"):
        dirs.append(Path(os.environ["GOVLINT_TOOLS"]))
    dirs += [Path.home() / ".cache" / "govlint-tools", Path("/work/tools/gcl"),
             Path("/work/tools/sarif"), Path("/work/tools")]
    return dirs


def find_npm_bin(name: str) -> Path | None:
    found = shutil.which(name)
    if found:
        return Path(found)
    for d in tool_dirs():
        candidate = d / "node_modules" / ".bin" / name
        if candidate.exists():
            return candidate
    return None
