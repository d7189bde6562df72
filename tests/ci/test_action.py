"""The GitHub Action (``action.yml``): a valid composite action whose shell steps receive
untrusted values only through ``env:``, and whose steps, run for real by a small runner
below (bash, ``$GITHUB_OUTPUT``, ``if:`` conditions, ``always()``), lint a pull request and
comment on it through the GitHub fake.

The runner executes the ``run:`` steps exactly as written; it skips the ``uses:`` steps
(actions/setup-python, the SARIF upload: their inputs are checked instead) and the install
step (govlint is already installed in the Python running the tests).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from .project import REPO

ACTION = REPO / "action.yml"
README = REPO / "README.md"
SARIF_SCHEMA = REPO / "tests" / "vendor" / "sarif-schema-2.1.0.json"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TOKEN = "ghs_actionTOKEN0123456789"


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _strings(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(place, text) of every string in the action."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{where}[{i}]")
    elif isinstance(node, str):
        yield where, node


# ------------------------------------------------------------------ static checks


def test_is_a_composite_action(action: dict[str, Any]) -> None:
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    ids = [s["id"] for s in action["runs"]["steps"] if "id" in s]
    assert len(ids) == len(set(ids))
    for step in action["runs"]["steps"]:
        assert ("uses" in step) != ("run" in step), step
        if "run" in step:
            assert step.get("shell") == "bash", f"composite run steps need a shell: {step}"
        else:  # third-party actions pinned to a major version or a commit
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+|[0-9a-f]{40})", step["uses"]), step
    for name, spec_ in action["inputs"].items():
        assert spec_.get("description"), f"input {name} is undocumented"
        assert "default" in spec_ or spec_.get("required"), name
    for name, out in action["outputs"].items():
        m = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", out["value"])
        assert m and m.group(1) in ids, name
        assert f"{m.group(2)}=" in ACTION.read_text(), f"step {m.group(1)} never sets {name}"


def test_every_input_used_is_declared_and_every_declared_input_is_used(
        action: dict[str, Any]) -> None:
    used = set()
    for _, text in _strings(action["runs"]):
        for expr in EXPR.findall(text):
            used |= set(re.findall(r"\binputs\.([\w-]+)", expr))
        if text in (s.get("if") for s in action["runs"]["steps"]):
            used |= set(re.findall(r"\binputs\.([\w-]+)", text))
    for _, text in _strings(action["outputs"]):
        used |= set(re.findall(r"\binputs\.([\w-]+)", text))
    assert used == set(action["inputs"])


def test_no_expression_is_interpolated_into_a_shell_script(action: dict[str, Any]) -> None:
    """``${{ }}`` in ``run:`` is pasted into the script before bash parses it: a branch name
    or PR title (or an input a workflow fills from them) would run as code. Values go
    through ``env:``."""
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
    event_exprs = [(where, text) for where, text in _strings(action["runs"])
                   if re.search(r"\$\{\{[^}]*github\.(event|head_ref)", text)]
    assert event_exprs, "the base commit comes from the event"
    assert all(".env." in where for where, _ in event_exprs), event_exprs


def test_the_token_reaches_only_the_comment_step(action: dict[str, Any]) -> None:
    holders = [s.get("name") for s in action["runs"]["steps"]
               if any("inputs.token" in t for _, t in _strings(s))]
    assert holders == ["Comment on the pull request"]


def test_readme_documents_permissions_and_the_security_note() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The govlint action"):]
    for needed in ("pull-requests: write", "security-events: write", "contents: read",
                   "pull_request_target", "fork", "--allow-custom-functions"):
        assert needed in section, needed
    workflow = yaml.safe_load(section[section.index("```yaml") + 7:section.index("```\n", 10)])
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write",
                                       "security-events": "write"}
    step_inputs = workflow["jobs"]["govlint"]["steps"][1]["with"]
    assert set(step_inputs) <= set(yaml.safe_load(ACTION.read_text())["inputs"])
