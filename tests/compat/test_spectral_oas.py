"""govlint's ``spectral:oas`` reports what Spectral's own OpenAPI ruleset reports, on real specs.

tests/data/spectral-oas/ruleset.yaml (``extends: [[spectral:oas, all]]``) is run by both
tools. Expected (rule, pointer) pairs were recorded from Spectral 6.16.3
(bench/spectral_oas_compat.py) over the 66 APIs-guru specs of the shared corpus. Deliberate
differences are listed, with a reason, in tests/data/spectral-oas/differences.yaml (and
docs/spectral-compat.md).
"""


from __future__ import annotations

from pathlib import Path

import pytest
from tests.compat.compat_support import REPO, Suite, require_corpus

SUITE = Suite(REPO / "tests" / "data" / "spectral-oas",
              regenerate="python bench/spectral_oas_compat.py")


@pytest.fixture(scope="module")
def corpus() -> None:
    require_corpus()


def test_expected_data_matches_ruleset() -> None:
    SUITE.check_expected_data()


@pytest.mark.parametrize("expected", SUITE.expected_files(), ids=SUITE.test_id)
@pytest.mark.usefixtures("corpus")
def test_same_findings_as_spectral(expected: Path) -> None:
    SUITE.check_same(expected)


@pytest.mark.usefixtures("corpus")
def test_every_allowlisted_difference_still_occurs() -> None:
    SUITE.check_differences_still_occur()


# --- loading spectral:oas (no corpus needed) -------------------------------------------


def _load(tmp_path: Path, text: str) -> object:
    from govlint.rules.ruleset import load_ruleset

    (tmp_path / "rs.yaml").write_text(text, encoding="utf-8")
    return load_ruleset(["rs.yaml"], base_dir=tmp_path)


@pytest.mark.usefixtures("corpus")  # needs every spectral:oas function
def test_extends_modes_follow_spectral(tmp_path: Path) -> None:
    bare = _load(tmp_path, "extends: spectral:oas\n")
    enabled = {name for name, rule in bare.rules.items() if rule.enabled}
    assert "operation-tags" in enabled and "oas3-schema" in enabled
    assert "info-license" not in enabled and "openapi-tags" not in enabled  # not recommended
    every = _load(tmp_path, "extends: [[spectral:oas, all]]\n")
    assert all(rule.enabled for rule in every.rules.values())
    assert len(every.rules) == 57  # as many as Spectral 6.16.3 has
    off = _load(tmp_path, "extends: [[spectral:oas, off]]\nrules:\n  path-params: true\n")
    assert {name for name, rule in off.rules.items() if rule.enabled} == {"path-params"}
    rule = every.rules["operation-tag-defined"]
    assert rule.documentation_url == (
        "https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules"
        "#operation-tag-defined"
    )
    assert rule.formats == frozenset({"oas2", "oas3", "oas3_0", "oas3_1", "oas3_2"})


@pytest.mark.parametrize("ref", ["spectral:arazzo", "spectral:nope"])
def test_other_spectral_rulesets_are_refused(tmp_path: Path, ref: str) -> None:
    from govlint.errors import RulesetError

    with pytest.raises(RulesetError, match="govlint ships Spectral's spectral:oas only"):
        _load(tmp_path, f"extends: {ref}\n")
