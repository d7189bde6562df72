"""The public-ruleset parity table at the end of a test session that measured any."""

from __future__ import annotations

import pytest
from tests.compat import public_rulesets


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not public_rulesets.SCORES:
        return
    terminalreporter.section("govlint vs Spectral 6.16.3 on public rulesets")
    for name, score in sorted(public_rulesets.SCORES.items()):
        terminalreporter.write_line(f"{name:24s} {score}")
