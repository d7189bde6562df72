"""Each OpenAPI governance rule has a documentation page whose header comes from the
rulesets and whose examples are the test fixtures verbatim; and the rulesets carry the
governance metadata the docs, ``rules explain`` and SBX-004 read."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.rules.governance.rule_docs import DOCS, RULES, RULESETS, stale

# SBX-004 relaxes naming, documentation and error-body shape only.
SANDBOXABLE = {"NAM-001", "NAM-002", "NAM-003", "NAM-004", "NAM-005", "NAM-006",
               "ERR-002", "DOC-001", "DOC-002", "DOC-003"}


def test_rule_pages_are_in_sync_with_rulesets_and_fixtures():
    assert stale(write=False) == [], (
        "run `python tests/rules/governance/rule_docs.py` to regenerate the pages"
    )


@pytest.mark.parametrize("version", ["3.1", "3.2"])
def test_every_rule_carries_its_governance_metadata(version):
    from govlint.rules.ruleset import load_ruleset

    ruleset = load_ruleset([str(RULESETS / version / "openapi.yaml")], base_dir=Path.cwd())
    mine = {name: rule for name, rule in ruleset.rules.items() if name in RULES}
    assert set(mine) == set(RULES) - ({"ERR-005"} if version == "3.1" else set())
    for name, rule in mine.items():
        assert rule.description and rule.rationale, name
        assert "openapi" in rule.artifacts, name
        assert rule.sandboxable is (name in SANDBOXABLE), name
        assert (DOCS / f"{name}.md").is_file(), name


def test_vars_are_declared_with_the_spec_defaults():
    from govlint.rules.ruleset import load_ruleset

    ruleset = load_ruleset([str(RULESETS / "3.2" / "openapi.yaml")], base_dir=Path.cwd())
    assert ruleset.vars["propertyCasing"] == "camel"
    assert ruleset.vars["errorCodePattern"] == "^[A-Z][A-Z0-9]{1,9}-[0-9]{4}$"
    assert ruleset.vars["maxSandboxDays"] == 90
    assert ruleset.vars["errorCatalog"] == "errors/catalog.yaml"
    assert "versionSegmentPattern" in ruleset.vars
