"""govlint reports what Spectral reports, on real specs, with a Spectral-format ruleset.

Expected (rule, pointer) pairs were recorded from Spectral (bench/spectral_compat.py) over the
66 APIs-guru specs of the shared corpus. Deliberate differences are listed, with a reason,
in tests/data/spectral-compat/differences.yaml (and docs/spectral-compat.md).
"""


from __future__ import annotations

from pathlib import Path

import pytest
from tests.compat.compat_support import REPO, Suite, require_corpus

SUITE = Suite(REPO / "tests" / "data" / "spectral-compat",
              regenerate="python bench/spectral_compat.py")


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
