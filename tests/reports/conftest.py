"""Fixtures shared by the report format tests."""

from __future__ import annotations

import pytest

from govlint.reports.model import Report

from .samples import make_report


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def clean_report() -> Report:
    return make_report([])
