"""``--governance X`` with a project ruleset: a ruleset that extends bare
``govlint:governance`` follows the flag (and the config's pin); one that names another
version keeps it, and the run says so on stderr instead of silently ignoring the flag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SPEC = ("openapi: 3.0.3\ninfo: {title: t, version: '1', x-owner: team}\npaths:\n"
        "  /v1/orders:\n    get:\n      operationId: listOrders\n      summary: List\n"
        "      responses: {'200': {description: ok}, '400': {description: bad},"
        " '500': {description: failed}}\n")


def project(root: Path, extends: str, pin: str | None = None) -> Path:
    (root / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (root / "team.yaml").write_text(f"extends: [{extends}]\n", encoding="utf-8")
    config = "rulesets: [team.yaml]\n" + (f'governance: "{pin}"\n' if pin else "")
    (root / ".govlint.yaml").write_text(config, encoding="utf-8")
    return root


def trc_001(govlint: Any, root: Path, *args: str) -> tuple[set[str], str]:
    run = govlint("lint", ".", "-f", "json", *args, cwd=root)
    assert run.code in (0, 1), run.stderr
    severities = {r["severity"] for r in run.json()["results"] if r["rule"] == "TRC-001"}
    return severities, run.stderr


def test_a_ruleset_naming_another_version_warns_that_the_flag_is_ignored(govlint, tmp_path):
    root = project(tmp_path, "govlint:governance@3.1")
    severities, stderr = trc_001(govlint, root, "--governance", "3.2")
    assert severities == {"warn"}  # still 3.1: TRC-001 is a warning there
    assert stderr.count("warning: --governance 3.2 is ignored: team.yaml extends governance "
                        "3.1 by name (govlint:governance@3.1)") == 1
    same, quiet = trc_001(govlint, root, "--governance", "3.1")
    assert same == {"warn"} and "ignored" not in quiet
    _, unflagged = trc_001(govlint, root)
    assert "ignored" not in unflagged  # the pin is the ruleset's business without the flag
    listed = govlint("rules", "list", "--governance", "3.2", cwd=root)
    assert listed.stdout.startswith("governance 3.1") and "is ignored" in listed.stderr


def test_a_ruleset_extending_bare_governance_follows_the_flag_and_the_pin(govlint, tmp_path):
    root = project(tmp_path, "govlint:governance", pin="3.1")
    assert trc_001(govlint, root) == ({"warn"}, "")  # the config's pin: 3.1
    severities, stderr = trc_001(govlint, root, "--governance", "3.2")
    assert severities == {"error"} and "ignored" not in stderr


def test_a_ruleset_without_governance_says_the_flag_does_nothing(govlint, tmp_path):
    root = project(tmp_path, "spectral:oas")
    run = govlint("lint", ".", "--governance", "3.1", cwd=root)
    assert run.code in (0, 1) and "Traceback" not in run.stderr
    assert "--governance 3.1 is ignored: team.yaml is not built on a governance ruleset" \
        in run.stderr
