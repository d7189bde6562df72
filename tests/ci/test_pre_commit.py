"""The pre-commit hook, run for real: ``pre-commit try-repo <this repo> govlint``.

pre-commit builds its own virtualenv from this repository (``pip install .``), which needs
PyPI for govlint's dependencies, so the first run takes a while.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .project import REPO, commit, make_repo, spec, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    return [sys.executable, "-m", "pre_commit"]


def _try_repo(repo: Path, *files: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GIT_DIR", None)
    return subprocess.run(
        [*_pre_commit(), "try-repo", str(REPO), "govlint", "--verbose", "--color", "never",
         "--files", *files],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900, check=False,
    )


def test_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "govlint" and hook["language"] == "python"
    assert hook["entry"] == "govlint lint --force-exclude"
    assert set(hook["types_or"]) == {"yaml", "json", "java-properties"}
    assert hook["require_serial"] is True


def test_hook_fails_on_a_bad_spec_and_passes_once_fixed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "project", {
        "api/payments.yaml": spec("Payments", contact=False),
        "api/orders.yaml": spec("Orders", contact=True),
        "README.md": "# not linted\n",
    })
    home = tmp_path / "pre-commit-home"

    bad = _try_repo(repo, "api/payments.yaml", "api/orders.yaml", "README.md", home=home)
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output
    assert "govlint" in output and "Failed" in output
    assert "api/payments.yaml" in output
    assert "info.contact is missing: name the owning team" in output
    assert "info-contact" in output
    assert "api/orders.yaml" not in output.split("Failed", 1)[1]  # clean file not reported

    write(repo, {"api/payments.yaml": spec("Payments", contact=True)})
    commit(repo, "fix: name the owning team")
    good = _try_repo(repo, "api/payments.yaml", "api/orders.yaml", home=home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_a_staged_fragment_relints_the_split_spec_using_it(tmp_path: Path) -> None:
    from tests.rules.test_split_specs import SCHEMAS, split_api_files

    repo = make_repo(tmp_path / "project",
                     {".govlint.yaml": 'governance: "3.2"\n', **split_api_files()})
    write(repo, {"components/schemas.yaml": SCHEMAS.replace("order_id", "orderNo")})
    run = _try_repo(repo, "components/schemas.yaml", home=tmp_path / "pre-commit-home")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    # the spec was re-linted: its findings, in the files where the values are written
    assert "paths/orders.yaml" in output  # TRC-001 on POST /orders, an unchanged fragment
    assert "POST /orders does not accept the trace context" in output
    assert "components/schemas.yaml" in output  # ERR-002 on BadError
    assert "order_id" not in output  # the staged fix is what was linted


def _readme_pre_commit_config() -> dict:
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# \.pre-commit-config\.yaml\n(.*?)```", readme, re.S)
    assert block, "README.md has no .pre-commit-config.yaml example"
    return yaml.safe_load(block.group(1))


def test_readme_pins_a_rev_that_exists(tmp_path: Path) -> None:
    """The README's ``rev`` is the commit-hash form (a release tag only once one exists):
    a user who follows it gets a ``rev`` pre-commit can check out."""
    (repo,) = _readme_pre_commit_config()["repos"]
    rev = str(repo["rev"])
    tags = subprocess.run(["git", "tag", "--list"], cwd=REPO, capture_output=True,
                          text=True, check=False).stdout.split()
    assert rev in tags or rev == "<full commit hash>", rev
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: cannot resolve the commit form")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout.strip()
    assert len(head) == 40
    # What the README tells the user to pin resolves to a commit of this repository.
    subprocess.run(["git", "cat-file", "-e", f"{head}^{{commit}}"], cwd=REPO, check=True)
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return
    config = {"repos": [{**repo, "repo": str(REPO), "rev": head}]}
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    check = subprocess.run([*_pre_commit(), "validate-config", str(path)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_breaking_changes_of_staged_specs_against_head(tmp_path: Path) -> None:
    """The hook's command with `args: [--breaking-since, HEAD]` under pre-commit: a staged
    spec that drops an operation fails the commit; unstaged edits are not judged."""
    from .project import govlint_bin_dir

    repo = make_repo(tmp_path / "project", {"api/orders.yaml": spec("Orders", contact=True)})
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "govlint"]
    config = {"repos": [{"repo": "local", "hooks": [{
        "id": "govlint", "name": "govlint", "language": "system",
        "entry": hook["entry"], "args": ["--breaking-since", "HEAD"],
        "types_or": hook["types_or"], "require_serial": True}]}]}
    write(repo, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    commit(repo, "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "NO_COLOR": "1",
           "PATH": f"{govlint_bin_dir()}{os.pathsep}{os.environ['PATH']}"}
    env.pop("GIT_DIR", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_pre_commit(), "run", "--color", "never"], cwd=repo,
                              capture_output=True, text=True, env=env, timeout=600,
                              check=False)

    write(repo, {"api/orders.yaml": spec("Orders", contact=True).replace("get:", "post:")})
    subprocess.run(["git", "add", "api/orders.yaml"], cwd=repo, check=True)
    bad = run()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "api-removed-without-deprecation" in bad.stdout
    # staged: a harmless edit; unstaged: the breaking one (stashed during the hook)
    write(repo, {"api/orders.yaml": spec("Orders", contact=True).replace(
        "List payments", "List the payments")})
    subprocess.run(["git", "add", "api/orders.yaml"], cwd=repo, check=True)
    write(repo, {"api/orders.yaml": spec("Orders", contact=True).replace("get:", "post:")})
    good = run()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
