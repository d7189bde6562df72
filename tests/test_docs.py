"""Every finding govlint can emit has a documentation page a user can read
(``docs/rules/<ID>.md``, also printed by ``govlint rules explain``)."""

from __future__ import annotations

from pathlib import Path

from govlint.config import GOVERNANCE_VERSIONS, Config
from govlint.pipeline import BUILTIN_RULES, load_rules

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_every_rule_and_builtin_finding_has_a_page(tmp_path: Path) -> None:
    ids = set(BUILTIN_RULES) - {"waiver-invalid", "waiver-expired", "waiver-unused",
                                "baseline-fixed"}  # documented in docs/exceptions.md
    for version in GOVERNANCE_VERSIONS:
        ids |= set(load_rules(Config(root=tmp_path, governance=version)).rules)
    missing = sorted(i for i in ids if not (DOCS / f"{i}.md").is_file())
    assert missing == []
    for rule_id in ids:
        text = (DOCS / f"{rule_id}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# {rule_id}"), rule_id
        lowered = text.lower()
        assert "fail" in lowered and "pass" in lowered, f"{rule_id}: no examples"
