"""Regenerate the spectral:oas compatibility data (tests/data/spectral-oas/expected/).

Like bench/spectral_compat.py, but with tests/data/spectral-oas/ruleset.yaml
(``extends: [[spectral:oas, all]]``): Spectral's own OpenAPI ruleset, every rule on.
tests/compat/test_spectral_oas.py compares govlint against it.
``python bench/spectral_oas_compat.py``; it writes only tests/data/spectral-oas/expected/.
"""

from __future__ import annotations

import sys

import common
import spectral_compat

OAS_DIR = common.REPO / "tests" / "data" / "spectral-oas"


def main(argv: list[str] | None = None) -> int:
    ruleset, expected = OAS_DIR / "ruleset.yaml", OAS_DIR / "expected"
    # spectral_compat reads these module globals: point them at the spectral:oas data.
    spectral_compat.RULESET = ruleset
    spectral_compat.EXPECTED_DIR = expected
    spectral_compat.ruleset_digest = lambda: common.ruleset_digest(ruleset)
    return spectral_compat.main(argv)


if __name__ == "__main__":
    sys.path.insert(0, str(common.REPO / "bench"))
    raise SystemExit(main())
